//! The production example's user data boots: every script its instances
//! render passes `shellcheck -S warning`, and runs to the end under a stub
//! harness (package manager, services, AWS CLI ... record their calls;
//! absolute paths live under a temporary root), installing nginx before
//! configuring it, writing the nginx site and reading the database and
//! Redis secrets from Secrets Manager.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Renders a `templatefile` script: every `${name}` gets a stand-in value
/// (an ARN for `*_arn`), `$${` is a literal `${`.
fn render(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        if i > 0 && rest[..i].ends_with('$') {
            out.push_str(&rest[..i - 1]);
            out.push_str("${");
            rest = &rest[i + 2..];
            continue;
        }
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find('}')
            .map(|e| i + e)
            .expect("closed interpolation");
        let name = rest[i + 2..end].trim();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "template expression {name:?} is not a plain variable"
        );
        out.push_str(&stand_in(name));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn stand_in(name: &str) -> String {
    if name.ends_with("_arn") {
        format!("arn:aws:secretsmanager:test-region-1:123456789012:secret:{name}")
    } else if name.ends_with("_port") {
        "6379".into()
    } else {
        format!("stand-in-{}", name.replace('_', "-"))
    }
}

fn shellcheck() -> Option<PathBuf> {
    let venv = repo().join(".venv/bin/shellcheck");
    std::env::var_os("SHELLCHECK")
        .map(PathBuf::from)
        .or_else(|| venv.is_file().then_some(venv))
}

/// One stub for every command the bootstrap needs from the machine.
const STUB: &str = r#"#!/bin/bash
name=$(basename "$0")
echo "$name $*" >> "$TFR_ROOT/calls.log"
case "$name" in
  apt-get)
    if [[ " $* " == *" nginx "* ]]; then
      mkdir -p "$TFR_ROOT/etc/nginx/sites-available" "$TFR_ROOT/etc/nginx/sites-enabled"
    fi ;;
  aws)
    if [[ "$*" == *"secretsmanager get-secret-value"* ]]; then
      echo '{"username":"stand-in-user","password":"stand-in-password","auth_token":"stand-in-token"}'
    fi ;;
  unzip)
    while [ $# -gt 0 ]; do
      if [ "$1" = "-d" ]; then
        mkdir -p "$2/aws"; cp "$0" "$2/aws/install"
      fi
      shift
    done ;;
  git)
    if [ "$1" = "clone" ]; then mkdir -p "$3/apps/web"; fi ;;
  curl)
    while [ $# -gt 0 ]; do
      if [ "$1" = "-o" ]; then : > "$2"; fi
      shift
    done ;;
  sudo)
    if [ "$1" = "-u" ]; then shift 2; fi
    exec "$@" ;;
esac
exit 0
"#;

const STUBBED: &[&str] = &[
    "apt-get",
    "aws",
    "unzip",
    "git",
    "curl",
    "sudo",
    "systemctl",
    "usermod",
    "docker",
    "npm",
    "pnpm",
    "pm2",
    "nginx",
    "chown",
    "certbot",
    "yum",
    "dnf",
    "service",
];

/// Moves absolute paths of the machine under the harness root.
fn rooted(script: &str) -> String {
    let mut out = String::new();
    let mut prev = '\n';
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if " \t\n\"'=(>".contains(prev)
            && ["/etc/", "/opt/", "/var/", "/tmp", "/home/", "/srv/"]
                .iter()
                .any(|p| rest.starts_with(p))
        {
            out.push_str("$TFR_ROOT");
        }
        out.push(c);
        prev = c;
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn scripts() -> Vec<PathBuf> {
    let dir = repo().join("examples/huron-pmo-production/scripts");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh" || e == "tpl"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no user-data template in {}", dir.display());
    v
}

#[test]
fn rendered_user_data_passes_shellcheck() {
    let Some(sc) = shellcheck() else {
        assert!(
            std::env::var_os("TFREADY_REQUIRE_SHELLCHECK").is_none(),
            "shellcheck is required (SHELLCHECK or .venv/bin/shellcheck)"
        );
        eprintln!("shellcheck not found: skipped");
        return;
    };
    for script in scripts() {
        let tmp = tempfile::tempdir().unwrap();
        let rendered = tmp.path().join("user-data.sh");
        std::fs::write(
            &rendered,
            render(&std::fs::read_to_string(&script).unwrap()),
        )
        .unwrap();
        let out = Command::new(&sc)
            .args(["-S", "warning", "-s", "bash"])
            .arg(&rendered)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            script.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn rendered_user_data_boots_under_the_stub_harness() {
    for script in scripts() {
        let root = tempfile::tempdir().unwrap();
        let bin = root.path().join("stub-bin");
        std::fs::create_dir_all(&bin).unwrap();
        let stub = bin.join("stub");
        std::fs::write(&stub, STUB).unwrap();
        make_executable(&stub);
        for name in STUBBED {
            std::os::unix::fs::symlink(&stub, bin.join(name)).unwrap();
        }
        for d in ["var/log", "tmp", "home", "opt"] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        let text = rooted(&render(&std::fs::read_to_string(&script).unwrap()));
        let run = root.path().join("user-data.sh");
        std::fs::write(&run, &text).unwrap();
        let out = Command::new("bash")
            .arg(&run)
            .env("TFR_ROOT", root.path())
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .output()
            .unwrap();
        let calls = std::fs::read_to_string(root.path().join("calls.log")).unwrap_or_default();
        let log = std::fs::read_to_string(root.path().join("var/log/user-data.log"))
            .unwrap_or_else(|_| String::from_utf8_lossy(&out.stderr).into_owned());
        let tail: String = log.lines().rev().take(15).collect::<Vec<_>>().join("\n");
        assert!(
            out.status.success(),
            "{}: exit {:?}\n{tail}",
            script.display(),
            out.status.code()
        );
        let pos = |needle: &str| calls.lines().position(|l| l.starts_with(needle));
        let install = calls
            .lines()
            .position(|l| l.starts_with("apt-get install") && l.contains(" nginx"));
        let configure = pos("nginx -t");
        assert!(install.is_some(), "nginx is never installed:\n{calls}");
        assert!(configure.is_some(), "nginx is never checked:\n{calls}");
        assert!(
            install < configure,
            "nginx configured before it is installed:\n{calls}"
        );
        let sites = root.path().join("etc/nginx/sites-available");
        let site = std::fs::read_dir(&sites).map(|d| d.count()).unwrap_or(0);
        assert!(site > 0, "no nginx site written in {}", sites.display());
        let fetched: Vec<&str> = calls
            .lines()
            .filter(|l| l.contains("secretsmanager get-secret-value"))
            .collect();
        assert!(
            fetched.iter().any(|l| l.contains("db_secret_arn")),
            "the database secret is not read:\n{calls}"
        );
        assert!(
            fetched.iter().any(|l| l.contains("redis_secret_arn")),
            "the Redis auth token is not read:\n{calls}"
        );
        let env = find(root.path(), ".env").expect("the app's .env is written");
        let env = std::fs::read_to_string(env).unwrap();
        assert!(env.contains("=stand-in-password"), "{env}");
        assert!(env.contains("rediss://:stand-in-token@"), "{env}");
    }
}

fn make_executable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    for e in std::fs::read_dir(dir).ok()? {
        let p = e.ok()?.path();
        if p.file_name().is_some_and(|n| n == name) {
            return Some(p);
        }
        if p.is_dir() {
            if let Some(f) = find(&p, name) {
                return Some(f);
            }
        }
    }
    None
}
