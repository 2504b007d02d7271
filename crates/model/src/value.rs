//! Values of evaluated expressions. What cannot be known before apply is
//! `Unknown`, never guessed. Values that came from a secret are wrapped in
//! `Sensitive` and render redacted.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// Not known until apply (a resource id, a data source, a function we do
    /// not model, ...).
    Unknown,
    /// A value derived from a secret: sensitive variable, secret-named
    /// variable set in tfvars, or a literal password. Renders as `(sensitive)`.
    Sensitive(Box<Value>),
}

/// Text shown in place of a sensitive value, in every output.
pub const REDACTED: &str = "(sensitive value)";

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// Wraps in `Sensitive` unless already sensitive (or unknown/null, which
    /// carry no secret).
    pub fn sensitive(self) -> Value {
        match self {
            Value::Sensitive(_) | Value::Unknown | Value::Null => self,
            v => Value::Sensitive(Box::new(v)),
        }
    }

    pub fn is_sensitive(&self) -> bool {
        match self {
            Value::Sensitive(_) => true,
            Value::List(items) => items.iter().any(Value::is_sensitive),
            Value::Map(m) => m.values().any(Value::is_sensitive),
            _ => false,
        }
    }

    /// The value without its sensitivity mark, and whether it had one.
    pub fn unmark(&self) -> (&Value, bool) {
        match self {
            Value::Sensitive(inner) => (inner.unmark().0, true),
            v => (v, false),
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.unmark().0, Value::Unknown)
    }

    /// True when the value and everything inside it is known.
    pub fn is_wholly_known(&self) -> bool {
        match self.unmark().0 {
            Value::Unknown => false,
            Value::List(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(m) => m.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.unmark().0, Value::Null)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.unmark().0 {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.unmark().0 {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as a string, converting numbers and bools as Terraform does.
    pub fn as_string(&self) -> Option<String> {
        match self.unmark().0 {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.unmark().0 {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self.unmark().0 {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self.unmark().0 {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Number of elements of a collection, or characters of a string.
    pub fn length(&self) -> Option<usize> {
        match self.unmark().0 {
            Value::List(items) => Some(items.len()),
            Value::Map(m) => Some(m.len()),
            Value::String(s) => Some(s.chars().count()),
            _ => None,
        }
    }

    /// Truthiness for rule logic: `Some(bool)` when known.
    pub fn truthy(&self) -> Option<bool> {
        self.as_bool()
    }

    /// JSON form, with sensitive parts redacted and unknowns as null.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null | Value::Unknown => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => (*n as i64).into(),
            Value::Number(n) => serde_json::Number::from_f64(*n)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => s.clone().into(),
            Value::List(items) => items.iter().map(Value::to_json).collect(),
            Value::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            Value::Sensitive(_) => REDACTED.into(),
        }
    }

    /// JSON form of the real value, secrets included: for evaluation
    /// (`jsonencode`), never for output.
    pub fn to_json_unredacted(&self) -> serde_json::Value {
        match self {
            Value::Sensitive(inner) => inner.to_json_unredacted(),
            Value::List(items) => items.iter().map(Value::to_json_unredacted).collect(),
            Value::Map(m) => m
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json_unredacted()))
                .collect(),
            v => v.to_json(),
        }
    }

    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A value as an HCL string literal: quotes, backslashes, control
/// characters and template sequences (`${`, `%{`) escaped, so no value of
/// the user's can end the string or start an interpolation.
pub fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// HCL-like rendering for messages. Sensitive parts are redacted.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&format_number(*n)),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, " {k} = {v}")?;
                }
                f.write_str(if m.is_empty() { "}" } else { " }" })
            }
            Value::Unknown => f.write_str("(known after apply)"),
            Value::Sensitive(_) => f.write_str(REDACTED),
        }
    }
}

/// `v`, marked sensitive when `sensitive`.
pub(crate) fn mark(v: Value, sensitive: bool) -> Value {
    if sensitive {
        v.sensitive()
    } else {
        v
    }
}

/// Terraform equality: numbers compare by value, strings never equal numbers
/// except through conversion of both to strings.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a.unmark().0, b.unmark().0) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::Number(_)) | (Value::Number(_), Value::String(x)) => {
            let other = if matches!(a.unmark().0, Value::Number(_)) {
                a
            } else {
                b
            };
            other.as_string().as_deref() == Some(x.as_str())
        }
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_render_redacted_everywhere() {
        let secret = Value::string("hunter2").sensitive();
        let list = Value::List(vec![Value::string("a"), secret.clone()]);
        assert_eq!(secret.to_string(), REDACTED);
        assert!(!list.to_string().contains("hunter2"));
        assert!(!list.to_json().to_string().contains("hunter2"));
        assert!(list.is_sensitive());
        assert_eq!(secret.as_str(), Some("hunter2"));
    }

    #[test]
    fn numbers_render_like_terraform() {
        assert_eq!(Value::Number(22.0).to_string(), "22");
        assert_eq!(Value::Number(0.5).to_string(), "0.5");
        assert_eq!(Value::string("5").as_f64(), Some(5.0));
    }

    #[test]
    fn partially_unknown_collections_are_not_wholly_known() {
        let v = Value::List(vec![Value::string("a"), Value::Unknown]);
        assert!(!v.is_unknown());
        assert!(!v.is_wholly_known());
    }
}
