//! What `verify` looks for in the account, read from the project: the
//! state backend, the names the stack gives its database, load balancer,
//! group, role and VPC, its domain and its own name (see
//! `tfready_model::naming`).

use tfready_model::{Project, ResourceRef};

use super::VerifyTarget;

fn string_attr(r: &ResourceRef<'_>, attr: &str) -> Option<String> {
    r.eval(attr).and_then(|v| v.as_string())
}

impl VerifyTarget {
    /// The target as the project names it; the caller lays what the user
    /// passed over it.
    pub fn of(project: &Project) -> VerifyTarget {
        let backend = project
            .root_module()
            .backend()
            .filter(|(_, b)| b.labels.first().map(|l| l.as_str()) == Some("s3"));
        let backend_attr = |n: &str| {
            backend
                .and_then(|(_, b)| b.body.get_attribute(n))
                .and_then(|a| a.value.as_str().map(str::to_string))
        };
        let first =
            |ty: &str, attr: &str| project.resources_of(ty).find_map(|r| string_attr(&r, attr));
        let app_role = project
            .resources_of("aws_iam_role")
            .find(|r| r.is_ec2_role())
            .and_then(|r| string_attr(&r, "name"));
        let vpc = project.resources_of("aws_vpc").find_map(|r| {
            r.eval("tags").and_then(|t| {
                t.as_map()
                    .and_then(|m| m.get("Name").and_then(|n| n.as_string()))
            })
        });
        let prefix = project.stack_name();
        VerifyTarget {
            environment: project.environment(),
            state_bucket: backend_attr("bucket"),
            lock_table: backend_attr("dynamodb_table"),
            domain: project.app_domain(),
            app_role,
            db_instance: first("aws_db_instance", "identifier"),
            vpc,
            load_balancer: first("aws_lb", "name"),
            autoscaling_group: first("aws_autoscaling_group", "name"),
            alarm_prefix: prefix.clone(),
            dashboard_prefix: prefix,
            ..VerifyTarget::default()
        }
    }
}
