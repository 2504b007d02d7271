//! Small hcl-edit operations the fixers share. Removing a block keeps its
//! comments: they move onto what follows, with a note saying why.

use tfready_model::hcl_edit::expr::Expression;
use tfready_model::hcl_edit::parser::{parse_body, parse_expr};
use tfready_model::hcl_edit::structure::{Block, Body, Structure};
use tfready_model::hcl_edit::{Decorate, RawString};
pub use tfready_model::hcl_string;

/// The block `ident "labels"...` directly in `body`.
pub fn block_mut<'a>(body: &'a mut Body, ident: &str, labels: &[&str]) -> Option<&'a mut Block> {
    find_block_mut(body, |b| {
        b.ident.as_str() == ident
            && b.labels.len() == labels.len()
            && b.labels.iter().zip(labels).all(|(l, w)| l.as_str() == *w)
    })
}

/// The first block directly in `body` that `pick` accepts.
pub fn find_block_mut(body: &mut Body, pick: impl Fn(&Block) -> bool) -> Option<&mut Block> {
    let i = body.iter().position(|s| s.as_block().is_some_and(&pick))?;
    body.get_mut(i)?.as_block_mut()
}

/// A block as text, for comparing blocks by content.
pub fn block_text(b: &Block) -> String {
    // Without its own leading comments: removals elsewhere may move
    // comments onto it, and it must still match.
    let mut b = b.clone();
    b.decor_mut().clear();
    let mut body = Body::new();
    body.push(b);
    body.to_string().trim().to_string()
}

/// The block `ident "labels"...` directly in `body`, to read.
pub fn find_block<'a>(body: &'a Body, ident: &str, labels: &[&str]) -> Option<&'a Block> {
    body.blocks().find(|b| {
        b.ident.as_str() == ident
            && b.labels.len() == labels.len()
            && b.labels.iter().zip(labels).all(|(l, w)| l.as_str() == *w)
    })
}

pub fn has_block(body: &Body, ident: &str, labels: &[&str]) -> bool {
    find_block(body, ident, labels).is_some()
}

/// Appends the structures of an HCL snippet (written with its own
/// indentation and comments) at the end of `body`.
///
/// Snippets are built from templates and escaped values (`hcl_string`); one
/// that does not parse would be a bug in a fixer, and must not take the run
/// down on a user's input: the body is then left as it is (debug builds
/// and tests panic, to find the fixer).
pub fn push_snippet(body: &mut Body, snippet: &str) {
    let Some(parsed) = parsed_or_skip(snippet) else {
        return;
    };
    for s in parsed.into_iter() {
        body.push(s);
    }
}

/// A fixer's snippet, parsed; `None` (and a panic in debug builds) when it
/// does not parse.
fn parsed_or_skip(snippet: &str) -> Option<Body> {
    match parse_body(snippet) {
        Ok(b) => Some(b),
        Err(e) => {
            debug_assert!(
                false,
                "fix wrote a snippet that does not parse: {e}\n{snippet}"
            );
            None
        }
    }
}

/// Inserts the structures of an HCL snippet at position `at` of `body`.
pub fn insert_snippet(body: &mut Body, at: usize, snippet: &str) {
    let Some(parsed) = parsed_or_skip(snippet) else {
        return;
    };
    for (k, s) in parsed.into_iter().enumerate() {
        body.insert(at + k, s);
    }
}

/// Sets `key = expr` (replacing the value, keeping the key's place and
/// comments), or appends it with the given indentation.
pub fn set_attr(body: &mut Body, key: &str, expr: &str, indent: &str) -> bool {
    let Ok(new) = parse_expr(expr) else {
        debug_assert!(false, "fix wrote an expression that does not parse: {expr}");
        return false;
    };
    let new: Expression = new;
    if let Some(mut a) = body.get_attribute_mut(key) {
        if a.get().value.to_string().trim() == new.to_string().trim() {
            return false;
        }
        let decor = a.value_mut().decor().clone();
        *a.value_mut() = new;
        *a.value_mut().decor_mut() = decor;
        align(body);
        return true;
    }
    push_snippet(body, &format!("{indent}{key} = {expr}\n"));
    align(body);
    true
}

/// Lines up the `=` of consecutive attributes in `body` (not in nested
/// blocks) the way `terraform fmt` does: a blank line, a comment line or a
/// block ends a group, and so does the end of a multi-line value.
pub fn align(body: &mut Body) {
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    for i in 0..body.len() {
        let Some(a) = body.get(i).and_then(Structure::as_attribute) else {
            groups.push(Vec::new());
            continue;
        };
        // A line's own newline is not decor: a newline here is a blank
        // line or a comment line.
        let prefix = a
            .decor()
            .prefix()
            .map(|p| p.to_string())
            .unwrap_or_default();
        if prefix.contains('\n') || prefix.contains('#') {
            groups.push(Vec::new());
        }
        let multi_line = a.value.to_string().contains('\n');
        groups.last_mut().expect("never empty").push(i);
        if multi_line {
            groups.push(Vec::new());
        }
    }
    for g in groups {
        let width = g
            .iter()
            .filter_map(|&i| body.get(i).and_then(Structure::as_attribute))
            .map(|a| a.key.as_str().len())
            .max()
            .unwrap_or(0);
        for i in g {
            if let Some(a) = body.get_mut(i).and_then(Structure::as_attribute_mut) {
                let pad = width + 1 - a.key.as_str().len();
                a.key
                    .decor_mut()
                    .set_suffix(RawString::from(" ".repeat(pad)));
            }
        }
    }
}

/// Replaces the block `pick` selects with the blocks of `snippet`, in the
/// same place; the old block's comments stay above, with a note.
pub fn replace_block(
    body: &mut Body,
    note: &str,
    snippet: &str,
    pick: impl Fn(&Block) -> bool,
) -> bool {
    let Some(i) = body.iter().position(|s| s.as_block().is_some_and(&pick)) else {
        return false;
    };
    let old = body.remove(i);
    let prefix = old
        .decor()
        .prefix()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let Some(parsed) = parsed_or_skip(snippet) else {
        body.insert(i, old);
        return false;
    };
    let mut new: Vec<Structure> = parsed.into_iter().collect();
    if let Some(first) = new.first_mut() {
        let own = first
            .decor()
            .prefix()
            .map(|p| p.to_string())
            .unwrap_or_default();
        let own = own.trim_start_matches('\n');
        first.decor_mut().set_prefix(RawString::from(format!(
            "{prefix}# tfready: replaced {}: {note}\n{own}",
            summary(&old)
        )));
    }
    for (k, s) in new.into_iter().enumerate() {
        body.insert(i + k, s);
    }
    true
}

/// Removes the structures `pick` selects. Their leading comments, and a
/// note saying what was removed and why, are kept on the next structure
/// (or at the end), so no comment of the user's is lost.
pub fn remove_where(body: &mut Body, note: &str, pick: impl Fn(&Structure) -> bool) -> usize {
    let mut removed = 0;
    let mut carry = String::new();
    let mut i = 0;
    while i < body.len() {
        if pick(body.get(i).expect("in range")) {
            let s = body.remove(i);
            let prefix = s
                .decor()
                .prefix()
                .map(|p| p.to_string())
                .unwrap_or_default();
            let indent: String = prefix
                .rsplit('\n')
                .next()
                .unwrap_or("")
                .chars()
                .take_while(|c| *c == ' ')
                .collect();
            let comments: String = prefix
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| format!("{l}\n"))
                .collect();
            carry.push_str(&comments);
            carry.push_str(&format!(
                "{indent}# tfready: removed {}: {note}\n",
                summary(&s)
            ));
            removed += 1;
            continue;
        }
        if !carry.is_empty() {
            prepend_comment(body.get_mut(i).expect("in range"), &carry);
            carry.clear();
        }
        i += 1;
    }
    if removed > 0 {
        align(body);
    }
    if !carry.is_empty() {
        // Nothing follows: keep the comments after the last structure.
        let n = body.len();
        if let Some(last) = n.checked_sub(1).and_then(|i| body.get_mut(i)) {
            let suffix = last
                .decor()
                .suffix()
                .map(|s| s.to_string())
                .unwrap_or_default();
            let text: String = carry.lines().map(|l| format!("\n{l}")).collect();
            last.decor_mut()
                .set_suffix(RawString::from(format!("{suffix}{text}")));
        }
    }
    removed
}

fn prepend_comment(s: &mut Structure, comments: &str) {
    let prefix = s
        .decor()
        .prefix()
        .map(|p| p.to_string())
        .unwrap_or_default();
    // Keep a blank line before the carried comments if there was one.
    let (lead, rest) = match prefix.rfind('\n') {
        Some(i) => prefix.split_at(i + 1),
        None => ("", prefix.as_str()),
    };
    s.decor_mut()
        .set_prefix(RawString::from(format!("{lead}{comments}{rest}")));
}

/// One line saying what a structure was: `ingress ("SSH", 22, 22, "tcp",
/// var.ssh_allowed_cidr)` or `password = var.db_password`. Values of
/// secret-named attributes are never shown.
pub fn summary(s: &Structure) -> String {
    let value = |key: &str, v: &Expression| {
        if tfready_model::secrets::looks_secret(key) && v.as_str().is_some() {
            tfready_model::REDACTED.to_string()
        } else {
            v.to_string().trim().to_string()
        }
    };
    match s {
        Structure::Attribute(a) => {
            format!("{} = {}", a.key.as_str(), value(a.key.as_str(), &a.value))
        }
        Structure::Block(b) => {
            let parts: Vec<String> = b
                .body
                .attributes()
                .take(5)
                .map(|a| value(a.key.as_str(), &a.value))
                .collect();
            let labels: String = b
                .labels
                .iter()
                .map(|l| format!(" {:?}", l.as_str()))
                .collect();
            format!("{}{labels} ({})", b.ident.as_str(), parts.join(", "))
        }
    }
}

/// Puts comment lines above the attribute `key` (after any comments it has).
pub fn comment_above(body: &mut Body, key: &str, lines: &[String]) {
    let Some(i) = body
        .iter()
        .position(|s| s.as_attribute().is_some_and(|a| a.key.as_str() == key))
    else {
        return;
    };
    let s = body.get_mut(i).expect("found above");
    let prefix = s
        .decor()
        .prefix()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let (lead, indent) = match prefix.rfind('\n') {
        Some(k) => prefix.split_at(k + 1),
        None => ("", prefix.as_str()),
    };
    let text: String = lines.iter().map(|l| format!("{indent}# {l}\n")).collect();
    s.decor_mut()
        .set_prefix(RawString::from(format!("{lead}{text}{indent}")));
    // The comment starts a new alignment group.
    align(body);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(text: &str) -> String {
        let mut body = parse_body(text).unwrap();
        align(&mut body);
        body.to_string()
    }

    #[test]
    fn align_groups_like_terraform_fmt() {
        // A blank line, a comment line and a block end a group; so does the
        // end of a multi-line value (its own key still joins the group above).
        let text = "a = 1\nlonger = 2\n\nb = 3\nbbbb = 4\n# c\nc = 5\nm = merge({\n  x = 1\n})\nafter = 6\nz {}\ny = 7\n";
        let want = "a      = 1\nlonger = 2\n\nb    = 3\nbbbb = 4\n# c\nc = 5\nm = merge({\n  x = 1\n})\nafter = 6\nz {}\ny = 7\n";
        assert_eq!(aligned(text), want);
    }

    #[test]
    fn set_attr_appends_in_line_with_its_group() {
        let mut body = parse_body("  port = 1\n  identifier = \"x\"\n").unwrap();
        assert!(set_attr(&mut body, "monitoring_interval", "60", "  "));
        assert!(!set_attr(&mut body, "monitoring_interval", "60", "  "));
        assert_eq!(
            body.to_string(),
            "  port                = 1\n  identifier          = \"x\"\n  monitoring_interval = 60\n"
        );
    }
}

/// A name as S3 allows it in a bucket name: lower-case letters, digits and
/// single hyphens.
pub fn bucket_safe(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod escaping_tests {
    use super::*;

    #[test]
    fn hostile_values_stay_one_string() {
        let s = hcl_string("acme\"web ${x} %{ if } \\ \n");
        assert_eq!(s, "\"acme\\\"web $${x} %%{ if } \\\\ \\n\"");
        let parsed = parse_expr(&s).unwrap();
        assert_eq!(parsed.as_str(), Some("acme\"web ${x} %{ if } \\ \n"));
        assert_eq!(bucket_safe("Acme\"Web__Shop"), "acme-web-shop");
    }
}
