//! A read-only walk over expressions (the subset of hcl-edit's `Visit` that
//! tfready's passes use): override a method, call the free function of the
//! same name to keep walking below it.

use super::*;

pub trait Visit {
    fn visit_expr(&mut self, expr: &Expression) {
        visit_expr(self, expr);
    }
    fn visit_traversal(&mut self, t: &Traversal) {
        visit_traversal(self, t);
    }
    fn visit_func_call(&mut self, f: &FuncCall) {
        visit_func_call(self, f);
    }
}

pub fn visit_expr<V: Visit + ?Sized>(v: &mut V, expr: &Expression) {
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::Variable(_) => {}
        Expression::Array(a) => a.iter().for_each(|e| v.visit_expr(e)),
        Expression::Object(o) => {
            for (k, val) in o.iter() {
                if let ObjectKey::Expression(e) = k {
                    v.visit_expr(e);
                }
                v.visit_expr(val.expr());
            }
        }
        Expression::StringTemplate(t) => visit_template(v, t),
        Expression::HeredocTemplate(h) => visit_template(v, &h.template),
        Expression::Parenthesis(p) => v.visit_expr(p.inner()),
        Expression::Conditional(c) => {
            v.visit_expr(&c.cond_expr);
            v.visit_expr(&c.true_expr);
            v.visit_expr(&c.false_expr);
        }
        Expression::FuncCall(f) => v.visit_func_call(f),
        Expression::Traversal(t) => v.visit_traversal(t),
        Expression::UnaryOp(u) => v.visit_expr(&u.expr),
        Expression::BinaryOp(b) => {
            v.visit_expr(&b.lhs_expr);
            v.visit_expr(&b.rhs_expr);
        }
        Expression::ForExpr(f) => {
            v.visit_expr(&f.intro.collection_expr);
            if let Some(k) = &f.key_expr {
                v.visit_expr(k);
            }
            v.visit_expr(&f.value_expr);
            if let Some(c) = &f.cond {
                v.visit_expr(&c.expr);
            }
        }
    }
}

pub fn visit_traversal<V: Visit + ?Sized>(v: &mut V, t: &Traversal) {
    v.visit_expr(&t.expr);
    for op in t.operators.iter() {
        if let TraversalOperator::Index(e) = op.value() {
            v.visit_expr(e);
        }
    }
}

pub fn visit_func_call<V: Visit + ?Sized>(v: &mut V, f: &FuncCall) {
    f.args.iter().for_each(|e| v.visit_expr(e));
}

fn visit_template<V: Visit + ?Sized>(v: &mut V, t: &Template) {
    for el in t.iter() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => v.visit_expr(&i.expr),
            Element::Directive(d) => match &**d {
                Directive::If(d) => {
                    v.visit_expr(&d.if_expr.cond_expr);
                    visit_template(v, &d.if_expr.template);
                    if let Some(e) = &d.else_expr {
                        visit_template(v, &e.template);
                    }
                }
                Directive::For(d) => {
                    v.visit_expr(&d.for_expr.collection_expr);
                    visit_template(v, &d.for_expr.template);
                }
            },
        }
    }
}
