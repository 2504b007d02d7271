//! Load balancers the stack already has: invalid header fields dropped,
//! HTTPS listeners on a TLS 1.3 policy, plain HTTP redirected to HTTPS
//! (with an HTTPS listener added where there is none, on the certificate
//! of the acm fix, and port 443 opened where port 80 is).

use crate::fixing::prelude::*;
use crate::rules::tls::manual_tls_certificate::fix::acm_certificate;

pub(crate) static FIXER: Fixer = Fixer {
    id: "alb_listeners",
    title: "Existing load balancers: HTTPS with a current TLS policy, HTTP redirected, invalid headers dropped",
    phase: Phase::Two,
    order: 110,
    needs: &["acm"],
    also_when: &[],
    run: alb_listeners,
};

/// The current ELB policy with TLS 1.3 and 1.2 only.
pub(crate) const TLS_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

pub(crate) fn alb_listeners(cx: &mut FixCx<'_>) {
    let lbs: Vec<_> = cx
        .project
        .resources_of("aws_lb")
        .filter(|r| {
            r.eval("load_balancer_type")
                .and_then(|v| v.as_string())
                .is_none_or(|t| t == "application")
        })
        .collect();
    for lb in lbs {
        if lb
            .eval("drop_invalid_header_fields")
            .and_then(|v| v.as_bool())
            == Some(true)
        {
            continue;
        }
        if cx
            .edit_resource(&lb, |b| {
                set_attr(&mut b.body, "drop_invalid_header_fields", "true", "  ")
            })
            .unwrap_or(false)
        {
            cx.done.push(format!(
                "{}: {} drops invalid header fields",
                cx.file_of(&lb),
                lb.address()
            ));
        }
    }
    let listeners: Vec<_> = cx.project.resources_of("aws_lb_listener").collect();
    let protocol = |l: &tfready_model::ResourceRef<'_>| {
        l.eval("protocol")
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    for l in &listeners {
        let p = protocol(l);
        if !matches!(p.as_str(), "HTTPS" | "TLS") {
            continue;
        }
        let policy = l.eval("ssl_policy");
        if policy.as_ref().is_some_and(|v| v.is_unknown())
            || policy
                .and_then(|v| v.as_string())
                .is_some_and(|s| s.contains("TLS13"))
        {
            continue;
        }
        if cx
            .edit_resource(l, |b| {
                set_attr(&mut b.body, "ssl_policy", &format!("{TLS_POLICY:?}"), "  ")
            })
            .unwrap_or(false)
        {
            cx.done.push(format!(
                "{}: {} uses {TLS_POLICY}",
                cx.file_of(l),
                l.address()
            ));
        }
    }
    // Load balancers given an HTTPS listener in this run: one each.
    let mut https_added: Vec<(usize, Option<String>)> = Vec::new();
    for l in &listeners {
        if protocol(l) != "HTTP" || redirects_to_https(l) {
            continue;
        }
        let lb_text = l
            .attr("load_balancer_arn")
            .map(|a| a.source_text().trim().to_string());
        let has_https = https_added.contains(&(l.instance.id, lb_text.clone()))
            || listeners.iter().any(|o| {
                o.instance.id == l.instance.id
                    && protocol(o) == "HTTPS"
                    && o.attr("load_balancer_arn")
                        .map(|a| a.source_text().trim().to_string())
                        == lb_text
            });
        if !has_https {
            if !add_https_listener(cx, l) {
                continue;
            }
            https_added.push((l.instance.id, lb_text.clone()));
        }
        let changed = cx
            .edit_resource(l, |b| {
                remove_where(
                    &mut b.body,
                    "plain HTTP is redirected to HTTPS",
                    |s: &Structure| {
                        s.as_block()
                            .is_some_and(|x| x.ident.as_str() == "default_action")
                    },
                );
                push_snippet(&mut b.body, REDIRECT);
                true
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} redirects HTTP to HTTPS",
                cx.file_of(l),
                l.address()
            ));
        }
    }
}

const REDIRECT: &str = "
  default_action {
    type = \"redirect\"

    redirect {
      port        = \"443\"
      protocol    = \"HTTPS\"
      status_code = \"HTTP_301\"
    }
  }
";

fn redirects_to_https(l: &tfready_model::ResourceRef<'_>) -> bool {
    l.blocks("default_action").iter().all(|a| {
        a.eval("type").and_then(|v| v.as_string()).as_deref() == Some("redirect")
            && a.blocks("redirect")
                .iter()
                .any(|r| r.eval("protocol").and_then(|v| v.as_string()).as_deref() == Some("HTTPS"))
    })
}

/// Adds an HTTPS listener beside the HTTP one `l`, forwarding where it
/// forwarded, on the acm fix's certificate; opens 443 where 80 is open.
/// False (with the reason in the next steps) when there is no certificate.
fn add_https_listener(cx: &mut FixCx<'_>, l: &tfready_model::ResourceRef<'_>) -> bool {
    let Some(cert) = certificate_for(cx, l) else {
        missing(
            cx,
            "alb_listeners",
            &format!("a certificate for the HTTPS listener of {} (the acm fix needs the domain's Route 53 zone)", l.address()),
        );
        return false;
    };
    let source = &cx.project.files[l.resource.file];
    let text = |name: &str| {
        l.resource
            .block
            .body
            .get_attribute(name)
            .and_then(|a| source.text_of(&a.value))
            .map(|t| t.trim().to_string())
    };
    let actions: Vec<String> = l
        .resource
        .block
        .body
        .blocks()
        .filter(|b| b.ident.as_str() == "default_action")
        .filter_map(|b| source.text_of(b).map(|t| format!("  {}\n", t.trim())))
        .collect();
    let (Some(lb), false) = (text("load_balancer_arn"), actions.is_empty()) else {
        return false;
    };
    let name = format!("{}_https", l.resource.name);
    let mut s = format!(
        "\n# Added by `tfready fix`: HTTPS on a TLS 1.3 policy; the HTTP listener\n# now redirects here.\nresource \"{}\" \"{name}\" {{\n",
        l.resource.ty
    );
    for meta in ["count", "for_each"] {
        if let Some(t) = text(meta) {
            s.push_str(&format!("  {meta} = {t}\n\n"));
        }
    }
    s.push_str(&format!(
        "  load_balancer_arn = {lb}\n  port              = 443\n  protocol          = \"HTTPS\"\n  ssl_policy        = {TLS_POLICY:?}\n  certificate_arn   = {cert}\n\n"
    ));
    s.push_str(&actions.join("\n"));
    s.push_str("}\n");
    let file = cx.file_of(l);
    if cx.ws.read(&file).contains(&format!("\"{name}\"")) {
        return true;
    }
    // Redirecting to a port the load balancer's groups keep closed would
    // take the site down: open it first, or change nothing.
    if !open_https_beside_http(cx, l) {
        missing(
            cx,
            "alb_listeners",
            &format!("port 443 on the security groups of {}'s load balancer (its port-80 rule is in a form fix does not copy); open 443 by hand and rerun", l.address()),
        );
        return false;
    }
    cx.ws.append(&file, &s);
    cx.done
        .push(format!("{file}: {}.{name} added (HTTPS)", l.resource.ty));
    true
}

/// The certificate's ARN as an expression of the listener's module: the
/// acm fix's output in the root, passed in as a variable elsewhere.
fn certificate_for(cx: &mut FixCx<'_>, l: &tfready_model::ResourceRef<'_>) -> Option<String> {
    let root_expr = acm_certificate(cx)?;
    let module = l.module();
    if module.dir.is_empty() {
        return Some(root_expr);
    }
    let dir = module.dir.clone();
    if !cx.set_call_inputs(l.instance.module, &[("certificate_arn", root_expr)]) {
        return None;
    }
    cx.add_module_variable(
        &dir,
        "certificate_arn",
        "ACM certificate for the HTTPS listener",
        None,
    );
    Some("var.certificate_arn".into())
}

/// Port 443 from wherever port 80 is open, on the load balancer's groups.
/// True when port 443 is open on them afterwards (it was, or a copy of a
/// port-80 rule now opens it).
fn open_https_beside_http(cx: &mut FixCx<'_>, l: &tfready_model::ResourceRef<'_>) -> bool {
    let Some(lb_attr) = l.attr("load_balancer_arn") else {
        return false;
    };
    let lbs = cx.project.origins(l.instance.id, lb_attr.expr());
    let mut groups = Vec::new();
    for o in lbs
        .iter()
        .filter(|o| tfready_model::canonical_type(&o.ty) == "aws_lb")
    {
        let Some(lb) = cx
            .project
            .resources_of(&o.ty)
            .find(|r| r.instance.id == o.instance && r.resource.name == o.name)
        else {
            continue;
        };
        if let Some(sgs) = lb.attr("security_groups") {
            for g in cx.project.origins(lb.instance.id, sgs.expr()) {
                if g.ty == "aws_security_group" {
                    groups.push((g.instance, g.name));
                }
            }
        }
    }
    if groups.is_empty() {
        return false;
    }
    let already = crate::ingress::ingress_permissions(cx.project)
        .iter()
        .any(|i| opens(i, 443.0) && group_of(cx.project, i).is_some_and(|g| groups.contains(&g)));
    let opened = copy_ingress_to_port(cx, &groups, 80.0, 443.0);
    if opened > 0 {
        cx.done.push(format!(
            "{opened} ingress rule(s) for port 443 added beside those for port 80"
        ));
    }
    already || opened > 0
}
