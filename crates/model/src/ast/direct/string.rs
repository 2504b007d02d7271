//! Quoted strings: plain, or templates with interpolations.

use super::*;

impl Parser<'_> {
    /// A quoted string without interpolation (a block label).
    pub(super) fn plain_string(&mut self) -> R<Name> {
        match self.string()? {
            Expression::String(s) => Some(s.value),
            _ => None,
        }
    }

    /// A quoted string: a plain string when it has no interpolation, a
    /// template otherwise. The literal parts have their escapes resolved.
    pub(super) fn string(&mut self) -> R<Expression> {
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
                    elements.extend(literal(&mut lit, lit_start, self.i));
                    self.i += 2;
                    if self.peek() == b'~' {
                        return None;
                    }
                    self.ws()?;
                    let expr = self.expr(true)?;
                    self.ws()?;
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
        // The last literal ends before the closing quote.
        elements.extend(literal(&mut lit, lit_start, self.i - 1));
        Some(Expression::StringTemplate(StringTemplate {
            template: Template {
                elements: elements.into_boxed_slice(),
            },
            sp,
        }))
    }

    /// `\n`, `\r`, `\t`, `\\`, `\"`, `\uXXXX`, `\UXXXXXXXX`.
    pub(super) fn escape(&mut self) -> R<char> {
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

/// The literal text gathered from `start` to `end`, taken, as an element;
/// none when empty.
fn literal(text: &mut String, start: usize, end: usize) -> Option<Element> {
    (!text.is_empty())
        .then(|| Element::Literal(Decorated::at(name(&std::mem::take(text)), at(start, end))))
}
