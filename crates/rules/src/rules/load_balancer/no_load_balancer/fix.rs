use crate::fixing::hcl::insert_snippet;
use crate::fixing::prelude::*;
use crate::rules::tls::manual_tls_certificate::fix::acm_certificate;

pub(crate) static FIXER: Fixer = Fixer {
    id: "alb",
    title: "Application Load Balancer with TLS 1.3, DNS alias, app ports from the ALB only",
    phase: Phase::Two,
    order: 100,
    needs: &["acm"],
    // The Auto Scaling group the single instance needs sits behind one.
    also_when: &["TFR091"],
    run: alb,
};

pub(crate) fn alb(cx: &mut FixCx<'_>) {
    // A stack with its own internet-facing load balancer keeps it (the
    // Auto Scaling group, which needs one, registers there).
    let own = cx
        .project
        .resources_of("aws_lb")
        .any(|r| r.eval("internal").and_then(|v| v.as_bool()) != Some(true));
    if own {
        return;
    }
    let Some(certificate) = acm_certificate(cx) else {
        return missing(cx, "alb", "an ACM certificate (the acm fix)");
    };
    let (Some(vpc), Some(mut subnets)) = (cx.vpc_id(), cx.subnets(true)) else {
        return missing(cx, "alb", "the VPC and its public subnets");
    };
    // Two Availability Zones at least, or AWS refuses the load balancer.
    if crate::fixing::second_subnet::public_subnet_count(cx) == Some(1) {
        match crate::fixing::second_subnet::add_second_subnet(cx) {
            Some(id) => subnets.expr = format!("concat({}, [{id}])", subnets.expr),
            None => {
                return missing(
                    cx,
                    "alb",
                    "a second public subnet in another Availability Zone (a load balancer needs two; the VPC's free ranges are not known offline)",
                )
            }
        }
    }
    let zone = cx.zone_id();
    let app_sg = cx.app_security_group();
    let mut inputs = base_inputs(cx, true);
    inputs.push(("vpc_id", vpc.expr.clone()));
    inputs.push(("public_subnet_ids", subnets.expr.clone()));
    inputs.push(("certificate_arn", certificate));
    if let Some(sg) = &app_sg {
        inputs.push(("app_security_group_id", sg.expr.clone()));
    }
    if let Some(i) = cx.instances("id") {
        inputs.push(("target_instance_ids", i.expr));
    }
    if let Some(path) = health_path(cx) {
        inputs.push(("health_path", crate::fixing::hcl::hcl_string(&path)));
    }
    let inputs = with_tags(cx, inputs);
    // The load balancer exists when its zone, certificate and targets do.
    let count = zone
        .as_ref()
        .and_then(|z| z.count.clone())
        .or_else(|| cx.module_count("acm").map(str::to_string))
        .or_else(|| cx.count_for(&inputs));
    let idx = if count.is_some() { "[0]" } else { "" };
    if !cx.add_module(
        "alb",
        "Application Load Balancer: TLS 1.3, HTTP->HTTPS, health checks, access logs",
        count.as_deref(),
        &inputs,
    ) {
        return;
    }
    cx.add_output(
        "alb_dns_name",
        "DNS name of the load balancer",
        &format!("try(module.alb{idx}.alb_dns_name, null)"),
    );
    // The DNS record aliases the ALB instead of the instance's address.
    alias_records(cx, idx);
    // App ports only from the ALB.
    if let Some(sg) = app_sg {
        app_ingress_from_alb(cx, &sg, idx, count.as_deref());
    }
    // TLS terminates at the ALB: certbot on the instance goes.
    remove_from_user_data(
        cx,
        crate::helpers::MANUAL_TLS,
        "TLS terminates at the load balancer with an ACM certificate",
    );
    replace_manual_tls_outputs(cx);
    // Monitoring watches the ALB too.
    if root_calls(cx, "monitoring") {
        let file = cx.root_file("main.tf");
        let value = match &count {
            Some(c) => format!("{} ? {{ arn_suffix = module.alb[0].alb_arn_suffix, target_group_arn_suffix = module.alb[0].target_group_arn_suffix }} : null", c.split('?').next().unwrap_or("true").trim()),
            None => "{ arn_suffix = module.alb.alb_arn_suffix, target_group_arn_suffix = module.alb.target_group_arn_suffix }".into(),
        };
        cx.edit_file(&file, |body| {
            block_mut(body, "module", &["monitoring"])
                .map(|b| set_attr(&mut b.body, "alb", &value, "  "))
        });
    }
}

/// Route 53 records pointing at an instance address become aliases of the ALB.
pub(crate) fn alias_records(cx: &mut FixCx<'_>, idx: &str) {
    let records: Vec<_> = cx
        .project
        .resources_of("aws_route53_record")
        .filter(|r| {
            r.attr("records").is_some_and(|a| {
                cx.project
                    .origins(r.instance.id, a.expr())
                    .iter()
                    .any(|o| o.ty == "aws_eip" || o.ty == "aws_instance")
            })
        })
        .collect();
    for r in records {
        let module_dir = r.module().dir.clone();
        let in_root = module_dir.is_empty();
        let (name_expr, zone_expr) = if in_root {
            (
                format!("module.alb{idx}.alb_dns_name"),
                format!("module.alb{idx}.alb_zone_id"),
            )
        } else {
            (
                "var.alb_dns_name".to_string(),
                "var.alb_zone_id".to_string(),
            )
        };
        let alias = format!("  alias {{\n    name                   = {name_expr}\n    zone_id                = {zone_expr}\n    evaluate_target_health = true\n  }}\n");
        let changed = cx
            .edit_resource(&r, |b| {
                let n = remove_where(
                    &mut b.body,
                    "the record aliases the load balancer instead of the instance's address",
                    |s| {
                        s.as_attribute()
                            .is_some_and(|a| matches!(a.key.as_str(), "records" | "ttl"))
                    },
                );
                if n > 0 {
                    push_snippet(&mut b.body, &alias);
                }
                n > 0
            })
            .unwrap_or(false);
        if !changed {
            continue;
        }
        cx.done.push(format!(
            "{}: {} aliases the ALB",
            cx.file_of(&r),
            r.address()
        ));
        if !in_root {
            cx.add_module_variable(
                &module_dir,
                "alb_dns_name",
                "DNS name of the load balancer the app record aliases",
                None,
            );
            cx.add_module_variable(
                &module_dir,
                "alb_zone_id",
                "Route 53 zone id of the load balancer",
                None,
            );
            cx.set_call_inputs(
                r.instance.module,
                &[
                    ("alb_dns_name", format!("module.alb{idx}.alb_dns_name")),
                    ("alb_zone_id", format!("module.alb{idx}.alb_zone_id")),
                ],
            );
        }
    }
}

/// The app security group accepts the target port from the ALB's group
/// only. A group written with inline rules keeps them inline: world-open
/// ingress blocks go and an ingress block from the ALB's group comes in.
/// (Rule resources next to inline rules fight on every apply, and removing
/// every inline block would not revoke anything: Terraform reads an absent
/// attribute-as-blocks as "no opinion".) A group without inline rules gets
/// rule resources (the sg_hardening module).
fn app_ingress_from_alb(
    cx: &mut FixCx<'_>,
    sg: &crate::fixing::wiring::Source,
    idx: &str,
    count: Option<&str>,
) {
    let alb_sg = format!("module.alb{idx}.alb_security_group_id");
    let group = cx
        .project
        .resources_of("aws_security_group")
        .find(|r| cx.wiring.attr(r, "id").as_ref() == Some(sg));
    let inline = group.as_ref().filter(|r| {
        r.resource
            .block
            .body
            .blocks()
            .any(|b| matches!(b.ident.as_str(), "ingress" | "egress"))
    });
    let Some(group) = inline else {
        let name = project_name(cx);
        let inputs = with_tags(
            cx,
            vec![
                ("project_name", name),
                ("app_security_group_id", sg.expr.clone()),
                ("alb_security_group_id", alb_sg),
            ],
        );
        cx.add_module(
            "sg_hardening",
            "App ports open to the ALB's security group only",
            count,
            &inputs,
        );
        return;
    };
    let file = cx.file_of(group);
    let name = group.resource.name.clone();
    let world: Vec<_> = rule_texts(cx, "ingress", |_, _, world, _| !world)
        .into_iter()
        .filter(|(f, n, _)| *f == file && *n == name)
        .collect();
    let in_root = group.module().dir.is_empty();
    let source = if in_root {
        if idx.is_empty() {
            format!("[{alb_sg}]")
        } else {
            format!("compact([try({alb_sg}, null)])")
        }
    } else {
        "compact([var.alb_security_group_id])".to_string()
    };
    let snippet = format!(
        "\n  # Added by `tfready fix`: the load balancer is the only way in.\n  dynamic \"ingress\" {{\n    for_each = {source}\n    content {{\n      description     = \"HTTP from the load balancer\"\n      from_port       = 80\n      to_port         = 80\n      protocol        = \"tcp\"\n      security_groups = [ingress.value]\n    }}\n  }}\n"
    );
    let added = cx
        .edit_file(&file, |body| {
            let b = block_mut(body, "resource", &["aws_security_group", &name])?;
            if b.body.blocks().any(|x| {
                x.ident.as_str() == "dynamic"
                    && x.labels.first().is_some_and(|l| l.as_str() == "ingress")
            }) {
                return Some(false);
            }
            // After the last inline rule, before the tags.
            let at = b
                .body
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    s.as_block()
                        .is_some_and(|x| matches!(x.ident.as_str(), "ingress" | "egress"))
                })
                .last()
                .map_or(b.body.len(), |(i, _)| i + 1);
            insert_snippet(&mut b.body, at, &snippet);
            Some(true)
        })
        .flatten()
        .unwrap_or(false);
    // Removed after the new block is in: the group never looks rule-less.
    remove_rules(
        cx,
        "ingress",
        world,
        "public ingress replaced: the app is reached through the ALB only",
    );
    if !added {
        return;
    }
    cx.done.push(format!(
        "{file}: aws_security_group.{name} accepts HTTP from the ALB's security group only"
    ));
    if !in_root {
        let dir = group.module().dir.clone();
        let module = group.instance.module;
        cx.add_module_variable(
            &dir,
            "alb_security_group_id",
            "Security group of the load balancer, the only source the app accepts HTTP from",
            Some("null"),
        );
        cx.set_call_inputs(
            module,
            &[(
                "alb_security_group_id",
                if idx.is_empty() {
                    alb_sg
                } else {
                    format!("try({alb_sg}, null)")
                },
            )],
        );
    }
}

pub(crate) fn replace_manual_tls_outputs(cx: &mut FixCx<'_>) {
    let outs: Vec<(String, String)> = cx
        .project
        .root_module()
        .outputs
        .values()
        .filter(|o| {
            let t = cx.project.files[o.file].text[o.span.range.clone()].to_ascii_lowercase();
            t.contains("certbot") || t.contains("let's encrypt") || t.contains("letsencrypt")
        })
        .map(|o| (cx.project.files[o.file].display.clone(), o.name.clone()))
        .collect();
    for (file, name) in outs {
        cx.edit_file(&file, |body| {
            if let Some(b) = block_mut(body, "output", &[&name]) {
                // The old text stays, commented out, for the record.
                let old: Vec<String> = b.body.get_attribute("value").map(|a| a.value.to_string()).unwrap_or_default().lines().map(|l| l.trim_end().to_string()).collect();
                let old_desc = b.body.get_attribute("description").map(|a| a.value.to_string().trim().to_string());
                set_attr(&mut b.body, "description", "\"How the app's TLS certificate is managed\"", "  ");
                set_attr(&mut b.body, "value", "\"TLS terminates at the load balancer with an ACM certificate that AWS renews; there is nothing to do by hand.\"", "  ");
                let mut note = vec!["tfready: the manual certificate steps below are replaced by ACM; they were:".to_string()];
                note.extend(old_desc.map(|d| format!("  description = {d}")));
                note.extend(old.iter().map(|l| format!("  {l}")));
                comment_above(&mut b.body, "description", &note);
            }
        });
        cx.done.push(format!(
            "{file}: output {name} describes the ACM certificate instead of manual steps"
        ));
    }
}
