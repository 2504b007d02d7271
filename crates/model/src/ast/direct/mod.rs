//! HCL text straight into tfready's tree, without hcl-edit's tree in
//! between: about half of loading was hcl-edit building nodes (decor,
//! spans, backtracking) that the conversion then threw away.
//!
//! It reads the shapes real Terraform is made of (blocks, attributes,
//! strings with interpolations, numbers, lists, objects, calls, traversals,
//! operators, conditionals, `for` expressions) and gives up, returning
//! `None`, on anything else: heredocs, template directives, strip markers,
//! comments inside expressions, non-ASCII identifiers, line breaks where
//! hcl-edit's answer would depend on its parser state, and every syntax
//! error. The caller then parses the file with hcl-edit, which stays the
//! reference: for every file both accept, the trees are equal, spans
//! included (`tests/direct_parse.rs` holds it to that on every `.tf` file
//! in the repository).

mod collections;
mod expr;
mod string;

use super::convert::name;
use super::*;

type R<T> = Option<T>;

/// Nested expressions and chained binary operators past these are left to
/// hcl-edit, which refuses 64 nested levels and 128 chained operators
/// (nesting counted a little differently: block bodies count there too).
const MAX_DEPTH: usize = 40;
const MAX_CHAIN: usize = 100;

/// What [`Parser::ahead`] sees at `..` (`...` is not a traversal).
const ELLIPSIS: u8 = 1;

/// The next significant byte ([`ELLIPSIS`] for `..`) and the one after it,
/// and whether only spaces and tabs come before them.
struct Ahead {
    next: u8,
    second: u8,
    only_spaces: bool,
}

impl Ahead {
    /// Whether a binary operator starts here, as hcl-edit decides it: `==`,
    /// or one of `!<>+-*/%&|` not starting a comment.
    fn binary(&self) -> bool {
        let (a, b) = (self.next, self.second);
        !(a == b'/' && (b == b'/' || b == b'*'))
            && ((a == b'=' && b == b'=') || b"!<>+-*/%&|".contains(&a))
    }
}

pub(super) fn parse_body(text: &str) -> R<Body> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    let body = p.body(true)?;
    (p.i == p.s.len()).then_some(body)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    /// Expressions and unary operators open around the cursor.
    depth: usize,
}

/// The keys of one body or object, by their source text, to find one given
/// twice: a scan while there are few, a hash set once there are many (a
/// generated `locals` block or map can hold thousands).
#[derive(Default)]
struct Keys<'a> {
    few: Vec<&'a str>,
    many: std::collections::HashSet<&'a str>,
}

impl<'a> Keys<'a> {
    /// False when `key` is already there.
    fn insert(&mut self, key: &'a str) -> bool {
        if !self.many.is_empty() {
            return self.many.insert(key);
        }
        if self.few.contains(&key) {
            return false;
        }
        self.few.push(key);
        if self.few.len() > 16 {
            self.many.extend(self.few.drain(..));
        }
        true
    }
}

fn at(start: usize, end: usize) -> ByteRange {
    ByteRange::from_range(Some(start..end))
}

fn id_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn id_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl<'a> Parser<'a> {
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn peek_at(&self, n: usize) -> u8 {
        self.s.get(self.i + n).copied().unwrap_or(0)
    }

    fn starts(&self, prefix: &[u8]) -> bool {
        self.s[self.i..].starts_with(prefix)
    }

    fn eat(&mut self, c: u8) -> R<()> {
        (self.peek() == c).then(|| self.i += 1)
    }

    /// Spaces and tabs (hcl-edit's `sp` also takes `/* */` comments: those
    /// are given up on).
    fn sp(&mut self) -> R<()> {
        while matches!(self.peek(), b' ' | b'\t') {
            self.i += 1;
        }
        (!self.starts(b"/*")).then_some(())
    }

    /// Whitespace, line breaks and comments (hcl-edit's `ws`); none when a
    /// `/*` comment is not closed or a line comment holds a lone `\r`.
    fn ws(&mut self) -> R<()> {
        loop {
            match self.peek() {
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                b'#' => {
                    self.line_comment()?;
                }
                b'/' if self.peek_at(1) == b'/' => {
                    self.line_comment()?;
                }
                b'/' if self.peek_at(1) == b'*' => match self.text[self.i + 2..].find("*/") {
                    Some(n) => self.i += n + 4,
                    None => return None,
                },
                _ => return Some(()),
            }
        }
    }

    /// A `#` or `//` comment up to its line ending; none when a `\r` in it
    /// is not part of a `\r\n` (hcl-edit refuses that).
    fn line_comment(&mut self) -> R<()> {
        let rest = &self.s[self.i..];
        self.i += rest
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .unwrap_or(rest.len());
        (self.peek() != b'\r' || self.peek_at(1) == b'\n').then_some(())
    }

    /// A `#` or `//` comment ending the line, if there.
    fn trailing_comment(&mut self) -> R<()> {
        if self.peek() == b'#' || self.starts(b"//") {
            self.line_comment()?;
        }
        Some(())
    }

    /// Consumes a line ending (`\n` or `\r\n`; a lone `\r` is none).
    fn line_ending(&mut self) -> bool {
        let len = match (self.peek(), self.peek_at(1)) {
            (b'\n', _) => 1,
            (b'\r', b'\n') => 2,
            _ => return false,
        };
        self.i += len;
        true
    }

    /// What follows the cursor after whitespace and comments; the position
    /// is left alone.
    fn ahead(&mut self) -> Ahead {
        let start = self.i;
        while matches!(self.peek(), b' ' | b'\t') {
            self.i += 1;
        }
        let comment = self.peek() == b'/' && matches!(self.peek_at(1), b'/' | b'*');
        let only_spaces = !(comment || matches!(self.peek(), b'\r' | b'\n' | b'#'));
        let (mut next, second) = match self.ws() {
            Some(()) => (self.peek(), self.peek_at(1)),
            None => (0, 0),
        };
        if next == b'.' && second == b'.' {
            next = ELLIPSIS;
        }
        self.i = start;
        Ahead {
            next,
            second,
            only_spaces,
        }
    }

    fn ident(&mut self) -> R<(Name, usize)> {
        let start = self.i;
        if !id_start(self.peek()) {
            return None;
        }
        while id_continue(self.peek()) {
            self.i += 1;
        }
        if self.peek() >= 0x80 {
            return None;
        }
        Some((name(&self.text[start..self.i]), start))
    }

    fn body(&mut self, top: bool) -> R<Body> {
        let mut structures: Vec<Structure> = Vec::new();
        let mut keys = Keys::default();
        let text = self.text;
        loop {
            self.ws()?;
            match self.peek() {
                0 if top => break,
                b'}' if !top => break,
                0 | b'}' => return None,
                _ => {}
            }
            let s = self.structure()?;
            if let Structure::Attribute(a) = &s {
                let start = a.sp.range()?.start;
                if !keys.insert(&text[start..start + a.key.len()]) {
                    return None; // hcl-edit: "redefined attribute"
                }
            }
            structures.push(s);
            self.sp()?;
            self.trailing_comment()?;
            let at_end = top && self.peek() == 0;
            if !(at_end || self.line_ending()) {
                return None;
            }
        }
        Some(Body {
            structures: structures.into_boxed_slice(),
        })
    }

    fn structure(&mut self) -> R<Structure> {
        let (ident, start) = self.ident()?;
        self.sp()?;
        match self.peek() {
            b'=' => {
                let attr = self.attribute_value(ident, start)?;
                Some(Structure::Attribute(attr))
            }
            b'{' | b'"' => self.block(ident, start),
            c if id_start(c) => self.block(ident, start),
            _ => None,
        }
    }

    /// From the `=` on: `key = expression`.
    fn attribute_value(&mut self, key: Name, start: usize) -> R<Attribute> {
        self.eat(b'=')?;
        self.sp()?;
        let value = self.expr(false)?;
        Some(Attribute {
            key: Ident(key),
            value,
            sp: at(start, self.i),
        })
    }

    fn block(&mut self, ident: Name, start: usize) -> R<Structure> {
        let mut labels = Vec::new();
        while self.peek() != b'{' {
            let label = match self.peek() {
                b'"' => self.plain_string()?,
                _ => self.ident()?.0,
            };
            labels.push(BlockLabel(label));
            self.sp()?;
        }
        self.i += 1;
        let open = self.i;
        self.sp()?;
        self.trailing_comment()?;
        // A line ending opens a body of lines; anything else is a one-line
        // block.
        let body = if self.line_ending() {
            self.body(false)?
        } else {
            // One line: `{}` or `{ key = value }`.
            self.i = open;
            self.sp()?;
            if self.peek() == b'}' {
                Body::default()
            } else {
                let (key, at_key) = self.ident()?;
                self.sp()?;
                let attr = self.attribute_value(key, at_key)?;
                self.sp()?;
                Body {
                    structures: Box::new([Structure::Attribute(attr)]),
                }
            }
        };
        self.eat(b'}')?;
        Some(Structure::Block(Block {
            ident: Ident(ident),
            labels: labels.into_boxed_slice(),
            body,
            sp: at(start, self.i),
        }))
    }
}
