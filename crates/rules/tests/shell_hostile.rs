//! The shell edit `fix` makes to user data (commenting out commands, with a
//! note) keeps a script that parses, whatever the surrounding lines hold:
//! quotes, `$`, semicolons, heredocs, continuations.

use tfready_rules::shell::remove_commands;

const SCRIPT: &str = r#"#!/bin/bash
set -euo pipefail
echo "it's a 'quoted' $HOME; rm -rf /tmp/x" # don't
NAME='acme"web' && echo "$NAME|</script>]]>"
docker run -d --name redis \
  -p 6379:6379 \
  redis:7 && echo "started; $((1 + 2))"
cat > /tmp/conf <<'CONF'
redis-server --port 6379
CONF
if [ -n "${NAME:-}" ]; then redis-cli ping || true; fi
echo done
"#;

#[test]
fn removed_commands_leave_a_script_that_parses() {
    let (edited, n) = remove_commands(
        SCRIPT,
        &["redis", "redis-server", "redis-cli"],
        "Redis runs in ElastiCache; the note's `quotes` and $dollars stay comments",
    )
    .expect("something to remove");
    assert!(n >= 1, "{edited}");
    let out = std::process::Command::new("bash")
        .args(["-n", "-c", &edited])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}\n{edited}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every line of the original is still there.
    for line in SCRIPT.lines().filter(|l| !l.trim().is_empty()) {
        assert!(edited.contains(line.trim()), "lost {line:?}\n{edited}");
    }
}
