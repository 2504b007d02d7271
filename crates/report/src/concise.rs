//! `--format concise`: one line a finding, like ruff's and tflint's compact
//! output, for grep, editors' quickfix lists and CI logs:
//! `file:line:col: ID [severity] slug: message`. Input errors come first,
//! as `file:line:col: error[code]: message`.

use std::io::{self, Write};

use tfready_model::DiagSeverity;

use crate::stream::Scrubbed;
use crate::Report;

pub fn write_concise(r: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = Scrubbed::new(r.project, out);
    let mut line = String::new();
    for d in r.diagnostics() {
        let kind = match d.severity {
            DiagSeverity::Error => "error",
            _ => "warning",
        };
        line.clear();
        line.push_str(&format!(
            "{}:{}:{}: {kind}[{}]: {}\n",
            d.location.file, d.location.line, d.location.column, d.code, d.message
        ));
        out.write_all(line.as_bytes())?;
    }
    for f in r.findings() {
        line.clear();
        line.push_str(&format!(
            "{}:{}:{}: {} [{}] {}: {}\n",
            f.location.file,
            f.location.line,
            f.location.column,
            f.rule.id,
            f.severity,
            f.rule.slug,
            f.message.replace('\n', " ")
        ));
        out.write_all(line.as_bytes())?;
    }
    out.finish()
}

pub fn render_concise(r: &Report<'_>) -> String {
    crate::to_string(|out| write_concise(r, out))
}
