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

use super::convert::name;
use super::*;
use hcl_edit::expr::{BinaryOperator as Bin, UnaryOperator as Un};

type R<T> = Option<T>;

/// Unary operators and binary chains deeper than this are left to hcl-edit
/// (it refuses 64 nested levels and 128 chained operators).
const MAX_UNARY: usize = 32;
const MAX_CHAIN: usize = 100;

/// What [`Parser::ahead`] sees at `..` (`...` is not a traversal).
const ELLIPSIS: u8 = 1;

pub(super) fn parse_body(text: &str) -> R<Body> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        unary: 0,
    };
    let body = p.body(true)?;
    (p.i == p.s.len()).then_some(body)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    unary: usize,
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

    /// Whitespace, line breaks and comments (hcl-edit's `ws`); false when a
    /// `/*` comment is not closed.
    fn ws(&mut self) -> bool {
        loop {
            match self.peek() {
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                b'#' => self.line_comment(),
                b'/' if self.peek_at(1) == b'/' => self.line_comment(),
                b'/' if self.peek_at(1) == b'*' => match self.text[self.i + 2..].find("*/") {
                    Some(n) => self.i += n + 4,
                    None => return false,
                },
                _ => return true,
            }
        }
    }

    fn line_comment(&mut self) {
        self.i += self.s[self.i..]
            .iter()
            .position(|&c| c == b'\n')
            .unwrap_or(self.s.len() - self.i);
        // A `\r` before the `\n` belongs to the line ending.
        if self.i > 0 && self.s[self.i - 1] == b'\r' && self.i < self.s.len() {
            self.i -= 1;
        }
    }

    /// The next significant byte after whitespace and comments ([`ELLIPSIS`]
    /// for `..`), and whether only spaces and tabs came before it; the
    /// position is left alone.
    fn ahead(&mut self) -> (u8, bool) {
        let start = self.i;
        while matches!(self.peek(), b' ' | b'\t') {
            self.i += 1;
        }
        let comment = self.peek() == b'/' && matches!(self.peek_at(1), b'/' | b'*');
        let only_spaces = !(comment || matches!(self.peek(), b'\r' | b'\n' | b'#'));
        let mut next = if self.ws() { self.peek() } else { 0 };
        if next == b'.' && self.peek_at(1) == b'.' {
            next = ELLIPSIS;
        }
        self.i = start;
        (next, only_spaces)
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

    // ---- structures ----

    fn body(&mut self, top: bool) -> R<Body> {
        let mut structures: Vec<Structure> = Vec::new();
        loop {
            if !self.ws() {
                return None;
            }
            match self.peek() {
                0 if top => break,
                b'}' if !top => break,
                0 | b'}' => return None,
                _ => {}
            }
            let s = self.structure()?;
            if let Structure::Attribute(a) = &s {
                if structures
                    .iter()
                    .filter_map(Structure::as_attribute)
                    .any(|b| b.key.as_str() == a.key.as_str())
                {
                    return None; // hcl-edit: "redefined attribute"
                }
            }
            structures.push(s);
            self.sp()?;
            if matches!(self.peek(), b'#') || self.starts(b"//") {
                self.line_comment();
            }
            match self.peek() {
                b'\n' => self.i += 1,
                b'\r' if self.peek_at(1) == b'\n' => self.i += 2,
                0 if top => {}
                _ => return None,
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
        if self.peek() == b'#' || self.starts(b"//") {
            self.line_comment();
        }
        let body = if matches!(self.peek(), b'\n' | b'\r') {
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

    // ---- expressions ----

    /// An expression: terms joined by binary operators, then perhaps a
    /// conditional. `nl`: line breaks may sit between the parts (inside
    /// brackets, arguments, interpolations).
    fn expr(&mut self, nl: bool) -> R<Expression> {
        let start = self.i;
        let mut e = self.term(nl)?;
        loop {
            let (next, only_spaces) = self.ahead();
            let continues = next == b'?' || self.binary_ahead();
            if !continues {
                return Some(e);
            }
            if !nl && !only_spaces {
                return None; // hcl-edit's answer depends on its state
            }
            self.ws();
            if self.peek() == b'?' {
                self.i += 1;
                self.ws();
                let true_expr = self.expr(true)?;
                self.ws();
                self.eat(b':')?;
                self.ws();
                let false_expr = self.expr(true)?;
                return Some(Expression::Conditional(Box::new(Conditional {
                    cond_expr: e,
                    true_expr,
                    false_expr,
                    sp: at(start, self.i),
                })));
            }
            e = self.binary_chain(e, nl)?;
        }
    }

    /// Whether a binary operator follows (after whitespace), as hcl-edit
    /// decides it: `==`, or one of `!<>+-*/%&|` not starting a comment.
    fn binary_ahead(&mut self) -> bool {
        let start = self.i;
        let found = self.ws() && {
            let (a, b) = (self.peek(), self.peek_at(1));
            !(a == b'/' && (b == b'/' || b == b'*'))
                && ((a == b'=' && b == b'=') || b"!<>+-*/%&|".contains(&a))
        };
        self.i = start;
        found
    }

    fn operator(&mut self) -> R<Bin> {
        let (a, b) = (self.peek(), self.peek_at(1));
        let (op, len) = match (a, b) {
            (b'=', b'=') => (Bin::Eq, 2),
            (b'!', b'=') => (Bin::NotEq, 2),
            (b'<', b'=') => (Bin::LessEq, 2),
            (b'>', b'=') => (Bin::GreaterEq, 2),
            (b'&', b'&') => (Bin::And, 2),
            (b'|', b'|') => (Bin::Or, 2),
            (b'<', _) => (Bin::Less, 1),
            (b'>', _) => (Bin::Greater, 1),
            (b'+', _) => (Bin::Plus, 1),
            (b'-', _) => (Bin::Minus, 1),
            (b'*', _) => (Bin::Mul, 1),
            (b'/', c) if c != b'/' && c != b'*' => (Bin::Div, 1),
            (b'%', _) => (Bin::Mod, 1),
            _ => return None,
        };
        self.i += len;
        Some(op)
    }

    /// `first op term op term ...`, folded by precedence (all operators
    /// associate to the left), each node spanning its operands.
    fn binary_chain(&mut self, first: Expression, nl: bool) -> R<Expression> {
        let mut terms = vec![first];
        let mut ops: Vec<Decorated<Bin>> = Vec::new();
        loop {
            let save = self.i;
            let (_, only_spaces) = self.ahead();
            if !self.binary_ahead() {
                break;
            }
            if !nl && !only_spaces {
                return None;
            }
            self.ws();
            let op_start = self.i;
            let Some(op) = self.operator() else {
                if ops.is_empty() {
                    return None;
                }
                self.i = save;
                break;
            };
            ops.push(Decorated::at(op, at(op_start, self.i)));
            if ops.len() > MAX_CHAIN {
                return None;
            }
            let (_, only_spaces) = self.ahead();
            if !nl && !only_spaces {
                return None;
            }
            self.ws();
            terms.push(self.term(nl)?);
        }
        Some(fold(terms, ops))
    }

    /// An expression term and the traversal after it.
    fn term(&mut self, nl: bool) -> R<Expression> {
        let start = self.i;
        let e = match self.peek() {
            b'"' => self.string()?,
            b'[' => self.array()?,
            b'{' => self.object()?,
            b'0'..=b'9' => self.number(false, start)?,
            b'-' => {
                let save = self.i;
                self.i += 1;
                self.sp()?;
                if self.peek().is_ascii_digit() {
                    self.number(true, start)?
                } else {
                    self.i = save;
                    self.unary(Un::Neg, nl)?
                }
            }
            b'!' => self.unary(Un::Not, nl)?,
            b'(' => {
                self.i += 1;
                self.ws();
                let inner = self.expr(true)?;
                self.ws();
                self.eat(b')')?;
                Expression::Parenthesis(Box::new(Parenthesis {
                    inner,
                    sp: at(start, self.i),
                }))
            }
            c if id_start(c) => self.identlike(start)?,
            _ => return None,
        };
        let mut operators = Vec::new();
        loop {
            match (self.peek(), self.peek_at(1)) {
                (b'.', b'.') => break,
                (b'.', _) => {
                    let op_start = self.i;
                    self.i += 1;
                    let op = match self.peek() {
                        b'*' => {
                            self.i += 1;
                            TraversalOperator::AttrSplat(Decorated::at((), at(self.i - 1, self.i)))
                        }
                        b'0'..=b'9' => {
                            let digits = self.i;
                            while self.peek().is_ascii_digit() {
                                self.i += 1;
                            }
                            if id_continue(self.peek()) || self.peek() >= 0x80 {
                                return None;
                            }
                            let n = self.text[digits..self.i].parse::<u64>().ok()?;
                            TraversalOperator::LegacyIndex(Decorated::at(n, at(digits, self.i)))
                        }
                        _ => {
                            let (key, key_at) = self.ident()?;
                            TraversalOperator::GetAttr(Decorated::at(
                                Ident(key),
                                at(key_at, self.i),
                            ))
                        }
                    };
                    operators.push(Decorated::at(op, at(op_start, self.i)));
                }
                (b'[', _) => {
                    let op_start = self.i;
                    self.i += 1;
                    self.ws();
                    let op = if self.peek() == b'*' {
                        self.i += 1;
                        TraversalOperator::FullSplat(Decorated::at((), at(self.i - 1, self.i)))
                    } else {
                        TraversalOperator::Index(self.expr(true)?)
                    };
                    self.ws();
                    self.eat(b']')?;
                    operators.push(Decorated::at(op, at(op_start, self.i)));
                }
                _ => break,
            }
        }
        // hcl-edit also reads a traversal after whitespace: given up on.
        if matches!(self.ahead().0, b'.' | b'[') {
            return None;
        }
        if operators.is_empty() {
            return Some(e);
        }
        Some(Expression::Traversal(Box::new(Traversal {
            expr: e,
            operators: operators.into_boxed_slice(),
            sp: at(start, self.i),
        })))
    }

    fn unary(&mut self, op: Un, nl: bool) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        self.sp()?;
        self.unary += 1;
        if self.unary > MAX_UNARY {
            return None;
        }
        let expr = self.term(nl);
        self.unary -= 1;
        Some(Expression::UnaryOp(Box::new(UnaryOp {
            operator: Decorated::at(op, at(start, start + 1)),
            expr: expr?,
            sp: at(start, self.i),
        })))
    }

    /// A number from the cursor (just after the `-` and spaces when
    /// `negative`), read as hcl-edit reads it: an integer when it fits
    /// `u64`, a float otherwise.
    fn number(&mut self, negative: bool, start: usize) -> R<Expression> {
        let digits = self.i;
        while self.peek().is_ascii_digit() {
            self.i += 1;
        }
        let mut float = false;
        if self.peek() == b'.' && self.peek_at(1).is_ascii_digit() {
            float = true;
            self.i += 1;
            while self.peek().is_ascii_digit() {
                self.i += 1;
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            float = true;
            self.i += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.i += 1;
            }
            if !self.peek().is_ascii_digit() {
                return None;
            }
            while self.peek().is_ascii_digit() {
                self.i += 1;
            }
        }
        if id_continue(self.peek()) || self.peek() >= 0x80 || self.peek() == b'.' {
            return None;
        }
        let text = &self.text[digits..self.i];
        let n = match (float, text.parse::<u64>()) {
            (false, Ok(n)) => Number::from(n),
            _ => Number::from_f64(text.parse::<f64>().ok()?)?,
        };
        let n = if negative { -n } else { n };
        Some(Expression::Number(Decorated::at(n, at(start, self.i))))
    }

    fn identlike(&mut self, start: usize) -> R<Expression> {
        let (first, _) = self.ident()?;
        let first_at = at(start, self.i);
        if self.peek() == b'(' || self.starts(b"::") {
            let mut parts = vec![Decorated::at(Ident(first), first_at)];
            while self.starts(b"::") {
                self.i += 2;
                let (part, part_at) = self.ident()?;
                parts.push(Decorated::at(Ident(part), at(part_at, self.i)));
            }
            let name = parts.pop()?;
            let (args, expand_final) = self.args()?;
            return Some(Expression::FuncCall(Box::new(FuncCall {
                name: FuncName {
                    namespace: parts.into_boxed_slice(),
                    name,
                },
                args: FuncArgs {
                    args: args.into_boxed_slice(),
                    expand_final,
                },
                sp: at(start, self.i),
            })));
        }
        if self.ahead().0 == b'(' {
            return None; // a call with a space before its `(`
        }
        Some(match first.as_str() {
            "null" => Expression::Null(Decorated::at((), first_at)),
            "true" => Expression::Bool(Decorated::at(true, first_at)),
            "false" => Expression::Bool(Decorated::at(false, first_at)),
            _ => Expression::Variable(Decorated::at(Ident(first), first_at)),
        })
    }

    /// `(a, b, c...)`: the arguments and whether the last is expanded.
    fn args(&mut self) -> R<(Vec<Expression>, bool)> {
        self.eat(b'(')?;
        let mut args = Vec::new();
        self.ws();
        if self.eat(b')').is_some() {
            return Some((args, false));
        }
        loop {
            if matches!(self.peek(), b',' | b'.' | b')') {
                return None;
            }
            args.push(self.expr(true)?);
            self.ws();
            match self.peek() {
                b',' => {
                    self.i += 1;
                    self.ws();
                    if self.eat(b')').is_some() {
                        return Some((args, false));
                    }
                }
                b'.' if self.starts(b"...") => {
                    self.i += 3;
                    self.ws();
                    self.eat(b')')?;
                    return Some((args, true));
                }
                b')' => {
                    self.i += 1;
                    return Some((args, false));
                }
                _ => return None,
            }
        }
    }

    /// After `[` or `{`: whether a `for` expression starts (hcl-edit's
    /// test: `for` and then a space, tab, newline or comment).
    fn for_ahead(&mut self) -> bool {
        let start = self.i;
        let found = self.ws() && self.starts(b"for") && b" \t#/\n".contains(&self.peek_at(3));
        self.i = start;
        found
    }

    fn keyword(&mut self, word: &[u8]) -> R<()> {
        (self.starts(word) && matches!(self.peek_at(word.len()), b' ' | b'\t' | b'\n'))
            .then(|| self.i += word.len())
    }

    /// `for k, v in collection :`
    fn for_intro(&mut self) -> R<ForIntro> {
        self.ws();
        self.keyword(b"for")?;
        self.ws();
        let (first, first_at) = self.ident()?;
        let first = Decorated::at(Ident(first), at(first_at, self.i));
        self.ws();
        let mut key_var = None;
        let mut value_var = first;
        if self.eat(b',').is_some() {
            self.ws();
            let (second, second_at) = self.ident()?;
            key_var = Some(value_var);
            value_var = Decorated::at(Ident(second), at(second_at, self.i));
            self.ws();
        }
        self.keyword(b"in")?;
        self.ws();
        let collection_expr = self.expr(false)?;
        self.ws();
        self.eat(b':')?;
        Some(ForIntro {
            key_var,
            value_var,
            collection_expr,
        })
    }

    /// `if cond` at the end of a `for` expression, if there.
    fn for_cond(&mut self) -> R<Option<ForCond>> {
        self.ws();
        if self.keyword(b"if").is_none() {
            return Some(None);
        }
        self.ws();
        let expr = self.expr(true)?;
        self.ws();
        Some(Some(ForCond { expr }))
    }

    fn array(&mut self) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        if self.for_ahead() {
            let intro = self.for_intro()?;
            self.ws();
            let value_expr = self.expr(true)?;
            let cond = self.for_cond()?;
            self.eat(b']')?;
            return Some(Expression::ForExpr(Box::new(ForExpr {
                intro,
                key_expr: None,
                value_expr,
                grouping: false,
                cond,
                sp: at(start, self.i),
            })));
        }
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.eat(b']').is_some() {
                break;
            }
            items.push(self.expr(true)?);
            self.ws();
            match self.peek() {
                b',' => self.i += 1,
                b']' => {}
                _ => return None,
            }
        }
        Some(Expression::Array(Array {
            items: items.into_boxed_slice(),
            sp: at(start, self.i),
        }))
    }

    fn object(&mut self) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        if self.for_ahead() {
            let intro = self.for_intro()?;
            self.ws();
            let key_expr = self.expr(false)?;
            self.ws();
            if !self.starts(b"=>") {
                return None;
            }
            self.i += 2;
            self.ws();
            let value_expr = self.expr(false)?;
            self.ws();
            let grouping = self.starts(b"...");
            if grouping {
                self.i += 3;
            }
            let cond = self.for_cond()?;
            self.ws();
            self.eat(b'}')?;
            return Some(Expression::ForExpr(Box::new(ForExpr {
                intro,
                key_expr: Some(key_expr),
                value_expr,
                grouping,
                cond,
                sp: at(start, self.i),
            })));
        }
        let mut items: Vec<(ObjectKey, ObjectValue)> = Vec::new();
        loop {
            if !self.ws() {
                return None;
            }
            if self.eat(b'}').is_some() {
                break;
            }
            let key = match self.expr(false)? {
                Expression::Variable(v) => ObjectKey::Ident(v),
                e => ObjectKey::Expression(e),
            };
            self.sp()?;
            if !matches!(self.peek(), b'=' | b':') {
                return None;
            }
            self.i += 1;
            self.sp()?;
            let value = self.expr(false)?;
            self.sp()?;
            // hcl-edit keeps the last of keys given twice: left to it.
            if items.iter().any(|(k, _)| self.same_key(k, &key)) {
                return None;
            }
            items.push((key, ObjectValue(value)));
            match self.peek() {
                b'}' => {}
                b',' | b'\n' => self.i += 1,
                b'\r' if self.peek_at(1) == b'\n' => self.i += 2,
                b'#' | b'/' if self.peek() == b'#' || self.starts(b"//") => {
                    self.line_comment();
                    match self.peek() {
                        b'\n' => self.i += 1,
                        b'\r' if self.peek_at(1) == b'\n' => self.i += 2,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        Some(Expression::Object(Object {
            items: items.into_boxed_slice(),
            sp: at(start, self.i),
        }))
    }

    // ---- strings ----

    /// A quoted string without interpolation (a block label).
    fn plain_string(&mut self) -> R<Name> {
        match self.string()? {
            Expression::String(s) => Some(s.value),
            _ => None,
        }
    }

    /// A quoted string: a plain string when it has no interpolation, a
    /// template otherwise. The literal parts have their escapes resolved.
    fn string(&mut self) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        let mut elements = Vec::new();
        let mut lit = String::new();
        let mut lit_start = self.i;
        loop {
            let run = self.i;
            while !matches!(self.peek(), b'"' | b'\\' | b'$' | b'%' | b'\n' | b'\r' | 0) {
                self.i += 1;
            }
            lit.push_str(&self.text[run..self.i]);
            match self.peek() {
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' => {
                    let c = self.escape()?;
                    lit.push(c);
                }
                b'$' | b'%' if self.peek_at(1) == self.peek() && self.peek_at(2) == b'{' => {
                    lit.push(self.peek() as char);
                    lit.push('{');
                    self.i += 3;
                }
                b'%' if self.peek_at(1) == b'{' => return None, // a directive
                b'$' if self.peek_at(1) == b'{' => {
                    if !lit.is_empty() {
                        let text = std::mem::take(&mut lit);
                        elements.push(Element::Literal(Decorated::at(
                            name(&text),
                            at(lit_start, self.i),
                        )));
                    }
                    self.i += 2;
                    if self.peek() == b'~' {
                        return None;
                    }
                    self.ws();
                    let expr = self.expr(true)?;
                    self.ws();
                    if self.peek() == b'~' {
                        return None;
                    }
                    self.eat(b'}')?;
                    elements.push(Element::Interpolation(Interpolation { expr }));
                    lit_start = self.i;
                }
                b'$' | b'%' => {
                    lit.push(self.peek() as char);
                    self.i += 1;
                }
                _ => return None, // a line break or the end of the text
            }
        }
        let sp = at(start, self.i);
        if elements.is_empty() {
            return Some(Expression::String(Decorated::at(name(&lit), sp)));
        }
        if !lit.is_empty() {
            elements.push(Element::Literal(Decorated::at(
                name(&lit),
                at(lit_start, self.i - 1),
            )));
        }
        Some(Expression::StringTemplate(StringTemplate {
            template: Template {
                elements: elements.into_boxed_slice(),
            },
            sp,
        }))
    }

    /// Keys hcl-edit would take for the same key (it compares trees without
    /// their spans: the same text is taken for the same tree).
    fn same_key(&self, a: &ObjectKey, b: &ObjectKey) -> bool {
        match (a, b) {
            (ObjectKey::Ident(x), ObjectKey::Ident(y)) => x.as_str() == y.as_str(),
            (ObjectKey::Expression(x), ObjectKey::Expression(y)) => {
                let text = |e: &Expression| e.span().and_then(|r| self.text.get(r));
                text(x) == text(y)
            }
            _ => false,
        }
    }

    /// `\n`, `\r`, `\t`, `\\`, `\"`, `\uXXXX`, `\UXXXXXXXX`.
    fn escape(&mut self) -> R<char> {
        let c = self.peek_at(1);
        self.i += 2;
        Some(match c {
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'\\' => '\\',
            b'"' => '"',
            b'u' | b'U' => {
                let len = if c == b'u' { 4 } else { 8 };
                let hex = self.text.get(self.i..self.i + len)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                self.i += len;
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        })
    }
}

/// Folds `t0 op1 t1 op2 t2 ...` into a tree by operator precedence, each
/// level associating to the left (hcl-edit's Pratt parser does the same).
fn fold(terms: Vec<Expression>, ops: Vec<Decorated<Bin>>) -> Expression {
    let mut terms = terms.into_iter();
    let mut ops = ops.into_iter().peekable();
    let first = terms.next().expect("a chain starts with a term");
    climb(first, 0, &mut terms, &mut ops)
}

fn climb(
    mut lhs: Expression,
    min: u8,
    terms: &mut impl Iterator<Item = Expression>,
    ops: &mut std::iter::Peekable<impl Iterator<Item = Decorated<Bin>>>,
) -> Expression {
    while let Some(op) = ops.next_if(|op| op.value().precedence() >= min) {
        let prec = op.value().precedence();
        let mut rhs = terms.next().expect("a term follows each operator");
        while ops
            .peek()
            .is_some_and(|next| next.value().precedence() > prec)
        {
            rhs = climb(rhs, prec + 1, terms, ops);
        }
        let start = lhs.span().map_or(0, |r| r.start);
        let end = rhs.span().map_or(0, |r| r.end);
        lhs = Expression::BinaryOp(Box::new(BinaryOp {
            lhs_expr: lhs,
            operator: op,
            rhs_expr: rhs,
            sp: at(start, end),
        }));
    }
    lhs
}
