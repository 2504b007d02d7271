//! Policy documents: the TLS-only bucket statement, and a small evaluator of IAM
//! identity policies (Allow/Deny, Action/NotAction, Resource/NotResource, `*` and
//! `?` wildcards). Conditions are not evaluated: a statement with a condition is
//! reported as conditional.

use serde_json::{json, Value};

/// The Sid of the statement bootstrap adds.
pub const TLS_SID: &str = "DenyInsecureTransport";

/// The TLS-only statement bootstrap adds: Deny of every S3 action on the
/// bucket and its objects when the request is not over TLS.
pub fn tls_statement(partition: &str, bucket: &str) -> Value {
    json!({
        "Sid": TLS_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [
            format!("arn:{partition}:s3:::{bucket}"),
            format!("arn:{partition}:s3:::{bucket}/*"),
        ],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    })
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => vec![],
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    as_list(v)
        .into_iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn statements(doc: &Value) -> Vec<&Value> {
    as_list(doc.get("Statement"))
}

/// True when the policy has a Deny for every principal on `s3:*` (or `*`) under
/// the condition `aws:SecureTransport` = false.
pub fn has_tls_deny(text: &str) -> bool {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    statements(&doc).into_iter().any(|s| {
        let deny = s.get("Effect").and_then(Value::as_str) == Some("Deny");
        let everyone = match s.get("Principal") {
            Some(Value::String(p)) => p == "*",
            Some(Value::Object(m)) => strings(m.get("AWS")).iter().any(|p| p == "*"),
            _ => false,
        };
        let all_actions = strings(s.get("Action"))
            .iter()
            .any(|a| a == "s3:*" || a == "*");
        let insecure = s
            .get("Condition")
            .and_then(|c| c.get("Bool"))
            .and_then(|b| b.get("aws:SecureTransport"))
            .map(|v| match v {
                Value::String(x) => x.eq_ignore_ascii_case("false"),
                Value::Bool(b) => !b,
                Value::Array(xs) => xs
                    .iter()
                    .any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case("false"))),
                _ => false,
            })
            .unwrap_or(false);
        deny && everyone && all_actions && insecure
    })
}

/// The policy with the TLS-only statement added; every existing statement is kept.
pub fn with_tls_deny(
    current: Option<&str>,
    partition: &str,
    bucket: &str,
) -> Result<String, String> {
    let mut doc = match current {
        None => json!({"Version": "2012-10-17", "Statement": []}),
        Some(text) => serde_json::from_str::<Value>(text).map_err(|e| e.to_string())?,
    };
    let obj = doc
        .as_object_mut()
        .ok_or_else(|| "the policy is not a JSON object".to_string())?;
    let mut list: Vec<Value> = match obj.remove("Statement") {
        None => vec![],
        Some(Value::Array(items)) => items,
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => return Err("Statement is neither a list nor an object".to_string()),
    };
    let mut stmt = tls_statement(partition, bucket);
    let sid_taken = list
        .iter()
        .any(|s| s.get("Sid").and_then(Value::as_str) == Some(TLS_SID));
    if sid_taken {
        stmt["Sid"] = json!(format!("Tfready{TLS_SID}"));
    }
    list.push(stmt);
    obj.insert("Statement".to_string(), Value::Array(list));
    obj.entry("Version").or_insert_with(|| json!("2012-10-17"));
    serde_json::to_string(&doc).map_err(|e| e.to_string())
}

/// IAM returns policy documents URL-encoded; decode when needed.
pub fn decode_document(text: &str) -> String {
    if text.trim_start().starts_with('{') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `*` matches any run of characters, `?` one character.
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if case_insensitive {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// A policy document and where it came from ("inline policy X of role R").
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    pub source: String,
    pub document: String,
}

/// What identity policies say about one action on one resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Sources of unconditional Allow statements that match.
    pub allowed_by: Vec<String>,
    /// Sources of Allow statements that match only under a condition.
    pub conditionally_allowed_by: Vec<String>,
    /// Sources of unconditional Deny statements that match.
    pub denied_by: Vec<String>,
    /// Sources of Deny statements that match under a condition (not evaluated).
    pub conditionally_denied_by: Vec<String>,
    /// Documents that could not be parsed.
    pub unreadable: Vec<String>,
}

impl Evaluation {
    /// Allowed by some statement and denied by none (conditions aside).
    pub fn allowed(&self) -> bool {
        self.denied_by.is_empty()
            && (!self.allowed_by.is_empty() || !self.conditionally_allowed_by.is_empty())
    }
}

fn matches_any(patterns: &[String], value: &str, ci: bool) -> bool {
    patterns.iter().any(|p| wildcard_match(p, value, ci))
}

/// Evaluates `action` on `resource` against identity policies.
pub fn evaluate(policies: &[NamedPolicy], action: &str, resource: &str) -> Evaluation {
    let mut ev = Evaluation::default();
    for p in policies {
        let Ok(doc) = serde_json::from_str::<Value>(&decode_document(&p.document)) else {
            ev.unreadable.push(p.source.clone());
            continue;
        };
        for s in statements(&doc) {
            let action_ok = if s.get("Action").is_some() {
                matches_any(&strings(s.get("Action")), action, true)
            } else if s.get("NotAction").is_some() {
                !matches_any(&strings(s.get("NotAction")), action, true)
            } else {
                false
            };
            let resource_ok = if s.get("Resource").is_some() {
                matches_any(&strings(s.get("Resource")), resource, false)
            } else if s.get("NotResource").is_some() {
                !matches_any(&strings(s.get("NotResource")), resource, false)
            } else {
                false
            };
            if !(action_ok && resource_ok) {
                continue;
            }
            let conditional = s
                .get("Condition")
                .is_some_and(|c| c.as_object().is_some_and(|m| !m.is_empty()));
            let deny = s.get("Effect").and_then(Value::as_str) == Some("Deny");
            let list = match (deny, conditional) {
                (false, false) => &mut ev.allowed_by,
                (false, true) => &mut ev.conditionally_allowed_by,
                (true, false) => &mut ev.denied_by,
                (true, true) => &mut ev.conditionally_denied_by,
            };
            if !list.contains(&p.source) {
                list.push(p.source.clone());
            }
        }
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_statement_is_added_and_found() {
        let merged = with_tls_deny(None, "aws", "tf-state").unwrap();
        assert!(has_tls_deny(&merged));
        let existing = r#"{"Version":"2012-10-17","Statement":{"Sid":"Other","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::tf-state/*"}}"#;
        assert!(!has_tls_deny(existing));
        let merged = with_tls_deny(Some(existing), "aws", "tf-state").unwrap();
        let doc: Value = serde_json::from_str(&merged).unwrap();
        let sids: Vec<_> = doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Sid"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(sids, ["Other", TLS_SID]);
        assert!(has_tls_deny(&merged));
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match(
            "secretsmanager:Get*",
            "secretsmanager:GetSecretValue",
            true
        ));
        assert!(wildcard_match("*", "anything", false));
        assert!(wildcard_match(
            "arn:aws:secretsmanager:us-east-1:1:secret:db-*",
            "arn:aws:secretsmanager:us-east-1:1:secret:db-AbC123",
            false
        ));
        assert!(!wildcard_match("arn:aws:s3:::a", "arn:aws:s3:::ab", false));
        assert!(wildcard_match("a?c", "abc", false));
    }

    #[test]
    fn evaluation_allow_deny_and_conditions() {
        let secret = "arn:aws:secretsmanager:us-east-1:1:secret:db-AbC123";
        let allow = NamedPolicy {
            source: "inline read".into(),
            document: r#"{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"arn:aws:secretsmanager:us-east-1:1:secret:db-*"}]}"#.into(),
        };
        let other = NamedPolicy {
            source: "inline other".into(),
            document: r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.into(),
        };
        let ev = evaluate(
            &[allow.clone(), other.clone()],
            "secretsmanager:GetSecretValue",
            secret,
        );
        assert!(ev.allowed());
        assert_eq!(ev.allowed_by, ["inline read"]);
        assert!(!evaluate(
            std::slice::from_ref(&other),
            "secretsmanager:GetSecretValue",
            secret
        )
        .allowed());
        let deny = NamedPolicy {
            source: "deny".into(),
            document: r#"{"Statement":[{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}]}"#
                .into(),
        };
        assert!(!evaluate(
            &[allow.clone(), deny],
            "secretsmanager:GetSecretValue",
            secret
        )
        .allowed());
        let encoded = NamedPolicy {
            source: "encoded".into(),
            document: "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22secretsmanager%3A%2A%22%2C%22Resource%22%3A%22%2A%22%2C%22Condition%22%3A%7B%22Bool%22%3A%7B%22aws%3ASecureTransport%22%3A%22true%22%7D%7D%7D%5D%7D".into(),
        };
        let ev = evaluate(&[encoded], "secretsmanager:GetSecretValue", secret);
        assert!(ev.allowed());
        assert_eq!(ev.conditionally_allowed_by, ["encoded"]);
    }
}
