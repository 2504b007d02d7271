//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "tfready",
    version,
    about = "Make a Terraform AWS stack production-ready: audit, validate, cost, fix, verify."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Find the production-readiness gaps of a Terraform project.
    Audit(AuditArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Explain one rule (by id or slug).
    Explain(ExplainArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Terminal,
    Json,
    Sarif,
    Junit,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Options every command that reads a project shares.
#[derive(Args, Clone)]
pub struct ProjectArgs {
    /// The root module's directory.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Environment: loads environments/ENV.tfvars if present and sets var.environment.
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// A variables file, as with `terraform -var-file` (repeatable, later wins).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// A variable, as with `terraform -var` (repeatable, wins over files).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Config file (default: the nearest .tfready.toml from PATH upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Clone)]
pub struct OutputArgs {
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,
    /// When to colour terminal output (NO_COLOR is honoured under auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the summary line (terminal format) and errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_name = "SEVERITY", value_parser = ["critical", "high", "medium", "low", "info"])]
    pub fail_on: Option<String>,
    /// Run only these rules (ids or slugs; repeatable).
    #[arg(long, value_name = "RULE")]
    pub select: Vec<String>,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Print the catalogue as Markdown (the content of docs/rules.md).
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A rule id (TFR011) or slug (local-state).
    pub rule: String,
}

#[derive(Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}
