//! Parsing with a time bound. hcl-edit 0.10 backtracks exponentially on
//! some malformed input with many unclosed brackets or template directives
//! (fuzzing found a 331-byte expression that takes seconds; a slightly
//! longer one takes hours). Input nested that deep is parsed on a thread
//! of its own, and given up (reported, the file skipped) when it takes
//! longer than the limit; ordinary files parse inline at no cost.

use std::sync::mpsc;
use std::time::Duration;

use crate::ast::Body;

/// Bracket depth up to which parsing stays fast (every blow-up the fuzzers
/// found nests 21 or deeper; real files rarely pass 10).
const SAFE_DEPTH: usize = 16;

pub(crate) enum BoundedError {
    Syntax(hcl_edit::parser::Error),
    TimedOut,
}

/// One pass over the brackets `(`, `[` and `{` (`${`, `%{` included; a
/// cheap over-estimate, strings and comments are not skipped): the deepest
/// nesting, or the 1-based line and column (in characters) where it first
/// passes `max` (the parser recurses: the loader reports and skips those).
pub(crate) fn nesting(text: &str, max: usize) -> Result<usize, (usize, usize)> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut line, mut col) = (1, 0);
    for c in text.chars() {
        col += 1;
        match c {
            '{' | '[' | '(' => {
                depth += 1;
                if depth > max {
                    return Err((line, col));
                }
                deepest = deepest.max(depth);
            }
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            '\n' => {
                line += 1;
                col = 0;
            }
            _ => {}
        }
    }
    Ok(deepest)
}

/// Whether `text` takes the guarded path (exposed for the fuzz targets,
/// which call the parser directly).
pub fn needs_time_bound(text: &str) -> bool {
    nesting(text, SAFE_DEPTH).is_err()
}

pub(crate) fn parse_body(text: &str, limit: Duration) -> Result<Body, BoundedError> {
    let depth = nesting(text, usize::MAX).unwrap_or(usize::MAX);
    parse_body_nested(text, depth, limit)
}

/// [`parse_body`] for a text whose bracket `depth` ([`nesting`]) is known.
pub(crate) fn parse_body_nested(
    text: &str,
    depth: usize,
    limit: Duration,
) -> Result<Body, BoundedError> {
    if depth <= SAFE_DEPTH {
        if let Some(body) = crate::ast::parse_body_direct(text) {
            return Ok(body);
        }
        // Converted at once: hcl-edit's tree is ~10x the size of tfready's.
        return hcl_edit::parser::parse_body(text)
            .map(crate::ast::convert_body)
            .map_err(BoundedError::Syntax);
    }
    let (tx, rx) = mpsc::channel();
    let owned = text.to_string();
    // Detached: a parse that never ends keeps its thread until the process
    // exits; the run goes on without the file.
    let spawned = std::thread::Builder::new()
        .name("tfready-parse".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(hcl_edit::parser::parse_body(&owned).map(crate::ast::convert_body));
        });
    if spawned.is_err() {
        return Err(BoundedError::TimedOut);
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result.map_err(BoundedError::Syntax),
        Err(_) => Err(BoundedError::TimedOut),
    }
}

/// The diagnostic for a file given up by [`parse_body`].
pub(crate) fn timed_out(display: &str, limits: &crate::Limits) -> crate::Diagnostic {
    crate::Diagnostic::error(
        "parse-timeout",
        crate::Location::file_only(display),
        format!(
            "parsing took longer than {} s (deeply nested brackets); file skipped",
            limits.max_parse_seconds
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_not_guarded() {
        assert!(!needs_time_bound("locals {\n  a = max((1 + 2) * (3))\n}\n"));
        assert!(needs_time_bound(&format!("a = {}1\n", "(".repeat(17))));
        assert!(needs_time_bound(&format!(
            "a = \"{}\"\n",
            "%{ if x ".repeat(17)
        )));
    }

    #[test]
    fn guarded_parse_gives_the_same_result() {
        let text = format!("a = {}1{}\n", "(".repeat(20), ")".repeat(20));
        let body = parse_body(&text, Duration::from_secs(30)).ok().unwrap();
        let inline = Body::from(hcl_edit::parser::parse_body(&text).unwrap());
        assert_eq!(body, inline);
        let bad = format!("a = {}1\n", "(".repeat(20));
        assert!(matches!(
            parse_body(&bad, Duration::from_secs(30)),
            Err(BoundedError::Syntax(_))
        ));
    }
}
