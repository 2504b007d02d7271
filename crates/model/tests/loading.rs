//! Loading projects laid out in every way the loader must cope with.

use std::path::Path;

use tfready_model::{LoadOptions, ModuleSource, Project, Value};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn load(root: &Path) -> Project {
    Project::load(root, &LoadOptions::default()).unwrap()
}

fn codes(p: &Project) -> Vec<&'static str> {
    p.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn remote_outside_and_missing_module_sources_are_reported_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("stack");
    write(
        tmp.path(),
        &[("shared/main.tf", "resource \"aws_s3_bucket\" \"x\" {}\n")],
    );
    write(
        &root,
        &[(
            "main.tf",
            r#"
module "registry" {
  source = "terraform-aws-modules/vpc/aws"
}
module "outside" {
  source = "../shared"
}
module "missing" {
  source = "./nope"
}
"#,
        )],
    );
    let p = load(&root);
    let sources: Vec<&ModuleSource> = p.root_module().calls.iter().map(|c| &c.source).collect();
    assert!(matches!(sources[0], ModuleSource::Remote(s) if s == "terraform-aws-modules/vpc/aws"));
    assert!(matches!(sources[1], ModuleSource::OutsideRoot(_)));
    assert!(matches!(sources[2], ModuleSource::Missing(_)));
    assert_eq!(p.modules.len(), 1, "nothing outside the root is loaded");
    // Sorted by location: the calls are at lines 2, 5 and 8.
    assert_eq!(
        codes(&p),
        ["module-remote", "module-outside-root", "module-missing"]
    );
    assert_eq!(p.unresolved_calls().count(), 3);
}

#[test]
fn module_cycles_end_with_a_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("main.tf", "module \"a\" {\n  source = \"./a\"\n}\n"),
            ("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n"),
            ("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n"),
        ],
    );
    let p = load(tmp.path());
    assert!(codes(&p).contains(&"module-cycle"), "{:?}", p.diagnostics);
    assert_eq!(
        p.instances.len(),
        3,
        "root, a, b; the cycle back to a is not expanded"
    );
}

#[test]
fn json_syntax_files_and_json_tfvars_load_like_native_ones() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "main.tf.json",
                r#"{
  "variable": { "ports": { "default": [80, 443] } },
  "resource": { "aws_security_group": { "web": {
    "name": "web-${var.env}",
    "ingress": [{ "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"] }]
  } } }
}"#,
            ),
            ("vars.tf", "variable \"env\" {}\n"),
            ("prod.auto.tfvars.json", r#"{ "env": "prod" }"#),
        ],
    );
    let p = load(tmp.path());
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let sg = p.resources_of("aws_security_group").next().unwrap();
    assert_eq!(sg.eval("name"), Some(Value::string("web-prod")));
    assert_eq!(sg.blocks("ingress").len(), 1);
    assert_eq!(sg.location().file, "main.tf.json");
    assert_eq!(sg.location().line, 3);
}

#[test]
fn count_for_each_and_dynamic_blocks_expand_over_known_collections() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "main.tf",
                r#"
locals {
  apps = { api = 4000, web = 5173 }
}
module "svc" {
  source   = "./svc"
  for_each = local.apps
  port     = each.value
}
module "off" {
  source = "./svc"
  count  = 0
  port   = 1
}
module "maybe" {
  source = "./svc"
  count  = length(data.aws_availability_zones.all.names)
  port   = 2
}
"#,
            ),
            (
                "svc/main.tf",
                r#"
variable "port" {}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = [var.port, var.port + 1]
    content {
      from_port = ingress.value
      to_port   = ingress.value
    }
  }
}
"#,
            ),
        ],
    );
    let p = load(tmp.path());
    let mut addrs: Vec<&str> = p.instances.iter().map(|i| i.address.as_str()).collect();
    addrs.sort();
    assert_eq!(
        addrs,
        [
            "",
            "module.maybe[?]",
            "module.svc[\"api\"]",
            "module.svc[\"web\"]"
        ]
    );
    let ports: Vec<Vec<Value>> = p
        .resources_of("aws_security_group")
        .filter(|r| r.instance.address.starts_with("module.svc"))
        .map(|r| {
            r.blocks("ingress")
                .iter()
                .map(|b| b.eval("from_port").unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        ports,
        [
            vec![Value::Number(4000.0), Value::Number(4001.0)],
            vec![Value::Number(5173.0), Value::Number(5174.0)]
        ]
    );
    let maybe = p
        .resources_of("aws_security_group")
        .find(|r| r.instance.address == "module.maybe[?]")
        .unwrap();
    assert_eq!(maybe.presence(), tfready_model::Presence::Maybe);
}

#[test]
fn recursive_locals_are_unknown_not_a_hang() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[(
            "main.tf",
            "locals {\n  a = local.b\n  b = local.a\n  c = \"${local.c}x\"\n}\n",
        )],
    );
    let p = load(tmp.path());
    assert!(
        p.instances[0].locals.values().all(Value::is_unknown),
        "{:?}",
        p.instances[0].locals
    );
}

#[test]
fn parse_errors_name_file_and_line_and_other_files_still_load() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("a.tf", "resource \"aws_s3_bucket\" \"ok\" {}\n"),
            ("b.tf", "\n\nresource \"x\" {\n  = broken\n}\n"),
        ],
    );
    let p = load(tmp.path());
    let d = &p.diagnostics[0];
    assert_eq!(
        (d.code, d.location.file.as_str(), d.location.line),
        ("parse-error", "b.tf", 4)
    );
    assert_eq!(p.resources().count(), 1);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[(
            "main.tf",
            "\u{feff}variable \"x\" {\r\n  default = \"y\"\r\n}\r\n",
        )],
    );
    let p = load(tmp.path());
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.root_var("x").unwrap().value, Value::string("y"));
}

#[test]
fn modules_beside_the_root_in_its_repository_are_followed_not_beyond() {
    // A monorepo: roots under live/, shared modules under modules/, one
    // git work tree around both; a source that climbs out of it is not read.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(
        tmp.path(),
        &[(
            "elsewhere/main.tf",
            "resource \"aws_s3_bucket\" \"far\" {}\n",
        )],
    );
    write(
        &repo,
        &[
            (
                "modules/store/main.tf",
                "resource \"aws_s3_bucket\" \"b\" {}\n",
            ),
            (
                "live/prod/main.tf",
                "module \"store\" {\n  source = \"../../modules/store\"\n}\nmodule \"far\" {\n  source = \"../../../elsewhere\"\n}\n",
            ),
        ],
    );
    let p = load(&repo.join("live/prod"));
    let sources: Vec<&ModuleSource> = p.root_module().calls.iter().map(|c| &c.source).collect();
    assert!(matches!(sources[0], ModuleSource::Local(_)), "{sources:?}");
    assert!(
        matches!(sources[1], ModuleSource::OutsideRoot(_)),
        "{sources:?}"
    );
    assert_eq!(codes(&p), ["module-outside-root"]);
    // Named from the root, as the source names it.
    let shown: Vec<&str> = p.files.iter().map(|f| f.display.as_str()).collect();
    assert_eq!(shown, ["main.tf", "../../modules/store/main.tf"]);
    assert!(p.all_resources().any(|r| r.resource.name == "b"));

    // Outside a repository the root is the boundary, unless told otherwise
    // (a recursive run's PATH).
    std::fs::remove_dir_all(repo.join(".git")).unwrap();
    let alone = load(&repo.join("live/prod"));
    assert_eq!(alone.modules.len(), 1, "nothing beyond the root is read");
    let told = Project::load(
        &repo.join("live/prod"),
        &LoadOptions {
            boundary: Some(repo.clone()),
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(told.modules.len(), 2);
}

#[test]
fn a_shared_parse_cache_gives_each_load_the_same_project() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "modules/m/main.tf",
                "variable \"n\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.n\n}\n",
            ),
            (
                "a/main.tf",
                "module \"m\" {\n  source = \"../modules/m\"\n  n      = \"a\"\n}\n",
            ),
            (
                "b/main.tf",
                "module \"m\" {\n  source = \"../modules/m\"\n  n      = \"b\"\n}\n",
            ),
        ],
    );
    let cache = std::sync::Arc::new(tfready_model::ParseCache::default());
    let opts = LoadOptions {
        cache: Some(cache.clone()),
        boundary: Some(tmp.path().to_path_buf()),
        ..LoadOptions::default()
    };
    let bucket = |p: &Project| {
        p.all_resources()
            .find(|r| r.resource.name == "b")
            .and_then(|r| r.eval("bucket"))
            .and_then(|v| v.as_str().map(str::to_string))
    };
    // Only the module's file is kept: a root's own files are no other
    // root's.
    let a = Project::load(&tmp.path().join("a"), &opts).unwrap();
    assert_eq!(format!("{cache:?}"), "ParseCache(1 files)");
    let b = Project::load(&tmp.path().join("b"), &opts).unwrap();
    assert_eq!(
        format!("{cache:?}"),
        "ParseCache(1 files)",
        "the module's file is parsed once"
    );
    assert_eq!(bucket(&a).as_deref(), Some("a"));
    assert_eq!(bucket(&b).as_deref(), Some("b"));
    assert_eq!(b.files[1].display, "../modules/m/main.tf");
}

#[test]
fn files_given_to_the_cache_are_a_stack_in_memory() {
    // Nothing of it is on disk: its directories are listed, its module
    // calls (`./`, `../`) resolved and its files read from what was given.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap().join("plan.json");
    let doc = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        tfready_model::body_of_document(v.as_object().unwrap())
    };
    let cache = std::sync::Arc::new(tfready_model::ParseCache::default());
    let files = [
        (
            root.join("plan.tf.json"),
            r#"{"module": {"a": {"source": "./modules/1"}}, "resource": {"aws_s3_bucket": {"top": {"bucket": "t"}}}}"#,
        ),
        (
            root.join("modules/1/plan.tf.json"),
            r#"{"module": {"b": {"source": "../2"}, "gone": {"source": "../9"}}}"#,
        ),
        (
            root.join("modules/2/plan.tf.json"),
            r#"{"resource": {"aws_s3_bucket": {"deep": {"bucket": "d"}}}}"#,
        ),
    ];
    for (path, text) in files {
        cache.give(path, text.into(), doc(text));
    }
    let opts = LoadOptions {
        cache: Some(cache.clone()),
        ..LoadOptions::default()
    };
    let project = Project::load(&root, &opts).unwrap();
    let mut names: Vec<_> = project
        .all_resources()
        .map(|r| r.resource.name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["deep", "top"]);
    let shown: Vec<_> = project.files.iter().map(|f| f.display.as_str()).collect();
    assert_eq!(
        shown,
        [
            "plan.tf.json",
            "modules/1/plan.tf.json",
            "modules/2/plan.tf.json"
        ]
    );
    // A call to a directory that is not in memory is missing, as on disk.
    assert!(project
        .diagnostics
        .iter()
        .any(|d| d.code == "module-missing" && d.message.contains("../9")));
    // Taken by the load, not kept.
    assert_eq!(format!("{cache:?}"), "ParseCache(0 files)");
    assert!(!root.exists());
}

#[test]
fn addresses_carry_the_module_path_and_the_data_prefix() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            (
                "main.tf",
                "module \"store\" {\n  source = \"./store\"\n}\nresource \"aws_s3_bucket\" \"top\" {}\n",
            ),
            (
                "store/main.tf",
                "data \"aws_caller_identity\" \"me\" {}\nresource \"aws_s3_bucket\" \"b\" {}\n",
            ),
        ],
    );
    let p = load(tmp.path());
    let mut got: Vec<String> = p.all_resources().map(|r| r.address()).collect();
    got.sort();
    assert_eq!(
        got,
        [
            "aws_s3_bucket.top",
            "module.store.aws_s3_bucket.b",
            "module.store.data.aws_caller_identity.me",
        ]
    );
}
