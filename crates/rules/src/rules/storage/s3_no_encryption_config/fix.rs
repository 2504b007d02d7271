use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "s3",
    title: "S3 buckets private, versioned and encrypted",
    phase: Phase::One,
    order: 50,
    needs: &[],
    also_when: &[],
    run: s3,
};

/// Every bucket gets the companions it lacks, next to it in its file.
pub(crate) fn s3(cx: &mut FixCx<'_>) {
    // (resource type, legacy inline block, body for bucket NAME)
    type Companion = (&'static str, &'static str, fn(&str) -> String);
    let companions: &[Companion] = &[
        (
            "aws_s3_bucket_public_access_block",
            "public_access_block",
            |b| {
                format!("  bucket                  = aws_s3_bucket.{b}.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n")
            },
        ),
        ("aws_s3_bucket_versioning", "versioning", |b| {
            format!("  bucket = aws_s3_bucket.{b}.id\n\n  versioning_configuration {{\n    status = \"Enabled\"\n  }}\n")
        }),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            "server_side_encryption_configuration",
            |b| {
                format!("  bucket = aws_s3_bucket.{b}.id\n\n  rule {{\n    apply_server_side_encryption_by_default {{\n      sse_algorithm = \"AES256\"\n    }}\n  }}\n")
            },
        ),
        (
            "aws_s3_bucket_lifecycle_configuration",
            "lifecycle_rule",
            |b| {
                format!("  bucket = aws_s3_bucket.{b}.id\n\n  # Versioning keeps every overwrite: old versions go after 90 days, and\n  # abandoned multipart uploads after 7 (both are billed storage).\n  rule {{\n    id     = \"tidy\"\n    status = \"Enabled\"\n\n    filter {{}}\n\n    noncurrent_version_expiration {{\n      noncurrent_days = 90\n    }}\n\n    abort_incomplete_multipart_upload {{\n      days_after_initiation = 7\n    }}\n  }}\n")
            },
        ),
    ];
    // Buckets of tfready's own modules are configured there already; counted
    // buckets would need indexed companions: both are left alone.
    let ours = |dir: &str| {
        FILES.iter().any(|(p, _)| {
            dir.strip_prefix("modules/")
                .is_some_and(|m| p.starts_with(&format!("modules/{m}/")))
        })
    };
    let buckets: Vec<_> = cx
        .project
        .resources_of("aws_s3_bucket")
        .filter(|b| {
            !ours(&b.module().dir)
                && !b.resource.block.body.has_attribute("count")
                && !b.resource.block.body.has_attribute("for_each")
        })
        .collect();
    for b in buckets {
        let file = cx.file_of(&b);
        let name = b.resource.name.clone();
        for (ty, inline, body) in companions {
            let present = !b.blocks(inline).is_empty()
                || cx.project.resources_of(ty).any(|c| {
                    c.instance.id == b.instance.id
                        && c.attr("bucket").is_some_and(|a| {
                            cx.project
                                .origins(c.instance.id, a.expr())
                                .iter()
                                .any(|o| o.name == name && o.ty == "aws_s3_bucket")
                        })
                });
            let text = cx.ws.read(&file);
            if present || text.contains(&format!("resource \"{ty}\" \"{name}\"")) {
                continue;
            }
            cx.ws.append(
                &file,
                &format!(
                    "# Added by `tfready fix`.\nresource \"{ty}\" \"{name}\" {{\n{}}}\n",
                    body(&name)
                ),
            );
            cx.done.push(format!("{file}: {ty}.{name} added"));
        }
    }
    strengthen(cx);
}

/// Companions that exist but protect nothing: every public access setting
/// on, versioning `Enabled` (not `Suspended`).
fn strengthen(cx: &mut FixCx<'_>) {
    const SETTINGS: &[&str] = &[
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ];
    let blocks: Vec<_> = cx
        .project
        .resources_of("aws_s3_bucket_public_access_block")
        .filter(|c| {
            SETTINGS.iter().any(|k| {
                c.eval(k)
                    .is_none_or(|v| !v.is_unknown() && v.as_bool() != Some(true))
            })
        })
        .collect();
    for c in blocks {
        let changed = cx
            .edit_resource(&c, |b| {
                let mut changed = false;
                for k in SETTINGS {
                    let on = b
                        .body
                        .get_attribute(k)
                        .is_some_and(|a| a.value.to_string().trim() == "true");
                    if !on {
                        changed |= set_attr(&mut b.body, k, "true", "  ");
                    }
                }
                changed
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} blocks every kind of public access",
                cx.file_of(&c),
                c.address()
            ));
        }
    }
    let versioning: Vec<_> = cx
        .project
        .resources_of("aws_s3_bucket_versioning")
        .filter(|c| {
            c.blocks("versioning_configuration")
                .first()
                .and_then(|b| b.eval("status"))
                .and_then(|v| v.as_string())
                .is_some_and(|s| s != "Enabled")
        })
        .collect();
    for c in versioning {
        let changed = cx
            .edit_resource(&c, |b| {
                let Some(vc) = b
                    .body
                    .blocks_mut()
                    .find(|x| x.ident.as_str() == "versioning_configuration")
                else {
                    return false;
                };
                set_attr(&mut vc.body, "status", "\"Enabled\"", "    ")
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} keeps every version (Enabled)",
                cx.file_of(&c),
                c.address()
            ));
        }
    }
}
