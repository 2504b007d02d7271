//! WAFv2 geo match.

use super::*;

pub(super) fn waf(r: &ResourceRef<'_>, out: &mut Vec<Problem>) {
    visit_geo(r, &r.body(), 0, out);
}

pub(super) fn visit_geo(
    r: &ResourceRef<'_>,
    block: &BlockRef<'_>,
    depth: usize,
    out: &mut Vec<Problem>,
) {
    if depth > 32 {
        return;
    }
    let mut names = BTreeSet::new();
    for b in block.body.blocks() {
        let name = if b.ident.as_str() == "dynamic" {
            match b.labels.first() {
                Some(l) => l.as_str().to_string(),
                None => continue,
            }
        } else {
            b.ident.as_str().to_string()
        };
        names.insert(name);
    }
    for name in names {
        for child in block.blocks(&name) {
            if name == "geo_match_statement" {
                geo(r, &child, out);
            } else {
                visit_geo(r, &child, depth + 1, out);
            }
        }
    }
}

pub(super) fn geo(r: &ResourceRef<'_>, stmt: &BlockRef<'_>, out: &mut Vec<Problem>) {
    let attr = stmt.attr("country_codes");
    let value = attr.as_ref().map(|a| a.value());
    let empty = match &value {
        None => true,
        Some(v) if v.is_null() => true,
        Some(v) => v.length() == Some(0),
    };
    if !empty {
        return;
    }
    let (location, shown) = match &attr {
        Some(a) => (
            a.location(),
            a.origin().unwrap_or_else(|| a.source_text().to_string()),
        ),
        None => (stmt.location(), "no country_codes".to_string()),
    };
    let message = format!("GeoMatchStatement.CountryCodes must contain at least 1 country code, but {shown} is empty: AWS WAF rejects the rule (WAFInvalidParameterException) when the web ACL is created or updated.");
    let fix = "Give country_codes at least one ISO 3166 code, or add the rule only when the list is non-empty (dynamic \"rule\" with for_each = length(var.blocked_countries) > 0 ? [1] : []).".to_string();
    out.push(emit(
        r,
        true,
        "aws-wafv2-geo-match",
        location,
        message,
        fix,
        WAF_SOURCE,
    ));
}
