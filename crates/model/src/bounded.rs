//! Parsing with a time bound. hcl-edit 0.10 backtracks exponentially on
//! some malformed input with many unclosed brackets or template directives
//! (fuzzing found a 331-byte expression that takes seconds; a slightly
//! longer one takes hours). Input nested that deep is parsed on a thread
//! of its own, and given up (reported, the file skipped) when it takes
//! longer than the limit; ordinary files parse inline at no cost.

use std::sync::mpsc;
use std::time::Duration;

use hcl_edit::structure::Body;

/// Bracket depth up to which parsing stays fast (every blow-up the fuzzers
/// found nests 21 or deeper; real files rarely pass 10).
const SAFE_DEPTH: usize = 16;

pub(crate) enum BoundedError {
    Syntax(hcl_edit::parser::Error),
    TimedOut,
}

/// The deepest nesting of `(`, `[` and `{` (`${`, `%{` included) in
/// `text`: a cheap over-estimate, strings and comments are not skipped.
fn bracket_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Whether `text` takes the guarded path (exposed for the fuzz targets,
/// which call the parser directly).
pub fn needs_time_bound(text: &str) -> bool {
    bracket_depth(text) > SAFE_DEPTH
}

pub(crate) fn parse_body(text: &str, limit: Duration) -> Result<Body, BoundedError> {
    if !needs_time_bound(text) {
        return hcl_edit::parser::parse_body(text).map_err(BoundedError::Syntax);
    }
    let (tx, rx) = mpsc::channel();
    let owned = text.to_string();
    // Detached: a parse that never ends keeps its thread until the process
    // exits; the run goes on without the file.
    let spawned = std::thread::Builder::new()
        .name("tfready-parse".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(hcl_edit::parser::parse_body(&owned));
        });
    if spawned.is_err() {
        return Err(BoundedError::TimedOut);
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result.map_err(BoundedError::Syntax),
        Err(_) => Err(BoundedError::TimedOut),
    }
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
        assert_eq!(body.to_string(), text);
        let bad = format!("a = {}1\n", "(".repeat(20));
        assert!(matches!(
            parse_body(&bad, Duration::from_secs(30)),
            Err(BoundedError::Syntax(_))
        ));
    }
}
