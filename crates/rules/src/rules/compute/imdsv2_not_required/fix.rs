use crate::fixing::prelude::*;

pub(crate) static FIXER: Fixer = Fixer {
    id: "imdsv2",
    title: "Instance metadata with IMDSv2 only",
    phase: Phase::One,
    order: 60,
    needs: &[],
    also_when: &[],
    run: imdsv2,
};

/// Instances and launch templates require IMDSv2 tokens (an in-place change).
pub(crate) fn imdsv2(cx: &mut FixCx<'_>) {
    let targets: Vec<_> = cx
        .project
        .resources()
        .filter(|r| {
            matches!(
                r.resource.ty.as_str(),
                "aws_instance" | "aws_launch_template"
            )
        })
        .filter(|r| {
            r.blocks("metadata_options").iter().all(|m| {
                m.eval("http_tokens").and_then(|v| v.as_string()).as_deref() != Some("required")
            })
        })
        .collect();
    for r in targets {
        let changed = cx
            .edit_resource(&r, |b| {
                let existing =
                    find_block_mut(&mut b.body, |x| x.ident.as_str() == "metadata_options");
                match existing {
                    Some(m) => set_attr(&mut m.body, "http_tokens", "\"required\"", "    "),
                    None => {
                        push_snippet(&mut b.body, "\n  # IMDSv2 only: a request forgery in the app cannot read the role's credentials.\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n");
                        true
                    }
                }
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
