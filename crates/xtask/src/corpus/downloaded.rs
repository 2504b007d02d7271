//! A root calling registry modules that `terraform init` downloaded into
//! `.terraform/modules` (listed in its `modules.json`), each package a
//! chain of submodules nested 6 levels deep under count and for_each, as
//! the terraform-aws-modules packages nest theirs (see [`nested_meta`]).

use std::fmt::Write as _;
use std::path::Path;

use super::{check_empty, module, root_files, Rng, Stats, Writer};

const LEVELS: usize = 6;

/// How the calls down a package multiply their modules, as registry
/// modules do: mostly `count = create ? 1 : 0`, a for_each over a map,
/// and one fan-out of two. Instances of each level: 1, 1, 2, 2, 2, 4.
fn nested_meta(level: usize) -> &'static str {
    match level {
        1 => "  for_each    = toset([\"a\", \"b\"])\n",
        3 => "  for_each    = { primary = \"p\" }\n",
        4 => "  count       = 2\n",
        _ => "  count       = length(var.ports) > 0 ? 1 : 0\n",
    }
}

/// Instances of the module at each level.
const MULTIPLIER: [usize; LEVELS] = [1, 1, 2, 2, 2, 4];

pub fn write(files: usize, seed: u64, bad: u64, out: &Path) -> Result<String, String> {
    check_empty(out)?;
    let mut w = Writer {
        root: out,
        stats: Stats::default(),
        bad,
        nested_meta,
    };
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let io = |e: std::io::Error| e.to_string();
    let per_module = super::RESOURCE_FILES + 2;
    let packages = (files.saturating_sub(4).max(per_module) / per_module).div_ceil(LEVELS);
    let mut calls = String::new();
    let mut entries = vec![r#"{"Key":"","Source":"","Dir":"."}"#.to_string()];
    for c in 0..packages {
        let package = format!(".terraform/modules/chain{c:03}");
        let source = format!("corpus/chain{c:03}/aws");
        let mut key = format!("chain{c:03}");
        for (level, multiplier) in MULTIPLIER.iter().enumerate() {
            // The package's root module, then modules/l1..l5 inside it.
            let dir = if level == 0 {
                package.clone()
            } else {
                format!("{package}/modules/l{level}")
            };
            let child = (level + 1 < LEVELS).then(|| {
                if level == 0 {
                    "./modules/l1".to_string()
                } else {
                    format!("../l{}", level + 1)
                }
            });
            let r = module(&mut w, &mut rng, &dir, child.as_deref(), level).map_err(io)?;
            w.stats.resource_instances += r * multiplier;
            let entry_source = if level == 0 {
                format!("registry.terraform.io/{source}")
            } else {
                format!("registry.terraform.io/{source}//modules/l{level}")
            };
            let version = if level == 0 {
                r#","Version":"1.2.0""#
            } else {
                ""
            };
            entries.push(format!(
                r#"{{"Key":"{key}","Source":"{entry_source}"{version},"Dir":"{dir}"}}"#
            ));
            key.push_str(".next");
        }
        let _ = writeln!(calls, "module \"chain{c:03}\" {{\n  source      = \"{source}\"\n  version     = \"1.2.0\"\n  name        = \"chain{c:03}\"\n  environment = var.environment\n  vpc_cidr    = var.vpc_cidr\n  tags        = local.tags\n}}\n");
    }
    root_files(&mut w, &mut rng, "", &calls).map_err(io)?;
    w.file(
        ".terraform/modules/modules.json",
        &format!("{{\"Modules\":[{}]}}\n", entries.join(",")),
    )
    .map_err(io)?;
    w.stats.modules = packages * LEVELS;
    Ok(w.stats.to_string())
}
