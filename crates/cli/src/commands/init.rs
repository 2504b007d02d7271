//! `tfready init`: a commented `.tfready.toml` for the project, every
//! option shown with its default, the stack's production environment filled
//! in when its layout names one. It never overwrites a file.

use tfready_model::{LoadOptions, Project};

use crate::args::InitArgs;
use crate::exit;
use crate::output::{error, print};

pub fn run(args: &InitArgs) -> u8 {
    let path = args.path.join(tfready_rules::CONFIG_FILE);
    if path.exists() {
        error(&format!(
            "{} exists: tfready init never overwrites a file",
            path.display()
        ));
        return exit::INPUT;
    }
    let environment = Project::load(&args.path, &LoadOptions::default())
        .ok()
        .and_then(|p| {
            p.env_layout()
                .names()
                .find(|e| tfready_model::environments::is_prod(e))
                .map(str::to_string)
        });
    let text = config_text(environment.as_deref());
    if let Err(e) = tfready_model::files::replace_with(&path, |out| out.write_all(text.as_bytes()))
    {
        error(&format!("cannot write {}: {e}", path.display()));
        return exit::INPUT;
    }
    print(&format!("Wrote {}.\n", path.display()));
    exit::OK
}

/// The file: every option commented out at its default, but the
/// environment the stack calls production, when it has one.
fn config_text(environment: Option<&str>) -> String {
    let env_line = match environment {
        Some(e) => format!(
            "environment = {}  # default for --env (the stack's production environment)\n",
            toml_string(e)
        ),
        None => "# environment = \"prod\"  # default for --env\n".to_string(),
    };
    let tags: Vec<String> = tfready_rules::DEFAULT_REQUIRED_TAGS
        .iter()
        .map(|t| toml_string(t))
        .collect();
    format!(
        "# tfready configuration: `tfready rules` lists the rules, `tfready explain ID` one of them.\n\
         # Every option below is shown at its default; uncomment to change it.\n\
         \n\
         # select = []                       # only these rules (ids or slugs); empty = all\n\
         # severity = {{ TFR152 = \"medium\" }}  # severity overrides\n\
         {env_line}\
         # fail-on = \"high\"                  # audit exits 1 at or above this severity\n\
         # required-tags = [{}]\n\
         # health-path = \"/\"                 # fix: the ALB health check (default: the stack's own)\n\
         \n\
         # [limits]                          # bounds on the work of one run\n\
         # max-file-bytes = 67108864\n\
         # max-module-depth = 32\n\
         # max-nesting = 256\n\
         # max-expansion = 10000\n\
         # max-parse-seconds = 10\n\
         \n\
         # [[ignore]]                        # a rule switched off, with the reason\n\
         # rule = \"ssh-key-pair\"\n\
         # reason = \"why, and until when\"\n\
         # paths = [\"modules/bastion\"]       # optional: only under these paths\n",
        tags.join(", ")
    )
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_a_valid_config_at_the_defaults() {
        let c = tfready_rules::Config::parse(&config_text(None), "t", &tfready_rules::is_rule)
            .expect("valid");
        assert_eq!(c.environment, None);
        assert!(c.select.is_empty() && c.ignore.is_empty());
        let c = tfready_rules::Config::parse(
            &config_text(Some("production")),
            "t",
            &tfready_rules::is_rule,
        )
        .unwrap();
        assert_eq!(c.environment.as_deref(), Some("production"));
    }
}
