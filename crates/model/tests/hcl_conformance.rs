//! HCL native syntax as Terraform accepts it: each construct parses (no
//! diagnostic), converts into the model and evaluates to what Terraform
//! gives. Written for tfready, construct by construct, from the HCL native
//! syntax specification.

use tfready_model::{LoadOptions, Project};

/// Loads `input = <expr>` of a `terraform_data` resource (with `locals`
/// around it) and returns the value as text.
fn eval(locals: &str, expr: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "locals {{\n{locals}\n}}\n\nresource \"terraform_data\" \"t\" {{\n  input = {expr}\n}}\n"
    );
    std::fs::write(tmp.path().join("main.tf"), &text).unwrap();
    let p = Project::load(tmp.path(), &LoadOptions::default()).unwrap();
    let errors: Vec<String> = p.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    assert!(errors.is_empty(), "{text}\n{errors:#?}");
    let r = p.resources_of("terraform_data").next().expect("resource");
    r.eval("input").map(|v| v.to_string()).unwrap_or_default()
}

#[test]
fn a_conditional_may_break_lines_after_its_operators_even_in_an_object() {
    let locals = r#"  labels = ["ab", "long"]
  case   = "upper""#;
    // The shape of a widely copied label module: `? x :` then a line break.
    let expr = r#"{ for k in local.labels : k => local.case == "none" ? k :
    local.case == "upper" ? upper(k) :
    lower(k)
  }"#;
    assert_eq!(eval(locals, expr), r#"{ ab = "AB", long = "LONG" }"#);
    assert_eq!(
        eval("", "{ a = true ?\n    1 :\n    2\n  b = 3 }"),
        "{ a = 1, b = 3 }"
    );
    assert_eq!(eval("", "false ? \"x\" :\n    \"y\""), "\"y\"");
}

#[test]
fn an_object_key_given_twice_keeps_the_last_value() {
    assert_eq!(eval("", "{ a = 1, b = 2, a = 3 }"), "{ a = 3, b = 2 }");
    assert_eq!(
        eval("", "{\n    Name = \"x\"\n    Name = \"y\"\n  }"),
        "{ Name = \"y\" }"
    );
}

#[test]
fn newlines_inside_brackets_and_parentheses() {
    assert_eq!(eval("", "[\n    1,\n    2,\n  ]"), "[1, 2]");
    assert_eq!(eval("", "max(\n    1,\n    5,\n    3\n  )"), "5");
    assert_eq!(eval("", "(\n    1 +\n    2\n  )"), "3");
    assert_eq!(eval("", "[for x in [1, 2] :\n    x * 2\n  ]"), "[2, 4]");
}

#[test]
fn for_expressions_with_filters_and_grouping() {
    assert_eq!(
        eval("", "[for x in [1, 2, 3, 4] : x if x % 2 == 0]"),
        "[2, 4]"
    );
    assert_eq!(
        eval("", "{ for k, v in { a = 1, b = 2 } : v => k }"),
        r#"{ 1 = "a", 2 = "b" }"#
    );
    assert_eq!(
        eval(
            "",
            r#"{ for s in ["ax", "ay", "bz"] : substr(s, 0, 1) => s... }"#
        ),
        r#"{ a = ["ax", "ay"], b = ["bz"] }"#
    );
}

#[test]
fn splats_and_legacy_index() {
    let locals = r#"  items = [{ n = "a", t = { k = 1 } }, { n = "b", t = { k = 2 } }]"#;
    assert_eq!(eval(locals, "local.items[*].n"), r#"["a", "b"]"#);
    assert_eq!(eval(locals, "local.items[*].t.k"), "[1, 2]");
    assert_eq!(eval(locals, "local.items.*.n"), r#"["a", "b"]"#);
    assert_eq!(eval(locals, "local.items.0.n"), r#""a""#);
    assert_eq!(eval(locals, "local.items[1][\"n\"]"), r#""b""#);
}

#[test]
fn templates_nested_and_directives() {
    let locals = r#"  name = "web"
  list = ["a", "b"]"#;
    assert_eq!(
        eval(locals, r#""${local.name}-${"${local.name}x"}""#),
        r#""web-webx""#
    );
    assert_eq!(
        eval(locals, r#""%{for x in local.list}${x};%{endfor}""#),
        r#""a;b;""#
    );
    assert_eq!(
        eval(locals, r#""%{if local.name == "web"}yes%{else}no%{endif}""#),
        r#""yes""#
    );
    assert_eq!(
        eval(locals, r#""$${literal} %%{x}""#),
        r#""${literal} %{x}""#
    );
}

#[test]
fn heredoc_flavours() {
    assert_eq!(
        eval("", "<<EOT\nline1\n  line2\nEOT\n"),
        r#""line1\n  line2\n""#
    );
    assert_eq!(
        eval("", "<<-EOT\n    a\n      b\n    EOT\n"),
        r#""a\n  b\n""#
    );
    assert_eq!(
        eval("  n = 2", "<<-EOT\n    n=${local.n}\n    EOT\n"),
        r#""n=2\n""#
    );
}

#[test]
fn comments_everywhere() {
    let expr = "[ # first\n    1, // second\n    /* third */ 2,\n    # last\n  ]";
    assert_eq!(
        eval("  # a comment in locals\n  x = 1 // trailing", expr),
        "[1, 2]"
    );
    assert_eq!(eval("", "{ /* k */ a = /* v */ 1 }"), "{ a = 1 }");
}

#[test]
fn operators_precedence_and_unary() {
    assert_eq!(eval("", "1 + 2 * 3 - -1"), "8");
    assert_eq!(eval("", "!false && (1 < 2 || false)"), "true");
    assert_eq!(eval("", "10 % 4 == 2 ? \"even\" : \"odd\""), r#""even""#);
}
