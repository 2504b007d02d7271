//! Malformed and hostile input: every case ends in bounded time without a
//! panic, names the file (and line) it cannot use, still audits the good
//! file beside it, and exits with the documented code.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A valid file every case carries: its finding proves the rest was audited.
const GOOD: &str = "terraform {\n  backend \"local\" {}\n}\n";

struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    /// Text the output must contain (the file name, a message).
    expect: &'static [&'static str],
    /// Exit code: 2 for input errors, 1 when only findings.
    code: i32,
}

fn case(
    name: &'static str,
    files: Vec<(&str, Vec<u8>)>,
    expect: &'static [&'static str],
    code: i32,
) -> Case {
    Case {
        name,
        files: files.into_iter().map(|(n, b)| (n.to_string(), b)).collect(),
        expect,
        code,
    }
}

fn s(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn cases() -> Vec<Case> {
    let deep = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let long_line = format!(
        "locals {{\n  x = \"{}\"\n}}\n",
        "a".repeat(10 * 1024 * 1024)
    );
    vec![
        case("truncated block", vec![("bad.tf", s("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n"))], &["bad.tf", "syntax error"], 2),
        case("truncated attribute", vec![("bad.tf", s("locals {\n  a =\n}\n"))], &["bad.tf", "parse-error"], 2),
        case("unterminated string", vec![("bad.tf", s("locals {\n  a = \"abc\n}\n"))], &["bad.tf", "parse-error"], 2),
        case("unterminated heredoc", vec![("bad.tf", s("locals {\n  a = <<EOT\nhello\n}\n"))], &["bad.tf", "parse-error"], 2),
        case("unterminated interpolation", vec![("bad.tf", s("locals {\n  a = \"${var.x\"\n}\n"))], &["bad.tf", "parse-error"], 2),
        case("unbalanced braces", vec![("bad.tf", s("}}}\n"))], &["bad.tf", "parse-error"], 2),
        case("lone label", vec![("bad.tf", s("resource \"a\"\n"))], &["bad.tf", "parse-error"], 2),
        case("invalid utf-8", vec![("bad.tf", b"locals {\n  a = \"\xff\xfe\"\n}\n".to_vec())], &["bad.tf", "not valid UTF-8"], 2),
        case("NUL bytes", vec![("bad.tf", b"locals {\n  a = \"x\0y\"\n}\n\0\0".to_vec())], &["bad.tf"], 2),
        case("BOM", vec![("bom.tf", b"\xef\xbb\xbfvariable \"x\" {}\n".to_vec())], &["TFR011"], 1),
        case("CRLF", vec![("crlf.tf", s("variable \"x\" {\r\n  default = 1\r\n}\r\n"))], &["TFR011"], 1),
        case("empty file", vec![("empty.tf", Vec::new())], &["TFR011"], 1),
        case("only comments", vec![("c.tf", s("# nothing\n// here\n/* either */\n"))], &["TFR011"], 1),
        case("10,000-deep nesting", vec![("deep.tf", s(&deep))], &["deep.tf", "nested more than"], 2),
        case("a 10 MB line", vec![("long.tf", s(&long_line))], &["TFR011"], 1),
        case("a directory named x.tf", vec![("x.tf/inner.txt", s("not terraform"))], &["x.tf", "is a directory"], 2),
        case(
            "module cycle",
            vec![("main.tf", s("module \"a\" {\n  source = \"./a\"\n}\n")), ("a/main.tf", s("module \"b\" {\n  source = \"../\"\n}\n"))],
            &["module-cycle"],
            2,
        ),
        case("module source escaping the root", vec![("main.tf", s("module \"up\" {\n  source = \"../../../../../../etc\"\n}\n"))], &["outside the project root"], 1),
        case("missing module", vec![("main.tf", s("module \"m\" {\n  source = \"./nope\"\n}\n"))], &["module-missing"], 2),
        case("module without source", vec![("main.tf", s("module \"m\" {}\n"))], &["no literal `source`"], 1),
        case("huge count", vec![("main.tf", s("resource \"aws_s3_bucket\" \"b\" {\n  count = 1000000000000\n}\n"))], &["TFR011"], 1),
        case(
            "for_each over a million elements",
            vec![("main.tf", s("resource \"aws_s3_bucket\" \"b\" {\n  for_each = toset([for i in range(1000000) : tostring(i)])\n  bucket = each.key\n}\n"))],
            &["TFR011"],
            1,
        ),
        case("recursive locals", vec![("main.tf", s("locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_s3_bucket\" \"b\" {\n  count = length(local.a)\n}\n"))], &["TFR011"], 1),
        case("self-referencing local", vec![("main.tf", s("locals {\n  a = \"${local.a}x\"\n}\n"))], &["TFR011"], 1),
        case("tfvars of the wrong type", vec![("v.tf", s("variable \"n\" {\n  type = number\n}\nresource \"aws_s3_bucket\" \"b\" {\n  count = var.n\n}\n")), ("terraform.tfvars", s("n = \"many\"\n"))], &["TFR011"], 1),
        case("JSON tfvars that are not an object", vec![("terraform.tfvars.json", s("[1, 2]"))], &["tfvars-invalid", "must hold a JSON object"], 2),
        case("JSON tfvars that do not parse", vec![("x.auto.tfvars.json", s("{ \"a\": "))], &["x.auto.tfvars.json"], 2),
        case("tfvars with a block", vec![("terraform.tfvars", s("a {\n}\n"))], &["blocks are not allowed"], 2),
        case("tfvars that do not parse", vec![("terraform.tfvars", s("a = = 1\n"))], &["terraform.tfvars", "parse-error"], 2),
        case("tf.json that is not an object", vec![("main.tf.json", s("[]"))], &["main.tf.json", "must hold a JSON object"], 2),
        case("tf.json that does not parse", vec![("main.tf.json", s("{ \"resource\": "))], &["main.tf.json", "parse-error"], 2),
        case("tf.json with odd shapes", vec![("main.tf.json", s("{ \"resource\": { \"aws_s3_bucket\": [1, \"x\", null] }, \"locals\": 3 }"))], &["TFR011"], 1),
        case("unknown top-level blocks", vec![("main.tf", s("whatever \"a\" \"b\" \"c\" {\n  x = 1\n}\n"))], &["TFR011"], 1),
        case("resource with one label", vec![("main.tf", s("resource \"aws_s3_bucket\" {\n}\n"))], &["TFR011"], 1),
        case("dynamic block without content", vec![("main.tf", s("resource \"aws_security_group\" \"s\" {\n  dynamic \"ingress\" {\n    for_each = [1]\n  }\n}\n"))], &["TFR011"], 1),
        case("dynamic over a non-collection", vec![("main.tf", s("resource \"aws_security_group\" \"s\" {\n  dynamic \"ingress\" {\n    for_each = 5\n    content {\n      from_port = ingress.value\n    }\n  }\n}\n"))], &["TFR011"], 1),
        case("templatefile of a missing file", vec![("main.tf", s("resource \"aws_instance\" \"i\" {\n  user_data = templatefile(\"nope.sh\", {})\n}\n"))], &["TFR011"], 1),
        case("templatefile outside the root", vec![("main.tf", s("resource \"aws_instance\" \"i\" {\n  user_data = file(\"/etc/passwd\")\n}\n"))], &["TFR011"], 1),
        case("templatefile of itself", vec![("main.tf", s("resource \"aws_instance\" \"i\" {\n  user_data = templatefile(\"main.tf\", {})\n}\n"))], &["TFR011"], 1),
        case("division by zero and bad functions", vec![("main.tf", s("locals {\n  a = 1 / 0\n  b = cidrsubnet(\"x\", 99, -1)\n  c = substr(\"abc\", -5, 99)\n  d = element([], 3)\n  e = format(\"%q %d\")\n}\n"))], &["TFR011"], 1),
        // Beyond f64: the parser rejects it; named, like any syntax error.
        case("numbers beyond f64", vec![("main.tf", s("locals {\n  a = 1e400\n}\n"))], &["main.tf", "parse-error"], 2),
        case("huge numbers", vec![("main.tf", s("locals {\n  b = -99999999999999999999999\n}\nresource \"aws_security_group_rule\" \"r\" {\n  type = \"ingress\"\n  from_port = 1e300\n  to_port = -1e300\n  protocol = \"tcp\"\n  cidr_blocks = [\"0.0.0.0/0\"]\n}\n"))], &["TFR011"], 1),
        case("splat over non-lists", vec![("main.tf", s("locals {\n  a = 5[*].x\n  b = null[*]\n}\n"))], &["TFR011"], 1),
        case("very long identifiers", vec![("main.tf", s(&format!("resource \"{0}\" \"{0}\" {{\n}}\n", "a".repeat(100_000))))], &["TFR011"], 1),
        // Found by the fix_converges fuzz target: fix wrote `aws_s3_bucket.b;.id`.
        case("names that are not identifiers", vec![("main.tf", s("resource \"aws_s3_bucket\" \"b;\" {\n}\nvariable \"1x\" {}\n"))], &["main.tf", "invalid-name", "invalid resource name", "invalid variable name"], 2),
        // Found by the eval_expr fuzz target: hcl-edit backtracks exponentially
        // on unclosed brackets at the end of a file (these: hours).
        case("parser blow-up", vec![("main.tf", include_bytes!("fixtures/parse-blowup.tf").to_vec()), ("good.tf", s("resource \"aws_s3_bucket\" \"b\" {\n}\n")), (".tfready.toml", s("[limits]\nmax-parse-seconds = 1\n"))], &["main.tf", "parse-timeout", "TFR011"], 2),
        case("parser blow-up in templates", vec![("main.tf", include_bytes!("fixtures/parse-blowup-template.tf").to_vec()), ("good.tf", s("resource \"aws_s3_bucket\" \"b\" {\n}\n")), (".tfready.toml", s("[limits]\nmax-parse-seconds = 1\n"))], &["main.tf", "parse-timeout", "TFR011"], 2),
        case("many files", (0..300).map(|i| (Box::leak(format!("f{i}.tf").into_boxed_str()) as &str, s(&format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n}}\n")))).collect(), &["TFR011"], 1),
        case("suppression without a rule", vec![("main.tf", s("# tfready:ignore\nresource \"aws_s3_bucket\" \"b\" {\n}\n"))], &["TFR999"], 1),
        case("variable validation and odd types", vec![("main.tf", s("variable \"x\" {\n  type = map(object({ a = optional(string, \"z\") }))\n  validation {\n    condition = length(var.x) > 0\n    error_message = \"no\"\n  }\n}\n"))], &["TFR011"], 1),
        case("moved, import and check blocks", vec![("main.tf", s("moved {\n  from = a.b\n  to = a.c\n}\nimport {\n  to = aws_s3_bucket.b\n  id = \"b\"\n}\ncheck \"c\" {\n  assert {\n    condition = true\n    error_message = \"x\"\n  }\n}\n"))], &["TFR011"], 1),
        case("provider functions", vec![("main.tf", s("locals {\n  a = provider::aws::arn_parse(\"arn:aws:s3:::b\")\n}\n"))], &["TFR011"], 1),
        case("heredoc with odd indentation", vec![("main.tf", s("locals {\n  a = <<-EOT\n\t  mixed\n   tabs\n  EOT\n}\n"))], &["TFR011"], 1),
        case("template directives", vec![("main.tf", s("locals {\n  a = \"%{ for x in [1,2] }${x}%{ endfor }%{ if true }y%{ else }n%{ endif }\"\n  b = \"%{ for k, v in 5 }${k}%{ endfor }\"\n}\n"))], &["TFR011"], 1),
    ]
}

fn write(root: &Path, files: &[(String, Vec<u8>)]) {
    for (name, bytes) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

fn run_bounded(dir: &Path) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    // Output goes to files, not pipes: a full pipe would block the child.
    let out_path = dir.with_extension("out");
    let out = std::fs::File::create(&out_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tfready"))
        .args(["audit", dir.to_str().unwrap(), "--format", "json"])
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .unwrap();
    let limit = Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let text = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).to_string();
            let _ = std::fs::remove_file(&out_path);
            return (status.code(), text, start.elapsed());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            return (None, "timed out".into(), start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn hostile_inputs_are_reported_and_bounded() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &c.files);
        std::fs::write(dir.path().join("good.tf"), GOOD).unwrap();
        let (code, text, took) = run_bounded(dir.path());
        let problems: Vec<String> = [
            (code.is_none()).then(|| format!("no exit (signal or timeout after {took:?})")),
            (text.contains("panicked")).then(|| "panicked".to_string()),
            (code.is_some() && code != Some(c.code))
                .then(|| format!("exit {code:?}, want {}", c.code)),
            (!text.contains("TFR011")).then(|| "the good file was not audited".to_string()),
        ]
        .into_iter()
        .flatten()
        .chain(
            c.expect
                .iter()
                .filter(|e| !text.contains(*e))
                .map(|e| format!("output lacks {e:?}")),
        )
        .collect();
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                c.name,
                problems.join("; "),
                text.chars().take(600).collect::<String>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_huge_files_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.tf"), GOOD).unwrap();
    std::os::unix::fs::symlink(dir.path().join("loop.tf"), dir.path().join("loop.tf")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("self")).unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"self\" {\n  source = \"./self\"\n}\n",
    )
    .unwrap();
    // 100 MB: over the default file size limit.
    let big = std::fs::File::create(dir.path().join("big.tf")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let (code, text, _) = run_bounded(dir.path());
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("loop.tf") && text.contains("big.tf") && text.contains("limit"),
        "{text}"
    );
    assert!(text.contains("TFR011"), "{text}");
}
