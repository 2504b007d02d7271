//! Embeds every rule's templates in the binary, so `tfready fix` works
//! without the repository at hand. A rule folder's `templates/<name>/`
//! is a module (embedded as `modules/<name>/`, its `template.toml` giving
//! its manifest entry), `templates/<name>.tf` a snippet (embedded as
//! `snippets/<name>.tf`, its entry in `templates/<name>.toml`). The
//! manifest is `src/fixing/manifest_header.toml` followed by the entries,
//! by name.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries
}

fn name_of(p: &Path) -> String {
    p.file_stem()
        .expect("a named file")
        .to_string_lossy()
        .into_owned()
}

/// The rule folders (`src/rules/<area>/<slug>/mod.rs`, or
/// `src/rules/<slug>/mod.rs` for a rule of no area) as (id, module path,
/// folder under the crate), by id.
fn rule_folders(src_rules: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut folders = Vec::new();
    for a in sorted(src_rules).into_iter().filter(|p| p.is_dir()) {
        folders.push(a.clone());
        folders.extend(sorted(&a).into_iter().filter(|p| p.is_dir()));
    }
    for folder in folders {
        let file = folder.join("mod.rs");
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if !text.contains("pub const RULE: Rule") {
            continue;
        }
        let id = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("id: \""))
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{}: a RULE with no `id: \"...\"`", file.display()))
            .to_string();
        let rel = folder.strip_prefix(src_rules).expect("under src/rules");
        let path: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let module = format!("crate::rules::{}", path.join("::"));
        out.push((id, module, format!("src/rules/{}", path.join("/"))));
    }
    out.sort();
    out
}

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let rules = crate_dir.join("src/rules");
    let header = crate_dir.join("src/fixing/manifest_header.toml");
    // A directory is scanned whole: any change under src/rules reruns this.
    println!("cargo:rerun-if-changed={}", header.display());
    println!("cargo:rerun-if-changed={}", rules.display());
    let found = rule_folders(&rules);
    // (embedded path, file) of every template file; (name, entry file).
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut entries: Vec<(String, PathBuf)> = Vec::new();
    for (_, _, folder) in &found {
        let templates = crate_dir.join(folder).join("templates");
        if !templates.is_dir() {
            continue;
        }
        for t in sorted(&templates) {
            let name = name_of(&t);
            if t.is_dir() {
                for f in sorted(&t) {
                    let file = f.file_name().expect("a file").to_string_lossy();
                    if file == "template.toml" {
                        entries.push((name.clone(), f));
                    } else {
                        files.push((format!("modules/{name}/{file}"), f));
                    }
                }
            } else if t.extension().is_some_and(|x| x == "toml") {
                entries.push((name, t));
            } else {
                files.push((format!("snippets/{name}.tf"), t));
            }
        }
    }
    entries.sort();
    let mut manifest = std::fs::read_to_string(&header).expect("manifest header");
    for (_, f) in &entries {
        manifest.push('\n');
        manifest.push_str(&std::fs::read_to_string(f).expect("manifest entry"));
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let mut registry = String::from(
        "/// Every rule, by id: each rule folder's `RULE`.\npub static RULES: &[Rule] = &[\n",
    );
    for (_, module, _) in &found {
        let _ = writeln!(registry, "    {module}::RULE,");
    }
    registry.push_str("];\n\n/// (id, the rule's folder under the crate): where its fixer, templates and\n/// fixtures are.\npub static FOLDERS: &[(&str, &str)] = &[\n");
    for (id, _, folder) in &found {
        let _ = writeln!(registry, "    ({id:?}, {folder:?}),");
    }
    registry.push_str("];\n");
    std::fs::write(out.join("registry.rs"), registry).expect("write registry.rs");
    std::fs::write(out.join("manifest.toml"), manifest).expect("write manifest.toml");
    files.sort();
    let mut src = String::from(
        "/// (path in the templates directory, contents) of every template file and the manifest.\npub static FILES: &[(&str, &str)] = &[\n    (\"manifest.toml\", include_str!(concat!(env!(\"OUT_DIR\"), \"/manifest.toml\"))),\n",
    );
    for (rel, f) in &files {
        let _ = writeln!(
            src,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    src.push_str("];\n");
    std::fs::write(out.join("templates.rs"), src).expect("write templates.rs");
}
