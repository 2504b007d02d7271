//! A deterministic, realistic Terraform tree: a root module calling local
//! modules with `count` / `for_each`, variables, locals, tfvars, and the
//! resource types of the coverage table, configured well or badly at random.

mod downloaded;
mod monorepo;
mod plan;

pub use downloaded::write as write_downloaded;
pub use monorepo::write as write_monorepo;
pub use plan::write as write_plan;

use std::fmt::Write as _;
use std::path::Path;

pub struct Spec {
    /// Approximate number of files to write.
    pub files: usize,
    pub seed: u64,
    /// Chains of modules nested 6 levels deep instead of a flat set.
    pub deep: bool,
    /// Percent of resources configured badly (40 by default; 100 for a
    /// findings-heavy corpus).
    pub bad: u64,
    /// Resources in each resource file (32 by default).
    pub per_file: usize,
}

/// xorshift64*: tiny, deterministic for a seed, good enough for variety.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Default)]
pub(crate) struct Stats {
    pub(crate) files: usize,
    pub(crate) bytes: usize,
    pub(crate) resources: usize,
    pub(crate) modules: usize,
    /// Resources times the instances of their module.
    pub(crate) resource_instances: usize,
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} files, {:.1} MB, {} modules, {} resources declared, {} resource instances",
            self.files,
            self.bytes as f64 / 1e6,
            self.modules,
            self.resources,
            self.resource_instances
        )
    }
}

pub(crate) struct Writer<'a> {
    pub(crate) root: &'a Path,
    pub(crate) stats: Stats,
    /// Percent of resources written badly.
    pub(crate) bad: u64,
    /// The `count` / `for_each` line of the call from a module at a level
    /// to the next.
    pub(crate) nested_meta: fn(usize) -> &'static str,
}

/// Doubling at every level (count = 2, then for_each over two keys).
pub(crate) fn doubling(level: usize) -> &'static str {
    if level.is_multiple_of(2) {
        "  count       = 2\n"
    } else {
        "  for_each    = toset([\"a\", \"b\"])\n"
    }
}

impl Writer<'_> {
    pub(crate) fn file(&mut self, rel: &str, text: &str) -> std::io::Result<()> {
        let p = self.root.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d)?;
        }
        std::fs::write(p, text)?;
        self.stats.files += 1;
        self.stats.bytes += text.len();
        Ok(())
    }
}

/// Resource files a module gets, and resources in each.
const RESOURCE_FILES: usize = 4;
const RESOURCES_PER_FILE: usize = 32;

/// Refuses to write into a directory that holds anything.
pub(crate) fn check_empty(out: &Path) -> Result<(), String> {
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!("{} exists and is not empty", out.display()));
    }
    Ok(())
}

pub fn write(spec: &Spec, out: &Path) -> Result<String, String> {
    check_empty(out)?;
    let mut w = Writer {
        root: out,
        stats: Stats::default(),
        bad: spec.bad,
        nested_meta: doubling,
    };
    let mut rng = Rng(spec.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let per_module = RESOURCE_FILES + 2;
    let modules = spec.files.saturating_sub(4).max(per_module) / per_module;
    let mut calls = String::new();
    if spec.deep {
        // Chains of 6 levels; level k is instantiated 2^k times in all.
        let chains = modules.div_ceil(6);
        for c in 0..chains {
            for level in 0..6 {
                let name = format!("chain{c:03}_l{level}");
                let next = (level < 5).then(|| format!("chain{c:03}_l{}", level + 1));
                let child = next.map(|c| format!("../{c}"));
                let r = module(
                    &mut w,
                    &mut rng,
                    &format!("modules/{name}"),
                    child.as_deref(),
                    level,
                )
                .map_err(|e| e.to_string())?;
                w.stats.resource_instances += r * (1 << level);
            }
            let _ = writeln!(calls, "module \"chain{c:03}\" {{\n  source      = \"./modules/chain{c:03}_l0\"\n  name        = \"chain{c:03}\"\n  environment = var.environment\n  vpc_cidr    = var.vpc_cidr\n  tags        = local.tags\n}}\n");
        }
    } else {
        for m in 0..modules {
            let name = format!("svc{m:04}");
            let r = module_of(
                &mut w,
                &mut rng,
                &format!("modules/{name}"),
                None,
                0,
                (RESOURCE_FILES, spec.per_file),
            )
            .map_err(|e| e.to_string())?;
            w.stats.resource_instances += r;
            let meta = match m % 3 {
                0 => "  count       = var.enabled ? 1 : 0\n".to_string(),
                1 => format!("  for_each    = {{ primary = \"{m}\" }}\n"),
                _ => String::new(),
            };
            let _ = writeln!(calls, "module \"{name}\" {{\n  source      = \"./modules/{name}\"\n{meta}  name        = \"{name}\"\n  environment = var.environment\n  vpc_cidr    = var.vpc_cidr\n  tags        = local.tags\n}}\n");
        }
    }
    root_files(&mut w, &mut rng, "", &calls).map_err(|e| e.to_string())?;
    w.stats.modules = if spec.deep {
        modules.div_ceil(6) * 6
    } else {
        modules
    };
    Ok(w.stats.to_string())
}

/// A root module's own files in `dir` (`""` for the corpus root): backend,
/// provider, the module `calls`, variables, locals and tfvars.
pub(crate) fn root_files(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    dir: &str,
    calls: &str,
) -> std::io::Result<()> {
    let at = |f: &str| {
        if dir.is_empty() {
            f.to_string()
        } else {
            format!("{dir}/{f}")
        }
    };
    let backend = if rng.chance(50) {
        "  backend \"local\" {\n    path = \"terraform.tfstate\"\n  }\n"
    } else {
        "  backend \"s3\" {\n    bucket       = \"corpus-state\"\n    key          = \"corpus.tfstate\"\n    region       = \"us-east-1\"\n    encrypt      = true\n    use_lockfile = true\n  }\n"
    };
    w.file(&at("main.tf"), &format!("terraform {{\n  required_version = \">= 1.6\"\n{backend}}}\n\nprovider \"aws\" {{\n  region = var.region\n}}\n\n{calls}"))?;
    w.file(
        &at("variables.tf"),
        "variable \"region\" {\n  type    = string\n  default = \"us-east-1\"\n}\n\nvariable \"environment\" {\n  type    = string\n  default = \"prod\"\n}\n\nvariable \"enabled\" {\n  type    = bool\n  default = true\n}\n\nvariable \"vpc_cidr\" {\n  type    = string\n  default = \"10.0.0.0/16\"\n}\n\nvariable \"db_password\" {\n  type = string\n}\n",
    )
    ?;
    w.file(&at("locals.tf"), "locals {\n  tags = {\n    Project     = \"corpus\"\n    Environment = var.environment\n    ManagedBy   = \"Terraform\"\n  }\n}\n")?;
    w.file(
        &at("terraform.tfvars"),
        "environment = \"prod\"\ndb_password = \"corpus-not-a-secret\"\n",
    )?;
    Ok(())
}

/// Writes one module into `dir`, calling `child` (a module source) from it
/// when given; returns how many resources it declares.
pub(crate) fn module(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    dir: &str,
    child: Option<&str>,
    level: usize,
) -> std::io::Result<usize> {
    module_of(
        w,
        rng,
        dir,
        child,
        level,
        (RESOURCE_FILES, RESOURCES_PER_FILE),
    )
}

/// [`module`] with `(files, resources a file)` of its own.
pub(crate) fn module_of(
    w: &mut Writer<'_>,
    rng: &mut Rng,
    dir: &str,
    child: Option<&str>,
    level: usize,
    (files, per_file): (usize, usize),
) -> std::io::Result<usize> {
    let mut count = 0;
    for f in 0..files {
        let mut text = String::new();
        for i in 0..per_file {
            text.push_str(&resource(rng, &format!("r{f}_{i}"), w.bad));
            count += 1;
        }
        w.file(&format!("{dir}/res{f}.tf"), &text)?;
    }
    let mut vars = String::from(
        "variable \"name\" {\n  type = string\n}\n\nvariable \"environment\" {\n  type = string\n}\n\nvariable \"vpc_cidr\" {\n  type = string\n}\n\nvariable \"tags\" {\n  type    = map(string)\n  default = {}\n}\n\nvariable \"ports\" {\n  type    = list(number)\n  default = [8080, 9090]\n}\n\nlocals {\n  prefix = \"${var.name}-${var.environment}\"\n  prod   = var.environment == \"prod\"\n}\n",
    );
    if let Some(c) = child {
        let meta = (w.nested_meta)(level);
        let _ = writeln!(vars, "\nmodule \"next\" {{\n  source      = \"{c}\"\n{meta}  name        = \"${{var.name}}-n\"\n  environment = var.environment\n  vpc_cidr    = var.vpc_cidr\n  tags        = var.tags\n}}");
    }
    w.file(&format!("{dir}/variables.tf"), &vars)?;
    w.file(
        &format!("{dir}/outputs.tf"),
        "output \"vpc_id\" {\n  value = aws_vpc.r0_0.id\n}\n\noutput \"prefix\" {\n  value = local.prefix\n}\n",
    )?;
    w.stats.resources += count;
    Ok(count)
}

/// One resource, good or bad at random. The first resource of every module
/// is a VPC so outputs and references resolve.
pub(crate) fn resource(rng: &mut Rng, id: &str, bad_percent: u64) -> String {
    if id == "r0_0" {
        return "resource \"aws_vpc\" \"r0_0\" {\n  cidr_block           = var.vpc_cidr\n  enable_dns_hostnames = true\n  tags                 = merge(var.tags, { Name = local.prefix })\n}\n\n".into();
    }
    let bad = rng.chance(bad_percent);
    match rng.below(12) {
        0 => {
            let src = if bad { "cidr_blocks = [\"0.0.0.0/0\"]" } else { "cidr_blocks = [var.vpc_cidr]" };
            format!(
                "resource \"aws_security_group\" \"{id}\" {{\n  name   = \"${{local.prefix}}-{id}\"\n  vpc_id = aws_vpc.r0_0.id\n\n  ingress {{\n    description = \"https\"\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n\n  dynamic \"ingress\" {{\n    for_each = var.ports\n    content {{\n      from_port   = ingress.value\n      to_port     = ingress.value\n      protocol    = \"tcp\"\n      {src}\n    }}\n  }}\n\n  egress {{\n    from_port   = 0\n    to_port     = 0\n    protocol    = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n\n"
            )
        }
        1 => format!(
            "resource \"aws_vpc_security_group_ingress_rule\" \"{id}\" {{\n  security_group_id = \"sg-{id}\"\n  from_port         = {p}\n  to_port           = {p}\n  ip_protocol       = \"tcp\"\n  cidr_ipv4         = \"{c}\"\n}}\n\n",
            p = if bad { 22 } else { 443 },
            c = if bad { "0.0.0.0/0" } else { "10.0.0.0/8" }
        ),
        2 => {
            let meta = if bad { "" } else { "  metadata_options {\n    http_tokens = \"required\"\n  }\n" };
            format!(
                "resource \"aws_instance\" \"{id}\" {{\n  ami           = \"ami-0123456789abcdef0\"\n  instance_type = local.prod ? \"t3.large\" : \"t3.small\"\n  subnet_id     = \"subnet-{id}\"\n{meta}  root_block_device {{\n    volume_type = \"gp3\"\n    volume_size = 30\n    encrypted   = {enc}\n  }}\n  tags = merge(var.tags, {{ Name = \"${{local.prefix}}-{id}\" }})\n}}\n\n",
                enc = !bad
            )
        }
        3 => format!(
            "resource \"aws_db_instance\" \"{id}\" {{\n  identifier              = \"${{local.prefix}}-{id}\"\n  engine                  = \"postgres\"\n  instance_class          = \"db.t3.micro\"\n  allocated_storage       = 20\n  storage_encrypted       = {enc}\n  multi_az                = {maz}\n  backup_retention_period = {ret}\n  deletion_protection     = local.prod\n  skip_final_snapshot     = !local.prod\n  manage_master_user_password = true\n  username                = \"app\"\n}}\n\n",
            enc = !bad,
            maz = if bad { "false" } else { "local.prod" },
            ret = if bad { 1 } else { 7 }
        ),
        4 => {
            let mut s = format!("resource \"aws_s3_bucket\" \"{id}\" {{\n  bucket = \"${{local.prefix}}-{id}\"\n  tags   = var.tags\n}}\n\n");
            if !bad {
                let _ = write!(s, "resource \"aws_s3_bucket_public_access_block\" \"{id}\" {{\n  bucket                  = aws_s3_bucket.{id}.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}}\n\nresource \"aws_s3_bucket_versioning\" \"{id}\" {{\n  bucket = aws_s3_bucket.{id}.id\n  versioning_configuration {{\n    status = \"Enabled\"\n  }}\n}}\n\n");
            }
            s
        }
        5 => format!(
            "resource \"aws_cloudwatch_log_group\" \"{id}\" {{\n  name = \"/corpus/${{local.prefix}}/{id}\"\n{ret}}}\n\n",
            ret = if bad { String::new() } else { "  retention_in_days = local.prod ? 30 : 7\n".into() }
        ),
        6 => format!(
            "resource \"aws_cloudwatch_metric_alarm\" \"{id}\" {{\n  alarm_name          = \"${{local.prefix}}-{id}\"\n  namespace           = \"AWS/EC2\"\n  metric_name         = \"CPUUtilization\"\n  comparison_operator = \"GreaterThanThreshold\"\n  threshold           = 80\n  evaluation_periods  = 2\n  period              = 300\n  statistic           = \"Average\"\n{act}}}\n\n",
            act = if bad { String::new() } else { "  alarm_actions       = [\"arn:aws:sns:us-east-1:123456789012:alerts\"]\n".into() }
        ),
        7 => format!(
            "resource \"aws_lb_listener\" \"{id}\" {{\n  load_balancer_arn = \"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/{id}/1\"\n  port              = 443\n  protocol          = \"HTTPS\"\n  ssl_policy        = \"{pol}\"\n  certificate_arn   = \"arn:aws:acm:us-east-1:123456789012:certificate/{id}\"\n  default_action {{\n    type             = \"forward\"\n    target_group_arn = \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{id}/1\"\n  }}\n}}\n\n",
            pol = if bad { "ELBSecurityPolicy-2016-08" } else { "ELBSecurityPolicy-TLS13-1-2-2021-06" }
        ),
        8 => format!(
            "resource \"aws_iam_role\" \"{id}\" {{\n  name = \"${{local.prefix}}-{id}\"\n  assume_role_policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n      Effect    = \"Allow\"\n      Action    = \"sts:AssumeRole\"\n      Principal = {{ Service = \"ec2.amazonaws.com\" }}\n    }}]\n  }})\n  tags = var.tags\n}}\n\n"
        ),
        9 => format!(
            "resource \"aws_kms_key\" \"{id}\" {{\n  description             = \"${{local.prefix}} {id}\"\n  deletion_window_in_days = 10\n  enable_key_rotation     = {rot}\n}}\n\n",
            rot = !bad
        ),
        10 => format!(
            "resource \"aws_route53_record\" \"{id}\" {{\n  zone_id = \"Z0123456789\"\n  name    = \"{id}.${{var.name}}.example.com\"\n  type    = \"CNAME\"\n  ttl     = 300\n  records = [\"{id}.internal.example.com\"]\n}}\n\n"
        ),
        _ => format!(
            "resource \"aws_subnet\" \"{id}\" {{\n  count             = 2\n  vpc_id            = aws_vpc.r0_0.id\n  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index + {n})\n  availability_zone = element([\"us-east-1a\", \"us-east-1b\"], count.index)\n}}\n\n",
            n = rng.below(200)
        ),
    }
}
