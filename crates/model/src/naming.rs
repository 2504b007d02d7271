//! What a stack calls its own things: its name, its domain, its hosted
//! zone, the role its instances run as. Decided here for every crate: `fix`
//! writes references to them, `verify` looks them up in the account.

use crate::view::ResourceRef;
use crate::Project;

/// Variable names that hold the stack's own name (used to name what it
/// creates), in the order tried.
pub const PROJECT_VARS: &[&str] = &[
    "project_name",
    "project",
    "name_prefix",
    "app_name",
    "application",
    "service_name",
    "service",
    "stack_name",
    "name",
    "app",
    "prefix",
];

/// Variables that hold the stack's domain, in the order tried.
pub const DOMAIN_VARS: &[&str] = &[
    "domain_name",
    "domain",
    "zone_name",
    "root_domain",
    "dns_zone",
    "dns_domain",
    "hosted_zone_name",
];

/// Variables that hold the app's host under the domain (`app` of
/// `app.example.com`).
pub const SUBDOMAIN_VARS: &[&str] = &["app_subdomain", "subdomain"];

/// Variables that hold the hosted zone's id.
pub const ZONE_ID_VARS: &[&str] = &[
    "hosted_zone_id",
    "zone_id",
    "route53_zone_id",
    "dns_zone_id",
];

impl Project {
    /// The root variable holding the stack's name, if any.
    pub fn project_var(&self) -> Option<&'static str> {
        self.first_var(PROJECT_VARS)
    }

    /// The first of `names` the root module declares.
    pub fn first_var(&self, names: &[&'static str]) -> Option<&'static str> {
        let vars = &self.root_module().variables;
        names.iter().copied().find(|n| vars.contains_key(*n))
    }

    /// The stack's name, when its variable has a known value.
    pub fn stack_name(&self) -> Option<String> {
        let var = self.project_var()?;
        self.root_var(var).and_then(|b| b.value.as_string())
    }

    /// The app's domain name as far as the configuration knows it: the
    /// subdomain under the domain, the domain alone, else the name of the
    /// stack's hosted zone.
    pub fn app_domain(&self) -> Option<String> {
        let value = |names: &[&'static str]| {
            self.first_var(names)
                .and_then(|v| self.root_var(v))
                .and_then(|b| b.value.as_string())
        };
        let zone = || {
            self.resources_of("aws_route53_zone")
                .find_map(|z| z.eval("name").and_then(|v| v.as_string()))
        };
        match (value(SUBDOMAIN_VARS), value(DOMAIN_VARS).or_else(zone)) {
            (Some(sub), Some(domain)) => Some(format!("{sub}.{domain}")),
            (None, domain) => domain,
            (Some(_), None) => None,
        }
    }
}

impl ResourceRef<'_> {
    /// Whether this is an IAM role EC2 instances assume (its trust policy
    /// names `ec2.amazonaws.com`): the role the app's instances run as.
    pub fn is_ec2_role(&self) -> bool {
        self.resource.ty == "aws_iam_role"
            && self
                .eval("assume_role_policy")
                .and_then(|v| v.as_string())
                .is_some_and(|p| p.contains("ec2.amazonaws.com"))
    }
}
