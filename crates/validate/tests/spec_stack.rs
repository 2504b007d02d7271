//! The spec's own code, assembled as `production-readiness-roadmap.md` tells
//! a reader to (see `tests/fixtures/spec-stack/README.md`), must get every
//! mistake `terraform plan` / `apply` would hit — and nothing else.
//!
//! The root module (the example's `main.tf` with the §1.1 backend and the
//! §1.2–§1.5 module calls, the example's modules with the §1.4, §2.3 and §4.2
//! edits, and the new secrets / acm / alb / monitoring modules) is validated
//! as one project. The §2.1–§3.3 modules are never called by the spec's
//! `main.tf`, so each is validated on its own, as `terraform validate` in
//! that directory would; the spec gives none of them a `variables.tf`, so
//! every variable they use is undeclared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tfready_validate::{validate, Problem, Severity};

use Severity::{Error as E, Warning as W};

fn stack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec-stack")
}

/// One mistake of the spec: where it surfaces, and the spec section whose
/// code causes it.
struct Mistake {
    section: &'static str,
    file: &'static str,
    line: usize,
    code: &'static str,
    severity: Severity,
    what: &'static str,
}

const fn m(
    section: &'static str,
    file: &'static str,
    line: usize,
    code: &'static str,
    severity: Severity,
    what: &'static str,
) -> Mistake {
    Mistake {
        section,
        file,
        line,
        code,
        severity,
        what,
    }
}

/// Mistakes of the assembled root stack.
const ROOT: &[Mistake] = &[
    m("§1.1", "main.tf", 20, "backend-deprecated-argument", W, "dynamodb_table is deprecated since Terraform 1.11 (use_lockfile = true)"),
    m("§1.1", "main.tf", 23, "backend-unknown-argument", E, "`versioning` is not an s3 backend argument"),
    m("§1.2", "main.tf", 135, "undeclared-reference", E, "var.jwt_secret is never declared in the root"),
    m("§1.2", "main.tf", 136, "undeclared-reference", E, "var.encryption_key is never declared in the root"),
    m("§1.2", "main.tf", 137, "undeclared-reference", E, "var.api_key is never declared in the root"),
    m("§1.2", "modules/secrets/main.tf", 52, "undeclared-reference", E, "aws_lambda_function.rotate_secret is never declared"),
    m("§1.5", "main.tf", 209, "undeclared-module-output", E, "module.alb[0].alb_arn_suffix: modules/alb/outputs.tf (§1.4) has no such output"),
    m("§1.5", "main.tf", 210, "undeclared-module-output", E, "module.alb[0].target_group_arn_suffix: no such output either"),
    m("§1.4", "modules/alb/main.tf", 58, "aws-alb-access-logs-bucket-policy", W, "access logs to the artifacts bucket (prod) without a bucket policy for ELB log delivery"),
    m("§1.4", "modules/route53/main.tf", 20, "undeclared-reference", E, "var.create_app_record is not declared in modules/route53"),
    m("§1.4", "modules/route53/main.tf", 27, "undeclared-reference", E, "var.alb_dns_name is not declared in modules/route53"),
    m("§1.4", "modules/route53/main.tf", 28, "undeclared-reference", E, "var.alb_zone_id is not declared in modules/route53"),
    m("§1.4", "modules/route53/main.tf", 39, "missing-instance-key", E, "the www record reads aws_route53_record.app.fqdn, but §1.4 gave the app record a count"),
    m("§1.4", "modules/route53/outputs.tf", 13, "missing-instance-key", E, "output app_fqdn reads aws_route53_record.app.fqdn without an index"),
    m("§1.4", "modules/vpc/main.tf", 159, "undeclared-reference", E, "var.alb_security_group_id is not declared in modules/vpc"),
    m("§1.5", "modules/monitoring/main.tf", 9, "aws-kms-logs-key-policy", E, "log group encrypted (prod) with aws_kms_key.logs, which has no key policy for logs.<region>.amazonaws.com"),
    m("§1.5", "modules/monitoring/main.tf", 288, "count-unknown-at-plan", E, "alb_target_response_time: count depends on the target group ARN, known only after apply"),
    m("§1.5", "modules/monitoring/main.tf", 309, "count-unknown-at-plan", E, "alb_unhealthy_targets: same"),
    m("§1.5", "modules/monitoring/main.tf", 331, "count-unknown-at-plan", E, "alb_5xx_errors: same"),
];

/// A module the spec never calls, validated on its own.
struct Standalone {
    dir: &'static str,
    section: &'static str,
    /// Variables used but not declared (the spec has no variables.tf).
    undeclared: &'static [&'static str],
    others: &'static [Mistake],
}

const MODULES: &[Standalone] = &[
    Standalone {
        dir: "modules/elasticache",
        section: "§2.1",
        undeclared: &[
            "app_security_group_id",
            "environment",
            "global_tags",
            "node_type",
            "private_subnet_ids",
            "project_name",
            "redis_auth_token",
            "vpc_id",
        ],
        others: &[
            m(
                "§2.1",
                "main.tf",
                40,
                "missing-required-argument",
                E,
                "`description` is required in provider 6",
            ),
            m(
                "§2.1",
                "main.tf",
                42,
                "unknown-argument",
                E,
                "replication_group_description was removed in provider 5 (now `description`)",
            ),
            m(
                "§2.1",
                "main.tf",
                60,
                "unknown-argument",
                E,
                "auth_token_enabled is not an argument (auth_token alone enables AUTH)",
            ),
        ],
    },
    Standalone {
        dir: "modules/waf",
        section: "§2.2",
        undeclared: &[
            "alb_arn",
            "blocked_countries",
            "enable_bot_control",
            "global_tags",
            "project_name",
        ],
        others: &[],
    },
    Standalone {
        dir: "modules/asg",
        section: "§2.4",
        undeclared: &[
            "alb_target_group_arn",
            "app_security_group_id",
            "app_subdomain",
            "aws_region",
            "db_host",
            "db_name",
            "db_password",
            "db_port",
            "db_user",
            "domain_name",
            "ec2_instance_type",
            "ec2_root_volume_size",
            "environment",
            "github_repo_url",
            "global_tags",
            "iam_instance_profile_name",
            "key_name",
            "project_name",
            "public_subnet_ids",
            "redis_endpoint",
            "s3_bucket_name",
            "user_data_script",
        ],
        others: &[],
    },
    Standalone {
        dir: "modules/backup",
        section: "§3.1",
        undeclared: &[
            "ec2_instance_arn",
            "global_tags",
            "project_name",
            "rds_instance_arn",
        ],
        others: &[m(
            "§3.1",
            "main.tf",
            31,
            "aws-backup-lifecycle",
            E,
            "weekly rule: delete_after = 90 with cold_storage_after = 30 (needs >= 120)",
        )],
    },
    Standalone {
        dir: "modules/cloudfront",
        section: "§3.2",
        undeclared: &[
            "acm_certificate_arn",
            "alb_dns_name",
            "app_subdomain",
            "domain_name",
            "global_tags",
            "project_name",
        ],
        others: &[
            m(
                "§3.2",
                "main.tf",
                26,
                "deprecated-argument",
                W,
                "forwarded_values (default behavior) is deprecated: cache/origin request policies",
            ),
            m(
                "§3.2",
                "main.tf",
                49,
                "deprecated-argument",
                W,
                "forwarded_values (/assets/*) is deprecated",
            ),
            m(
                "§3.2",
                "main.tf",
                70,
                "deprecated-argument",
                W,
                "forwarded_values (/api/*) is deprecated",
            ),
            m(
                "§3.2",
                "main.tf",
                86,
                "aws-cloudfront-certificate-region",
                W,
                "the certificate comes from a variable: it must be an ACM certificate in us-east-1",
            ),
        ],
    },
    Standalone {
        dir: "modules/guardduty",
        section: "§3.3",
        undeclared: &["alert_email", "global_tags", "project_name"],
        others: &[m(
            "§3.3",
            "main.tf",
            5,
            "deprecated-argument",
            W,
            "datasources is deprecated in favour of aws_guardduty_detector_feature",
        )],
    },
];

fn key(p: &Problem) -> (String, usize, &'static str, Severity) {
    (p.location.file.clone(), p.location.line, p.code, p.severity)
}

fn compare(label: &str, problems: &[&Problem], expected: &[Mistake]) -> String {
    let mut want: BTreeMap<(String, usize, &'static str, Severity), usize> = BTreeMap::new();
    for e in expected {
        *want
            .entry((e.file.to_string(), e.line, e.code, e.severity))
            .or_insert(0) += 1;
    }
    let mut got: BTreeMap<(String, usize, &'static str, Severity), usize> = BTreeMap::new();
    for p in problems {
        *got.entry(key(p)).or_insert(0) += 1;
    }
    if want == got {
        return String::new();
    }
    let mut s = format!("{label}:\n");
    for e in expected {
        let k = (e.file.to_string(), e.line, e.code, e.severity);
        if got.get(&k) != want.get(&k) {
            s.push_str(&format!(
                "  missing {} {}:{} [{}] {}\n",
                e.section, e.file, e.line, e.code, e.what
            ));
        }
    }
    for p in problems {
        if got.get(&key(p)) != want.get(&key(p)) {
            s.push_str(&format!(
                "  unexpected {} {} [{}] {}\n",
                p.location, p.severity, p.code, p.message
            ));
        }
    }
    s
}

fn undeclared_variable(p: &Problem) -> Option<String> {
    if p.code != "undeclared-reference" {
        return None;
    }
    let rest = p
        .message
        .split_once("An input variable with the name \"")?
        .1;
    Some(rest.split('"').next()?.to_string())
}

#[test]
fn the_assembled_stack_reports_every_mistake_of_the_spec() {
    let project =
        tfready_model::Project::load(&stack(), &Default::default()).expect("spec stack loads");
    assert!(project.diagnostics.is_empty(), "{:#?}", project.diagnostics);
    let problems = validate(&project);
    let all: Vec<&Problem> = problems.iter().collect();
    let report = compare("spec-stack", &all, ROOT);
    assert!(report.is_empty(), "\n{report}");
}

#[test]
fn the_uncalled_spec_modules_report_their_mistakes_on_their_own() {
    let mut report = String::new();
    for m in MODULES {
        let dir = stack().join(m.dir);
        let project =
            tfready_model::Project::load(&dir, &Default::default()).expect("module loads");
        let problems = validate(&project);
        let vars: BTreeSet<String> = problems.iter().filter_map(undeclared_variable).collect();
        let want: BTreeSet<String> = m.undeclared.iter().map(|s| s.to_string()).collect();
        if vars != want {
            report.push_str(&format!(
                "{} ({}): undeclared variables {vars:?}, expected {want:?}\n",
                m.dir, m.section
            ));
        }
        let others: Vec<&Problem> = problems
            .iter()
            .filter(|p| undeclared_variable(p).is_none())
            .collect();
        report.push_str(&compare(m.dir, &others, m.others));
    }
    assert!(report.is_empty(), "\n{report}");
}

/// The messages carry what the spec reader needs: Terraform's wording and a
/// fix, and for AWS constraints the document they come from.
#[test]
fn spec_mistakes_explain_themselves() {
    let project = tfready_model::Project::load(&stack(), &Default::default()).unwrap();
    let problems = validate(&project);
    let versioning = problems
        .iter()
        .find(|p| p.code == "backend-unknown-argument")
        .unwrap();
    assert!(
        versioning
            .message
            .contains("An argument named \"versioning\" is not expected here."),
        "{}",
        versioning.message
    );
    let dynamodb = problems
        .iter()
        .find(|p| p.code == "backend-deprecated-argument")
        .unwrap();
    assert!(
        dynamodb.fix.contains("use_lockfile = true"),
        "{}",
        dynamodb.fix
    );
    for p in problems.iter().filter(|p| p.code.starts_with("aws-")) {
        assert!(
            p.source
                .as_deref()
                .is_some_and(|s| s.starts_with("https://")),
            "{p:?}"
        );
    }
    // No secret from terraform.tfvars leaks into any message.
    let json = serde_json::to_string(&problems).unwrap();
    assert!(!json.contains("Hur0nPMO-prod-2024!"));

    let backup =
        tfready_model::Project::load(&stack().join("modules/backup"), &Default::default()).unwrap();
    let lifecycle = validate(&backup)
        .into_iter()
        .find(|p| p.code == "aws-backup-lifecycle")
        .unwrap();
    assert!(
        lifecycle
            .message
            .contains("delete_after = 90, cold_storage_after = 30"),
        "{}",
        lifecycle.message
    );
    assert!(lifecycle.fix.contains("120"), "{}", lifecycle.fix);
}
