//! AWS's own price list, in the three shapes AWS publishes it: the JSON
//! document `GetProducts` returns for each product, the bulk offer file
//! (`offers/v1.0/aws/<Service>/current/<region>/index.json`) and that file's
//! CSV export. Each is read into [`Product`]s; [`crate::catalog`] says which
//! product is which of tfready's price keys.
//!
//! Attribute names differ between the JSON (`instanceType`) and the CSV
//! (`Instance Type`); both are kept under [`attr_key`]'s spelling
//! (`instancetype`) so one query matches either.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// One product with its on-demand price dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub sku: String,
    pub service_code: String,
    /// Attributes under [`attr_key`] names, `productfamily` among them.
    pub attributes: BTreeMap<String, String>,
    pub on_demand: Vec<Dimension>,
}

/// One on-demand rate: `usd` per `unit` from `begin` up to `end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub unit: String,
    pub begin: f64,
    pub end: Option<f64>,
    pub usd: f64,
    pub description: String,
}

impl Product {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(&attr_key(name)).map(String::as_str)
    }
}

/// An attribute name as both formats can be matched on: letters and digits,
/// lower case (`Instance Type` and `instanceType` are both `instancetype`,
/// `Pre Installed S/W` and `preInstalledSw` both `preinstalledsw`).
pub fn attr_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProduct {
    sku: Option<String>,
    product_family: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTerm {
    #[serde(default)]
    price_dimensions: BTreeMap<String, RawDimension>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDimension {
    unit: Option<String>,
    begin_range: Option<String>,
    end_range: Option<String>,
    #[serde(default)]
    price_per_unit: BTreeMap<String, String>,
    description: Option<String>,
}

fn product(raw: RawProduct, service_code: &str, terms: Vec<RawTerm>) -> Product {
    let mut attributes: BTreeMap<String, String> = raw
        .attributes
        .into_iter()
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((attr_key(&k), s)),
            _ => None,
        })
        .collect();
    if let Some(family) = raw.product_family {
        attributes.insert("productfamily".into(), family);
    }
    let service_code = attributes
        .get("servicecode")
        .cloned()
        .unwrap_or_else(|| service_code.to_string());
    let mut on_demand: Vec<Dimension> = terms
        .into_iter()
        .flat_map(|t| t.price_dimensions.into_values())
        .filter_map(dimension)
        .collect();
    on_demand.sort_by(|a, b| a.begin.total_cmp(&b.begin));
    Product {
        sku: raw.sku.unwrap_or_default(),
        service_code,
        attributes,
        on_demand,
    }
}

fn dimension(raw: RawDimension) -> Option<Dimension> {
    let usd = raw.price_per_unit.get("USD")?.trim().parse::<f64>().ok()?;
    let begin = raw
        .begin_range
        .as_deref()
        .and_then(|b| b.parse().ok())
        .unwrap_or(0.0);
    let end = raw
        .end_range
        .as_deref()
        .filter(|e| *e != "Inf")
        .and_then(|e| e.parse().ok());
    Some(Dimension {
        unit: raw.unit.unwrap_or_default(),
        begin,
        end,
        usd,
        description: raw.description.unwrap_or_default(),
    })
}

/// One entry of `GetProducts`' `PriceList`: a JSON document in a string.
pub fn parse_price_list_entry(text: &str) -> Result<Product, String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Entry {
        product: RawProduct,
        #[serde(default)]
        service_code: String,
        #[serde(default)]
        terms: Terms,
    }
    let entry: Entry =
        serde_json::from_str(text).map_err(|e| format!("not a price list product: {e}"))?;
    let terms = entry.terms.on_demand.into_values().collect();
    Ok(product(entry.product, &entry.service_code, terms))
}

#[derive(Deserialize, Default)]
struct Terms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, RawTerm>,
}

/// A bulk offer file (`index.json` of one service and region).
pub fn parse_offer_file(text: &str) -> Result<Vec<Product>, String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Offer {
        offer_code: String,
        products: BTreeMap<String, RawProduct>,
        #[serde(default)]
        terms: OfferTerms,
    }
    #[derive(Deserialize, Default)]
    struct OfferTerms {
        #[serde(rename = "OnDemand", default)]
        on_demand: BTreeMap<String, BTreeMap<String, RawTerm>>,
    }
    let mut offer: Offer =
        serde_json::from_str(text).map_err(|e| format!("not an AWS offer file: {e}"))?;
    Ok(offer
        .products
        .into_iter()
        .map(|(sku, raw)| {
            let terms = offer
                .terms
                .on_demand
                .remove(&sku)
                .map(|t| t.into_values().collect())
                .unwrap_or_default();
            product(raw, &offer.offer_code, terms)
        })
        .collect())
}

/// The CSV export of an offer file: a few `"Name","value"` lines, then a
/// header row (`SKU`, `TermType`, `Unit`, `PricePerUnit`, then one column per
/// attribute) and one row per rate.
pub fn parse_offer_csv(text: &str) -> Result<Vec<Product>, String> {
    let mut rows = text.lines().map(csv_row);
    let mut offer_code = String::new();
    let header = loop {
        let row = rows.next().ok_or("no header row with a SKU column")?;
        if row.first().map(String::as_str) == Some("SKU") {
            break row;
        }
        if row.first().map(String::as_str) == Some("OfferCode") {
            offer_code = row.get(1).cloned().unwrap_or_default();
        }
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(sku), Some(term), Some(unit), Some(usd)) = (
        col("SKU"),
        col("TermType"),
        col("Unit"),
        col("PricePerUnit"),
    ) else {
        return Err("the header row lacks SKU, TermType, Unit or PricePerUnit".into());
    };
    let (begin, end, desc) = (
        col("StartingRange"),
        col("EndingRange"),
        col("PriceDescription"),
    );
    let first_attr = col("Currency").map_or(header.len(), |c| c + 1);
    let mut products: BTreeMap<String, Product> = BTreeMap::new();
    for row in rows {
        let get = |i: Option<usize>| i.and_then(|i| row.get(i)).cloned().unwrap_or_default();
        if get(Some(term)) != "OnDemand" {
            continue;
        }
        let Ok(price) = get(Some(usd)).parse::<f64>() else {
            continue;
        };
        let sku_id = get(Some(sku));
        let entry = products.entry(sku_id.clone()).or_insert_with(|| {
            let attributes: BTreeMap<String, String> = header
                .iter()
                .enumerate()
                .skip(first_attr)
                .filter_map(|(i, h)| {
                    let v = row.get(i)?;
                    (!v.is_empty()).then(|| (attr_key(h), v.clone()))
                })
                .collect();
            Product {
                service_code: attributes
                    .get("servicecode")
                    .cloned()
                    .unwrap_or_else(|| offer_code.clone()),
                sku: sku_id,
                attributes,
                on_demand: Vec::new(),
            }
        });
        entry.on_demand.push(Dimension {
            unit: get(Some(unit)),
            begin: get(begin).parse().unwrap_or(0.0),
            end: get(end).parse().ok(),
            usd: price,
            description: get(desc),
        });
    }
    let mut out: Vec<Product> = products.into_values().collect();
    for p in &mut out {
        p.on_demand.sort_by(|a, b| a.begin.total_cmp(&b.begin));
    }
    Ok(out)
}

/// One CSV line: comma-separated, fields optionally in double quotes with
/// `""` for a quote inside.
fn csv_row(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_keep_quoted_commas_and_quotes() {
        assert_eq!(
            csv_row(r#""a,b","say ""hi""",,c"#),
            vec!["a,b", "say \"hi\"", "", "c"]
        );
    }

    #[test]
    fn attribute_names_of_both_formats_meet() {
        assert_eq!(attr_key("Instance Type"), attr_key("instanceType"));
        assert_eq!(attr_key("Region Code"), "regioncode");
        assert_eq!(attr_key("Pre Installed S/W"), attr_key("preInstalledSw"));
    }
}
