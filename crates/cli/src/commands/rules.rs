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
            print(&explain_rule(r));
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
