//! Pieces several rules share: source-text searches, absence findings, the
//! project's anchor, policy documents.

use tfready_model::{AttrRef, Location, Presence, Project, ResourceRef};

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

/// What EC2 instances boot from: instances themselves, launch templates
/// and launch configurations (their key pair, metadata options and user
/// data are the instances').
pub fn launchers(project: &Project) -> impl Iterator<Item = ResourceRef<'_>> {
    project.resources().filter(|r| {
        matches!(
            r.resource.ty.as_str(),
            "aws_instance" | "aws_launch_template" | "aws_launch_configuration"
        )
    })
}

/// User data (inline or read from a script) of instances and launch
/// templates that runs any of `words`: (resource, attribute, where it is:
/// "" when inline, " (in FILE)" when in a script it reads).
pub fn user_data_running<'p>(
    project: &'p Project,
    words: &[&str],
) -> Vec<(ResourceRef<'p>, AttrRef<'p>, String)> {
    let mut out = Vec::new();
    for r in launchers(project) {
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
