//! The direct parser (text straight into tfready's tree) against hcl-edit,
//! the reference: wherever it reads a text, the tree must be the one
//! hcl-edit's parse converts to, spans included; where it is unsure or the
//! text is wrong, it must give up and leave the text to hcl-edit.

use std::path::{Path, PathBuf};
use tfready_model::ast::{check_direct, DirectCheck};

fn tf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() && name != "target" && !name.starts_with('.') {
            tf_files(&p, out);
        } else if name.ends_with(".tf") {
            out.push(p);
        }
    }
}

#[test]
fn every_tf_file_in_the_repository_reads_as_hcl_edit_reads_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    tf_files(&root.join("examples"), &mut files);
    tf_files(&root.join("crates"), &mut files);
    let (mut same, mut fallback) = (0, 0);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        match check_direct(&text) {
            DirectCheck::Same => same += 1,
            DirectCheck::Fallback => fallback += 1,
            // Syntax errors, and the hcl-edit blow-up fixtures.
            DirectCheck::BothRefuse | DirectCheck::Guarded => {}
            DirectCheck::Differs => panic!("{} reads differently", f.display()),
        }
    }
    assert!(files.len() > 300, "{} files", files.len());
    // Giving up is always safe, so a parser that gave up on everything
    // would pass the loop: most files must be read directly.
    assert!(
        same > 9 * (same + fallback) / 10,
        "{same} read directly, {fallback} left to hcl-edit"
    );
}

/// Shapes read directly, each compared with hcl-edit's tree.
const READ: &[&str] = &[
    "a = 1\n",
    "a = 1",
    "a = -1\nb = - 2.5\nc = 1.5e3\nd = 2E-2\ne = 18446744073709551616\nf = 0\n",
    "a = a + b * c - d / e % f\n",
    "a = x == y && z || !w\nb = p != q\nc = 1 < 2\nd = 3 >= 4\ne = -x\n",
    "a = (a + b) * c\nb = !x.y[0]\nc = -f(1)\n",
    "a = c ? 1 : 2\nb = x > 0 ? x : -x\nc = a ? b : c ? d : e\n",
    "a = var.x[0].y.0.z\nb = a[*].b\nc = a.*.b\nd = x[\"k\"][var.i + 1]\n",
    "a = f()\nb = f(1, 2,)\nc = f(x...)\nd = provider::aws::arn_parse(\"x\")\n",
    "a = f(\n  1,\n  # why\n  2\n)\n",
    "a = [for k, v in m : v if v != null]\nb = [for x in l : x]\n",
    "a = { for k, v in m : k => v... if true }\nb = {for x in l : x => x}\n",
    "a = {\n  for k, v in var.m : k => v\n  if v != null\n}\n",
    "a = { for k in l : k => c ? x :\n  y }\n",
    "a = \"plain\"\nb = \"\"\nc = \"$${x} %%{y} $ % \\u00e9 \\U0001F600 \\\" \\\\ \\n\\t\"\n",
    "a = \"x${b}c${d.e[0]}\"\nb = \"${x}\"\nc = \"${ f(\"in\") }-s\"\n",
    "a = { a = 1, \"b\" = 2, (c) = 3, d: 4 }\n",
    "a = {\n  x = 1 # c\n  y = 2 // c\n  z = [1,\n    2]\n}\n",
    "a = [\n  1,\n  2,\n]\nb = []\nc = [[1], [2]]\n",
    "# c\n// c\n/* c\n c */\nb \"l1\" l2 {\n  a = 1 # c\n\n  c {}\n  d { e = 1 }\n}\n",
    "a = 1\r\nb {\r\n  c = 2 # c\r\n}\r\n",
    "resource \"aws_instance\" \"web\" {\n  count = var.n > 0 ? 1 : 0\n  tags = merge(local.tags, { Name = \"x-${count.index}\" })\n}\n",
    "a = null\nb = true\nc = false\nd = x-y\ne = x - y\n",
    "b \"é\" {}\n",
];

/// Shapes left to hcl-edit: each is valid, and hcl-edit still reads it.
const LEFT: &[&str] = &[
    "a = <<EOT\nhi\nEOT\n",
    "a = <<-EOT\n  hi\n  EOT\n",
    "a = \"%{ if x }y%{ endif }\"\n",
    "a = \"${~ x ~}\"\n",
    "a = 1 /* c */ + 2\n",
    "a = { a = 1, a = 2 }\n",
    "a = [1] +\n  [2]\n",
    "é = 1\n",
    "a = f (1)\n",
    "a = x .y\n",
];

/// Wrong text: neither reads it (the error comes from hcl-edit).
const WRONG: &[&str] = &[
    "a = 1 b = 2\n",
    "a =\n",
    "b { a = 1 }x\n",
    "a = \"x\n",
    "a = 1\na = 2\n",
    "b {\n  a = 1 }\n",
    "a = 1 +\n  2\n",
    "a = \"\\q\"\n",
    "a = [1,,2]\n",
    "a = f(1,...)\n",
    "a = x & y\n",
    "b { c {} }\n",
    "a = 1e\n",
    "a = { b = 1 c = 2 }\n",
    // A line comment with a `\r` not followed by `\n` (found by fuzzing).
    "a = 1 #\r.\n",
    "# x\ry\na = 1\n",
    "e \"\" {\r}\n",
];

#[test]
fn shapes_read_directly_give_hcl_edits_tree() {
    for text in READ {
        assert_eq!(check_direct(text), DirectCheck::Same, "{text:?}");
    }
}

#[test]
fn shapes_it_is_not_sure_of_are_left_to_hcl_edit() {
    for text in LEFT {
        assert_eq!(check_direct(text), DirectCheck::Fallback, "{text:?}");
    }
}

#[test]
fn wrong_text_is_left_to_hcl_edit_for_its_error() {
    for text in WRONG {
        assert_eq!(check_direct(text), DirectCheck::BothRefuse, "{text:?}");
    }
}

#[test]
fn long_conditional_chains_neither_overflow_nor_read_differently() {
    // `a ? 0 : a ? 1 : ...` nests without brackets, so the loader's bracket
    // guard does not see it; the parser bounds its own depth.
    let chain = |n: usize| {
        let arms: String = (0..n).map(|i| format!("a ? {i} : ")).collect();
        format!("x = {arms}0\n")
    };
    assert_eq!(check_direct(&chain(20)), DirectCheck::Same);
    assert_ne!(check_direct(&chain(5000)), DirectCheck::Differs);
    // Past the loader's bracket guard, hcl-edit may take hours: not compared.
    let brackets = format!("x = {}1{}\n", "(".repeat(20), ")".repeat(20));
    assert_eq!(check_direct(&brackets), DirectCheck::Guarded);
    // Unary operators nest the same way.
    let nots = format!("x = {}a\n", "!".repeat(5000));
    assert_ne!(check_direct(&nots), DirectCheck::Differs);
}

#[test]
fn keys_given_twice_are_found_in_long_bodies_and_objects() {
    // Past a few keys they are kept in a set: the first is still seen.
    let attrs: String = (0..30).map(|i| format!("k{i} = {i}\n")).collect();
    let body = format!("{attrs}k0 = 1\n");
    assert_eq!(check_direct(&body), DirectCheck::BothRefuse);
    let items: String = (0..30).map(|i| format!("  \"k{i}\" = {i}\n")).collect();
    let object = format!("a = {{\n{items}  \"k0\" = 1\n}}\n");
    assert_eq!(check_direct(&object), DirectCheck::Fallback);
    assert_eq!(
        check_direct(&format!("{attrs}k30 = 1\n")),
        DirectCheck::Same
    );
}
