use super::prelude::*;

/// Instances and launch templates require IMDSv2 tokens (an in-place change).
pub(super) fn imdsv2(cx: &mut FixCx<'_>) {
    let targets: Vec<_> = cx
        .project
        .resources()
        .filter(|r| {
            matches!(
                r.resource.ty.as_str(),
                "aws_instance" | "aws_launch_template"
            )
        })
        .filter(|r| r.blocks("metadata_options").is_empty())
        .collect();
    for r in targets {
        let changed = cx
            .edit_resource(&r, |b| {
                if b.body.blocks().any(|x| x.ident.as_str() == "metadata_options") {
                    return false;
                }
                push_snippet(&mut b.body, "\n  # IMDSv2 only: a request forgery in the app cannot read the role's credentials.\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n");
                true
            })
            .unwrap_or(false);
        if changed {
            cx.done.push(format!(
                "{}: {} requires IMDSv2",
                cx.file_of(&r),
                r.address()
            ));
        }
    }
}
