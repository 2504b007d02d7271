//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tfready_engine::{SharedLoad, Target};

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
    /// Catch offline what `terraform plan` and `apply` would reject.
    Validate(ValidateArgs),
    /// Write the Terraform that closes the gaps (modules + wiring), as a diff or in place.
    Fix(FixArgs),
    /// Price the stack today and after each phase of the roadmap.
    Cost(CostArgs),
    /// Create the S3 state backend (versioned, encrypted, private, TLS-only) and point the project at it.
    BootstrapState(BootstrapArgs),
    /// Check a live account against the roadmap's testing checklist (read-only calls).
    Verify(VerifyArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Explain one rule (by id or slug).
    Explain(ExplainArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Write a commented .tfready.toml for the project (never overwrites).
    Init(InitArgs),
    /// Print the man page (roff): `tfready man > ~/.local/share/man/man1/tfready.1`.
    Man,
    /// Manage the cache of AWS prices `cost` uses.
    #[command(subcommand)]
    Prices(PricesCommand),
}

#[derive(clap::Subcommand)]
pub enum PricesCommand {
    /// Ask AWS's Price List API again for every price tfready knows and the
    /// project's, and keep the answers in the cache.
    Update(PricesUpdateArgs),
}

#[derive(Args)]
pub struct PricesUpdateArgs {
    /// The project whose prices to fetch as well (its region by default).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Regions to fetch (repeatable; default: the project's).
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Named profile (default: the standard chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Endpoint of the Price List API (or AWS_ENDPOINT_URL_PRICING).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Terminal,
    /// One line a finding: `file:line:col: ID [severity] slug: message`.
    Concise,
    Json,
    Sarif,
    Junit,
    Markdown,
    /// One self-contained page (no scripts, nothing fetched): findings by
    /// phase and the cost per phase as a chart.
    Html,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
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
    /// Every root module under PATH (a directory of .tf files no other
    /// directory there calls as a module): one report, one exit code.
    #[arg(long, short = 'r')]
    pub recursive: bool,
    /// Set by a recursive run for each of its roots (see [`SharedLoad`]).
    #[arg(skip)]
    pub shared: Option<SharedLoad>,
}

impl ProjectArgs {
    /// What these arguments ask to load.
    pub fn target(&self) -> Target {
        Target {
            path: self.path.clone(),
            env: self.env.clone(),
            var_files: self.var_files.clone(),
            vars: self.vars.clone(),
            config: self.config.clone(),
            shared: self.shared.clone(),
        }
    }

    /// These arguments for one root of a recursive run.
    pub fn for_root(&self, root: PathBuf, shared: SharedLoad) -> ProjectArgs {
        ProjectArgs {
            path: root,
            recursive: false,
            shared: Some(shared),
            ..self.clone()
        }
    }
}

/// The arguments of a command `--recursive` runs on every root.
pub trait PerRoot: Clone {
    /// The project arguments, and the output arguments when it has any.
    fn parts(&mut self) -> (&mut ProjectArgs, Option<&mut OutputArgs>);

    /// These arguments for one root: its path and what the roots share; the
    /// report goes to the merged one, not to `-o`.
    fn for_root(&self, root: PathBuf, shared: SharedLoad) -> Self {
        let mut one = self.clone();
        let (project, output) = one.parts();
        *project = project.for_root(root, shared);
        if let Some(o) = output {
            o.output = None;
        }
        one
    }
}

impl PerRoot for AuditArgs {
    fn parts(&mut self) -> (&mut ProjectArgs, Option<&mut OutputArgs>) {
        (&mut self.project, Some(&mut self.output))
    }
}

impl PerRoot for ValidateArgs {
    fn parts(&mut self) -> (&mut ProjectArgs, Option<&mut OutputArgs>) {
        (&mut self.project, Some(&mut self.output))
    }
}

impl PerRoot for CostArgs {
    fn parts(&mut self) -> (&mut ProjectArgs, Option<&mut OutputArgs>) {
        (&mut self.project, None)
    }
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
    /// Write the report to FILE instead of stdout (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With `--format json`: each rule's own text (title, risk,
    /// remediation, ...) once, under `rules`, not in every finding; no
    /// indentation, a line a finding. Other formats ignore it.
    #[arg(long)]
    pub compact: bool,
}

impl OutputArgs {
    /// The name a recursive run merges the roots' outputs by: `--format`'s,
    /// or `json-compact`.
    pub fn merge_name(&self) -> &'static str {
        match self.format {
            Format::Json if self.compact => "json-compact",
            f => f.name(),
        }
    }
}

#[derive(Args, Clone)]
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
    /// Never run these rules (ids or slugs; repeatable).
    #[arg(long, value_name = "RULE")]
    pub skip: Vec<String>,
    /// Findings accepted in this baseline are reported as suppressed: only
    /// new ones count for the exit code.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to FILE as the baseline, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings that are not already at this git revision (a
    /// pull request's base, e.g. origin/main); the others show as suppressed.
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// Leave out the validation errors (`tfready validate`).
    #[arg(long)]
    pub no_validate: bool,
}

#[derive(Args, Clone)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 1 when a problem is at or above this severity (errors are high, warnings medium).
    #[arg(long, value_name = "SEVERITY", value_parser = ["critical", "high", "medium", "low", "info"])]
    pub fail_on: Option<String>,
    /// Check against this provider schema instead of the embedded one: the
    /// output of `terraform providers schema -json` (the provider version
    /// your lock file pins).
    #[arg(long, value_name = "FILE")]
    pub schema: Option<std::path::PathBuf>,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Print the catalogue as Markdown (the content of docs/rules.md).
    #[arg(long)]
    pub markdown: bool,
    /// Print how each rule decides (the content of docs/rule-decisions.md).
    #[arg(long)]
    pub decisions: bool,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// A rule id (TFR011) or slug (local-state).
    pub rule: String,
    /// Print the Markdown (as in docs/rules.md) instead of text for a terminal.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Args)]
pub struct InitArgs {
    /// The project's root directory.
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

#[derive(Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[derive(Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Phases to apply (repeatable): 1, 2, 3, 4, quick-win or all. Without
    /// --phase or --rule, every phase: asked first on a terminal, and only
    /// with --yes elsewhere.
    #[arg(long, value_name = "PHASE", value_parser = ["1", "2", "3", "4", "quick-win", "all"])]
    pub phase: Vec<String>,
    /// Only the fixes for these rules (ids or slugs; repeatable).
    #[arg(long, value_name = "RULE")]
    pub rule: Vec<String>,
    /// Print a unified diff and write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Say what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write even when the git work tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Write every phase without asking (no --phase or --rule, off a terminal).
    #[arg(long)]
    pub yes: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Clone)]
pub struct CostArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format: terminal, json or markdown.
    #[arg(long, default_value = "terminal", value_parser = ["terminal", "json", "markdown"])]
    pub format: String,
    /// A price file laid over the others: tfready's TOML format, or AWS's
    /// bulk offer file (`index.json`) or its CSV export, for air-gapped use.
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Never call AWS for prices: the cache and the embedded list only
    /// (also TFREADY_OFFLINE=1).
    #[arg(long, conflicts_with = "live")]
    pub offline: bool,
    /// Ask AWS's Price List API even when no credentials are configured in the
    /// environment or ~/.aws (an instance or container role).
    #[arg(long)]
    pub live: bool,
    /// Named profile for the Price List API (default: the standard chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Endpoint of the Price List API (or AWS_ENDPOINT_URL_PRICING).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Usage assumptions (tfready-usage.toml); defaults are documented.
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// Print a usage file listing every usage-based resource, and exit.
    #[arg(long)]
    pub write_usage: bool,
    /// Compare with another version of the stack (e.g. after `fix`).
    #[arg(long, value_name = "OTHER_PATH")]
    pub compare: Option<PathBuf>,
    /// Compare with the stack as it is at this git revision (a pull
    /// request's base): the base's cost before, this tree's after.
    #[arg(long, value_name = "REF", conflicts_with = "compare")]
    pub diff_base: Option<String>,
    /// Leave out the per-phase table.
    #[arg(long)]
    pub no_phases: bool,
}

/// Where and as whom to call AWS.
#[derive(Args, Clone)]
pub struct AwsArgs {
    /// Named profile (default: the standard credential chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Region (default: the chain's, e.g. AWS_REGION).
    #[arg(long)]
    pub region: Option<String>,
    /// Endpoint for an emulator such as moto (or AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Attempts per call, with backoff on throttling (default: the chain's, 3).
    #[arg(long)]
    pub max_attempts: Option<u32>,
}

#[derive(Args)]
pub struct BootstrapArgs {
    /// The root module whose backend block to write.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// State bucket name (global: include the account id or a unique prefix).
    #[arg(long)]
    pub bucket: String,
    /// DynamoDB lock table, for Terraform older than 1.11 (newer ones lock in S3).
    #[arg(long, value_name = "NAME")]
    pub lock_table: Option<String>,
    /// KMS key for the bucket's default encryption (default: SSE-S3).
    #[arg(long, value_name = "ARN")]
    pub kms_key: Option<String>,
    /// State object key (default: ENV/terraform.tfstate from var.environment, else terraform.tfstate).
    #[arg(long)]
    pub key: Option<String>,
    /// Complete an existing bucket without asking.
    #[arg(long)]
    pub yes: bool,
    /// Do not edit the project's backend block.
    #[arg(long)]
    pub no_write: bool,
    /// Write the backend block even when the git work tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Output format: terminal, json, junit or markdown.
    #[arg(long, default_value = "terminal", value_parser = ["terminal", "json", "junit", "markdown"])]
    pub format: String,
    /// Test what the checklist says to test, changing the account for a
    /// while and undoing it: alarms, https, scaling, restore (comma-separated
    /// or repeated). Never run by default; asks first on a terminal.
    #[arg(long, value_delimiter = ',', value_name = "MODE",
          value_parser = ["alarms", "https", "scaling", "restore"])]
    pub exercise: Vec<String>,
    /// Run --exercise without asking (CI).
    #[arg(long)]
    pub yes: bool,
    /// --exercise https: connect to HOST:PORT instead of the domain's 443.
    #[arg(long, value_name = "HOST:PORT")]
    pub https_addr: Option<String>,
    /// --exercise https: connect to HOST:PORT instead of the domain's 80.
    #[arg(long, value_name = "HOST:PORT")]
    pub http_addr: Option<String>,
    /// --exercise https: extra CA certificates (PEM) to trust.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// How long each exercise waits for AWS, in seconds (default per mode).
    #[arg(long, value_name = "SECONDS")]
    pub exercise_timeout: Option<u64>,
    /// State bucket (default: the project's S3 backend).
    #[arg(long)]
    pub state_bucket: Option<String>,
    /// The app's domain (default: the stack's subdomain and domain variables, else its hosted zone's name).
    #[arg(long)]
    pub domain: Option<String>,
    /// Load balancer name or ARN.
    #[arg(long)]
    pub load_balancer: Option<String>,
    /// Auto Scaling group name.
    #[arg(long)]
    pub autoscaling_group: Option<String>,
    /// The database secret, name or ARN (default: the RDS-managed master
    /// user secret of the stack's database, looked up in the account).
    #[arg(long)]
    pub db_secret: Option<String>,
}
