//! A plan file (`terraform show -json PLAN`, format 1.x) as a project:
//! its planned values, every one known, become a `.tf.json` stack held in
//! memory (nothing is written) that the usual passes read. Values the plan
//! marks unknown become what the configuration wrote (see
//! `configuration.rs`), sensitive ones become sensitive variables (so they
//! are redacted like any secret), attributes the provider computes are left
//! out. Findings are then put back on the plan's addresses and on the plan
//! file's lines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

mod configuration;
mod text;

use configuration::{ConfigDoc, Configuration, VariableDoc};

/// A plan read as a project: the stack it became, in memory, and what
/// puts findings back on the plan.
pub struct Plan {
    /// The plan file's name: findings are put on it, relative to its
    /// directory (as a directory's are to it).
    display: String,
    /// The plan file's directory.
    files_root: PathBuf,
    /// Where the stack is, in memory: the plan file's own path, taken as a
    /// directory (no file on disk is both).
    dir: PathBuf,
    /// Synthetic address → (plan address, where it is in the plan file).
    addresses: Addresses,
    /// Each file of the stack with the body built for it, for the loader
    /// to take ([`Plan::take_built`]).
    built: Vec<(PathBuf, std::sync::Arc<str>, tfready_model::ast::Body)>,
}

type Addresses = std::collections::HashMap<String, (String, LineCol)>;

/// A 1-based line and column (in characters) in the plan file.
type LineCol = (usize, usize);

/// Whether `path` is a plan file (a JSON file with planned values). Only
/// its top-level keys are read (a UTF-16 file is decoded whole first), and
/// the scan stops once both are seen:
/// Terraform writes them first, so a large plan is read from disk and
/// parsed once, by the conversion.
pub fn is_plan(path: &Path) -> bool {
    // Any name: `plan.json`, `plan.JSON`, `tfplan.out` are all seen.
    path.is_file() && text::reader(path).is_some_and(has_plan_keys)
}

/// Whether a JSON document's top-level object holds `format_version` and
/// `planned_values`, read up to where both are seen.
fn has_plan_keys(text: impl std::io::Read) -> bool {
    use serde::de::{Deserializer, Error, IgnoredAny, MapAccess, Visitor};
    /// The visitor's way out once both keys are seen: an error, since a
    /// visitor cannot otherwise leave the rest of the object unread.
    const FOUND: &str = "tfready: plan keys found";
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let (mut version, mut planned) = (false, false);
            while let Some(key) = map.next_key::<String>()? {
                version |= key == "format_version";
                planned |= key == "planned_values";
                if version && planned {
                    return Err(A::Error::custom(FOUND));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_reader(text);
    matches!(de.deserialize_map(Keys), Err(e) if e.to_string().starts_with(FOUND))
}

/// The parts of a plan document the conversion reads. Resource values
/// stay raw text until their resource is converted, so a large plan is
/// never held as one tree (its tree is ~10x its text).
#[derive(serde::Deserialize)]
struct PlanDoc<'a> {
    #[serde(default)]
    format_version: String,
    #[serde(default, borrow)]
    planned_values: Option<PlannedDoc<'a>>,
    #[serde(default)]
    resource_changes: Vec<ChangeDoc>,
    #[serde(default)]
    configuration: Option<ConfigDoc>,
    #[serde(default)]
    variables: BTreeMap<String, VariableDoc>,
}

#[derive(serde::Deserialize)]
struct PlannedDoc<'a> {
    #[serde(default, borrow)]
    root_module: Option<ModuleDoc<'a>>,
}

#[derive(serde::Deserialize, Default)]
struct ModuleDoc<'a> {
    #[serde(default)]
    address: Option<String>,
    #[serde(default, borrow)]
    resources: Vec<ResourceDoc<'a>>,
    #[serde(default, borrow)]
    child_modules: Vec<ModuleDoc<'a>>,
}

#[derive(serde::Deserialize)]
struct ResourceDoc<'a> {
    address: Option<String>,
    #[serde(default)]
    mode: String,
    #[serde(rename = "type")]
    ty: Option<String>,
    name: Option<String>,
    #[serde(default)]
    index: Value,
    #[serde(borrow)]
    values: Option<&'a RawValue>,
    #[serde(default)]
    sensitive_values: Map<String, Value>,
}

#[derive(serde::Deserialize)]
struct ChangeDoc {
    address: Option<String>,
    #[serde(default)]
    change: Option<ChangeBody>,
}

#[derive(serde::Deserialize)]
struct ChangeBody {
    #[serde(default)]
    after_unknown: UnknownKeys,
}

/// `after_unknown`'s top-level attributes marked `true` (but `id`), read
/// as they are parsed: a plan of thousands of resources held them all as
/// maps of raw values, a fifth of its conversion.
#[derive(Default)]
struct UnknownKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for UnknownKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{MapAccess, Visitor};
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = UnknownKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<UnknownKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = m.next_key::<String>()? {
                    // A nested value (a block's, a map's) is small: read whole.
                    if m.next_value::<Value>()? == Value::Bool(true) && key != "id" {
                        keys.push(key);
                    }
                }
                Ok(UnknownKeys(keys))
            }
            fn visit_unit<E>(self) -> Result<UnknownKeys, E> {
                Ok(UnknownKeys::default())
            }
        }
        d.deserialize_any(Keys)
    }
}

/// Converts the plan into a project in memory.
pub fn convert(path: &Path) -> Result<Plan, String> {
    let text = text::read(path)?;
    let plan: PlanDoc<'_> =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let version = plan.format_version.as_str();
    if !version.starts_with("1.") {
        return Err(format!(
            "{}: plan format {version:?}; tfready reads format 1.x (`terraform show -json`)",
            path.display()
        ));
    }
    let dir = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let files_root = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut converted = Plan {
        display: path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        files_root,
        dir: dir.clone(),
        addresses: Addresses::new(),
        built: Vec::new(),
    };
    let unknown = unknown_attributes(plan.resource_changes);
    let lines = address_lines(&text);
    let region = configuration::region(plan.configuration.as_ref(), &plan.variables);
    let written = Configuration::new(plan.configuration.as_ref());
    let root = plan
        .planned_values
        .and_then(|p| p.root_module)
        .unwrap_or_default();
    // Where each module goes is decided in one walk; the modules are then
    // converted in parallel (a plan of thousands of module instances).
    let mut placed = Vec::new();
    place(&root, &dir, Call::default(), &dir, &mut 0, &mut placed);
    let built: Vec<Built> = placed
        .par_iter()
        .enumerate()
        .map(|(i, m)| {
            let region = if i == 0 { region.as_deref() } else { None };
            build_module(m, region, &unknown, &written, &lines)
        })
        .collect::<Result<_, _>>()?;
    for w in built {
        for (synthetic, real, at) in w.addresses {
            converted.addresses.entry(synthetic).or_insert((real, at));
        }
        converted.built.push((w.path, w.text, w.body));
    }
    Ok(converted)
}

/// One module of the plan, placed: the directory its stack goes to, how
/// it is called, and its calls (name, source).
struct Placed<'p, 'a> {
    doc: &'p ModuleDoc<'a>,
    dir: PathBuf,
    call: Call,
    calls: Vec<(String, String)>,
}

/// How a module instance is reached: the prefix its synthetic addresses
/// take, and its call names in the configuration (`a.b`; `""` the root).
#[derive(Default, Clone)]
struct Call {
    prefix: String,
    path: String,
}

/// Places `m` and, after it, its modules (depth first, as Terraform lists
/// them): each child in `base/modules/N`, called by a name made from its
/// plan address.
fn place<'p, 'a>(
    m: &'p ModuleDoc<'a>,
    dir: &Path,
    call: Call,
    base: &Path,
    modules: &mut usize,
    out: &mut Vec<Placed<'p, 'a>>,
) {
    let at = out.len();
    out.push(Placed {
        doc: m,
        dir: dir.to_path_buf(),
        call: call.clone(),
        calls: Vec::new(),
    });
    for child_doc in &m.child_modules {
        let address = child_doc.address.as_deref().unwrap_or("");
        let last = last_call(address);
        let name: String = last
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = name.trim_end_matches('_').replace("__", "_");
        let name = if last.contains('[') {
            format!("{name}__{modules}")
        } else {
            name
        };
        *modules += 1;
        let child_dir = base.join("modules").join(modules.to_string());
        out[at]
            .calls
            .push((name.clone(), relative(dir, &child_dir)));
        // The call's name in the configuration: without the instance key.
        let called = last.split('[').next().unwrap_or(last);
        let child = Call {
            prefix: format!("{}module.{name}.", call.prefix),
            path: if call.path.is_empty() {
                called.to_string()
            } else {
                format!("{}.{called}", call.path)
            },
        };
        place(child_doc, &child_dir, child, base, modules, out);
    }
}

/// The last call of a module instance's address, with its key:
/// `b[0]` of `module.a["k"].module.b[0]`; a key may hold `module.` or `]`.
fn last_call(address: &str) -> &str {
    let bytes = address.as_bytes();
    let (mut start, mut i, mut quoted) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b'.' if !quoted && address[i + 1..].starts_with("module.") => start = i + 1,
            _ => {}
        }
        i += 1;
    }
    let call = address.get(start..).unwrap_or(address);
    let call = call.strip_prefix("module.").unwrap_or(call);
    if call.is_empty() {
        "m"
    } else {
        call
    }
}

/// A module's stack as built: its file, text and body, and its
/// (synthetic address, plan address, place in the plan) triples.
struct Built {
    path: PathBuf,
    text: std::sync::Arc<str>,
    body: tfready_model::ast::Body,
    addresses: Vec<(String, String, LineCol)>,
}

/// Builds one module (`planned_values` shape) as its directory's file.
fn build_module(
    m: &Placed<'_, '_>,
    region: Option<&str>,
    unknown: &BTreeMap<String, Vec<String>>,
    written: &Configuration,
    lines: &std::collections::HashMap<String, LineCol>,
) -> Result<Built, String> {
    let instances = Instances::of(m.doc);
    let mut resources: Map<String, Value> = Map::new();
    let mut data: Map<String, Value> = Map::new();
    let mut variables: Map<String, Value> = Map::new();
    variables.insert("tfready_unknown".into(), json!({ "type": "any" }));
    let mut secrets = 0;
    let mut addresses = Vec::new();
    for (i, r) in m.doc.resources.iter().enumerate() {
        let (Some(ty), Some(name), Some(address)) =
            (r.ty.as_deref(), r.name.as_deref(), r.address.as_deref())
        else {
            continue;
        };
        let data_mode = r.mode == "data";
        let mode = if data_mode { "data." } else { "" };
        let synthetic_name = synthetic_name(name, &r.index, i);
        let set = written.written(&m.call.path, &format!("{mode}{ty}.{name}"));
        let raw: Value = r
            .values
            .and_then(|v| serde_json::from_str(v.get()).ok())
            .unwrap_or(Value::Null);
        let mut values = settable(ty, raw, data_mode);
        if let Value::Object(v) = &mut values {
            // A sensitive value becomes a variable's default, which JSON
            // configuration takes literally.
            let mut sensitive = Vec::new();
            for (key, flag) in &r.sensitive_values {
                if flag == &Value::Bool(true) {
                    if let Some(slot) = v.get_mut(key) {
                        secrets += 1;
                        let var = format!("tfready_sensitive_{secrets}");
                        let value = slot.take();
                        variables.insert(
                            var.clone(),
                            json!({ "type": "any", "sensitive": true, "default": value }),
                        );
                        *slot = json!(format!("${{var.{var}}}"));
                        sensitive.push(key.as_str());
                    }
                }
            }
            for (key, value) in v.iter_mut() {
                if !sensitive.contains(&key.as_str()) {
                    literal(value);
                }
            }
            for key in unknown.get(address).into_iter().flatten() {
                if let Some(value) = instances.unknown(set, key, &r.index) {
                    v.insert(key.clone(), Value::String(value));
                }
            }
        }
        let table = if data_mode { &mut data } else { &mut resources };
        let by_type = table
            .entry(ty.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        by_type[&synthetic_name] = values;
        let at = lines.get(address).copied().unwrap_or((1, 1));
        addresses.push((
            format!("{}{mode}{ty}.{synthetic_name}", m.call.prefix),
            address.to_string(),
            at,
        ));
    }
    let mut doc = Map::new();
    if let Some(region) = region {
        doc.insert("provider".into(), json!({ "aws": { "region": region } }));
    }
    let calls: Map<String, Value> = m
        .calls
        .iter()
        .map(|(name, source)| {
            let call = json!({ "source": source, "tfready_unknown": "${var.tfready_unknown}" });
            (name.clone(), call)
        })
        .collect();
    if !resources.is_empty() {
        doc.insert("resource".into(), Value::Object(resources));
    }
    if !data.is_empty() {
        doc.insert("data".into(), Value::Object(data));
    }
    if !calls.is_empty() {
        doc.insert("module".into(), Value::Object(calls));
    }
    doc.insert("variable".into(), Value::Object(variables));
    // The text is what the body reads as (the loader locates blocks in
    // it); the body is built from the same document, not parsed again.
    let text = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
    let path = m.dir.join("plan.tf.json");
    Ok(Built {
        path,
        text: text.into(),
        body: tfready_model::body_of_document(&doc),
        addresses,
    })
}

/// A resource instance's name in the converted stack: its plan name, with
/// its instance key (`web__0`; `web__k3` for the fourth resource of its
/// module, a `for_each` key).
fn synthetic_name(name: &str, index: &Value, i: usize) -> String {
    match index {
        Value::Null => name.to_string(),
        Value::Number(n) => format!("{name}__{n}"),
        _ => format!("{name}__k{i}"),
    }
}

/// The resource instances of one module of the plan, by address in it
/// (`aws_x.y`, `data.aws_x.y`): their keys and names in the stack.
struct Instances<'d> {
    by_resource: std::collections::HashMap<String, Vec<(&'d Value, String)>>,
}

impl<'d> Instances<'d> {
    fn of(m: &'d ModuleDoc<'_>) -> Instances<'d> {
        let mut by_resource = std::collections::HashMap::<_, Vec<_>>::new();
        for (i, r) in m.resources.iter().enumerate() {
            let (Some(ty), Some(name)) = (r.ty.as_deref(), r.name.as_deref()) else {
                continue;
            };
            let mode = if r.mode == "data" { "data." } else { "" };
            by_resource
                .entry(format!("{mode}{ty}.{name}"))
                .or_default()
                .push((&r.index, synthetic_name(name, &r.index, i)));
        }
        Instances { by_resource }
    }

    /// What attribute `key`, unknown in the plan, becomes on an instance
    /// keyed `index` whose configuration sets `set`: a reference to the
    /// resource of this module its expression names, when it names one the
    /// plan has (the instance written, the only one, or the one of the same
    /// key); the unknown marker when it names none or several (`[a.id,
    /// b.id]`, `c ? a.id : b.id`: which, or how, the plan does not say), or
    /// the plan has no configuration; `None` (left out) when the configuration does not
    /// set it: the provider fills it in.
    fn unknown(
        &self,
        set: Option<&std::collections::HashMap<String, Vec<String>>>,
        key: &str,
        index: &Value,
    ) -> Option<String> {
        const UNKNOWN: &str = "${var.tfready_unknown}";
        let Some(set) = set else {
            return Some(UNKNOWN.to_string());
        };
        let references: Vec<_> = set
            .get(key)?
            .iter()
            .filter_map(|text| configuration::reference(text))
            .collect();
        // Only resources the plan has count: `c ? a.id : b.id` where the
        // plan has no `b` (its count 0) can only be `a`.
        let resources: std::collections::BTreeSet<&str> = references
            .iter()
            .map(|r| r.resource.as_str())
            .filter(|r| self.by_resource.contains_key(*r))
            .collect();
        if resources.len() != 1 {
            return Some(UNKNOWN.to_string());
        }
        for r in references {
            let Some(candidates) = self.by_resource.get(&r.resource) else {
                continue;
            };
            let chosen = match (r.key, candidates.as_slice()) {
                (Some(k), _) => candidates.iter().find(|(i, _)| written_key(i) == k),
                (None, [only]) => Some(only),
                (None, _) => candidates.iter().find(|(i, _)| *i == index),
            };
            if let Some((_, name)) = chosen {
                let ty = r.resource.rsplit_once('.').map_or("", |(ty, _)| ty);
                return Some(format!("${{{ty}.{name}{}}}", r.rest));
            }
        }
        Some(UNKNOWN.to_string())
    }
}

/// An instance key as a reference writes it: `0`, `"a"` (a string quoted
/// as HCL quotes it: `${` and `%{` doubled).
fn written_key(index: &Value) -> String {
    match index {
        Value::String(k) => tfready_model::hcl_string(k),
        other => other.to_string(),
    }
}

/// A planned value as JSON configuration reads it literally: JSON reads an
/// attribute's strings as templates, and a planned string is final (a
/// rendered script's `${HOME}`, a policy's `${aws:username}`), so its `${`
/// and `%{` are escaped. Object keys stay: tfready reads them literally.
fn literal(value: &mut Value) {
    match value {
        Value::String(s) if s.contains("${") || s.contains("%{") => {
            *s = s.replace("${", "$${").replace("%{", "%%{");
        }
        Value::Array(items) => items.iter_mut().for_each(literal),
        Value::Object(map) => map.values_mut().for_each(literal),
        _ => {}
    }
}

/// The resource's planned values a configuration could set: no nulls, no
/// attributes the provider computes (per the schema), nested blocks alike.
fn settable(ty: &str, values: Value, data: bool) -> Value {
    let aws = tfready_schema::provider();
    let schema = if data {
        aws.data_source(ty)
    } else {
        aws.resource(ty)
    };
    strip(values, schema)
}

/// Moves what stays: the values are the plan's, read for this alone.
fn strip(values: Value, schema: Option<&tfready_schema::BlockSchema>) -> Value {
    let Value::Object(v) = values else {
        return values;
    };
    let mut out = Map::new();
    for (k, val) in v {
        if val.is_null() || k == "id" {
            continue;
        }
        match schema.map(|s| s.member(&k)) {
            Some(Some(tfready_schema::Member::Attribute(a))) if a.computed() => continue,
            Some(Some(tfready_schema::Member::Block(b))) => {
                let body = b.body();
                let items: Vec<Value> = match val {
                    Value::Array(list) => list.into_iter().map(|x| strip(x, Some(body))).collect(),
                    other => vec![strip(other, Some(body))],
                };
                // A plan lists a block type with no blocks as `[]`, which
                // JSON configuration (read without the schema) would take
                // for an attribute: no blocks are left out instead.
                if !items.is_empty() {
                    out.insert(k, Value::Array(items));
                }
            }
            _ => {
                out.insert(k, val);
            }
        }
    }
    Value::Object(out)
}

/// Per plan address, the top-level attributes `after_unknown` marks.
fn unknown_attributes(changes: Vec<ChangeDoc>) -> BTreeMap<String, Vec<String>> {
    changes
        .into_iter()
        .filter_map(|rc| {
            Some((
                rc.address?,
                rc.change.map(|c| c.after_unknown.0).unwrap_or_default(),
            ))
        })
        .collect()
}

/// The line and column of the first `"address": "..."` of each address in
/// the plan text, found in one pass (a search per resource would be
/// quadratic on a plan of thousands). The column matters: `terraform show
/// -json` writes the whole plan on one line.
fn address_lines(text: &str) -> std::collections::HashMap<String, LineCol> {
    let mut out = std::collections::HashMap::new();
    let (mut line, mut column, mut counted) = (1, 1, 0);
    for (i, key) in text.match_indices("\"address\"") {
        for &b in &text.as_bytes()[counted..i] {
            if b == b'\n' {
                (line, column) = (line + 1, 1);
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a character starts.
                column += 1;
            }
        }
        counted = i;
        let rest = text[i + key.len()..].trim_start();
        let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        if !rest.starts_with('"') {
            continue;
        }
        let j = tfready_model::closing_quote(rest.as_bytes(), 0);
        if let Some(Ok(address)) = rest.get(..=j).map(serde_json::from_str::<String>) {
            out.entry(address).or_insert((line, column));
        }
    }
    out
}

/// `to` relative to `from`, as a module source (`./x` or `../x`).
fn relative(from: &Path, to: &Path) -> String {
    let rel = tfready_model::relative_path(from, to).unwrap_or_else(|| to.to_path_buf());
    let rel = rel.to_string_lossy().replace('\\', "/");
    if rel.starts_with("..") {
        rel
    } else {
        format!("./{rel}")
    }
}

/// Rules a plan file cannot answer: it carries no backend (state), no
/// variables files (environments) and not the provider's own block
/// (default tags) in a form the rules read.
const NOT_IN_A_PLAN: &[&str] = &["TFR011", "TFR012", "TFR161", "TFR171"];

impl Plan {
    /// Where the project the plan became is, in memory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The stack's files and their bodies, built by the conversion: given
    /// to the load (they exist nowhere else).
    pub fn take_built(&mut self) -> Vec<(PathBuf, std::sync::Arc<str>, tfready_model::ast::Body)> {
        std::mem::take(&mut self.built)
    }

    /// The directory the findings' file (the plan's name) is relative to.
    pub fn files_root(&self) -> &Path {
        &self.files_root
    }

    /// Puts findings back on the plan: its addresses, its file and lines.
    pub fn remap(&self, findings: &mut Vec<tfready_rules::Finding>) {
        let map = self;
        // A plan's values also hold what the user never wrote (defaults,
        // deprecated attributes the provider fills in): only what AWS
        // refuses at apply is left of the validator's checks.
        findings.retain(|f| {
            !NOT_IN_A_PLAN.contains(&f.rule.id) && !tfready_validate::passed_by_planning(f.rule.id)
        });
        for f in findings.iter_mut() {
            let hit = f
                .resource
                .as_deref()
                .and_then(|r| longest_address(r, &map.addresses));
            let (mut line, mut column) = (1, 1);
            if let Some((_, (real, at))) = hit {
                f.resource = Some(real.clone());
                (line, column) = *at;
            }
            // Every synthetic address the message names (its own among them).
            f.message = replace_addresses(&f.message, &map.addresses);
            f.location = tfready_model::Location {
                file: map.display.clone(),
                line,
                column,
                end_line: line,
                end_column: column,
            };
            f.related.clear();
        }
    }

    /// Where a synthetic address's resource is in the plan file
    /// (`plan.json:LINE`), as a cost line names its place.
    pub fn location_of(&self, address: &str) -> Option<String> {
        let (_, (line, _)) = longest_address(address, &self.addresses)?.1;
        Some(format!("{}:{line}", self.display))
    }

    /// Puts every address a text names back as the plan's.
    pub fn remap_text(&self, text: &str) -> String {
        replace_addresses(text, &self.addresses)
    }
}

/// The longest synthetic address that is `text` or a prefix of it ending
/// before a `.` (`aws_x.y` of `aws_x.y.id`), with its length.
fn longest_address<'m>(text: &str, map: &'m Addresses) -> Option<(usize, &'m (String, LineCol))> {
    let ends = text
        .match_indices('.')
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect::<Vec<_>>();
    ends.into_iter()
        .rev()
        .find_map(|end| map.get(&text[..end]).map(|hit| (end, hit)))
}

/// `text` with every synthetic address in it put back as the plan's: each
/// run of address characters is matched from its start, longest first.
fn replace_addresses(text: &str, map: &Addresses) -> String {
    let is_address = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_address) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_address(c)).unwrap_or(rest.len());
        let run = &rest[..end];
        match longest_address(run, map) {
            Some((len, (real, _))) => {
                out.push_str(real);
                out.push_str(&run[len..]);
            }
            None => out.push_str(run),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_address_ends_in_its_last_call() {
        assert_eq!(last_call("module.a"), "a");
        assert_eq!(last_call(r#"module.a["k"].module.b[0]"#), "b[0]");
        assert_eq!(
            last_call(r#"module.envs["module.x"]"#),
            r#"envs["module.x"]"#
        );
        assert_eq!(last_call(r#"module.a["x\".module.y"].module.c"#), "c");
        assert_eq!(last_call(""), "m");
    }

    #[test]
    fn an_unknown_attribute_is_a_reference_only_to_the_one_resource_it_names() {
        let doc: ModuleDoc<'_> = serde_json::from_str(
            r#"{"resources": [
                {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web"},
                {"address": "aws_security_group.ssh", "mode": "managed", "type": "aws_security_group", "name": "ssh"},
                {"address": "aws_instance.app[\"a\"]", "mode": "managed", "type": "aws_instance", "name": "app", "index": "a"},
                {"address": "aws_instance.app[\"${b}\"]", "mode": "managed", "type": "aws_instance", "name": "app", "index": "${b}"}
            ]}"#,
        )
        .unwrap();
        let instances = Instances::of(&doc);
        let refs = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let set: std::collections::HashMap<String, Vec<String>> = [
            (
                "one",
                refs(&["aws_security_group.web.id", "aws_security_group.web"]),
            ),
            (
                "two",
                refs(&["aws_security_group.web.id", "aws_security_group.ssh.id"]),
            ),
            (
                "choice",
                refs(&[
                    "var.public",
                    "aws_security_group.web.id",
                    "aws_security_group.ssh.id",
                ]),
            ),
            (
                "escaped",
                refs(&[r#"aws_instance.app["$${b}"].id"#, "aws_instance.app"]),
            ),
            ("outside", refs(&["module.net.vpc_id"])),
            // `local.attach ? aws_s3_bucket_policy.p[0].id : web.id`, no policy planned.
            (
                "absent",
                refs(&[
                    "local.attach",
                    "aws_s3_bucket_policy.p[0].id",
                    "aws_security_group.web.id",
                ]),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let unknown = |key: &str| instances.unknown(Some(&set), key, &Value::Null);
        let marker = Some("${var.tfready_unknown}".to_string());
        assert_eq!(
            unknown("one").as_deref(),
            Some("${aws_security_group.web.id}")
        );
        assert_eq!(unknown("two"), marker);
        assert_eq!(unknown("choice"), marker);
        assert_eq!(
            unknown("escaped").as_deref(),
            Some("${aws_instance.app__k3.id}")
        );
        assert_eq!(unknown("outside"), marker);
        assert_eq!(
            unknown("absent").as_deref(),
            Some("${aws_security_group.web.id}")
        );
        // Not written: the provider's to fill in.
        assert_eq!(unknown("key_name"), None);
        // No configuration at all: unknown.
        assert_eq!(instances.unknown(None, "one", &Value::Null), marker);
    }

    fn has_plan_keys(text: &str) -> bool {
        super::has_plan_keys(text.as_bytes())
    }

    #[test]
    fn a_plan_is_told_by_its_top_level_keys() {
        // Terraform's order: found before the planned values are read, so
        // what follows them is not looked at.
        assert!(has_plan_keys(
            r#"{"format_version":"1.2","planned_values":{"x": [ not json"#
        ));
        // Another order is read to the end.
        assert!(has_plan_keys(
            r#"{"planned_values":{"root_module":{}},"other":[1,{"a":2}],"format_version":"1.0"}"#
        ));
        // Nested keys are not top-level ones.
        assert!(!has_plan_keys(
            r#"{"format_version":"1.0","values":{"planned_values":{}}}"#
        ));
        assert!(!has_plan_keys(r#"{"format_version":"1.0"}"#));
        assert!(!has_plan_keys(
            r#"[{"format_version":"1.0","planned_values":{}}]"#
        ));
        assert!(!has_plan_keys("not json"));
    }
}
