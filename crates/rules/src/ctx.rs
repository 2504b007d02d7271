//! What a check sees: the project, the config, and what several checks
//! would otherwise each compute (reference indexes, ingress permissions).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tfready_model::{Project, ResourceRef};

use crate::config::Config;
use crate::ingress::{ingress_permissions, Ingress};
use crate::refs::{build_index, RefIndex};

/// What a check sees.
pub struct Ctx<'p> {
    pub project: &'p Project,
    pub config: &'p Config,
    /// Reference indexes shared by the checks (see [`Ctx::referenced_by`]).
    refs: Mutex<HashMap<String, Arc<RefIndex>>>,
    /// Every ingress permission, computed once for the rules that need it.
    ingress: OnceLock<Vec<Ingress<'p>>>,
}

impl<'p> Ctx<'p> {
    pub fn new(project: &'p Project, config: &'p Config) -> Self {
        Ctx {
            project,
            config,
            refs: Default::default(),
            ingress: Default::default(),
        }
    }

    /// Every ingress permission in the project that may exist (computed
    /// once per audit and shared by the rules).
    pub fn ingress(&self) -> &[Ingress<'p>] {
        self.ingress
            .get_or_init(|| ingress_permissions(self.project))
    }

    /// Whether any resource of `types` refers to `target` through one of
    /// `attrs` (`vpc_id`; `launch_template.id` for an attribute of a nested
    /// block) (through variables, locals, module inputs and outputs), or
    /// names it by the same known value as its `bucket` / `name` / `id`.
    pub fn referenced_by(&self, types: &[&str], attrs: &[&str], target: &ResourceRef<'_>) -> bool {
        let key = format!("{types:?}{attrs:?}");
        let cached = self.refs.lock().expect("ref index lock").get(&key).cloned();
        let index = match cached {
            Some(i) => i,
            None => {
                let built = Arc::new(build_index(self.project, types, attrs));
                self.refs
                    .lock()
                    .expect("ref index lock")
                    .entry(key)
                    .or_insert(built)
                    .clone()
            }
        };
        if index.targets.contains(&(
            target.instance.id,
            target.resource.ty.clone(),
            target.resource.name.clone(),
        )) {
            return true;
        }
        ["bucket", "name", "id"]
            .iter()
            .filter_map(|k| target.eval(k))
            .any(|t| t.is_wholly_known() && index.values.contains(&t.to_string()))
    }
}
