//! Expressions: terms, operators, conditionals, calls, traversals.

use super::*;
use hcl_edit::expr::{BinaryOperator as Bin, UnaryOperator as Un};

impl Parser<'_> {
    /// An expression: terms joined by binary operators, then perhaps a
    /// conditional. `nl`: line breaks may sit between the parts (inside
    /// brackets, arguments, interpolations).
    pub(super) fn expr(&mut self, nl: bool) -> R<Expression> {
        // A conditional chain recurses without brackets.
        self.nested(|p| p.expr_inner(nl))
    }

    /// Runs `parse` one level deeper, or gives up past [`MAX_DEPTH`].
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let parsed = parse(self);
        self.depth -= 1;
        parsed
    }

    fn expr_inner(&mut self, nl: bool) -> R<Expression> {
        let start = self.i;
        let mut e = self.term(nl)?;
        loop {
            let ahead = self.ahead();
            if !(ahead.next == b'?' || ahead.binary()) {
                return Some(e);
            }
            if !nl && !ahead.only_spaces {
                return None; // hcl-edit's answer depends on its state
            }
            self.ws()?;
            if self.peek() == b'?' {
                self.i += 1;
                self.ws()?;
                let true_expr = self.expr(true)?;
                self.ws()?;
                self.eat(b':')?;
                self.ws()?;
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

    pub(super) fn operator(&mut self) -> R<Bin> {
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
    pub(super) fn binary_chain(&mut self, first: Expression, nl: bool) -> R<Expression> {
        let mut terms = vec![first];
        let mut ops: Vec<Decorated<Bin>> = Vec::new();
        loop {
            let save = self.i;
            let ahead = self.ahead();
            if !ahead.binary() {
                break;
            }
            if !nl && !ahead.only_spaces {
                return None;
            }
            self.ws()?;
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
            if !nl && !self.ahead().only_spaces {
                return None;
            }
            self.ws()?;
            terms.push(self.term(nl)?);
        }
        Some(fold(terms, ops))
    }

    /// An expression term and the traversal after it.
    pub(super) fn term(&mut self, nl: bool) -> R<Expression> {
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
                self.ws()?;
                let inner = self.expr(true)?;
                self.ws()?;
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
                    self.ws()?;
                    let op = if self.peek() == b'*' {
                        self.i += 1;
                        TraversalOperator::FullSplat(Decorated::at((), at(self.i - 1, self.i)))
                    } else {
                        TraversalOperator::Index(self.expr(true)?)
                    };
                    self.ws()?;
                    self.eat(b']')?;
                    operators.push(Decorated::at(op, at(op_start, self.i)));
                }
                _ => break,
            }
        }
        // hcl-edit also reads a traversal after whitespace: given up on.
        if matches!(self.ahead().next, b'.' | b'[') {
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

    pub(super) fn unary(&mut self, op: Un, nl: bool) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        self.sp()?;
        let expr = self.nested(|p| p.term(nl))?;
        Some(Expression::UnaryOp(Box::new(UnaryOp {
            operator: Decorated::at(op, at(start, start + 1)),
            expr,
            sp: at(start, self.i),
        })))
    }

    /// A number from the cursor (just after the `-` and spaces when
    /// `negative`), read as hcl-edit reads it: an integer when it fits
    /// `u64`, a float otherwise.
    pub(super) fn number(&mut self, negative: bool, start: usize) -> R<Expression> {
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

    pub(super) fn identlike(&mut self, start: usize) -> R<Expression> {
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
        if self.ahead().next == b'(' {
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
    pub(super) fn args(&mut self) -> R<(Vec<Expression>, bool)> {
        self.eat(b'(')?;
        let mut args = Vec::new();
        self.ws()?;
        if self.eat(b')').is_some() {
            return Some((args, false));
        }
        loop {
            if matches!(self.peek(), b',' | b'.' | b')') {
                return None;
            }
            args.push(self.expr(true)?);
            self.ws()?;
            match self.peek() {
                b',' => {
                    self.i += 1;
                    self.ws()?;
                    if self.eat(b')').is_some() {
                        return Some((args, false));
                    }
                }
                b'.' if self.starts(b"...") => {
                    self.i += 3;
                    self.ws()?;
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
