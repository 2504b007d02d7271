//! The modules fix writes need AWS provider 6 (their `versions.tf` says
//! `~> 6.0`): a root or module of the stack that pins an older major would
//! fail `terraform init`. Such pins are raised, said in the summary, with
//! the upgrade as a next step.

use crate::fixing::prelude::*;

/// The version constraint the templates require.
const TEMPLATES_NEED: &str = "~> 6.0";

/// Whether a version constraint admits provider 6.
fn admits_6(constraint: &str) -> bool {
    constraint.split(',').all(|part| {
        let p = part.trim();
        let (op, v) = p
            .find(|c: char| c.is_ascii_digit())
            .map(|i| (p[..i].trim(), &p[i..]))
            .unwrap_or(("", p));
        let major: u32 = v
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        let parts = v.split('.').count();
        match op {
            "<" => major > 6 || (major == 6 && v.split('.').skip(1).any(|x| x != "0")),
            "<=" => major >= 6,
            // `~> 5.40` is >= 5.40, < 6.0: only a bare major floats.
            "~>" if parts >= 2 => major == 6,
            "~>" => major <= 6,
            "" | "=" => major == 6,
            "!=" => true,
            _ => true, // >, >=
        }
    })
}

pub fn provider_pin(cx: &mut FixCx<'_>) {
    if !cx.done.iter().any(|d| d.starts_with("module \"")) {
        return;
    }
    // The root's pin and those of the stack's own modules: `terraform
    // init` needs one version that satisfies them all.
    let pins: Vec<(String, String)> = cx
        .project
        .modules
        .iter()
        .flat_map(|m| m.terraform.iter())
        .filter_map(|t| {
            let rp = t.block.body.get_blocks("required_providers").next()?;
            let aws = rp.body.get_attribute("aws")?;
            let text = cx.project.files[t.file].text_of(&aws.value)?;
            let version = text.split("version").nth(1)?.split('"').nth(1)?.to_string();
            Some((cx.project.files[t.file].display.clone(), version))
        })
        .collect();
    for (file, version) in pins {
        if admits_6(&version) {
            continue;
        }
        let changed = cx
            .edit_file(&file, |body| {
                let tf = find_block_mut(body, |b| {
                    b.ident.as_str() == "terraform"
                        && b.body
                            .blocks()
                            .any(|r| r.ident.as_str() == "required_providers")
                })?;
                let rp =
                    find_block_mut(&mut tf.body, |b| b.ident.as_str() == "required_providers")?;
                let old = rp.body.get_attribute("aws")?.value.to_string();
                let new = old.replacen(
                    &format!("\"{version}\""),
                    &format!("\"{TEMPLATES_NEED}\""),
                    1,
                );
                Some(set_attr(&mut rp.body, "aws", new.trim(), "    "))
            })
            .flatten()
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{file}: hashicorp/aws pinned {TEMPLATES_NEED} instead of {version:?} (the modules fix wrote need provider 6)"
            ));
            cx.next_steps.push(format!(
                "terraform init -upgrade   # AWS provider {version} -> {TEMPLATES_NEED}: read the 6.0 upgrade guide and run `tfready validate` first"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::admits_6;

    #[test]
    fn constraints() {
        for c in [
            "~> 6.0",
            ">= 5.0",
            ">= 6.0, < 7.0",
            "~> 5",
            "6.25.0",
            "<= 6.1",
            "~> 6.25.0",
        ] {
            assert!(admits_6(c), "{c}");
        }
        for c in [
            ">= 5.0, < 6.0",
            "~> 5.40",
            "~> 5.0, != 5.3.0",
            "5.100.0",
            "< 6.0",
            "<= 5.9",
        ] {
            assert!(!admits_6(c), "{c}");
        }
    }
}
