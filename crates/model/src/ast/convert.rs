//! hcl-edit's tree → tfready's: moves the names and values, keeps one span a
//! node, drops decor.

use hcl_edit::expr as he;
use hcl_edit::structure as hs;
use hcl_edit::template as ht;

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

use super::*;

fn sp(node: &impl hcl_edit::Span) -> ByteRange {
    ByteRange::from_range(node.span())
}

fn boxed<T, U: From<T>>(items: impl IntoIterator<Item = T>) -> Box<[U]> {
    items.into_iter().map(U::from).collect()
}

/// Bumped by every project load: a thread's table of names starts over at
/// its first conversion in a new load (see [`shared_names`]).
static GENERATION: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The names this thread has converted during the current load.
    static NAMES: RefCell<(u64, HashSet<Name>)> = RefCell::new((0, HashSet::new()));
}

/// Starts a new load: the names of earlier ones are let go of.
pub(crate) fn new_generation() {
    GENERATION.fetch_add(1, Ordering::Relaxed);
}

/// Runs a conversion with one copy of each name: what it converts shares
/// its identifier and label strings with every file this thread converted
/// in the same load (a generated or module-heavy project repeats the same
/// names across hundreds of files). The table holds only the current
/// load's names, which its trees hold anyway.
pub(super) fn shared_names<T>(convert: impl FnOnce() -> T) -> T {
    let generation = GENERATION.load(Ordering::Relaxed);
    NAMES.with(|n| {
        let mut n = n.borrow_mut();
        if n.0 != generation {
            *n = (generation, HashSet::new());
        }
    });
    convert()
}

pub(super) fn name(text: &str) -> Name {
    NAMES.with(|n| {
        let n = &mut n.borrow_mut().1;
        if let Some(s) = n.get(text) {
            return s.clone();
        }
        let s = Name::new(text);
        n.insert(s.clone());
        s
    })
}

fn ident(i: hcl_edit::Decorated<hcl_edit::Ident>) -> Decorated<Ident> {
    let at = sp(&i);
    Decorated::at(Ident(name(i.value().as_str())), at)
}

impl From<hs::Body> for Body {
    fn from(body: hs::Body) -> Body {
        Body {
            structures: boxed(body),
        }
    }
}

impl From<hs::Structure> for Structure {
    fn from(s: hs::Structure) -> Structure {
        match s {
            hs::Structure::Attribute(a) => Structure::Attribute(a.into()),
            hs::Structure::Block(b) => Structure::Block(b.into()),
        }
    }
}

impl From<hs::Attribute> for Attribute {
    fn from(a: hs::Attribute) -> Attribute {
        let at = sp(&a);
        Attribute {
            key: ident(a.key).value,
            value: a.value.into(),
            sp: at,
        }
    }
}

impl From<hs::Block> for Block {
    fn from(b: hs::Block) -> Block {
        let at = sp(&b);
        Block {
            ident: ident(b.ident).value,
            labels: b
                .labels
                .into_iter()
                .map(|l| {
                    BlockLabel(match l {
                        hs::BlockLabel::Ident(i) => name(i.value().as_str()),
                        hs::BlockLabel::String(s) => name(s.value()),
                    })
                })
                .collect(),
            body: b.body.into(),
            sp: at,
        }
    }
}

impl From<he::Expression> for Expression {
    fn from(e: he::Expression) -> Expression {
        let at = sp(&e);
        match e {
            he::Expression::Null(_) => Expression::Null(Decorated::at((), at)),
            he::Expression::Bool(b) => Expression::Bool(Decorated::at(b.into_value(), at)),
            he::Expression::Number(n) => Expression::Number(Decorated::at(n.into_value(), at)),
            he::Expression::String(s) => Expression::String(Decorated::at(name(s.value()), at)),
            he::Expression::Array(a) => Expression::Array(Array {
                items: boxed(a),
                sp: at,
            }),
            he::Expression::Object(o) => Expression::Object(Object {
                items: o
                    .into_iter()
                    .map(|(k, v)| (k.into(), ObjectValue(v.into_expr().into())))
                    .collect(),
                sp: at,
            }),
            he::Expression::StringTemplate(t) => Expression::StringTemplate(StringTemplate {
                template: ht::Template::from(t).into(),
                sp: at,
            }),
            // hcl-edit's parser has already dedented `<<-` heredocs; a plain
            // `<<` one keeps its indentation, as in Terraform.
            he::Expression::HeredocTemplate(h) => {
                Expression::HeredocTemplate(Box::new(HeredocTemplate {
                    template: h.template.into(),
                    sp: at,
                }))
            }
            he::Expression::Parenthesis(p) => Expression::Parenthesis(Box::new(Parenthesis {
                inner: p.into_inner().into(),
                sp: at,
            })),
            he::Expression::Variable(v) => Expression::Variable(ident(v)),
            he::Expression::Conditional(c) => Expression::Conditional(Box::new(Conditional {
                cond_expr: c.cond_expr.into(),
                true_expr: c.true_expr.into(),
                false_expr: c.false_expr.into(),
                sp: at,
            })),
            he::Expression::FuncCall(f) => {
                let f = *f;
                let expand_final = f.args.expand_final();
                Expression::FuncCall(Box::new(FuncCall {
                    name: FuncName {
                        namespace: f.name.namespace.into_iter().map(ident).collect(),
                        name: ident(f.name.name),
                    },
                    args: FuncArgs {
                        args: boxed(f.args),
                        expand_final,
                    },
                    sp: at,
                }))
            }
            he::Expression::Traversal(t) => {
                let t = *t;
                Expression::Traversal(Box::new(Traversal {
                    expr: t.expr.into(),
                    operators: t
                        .operators
                        .into_iter()
                        .map(|op| {
                            let op_at = sp(&op);
                            Decorated::at(operator(op.into_value()), op_at)
                        })
                        .collect(),
                    sp: at,
                }))
            }
            he::Expression::UnaryOp(u) => {
                let u = *u;
                let op_at = sp(&u.operator);
                Expression::UnaryOp(Box::new(UnaryOp {
                    operator: Decorated::at(u.operator.into_value(), op_at),
                    expr: u.expr.into(),
                    sp: at,
                }))
            }
            he::Expression::BinaryOp(b) => {
                let b = *b;
                let op_at = sp(&b.operator);
                Expression::BinaryOp(Box::new(BinaryOp {
                    lhs_expr: b.lhs_expr.into(),
                    operator: Decorated::at(b.operator.into_value(), op_at),
                    rhs_expr: b.rhs_expr.into(),
                    sp: at,
                }))
            }
            he::Expression::ForExpr(f) => {
                let f = *f;
                Expression::ForExpr(Box::new(ForExpr {
                    intro: ForIntro {
                        key_var: f.intro.key_var.map(ident),
                        value_var: ident(f.intro.value_var),
                        collection_expr: f.intro.collection_expr.into(),
                    },
                    key_expr: f.key_expr.map(Expression::from),
                    value_expr: f.value_expr.into(),
                    grouping: f.grouping,
                    cond: f.cond.map(|c| ForCond {
                        expr: c.expr.into(),
                    }),
                    sp: at,
                }))
            }
        }
    }
}

fn operator(op: he::TraversalOperator) -> TraversalOperator {
    match op {
        he::TraversalOperator::AttrSplat(s) => {
            TraversalOperator::AttrSplat(Decorated::at((), sp(&s)))
        }
        he::TraversalOperator::FullSplat(s) => {
            TraversalOperator::FullSplat(Decorated::at((), sp(&s)))
        }
        he::TraversalOperator::GetAttr(i) => TraversalOperator::GetAttr(ident(i)),
        he::TraversalOperator::Index(e) => TraversalOperator::Index(e.into()),
        he::TraversalOperator::LegacyIndex(n) => {
            let at = sp(&n);
            TraversalOperator::LegacyIndex(Decorated::at(n.into_value(), at))
        }
    }
}

impl From<he::ObjectKey> for ObjectKey {
    fn from(k: he::ObjectKey) -> ObjectKey {
        match k {
            he::ObjectKey::Ident(i) => ObjectKey::Ident(ident(i)),
            he::ObjectKey::Expression(e) => ObjectKey::Expression(e.into()),
        }
    }
}

impl From<ht::Template> for Template {
    fn from(t: ht::Template) -> Template {
        Template { elements: boxed(t) }
    }
}

impl From<ht::Element> for Element {
    fn from(e: ht::Element) -> Element {
        match e {
            ht::Element::Literal(l) => {
                let at = sp(&l);
                Element::Literal(Decorated::at(name(l.value()), at))
            }
            ht::Element::Interpolation(i) => Element::Interpolation(Interpolation {
                expr: i.expr.into(),
            }),
            ht::Element::Directive(d) => Element::Directive(Box::new(match *d {
                ht::Directive::If(d) => Directive::If(IfDirective {
                    if_expr: IfTemplateExpr {
                        cond_expr: d.if_expr.cond_expr.into(),
                        template: d.if_expr.template.into(),
                    },
                    else_expr: d.else_expr.map(|e| ElseTemplateExpr {
                        template: e.template.into(),
                    }),
                }),
                ht::Directive::For(d) => Directive::For(ForDirective {
                    for_expr: ForTemplateExpr {
                        key_var: d.for_expr.key_var.map(ident),
                        value_var: ident(d.for_expr.value_var),
                        collection_expr: d.for_expr.collection_expr.into(),
                        template: d.for_expr.template.into(),
                    },
                }),
            })),
        }
    }
}
