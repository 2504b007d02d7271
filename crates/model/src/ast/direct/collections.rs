//! Lists, objects and `for` expressions.

use super::*;

impl Parser<'_> {
    /// After `[` or `{`: whether a `for` expression starts (hcl-edit's
    /// test: `for` and then a space, tab, newline or comment).
    pub(super) fn for_ahead(&mut self) -> bool {
        let start = self.i;
        let found =
            self.ws().is_some() && self.starts(b"for") && b" \t#/\n".contains(&self.peek_at(3));
        self.i = start;
        found
    }

    pub(super) fn keyword(&mut self, word: &[u8]) -> R<()> {
        (self.starts(word) && matches!(self.peek_at(word.len()), b' ' | b'\t' | b'\n'))
            .then(|| self.i += word.len())
    }

    /// `for k, v in collection :`
    pub(super) fn for_intro(&mut self) -> R<ForIntro> {
        self.ws()?;
        self.keyword(b"for")?;
        self.ws()?;
        let (first, first_at) = self.ident()?;
        let first = Decorated::at(Ident(first), at(first_at, self.i));
        self.ws()?;
        let mut key_var = None;
        let mut value_var = first;
        if self.eat(b',').is_some() {
            self.ws()?;
            let (second, second_at) = self.ident()?;
            key_var = Some(value_var);
            value_var = Decorated::at(Ident(second), at(second_at, self.i));
            self.ws()?;
        }
        self.keyword(b"in")?;
        self.ws()?;
        let collection_expr = self.expr(false)?;
        self.ws()?;
        self.eat(b':')?;
        Some(ForIntro {
            key_var,
            value_var,
            collection_expr,
        })
    }

    /// `if cond` at the end of a `for` expression, if there.
    pub(super) fn for_cond(&mut self) -> R<Option<ForCond>> {
        self.ws()?;
        if self.keyword(b"if").is_none() {
            return Some(None);
        }
        self.ws()?;
        let expr = self.expr(true)?;
        self.ws()?;
        Some(Some(ForCond { expr }))
    }

    pub(super) fn array(&mut self) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        if self.for_ahead() {
            let intro = self.for_intro()?;
            self.ws()?;
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
            self.ws()?;
            if self.eat(b']').is_some() {
                break;
            }
            items.push(self.expr(true)?);
            self.ws()?;
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

    pub(super) fn object(&mut self) -> R<Expression> {
        let start = self.i;
        self.i += 1;
        if self.for_ahead() {
            let intro = self.for_intro()?;
            self.ws()?;
            let key_expr = self.expr(false)?;
            self.ws()?;
            if !self.starts(b"=>") {
                return None;
            }
            self.i += 2;
            self.ws()?;
            let value_expr = self.expr(false)?;
            self.ws()?;
            let grouping = self.starts(b"...");
            if grouping {
                self.i += 3;
            }
            let cond = self.for_cond()?;
            self.ws()?;
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
        let mut keys = Keys::default();
        let text = self.text;
        loop {
            self.ws()?;
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
            // hcl-edit keeps the last of keys given twice: left to it. It
            // compares keys without their spans: the same text is the same
            // key (and an identifier's text is never an expression's).
            if !keys.insert(text.get(key.span()?)?) {
                return None;
            }
            items.push((key, ObjectValue(value)));
            match self.peek() {
                b'}' => {}
                b',' => self.i += 1,
                _ => {
                    self.trailing_comment()?;
                    if !self.line_ending() {
                        return None;
                    }
                }
            }
        }
        Some(Expression::Object(Object {
            items: items.into_boxed_slice(),
            sp: at(start, self.i),
        }))
    }
}
