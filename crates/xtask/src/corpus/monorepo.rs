//! A monorepo of many root modules sharing local modules, as
//! `live/<environment>/<service>/` trees are laid out: each root has its
//! own resources and calls two of the shared modules. For `--recursive`.

use std::fmt::Write as _;
use std::path::Path;

use super::{check_empty, module_of, resource, root_files, Rng, Stats, Writer};

/// Shared modules, and resources in each.
const SHARED: usize = 6;
const SHARED_RESOURCES: usize = 12;
/// A root's own resources.
const OWN_RESOURCES: usize = 16;
const ENVIRONMENTS: [&str; 3] = ["dev", "staging", "prod"];

pub fn write(roots: usize, seed: u64, bad: u64, out: &Path) -> Result<String, String> {
    check_empty(out)?;
    let mut w = Writer {
        root: out,
        stats: Stats::default(),
        bad,
        nested_meta: super::doubling,
    };
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let io = |e: std::io::Error| e.to_string();
    let mut shared = Vec::new();
    for k in 0..SHARED {
        let n = module_of(
            &mut w,
            &mut rng,
            &format!("modules/shared{k}"),
            None,
            0,
            (1, SHARED_RESOURCES),
        )
        .map_err(io)?;
        shared.push(n);
    }
    for r in 0..roots {
        let env = ENVIRONMENTS[r % ENVIRONMENTS.len()];
        let dir = format!("live/{env}/svc{:03}", r / ENVIRONMENTS.len());
        let mut calls = String::new();
        for k in [r % SHARED, (r + 1 + r / SHARED) % SHARED] {
            let _ = writeln!(calls, "module \"shared{k}\" {{\n  source      = \"../../../modules/shared{k}\"\n  name        = \"svc{r:03}\"\n  environment = var.environment\n  vpc_cidr    = var.vpc_cidr\n  tags        = local.tags\n}}\n");
            w.stats.resource_instances += shared[k];
        }
        root_files(&mut w, &mut rng, &dir, &calls).map_err(io)?;
        let mut own = String::from("locals {\n  prefix = \"${var.environment}-svc\"\n  prod   = var.environment == \"prod\"\n}\n\nresource \"aws_vpc\" \"r0_0\" {\n  cidr_block = var.vpc_cidr\n}\n\n");
        for i in 1..OWN_RESOURCES {
            own.push_str(&resource(&mut rng, &format!("r0_{i}"), bad));
        }
        // The shared modules' `var.tags` is the roots' `local.tags`.
        let own = own
            .replace("var.tags", "local.tags")
            .replace("var.name", "local.prefix");
        w.file(&format!("{dir}/resources.tf"), &own).map_err(io)?;
        w.stats.resources += OWN_RESOURCES;
        w.stats.resource_instances += OWN_RESOURCES;
    }
    w.stats.modules = SHARED;
    Ok(format!("{}, {roots} roots", w.stats))
}
