//! The fixers: one per remediation, in the spec's phase order. Each checks
//! what is already there, so a second run changes nothing.

use tfready_model::hcl_edit::structure::Structure;
use tfready_model::{Project, VarOrigin};
use tfready_rules::Phase;

use crate::cx::FixCx;
use crate::hcl::{
    block_mut, block_text, comment_above, find_block_mut, push_snippet, remove_where,
    replace_block, set_attr,
};
use crate::templates::FILES;
use crate::wiring::combined_count;
use crate::workspace::Change;

pub struct Fixer {
    pub id: &'static str,
    pub title: &'static str,
    pub phase: Phase,
    /// Coverage rows it closes.
    pub rows: &'static [u8],
    /// Rule ids whose findings it closes.
    pub rules: &'static [&'static str],
    /// Fixers that must run first (they run even if their phase is not
    /// selected: an ALB needs its certificate).
    pub needs: &'static [&'static str],
    run: fn(&mut FixCx<'_>),
}

#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Phases to apply; empty means all.
    pub phases: Vec<Phase>,
    /// Rules (ids or slugs) whose fixers to apply; empty means all.
    pub rules: Vec<String>,
}

#[derive(Debug)]
pub struct FixPlan {
    pub changes: Vec<Change>,
    pub done: Vec<String>,
    pub next_steps: Vec<String>,
}

macro_rules! fixer {
    ($id:literal, $title:literal, $phase:expr, $rows:expr, $rules:expr, $needs:expr, $run:expr) => {
        Fixer {
            id: $id,
            title: $title,
            phase: $phase,
            rows: &$rows,
            rules: &$rules,
            needs: &$needs,
            run: $run,
        }
    };
}

pub static FIXERS: &[Fixer] = &[
    fixer!(
        "state",
        "S3 backend with encryption and native locking",
        Phase::One,
        [1],
        ["TFR011", "TFR012"],
        [],
        state
    ),
    fixer!(
        "secrets",
        "Secrets out of tfvars, sensitive variables, RDS-managed password, Secrets Manager",
        Phase::One,
        [2],
        ["TFR021", "TFR022"],
        [],
        secrets
    ),
    fixer!(
        "s3",
        "S3 buckets private, versioned and encrypted",
        Phase::One,
        [0],
        ["TFR901", "TFR902", "TFR903"],
        [],
        s3
    ),
    fixer!(
        "imdsv2",
        "Instance metadata with IMDSv2 only",
        Phase::One,
        [0],
        ["TFR921"],
        [],
        imdsv2
    ),
    fixer!(
        "acm",
        "ACM certificate validated through Route 53",
        Phase::One,
        [3],
        ["TFR031"],
        [],
        acm
    ),
    fixer!(
        "monitoring",
        "Alarms, SNS alerts, log groups, dashboard",
        Phase::One,
        [5],
        ["TFR051"],
        [],
        monitoring
    ),
    fixer!(
        "app_ports",
        "Application ports closed to the internet",
        Phase::One,
        [13],
        ["TFR131"],
        [],
        app_ports
    ),
    fixer!(
        "alb",
        "Application Load Balancer with TLS 1.3, DNS alias, app ports from the ALB only",
        Phase::Two,
        [4, 13],
        ["TFR041", "TFR031", "TFR131"],
        ["acm"],
        alb
    ),
    fixer!(
        "elasticache",
        "Managed Redis (ElastiCache)",
        Phase::Two,
        [6],
        ["TFR061"],
        [],
        elasticache
    ),
    fixer!(
        "waf",
        "WAF on the load balancer",
        Phase::Two,
        [7],
        ["TFR071"],
        ["alb"],
        waf
    ),
    fixer!(
        "flow_logs",
        "VPC flow logs",
        Phase::Two,
        [8],
        ["TFR081"],
        [],
        flow_logs
    ),
    fixer!(
        "rds_monitoring",
        "RDS Performance Insights, enhanced monitoring, log exports",
        Phase::Two,
        [14],
        ["TFR141"],
        [],
        rds_monitoring
    ),
    fixer!(
        "backup",
        "AWS Backup plan for the database and instances",
        Phase::Three,
        [10],
        ["TFR101"],
        [],
        backup
    ),
    fixer!(
        "guardduty",
        "GuardDuty with findings to SNS",
        Phase::Three,
        [12],
        ["TFR121"],
        [],
        guardduty
    ),
    fixer!(
        "session_manager",
        "Session Manager instead of SSH",
        Phase::Three,
        [15],
        ["TFR151"],
        [],
        session_manager
    ),
    fixer!(
        "config",
        "AWS Config recorder",
        Phase::Four,
        [19],
        ["TFR191"],
        [],
        config
    ),
    fixer!(
        "nacl",
        "Network ACLs",
        Phase::Four,
        [19],
        ["TFR192"],
        [],
        nacl
    ),
    fixer!(
        "default_tags",
        "Cost-allocation tags in provider default_tags",
        Phase::QuickWin,
        [17],
        ["TFR171"],
        [],
        default_tags
    ),
    fixer!(
        "environments",
        "Per-environment variable files",
        Phase::QuickWin,
        [16],
        ["TFR161"],
        [],
        environments
    ),
];

fn selected(f: &Fixer, opts: &FixOptions) -> bool {
    let phase = opts.phases.is_empty() || opts.phases.contains(&f.phase);
    let rule = opts.rules.is_empty()
        || opts.rules.iter().any(|r| {
            f.rules.iter().any(|id| {
                id.eq_ignore_ascii_case(r)
                    || tfready_rules::find_rule(r).is_some_and(|rule| rule.meta.id == *id)
            })
        });
    phase && rule
}

fn run(cx: &mut FixCx<'_>, f: &Fixer) {
    if cx.ran.contains(&f.id) {
        return;
    }
    cx.ran.push(f.id);
    for need in f.needs {
        if let Some(n) = FIXERS.iter().find(|x| x.id == *need) {
            run(cx, n);
        }
    }
    (f.run)(cx);
}

/// Plans the fix: every selected fixer (and what it needs), in order.
pub fn plan(project: &Project, opts: &FixOptions) -> FixPlan {
    let mut cx = FixCx::new(project);
    for f in FIXERS.iter().filter(|f| selected(f, opts)) {
        run(&mut cx, f);
    }
    let mut next_steps = cx.next_steps.clone();
    next_steps.dedup();
    // Roll the new modules out one at a time, in phase order (roadmap 8.1).
    let added: Vec<String> = cx
        .done
        .iter()
        .filter_map(|d| {
            d.strip_prefix("module \"")
                .and_then(|r| r.split('"').next())
                .map(str::to_string)
        })
        .collect();
    for m in &added {
        next_steps.push(format!("terraform apply -target=module.{m}"));
    }
    if !added.is_empty() {
        next_steps.push("terraform plan   # should show no further changes".into());
    }
    FixPlan {
        changes: cx.ws.changes(),
        done: cx.done,
        next_steps,
    }
}

// ----------------------------------------------------------------------------
// Shared pieces
// ----------------------------------------------------------------------------

fn project_name(cx: &FixCx<'_>) -> String {
    cx.wiring
        .var(&["project_name", "project", "name_prefix"])
        .unwrap_or_else(|| {
            let dir = cx
                .project
                .root
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| "app".into());
            format!("{dir:?}")
        })
}

fn environment(cx: &FixCx<'_>) -> String {
    cx.wiring
        .var(&["environment", "env", "stage"])
        .unwrap_or_else(|| "\"prod\"".into())
}

fn tags(cx: &FixCx<'_>) -> Option<String> {
    cx.wiring
        .var(&["global_tags", "tags", "common_tags", "default_tags"])
}

/// Common inputs every module takes.
fn base_inputs(cx: &FixCx<'_>, with_env: bool) -> Vec<(&'static str, String)> {
    let mut v = vec![("project_name", project_name(cx))];
    if with_env {
        v.push(("environment", environment(cx)));
    }
    v
}

fn with_tags(
    cx: &FixCx<'_>,
    mut inputs: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String)> {
    if let Some(t) = tags(cx) {
        inputs.push(("tags", t));
    }
    inputs
}

fn missing(cx: &mut FixCx<'_>, fixer: &str, what: &str) {
    cx.next_steps.push(format!(
        "{fixer}: could not find {what} in the stack; the module was not added"
    ));
}

/// Evaluates a root expression to a string, when known.
fn root_string(cx: &FixCx<'_>, expr: &str) -> Option<String> {
    let e = tfready_model::hcl_edit::parser::parse_expr(expr).ok()?;
    let env = tfready_model::InstanceEnv {
        project: cx.project,
        instance: &cx.project.instances[0],
    };
    tfready_model::Evaluator::new(&env).eval(&e).as_string()
}

/// Comments out lines of the user-data scripts (files read by `file` /
/// `templatefile` in instances and launch templates) that match, with a
/// note saying why. The script keeps every line.
fn comment_out_in_user_data(cx: &mut FixCx<'_>, words: &[&str], why: &str) {
    let mut scripts = Vec::new();
    for r in cx.project.resources().filter(|r| {
        matches!(
            r.resource.ty.as_str(),
            "aws_instance" | "aws_launch_template"
        )
    }) {
        let Some(attr) = r.attr("user_data") else {
            continue;
        };
        // The first text is the attribute itself; the rest are the scripts it reads.
        for (place, _) in tfready_rules::helpers::text_with_files(&attr)
            .into_iter()
            .skip(1)
        {
            scripts.push(place);
        }
    }
    scripts.sort();
    scripts.dedup();
    for script in scripts {
        let text = cx.ws.read(&script);
        let mut changed = false;
        let out: Vec<String> = text
            .lines()
            .map(|l| {
                let t = l.trim_start();
                let lower = t.to_ascii_lowercase();
                if !t.starts_with('#') && words.iter().any(|w| lower.contains(w)) {
                    changed = true;
                    let indent = &l[..l.len() - t.len()];
                    format!("{indent}# tfready: {why}\n{indent}# {t}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        if changed {
            let mut new = out.join("\n");
            if text.ends_with('\n') {
                new.push('\n');
            }
            cx.ws.write(&script, new);
            cx.done.push(format!(
                "{script}: commented out what the change replaces ({why})"
            ));
        }
    }
}

/// Ingress blocks of security groups, as written (for removal by text).
fn ingress_texts(
    cx: &FixCx<'_>,
    keep: impl Fn(Option<f64>, Option<f64>, bool, bool) -> bool,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for sg in cx.project.resources_of("aws_security_group") {
        let file = cx.file_of(&sg);
        for b in sg
            .resource
            .block
            .body
            .blocks()
            .filter(|b| b.ident.as_str() == "ingress")
        {
            let block = sg
                .body()
                .blocks("ingress")
                .into_iter()
                .find(|x| std::ptr::eq(x.body, &b.body));
            let Some(block) = block else { continue };
            let from = block.eval("from_port").and_then(|v| v.as_f64());
            let to = block.eval("to_port").and_then(|v| v.as_f64());
            let world = ["cidr_blocks", "ipv6_cidr_blocks"].iter().any(|a| {
                block.eval(a).is_some_and(|v| {
                    let s = v.to_string();
                    s.contains("0.0.0.0/0") || s.contains("::/0")
                })
            });
            let all = matches!(
                block
                    .eval("protocol")
                    .and_then(|v| v.as_string())
                    .as_deref(),
                Some("-1" | "all")
            );
            if !keep(from, to, world, all) {
                out.push((file.clone(), sg.resource.name.clone(), block_text(b)));
            }
        }
    }
    out
}

fn remove_ingress(cx: &mut FixCx<'_>, blocks: Vec<(String, String, String)>, note: &str) -> usize {
    let mut n = 0;
    for (file, sg, text) in blocks {
        n += cx
            .edit_file(&file, |body| {
                let Some(b) = block_mut(body, "resource", &["aws_security_group", &sg]) else {
                    return 0;
                };
                remove_where(&mut b.body, note, |s: &Structure| {
                    s.as_block()
                        .is_some_and(|x| x.ident.as_str() == "ingress" && block_text(x) == text)
                })
            })
            .unwrap_or(0);
    }
    n
}

// ----------------------------------------------------------------------------
// Phase 1
// ----------------------------------------------------------------------------

fn state(cx: &mut FixCx<'_>) {
    let root = cx.project.root_module();
    if root.cloud().is_some() {
        return;
    }
    let project = root_string(cx, &project_name(cx)).unwrap_or_else(|| "terraform".into());
    let region = root
        .providers
        .iter()
        .find(|p| p.name == "aws")
        .and_then(|p| p.block.body.get_attribute("region"))
        .and_then(|a| root_string(cx, &a.value.to_string()))
        .unwrap_or_else(|| "us-east-1".into());
    let env = root_string(cx, &environment(cx)).unwrap_or_else(|| "prod".into());
    let bucket = format!("{project}-terraform-state-{region}");
    let file = match root.backend() {
        Some((tf, _)) => cx.project.files[tf.file].display.clone(),
        None => root
            .terraform
            .first()
            .map(|t| cx.project.files[t.file].display.clone())
            .unwrap_or_else(|| cx.root_file("main.tf")),
    };
    let snippet = format!(
        "  # Remote state (tfready fix, roadmap 1.1): encrypted, S3 native locking\n  # (Terraform >= 1.10; no DynamoDB table needed). Create the bucket with\n  # `tfready bootstrap-state --bucket {bucket}`, then `terraform init -migrate-state`.\n  backend \"s3\" {{\n    bucket       = \"{bucket}\"\n    key          = \"{env}/terraform.tfstate\"\n    region       = \"{region}\"\n    encrypt      = true\n    use_lockfile = true\n  }}\n"
    );
    let changed = cx
        .edit_file(&file, |body| {
            if block_mut(body, "terraform", &[]).is_none() {
                push_snippet(body, "terraform {\n}\n");
            }
            let tf = block_mut(body, "terraform", &[]).expect("just ensured");
            let existing = tf
                .body
                .blocks()
                .find(|b| b.ident.as_str() == "backend")
                .map(|b| {
                    b.labels
                        .first()
                        .map(|l| l.as_str().to_string())
                        .unwrap_or_default()
                });
            match existing.as_deref() {
                Some("s3") => {
                    let b = find_block_mut(&mut tf.body, |b| b.ident.as_str() == "backend")
                        .expect("found above");
                    let mut c = false;
                    if b.body
                        .get_attribute("encrypt")
                        .and_then(|a| a.value.as_bool())
                        != Some(true)
                    {
                        c |= set_attr(&mut b.body, "encrypt", "true", "    ");
                    }
                    if b.body
                        .get_attribute("use_lockfile")
                        .and_then(|a| a.value.as_bool())
                        != Some(true)
                    {
                        c |= set_attr(&mut b.body, "use_lockfile", "true", "    ");
                    }
                    c
                }
                Some("local") => replace_block(
                    &mut tf.body,
                    "state goes to S3 (roadmap 1.1)",
                    &snippet,
                    |b| b.ident.as_str() == "backend",
                ),
                None => {
                    push_snippet(&mut tf.body, &snippet);
                    true
                }
                Some(_) => false,
            }
        })
        .unwrap_or(false);
    if changed {
        cx.done.push(format!(
            "{file}: S3 backend (bucket {bucket}, encrypted, use_lockfile)"
        ));
        cx.next_steps.push(format!(
            "tfready bootstrap-state {} --bucket {bucket}   # creates the state bucket",
            cx.project.display_root
        ));
        cx.next_steps.push("terraform state pull > backup.tfstate   # keep a copy of the current state (roadmap 8.3)".into());
        cx.next_steps.push("terraform init -migrate-state".into());
    }
}

fn secrets(cx: &mut FixCx<'_>) {
    use tfready_model::secrets::looks_secret;
    // 1. Secret variables become sensitive.
    let mut vars = Vec::new();
    for m in &cx.project.modules {
        for v in m
            .variables
            .values()
            .filter(|v| !v.sensitive && looks_secret(&v.name))
        {
            vars.push((cx.project.files[v.file].display.clone(), v.name.clone()));
        }
    }
    for (file, name) in vars {
        let done = cx
            .edit_file(&file, |body| {
                block_mut(body, "variable", &[&name])
                    .map(|b| set_attr(&mut b.body, "sensitive", "true", "  "))
            })
            .flatten();
        if done == Some(true) {
            cx.done.push(format!("{file}: var.{name} is sensitive"));
        }
    }
    // 2. Secret values leave the tfvars files; the value is written nowhere.
    let mut moved = Vec::new();
    for a in &cx.project.tfvars {
        if let VarOrigin::File(l) = &a.origin {
            if a.value.is_sensitive() && !a.value.as_str().is_some_and(str::is_empty) {
                moved.push((l.file.clone(), a.name.clone()));
            }
        }
    }
    for (file, name) in &moved {
        let n = cx
            .edit_file(file, |body| {
                remove_where(
                    body,
                    "secrets do not belong in variable files (Secrets Manager holds them)",
                    |s| s.as_attribute().is_some_and(|a| a.key.as_str() == name),
                )
            })
            .unwrap_or(0);
        if n > 0 {
            cx.done.push(format!(
                "{file}: {name} removed (its value is not kept anywhere by tfready)"
            ));
        }
        // The variable must not need a value any more.
        let root_var = cx
            .project
            .root_module()
            .variables
            .get(name)
            .filter(|v| v.default.is_none())
            .map(|v| cx.project.files[v.file].display.clone());
        if let Some(vf) = root_var {
            cx.edit_file(&vf, |body| {
                if let Some(b) = block_mut(body, "variable", &[name]) {
                    set_attr(&mut b.body, "default", "\"\"", "  ");
                    set_attr(&mut b.body, "sensitive", "true", "  ");
                }
            });
        }
    }
    // 3. RDS manages the master password in Secrets Manager.
    let dbs: Vec<_> = cx
        .project
        .resources_of("aws_db_instance")
        .filter(|d| d.attr("password").is_some())
        .collect();
    let mut db_secret_source = None;
    for db in dbs {
        let changed = cx
            .edit_resource(&db, |b| {
                let n = remove_where(&mut b.body, "the master password is managed by RDS in Secrets Manager (manage_master_user_password)", |s| {
                    s.as_attribute().is_some_and(|a| a.key.as_str() == "password")
                });
                let set = set_attr(&mut b.body, "manage_master_user_password", "true", "  ");
                n > 0 || set
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} uses an RDS-managed master password",
                cx.file_of(&db),
                db.address()
            ));
        }
        // Expose the secret's ARN from the database's module.
        let module_dir = db.module().dir.clone();
        let value = format!(
            "try({}.master_user_secret[0].secret_arn, null)",
            db.resource.address()
        );
        if module_dir.is_empty() {
            db_secret_source = Some(value);
        } else {
            let out_file = format!("{module_dir}/outputs.tf");
            cx.edit_file(&out_file, |body| {
                if block_mut(body, "output", &["db_master_user_secret_arn"]).is_none() {
                    push_snippet(body, &format!("\n# Added by `tfready fix`: where the app reads the database credentials.\noutput \"db_master_user_secret_arn\" {{\n  description = \"ARN of the RDS-managed master user secret (Secrets Manager)\"\n  value       = {value}\n}}\n"));
                }
            });
            if let Some(call) = cx
                .project
                .root_module()
                .calls
                .iter()
                .find(|c| c.source == tfready_model::ModuleSource::Local(db.instance.module))
            {
                db_secret_source = Some(format!("module.{}.db_master_user_secret_arn", call.name));
            }
        }
    }
    // 4. The secrets module: app secrets and a least-privilege read policy for the app role.
    let mut inputs = base_inputs(cx, true);
    if let Some(s) = db_secret_source.or_else(|| {
        cx.project
            .root_module()
            .calls
            .iter()
            .find(|c| c.name == "rds")
            .map(|c| format!("module.{}.db_master_user_secret_arn", c.name))
    }) {
        inputs.push(("rds_master_user_secret_arn", s));
    }
    if let Some(role) = cx.wiring.instance_role_name() {
        inputs.push(("app_role_names", format!("[{}]", role.expr)));
    }
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "secrets",
        "Secrets Manager: app secrets and the app role's read access (roadmap 1.2)",
        None,
        &inputs,
    ) {
        cx.add_output(
            "app_secret_arn",
            "Secrets Manager secret with the application's secrets",
            "module.secrets.app_secret_arn",
        );
        cx.next_steps.push("The app reads its database credentials from Secrets Manager (output db_master_user_secret_arn of the database module) instead of a password in .env".into());
    }
}

/// Every bucket gets the companions it lacks, next to it in its file.
fn s3(cx: &mut FixCx<'_>) {
    // (resource type, legacy inline block, body for bucket NAME)
    type Companion = (&'static str, &'static str, fn(&str) -> String);
    let companions: &[Companion] = &[
        (
            "aws_s3_bucket_public_access_block",
            "public_access_block",
            |b| {
                format!("  bucket                  = aws_s3_bucket.{b}.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n")
            },
        ),
        ("aws_s3_bucket_versioning", "versioning", |b| {
            format!("  bucket = aws_s3_bucket.{b}.id\n\n  versioning_configuration {{\n    status = \"Enabled\"\n  }}\n")
        }),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            "server_side_encryption_configuration",
            |b| {
                format!("  bucket = aws_s3_bucket.{b}.id\n\n  rule {{\n    apply_server_side_encryption_by_default {{\n      sse_algorithm = \"AES256\"\n    }}\n  }}\n")
            },
        ),
        (
            "aws_s3_bucket_lifecycle_configuration",
            "lifecycle_rule",
            |b| {
                format!("  bucket = aws_s3_bucket.{b}.id\n\n  # Versioning keeps every overwrite: old versions go after 90 days, and\n  # abandoned multipart uploads after 7 (both are billed storage).\n  rule {{\n    id     = \"tidy\"\n    status = \"Enabled\"\n\n    filter {{}}\n\n    noncurrent_version_expiration {{\n      noncurrent_days = 90\n    }}\n\n    abort_incomplete_multipart_upload {{\n      days_after_initiation = 7\n    }}\n  }}\n")
            },
        ),
    ];
    // Buckets of tfready's own modules are configured there already; counted
    // buckets would need indexed companions: both are left alone.
    let ours = |dir: &str| {
        FILES.iter().any(|(p, _)| {
            dir.strip_prefix("modules/")
                .is_some_and(|m| p.starts_with(&format!("modules/{m}/")))
        })
    };
    let buckets: Vec<_> = cx
        .project
        .resources_of("aws_s3_bucket")
        .filter(|b| {
            !ours(&b.module().dir)
                && !b.resource.block.body.has_attribute("count")
                && !b.resource.block.body.has_attribute("for_each")
        })
        .collect();
    for b in buckets {
        let file = cx.file_of(&b);
        let name = b.resource.name.clone();
        for (ty, inline, body) in companions {
            let present = !b.blocks(inline).is_empty()
                || cx.project.resources_of(ty).any(|c| {
                    c.instance.id == b.instance.id
                        && c.attr("bucket").is_some_and(|a| {
                            cx.project
                                .origins(c.instance.id, a.expr())
                                .iter()
                                .any(|o| o.name == name && o.ty == "aws_s3_bucket")
                        })
                });
            let text = cx.ws.read(&file);
            if present || text.contains(&format!("resource \"{ty}\" \"{name}\"")) {
                continue;
            }
            cx.ws.append(
                &file,
                &format!(
                    "# Added by `tfready fix`.\nresource \"{ty}\" \"{name}\" {{\n{}}}\n",
                    body(&name)
                ),
            );
            cx.done.push(format!("{file}: {ty}.{name} added"));
        }
    }
}

/// Instances and launch templates require IMDSv2 tokens (an in-place change).
fn imdsv2(cx: &mut FixCx<'_>) {
    let targets: Vec<_> = cx
        .project
        .resources()
        .filter(|r| {
            matches!(
                r.resource.ty.as_str(),
                "aws_instance" | "aws_launch_template"
            )
        })
        .filter(|r| r.blocks("metadata_options").is_empty())
        .collect();
    for r in targets {
        let changed = cx
            .edit_resource(&r, |b| {
                if b.body.blocks().any(|x| x.ident.as_str() == "metadata_options") {
                    return false;
                }
                push_snippet(&mut b.body, "\n  # IMDSv2 only: a request forgery in the app cannot read the role's credentials.\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n");
                true
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} requires IMDSv2",
                cx.file_of(&r),
                r.address()
            ));
        }
    }
}

fn acm(cx: &mut FixCx<'_>) {
    let (Some(domain), Some(zone)) = (
        cx.wiring.var(&["domain_name", "domain", "zone_name"]),
        cx.wiring.zone_id(),
    ) else {
        return missing(
            cx,
            "acm",
            "a domain name variable and a Route 53 hosted zone",
        );
    };
    let mut inputs = base_inputs(cx, false);
    inputs.push(("domain_name", domain));
    if let Some(sub) = cx.wiring.var(&["app_subdomain", "subdomain"]) {
        inputs.push(("app_subdomain", sub));
    }
    inputs.push(("hosted_zone_id", zone.expr.clone()));
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "acm",
        "ACM certificate with DNS validation; AWS renews it (roadmap 1.3)",
        combined_count(&[&zone]).as_deref(),
        &inputs,
    ) {
        let idx = if zone.count.is_some() { "[0]" } else { "" };
        let value = match &zone.count {
            Some(c) => format!(
                "{} ? module.acm{idx}.certificate_arn : null",
                c.split('?').next().unwrap_or("true").trim()
            ),
            None => "module.acm.certificate_arn".into(),
        };
        cx.add_output(
            "certificate_arn",
            "ACM certificate for the app (renewed by AWS)",
            &value,
        );
    }
}

/// Instances publish 1-minute metrics (the alarms react in minutes, not
/// five) and are EBS-optimised; both change in place.
fn instance_metrics(cx: &mut FixCx<'_>) {
    let instances: Vec<_> = cx.project.resources_of("aws_instance").collect();
    for r in instances {
        let changed = cx
            .edit_resource(&r, |b| {
                let mut c = false;
                if !b.body.has_attribute("monitoring") {
                    c |= set_attr(&mut b.body, "monitoring", "true", "  ");
                }
                if !b.body.has_attribute("ebs_optimized") {
                    c |= set_attr(&mut b.body, "ebs_optimized", "true", "  ");
                }
                c
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} has detailed monitoring and is EBS-optimised",
                cx.file_of(&r),
                r.address()
            ));
        }
    }
}

fn monitoring(cx: &mut FixCx<'_>) {
    instance_metrics(cx);
    let domain = root_string(cx, &cx.wiring.var(&["domain_name"]).unwrap_or_default())
        .unwrap_or_else(|| "example.com".into());
    cx.add_variable("alert_emails", "  description = \"Who receives alarm e-mails (each address confirms the SNS subscription once)\"\n  type        = list(string)\n");
    cx.set_tfvar("alert_emails", &format!("[\"ops@{domain}\"]"));
    let mut inputs = base_inputs(cx, true);
    inputs.push(("alert_emails", "var.alert_emails".into()));
    if let Some((_, i)) = cx.wiring.instance("id") {
        inputs.push(("ec2_instance_ids", format!("[{}]", i.expr)));
    }
    if let Some((_, d)) = cx
        .wiring
        .database("identifier")
        .or_else(|| cx.wiring.database("id"))
    {
        inputs.push(("rds", format!("{{ instance_id = {} }}", d.expr)));
    }
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "monitoring",
        "CloudWatch alarms, SNS alerts, log groups and a dashboard (roadmap 1.5)",
        None,
        &inputs,
    ) {
        cx.add_output(
            "alerts_topic_arn",
            "SNS topic every alarm notifies",
            "module.monitoring.sns_topic_arn",
        );
        cx.next_steps.push(
            "Confirm the SNS subscription e-mail sent to each address in alert_emails".into(),
        );
    }
}

fn app_ports(cx: &mut FixCx<'_>) {
    default_security_groups(cx);
    let blocks = ingress_texts(cx, |from, to, world, all| {
        let app = all
            || !matches!((from, to), (Some(f), Some(t)) if f == t && [22.0, 80.0, 443.0].contains(&f));
        !(world && app)
    });
    let n = remove_ingress(
        cx,
        blocks,
        "application ports are not open to the internet (roadmap 4.1)",
    );
    if n > 0 {
        cx.done.push(format!(
            "{n} world-open application port ingress rule(s) removed"
        ));
    }
}

/// Every VPC's default security group loses its rules: nothing should fall
/// back to it (resources without an explicit group would be reachable).
fn default_security_groups(cx: &mut FixCx<'_>) {
    let vpcs: Vec<_> = cx.project.resources_of("aws_vpc").collect();
    for vpc in vpcs {
        if cx
            .project
            .resources_of("aws_default_security_group")
            .any(|d| d.instance.id == vpc.instance.id)
        {
            continue;
        }
        let file = cx.file_of(&vpc);
        let name = vpc.resource.name.clone();
        if cx.ws.read(&file).contains(&format!(
            "resource \"aws_default_security_group\" \"{name}\""
        )) {
            continue;
        }
        cx.ws.append(
            &file,
            &format!("# Added by `tfready fix`: the VPC's default security group allows nothing;\n# every resource names its own group.\nresource \"aws_default_security_group\" \"{name}\" {{\n  vpc_id = aws_vpc.{name}.id\n}}\n"),
        );
        cx.done.push(format!(
            "{file}: the default security group of aws_vpc.{name} allows nothing"
        ));
    }
}

// ----------------------------------------------------------------------------
// Phase 2
// ----------------------------------------------------------------------------

fn alb(cx: &mut FixCx<'_>) {
    let root = cx.project.root_module();
    let Some(acm) = root
        .calls
        .iter()
        .find(|c| c.name == "acm")
        .map(|c| c.name.clone())
        .or_else(|| {
            // Planned in this run by the acm fixer.
            cx.done
                .iter()
                .any(|d| d.starts_with("module \"acm\""))
                .then(|| "acm".to_string())
        })
    else {
        return missing(cx, "alb", "an ACM certificate (the acm fix)");
    };
    let (Some(vpc), Some(subnets)) = (cx.wiring.vpc_id(), cx.wiring.subnets(true)) else {
        return missing(cx, "alb", "the VPC and its public subnets");
    };
    let zone = cx.wiring.zone_id();
    let count = zone.as_ref().and_then(|z| z.count.clone());
    let idx = if count.is_some() { "[0]" } else { "" };
    let app_sg = cx.wiring.app_security_group();
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr.clone()));
    inputs.push(("public_subnet_ids", subnets.expr.clone()));
    inputs.push((
        "certificate_arn",
        format!("module.{acm}{idx}.certificate_arn"),
    ));
    if let Some(sg) = &app_sg {
        inputs.push(("app_security_group_id", sg.expr.clone()));
    }
    if let Some((_, i)) = cx.wiring.instance("id") {
        inputs.push(("target_instance_ids", format!("[{}]", i.expr)));
    }
    let inputs = with_tags(cx, inputs);
    if !cx.add_module(
        "alb",
        "Application Load Balancer: TLS 1.3, HTTP->HTTPS, health checks, access logs (roadmap 1.4)",
        count.as_deref(),
        &inputs,
    ) {
        return;
    }
    cx.add_output(
        "alb_dns_name",
        "DNS name of the load balancer",
        &format!("try(module.alb{idx}.alb_dns_name, null)"),
    );
    // The DNS record aliases the ALB instead of the instance's address.
    alias_records(cx, idx);
    // App ports only from the ALB; every inline rule leaves the app group
    // (inline rules and rule resources on one group fight on every apply).
    if let Some(sg) = app_sg {
        let blocks = ingress_texts(cx, |_, _, _, _| false);
        let own: Vec<_> = blocks.into_iter().collect();
        let app_sg_name = cx
            .project
            .resources_of("aws_security_group")
            .find(|r| cx.wiring.attr(r, "id").as_ref() == Some(&sg))
            .map(|r| (cx.file_of(&r), r.resource.name.clone()));
        if let Some((file, name)) = app_sg_name {
            let mine: Vec<_> = own
                .into_iter()
                .filter(|(f, n, _)| *f == file && *n == name)
                .collect();
            remove_ingress(cx, mine, "public ingress replaced: the app is reached through the ALB only (roadmap 1.4, 4.1)");
            move_egress_out(cx, &file, &name);
        }
        let inputs = with_tags(
            cx,
            vec![
                ("project_name", project_name(cx)),
                ("app_security_group_id", sg.expr.clone()),
                (
                    "alb_security_group_id",
                    format!("module.alb{idx}.alb_security_group_id"),
                ),
            ],
        );
        cx.add_module(
            "sg_hardening",
            "App ports open to the ALB's security group only (roadmap 4.1)",
            count.as_deref(),
            &inputs,
        );
    }
    // TLS terminates at the ALB: certbot on the instance goes.
    comment_out_in_user_data(
        cx,
        &["certbot", "letsencrypt", "let's encrypt"],
        "TLS terminates at the load balancer with an ACM certificate",
    );
    replace_manual_tls_outputs(cx);
    // Monitoring watches the ALB too.
    if cx
        .ws
        .read(&cx.root_file("main.tf"))
        .contains("module \"monitoring\"")
    {
        let file = cx.root_file("main.tf");
        let value = match &count {
            Some(c) => format!("{} ? {{ arn_suffix = module.alb[0].alb_arn_suffix, target_group_arn_suffix = module.alb[0].target_group_arn_suffix }} : null", c.split('?').next().unwrap_or("true").trim()),
            None => "{ arn_suffix = module.alb.alb_arn_suffix, target_group_arn_suffix = module.alb.target_group_arn_suffix }".into(),
        };
        cx.edit_file(&file, |body| {
            block_mut(body, "module", &["monitoring"])
                .map(|b| set_attr(&mut b.body, "alb", &value, "  "))
        });
    }
}

/// Route 53 records pointing at an instance address become aliases of the ALB.
fn alias_records(cx: &mut FixCx<'_>, idx: &str) {
    let records: Vec<_> = cx
        .project
        .resources_of("aws_route53_record")
        .filter(|r| {
            r.attr("records").is_some_and(|a| {
                cx.project
                    .origins(r.instance.id, a.expr())
                    .iter()
                    .any(|o| o.ty == "aws_eip" || o.ty == "aws_instance")
            })
        })
        .collect();
    for r in records {
        let module_dir = r.module().dir.clone();
        let in_root = module_dir.is_empty();
        let (name_expr, zone_expr) = if in_root {
            (
                format!("module.alb{idx}.alb_dns_name"),
                format!("module.alb{idx}.alb_zone_id"),
            )
        } else {
            (
                "var.alb_dns_name".to_string(),
                "var.alb_zone_id".to_string(),
            )
        };
        let alias = format!("  alias {{\n    name                   = {name_expr}\n    zone_id                = {zone_expr}\n    evaluate_target_health = true\n  }}\n");
        let changed = cx
            .edit_resource(&r, |b| {
                let n = remove_where(
                    &mut b.body,
                    "the record aliases the load balancer instead of the instance's address",
                    |s| {
                        s.as_attribute()
                            .is_some_and(|a| matches!(a.key.as_str(), "records" | "ttl"))
                    },
                );
                if n > 0 {
                    push_snippet(&mut b.body, &alias);
                }
                n > 0
            })
            .unwrap_or(false);
        if !changed {
            continue;
        }
        cx.done.push(format!(
            "{}: {} aliases the ALB",
            cx.file_of(&r),
            r.address()
        ));
        if !in_root {
            cx.add_module_variable(
                &module_dir,
                "alb_dns_name",
                "DNS name of the load balancer the app record aliases",
                None,
            );
            cx.add_module_variable(
                &module_dir,
                "alb_zone_id",
                "Route 53 zone id of the load balancer",
                None,
            );
            cx.set_call_inputs(
                r.instance.module,
                &[
                    ("alb_dns_name", format!("module.alb{idx}.alb_dns_name")),
                    ("alb_zone_id", format!("module.alb{idx}.alb_zone_id")),
                ],
            );
        }
    }
}

/// Inline `egress` blocks of a group become rule resources next to it.
fn move_egress_out(cx: &mut FixCx<'_>, file: &str, sg: &str) {
    let moved = cx
        .edit_file(file, |body| {
            let Some(b) = block_mut(body, "resource", &["aws_security_group", sg]) else { return false };
            let had_all = b.body.blocks().any(|e| e.ident.as_str() == "egress");
            if !had_all {
                return false;
            }
            remove_where(&mut b.body, "egress moved to aws_vpc_security_group_egress_rule resources below", |s| s.as_block().is_some_and(|e| e.ident.as_str() == "egress"));
            push_snippet(body, &format!("\n# Added by `tfready fix`: the group's rules are separate resources now\n# (inline rules and rule resources on one group conflict).\nresource \"aws_vpc_security_group_egress_rule\" \"{sg}_all_v4\" {{\n  security_group_id = aws_security_group.{sg}.id\n  description       = \"All outbound traffic\"\n  ip_protocol       = \"-1\"\n  cidr_ipv4         = \"0.0.0.0/0\"\n}}\n"));
            true
        })
        .unwrap_or(false);
    if moved {
        cx.done.push(format!(
            "{file}: aws_security_group.{sg} egress moved to a rule resource"
        ));
    }
}

fn replace_manual_tls_outputs(cx: &mut FixCx<'_>) {
    let outs: Vec<(String, String)> = cx
        .project
        .root_module()
        .outputs
        .values()
        .filter(|o| {
            let t = cx.project.files[o.file].text[o.span.range.clone()].to_ascii_lowercase();
            t.contains("certbot") || t.contains("let's encrypt") || t.contains("letsencrypt")
        })
        .map(|o| (cx.project.files[o.file].display.clone(), o.name.clone()))
        .collect();
    for (file, name) in outs {
        cx.edit_file(&file, |body| {
            if let Some(b) = block_mut(body, "output", &[&name]) {
                // The old text stays, commented out, for the record.
                let old: Vec<String> = b.body.get_attribute("value").map(|a| a.value.to_string()).unwrap_or_default().lines().map(|l| l.trim_end().to_string()).collect();
                let old_desc = b.body.get_attribute("description").map(|a| a.value.to_string().trim().to_string());
                set_attr(&mut b.body, "description", "\"How the app's TLS certificate is managed\"", "  ");
                set_attr(&mut b.body, "value", "\"TLS terminates at the load balancer with an ACM certificate that AWS renews; there is nothing to do by hand.\"", "  ");
                let mut note = vec!["tfready: the manual certificate steps below are replaced by ACM (roadmap 1.3); they were:".to_string()];
                note.extend(old_desc.map(|d| format!("  description = {d}")));
                note.extend(old.iter().map(|l| format!("  {l}")));
                comment_above(&mut b.body, "description", &note);
            }
        });
        cx.done.push(format!(
            "{file}: output {name} describes the ACM certificate instead of manual steps"
        ));
    }
}

fn elasticache(cx: &mut FixCx<'_>) {
    let (Some(vpc), Some(subnets), Some(sg)) = (
        cx.wiring.vpc_id(),
        cx.wiring.subnets(false),
        cx.wiring.app_security_group(),
    ) else {
        return missing(
            cx,
            "elasticache",
            "the VPC, private subnets and the app's security group",
        );
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    inputs.push(("private_subnet_ids", subnets.expr));
    inputs.push(("app_security_group_id", sg.expr));
    let inputs = with_tags(cx, inputs);
    if cx.add_module(
        "elasticache",
        "Managed Redis: encrypted, auth token, Multi-AZ in prod, snapshots (roadmap 2.1)",
        None,
        &inputs,
    ) {
        cx.add_output(
            "redis_url",
            "Redis endpoint for the app (the auth token is in Secrets Manager)",
            "module.elasticache.url",
        );
        comment_out_in_user_data(
            cx,
            &["docker run -d --name redis", "redis-server", "redis:7"],
            "Redis runs in ElastiCache (output redis_url)",
        );
        cx.next_steps.push("Point the app's REDIS_URL at output redis_url; its auth token is in the secret module.elasticache.auth_token_secret_arn".into());
    }
}

fn waf(cx: &mut FixCx<'_>) {
    if !cx
        .ws
        .read(&cx.root_file("main.tf"))
        .contains("module \"alb\"")
    {
        return missing(cx, "waf", "a load balancer (the alb fix)");
    }
    let count = cx.wiring.zone_id().and_then(|z| z.count);
    let idx = if count.is_some() { "[0]" } else { "" };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("alb_arn", format!("module.alb{idx}.alb_arn")));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "waf",
        "WAF: rate limit, AWS managed rules, logging (roadmap 2.2)",
        count.as_deref(),
        &inputs,
    );
}

fn flow_logs(cx: &mut FixCx<'_>) {
    let Some(vpc) = cx.wiring.vpc_id() else {
        return missing(cx, "flow_logs", "the VPC");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "flow_logs",
        "VPC flow logs to CloudWatch Logs (roadmap 2.3)",
        None,
        &inputs,
    );
}

fn rds_monitoring(cx: &mut FixCx<'_>) {
    let Some((db, id)) = cx.wiring.database("identifier") else {
        return missing(cx, "rds_monitoring", "the database");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("db_instance_identifier", id.expr));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "rds_monitoring",
        "RDS enhanced monitoring role and log groups (roadmap 4.2)",
        None,
        &inputs,
    );
    // The database itself.
    let engine = db
        .eval("engine")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let exports = if engine.contains("mysql") || engine.contains("mariadb") {
        "[\"error\", \"general\", \"slowquery\"]"
    } else {
        "[\"postgresql\", \"upgrade\"]"
    };
    let in_root = db.module().dir.is_empty();
    let role = if in_root {
        "module.rds_monitoring.monitoring_role_arn".to_string()
    } else {
        "var.monitoring_role_arn".to_string()
    };
    let changed = cx
        .edit_resource(&db, |b| {
            let mut c = set_attr(&mut b.body, "performance_insights_enabled", "true", "  ");
            c |= set_attr(&mut b.body, "monitoring_interval", "60", "  ");
            c |= set_attr(&mut b.body, "monitoring_role_arn", &role, "  ");
            c |= set_attr(
                &mut b.body,
                "enabled_cloudwatch_logs_exports",
                exports,
                "  ",
            );
            c |= set_attr(
                &mut b.body,
                "iam_database_authentication_enabled",
                "true",
                "  ",
            );
            c |= set_attr(&mut b.body, "copy_tags_to_snapshot", "true", "  ");
            c
        })
        .unwrap_or(false);
    if changed {
        cx.done.push(format!(
            "{}: {} has Performance Insights, enhanced monitoring and log exports",
            cx.file_of(&db),
            db.address()
        ));
    }
    if !in_root {
        let dir = db.module().dir.clone();
        cx.add_module_variable(
            &dir,
            "monitoring_role_arn",
            "IAM role RDS enhanced monitoring publishes with",
            Some("null"),
        );
        cx.set_call_inputs(
            db.instance.module,
            &[(
                "monitoring_role_arn",
                "module.rds_monitoring.monitoring_role_arn".to_string(),
            )],
        );
    }
}

// ----------------------------------------------------------------------------
// Phase 3
// ----------------------------------------------------------------------------

fn backup(cx: &mut FixCx<'_>) {
    let mut arns = Vec::new();
    if let Some((_, d)) = cx.wiring.database("arn") {
        arns.push(d.expr);
    }
    if let Some((_, i)) = cx.wiring.instance("arn") {
        arns.push(i.expr);
    }
    let mut inputs = base_inputs(cx, true);
    inputs.push(("resource_arns", format!("[{}]", arns.join(", "))));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "backup",
        "AWS Backup: daily and weekly rules, vault, selection (roadmap 3.1)",
        None,
        &inputs,
    );
}

fn guardduty(cx: &mut FixCx<'_>) {
    let mut inputs = base_inputs(cx, true);
    if cx
        .ws
        .read(&cx.root_file("variables.tf"))
        .contains("variable \"alert_emails\"")
        || cx
            .project
            .root_module()
            .variables
            .contains_key("alert_emails")
    {
        inputs.push(("alert_emails", "var.alert_emails".into()));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "guardduty",
        "GuardDuty with its protection plans; findings to SNS (roadmap 3.3)",
        None,
        &inputs,
    );
}

fn session_manager(cx: &mut FixCx<'_>) {
    // Any SSH ingress goes, open to the world or not: Session Manager needs none.
    let blocks = ingress_texts(cx, |from, to, _world, all| {
        let ssh = all || matches!((from, to), (Some(f), Some(t)) if f <= 22.0 && 22.0 <= t);
        !ssh
    });
    let n = remove_ingress(
        cx,
        blocks,
        "SSH removed: connect with `aws ssm start-session --target <instance-id>` (roadmap 4.3)",
    );
    if n > 0 {
        cx.done.push(format!(
            "{n} SSH ingress rule(s) removed; Session Manager replaces them"
        ));
    }
    let Some(role) = cx.wiring.instance_role_name() else {
        return missing(cx, "session_manager", "the instance role");
    };
    let has_ssm = cx
        .project
        .resources_of("aws_iam_role_policy_attachment")
        .any(|a| {
            a.eval("policy_arn")
                .and_then(|v| v.as_string())
                .is_some_and(|p| p.ends_with("AmazonSSMManagedInstanceCore"))
        });
    let mut inputs = base_inputs(cx, true);
    inputs.push(("instance_role_name", role.expr));
    if has_ssm {
        inputs.push((
            "attach_ssm_core_policy",
            "false # the role has it already".into(),
        ));
    }
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "session_manager",
        "Session Manager: logged shell access without SSH (roadmap 4.3)",
        None,
        &inputs,
    );
}

// ----------------------------------------------------------------------------
// Phase 4 and quick wins
// ----------------------------------------------------------------------------

fn config(cx: &mut FixCx<'_>) {
    let inputs = with_tags(cx, base_inputs(cx, true));
    cx.add_module(
        "config",
        "AWS Config recorder and delivery channel (roadmap 6, phase 4)",
        None,
        &inputs,
    );
}

fn nacl(cx: &mut FixCx<'_>) {
    let (Some(vpc), Some(cidr), Some(public), Some(private)) = (
        cx.wiring.vpc_id(),
        cx.wiring.vpc_cidr(),
        cx.wiring.subnets(true),
        cx.wiring.subnets(false),
    ) else {
        return missing(cx, "nacl", "the VPC, its CIDR and its subnets");
    };
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr));
    inputs.push(("vpc_cidr_block", cidr.expr));
    inputs.push(("public_subnet_ids", public.expr));
    inputs.push(("private_subnet_ids", private.expr));
    let inputs = with_tags(cx, inputs);
    cx.add_module(
        "nacl",
        "Network ACLs for the public and private subnets (roadmap 6, phase 4)",
        None,
        &inputs,
    );
}

fn default_tags(cx: &mut FixCx<'_>) {
    let project = project_name(cx);
    let env = environment(cx);
    let app = root_string(cx, &project).unwrap_or_else(|| "app".into());
    cx.add_variable(
        "cost_allocation_tags",
        &format!("  description = \"Owner, CostCenter, ManagedBy and Application tags on every resource (Project and Environment come from their variables)\"\n  type        = map(string)\n  default = {{\n    Owner       = \"platform-team\"\n    CostCenter  = \"engineering\"\n    ManagedBy   = \"Terraform\"\n    Application = \"{app}\"\n  }}\n"),
    );
    let providers: Vec<String> = cx
        .project
        .root_module()
        .providers
        .iter()
        .filter(|p| p.name == "aws")
        .map(|p| cx.project.files[p.file].display.clone())
        .collect();
    for file in providers {
        let tags = format!(
            "merge(var.cost_allocation_tags, {{ Project = {project}, Environment = {env} }})"
        );
        let changed = cx
            .edit_file(&file, |body| {
                let Some(p) = find_block_mut(body, |b| b.ident.as_str() == "provider" && b.labels.first().map(|l| l.as_str()) == Some("aws") && !b.body.has_attribute("alias")) else {
                    return false;
                };
                if p.body.blocks().any(|b| b.ident.as_str() == "default_tags") {
                    return false;
                }
                push_snippet(&mut p.body, &format!("\n  # Cost-allocation tags on every resource (tfready fix, roadmap 4.5).\n  default_tags {{\n    tags = {tags}\n  }}\n"));
                true
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{file}: provider default_tags with the cost-allocation tag set"
            ));
            cx.next_steps.push("Activate the tags once in Billing > Cost allocation tags so Cost Explorer can group by them".into());
        }
    }
}

fn environments(cx: &mut FixCx<'_>) {
    if cx.project.root.join("environments").is_dir() {
        return;
    }
    let declared: Vec<String> = cx.project.root_module().variables.keys().cloned().collect();
    let added = cx.ws.read(&cx.root_file("variables.tf"));
    for env in ["dev", "staging", "prod"] {
        let path = format!("environments/{env}.tfvars");
        if cx.ws.exists(&path) {
            continue;
        }
        let template = cx.template(&format!("environments/{env}.tfvars"));
        // Keep only the variables this stack declares; comments stay.
        let kept: Vec<&str> = template
            .lines()
            .filter(|l| {
                let name = l.split('=').next().unwrap_or("").trim();
                let is_assignment =
                    l.contains('=') && !l.trim_start().starts_with('#') && !l.starts_with(' ');
                !is_assignment
                    || declared.iter().any(|d| d == name)
                    || added.contains(&format!("variable \"{name}\""))
            })
            .collect();
        let mut text = kept.join("\n");
        text.push('\n');
        // The stack's own non-secret values, where the template has none.
        cx.ws.write(&path, text);
        cx.done.push(format!("{path} written"));
    }
    cx.next_steps.push("terraform plan -var-file=environments/prod.tfvars   # one state per environment (backend key)".into());
}

/// The edit that makes the root module's backend `snippet` (a `backend`
/// block, indented for a `terraform` block): used by `bootstrap-state`.
/// Empty when the backend is already exactly that.
pub fn backend_changes(project: &Project, snippet: &str) -> Vec<Change> {
    let mut cx = FixCx::new(project);
    let root = project.root_module();
    let file = match root.backend() {
        Some((tf, _)) => project.files[tf.file].display.clone(),
        None => root
            .terraform
            .first()
            .map(|t| project.files[t.file].display.clone())
            .unwrap_or_else(|| cx.root_file("main.tf")),
    };
    let want = tfready_model::hcl_edit::parser::parse_body(snippet)
        .ok()
        .and_then(|b| b.blocks().next().map(block_text));
    cx.edit_file(&file, |body| {
        if block_mut(body, "terraform", &[]).is_none() {
            push_snippet(body, "terraform {\n}\n");
        }
        let tf = block_mut(body, "terraform", &[]).expect("just ensured");
        let current = tf
            .body
            .blocks()
            .find(|b| b.ident.as_str() == "backend")
            .map(block_text);
        if current.is_some() && current == want {
            return;
        }
        if current.is_some() {
            replace_block(
                &mut tf.body,
                "the state bucket was bootstrapped by `tfready bootstrap-state`",
                snippet,
                |b| b.ident.as_str() == "backend",
            );
        } else {
            push_snippet(&mut tf.body, snippet);
        }
    });
    cx.ws.changes()
}
