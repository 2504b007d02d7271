//! `tfready rules` and `tfready explain`.

use tfready_rules::{
    decisions_markdown, explain as explain_rule, find_rule, rules_markdown, RULES,
};

use crate::args::{ExplainArgs, RulesArgs};
use crate::exit;
use crate::output::{error, print};

pub fn run(args: &RulesArgs) -> u8 {
    if args.decisions {
        print(&decisions_markdown());
        return exit::OK;
    }
    if args.markdown {
        print(&rules_markdown());
        return exit::OK;
    }
    let mut s = String::new();
    for r in RULES {
        let m = r.meta;
        s.push_str(&format!(
            "{:<7} {:<32} {:<8} phase {:<9} {}\n",
            m.id,
            m.slug,
            m.severity.as_str(),
            m.phase.as_str(),
            m.title
        ));
    }
    print(&s);
    exit::OK
}

pub fn explain(args: &ExplainArgs) -> u8 {
    match find_rule(&args.rule) {
        Some(r) => {
            let md = explain_rule(r);
            print(&if args.markdown { md } else { for_terminal(&md) });
            exit::OK
        }
        None => {
            error(&format!(
                "no rule {:?}; `tfready rules` lists them",
                args.rule
            ));
            exit::INPUT
        }
    }
}

/// Markdown as a terminal shows it: headings underlined, the property table
/// as aligned `Name: value` lines, emphasis and link brackets dropped, code
/// blocks indented.
fn for_terminal(md: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut table: Vec<(String, String)> = Vec::new();
    let flush = |table: &mut Vec<(String, String)>, out: &mut String| {
        let w = table
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in table.drain(..) {
            out.push_str(&format!("  {k:<w$}  {v}\n"));
        }
    };
    for line in md.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("    {line}\n"));
            continue;
        }
        if let Some(row) = line.strip_prefix('|') {
            let cells: Vec<&str> = row
                .trim_end_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            if let [k, v] = cells.as_slice() {
                if !k.is_empty() && !k.starts_with("---") {
                    table.push((k.replace('`', ""), v.to_string()));
                }
            }
            continue;
        }
        flush(&mut table, &mut out);
        let text = autolinks(&line.replace("**", ""));
        if let Some(h) = text
            .strip_prefix("### ")
            .or_else(|| text.strip_prefix("# "))
        {
            out.push_str(&format!("{h}\n{}\n", "-".repeat(h.chars().count())));
        } else {
            out.push_str(&text);
            out.push('\n');
        }
    }
    flush(&mut table, &mut out);
    out
}

/// `<https://...>` as the bare address.
fn autolinks(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("<http") {
        let Some(end) = rest[i..].find('>') else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push_str(&rest[i + 1..i + end]);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}
