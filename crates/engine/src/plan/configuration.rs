//! The plan's `configuration`: what the user wrote for each resource and
//! the provider. A planned attribute is unknown either because the user set
//! it from what apply creates (`bucket = aws_s3_bucket.logs.id`), kept as
//! that reference so that rules link the two resources as they do in the
//! configuration, or because the user did not set it and the provider fills
//! it in (an instance's `key_name`), left unset as in the configuration.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

#[derive(serde::Deserialize)]
pub(super) struct ConfigDoc {
    #[serde(default)]
    provider_config: BTreeMap<String, ProviderDoc>,
    #[serde(default)]
    root_module: Option<ModuleDoc>,
}

#[derive(serde::Deserialize)]
struct ProviderDoc {
    #[serde(default)]
    expressions: BTreeMap<String, ExpressionDoc>,
}

#[derive(serde::Deserialize, Default)]
struct ModuleDoc {
    #[serde(default)]
    resources: Vec<ResourceDoc>,
    #[serde(default)]
    module_calls: BTreeMap<String, CallDoc>,
}

#[derive(serde::Deserialize)]
struct CallDoc {
    #[serde(default)]
    module: Option<ModuleDoc>,
}

#[derive(serde::Deserialize)]
struct ResourceDoc {
    /// In its module: `aws_s3_bucket.logs`, `data.aws_ami.ubuntu`.
    address: String,
    /// An attribute's expression is an object; a nested block's a list.
    #[serde(default)]
    expressions: BTreeMap<String, Value>,
}

#[derive(serde::Deserialize)]
struct ExpressionDoc {
    #[serde(default)]
    constant_value: Value,
    #[serde(default)]
    references: Vec<String>,
}

/// `variables` of the plan: the root module's input values.
#[derive(serde::Deserialize)]
pub(super) struct VariableDoc {
    #[serde(default)]
    value: Value,
}

/// The attributes each resource's configuration sets, with the references
/// of each one's expression.
type Written = HashMap<String, Vec<String>>;

/// What the configuration says of the plan's resources, by module (its
/// call names joined by `.`, `""` for the root) and resource address in it.
#[derive(Default)]
pub(super) struct Configuration {
    modules: HashMap<String, HashMap<String, Written>>,
}

impl Configuration {
    pub fn new(doc: Option<&ConfigDoc>) -> Configuration {
        let mut out = Configuration::default();
        if let Some(root) = doc.and_then(|d| d.root_module.as_ref()) {
            out.add(String::new(), root);
        }
        out
    }

    fn add(&mut self, path: String, m: &ModuleDoc) {
        let resources = m
            .resources
            .iter()
            .map(|r| {
                let written = r
                    .expressions
                    .iter()
                    .map(|(name, e)| (name.clone(), references(e)))
                    .collect();
                (r.address.clone(), written)
            })
            .collect();
        for (name, call) in &m.module_calls {
            if let Some(child) = &call.module {
                let child_path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                self.add(child_path, child);
            }
        }
        self.modules.insert(path, resources);
    }

    /// The attributes the configuration sets on `resource` (`aws_x.y`,
    /// `data.aws_x.y`) in `module`; `None` when the plan does not say.
    pub fn written(&self, module: &str, resource: &str) -> Option<&Written> {
        self.modules.get(module)?.get(resource)
    }
}

/// An attribute expression's references (none for a nested block's).
fn references(expression: &Value) -> Vec<String> {
    expression
        .get("references")
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The aws provider's region: a constant, or a root variable's value.
pub(super) fn region(
    doc: Option<&ConfigDoc>,
    variables: &BTreeMap<String, VariableDoc>,
) -> Option<String> {
    let region = doc?.provider_config.get("aws")?.expressions.get("region")?;
    if let Some(r) = region.constant_value.as_str() {
        return Some(r.to_string());
    }
    let [only] = region.references.as_slice() else {
        return None;
    };
    let name = only.strip_prefix("var.")?;
    variables.get(name)?.value.as_str().map(str::to_string)
}

/// A reference to a resource or data source, as the configuration lists
/// it: `aws_s3_bucket.logs.id`, `data.aws_iam_policy_document.p.json`,
/// `aws_instance.web[0].id`.
#[derive(Debug, PartialEq)]
pub(super) struct Reference<'a> {
    /// `aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`.
    pub resource: String,
    /// The instance key as written (`0`, `"a"`), when one is.
    pub key: Option<&'a str>,
    /// What follows the resource (and key): `.id`, `.tags["Name"]`.
    pub rest: &'a str,
}

/// Reads a reference to a resource or data source; `None` for any other
/// (`var.x`, `local.y`, `module.m.out`, `each.key`, `count.index`).
pub(super) fn reference(text: &str) -> Option<Reference<'_>> {
    let (mode, body) = match text.strip_prefix("data.") {
        Some(rest) => ("data.", rest),
        None => ("", text),
    };
    let (ty, after_type) = body.split_once('.')?;
    // Resource types carry their provider's prefix: `var`, `local`,
    // `module`, `each`, `count`, `path`, `self`, `terraform` do not.
    if !ty.contains('_') {
        return None;
    }
    let name_end = after_type.find(['.', '[']).unwrap_or(after_type.len());
    let name = &after_type[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut rest = &after_type[name_end..];
    let mut key = None;
    if let Some(inner) = rest.strip_prefix('[') {
        // A quoted key may hold `]`: it ends at its closing quote.
        let close = if inner.starts_with('"') {
            tfready_model::closing_quote(inner.as_bytes(), 0) + 1
        } else {
            inner.find(']')?
        };
        key = Some(inner.get(..close)?);
        rest = inner.get(close..)?.strip_prefix(']')?;
    }
    Some(Reference {
        resource: format!("{mode}{ty}.{name}"),
        key,
        rest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_resources_instances_and_attributes() {
        let r = reference("aws_s3_bucket.logs.id").unwrap();
        assert_eq!(
            (r.resource.as_str(), r.key, r.rest),
            ("aws_s3_bucket.logs", None, ".id")
        );
        let r = reference("aws_instance.web[0].private_ip").unwrap();
        assert_eq!(
            (r.resource.as_str(), r.key, r.rest),
            ("aws_instance.web", Some("0"), ".private_ip")
        );
        let r = reference("data.aws_iam_policy_document.p.json").unwrap();
        assert_eq!(r.resource, "data.aws_iam_policy_document.p");
        let r = reference(r#"aws_subnet.s["a"]"#).unwrap();
        assert_eq!((r.key, r.rest), (Some(r#""a""#), ""));
        let r = reference(r#"aws_subnet.s["a]\"b"].id"#).unwrap();
        assert_eq!((r.key, r.rest), (Some(r#""a]\"b""#), ".id"));
        for other in [
            "var.region",
            "local.vpc.id",
            "module.m.out",
            "each.key",
            "count.index",
        ] {
            assert_eq!(reference(other), None, "{other}");
        }
    }

    #[test]
    fn the_region_is_a_constant_or_a_root_variables_value() {
        let doc = |region: &str| -> ConfigDoc {
            serde_json::from_str(&format!(
                r#"{{"provider_config": {{"aws": {{"expressions": {{"region": {region}}}}}}}}}"#
            ))
            .unwrap()
        };
        let vars: BTreeMap<String, VariableDoc> =
            serde_json::from_str(r#"{"aws_region": {"value": "ap-south-1"}}"#).unwrap();
        let constant = doc(r#"{"constant_value": "eu-north-1"}"#);
        assert_eq!(
            region(Some(&constant), &vars).as_deref(),
            Some("eu-north-1")
        );
        let variable = doc(r#"{"references": ["var.aws_region"]}"#);
        assert_eq!(
            region(Some(&variable), &vars).as_deref(),
            Some("ap-south-1")
        );
        let local = doc(r#"{"references": ["local.region"]}"#);
        assert_eq!(region(Some(&local), &vars), None);
    }
}
