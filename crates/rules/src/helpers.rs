//! Pieces several rules share: security group ingress in all its shapes,
//! world-open CIDRs, source-text searches.

use std::collections::HashSet;
use std::sync::Arc;

use tfready_model::ast::Attribute;
use tfready_model::{AttrRef, BlockRef, Location, Presence, Project, ResourceRef, Value};

use crate::registry::Ctx;

pub const WORLD_V4: &str = "0.0.0.0/0";
pub const WORLD_V6: &str = "::/0";

/// What, in user data, runs Redis on the instance (packages, services,
/// container images): the redis rule finds it, the elasticache fix removes it.
pub const RUNS_REDIS: &[&str] = &[
    "docker run -d --name redis",
    "redis-server",
    "install -y redis",
    "redis6",
    "redis7",
    "redis:7",
    "redis:6",
    "redis:latest",
    " redis:alpine",
    "image: redis",
    "apt-get install redis",
    "yum install redis",
    "dnf install redis",
];

/// What, in user data, obtains certificates by hand (ACME clients).
pub const MANUAL_TLS: &[&str] = &["certbot", "letsencrypt", "let's encrypt", "acme.sh"];

/// Ports that are not an application's own: SSH (its own rule) and the web
/// ports a public site or load balancer serves. Anything else open to the
/// world is an application port.
pub const NOT_APP_PORTS: &[f64] = &[22.0, 80.0, 443.0];

/// One ingress permission, whichever way it was written: an inline
/// `ingress` block (static or `dynamic`), an `aws_security_group_rule`, or
/// an `aws_vpc_security_group_ingress_rule`.
///
/// Kept for the whole rule pass (one per permission of a large project):
/// what can be derived from `block` is, on demand.
pub struct Ingress<'p> {
    pub block: BlockRef<'p>,
    pub from_port: Option<f64>,
    pub to_port: Option<f64>,
    /// `-1` / `all` means every port.
    pub all_ports: bool,
    /// The attributes holding sources, with their values.
    pub sources: Vec<(&'p Attribute, Value)>,
    /// For the attribute form of a security group (`ingress = [{ ... }]`):
    /// the index of the permission's object in the list, whose `block` is
    /// the group's body and whose source is the whole `ingress` attribute.
    pub element: Option<usize>,
}

impl<'p> Ingress<'p> {
    pub fn resource(&self) -> &ResourceRef<'p> {
        &self.block.res
    }

    pub fn description(&self) -> Option<String> {
        self.block.eval("description").and_then(|v| v.as_string())
    }

    /// A source attribute as a view (location, origin, source text).
    pub fn attr(&self, attr: &'p Attribute) -> AttrRef<'p> {
        AttrRef {
            block: self.block.clone(),
            attr,
        }
    }

    /// Whether the permission covers `port`; `None` when the ports are unknown.
    pub fn covers(&self, port: f64) -> Option<bool> {
        if self.all_ports {
            return Some(true);
        }
        match (self.from_port, self.to_port) {
            (Some(f), Some(t)) => Some(f <= port && port <= t),
            _ => None,
        }
    }

    /// The sources open to the whole internet: (attribute, CIDR).
    pub fn world_sources(&self) -> Vec<(AttrRef<'p>, &'static str)> {
        let mut out = Vec::new();
        for (attr, v) in &self.sources {
            for w in [WORLD_V4, WORLD_V6] {
                if contains_cidr(v, w) {
                    out.push((self.attr(attr), w));
                }
            }
        }
        out
    }

    /// Ports as written, for messages: `22`, `0-65535`, `all`.
    pub fn ports(&self) -> String {
        if self.all_ports {
            return "all ports".into();
        }
        match (self.from_port, self.to_port) {
            (Some(f), Some(t)) if f == t => format!("port {f}"),
            (Some(f), Some(t)) => format!("ports {f}-{t}"),
            _ => "ports (unknown)".into(),
        }
    }
}

fn contains_cidr(v: &Value, cidr: &str) -> bool {
    match v.unmark().0 {
        Value::String(s) => s.trim() == cidr,
        Value::List(items) => items.iter().any(|i| contains_cidr(i, cidr)),
        _ => false,
    }
}

fn protocol_all(v: Option<Value>) -> bool {
    matches!(
        v.and_then(|v| v.as_string()).as_deref(),
        Some("-1") | Some("all")
    )
}

/// Every ingress permission in the project that may exist (computed once
/// per audit and shared by the rules).
pub fn ingress_rules<'a, 'p>(cx: &'a Ctx<'p>) -> &'a [Ingress<'p>] {
    cx.ingress.get_or_init(|| collect_ingress(cx.project))
}

/// Every ingress permission in the project that may exist, in all four
/// forms: inline blocks, the `ingress = [{...}]` attribute form, and the two
/// rule resources. The one place tfready decides what opens a port.
pub fn ingress_permissions(project: &Project) -> Vec<Ingress<'_>> {
    collect_ingress(project)
}

fn collect_ingress(project: &Project) -> Vec<Ingress<'_>> {
    let mut out = Vec::new();
    let types = [
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ];
    for r in types.iter().flat_map(|ty| project.resources_of(ty)) {
        // Standalone rules are often written once with for_each over ports.
        for body in r.expanded() {
            match r.resource.ty.as_str() {
                "aws_security_group" => {
                    for b in body.blocks("ingress") {
                        out.push(ingress_of(b, &["cidr_blocks", "ipv6_cidr_blocks"]));
                    }
                    out.extend(ingress_list(&body));
                }
                "aws_security_group_rule"
                    if body.eval("type").and_then(|v| v.as_string()).as_deref()
                        == Some("ingress") =>
                {
                    out.push(ingress_of(body, &["cidr_blocks", "ipv6_cidr_blocks"]));
                }
                "aws_vpc_security_group_ingress_rule" => {
                    let all = protocol_all(body.eval("ip_protocol"));
                    let mut i = ingress_of(body, &["cidr_ipv4", "cidr_ipv6"]);
                    i.all_ports |= all;
                    out.push(i);
                }
                _ => {}
            }
        }
    }
    out
}

/// The attribute form: `ingress = [{ from_port = 22, ... }, ...]`.
fn ingress_list<'p>(sg: &BlockRef<'p>) -> Vec<Ingress<'p>> {
    let Some(attr) = sg.attr("ingress") else {
        return Vec::new();
    };
    let Value::List(items) = attr.value().unmark_owned().0 else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |k: &str| item.as_map().and_then(|m| m.get(k).cloned());
            let sources = ["cidr_blocks", "ipv6_cidr_blocks"]
                .iter()
                .filter_map(|k| field(k))
                .map(|v| (attr.attr, v))
                .collect();
            Ingress {
                block: sg.clone(),
                from_port: field("from_port").and_then(|v| v.as_f64()),
                to_port: field("to_port").and_then(|v| v.as_f64()),
                all_ports: protocol_all(field("protocol")),
                sources,
                element: Some(i),
            }
        })
        .collect()
}

fn ingress_of<'p>(b: BlockRef<'p>, source_attrs: &[&str]) -> Ingress<'p> {
    let from_port = b.eval("from_port").and_then(|v| v.as_f64());
    let to_port = b.eval("to_port").and_then(|v| v.as_f64());
    let sources = source_attrs
        .iter()
        .filter_map(|n| b.attr(n))
        .map(|a| {
            let v = a.value();
            (a.attr, v)
        })
        .collect();
    Ingress {
        all_ports: protocol_all(b.eval("protocol")),
        from_port,
        to_port,
        sources,
        block: b,
        element: None,
    }
}

/// The longest run of consecutive lines in `range` of a file whose text
/// matches `pred`: the place to point at inside a long block.
pub fn longest_matching_run(
    project: &Project,
    loc: &Location,
    pred: impl Fn(&str) -> bool,
) -> Option<Location> {
    let file = project.files.iter().find(|f| f.display == loc.file)?;
    let mut best: Option<(usize, usize)> = None;
    let mut start: Option<usize> = None;
    for line in loc.line..=loc.end_line + 1 {
        let hit = line <= loc.end_line && pred(file.line_text(line));
        match (hit, start) {
            (true, None) => start = Some(line),
            (false, Some(s)) => {
                if best.is_none_or(|(bs, be)| line - s > be - bs + 1) {
                    best = Some((s, line - 1));
                }
                start = None;
            }
            _ => {}
        }
    }
    best.map(|(s, e)| Location {
        file: loc.file.clone(),
        line: s,
        column: 1,
        end_line: e,
        end_column: file.line_text(e).chars().count().max(1),
    })
}

/// Whether any managed resource of these types may exist.
pub fn any_of(project: &Project, types: &[&str]) -> bool {
    project.resources().any(|r| types.contains(&r.kind()))
}

/// Whether some resources are created by modules tfready cannot see; a rule
/// that looks for something's absence must not claim it is absent then.
pub fn has_unanalysed_modules(project: &Project) -> bool {
    project.unresolved_calls().next().is_some()
}

/// "may not exist" note for resources whose count is unknown.
pub fn presence_note(r: &ResourceRef<'_>) -> &'static str {
    match r.presence() {
        Presence::Maybe => " (if created: its count depends on values known only at apply)",
        _ => "",
    }
}

/// The text an attribute puts in place: its source as written plus the
/// content of files it reads with `file()` / `templatefile()` (user data
/// scripts). Pairs of (where, text).
pub fn text_with_files(attr: &AttrRef<'_>) -> Vec<(String, String)> {
    use tfready_model::ast::FuncCall;
    use tfready_model::ast::{visit_func_call, Visit};
    use tfready_model::Env as _;

    struct Files<'a, 'p> {
        attr: &'a AttrRef<'p>,
        paths: Vec<String>,
    }
    impl Visit for Files<'_, '_> {
        fn visit_func_call(&mut self, f: &FuncCall) {
            if matches!(f.name.name.as_str(), "file" | "templatefile") {
                if let Some(path) = f
                    .args
                    .iter()
                    .next()
                    .and_then(|a| self.attr.block.eval_expr(a).as_string())
                {
                    self.paths.push(path);
                }
            }
            visit_func_call(self, f);
        }
    }
    let mut out = vec![(attr.location().to_string(), attr.source_text().to_string())];
    let mut files = Files {
        attr,
        paths: Vec::new(),
    };
    files.visit_expr(attr.expr());
    for path in files.paths {
        if let Some(text) = attr.block.res.env().read_file(&path) {
            out.push((path.trim_start_matches("./").to_string(), text));
        }
    }
    out
}

/// Case-insensitive "mentions any of these words".
pub fn mentions(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// Like [`mentions`], on the script's commands: a line commented out does
/// not run, and a heredoc's body is data, not a command.
pub fn runs(text: &str, words: &[&str]) -> bool {
    crate::shell::commands(text)
        .iter()
        .any(|c| mentions(c, words))
}

/// Who points at what through some attributes of some resource types:
/// built once per (types, attributes) and shared by every check, so asking
/// "does anything refer to this bucket?" costs a lookup, not a scan.
#[derive(Default)]
pub struct RefIndex {
    /// (instance, type, name) of every resource referred to.
    targets: HashSet<(usize, String, String)>,
    /// Known literal values of the attributes (`bucket = "my-bucket"`).
    values: HashSet<String>,
}

fn build_index(project: &Project, types: &[&str], attrs: &[&str]) -> RefIndex {
    let mut index = RefIndex::default();
    for ty in types {
        for r in project.resources_of(ty) {
            for a in attrs.iter().filter_map(|a| r.attr(a)) {
                for o in project.origins(r.instance.id, a.expr()) {
                    index.targets.insert((o.instance, o.ty, o.name));
                }
                let v = a.value();
                if v.is_wholly_known() {
                    index.values.insert(v.to_string());
                }
            }
        }
    }
    index
}

/// Whether any resource of `types` refers to `target` through one of
/// `attrs` (through variables, locals, module inputs and outputs), or
/// names it by the same known value as its `bucket` / `name` / `id`.
pub fn referenced_by(
    cx: &Ctx<'_>,
    types: &[&str],
    attrs: &[&str],
    target: &ResourceRef<'_>,
) -> bool {
    let key = format!("{types:?}{attrs:?}");
    let cached = cx.refs.lock().expect("ref index lock").get(&key).cloned();
    let index = match cached {
        Some(i) => i,
        None => {
            let built = Arc::new(build_index(cx.project, types, attrs));
            cx.refs
                .lock()
                .expect("ref index lock")
                .entry(key)
                .or_insert(built)
                .clone()
        }
    };
    if index.targets.contains(&(
        target.instance.id,
        target.resource.ty.clone(),
        target.resource.name.clone(),
    )) {
        return true;
    }
    ["bucket", "name", "id"]
        .iter()
        .filter_map(|k| target.eval(k))
        .any(|t| t.is_wholly_known() && index.values.contains(&t.to_string()))
}

/// For rules that report something missing: when modules tfready cannot
/// read exist, the thing may be there, so the finding says so and drops to
/// `info` instead of claiming absence.
pub fn absence(f: crate::finding::Finding, project: &Project) -> crate::finding::Finding {
    let n = project.unresolved_calls().count();
    if n == 0 {
        return f;
    }
    let mut f = f;
    f.message.push_str(&format!(
        " (not found in the analysed code; {n} module call(s) from sources tfready does not read were not analysed)"
    ));
    f.severity = crate::meta::Severity::Info;
    f
}

/// The root module's `environment` value when known (`--env`, tfvars or
/// default): environment-dependent rules use it.
pub fn environment(project: &Project) -> Option<String> {
    project.environment()
}

pub fn is_prod(env: Option<&str>) -> bool {
    env.is_some_and(tfready_model::environments::is_prod)
}

/// The location of the root `provider "aws"` block, or of the first root
/// file: where project-wide findings point.
pub fn project_anchor(project: &Project) -> Location {
    let root = project.root_module();
    if let Some(p) = root.providers.iter().find(|p| p.name == "aws") {
        return project.location(p.file, &p.span.range);
    }
    root.files
        .iter()
        .map(|&f| &project.files[f])
        .find(|f| f.display == "main.tf")
        .or_else(|| root.files.first().map(|&f| &project.files[f]))
        .map(|f| Location::file_only(f.display.clone()))
        .unwrap_or_else(|| Location::file_only("main.tf"))
}

/// A known boolean attribute is true.
pub fn is_true(r: &ResourceRef<'_>, attr: &str) -> bool {
    r.eval(attr).and_then(|v| v.as_bool()) == Some(true)
}

/// User data (inline or read from a script) of instances and launch
/// templates that runs any of `words`: (resource, attribute, where it is:
/// "" when inline, " (in FILE)" when in a script it reads).
pub fn user_data_running<'p>(
    project: &'p Project,
    words: &[&str],
) -> Vec<(ResourceRef<'p>, AttrRef<'p>, String)> {
    let mut out = Vec::new();
    for r in project.resources() {
        if !matches!(
            r.resource.ty.as_str(),
            "aws_instance" | "aws_launch_template" | "aws_launch_configuration"
        ) {
            continue;
        }
        let Some(attr) = r.attr("user_data").or_else(|| r.attr("user_data_base64")) else {
            continue;
        };
        // The first text is the attribute itself; later ones are files it reads.
        if let Some((i, (place, _))) = text_with_files(&attr)
            .into_iter()
            .enumerate()
            .find(|(_, (_, t))| runs(t, words))
        {
            let from = if i == 0 {
                String::new()
            } else {
                format!(" (in {place})")
            };
            out.push((r, attr, from));
        }
    }
    out
}

/// Whether the IAM-style policy in `attr` of `r` (a JSON string, or
/// `jsonencode({...})` whose parts may be known only at apply) has an
/// `Allow` statement for every principal (`"*"` or `{"AWS": "*"}`) with no
/// condition.
pub fn policy_open_to_everyone(r: &tfready_model::ResourceRef<'_>, attr: &str) -> bool {
    let Some(a) = r.attr(attr) else {
        return false;
    };
    let doc: Option<serde_json::Value> = match a.value().as_string() {
        Some(text) => serde_json::from_str(&text).ok(),
        None => match a.expr() {
            tfready_model::ast::Expression::FuncCall(f) if f.name.name.as_str() == "jsonencode" => {
                f.args.get(0).map(|e| r.body().eval_expr(e).to_json())
            }
            _ => None,
        },
    };
    let Some(doc) = doc else { return false };
    let statements = match &doc["Statement"] {
        serde_json::Value::Array(a) => a.clone(),
        s @ serde_json::Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        let everyone = |p: &serde_json::Value| match p {
            serde_json::Value::String(x) => x == "*",
            serde_json::Value::Object(m) => m.get("AWS").is_some_and(|a| {
                a == "*" || a.as_array().is_some_and(|l| l.iter().any(|x| x == "*"))
            }),
            _ => false,
        };
        s["Effect"] == "Allow" && everyone(&s["Principal"]) && s.get("Condition").is_none()
    })
}
