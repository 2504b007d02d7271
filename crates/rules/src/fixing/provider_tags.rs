//! The steps every fix ends with that keep providers consistent: an
//! aliased provider (CloudFront's us-east-1 one) tags what it creates as
//! the default provider does.

use super::prelude::*;

/// The alias of the us-east-1 provider configuration the root declares for
/// CloudFront's certificate and WAF (AWS takes them only from that region).
pub(crate) const US_EAST_1: &str = "us_east_1";

/// The us-east-1 provider tags what it creates as the default provider
/// does: its `default_tags` block, copied as the other fixes left it.
pub fn mirror_default_tags(cx: &mut FixCx<'_>) {
    let file = cx.root_file("main.tf");
    let alias_of = |b: &tfready_model::hcl_edit::structure::Block| {
        b.body
            .get_attribute("alias")
            .and_then(|a| a.value.as_str().map(str::to_string))
    };
    let text = cx.ws.read(&file);
    let Ok(body) = tfready_model::hcl_edit::parser::parse_body(&text) else {
        return;
    };
    let is_aws = |b: &tfready_model::hcl_edit::structure::Block| {
        b.ident.as_str() == "provider" && b.labels.first().map(|l| l.as_str()) == Some("aws")
    };
    if !body
        .blocks()
        .any(|b| is_aws(b) && alias_of(b).as_deref() == Some(US_EAST_1))
    {
        return;
    }
    // The default provider may sit in another root file.
    let mut tags = None;
    for f in cx.project.root_module().files.clone() {
        let display = cx.project.files[f].display.clone();
        let Ok(b) = tfready_model::hcl_edit::parser::parse_body(&cx.ws.read(&display)) else {
            continue;
        };
        let found = b
            .blocks()
            .filter(|b| is_aws(b) && alias_of(b).is_none())
            .find_map(|p| p.body.blocks().find(|x| x.ident.as_str() == "default_tags"))
            .map(block_text);
        if found.is_some() {
            tags = found;
            break;
        }
    }
    let Some(tags) = tags else { return };
    cx.edit_file(&file, |body| {
        let Some(p) = find_block_mut(body, |b| {
            is_aws(b) && alias_of(b).as_deref() == Some(US_EAST_1)
        }) else {
            return;
        };
        let current = p
            .body
            .blocks()
            .find(|x| x.ident.as_str() == "default_tags")
            .map(block_text);
        if current.as_deref() == Some(tags.as_str()) {
            return;
        }
        let old = p.body.iter().position(|s| {
            s.as_block()
                .is_some_and(|b| b.ident.as_str() == "default_tags")
        });
        if let Some(i) = old {
            p.body.remove(i);
        }
        push_snippet(&mut p.body, &format!("\n  {tags}\n"));
    });
}
