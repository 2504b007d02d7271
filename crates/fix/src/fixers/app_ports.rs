use super::prelude::*;

pub(super) fn app_ports(cx: &mut FixCx<'_>) {
    default_security_groups(cx);
    let blocks = ingress_texts(cx, |from, to, world, all| {
        let app = all
            || !matches!((from, to), (Some(f), Some(t)) if f == t && [22.0, 80.0, 443.0].contains(&f));
        !(world && app)
    });
    let n = remove_ingress(
        cx,
        blocks,
        "application ports are not open to the internet (roadmap 4.1)",
    );
    if n > 0 {
        cx.done.push(format!(
            "{n} world-open application port ingress rule(s) removed"
        ));
    }
}

/// Every VPC's default security group loses its rules: nothing should fall
/// back to it (resources without an explicit group would be reachable).
pub(super) fn default_security_groups(cx: &mut FixCx<'_>) {
    let vpcs: Vec<_> = cx.project.resources_of("aws_vpc").collect();
    for vpc in vpcs {
        if cx
            .project
            .resources_of("aws_default_security_group")
            .any(|d| d.instance.id == vpc.instance.id)
        {
            continue;
        }
        let file = cx.file_of(&vpc);
        let name = vpc.resource.name.clone();
        if cx.ws.read(&file).contains(&format!(
            "resource \"aws_default_security_group\" \"{name}\""
        )) {
            continue;
        }
        cx.ws.append(
            &file,
            &format!("# Added by `tfready fix`: the VPC's default security group allows nothing;\n# every resource names its own group.\nresource \"aws_default_security_group\" \"{name}\" {{\n  vpc_id = aws_vpc.{name}.id\n}}\n"),
        );
        cx.done.push(format!(
            "{file}: the default security group of aws_vpc.{name} allows nothing"
        ));
    }
}
