use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "app_ports",
    title: "Application ports closed to the internet",
    phase: Phase::One,
    order: 90,
    needs: &[],
    also_when: &[],
    run: app_ports,
};

pub(crate) fn app_ports(cx: &mut FixCx<'_>) {
    default_security_groups(cx);
    database_egress(cx);
    let (n, kept) = remove_ingress(
        cx,
        |i| world_open(i) && !only_port_of(i, crate::ingress::NOT_APP_PORTS),
        "application ports are not open to the internet",
    );
    if n > 0 {
        cx.done.push(format!(
            "{n} world-open application port ingress rule(s) removed"
        ));
    }
    for r in kept {
        cx.next_steps.push(format!(
            "{r}: opens application ports to the internet in a form fix leaves to you (a rule other blocks refer to, or a collection it cannot filter); close them by hand"
        ));
    }
}

/// Every VPC's default security group loses its rules: nothing should fall
/// back to it (resources without an explicit group would be reachable).
pub(crate) fn default_security_groups(cx: &mut FixCx<'_>) {
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

/// A database's security group opens no connections to the internet: RDS
/// answers the app (security groups are stateful, replies need no egress
/// rule) and starts nothing of its own. World-open egress goes.
pub(crate) fn database_egress(cx: &mut FixCx<'_>) {
    let mut groups = Vec::new();
    for db in cx.project.resources_of("aws_db_instance") {
        let Some(ids) = db.attr("vpc_security_group_ids") else {
            continue;
        };
        for o in cx.project.origins(db.instance.id, ids.expr()) {
            if o.ty == "aws_security_group" {
                groups.push((o.instance, o.name));
            }
        }
    }
    groups.sort();
    groups.dedup();
    let world = rule_texts(cx, "egress", |_, _, world, _| !world);
    for (instance, name) in groups {
        let Some(sg) = cx
            .project
            .resources_of("aws_security_group")
            .find(|r| r.instance.id == instance && r.resource.name == name)
        else {
            continue;
        };
        let file = cx.file_of(&sg);
        let mine: Vec<_> = world
            .iter()
            .filter(|(f, n, _)| *f == file && *n == name)
            .cloned()
            .collect();
        let removed = remove_rules(
            cx,
            "egress",
            mine,
            "the database opens no connections to the internet (replies to the app need no egress rule)",
        );
        if removed > 0 {
            cx.done.push(format!(
                "{file}: aws_security_group.{name} (the database's) has no egress to the internet"
            ));
        }
    }
}
