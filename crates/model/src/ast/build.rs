//! Nodes built from values rather than parsed from text (the JSON syntax):
//! no spans, names shared like a parse's.

use super::convert::name;
use super::*;

/// Runs a build with one copy of each name, like a parse (see
/// [`convert::shared_names`]).
pub(crate) fn with_shared_names<T>(build: impl FnOnce() -> T) -> T {
    convert::shared_names(build)
}

impl Body {
    pub(crate) fn of(structures: Vec<Structure>) -> Body {
        Body {
            structures: structures.into_boxed_slice(),
        }
    }
}

/// `text` as an identifier: characters no identifier holds become `_`
/// (hcl-edit's rule), so a JSON key reads like a native one.
fn ident(text: &str) -> Ident {
    if hcl_edit::Ident::try_new(text).is_ok() {
        Ident(name(text))
    } else {
        Ident(name(hcl_edit::Ident::new_sanitized(text).as_str()))
    }
}

impl Attribute {
    pub(crate) fn unspanned(key: &str, value: Expression) -> Attribute {
        Attribute {
            key: ident(key),
            value,
            sp: ByteRange::NONE,
        }
    }
}

impl Block {
    pub(crate) fn unspanned(ident: &str, labels: &[&str], body: Body) -> Block {
        Block {
            ident: self::ident(ident),
            labels: labels.iter().map(|l| BlockLabel(name(l))).collect(),
            body,
            sp: ByteRange::NONE,
        }
    }
}

impl Expression {
    pub(crate) fn null() -> Expression {
        Expression::Null(Decorated::at((), ByteRange::NONE))
    }
    pub(crate) fn bool(b: bool) -> Expression {
        Expression::Bool(Decorated::at(b, ByteRange::NONE))
    }
    pub(crate) fn number(n: Number) -> Expression {
        Expression::Number(Decorated::at(n, ByteRange::NONE))
    }
    pub(crate) fn string(s: &str) -> Expression {
        Expression::String(Decorated::at(name(s), ByteRange::NONE))
    }
    pub(crate) fn array(items: Vec<Expression>) -> Expression {
        Expression::Array(Array {
            items: items.into_boxed_slice(),
            sp: ByteRange::NONE,
        })
    }
    /// An object whose keys are strings (`{"key" = value}`).
    pub(crate) fn object(items: Vec<(&str, Expression)>) -> Expression {
        Expression::Object(Object {
            items: items
                .into_iter()
                .map(|(k, v)| (ObjectKey::Expression(Expression::string(k)), ObjectValue(v)))
                .collect(),
            sp: ByteRange::NONE,
        })
    }
    /// hcl-edit's expression, converted (a parse's, inside a build).
    pub(crate) fn converted(e: hcl_edit::expr::Expression) -> Expression {
        Expression::from(e)
    }
}
