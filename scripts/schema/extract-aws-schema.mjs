#!/usr/bin/env node
// Extracts a compact Terraform AWS provider schema from the prebuilt CDK
// bindings published on npm as @cdktn/provider-aws (the maintained fork of
// @cdktf/provider-aws; see README.md beside this
// file for the output format and how to regenerate / verify it).
//
// Usage:
//   node scripts/schema/extract-aws-schema.mjs            # regenerate the committed file
//   node scripts/schema/extract-aws-schema.mjs --check    # regenerate to a temp file, compare
//   options: --tarball FILE  use a local copy of the npm tarball (integrity is still verified)
//            --out FILE      write somewhere else
//            --verbose       print every consistency warning, not only the counts
//
// Only Node.js (>= 20) standard library is used. `npm pack` fetches the tarball
// (through the normal npm cache); it is read in memory (gunzip + a minimal tar
// reader), nothing is extracted to disk.

import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const PKG_NAME = "@cdktn/provider-aws";
const PKG_VERSION = "25.7.0";
// `npm view @cdktn/provider-aws@25.7.0 dist.integrity`
const PKG_INTEGRITY =
  "sha512-E/nhu0yVZE4mXMgIPuI8tEFt1BExLkA7ARjihdG+/HmfDfzLr+OEF3dkFRvI6glRt30lrrBWQLwXqCJBxcmyUg==";
const FORMAT = 1;
// The CDK core the bindings extend: `cdktn` in the maintained fork,
// `cdktf` in the frozen original.
const CORE = PKG_NAME.startsWith("@cdktn/") ? "cdktn" : "cdktf";
// A getter of the compiled bindings: `this.getStringAttribute('x')`, maybe
// wrapped in the core's token helpers.
const GETTER = new RegExp(
  `^(${CORE}\\.Token\\.asNumberList\\()?(${CORE}\\.Token\\.asAny\\()?(${CORE}\\.Fn\\.tolist\\()?this\\.(get\\w+Attribute|interpolationForAttribute)\\('([^']+)'\\)`,
);

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(SCRIPT_DIR, "..", "..");
const DEFAULT_OUT = path.join(REPO_ROOT, "crates", "schema", "data", "aws-provider-schema.json");
const GENERATOR = "scripts/schema/extract-aws-schema.mjs";

// ---------------------------------------------------------------------------
// command line

function parseArgs(argv) {
  const opts = { check: false, tarball: null, out: DEFAULT_OUT, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check") opts.check = true;
    else if (a === "--verbose") opts.verbose = true;
    else if (a === "--tarball") opts.tarball = argv[++i];
    else if (a === "--out") opts.out = path.resolve(argv[++i]);
    else if (a === "--help" || a === "-h") {
      console.log("usage: extract-aws-schema.mjs [--check] [--tarball FILE] [--out FILE] [--verbose]");
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  return opts;
}

// The .jsii assembly is ~130 MB of JSON; parsing it needs a few GB of heap.
function ensureHeap() {
  const limitMb = v8.getHeapStatistics().heap_size_limit / (1024 * 1024);
  if (limitMb >= 3500 || process.env.TFREADY_SCHEMA_REEXEC) return;
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=4096", fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, TFREADY_SCHEMA_REEXEC: "1" } },
  );
  process.exit(r.status ?? 1);
}

// ---------------------------------------------------------------------------
// fetching and reading the package

function fetchTarball(opts, tmp) {
  let file = opts.tarball;
  if (!file) {
    const out = execFileSync(
      "npm",
      ["pack", `${PKG_NAME}@${PKG_VERSION}`, "--pack-destination", tmp, "--json", "--silent"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 },
    );
    const info = JSON.parse(out);
    file = path.join(tmp, info[0].filename);
  }
  const buf = fs.readFileSync(file);
  const integrity = "sha512-" + createHash("sha512").update(buf).digest("base64");
  if (integrity !== PKG_INTEGRITY) {
    throw new Error(`tarball ${file} has integrity ${integrity}, expected ${PKG_INTEGRITY}`);
  }
  return buf;
}

// Minimal ustar/pax reader: returns Map(path-without-"package/" -> Buffer) for
// the entries accepted by `want(path)`.
function readTar(gz, want) {
  const data = zlib.gunzipSync(gz, { maxOutputLength: 2 ** 31 - 1 });
  const files = new Map();
  let off = 0;
  let paxPath = null;
  let longName = null;
  const str = (o, n) => {
    const s = data.toString("latin1", o, o + n);
    const z = s.indexOf("\0");
    return z >= 0 ? s.slice(0, z) : s;
  };
  while (off + 512 <= data.length) {
    if (data[off] === 0) break; // end-of-archive marker
    let name = str(off, 100);
    const size = parseInt(str(off + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(data[off + 156] || 48);
    const magic = str(off + 257, 6);
    const prefix = magic.startsWith("ustar") ? str(off + 345, 155) : "";
    if (prefix) name = `${prefix}/${name}`;
    const body = off + 512;
    const next = body + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const rec = data.toString("utf8", body, body + size);
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(rec);
      paxPath = m ? m[1] : null;
    } else if (type === "L") {
      longName = str(body, size);
    } else {
      if (paxPath) name = paxPath;
      else if (longName) name = longName;
      paxPath = null;
      longName = null;
      if (type === "0" || type === "\0") {
        const rel = name.replace(/^package\//, "");
        if (want(rel)) files.set(rel, data.subarray(body, body + size));
      }
    }
    off = next;
  }
  return files;
}

// ---------------------------------------------------------------------------
// small helpers

const warnings = new Map(); // kind -> [messages]
function warn(kind, msg) {
  if (!warnings.has(kind)) warnings.set(kind, []);
  warnings.get(kind).push(msg);
}

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const toSnake = (s) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();

// Canonical JSON: object keys sorted (by UTF-16 code unit, i.e. plain ASCII order
// for the names used here), no whitespace.
function canon(v) {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(canon).join(",") + "]";
  const keys = Object.keys(v).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canon(v[k])).join(",") + "}";
}

// ---------------------------------------------------------------------------
// parsing the compiled JavaScript of one module (lib/<dir>/**/*.js)
//
// From the JS we take what the .jsii assembly does not carry:
//  * the Terraform name of every getter (`this.getStringAttribute('arn')`,
//    `new FooList(this, "foo", true)`), which names computed-only attributes;
//  * synthesizeHclAttributes / fooToHclTerraform tables: terraform name ->
//    {isBlock, type (simple/list/set/map/struct), storageClassType};
//  * the `X.tfResourceType = "aws_x"` static.

const HCL_ENTRY_RE =
  /^\s*(["']?)([A-Za-z0-9_]+)\1: \{\s*value: ([\s\S]*?),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\},?\s*$/;
const CAMEL_IN_VALUE_RE = /\b(?:struct|this)\.(_?)([A-Za-z_$][\w$]*)/;

function parseHclTable(lines, start) {
  // lines[start] contains `const attrs = {`; entries follow until `};`
  const table = new Map();
  let cur = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (cur === null) {
      if (/^\s*\};\s*$/.test(line)) break;
      if (/^\s*(["']?)[A-Za-z0-9_]+\1: \{\s*$/.test(line)) cur = [line];
      continue;
    }
    cur.push(line);
    if (/^\s*\},?\s*$/.test(line)) {
      const m = HCL_ENTRY_RE.exec(cur.join("\n"));
      if (!m) warn("js-parse", `unparsed HCL entry: ${cur.join(" ").slice(0, 160)}`);
      else {
        const cm = CAMEL_IN_VALUE_RE.exec(m[3]);
        table.set(m[2], {
          camel: cm ? cm[2] : null,
          isBlock: m[4] === "true",
          type: m[5],
          sct: m[6],
        });
      }
      cur = null;
    }
  }
  return table;
}

const GETTER_RE = /^ {4}get ([A-Za-z_$][\w$]*)\(\) \{$/;
const RETURN_RE = /^\s+return (.+);$/;
const FLAGS_COMMENT_RE = /^\s+\/\/ (\S+) - computed: (true|false), optional: (true|false), required: (true|false)$/;
const FIELD_RE = /(?:this\.|^ {4})_([\w$]+) = new (?:[\w$]+\.)*([\w$]+)\(this, "([^"]+)"(?:, (true|false))?\);/;

function parseClassBody(lines) {
  const cls = { getters: new Map(), fields: new Map(), hcl: null };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if ((m = GETTER_RE.exec(line)) && i + 2 < lines.length && /^ {4}\}$/.test(lines[i + 2])) {
      const r = RETURN_RE.exec(lines[i + 1]);
      if (r) {
        const c = i > 0 ? FLAGS_COMMENT_RE.exec(lines[i - 1]) : null;
        cls.getters.set(m[1], {
          expr: r[1],
          flags: c ? { name: c[1], computed: c[2] === "true", optional: c[3] === "true", required: c[4] === "true" } : null,
        });
      }
      continue;
    }
    if ((m = FIELD_RE.exec(line))) {
      const c = i > 0 ? FLAGS_COMMENT_RE.exec(lines[i - 1]) : null;
      cls.fields.set(m[1], {
        cls: m[2],
        tf: m[3],
        set: m[4] === "true",
        flags: c ? { name: c[1], computed: c[2] === "true", optional: c[3] === "true", required: c[4] === "true" } : null,
      });
      continue;
    }
    if (/^ {4}synthesizeHclAttributes\(\) \{$/.test(line)) {
      for (let j = i + 1; j < lines.length; j++) {
        if (/^\s+const attrs = \{\s*$/.test(lines[j])) {
          cls.hcl = parseHclTable(lines, j);
          break;
        }
        if (/^\s+const attrs = \{\};\s*$/.test(lines[j])) {
          cls.hcl = new Map();
          break;
        }
        if (/^\s+return /.test(lines[j])) break;
      }
    }
  }
  return cls;
}

function parseModuleSource(text, mod) {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let m;
    if ((m = /^class ([\w$]+) extends ([\w$.]+) \{/.exec(line)) || (m = /^function ([\w$]+)\(struct\) \{$/.exec(line))) {
      let j = i + 1;
      while (j < lines.length && lines[j] !== "}") j++;
      const body = lines.slice(i + 1, j);
      if (line.startsWith("class ")) {
        if (mod.classes.has(m[1])) warn("js-parse", `duplicate class ${m[1]}`);
        mod.classes.set(m[1], parseClassBody(body));
      } else if (m[1].endsWith("ToHclTerraform")) {
        const start = body.findIndex((l) => /^\s+const attrs = \{\s*$/.test(l));
        if (start < 0 && !body.some((l) => /^\s+const attrs = \{\};\s*$/.test(l))) warn("js-parse", `no attrs table in ${m[1]}`);
        const table = start >= 0 ? parseHclTable(body, start) : new Map();
        mod.fns.set(m[1].slice(0, -"ToHclTerraform".length).toLowerCase(), table);
      }
      i = j + 1;
      continue;
    }
    if ((m = /^([\w$]+)\.tfResourceType = "([^"]+)";$/.exec(line))) mod.tfTypes.set(m[1], m[2]);
    i++;
  }
}

// ---------------------------------------------------------------------------
// the extraction proper

class Extractor {
  constructor(assembly, jsFiles) {
    this.types = assembly.types;
    this.jsFiles = jsFiles; // Map(dir -> [Buffer])
    this.modules = new Map();
    this.jsiiByDirName = new Map(); // "dir/ClassName" -> jsii type
    for (const t of Object.values(this.types)) {
      if (t.kind === "class") this.jsiiByDirName.set(`${Extractor.dirOf(t)}/${t.name}`, t);
    }
    this.stats = { blocks: 0, attrs: 0, computed: 0, opaque: 0, nameFromJs: 0, nameFromCase: 0 };
  }

  module(dir) {
    let mod = this.modules.get(dir);
    if (!mod) {
      mod = { classes: new Map(), fns: new Map(), tfTypes: new Map() };
      for (const buf of this.jsFiles.get(dir) || []) parseModuleSource(buf.toString("utf8"), mod);
      this.modules.set(dir, mod);
    }
    return mod;
  }

  static dirOf(t) {
    const f = t.locationInModule && t.locationInModule.filename;
    const m = f && /^src\/([^/]+)\//.exec(f);
    if (!m) throw new Error(`cannot locate module of ${t.fqn}`);
    return m[1];
  }

  // struct fqn referenced by a jsii type reference, with the collection shape
  structRef(t) {
    if (!t) return null;
    if (t.fqn) return this.types[t.fqn] && this.types[t.fqn].datatype ? { fqn: t.fqn, coll: "single" } : null;
    if (t.union) {
      for (const u of t.union.types) {
        const r = this.structRef(u);
        if (r) return r;
      }
      return null;
    }
    if (t.collection) {
      const inner = this.structRef(t.collection.elementtype);
      if (inner && inner.coll === "single") return { fqn: inner.fqn, coll: t.collection.kind };
    }
    return null;
  }

  // fallback type code from a jsii type reference
  jsiiTypeCode(t) {
    if (t.primitive) return { string: "s", number: "n", boolean: "b", any: "d", json: "d", date: "s" }[t.primitive] || "d";
    if (t.fqn) return this.types[t.fqn] && this.types[t.fqn].datatype ? "o" : "d";
    if (t.union) {
      const real = t.union.types.filter((u) => u.fqn !== `${CORE}.IResolvable`);
      return real.length === 1 ? this.jsiiTypeCode(real[0]) : "d";
    }
    if (t.collection) return (t.collection.kind === "map" ? "m" : "l") + this.jsiiTypeCode(t.collection.elementtype);
    return "d";
  }

  static hclTypeCode(type, sct) {
    const prim = { string: "s", number: "n", boolean: "b", any: "d" };
    if (type === "simple") return prim[sct] || "d";
    if (type === "struct") return "o";
    const outer = { list: "l", set: "s", map: "m" }[type];
    if (!outer) return "d";
    const m = /^(string|number|boolean|any)((?:List|Map)*)$/.exec(sct);
    let inner;
    if (m) {
      const suffixes = m[2].match(/List|Map/g) || [];
      inner = prim[m[1]];
      // the outermost suffix is the collection described by `type`
      for (const s of suffixes.slice(0, -1)) inner = (s === "List" ? "l" : "m") + inner;
    } else inner = "o"; // a struct list / map
    return outer + inner;
  }

  static anchorOf(docs) {
    const text = `${(docs && docs.summary) || ""} ${(docs && docs.remarks) || ""}`;
    const m = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/[^\s#}]*#([A-Za-z0-9_]+) [^}]*\}/.exec(text);
    return m ? m[1] : null;
  }

  static deprecationOf(docs) {
    if (!docs) return null;
    if (docs.deprecated) return String(docs.deprecated).trim() || "deprecated";
    // Provider descriptions (framework resources) are copied into summary/remarks;
    // look for a sentence that says the argument is deprecated.
    const text = `${docs.summary || ""} ${docs.remarks || ""}`.replace(/\{@link [^}]*\}/g, "");
    const m = /(?:^|[.!]\s+)([^.!]*\b(?:is|are|has been|have been) deprecated\b[^.!]*[.!]?)/i.exec(text) ||
      /(?:^|[.!]\s+)(deprecated[:.][^.!]*[.!]?)/i.exec(text);
    return m ? m[1].trim() : null;
  }

  // Terraform name and type code of a getter, from its JS body.
  getterInfo(cls, getterName) {
    const g = cls.getters.get(getterName);
    if (!g) return null;
    let m;
    const e = g.expr;
    if ((m = GETTER.exec(e))) {
      const asSet = !!m[3];
      const base = {
        getStringAttribute: "s",
        getNumberAttribute: "n",
        getBooleanAttribute: "b",
        getStringMapAttribute: "ms",
        getNumberMapAttribute: "mn",
        getBooleanMapAttribute: "mb",
        getListAttribute: "ls",
        getNumberListAttribute: "ln",
        interpolationForAttribute: "d",
      }[m[4]];
      if (!base) warn("js-parse", `unknown getter kind ${m[4]}`);
      let t = base || "d";
      if (asSet) t = t.startsWith("l") ? "s" + t.slice(1) : "s" + t;
      return { tf: m[5], t, elementClass: null, flags: g.flags };
    }
    if ((m = /^this\._([\w$]+)$/.exec(e))) {
      const f = cls.fields.get(m[1]);
      if (!f) return null;
      let t;
      let elementClass = null;
      if (f.cls === "StringMap") t = "ms";
      else if (f.cls === "NumberMap") t = "mn";
      else if (f.cls === "BooleanMap") t = "mb";
      else if (f.cls === "AnyMap") t = "md";
      else if (f.cls.endsWith("OutputReference")) {
        t = "o";
        elementClass = f.cls;
      } else if (f.cls.endsWith("List")) {
        t = f.set ? "so" : "lo";
        elementClass = f.cls.slice(0, -4) + "OutputReference";
      } else if (f.cls.endsWith("Map")) {
        t = "mo";
        elementClass = f.cls.slice(0, -3) + "OutputReference";
      } else {
        warn("js-parse", `unknown field class ${f.cls}`);
        t = "d";
      }
      return { tf: f.tf, t, elementClass, flags: g.flags || f.flags };
    }
    return null;
  }

  // Computed-only attributes: getters of the JS output class that have no
  // counterpart in the config struct.
  computedAttrs(dir, className, configCamels, where, stack) {
    const out = {};
    const jsCls = this.module(dir).classes.get(className);
    if (!jsCls) {
      warn("missing-class", `${where}: no JS class ${className} in ${dir}`);
      return out;
    }
    for (const name of [...jsCls.getters.keys()].sort()) {
      if (configCamels.has(name)) continue;
      if (name.endsWith("Input") && configCamels.has(name.slice(0, -5))) continue;
      const info = this.getterInfo(jsCls, name);
      if (!info) continue; // e.g. `get internalValue()` or helper getters
      if (info.flags && !info.flags.computed) warn("flags", `${where}.${info.tf}: getter not in config but comment says computed=false`);
      if (!info.flags) warn("flags", `${where}.${info.tf}: computed getter without flags comment`);
      const attr = { c: 1, t: info.t };
      if (info.elementClass) {
        const key = `${dir}/${info.elementClass}`;
        if (stack.has(key)) {
          warn("recursion", `${where}.${info.tf}: recursive computed type ${info.elementClass}`);
          attr.x = 1;
        } else {
          stack.add(key);
          const nested = this.computedAttrs(dir, info.elementClass, new Set(), `${where}.${info.tf}`, stack);
          stack.delete(key);
          attr.n = Object.keys(nested).length ? { a: nested } : {};
        }
      }
      if (out[info.tf]) warn("duplicate", `${where}.${info.tf}: computed name twice`);
      out[info.tf] = attr;
      this.stats.computed++;
    }
    // cross-check against the assembly: every public instance property of the
    // class that is not a config property (or its `fooInput` twin) must have
    // been recognised above
    const jsii = this.jsiiByDirName.get(`${dir}/${className}`);
    if (!jsii) warn("missing-class", `${where}: no jsii class ${className} in ${dir}`);
    else {
      for (const p of jsii.properties || []) {
        if (p.static || configCamels.has(p.name)) continue;
        if (p.name.endsWith("Input") && configCamels.has(p.name.slice(0, -5))) continue;
        if (["internalValue", "fqn", "creationStack", "terraformAttribute", "terraformResource"].includes(p.name)) continue;
        if (!this.getterInfo(jsCls, p.name)) warn("unrecognised-getter", `${where}: ${className}.${p.name}`);
      }
    }
    return out;
  }

  // Schema of a config struct (a resource config, or a nested block / nested
  // attribute struct). `hcl` is the JS HCL table of that struct, `outClass`
  // the JS class exposing its getters (resource class or FooOutputReference).
  block(structFqn, hcl, outDir, outClass, where, stack) {
    const st = this.types[structFqn];
    if (!st) throw new Error(`missing struct ${structFqn}`);
    const dir = Extractor.dirOf(st);
    const hclByCamel = new Map();
    if (hcl) for (const [tf, e] of hcl) if (e.camel) hclByCamel.set(e.camel, { tf, ...e });
    if (!hcl) warn("missing-hcl", `${where}: no HCL table for ${structFqn}`);

    const attrs = {};
    const blocks = {};
    const configCamels = new Set();
    const seenTf = new Set();
    for (const p of st.properties || []) {
      configCamels.add(p.name);
      let tf = Extractor.anchorOf(p.docs);
      // cdktf sometimes renames the jsii property but not its storage field
      // (get_password_data -> fetchPasswordData / _getPasswordData), so the
      // docs anchor is the primary key into the HCL table.
      const h = (tf && hcl && hcl.has(tf) ? { tf, ...hcl.get(tf) } : null) || hclByCamel.get(p.name);
      if (!tf) {
        if (h) {
          tf = h.tf;
          this.stats.nameFromJs++;
        } else {
          tf = toSnake(p.name);
          this.stats.nameFromCase++;
        }
        warn("no-anchor", `${where}: ${p.name} has no docs anchor, using ${tf}`);
      }
      if (h && h.tf !== tf) warn("name-mismatch", `${where}: ${p.name} anchor ${tf} vs JS ${h.tf}`);
      if (hcl && !h) warn("missing-hcl", `${where}.${tf}: not in HCL table`);
      const summaryBlock = /\bblock\.\s*$/.test((p.docs && p.docs.summary) || "") || /^\S+ block\. /.test((p.docs && p.docs.summary) || "");
      // cdktf describes every block as "<name> block."; the JS HCL table's
      // isBlock is also true for nested attributes (`x = { ... }`), so it only
      // serves as a cross-check: a block must be isBlock there too, except the
      // subtrees cdktf skipped (typed `any`).
      const isBlock = summaryBlock;
      if (h && isBlock && !h.isBlock && h.type !== "simple") warn("kind-mismatch", `${where}.${tf}: docs say block, JS isBlock=false`);
      const ref = this.structRef(p.type);
      const dep = Extractor.deprecationOf(p.docs);
      const childWhere = `${where}.${tf}`;
      seenTf.add(tf);

      let nested = null;
      if (ref) {
        const key = ref.fqn;
        if (stack.has(key)) {
          warn("recursion", `${childWhere}: recursive struct ${ref.fqn}`);
          nested = { x: 1 };
        } else {
          stack.add(key);
          const inner = this.types[ref.fqn];
          const innerDir = Extractor.dirOf(inner);
          const innerHcl = this.module(innerDir).fns.get(inner.name.toLowerCase()) || null;
          // provider blocks have no output-reference classes (nothing to reference)
          const innerOut = this.module(innerDir).classes.has(`${inner.name}OutputReference`) || !this.isProvider ? `${inner.name}OutputReference` : null;
          nested = this.block(ref.fqn, innerHcl, innerDir, innerOut, childWhere, stack);
          stack.delete(key);
        }
      }

      if (isBlock) {
        const b = nested || { x: 1 }; // x: body not described by the package (cdktf skipped it)
        if (!nested) this.stats.opaque++;
        const mode = h ? { list: "list", set: "set", struct: "single", map: "map", simple: null }[h.type] : null;
        if (mode) b.m = mode;
        else if (h && h.type === "simple") {
          // skipped attribute (cdktf types it `any`): nesting unknown
        } else warn("mode", `${childWhere}: unknown nesting ${h && h.type}`);
        const required = !p.optional;
        if (required && (mode === "list" || mode === "set")) {
          b.r = 1;
          b.min = 1; // cdktf marks list/set blocks required exactly when min_items > 0
        } else if (required && mode !== "single") {
          warn("required-block", `${childWhere}: required block with mode ${mode}`);
        }
        if (ref && ref.coll === "single" && (mode === "list" || mode === "set")) b.max = 1;
        if (dep) b.d = dep;
        if (blocks[tf] || attrs[tf]) warn("duplicate", `${childWhere}: name twice`);
        blocks[tf] = b;
        this.stats.blocks++;
      } else {
        const a = { t: h ? Extractor.hclTypeCode(h.type, h.sct) : this.jsiiTypeCode(p.type) };
        if (!p.optional) a.r = 1;
        if (dep) a.d = dep;
        if (nested) a.n = nested;
        if (!h) {
          // no HCL entry (should not happen); keep the jsii-derived type
        } else if (a.t.endsWith("o") !== !!ref) {
          warn("type-mismatch", `${childWhere}: type ${a.t} but struct ref ${!!ref}`);
        }
        if (blocks[tf] || attrs[tf]) warn("duplicate", `${childWhere}: name twice`);
        attrs[tf] = a;
        this.stats.attrs++;
      }
    }

    // attributes that exist only in the HCL table (should not happen)
    if (hcl) for (const tf of hcl.keys()) if (!seenTf.has(tf)) warn("hcl-only", `${where}.${tf}: only in JS HCL table`);

    const computed = outClass ? this.computedAttrs(outDir, outClass, configCamels, where, stack) : {};
    for (const [tf, a] of Object.entries(computed)) {
      if (attrs[tf] || blocks[tf]) {
        warn("duplicate", `${where}.${tf}: computed getter collides with config`);
        continue;
      }
      attrs[tf] = a;
    }

    const out = {};
    if (Object.keys(attrs).length) out.a = attrs;
    if (Object.keys(blocks).length) out.b = blocks;
    return out;
  }

  // A resource, data source or provider class.
  topLevel(cls) {
    const dir = Extractor.dirOf(cls);
    const mod = this.module(dir);
    const jsCls = mod.classes.get(cls.name);
    if (!jsCls) throw new Error(`no JS class for ${cls.fqn}`);
    const param = ((cls.initializer && cls.initializer.parameters) || []).find((p) => p.name === "config");
    if (!param || !param.type.fqn) throw new Error(`no config parameter on ${cls.fqn}`);
    let tfType = mod.tfTypes.get(cls.name) || null;
    const link = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/([^/\s]+)\/docs(?:\/(?:resources|data-sources)\/[a-z0-9_]+)? ([a-z0-9_]+)\}/.exec(
      (cls.docs && cls.docs.summary) || "",
    );
    if (link && tfType && link[2] !== tfType && cls.base !== `${CORE}.TerraformProvider`) {
      warn("type-name", `${cls.fqn}: docs say ${link[2]}, JS says ${tfType}`);
    }
    if (!tfType && link) tfType = link[2];
    this.isProvider = cls.base === `${CORE}.TerraformProvider`;
    const schema = this.block(param.type.fqn, jsCls.hcl, dir, cls.name, tfType || cls.name, new Set([param.type.fqn]));
    return { tfType, schema, docsVersion: link ? link[1] : null };
  }
}

// ---------------------------------------------------------------------------

function generate(gz) {
  const files = readTar(gz, (p) => p === ".jsii" || p === "package.json" || (p.startsWith("lib/") && p.endsWith(".js")));
  const pkg = JSON.parse(files.get("package.json").toString("utf8"));
  if (pkg.name !== PKG_NAME || pkg.version !== PKG_VERSION) throw new Error(`unexpected package ${pkg.name}@${pkg.version}`);
  const providerInfo = (pkg.cdktf && pkg.cdktf.provider) || {};
  if (!providerInfo.version) throw new Error("package.json has no cdktf.provider.version");

  const assembly = JSON.parse(files.get(".jsii").toString("utf8"));
  files.delete(".jsii");
  const jsFiles = new Map();
  for (const [p, buf] of files) {
    const m = /^lib\/([^/]+)\//.exec(p);
    if (!m) continue;
    if (!jsFiles.has(m[1])) jsFiles.set(m[1], []);
    jsFiles.get(m[1]).push(buf);
  }
  for (const list of jsFiles.values()) list.sort((a, b) => Buffer.compare(a, b)); // order-independent

  const ex = new Extractor(assembly, jsFiles);
  const resources = {};
  const dataSources = {};
  let providerConfig = null;
  const docsVersions = new Set();
  const classes = Object.values(assembly.types)
    .filter((t) => t.kind === "class" && [`${CORE}.TerraformResource`, `${CORE}.TerraformDataSource`, `${CORE}.TerraformProvider`].includes(t.base))
    .sort((a, b) => (a.fqn < b.fqn ? -1 : a.fqn > b.fqn ? 1 : 0));
  for (const cls of classes) {
    const { tfType, schema, docsVersion } = ex.topLevel(cls);
    if (docsVersion) docsVersions.add(docsVersion);
    if (cls.base === `${CORE}.TerraformProvider`) {
      providerConfig = schema;
      continue;
    }
    if (!tfType || !/^aws_[a-z0-9_]+$/.test(tfType)) throw new Error(`bad terraform type ${tfType} for ${cls.fqn}`);
    const target = cls.base === `${CORE}.TerraformResource` ? resources : dataSources;
    if (target[tfType]) throw new Error(`duplicate terraform type ${tfType}`);
    target[tfType] = schema;
  }
  if ([...docsVersions].some((v) => v !== providerInfo.version)) {
    warn("version", `docs links mention provider versions ${[...docsVersions].join(",")}`);
  }

  const header = {
    format: FORMAT,
    generator: GENERATOR,
    provider: { source: providerInfo.name, version: providerInfo.version },
    package: { name: PKG_NAME, version: PKG_VERSION, integrity: PKG_INTEGRITY },
    counts: { resources: Object.keys(resources).length, data_sources: Object.keys(dataSources).length },
    provider_config: providerConfig || {},
  };
  // Layout (relied upon by crates/schema for lazy loading): the header object's
  // members on line 1, then one resource / data source per line.
  const section = (name, obj) => {
    const keys = Object.keys(obj).sort();
    return `${JSON.stringify(name)}:{\n` + keys.map((k) => `${JSON.stringify(k)}:${canon(obj[k])}`).join(",\n") + "\n}";
  };
  const headerText = canon(header);
  const text = headerText.slice(0, -1) + ",\n" + section("resources", resources) + ",\n" + section("data_sources", dataSources) + "}\n";
  JSON.parse(text); // sanity: the result is one valid JSON document
  return { text, stats: ex.stats, header };
}

function main() {
  ensureHeap();
  const opts = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tfready-schema-"));
  try {
    const gz = fetchTarball(opts, tmp);
    const { text, stats, header } = generate(gz);

    for (const [kind, list] of [...warnings.entries()].sort()) {
      console.error(`warning: ${kind}: ${list.length}`);
      for (const msg of opts.verbose ? list : list.slice(0, 3)) console.error(`  ${msg}`);
    }
    console.error(
      `provider ${header.provider.source} ${header.provider.version} (from ${PKG_NAME}@${PKG_VERSION}): ` +
        `${header.counts.resources} resources, ${header.counts.data_sources} data sources, ` +
        `${stats.attrs} arguments, ${stats.blocks} blocks (${stats.opaque} opaque), ${stats.computed} computed attributes, ` +
        `${Buffer.byteLength(text)} bytes`,
    );

    if (opts.check) {
      const tmpOut = path.join(tmp, "aws-provider-schema.json");
      fs.writeFileSync(tmpOut, text);
      const committed = fs.existsSync(opts.out) ? fs.readFileSync(opts.out, "utf8") : null;
      if (committed === text) {
        console.error(`check: ${path.relative(REPO_ROOT, opts.out)} is up to date`);
        return 0;
      }
      console.error(`check: ${path.relative(REPO_ROOT, opts.out)} differs from a fresh extraction`);
      if (committed !== null) {
        // per-entry summary: "section/type" keys whose line changed
        const entries = (t) => {
          const m = new Map();
          let sec = "header";
          for (const line of t.split("\n")) {
            const s = /^"(resources|data_sources)":\{$/.exec(line);
            if (s) sec = s[1];
            else {
              const k = /^"([^"]+)":\{/.exec(line);
              m.set(k ? `${sec}/${k[1]}` : `${sec}: ${line.slice(0, 60)}`, line);
            }
          }
          return m;
        };
        const a = entries(committed);
        const b = entries(text);
        const changed = [];
        for (const [k, v] of a) if (!b.has(k)) changed.push(`- ${k}`);
        else if (b.get(k) !== v) changed.push(`~ ${k}`);
        for (const k of b.keys()) if (!a.has(k)) changed.push(`+ ${k}`);
        for (const c of changed.slice(0, 40)) console.error(`  ${c}`);
        if (changed.length > 40) console.error(`  ... ${changed.length - 40} more`);
      } else console.error("  (committed file is missing)");
      return 1;
    }
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, text);
    console.error(`wrote ${opts.out}`);
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
