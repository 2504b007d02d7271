//! tfready's own syntax tree: what the passes after loading read, built from
//! hcl-edit's tree at load and then kept instead of it.
//!
//! Why not keep hcl-edit's tree: it is made for editing, so every node
//! carries its decor (whitespace, comments) and spans as `Option<Range>`
//! (`Structure` is 304 bytes, `Expression` 128), about 31× the source text on
//! a large project. This tree keeps only what analysis needs: names, values,
//! operators and a 32-bit span per node (`Structure` is 56 bytes,
//! `Expression` 32), with every name and string literal stored once per load
//! ([`Name`]); about 4× the source. `<<-` heredocs are stored dedented, as hcl-edit's parser leaves them. The type and method names follow hcl-edit's, so code
//! reads the same against either; `fix` edits files with hcl-edit itself.

mod build;
mod convert;
mod direct;
mod visit;

use std::ops::{Deref, Range};
use std::sync::Arc;

pub(crate) use build::with_shared_names;
pub(crate) use convert::new_generation;
pub use hcl_edit::expr::{BinaryOperator, UnaryOperator};
pub use hcl_edit::Number;
pub use visit::{visit_expr, visit_func_call, visit_traversal, Visit};

/// A byte range in the file the node came from, or none (nodes built from
/// JSON or generated text). Half the size of `Option<Range<usize>>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    start: u32,
    end: u32,
}

impl ByteRange {
    pub const NONE: ByteRange = ByteRange {
        start: u32::MAX,
        end: u32::MAX,
    };

    pub(crate) fn from_range(r: Option<Range<usize>>) -> ByteRange {
        match r {
            Some(r) if r.end < u32::MAX as usize => ByteRange {
                start: r.start as u32,
                end: r.end as u32,
            },
            _ => ByteRange::NONE,
        }
    }

    pub fn range(self) -> Option<Range<usize>> {
        (self != ByteRange::NONE).then_some(self.start as usize..self.end as usize)
    }
}

/// Nodes that know where they are in their file (hcl-edit's `Span`).
pub trait Span {
    fn span(&self) -> Option<Range<usize>>;
}

/// A value with its span (hcl-edit's `Decorated`, `Spanned` and `Formatted`).
#[derive(Debug, Clone, PartialEq)]
pub struct Decorated<T> {
    value: T,
    sp: ByteRange,
}

/// hcl-edit names spanned nodes without decor `Spanned`: the same here.
pub type Spanned<T> = Decorated<T>;

impl<T> Decorated<T> {
    pub(crate) fn at(value: T, sp: ByteRange) -> Self {
        Decorated { value, sp }
    }
    pub fn value(&self) -> &T {
        &self.value
    }
}

impl<T> Deref for Decorated<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Span for Decorated<T> {
    fn span(&self) -> Option<Range<usize>> {
        self.sp.range()
    }
}

impl Decorated<Name> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// Text shared by every node that holds it (names, string literals): one
/// allocation per distinct text in a load, and a thin pointer (8 bytes, half
/// an `Arc<str>`) in each node.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Name(Arc<Box<str>>);

impl Name {
    pub fn new(text: &str) -> Name {
        Name(Arc::new(text.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

/// An identifier (attribute key, block type, variable, function name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident(Name);

impl Ident {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Ident {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// The statements of a file or a block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    structures: Box<[Structure]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Structure {
    Attribute(Attribute),
    Block(Block),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// No span of its own: it starts the attribute's.
    pub key: Ident,
    pub value: Expression,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// No span of its own: it starts the block's.
    pub ident: Ident,
    pub labels: Box<[BlockLabel]>,
    pub body: Body,
    sp: ByteRange,
}

/// A block label: quoted or bare, both read as their text.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockLabel(Name);

impl BlockLabel {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Body {
    pub fn has_attribute(&self, key: &str) -> bool {
        self.get_attribute(key).is_some()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Structure> {
        self.structures.iter()
    }
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.iter().filter_map(Structure::as_attribute)
    }
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.iter().filter_map(Structure::as_block)
    }
    pub fn get_attribute(&self, key: &str) -> Option<&Attribute> {
        self.attributes().find(|a| a.key.as_str() == key)
    }
    pub fn get_blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks().filter(move |b| b.ident.as_str() == ident)
    }
}

impl IntoIterator for Body {
    type Item = Structure;
    type IntoIter = std::vec::IntoIter<Structure>;
    fn into_iter(self) -> Self::IntoIter {
        self.structures.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Body {
    type Item = &'a Structure;
    type IntoIter = std::slice::Iter<'a, Structure>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Structure {
    pub fn as_attribute(&self) -> Option<&Attribute> {
        match self {
            Structure::Attribute(a) => Some(a),
            Structure::Block(_) => None,
        }
    }
    pub fn as_block(&self) -> Option<&Block> {
        match self {
            Structure::Block(b) => Some(b),
            Structure::Attribute(_) => None,
        }
    }
    pub fn into_block(self) -> Result<Block, Structure> {
        match self {
            Structure::Block(b) => Ok(b),
            other => Err(other),
        }
    }
}

impl Span for Structure {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Structure::Attribute(a) => a.span(),
            Structure::Block(b) => b.span(),
        }
    }
}

impl Span for Attribute {
    fn span(&self) -> Option<Range<usize>> {
        self.sp.range()
    }
}

impl Span for Block {
    fn span(&self) -> Option<Range<usize>> {
        self.sp.range()
    }
}

/// An expression. 32 bytes: anything larger than a name or a string is boxed.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    Null(Decorated<()>),
    Bool(Decorated<bool>),
    Number(Decorated<Number>),
    String(Decorated<Name>),
    Array(Array),
    Object(Object),
    StringTemplate(StringTemplate),
    /// Stored dedented (`<<-`), so readers need not dedent.
    HeredocTemplate(Box<HeredocTemplate>),
    Parenthesis(Box<Parenthesis>),
    Variable(Decorated<Ident>),
    Conditional(Box<Conditional>),
    FuncCall(Box<FuncCall>),
    Traversal(Box<Traversal>),
    UnaryOp(Box<UnaryOp>),
    BinaryOp(Box<BinaryOp>),
    ForExpr(Box<ForExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    items: Box<[Expression]>,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    items: Box<[(ObjectKey, ObjectValue)]>,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectKey {
    Ident(Decorated<Ident>),
    Expression(Expression),
}

/// An object's value (hcl-edit wraps it to keep `=` vs `:`).
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectValue(Expression);

#[derive(Debug, Clone, PartialEq)]
pub struct StringTemplate {
    template: Template,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeredocTemplate {
    pub template: Template,
    sp: ByteRange,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Template {
    elements: Box<[Element]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Literal(Spanned<Name>),
    Interpolation(Interpolation),
    Directive(Box<Directive>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Interpolation {
    pub expr: Expression,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Directive {
    If(IfDirective),
    For(ForDirective),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IfDirective {
    pub if_expr: IfTemplateExpr,
    pub else_expr: Option<ElseTemplateExpr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IfTemplateExpr {
    pub cond_expr: Expression,
    pub template: Template,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ElseTemplateExpr {
    pub template: Template,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForDirective {
    pub for_expr: ForTemplateExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForTemplateExpr {
    pub key_var: Option<Decorated<Ident>>,
    pub value_var: Decorated<Ident>,
    pub collection_expr: Expression,
    pub template: Template,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parenthesis {
    inner: Expression,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conditional {
    pub cond_expr: Expression,
    pub true_expr: Expression,
    pub false_expr: Expression,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncCall {
    pub name: FuncName,
    pub args: FuncArgs,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncName {
    pub namespace: Box<[Decorated<Ident>]>,
    pub name: Decorated<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncArgs {
    args: Box<[Expression]>,
    expand_final: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Traversal {
    pub expr: Expression,
    pub operators: Box<[Decorated<TraversalOperator>]>,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TraversalOperator {
    AttrSplat(Decorated<()>),
    FullSplat(Decorated<()>),
    GetAttr(Decorated<Ident>),
    Index(Expression),
    LegacyIndex(Decorated<u64>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnaryOp {
    pub operator: Spanned<UnaryOperator>,
    pub expr: Expression,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BinaryOp {
    pub lhs_expr: Expression,
    pub operator: Decorated<BinaryOperator>,
    pub rhs_expr: Expression,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForExpr {
    pub intro: ForIntro,
    pub key_expr: Option<Expression>,
    pub value_expr: Expression,
    pub grouping: bool,
    pub cond: Option<ForCond>,
    sp: ByteRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForIntro {
    pub key_var: Option<Decorated<Ident>>,
    pub value_var: Decorated<Ident>,
    pub collection_expr: Expression,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForCond {
    pub expr: Expression,
}

impl Expression {
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Expression::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_traversal(&self) -> Option<&Traversal> {
        match self {
            Expression::Traversal(t) => Some(t),
            _ => None,
        }
    }
    pub fn as_string_template(&self) -> Option<&StringTemplate> {
        match self {
            Expression::StringTemplate(t) => Some(t),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Expression::Object(o) => Some(o),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Expression::Null(_))
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Expression::Bool(b) => Some(*b.value()),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expression::String(s) => Some(s.as_str()),
            _ => None,
        }
    }
    pub fn as_variable(&self) -> Option<&Ident> {
        match self {
            Expression::Variable(v) => Some(v.value()),
            _ => None,
        }
    }
}

impl Span for Expression {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Expression::Null(d) => d.span(),
            Expression::Bool(d) => d.span(),
            Expression::Number(d) => d.span(),
            Expression::String(d) => d.span(),
            Expression::Array(a) => a.sp.range(),
            Expression::Object(o) => o.sp.range(),
            Expression::StringTemplate(t) => t.sp.range(),
            Expression::HeredocTemplate(h) => h.sp.range(),
            Expression::Parenthesis(p) => p.sp.range(),
            Expression::Variable(d) => d.span(),
            Expression::Conditional(c) => c.sp.range(),
            Expression::FuncCall(f) => f.sp.range(),
            Expression::Traversal(t) => t.sp.range(),
            Expression::UnaryOp(u) => u.sp.range(),
            Expression::BinaryOp(b) => b.sp.range(),
            Expression::ForExpr(f) => f.sp.range(),
        }
    }
}

impl Array {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Expression> {
        self.items.iter()
    }
}

impl Object {
    pub fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &ObjectValue)> {
        self.items.iter().map(|(k, v)| (k, v))
    }
}

impl Span for ObjectKey {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            ObjectKey::Ident(i) => i.span(),
            ObjectKey::Expression(e) => e.span(),
        }
    }
}

impl ObjectValue {
    pub fn expr(&self) -> &Expression {
        &self.0
    }
}

impl Deref for StringTemplate {
    type Target = Template;
    fn deref(&self) -> &Template {
        &self.template
    }
}

impl Template {
    pub fn iter(&self) -> std::slice::Iter<'_, Element> {
        self.elements.iter()
    }
}

impl Parenthesis {
    pub fn inner(&self) -> &Expression {
        &self.inner
    }
}

impl FuncArgs {
    pub fn is_empty(&self) -> bool {
        self.args.is_empty()
    }
    pub fn len(&self) -> usize {
        self.args.len()
    }
    pub fn get(&self, index: usize) -> Option<&Expression> {
        self.args.get(index)
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Expression> {
        self.args.iter()
    }
    pub fn expand_final(&self) -> bool {
        self.expand_final
    }
}

impl Span for FuncCall {
    fn span(&self) -> Option<Range<usize>> {
        self.sp.range()
    }
}

impl Span for Traversal {
    fn span(&self) -> Option<Range<usize>> {
        self.sp.range()
    }
}

/// Parses one expression into this tree (tests, tfvars, generated text).
pub fn parse_expr(text: &str) -> Result<Expression, hcl_edit::parser::Error> {
    hcl_edit::parser::parse_expr(text).map(|e| convert::shared_names(|| Expression::from(e)))
}

/// Converts a file's hcl-edit tree, sharing each name with the other files
/// of the load.
/// Parses `text` straight into this tree, or gives up (`None`) on what
/// only hcl-edit reads ([`direct`]); then [`convert_body`] of hcl-edit's
/// parse gives the same tree, or the syntax error.
pub fn parse_body_direct(text: &str) -> Option<Body> {
    convert::shared_names(|| direct::parse_body(text))
}

/// How the direct parser fares on a text against hcl-edit, the reference
/// (`cargo xtask direct DIR`, `tests/direct_parse.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectCheck {
    /// Read, with the tree hcl-edit's parse converts to.
    Same,
    /// Given up on, and hcl-edit reads it.
    Fallback,
    /// Neither reads it (a syntax error).
    BothRefuse,
    /// Read, but to another tree than hcl-edit's, or where hcl-edit finds
    /// a syntax error: a bug in the direct parser.
    Differs,
    /// Nested past the loader's bracket guard ([`crate::needs_time_bound`]):
    /// the loader parses it on a timed thread with hcl-edit alone, and
    /// hcl-edit may take hours on it, so it is not compared.
    Guarded,
}

pub fn check_direct(text: &str) -> DirectCheck {
    if crate::needs_time_bound(text) {
        return DirectCheck::Guarded;
    }
    let reference = hcl_edit::parser::parse_body(text).map(convert_body);
    match (parse_body_direct(text), reference) {
        (Some(direct), Ok(reference)) if direct == reference => DirectCheck::Same,
        (Some(_), _) => DirectCheck::Differs,
        (None, Ok(_)) => DirectCheck::Fallback,
        (None, Err(_)) => DirectCheck::BothRefuse,
    }
}

pub fn convert_body(body: hcl_edit::structure::Body) -> Body {
    convert::shared_names(|| Body::from(body))
}

/// Parses a template (`templatefile`) into this tree.
pub fn parse_template(text: &str) -> Result<Template, hcl_edit::parser::Error> {
    hcl_edit::parser::parse_template(text).map(|t| convert::shared_names(|| Template::from(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stay_small() {
        // The point of this tree: keep these from growing unnoticed.
        assert_eq!(std::mem::size_of::<Expression>(), 32);
        assert!(std::mem::size_of::<Structure>() <= 56);
    }

    #[test]
    fn repeated_names_and_strings_are_stored_once() {
        let body =
            convert_body(hcl_edit::parser::parse_body("a = \"tcp\"\nb { a = \"tcp\" }\n").unwrap());
        let outer = body.get_attribute("a").unwrap();
        let inner = body
            .get_blocks("b")
            .next()
            .unwrap()
            .body
            .get_attribute("a")
            .unwrap();
        assert!(Arc::ptr_eq(&outer.key.0 .0, &inner.key.0 .0));
        let (Expression::String(x), Expression::String(y)) = (&outer.value, &inner.value) else {
            panic!("strings expected");
        };
        assert!(Arc::ptr_eq(&x.value.0, &y.value.0));
        assert_eq!(x.as_str(), "tcp");
    }

    #[test]
    fn a_plain_heredoc_keeps_its_indentation() {
        // Terraform strips a common indent only from `<<-` heredocs.
        let body =
            convert_body(hcl_edit::parser::parse_body("a = <<EOT\n  x\n  y\nEOT\n").unwrap());
        let Expression::HeredocTemplate(h) = &body.get_attribute("a").unwrap().value else {
            panic!("heredoc expected");
        };
        let Some(Element::Literal(l)) = h.template.iter().next() else {
            panic!("literal expected");
        };
        assert_eq!(l.as_str(), "  x\n  y\n");
    }

    #[test]
    fn converts_with_spans_and_dedented_heredocs() {
        let text = "a = var.x[0]\nb {\n  c = <<-EOT\n    hi\n  EOT\n}\n";
        let body = Body::from(hcl_edit::parser::parse_body(text).unwrap());
        let a = body.get_attribute("a").unwrap();
        assert_eq!(a.span(), Some(0..12));
        let t = a.value.as_traversal().unwrap();
        assert_eq!(t.expr.as_variable().map(Ident::as_str), Some("var"));
        assert_eq!(t.operators.len(), 2);
        let c = &body
            .get_blocks("b")
            .next()
            .unwrap()
            .body
            .get_attribute("c")
            .unwrap()
            .value;
        let Expression::HeredocTemplate(h) = c else {
            panic!("heredoc expected, got {c:?}");
        };
        let Some(Element::Literal(l)) = h.template.iter().next() else {
            panic!("literal expected");
        };
        assert_eq!(l.as_str(), "hi\n");
    }
}
