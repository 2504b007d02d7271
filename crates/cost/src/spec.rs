//! The roadmap's own cost estimates (spec §5 and the per-section "Cost:" lines, and the
//! "Spec cost/mo" column of the coverage table), kept as data so every tfready figure can be shown
//! beside the spec's.

use serde::{Deserialize, Serialize};

use crate::estimate::{usd, Estimate, Status};
use crate::usage::UsageSource;

/// A monthly cost range as the spec writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecRange {
    pub low: f64,
    pub high: f64,
    /// As written in the spec, e.g. `$55-65` or `+$7-12`.
    pub text: String,
}

impl SpecRange {
    fn new(low: f64, high: f64, text: &str) -> SpecRange {
        SpecRange {
            low,
            high,
            text: text.to_string(),
        }
    }

    pub fn contains(&self, value: f64) -> bool {
        // Cents do not decide: $65.004 is inside $55-65.
        value >= self.low - 0.005 && value <= self.high + 0.005
    }

    /// `within`, `$3.52 above` or `$1.10 below`.
    pub fn position(&self, value: f64) -> String {
        if self.contains(value) {
            "within the spec's range".to_string()
        } else if value > self.high {
            format!("{} above the spec's range", usd(value - self.high))
        } else {
            format!("{} below the spec's range", usd(self.low - value))
        }
    }
}

/// Spec §5, "Current State" row.
pub fn spec_current() -> SpecRange {
    SpecRange::new(55.0, 65.0, "$55-65")
}

/// One phase of spec §5/§6.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecPhase {
    pub phase: u8,
    pub name: String,
    /// The "Components" column.
    pub components: String,
    pub priority: String,
    pub range: SpecRange,
}

/// Spec §5 rows for phases 1-4.
pub fn spec_phases() -> Vec<SpecPhase> {
    let phase = |phase, name: &str, components: &str, priority: &str, range| SpecPhase {
        phase,
        name: name.to_string(),
        components: components.to_string(),
        priority: priority.to_string(),
        range,
    };
    vec![
        phase(
            1,
            "Phase 1 (Critical)",
            "Remote State, Secrets Manager, ACM, CloudWatch",
            "Critical",
            SpecRange::new(7.0, 12.0, "+$7-12"),
        ),
        phase(
            2,
            "Phase 2 (High Priority)",
            "ALB, ElastiCache, VPC Flow Logs, WAF",
            "High",
            SpecRange::new(35.0, 55.0, "+$35-55"),
        ),
        phase(
            3,
            "Phase 3 (Production)",
            "Auto Scaling (x2), AWS Backup, GuardDuty",
            "Medium",
            SpecRange::new(40.0, 60.0, "+$40-60"),
        ),
        phase(
            4,
            "Phase 4 (Optional)",
            "CloudFront, RDS replicas, Multi-region DR",
            "Low",
            SpecRange::new(20.0, 50.0, "+$20-50"),
        ),
    ]
}

/// Spec §5 "TOTAL (Recommended)".
pub fn spec_total_recommended() -> SpecRange {
    SpecRange::new(135.0, 165.0, "$135-165")
}

/// Spec §5 "TOTAL (Production)".
pub fn spec_total_production() -> SpecRange {
    SpecRange::new(165.0, 195.0, "$165-195")
}

/// One row of the coverage table with its "Spec cost/mo".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecRow {
    pub row: u32,
    pub component: String,
    /// As written: `16-20`, `+30`, `small`, `x2 RDS`.
    pub cost: String,
    /// The range in USD when the text is one.
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub phase: String,
}

/// The coverage table's rows that carry a cost.
pub fn spec_rows() -> Vec<SpecRow> {
    let row =
        |row, component: &str, cost: &str, low: Option<f64>, high: Option<f64>, phase: &str| {
            SpecRow {
                row,
                component: component.to_string(),
                cost: cost.to_string(),
                low,
                high,
                phase: phase.to_string(),
            }
        };
    vec![
        row(
            1,
            "Remote state with locking",
            "1-2",
            Some(1.0),
            Some(2.0),
            "1",
        ),
        row(2, "Secrets management", "1-2", Some(1.0), Some(2.0), "1"),
        row(3, "TLS certificates", "0", Some(0.0), Some(0.0), "1"),
        row(4, "Load balancer", "16-20", Some(16.0), Some(20.0), "2"),
        row(
            5,
            "Monitoring and alerting",
            "5-10",
            Some(5.0),
            Some(10.0),
            "1",
        ),
        row(6, "Managed Redis", "12-15", Some(12.0), Some(15.0), "2"),
        row(7, "WAF", "5-10", Some(5.0), Some(10.0), "2"),
        row(8, "VPC flow logs", "1-5", Some(1.0), Some(5.0), "2"),
        row(9, "Auto Scaling", "+30", Some(30.0), Some(30.0), "3"),
        row(10, "Backups", "5-15", Some(5.0), Some(15.0), "3"),
        row(11, "CDN", "1-10", Some(1.0), Some(10.0), "4"),
        row(12, "Threat detection", "4-10", Some(4.0), Some(10.0), "3"),
        row(
            13,
            "Security group hardening",
            "0",
            Some(0.0),
            Some(0.0),
            "1",
        ),
        row(14, "RDS monitoring", "small", None, None, "2"),
        row(
            15,
            "Session Manager instead of SSH",
            "0",
            Some(0.0),
            Some(0.0),
            "3",
        ),
        row(
            16,
            "Multiple environments",
            "0",
            Some(0.0),
            Some(0.0),
            "quick win",
        ),
        row(
            17,
            "Cost-allocation tags",
            "0",
            Some(0.0),
            Some(0.0),
            "quick win",
        ),
        row(18, "Multi-AZ database in prod", "x2 RDS", None, None, "3"),
        row(
            19,
            "Read replicas, multi-region DR, AWS Config, network ACLs",
            "20-50",
            Some(20.0),
            Some(50.0),
            "4",
        ),
    ]
}

/// The coverage row `row`, when it carries a cost.
pub fn spec_row(row: u32) -> Option<SpecRow> {
    spec_rows().into_iter().find(|r| r.row == row)
}

/// Adds to `estimate.notes` how its total compares with the spec's current-state figure, line by
/// line: what the spec's estimate likely left out (public IPv4 charge, Multi-AZ standby) and which
/// lines rest on default usage.
pub fn explain_current(estimate: &mut Estimate) {
    let spec = spec_current();
    let total = estimate.total_usd;
    if !estimate.complete && total == 0.0 {
        // Nothing priced: no figure to set beside the spec's.
        let n = estimate
            .items
            .iter()
            .filter(|i| i.status == Status::Missing)
            .count();
        estimate
            .notes
            .push(format!("{n} line(s) have no price: the total is unknown."));
        return;
    }
    let mut notes = Vec::new();
    notes.push(format!(
        "Spec §5 puts the current stack at {}/month; tfready computes {}{} for {}: {}.",
        spec.text,
        usd(total),
        if estimate.complete {
            ""
        } else {
            " (lower bound: some prices are missing)"
        },
        estimate
            .environment
            .as_deref()
            .map_or("this configuration".to_string(), |e| format!(
                "environment {e}"
            )),
        spec.position(total)
    ));
    if estimate
        .environment
        .as_deref()
        .is_some_and(|e| !tfready_model::environments::is_prod(e))
    {
        notes.push(
            "The spec prices the production stack (the example's terraform.tfvars sets environment = \"prod\"); other environments differ, e.g. a Single-AZ database.".to_string(),
        );
    }
    let mut ipv4 = 0.0;
    let mut standby = 0.0;
    for item in &estimate.items {
        for c in &item.components {
            let key = c.price_key.as_str();
            if key.starts_with("vpc.public-ipv4") && c.monthly_usd > 0.0 {
                ipv4 += c.monthly_usd;
                notes.push(format!(
                    "{}: {}: public IPv4 addresses are billed since 2024-02-01, attached or not; estimates made before then leave this out.",
                    item.address, c.formula
                ));
            } else if key.starts_with("rds.") && key.ends_with(".multi-az") {
                standby += c.monthly_usd / 2.0;
                notes.push(format!(
                    "{}: {}; Multi-AZ doubles it, {} is the standby (spec §6 lists Multi-AZ under Phase 3, \"already configured for prod\").",
                    item.address, c.formula, usd(c.monthly_usd / 2.0)
                ));
            } else if key.starts_with("ebs.volume.") && c.monthly_usd > 0.0 {
                notes.push(format!(
                    "{}: {} (EBS storage is billed apart from the instance hours).",
                    item.address, c.formula
                ));
            } else if key.starts_with("ec2.instance.") || key.starts_with("rds.") {
                notes.push(format!("{}: {}.", item.address, c.formula));
            }
        }
    }
    let defaults: Vec<String> = estimate
        .items
        .iter()
        .filter(|i| {
            i.components.iter().any(|c| {
                c.usage
                    .as_ref()
                    .is_some_and(|u| u.source == UsageSource::Default && u.key != "monthly_hours")
            })
        })
        .map(|i| format!("{} {}", i.address, usd(i.priced_usd())))
        .collect();
    if !defaults.is_empty() {
        notes.push(format!(
            "Priced from tfready's default usage (edit tfready-usage.toml for real figures): {}.",
            defaults.join(", ")
        ));
    }
    let missing = estimate
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .count();
    if missing > 0 {
        notes.push(format!(
            "{missing} line(s) have a missing price: the real total is higher than {}.",
            usd(total)
        ));
    }
    if ipv4 > 0.0 {
        let without = total - ipv4;
        notes.push(format!(
            "Reconciliation: without the public IPv4 charge ({}) tfready's figure is {}, {}.",
            usd(ipv4),
            usd(without),
            spec.position(without)
        ));
        if standby > 0.0 && !spec.contains(without) {
            let single = without - standby;
            notes.push(format!(
                "Reconciliation: without the Multi-AZ standby ({}) as well, {}, {}.",
                usd(standby),
                usd(single),
                spec.position(single)
            ));
        }
    } else if standby > 0.0 && !spec.contains(total) {
        notes.push(format!(
            "Reconciliation: without the Multi-AZ standby ({}), {}, {}.",
            usd(standby),
            usd(total - standby),
            spec.position(total - standby)
        ));
    }
    estimate.notes.extend(notes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r = spec_current();
        assert!(r.contains(55.0) && r.contains(65.0) && !r.contains(65.02));
        assert_eq!(r.position(68.52), "$3.52 above the spec's range");
        assert_eq!(r.position(53.0), "$2.00 below the spec's range");
        assert_eq!(r.position(60.0), "within the spec's range");
    }

    #[test]
    fn spec_phase_ranges_are_those_of_section_5() {
        let phases = spec_phases();
        let texts: Vec<&str> = phases.iter().map(|p| p.range.text.as_str()).collect();
        assert_eq!(texts, ["+$7-12", "+$35-55", "+$40-60", "+$20-50"]);
        assert_eq!(spec_total_recommended().text, "$135-165");
        assert_eq!(spec_total_production().text, "$165-195");
        assert_eq!(spec_row(4).unwrap().cost, "16-20");
    }
}
