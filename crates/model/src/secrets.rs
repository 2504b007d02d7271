//! What counts as a secret, and scrubbing secret text out of anything shown.

use std::borrow::Cow;

/// Whether a literal looks like a secret rather than a setting: not one
/// lowercase word or identifier (`none`, `client_secret_basic`), nor an
/// upper-case enum value (`ROTATE`, `SET`).
pub fn secret_shaped(value: &str) -> bool {
    let v = value.trim();
    // A key's ARN or alias (`encryption_key = "arn:aws:kms:...:alias/aws/s3"`)
    // names where a secret is kept, it is none.
    if v.starts_with("arn:") || v.starts_with("alias/") {
        return false;
    }
    let lower = v
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' || c == '.');
    let upper = v
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    !v.is_empty() && !lower && !upper
}

/// A name that ends in what it holds (`master_password`, `auth_token`):
/// any literal in it is a secret. A name that only mentions one
/// (`token_endpoint_auth_method`) needs a secret-shaped value.
pub fn names_a_secret(name: &str) -> bool {
    const ENDS: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "private_key",
        "access_key",
        "secret_key",
        "credentials",
    ];
    let n = name.to_ascii_lowercase();
    ENDS.iter().any(|e| n.ends_with(e))
}

/// A literal given to a secret-named argument that is a secret.
pub fn is_literal_secret(name: &str, value: &str) -> bool {
    !value.trim().is_empty() && looks_secret(name) && (names_a_secret(name) || secret_shaped(value))
}

/// Secret-named shell variables a script assigns a literal (`export
/// DB_PASSWORD="..."`), not one read from elsewhere (`$(...)`, `${var}`):
/// (name, value).
pub fn script_secrets(script: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in script.lines() {
        let t = line.trim().trim_start_matches("export ").trim();
        let Some((name, value)) = t.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let name_ok = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && looks_secret(&name.to_ascii_lowercase());
        if name_ok && !value.contains('$') && secret_shaped(value) && value.len() >= 8 {
            out.push((name.to_string(), value.to_string()));
        }
    }
    out
}

/// Whether a variable or attribute name looks like it holds a secret value.
/// Names of things *about* a secret (`_arn`, `_id`, `_name`, ...) do not.
pub fn looks_secret(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "private_key",
        "credential",
        "access_key",
        "encryption_key",
        "signing_key",
        "webhook_url",
    ];
    const ABOUT: &[&str] = &[
        "_arn",
        "_arns",
        "_id",
        "_ids",
        "_name",
        "_names",
        "_enabled",
        "_enable",
        "_days",
        "_length",
        "_version",
        "_policy",
        "_type",
        "_path",
        "_keys",
        "_strategy",
        "_mode",
        "_key_names",
        "_count",
        "_rotation",
        "_recovery_window_in_days",
        "_wo_version",
        "_kms_key_id",
        "_secret_arn",
        // API Gateway's `api_key_selection_expression`: where a request
        // carries its key, not a key.
        "_expression",
    ];
    let n = name.to_ascii_lowercase();
    // `db_pass`, `admin_pw`: "pass" as a whole word, not in "passenger".
    let pass_word = n == "pass"
        || n == "pw"
        || n.ends_with("_pass")
        || n.ends_with("_pw")
        || n.contains("_pass_");
    (WORDS.iter().any(|w| n.contains(w)) || pass_word)
        && !ABOUT.iter().any(|s| n.ends_with(s))
        && !n.starts_with("manage_")
        && !n.starts_with("enable_")
        && !n.starts_with("create_")
}

/// Replaces every occurrence of each secret in `text` with a redaction mark.
/// Defence in depth: values are already redacted where they are rendered;
/// this catches secrets quoted from source text (code frames, raw lines).
pub fn scrub(text: &str, secrets: &[String]) -> String {
    redact(text, secrets.iter().map(String::as_str)).into_owned()
}

/// What to remove from each line of streamed output: every secret and,
/// since a line never holds a multi-line secret whole, each of its lines
/// (8 characters or more, trimmed). Worked out once per output.
pub fn line_patterns(secrets: &[String]) -> Vec<&str> {
    let pieces = secrets
        .iter()
        .filter(|s| s.contains('\n'))
        .flat_map(|s| s.lines().map(str::trim).filter(|p| p.len() >= 8));
    secrets.iter().map(String::as_str).chain(pieces).collect()
}

/// [`scrub`] for whole lines of output (one or many), given their
/// [`line_patterns`].
pub fn scrub_line<'t>(line: &'t str, patterns: &[&str]) -> Cow<'t, str> {
    redact(line, patterns.iter().copied())
}

/// Every occurrence of each pattern (3 characters or more) replaced with a
/// redaction mark; the text itself when none occurs.
fn redact<'t, 's>(text: &'t str, patterns: impl IntoIterator<Item = &'s str>) -> Cow<'t, str> {
    let mut out = Cow::Borrowed(text);
    for s in patterns {
        if s.len() >= 3 && out.contains(s) {
            out = Cow::Owned(out.replace(s, "***"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in [
            "db_password",
            "jwt_secret",
            "redis_auth_token",
            "api_key",
            "DB_PASSWORD",
            "slack_webhook_url",
            "orders_db_pass",
            "admin_pw",
        ] {
            assert!(looks_secret(n), "{n}");
        }
        for n in [
            "db_secret_arn",
            "secret_name",
            "key_name",
            "db_username",
            "enable_secret_rotation",
            "manage_master_user_password",
            "token_count",
            "passenger_count",
            "bypass",
            "api_key_selection_expression",
        ] {
            assert!(!looks_secret(n), "{n}");
        }
    }

    #[test]
    fn a_keys_arn_or_alias_is_not_a_literal_secret() {
        let arn = "arn:aws:kms:eu-west-1:111122223333:alias/aws/s3";
        assert!(!is_literal_secret("encryption_key", arn));
        assert!(!is_literal_secret("encryption_key", "alias/aws/s3"));
        assert!(is_literal_secret("encryption_key", "Zx9!pQ2#rT"));
    }

    #[test]
    fn scrub_replaces_all_occurrences() {
        let s = scrub("a hunter2 b hunter2", &["hunter2".to_string()]);
        assert_eq!(s, "a *** b ***");
    }

    #[test]
    fn scrub_line_catches_lines_of_multiline_secrets() {
        let secrets = ["-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n-----END KEY-----".to_string()];
        let patterns = line_patterns(&secrets);
        assert_eq!(
            scrub_line("  12 | MIIEvQIBADANBgkq\n", &patterns),
            "  12 | ***\n"
        );
        assert_eq!(scrub_line("nothing here\n", &patterns), "nothing here\n");
    }
}
