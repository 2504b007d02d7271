//! The Terraform functions tfready models. Any other function, or any call
//! whose arguments are not all known, is `Unknown`.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::value::{mark, values_equal, Value};

/// `name` applied to evaluated arguments; `read_file` reads a file of the
/// module (`file`, `fileexists`).
pub(crate) fn apply(
    name: &str,
    values: Vec<Value>,
    read_file: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let sensitive = values.iter().any(Value::is_sensitive) && !matches!(name, "nonsensitive");
    // Collection functions cope with unknown elements; scalar ones need all known.
    let out = match name {
        "sensitive" => {
            return values
                .into_iter()
                .next()
                .map_or(Value::Unknown, Value::sensitive)
        }
        "nonsensitive" => {
            return values
                .into_iter()
                .next()
                .map_or(Value::Unknown, |v| v.unmark_owned().0)
        }
        "length" => one(&values)
            .and_then(Value::length)
            .map_or(Value::Unknown, |n| Value::Number(n as f64)),
        "merge" => merge(&values),
        "concat" => concat(&values),
        "lookup" => lookup(&values),
        "contains" => match (values.first().and_then(Value::as_list), values.get(1)) {
            (Some(items), Some(x)) if x.is_wholly_known() => {
                if items.iter().any(|i| values_equal(i, x)) {
                    Value::Bool(true)
                } else if items.iter().all(Value::is_wholly_known) {
                    Value::Bool(false)
                } else {
                    Value::Unknown
                }
            }
            _ => Value::Unknown,
        },
        "element" => match (
            values.first().and_then(Value::as_list),
            values.get(1).and_then(Value::as_f64),
        ) {
            (Some(items), Some(i)) if !items.is_empty() => {
                items[(i as usize) % items.len()].clone()
            }
            _ => Value::Unknown,
        },
        "keys" => one(&values)
            .and_then(Value::as_map)
            .map_or(Value::Unknown, |m| {
                Value::List(m.keys().map(|k| Value::string(k.as_str())).collect())
            }),
        "values" => one(&values)
            .and_then(Value::as_map)
            .map_or(Value::Unknown, |m| {
                Value::List(m.values().cloned().collect())
            }),
        "tolist" | "toset" => match one(&values).map(|v| v.unmark().0) {
            Some(Value::List(items)) if name == "toset" => Value::List(distinct(items)),
            Some(Value::List(items)) => Value::List(items.clone()),
            _ => Value::Unknown,
        },
        "tomap" => match one(&values).map(|v| v.unmark().0) {
            Some(m @ Value::Map(_)) => m.clone(),
            _ => Value::Unknown,
        },
        "tostring" => one(&values)
            .and_then(Value::as_string)
            .map_or(Value::Unknown, Value::String),
        "tonumber" => one(&values)
            .and_then(Value::as_f64)
            .map_or(Value::Unknown, Value::Number),
        "tobool" => one(&values)
            .and_then(Value::as_bool)
            .map_or(Value::Unknown, Value::Bool),
        "distinct" => one(&values)
            .and_then(Value::as_list)
            .map_or(Value::Unknown, |l| Value::List(distinct(l))),
        "flatten" => flatten(one(&values)),
        "compact" => one(&values)
            .and_then(Value::as_list)
            .map_or(Value::Unknown, |l| {
                if l.iter().any(Value::is_unknown) {
                    return Value::Unknown;
                }
                Value::List(
                    l.iter()
                        .filter(|v| !v.is_null() && v.as_str() != Some(""))
                        .cloned()
                        .collect(),
                )
            }),
        "coalesce" => values
            .iter()
            .find(|v| v.is_unknown() || (!v.is_null() && v.as_str() != Some("")))
            .cloned()
            .unwrap_or(Value::Unknown),
        "coalescelist" => values
            .iter()
            .find(|v| v.is_unknown() || v.as_list().is_some_and(|l| !l.is_empty()))
            .cloned()
            .unwrap_or(Value::Unknown),
        "one" => match one(&values).map(|v| v.unmark().0) {
            Some(Value::List(items)) if items.is_empty() => Value::Null,
            Some(Value::List(items)) if items.len() == 1 => items[0].clone(),
            _ => Value::Unknown,
        },
        "zipmap" => match (
            values.first().and_then(Value::as_list),
            values.get(1).and_then(Value::as_list),
        ) {
            (Some(k), Some(v)) if k.len() == v.len() => {
                let mut m = BTreeMap::new();
                for (k, v) in k.iter().zip(v) {
                    let Some(k) = k.as_string() else {
                        return Value::Unknown;
                    };
                    m.insert(k, v.clone());
                }
                Value::Map(m)
            }
            _ => Value::Unknown,
        },
        "range" => range(&values),
        "index" => match (values.first().and_then(Value::as_list), values.get(1)) {
            (Some(items), Some(x)) => items
                .iter()
                .position(|i| values_equal(i, x))
                .map_or(Value::Unknown, |i| Value::Number(i as f64)),
            _ => Value::Unknown,
        },
        // slice() of a list known only at apply still has a known length.
        "slice" if values.first().is_some_and(Value::is_unknown) => {
            match (
                values.get(1).and_then(Value::as_f64),
                values.get(2).and_then(Value::as_f64),
            ) {
                (Some(a), Some(b)) if a >= 0.0 && b >= a && b - a <= 10_000.0 => {
                    Value::List(vec![Value::Unknown; (b - a) as usize])
                }
                _ => Value::Unknown,
            }
        }
        "slice" => match (
            values.first().and_then(Value::as_list),
            values.get(1).and_then(Value::as_f64),
            values.get(2).and_then(Value::as_f64),
        ) {
            (Some(items), Some(a), Some(b)) if a <= b && (b as usize) <= items.len() => {
                Value::List(items[a as usize..b as usize].to_vec())
            }
            _ => Value::Unknown,
        },
        "jsonencode" => match one(&values) {
            Some(v) if v.is_wholly_known() => Value::String(v.to_json_unredacted().to_string()),
            _ => Value::Unknown,
        },
        "jsondecode" => one(&values)
            .and_then(Value::as_str)
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .map_or(Value::Unknown, |j| Value::from_json(&j)),
        "file" => strings(&values)
            .and_then(|a| read_file(&a[0]))
            .map_or(Value::Unknown, Value::String),
        "fileexists" => {
            strings(&values).map_or(Value::Unknown, |a| Value::Bool(read_file(&a[0]).is_some()))
        }
        "cidrsubnet" => cidrsubnet(&values),
        "cidrhost" => cidrhost(&values),
        "abs" | "ceil" | "floor" | "signum" => match one(&values).and_then(Value::as_f64) {
            Some(n) => Value::Number(match name {
                "abs" => n.abs(),
                "ceil" => n.ceil(),
                "floor" => n.floor(),
                _ => n.signum(),
            }),
            None => Value::Unknown,
        },
        "min" | "max" => {
            let nums: Option<Vec<f64>> = values.iter().map(Value::as_f64).collect();
            match nums {
                Some(n) if !n.is_empty() => Value::Number(if name == "min" {
                    n.iter().copied().fold(f64::INFINITY, f64::min)
                } else {
                    n.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                }),
                _ => Value::Unknown,
            }
        }
        "base64encode" => {
            strings(&values).map_or(Value::Unknown, |a| Value::String(base64(a[0].as_bytes())))
        }
        _ => string_fn(name, &values),
    };
    mark(out, sensitive)
}

fn one(values: &[Value]) -> Option<&Value> {
    match values {
        [v] => Some(v),
        _ => None,
    }
}

/// All arguments as known strings.
fn strings(values: &[Value]) -> Option<Vec<String>> {
    let v: Option<Vec<String>> = values.iter().map(Value::as_string).collect();
    v.filter(|v| !v.is_empty())
}

fn string_fn(name: &str, values: &[Value]) -> Value {
    if name == "format" {
        return format(values);
    }
    if name == "join" {
        return match (
            values.first().and_then(Value::as_string),
            values.get(1).and_then(Value::as_list),
        ) {
            (Some(sep), Some(items)) => {
                let parts: Option<Vec<String>> = items.iter().map(Value::as_string).collect();
                parts.map_or(Value::Unknown, |p| Value::String(p.join(&sep)))
            }
            _ => Value::Unknown,
        };
    }
    let Some(a) = strings(values) else {
        return Value::Unknown;
    };
    let s = |i: usize| a.get(i).map(String::as_str).unwrap_or("");
    match name {
        "lower" => Value::String(s(0).to_lowercase()),
        "upper" => Value::String(s(0).to_uppercase()),
        "trimspace" => Value::String(s(0).trim().to_string()),
        "trim" => Value::String(s(0).trim_matches(|c| s(1).contains(c)).to_string()),
        "trimprefix" => Value::String(s(0).strip_prefix(s(1)).unwrap_or(s(0)).to_string()),
        "trimsuffix" => Value::String(s(0).strip_suffix(s(1)).unwrap_or(s(0)).to_string()),
        "title" => Value::String(
            s(0).split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "replace" if a.len() == 3 => Value::String(s(0).replace(s(1), s(2))),
        "split" => Value::List(s(1).split(s(0)).map(Value::string).collect()),
        "startswith" => Value::Bool(s(0).starts_with(s(1))),
        "endswith" => Value::Bool(s(0).ends_with(s(1))),
        "strcontains" => Value::Bool(s(0).contains(s(1))),
        "substr" => match (
            a.get(1).and_then(|x| x.parse::<i64>().ok()),
            a.get(2).and_then(|x| x.parse::<i64>().ok()),
        ) {
            (Some(off), Some(len)) if off >= 0 => {
                let chars = s(0).chars().skip(off as usize);
                Value::String(if len < 0 {
                    chars.collect()
                } else {
                    chars.take(len as usize).collect()
                })
            }
            _ => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}

fn format(values: &[Value]) -> Value {
    let Some(fmt) = values.first().and_then(Value::as_string) else {
        return Value::Unknown;
    };
    let mut out = String::new();
    let mut args = values[1..].iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // Skip flags/width: format("%03d", 5) is rare enough to render plainly.
        let mut spec = String::new();
        while let Some(&n) = chars.peek() {
            chars.next();
            if n.is_ascii_alphabetic() || n == '%' {
                spec.push(n);
                break;
            }
        }
        match spec.as_str() {
            "%" => out.push('%'),
            "d" | "s" | "v" | "f" | "g" => match args.next().and_then(Value::as_string) {
                Some(s) => out.push_str(&s),
                None => return Value::Unknown,
            },
            "q" => match args.next().and_then(Value::as_string) {
                Some(s) => out.push_str(&format!("{s:?}")),
                None => return Value::Unknown,
            },
            _ => return Value::Unknown,
        }
    }
    Value::String(out)
}

fn merge(values: &[Value]) -> Value {
    let mut out = BTreeMap::new();
    for v in values {
        match v.unmark().0 {
            Value::Map(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            _ => return Value::Unknown,
        }
    }
    Value::Map(out)
}

fn concat(values: &[Value]) -> Value {
    let mut out = Vec::new();
    for v in values {
        match v.unmark().0 {
            Value::List(items) => out.extend(items.iter().cloned()),
            _ => return Value::Unknown,
        }
    }
    Value::List(out)
}

fn lookup(values: &[Value]) -> Value {
    let (Some(map), Some(key)) = (values.first(), values.get(1)) else {
        return Value::Unknown;
    };
    match (map.as_map(), key.as_string()) {
        (Some(m), Some(k)) => m
            .get(&k)
            .cloned()
            .or_else(|| values.get(2).cloned())
            .unwrap_or(Value::Unknown),
        _ => Value::Unknown,
    }
}

/// Keeps the first of equal elements, in order; linear in the length
/// (a `toset` over a million elements must not be quadratic).
fn distinct(items: &[Value]) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Value> = Vec::new();
    for i in items {
        // Numbers and their string forms are equal in Terraform: key by the
        // string form where there is one.
        let key = i
            .as_string()
            .unwrap_or_else(|| i.to_json_unredacted().to_string());
        if seen.insert(key) {
            out.push(i.clone());
        }
    }
    out
}

fn flatten(v: Option<&Value>) -> Value {
    fn go(v: &Value, out: &mut Vec<Value>) -> bool {
        match v.unmark().0 {
            Value::List(items) => items.iter().all(|i| go(i, out)),
            Value::Unknown => false,
            other => {
                out.push(other.clone());
                true
            }
        }
    }
    let mut out = Vec::new();
    match v {
        Some(v) if v.as_list().is_some() && go(v, &mut out) => Value::List(out),
        _ => Value::Unknown,
    }
}

fn range(values: &[Value]) -> Value {
    let nums: Option<Vec<f64>> = values.iter().map(Value::as_f64).collect();
    let Some(n) = nums else { return Value::Unknown };
    let (start, end, step) = match n.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, if s <= e { 1.0 } else { -1.0 }),
        [s, e, st] => (*s, *e, *st),
        _ => return Value::Unknown,
    };
    if step == 0.0 || ((end - start) / step) > 1_000_000.0 {
        return Value::Unknown;
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        out.push(Value::Number(x));
        x += step;
    }
    Value::List(out)
}

fn parse_cidr(s: &str) -> Option<(u32, u32)> {
    let (ip, bits) = s.split_once('/')?;
    let ip: Ipv4Addr = ip.parse().ok()?;
    let bits: u32 = bits.parse().ok().filter(|b| *b <= 32)?;
    Some((u32::from(ip), bits))
}

fn cidrsubnet(values: &[Value]) -> Value {
    let (Some(prefix), Some(newbits), Some(netnum)) = (
        values.first().and_then(Value::as_string),
        values.get(1).and_then(Value::as_f64),
        values.get(2).and_then(Value::as_f64),
    ) else {
        return Value::Unknown;
    };
    let Some((ip, bits)) = parse_cidr(&prefix) else {
        return Value::Unknown;
    };
    let new = bits + newbits as u32;
    if new > 32 || netnum < 0.0 || (netnum as u64) >= (1u64 << (new - bits)) {
        return Value::Unknown;
    }
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    let base = ip & mask;
    let shifted = if new == 32 {
        netnum as u32
    } else {
        (netnum as u32) << (32 - new)
    };
    Value::String(format!("{}/{}", Ipv4Addr::from(base | shifted), new))
}

fn cidrhost(values: &[Value]) -> Value {
    let (Some(prefix), Some(host)) = (
        values.first().and_then(Value::as_string),
        values.get(1).and_then(Value::as_f64),
    ) else {
        return Value::Unknown;
    };
    let Some((ip, bits)) = parse_cidr(&prefix) else {
        return Value::Unknown;
    };
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    Value::String(format!(
        "{}",
        Ipv4Addr::from((ip & mask).wrapping_add(host as u32))
    ))
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::eval::Evaluator;
    // Functions need nothing from an environment but literals.
    use crate::tfvars::LiteralEnv as NoEnv;

    fn eval(src: &str) -> String {
        let expr = crate::ast::parse_expr(src).unwrap();
        Evaluator::new(&NoEnv).eval(&expr).to_string()
    }

    #[test]
    fn common_functions() {
        assert_eq!(
            eval(r#"merge({a = 1}, {b = 2}, {a = 3})"#),
            "{ a = 3, b = 2 }"
        );
        assert_eq!(eval(r#"concat(["a"], ["b", "c"])"#), r#"["a", "b", "c"]"#);
        assert_eq!(eval(r#"lookup({a = 1}, "b", 5)"#), "5");
        assert_eq!(eval(r#"length(["a", "b"])"#), "2");
        assert_eq!(eval(r#"contains(["a", "b"], "b")"#), "true");
        assert_eq!(eval(r#"format("%s-%d", "web", 3)"#), r#""web-3""#);
        assert_eq!(
            eval(r#"jsonencode({a = [1, "x"]})"#),
            r#""{\"a\":[1,\"x\"]}""#
        );
        assert_eq!(eval(r#"join(",", ["a", "b"])"#), r#""a,b""#);
        assert_eq!(eval(r#"coalesce("", "x")"#), r#""x""#);
        assert_eq!(
            eval(r#"flatten([["a"], ["b", ["c"]]])"#),
            r#"["a", "b", "c"]"#
        );
        assert_eq!(eval(r#"try(aws_vpc.x.id, "fallback")"#), r#""fallback""#);
        assert_eq!(eval(r#"base64encode("hi!")"#), r#""aGkh""#);
        assert_eq!(eval(r#"range(3)"#), "[0, 1, 2]");
        assert_eq!(
            eval(r#"length(slice(data.aws_availability_zones.a.names, 0, 2))"#),
            "2"
        );
    }

    #[test]
    fn cidr_functions_match_terraform() {
        assert_eq!(
            eval(r#"cidrsubnet("10.0.0.0/16", 8, 2)"#),
            r#""10.0.2.0/24""#
        );
        assert_eq!(
            eval(r#"cidrsubnet("10.0.0.0/16", 4, 15)"#),
            r#""10.0.240.0/20""#
        );
        assert_eq!(eval(r#"cidrhost("10.0.1.0/24", 5)"#), r#""10.0.1.5""#);
        assert_eq!(
            eval(r#"cidrsubnet("10.0.0.0/16", 8, 256)"#),
            "(known after apply)"
        );
    }

    #[test]
    fn unknown_arguments_give_unknown() {
        assert_eq!(eval(r#"upper(aws_vpc.x.id)"#), "(known after apply)");
        assert_eq!(
            eval(r#"length(data.aws_availability_zones.a.names)"#),
            "(known after apply)"
        );
        assert_eq!(
            eval(r#"provider::aws::arn_parse("x")"#),
            "(known after apply)"
        );
    }
}
