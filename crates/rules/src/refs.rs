//! Reference indexes: who points at what through some attributes of some
//! resource types, built from the model's reference tracing
//! (`Project::origins`).

use std::collections::HashSet;

use tfready_model::Project;

/// Who points at what through some attributes of some resource types:
/// built once per (types, attributes) and shared by every check, so asking
/// "does anything refer to this bucket?" costs a lookup, not a scan.
#[derive(Default)]
pub struct RefIndex {
    /// (instance, type, name) of every resource referred to.
    pub(crate) targets: HashSet<(usize, String, String)>,
    /// Known literal values of the attributes (`bucket = "my-bucket"`).
    pub(crate) values: HashSet<String>,
}

pub(crate) fn build_index(project: &Project, types: &[&str], attrs: &[&str]) -> RefIndex {
    let mut index = RefIndex::default();
    for ty in types {
        for r in project.resources_of(ty) {
            // `launch_template.id`: an attribute of a nested block.
            let found = attrs.iter().flat_map(|a| match a.split_once('.') {
                Some((block, inner)) => r
                    .blocks(block)
                    .iter()
                    .filter_map(|b| b.attr(inner))
                    .collect(),
                None => r.attr(a).into_iter().collect::<Vec<_>>(),
            });
            for a in found {
                for o in project.origins(r.instance.id, a.expr()) {
                    index.targets.insert((o.instance, o.ty, o.name));
                }
                let v = a.value();
                if v.is_wholly_known() {
                    index.values.insert(v.to_string());
                }
            }
        }
    }
    index
}
