//! The Terraform AWS provider schema, embedded, for offline `terraform validate`-like checks.
//!
//! The data (`data/aws-provider-schema.json`) is derived from the prebuilt CDKTF
//! bindings `@cdktf/provider-aws` by `scripts/schema/extract-aws-schema.mjs`; see
//! `scripts/schema/README.md` for its format and how to regenerate and verify it.
//!
//! Loading is cheap: [`provider()`] only splits the embedded text into one slice
//! per resource / data source (the file has one entry per line) and parses the
//! small header. Each resource's schema is parsed with `serde_json` on first
//! access and cached.
//!
//! ```
//! let aws = tfready_schema::provider();
//! let instance = aws.resource("aws_instance").unwrap();
//! assert!(instance.attribute("ami").is_some());
//! assert!(instance.attribute("arn").unwrap().computed());
//! assert_eq!(instance.block("metadata_options").unwrap().max_items(), Some(1));
//! ```
//!
//! What the source does and does not tell (see the README for details):
//! * `required` is exact for arguments and for list/set blocks (`min_items > 0`);
//! * `computed` means computed-only (exported, not settable). Optional+computed
//!   arguments appear as plain optional arguments;
//! * `deprecated` is carried through, but the 21.22.1 package has no
//!   deprecation markers at all, so it is currently always `None`;
//! * a few huge subtrees that cdktf does not describe (`statement` of
//!   `aws_wafv2_web_acl` / `aws_wafv2_rule_group` rules, `definition` of the
//!   QuickSight analysis / dashboard / template) are *opaque*: their body is
//!   unknown and must not be checked.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

mod terraform_json;
#[cfg(test)]
mod tests;

pub use terraform_json::from_terraform_json;

/// The embedded, generated schema file.
pub const EMBEDDED_JSON: &str = include_str!("../data/aws-provider-schema.json");

/// The format version of the data file this crate understands.
pub const FORMAT: u32 = 1;

/// A schema the user supplied (`--schema`), used instead of the embedded one.
static CHOSEN: OnceLock<ProviderSchema> = OnceLock::new();

/// Makes `schema` the one [`provider()`] returns for the rest of the run.
/// Call it before anything reads the schema; a second call is refused.
pub fn use_schema(schema: ProviderSchema) -> Result<(), SchemaError> {
    CHOSEN
        .set(schema)
        .map_err(|_| SchemaError("a provider schema was already chosen".into()))
}

/// The embedded schema, whatever [`use_schema`] chose.
pub fn embedded() -> &'static ProviderSchema {
    static SCHEMA: OnceLock<ProviderSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        ProviderSchema::from_static_str(EMBEDDED_JSON)
            .unwrap_or_else(|e| panic!("embedded AWS provider schema is malformed: {e}"))
    })
}

/// The AWS provider schema of this run: the one given with `--schema`,
/// else the embedded one (loaded on first call).
pub fn provider() -> &'static ProviderSchema {
    CHOSEN.get().unwrap_or_else(embedded)
}

/// An error in the layout or header of a schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

fn err<T>(msg: impl Into<String>) -> Result<T, SchemaError> {
    Err(SchemaError(msg.into()))
}

/// Schema of one provider: resource types, data sources and the provider block.
pub struct ProviderSchema {
    provider_source: String,
    provider_version: String,
    package_name: String,
    package_version: String,
    provider_config: BlockSchema,
    resources: Table,
    data_sources: Table,
}

impl fmt::Debug for ProviderSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderSchema")
            .field("provider_source", &self.provider_source)
            .field("provider_version", &self.provider_version)
            .field(
                "package",
                &format_args!("{}@{}", self.package_name, self.package_version),
            )
            .field("resources", &self.resources.entries.len())
            .field("data_sources", &self.data_sources.entries.len())
            .finish()
    }
}

impl ProviderSchema {
    /// Indexes a schema file in the generator's line layout (header members on
    /// the first line, then one `"type":{...}` entry per line). Entries are
    /// parsed later, on first access.
    pub fn from_static_str(text: &'static str) -> Result<Self, SchemaError> {
        let mut lines = text.split('\n');
        let first = lines.next().unwrap_or_default();
        let Some(members) = first.strip_suffix(',') else {
            return err("header line does not end with ','");
        };
        let header: Header = serde_json::from_str(&format!("{members}}}"))
            .map_err(|e| SchemaError(format!("bad header: {e}")))?;
        if header.format != FORMAT {
            return err(format!(
                "unsupported format {} (expected {FORMAT})",
                header.format
            ));
        }
        expect_line(lines.next(), "\"resources\":{")?;
        let resources = Table::read(&mut lines, "},")?;
        expect_line(lines.next(), "\"data_sources\":{")?;
        let data_sources = Table::read(&mut lines, "}}")?;
        if lines.any(|l| !l.trim().is_empty()) {
            return err("trailing content after the data_sources section");
        }
        if resources.entries.len() != header.counts.resources
            || data_sources.entries.len() != header.counts.data_sources
        {
            return err(format!(
                "counts mismatch: header says {}/{}, found {}/{}",
                header.counts.resources,
                header.counts.data_sources,
                resources.entries.len(),
                data_sources.entries.len()
            ));
        }
        Ok(ProviderSchema {
            provider_source: header.provider.source,
            provider_version: header.provider.version,
            package_name: header.package.name,
            package_version: header.package.version,
            provider_config: header.provider_config,
            resources,
            data_sources,
        })
    }

    /// Provider version the schema comes from, e.g. `"6.25.0"`.
    pub fn provider_version(&self) -> &str {
        &self.provider_version
    }

    /// Provider source address, `"registry.terraform.io/hashicorp/aws"`.
    pub fn provider_source(&self) -> &str {
        &self.provider_source
    }

    /// npm package the data was extracted from, `"@cdktf/provider-aws"`.
    pub fn package_name(&self) -> &str {
        &self.package_name
    }

    /// Version of that package, e.g. `"21.22.1"`.
    pub fn package_version(&self) -> &str {
        &self.package_version
    }

    /// Schema of the `provider "aws" { ... }` block.
    pub fn provider_config(&self) -> &BlockSchema {
        &self.provider_config
    }

    /// Schema of a managed resource type (`"aws_instance"`), parsed on first access.
    pub fn resource(&self, ty: &str) -> Option<&BlockSchema> {
        self.resources.get(ty)
    }

    /// Schema of a data source type (`"aws_ami"`, without `data.`), parsed on first access.
    pub fn data_source(&self, ty: &str) -> Option<&BlockSchema> {
        self.data_sources.get(ty)
    }

    /// Whether a resource type exists (does not parse its schema).
    pub fn has_resource(&self, ty: &str) -> bool {
        self.resources.find(ty).is_some()
    }

    /// Whether a data source type exists (does not parse its schema).
    pub fn has_data_source(&self, ty: &str) -> bool {
        self.data_sources.find(ty).is_some()
    }

    /// All resource type names, sorted.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.resources.entries.iter().map(|e| e.name)
    }

    /// All data source type names, sorted.
    pub fn data_source_types(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.data_sources.entries.iter().map(|e| e.name)
    }
}

fn expect_line(line: Option<&str>, expected: &str) -> Result<(), SchemaError> {
    match line {
        Some(l) if l == expected => Ok(()),
        Some(l) => err(format!(
            "expected line {expected:?}, found {:?}",
            truncate(l)
        )),
        None => err(format!("expected line {expected:?}, found end of file")),
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(60) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[derive(Deserialize)]
struct Header {
    format: u32,
    provider: HeaderProvider,
    package: HeaderPackage,
    counts: HeaderCounts,
    provider_config: BlockSchema,
}

#[derive(Deserialize)]
struct HeaderProvider {
    source: String,
    version: String,
}

#[derive(Deserialize)]
struct HeaderPackage {
    name: String,
    version: String,
}

#[derive(Deserialize)]
struct HeaderCounts {
    resources: usize,
    data_sources: usize,
}

/// Sorted entries of one section, each parsed on first access.
struct Table {
    entries: Vec<Entry>,
}

struct Entry {
    name: &'static str,
    raw: &'static str,
    parsed: OnceLock<BlockSchema>,
}

impl Table {
    fn read(
        lines: &mut impl Iterator<Item = &'static str>,
        end: &str,
    ) -> Result<Table, SchemaError> {
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            let Some(line) = lines.next() else {
                return err(format!("section not closed by {end:?}"));
            };
            if line == end {
                break;
            }
            if line.is_empty() {
                continue;
            }
            let body = line.strip_suffix(',').unwrap_or(line);
            let Some((name, raw)) = body.strip_prefix('"').and_then(|r| r.split_once("\":")) else {
                return err(format!("bad entry line {:?}", truncate(line)));
            };
            if name.contains('\\') || !raw.starts_with('{') || !raw.ends_with('}') {
                return err(format!("bad entry line {:?}", truncate(line)));
            }
            if let Some(prev) = entries.last() {
                if prev.name >= name {
                    return err(format!(
                        "entries not sorted: {:?} after {:?}",
                        name, prev.name
                    ));
                }
            }
            entries.push(Entry {
                name,
                raw,
                parsed: OnceLock::new(),
            });
        }
        Ok(Table { entries })
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.name.cmp(name))
            .ok()
            .map(|i| &self.entries[i])
    }

    fn get(&self, name: &str) -> Option<&BlockSchema> {
        let entry = self.find(name)?;
        Some(entry.parsed.get_or_init(|| {
            serde_json::from_str(entry.raw)
                .unwrap_or_else(|e| panic!("schema entry {:?} is malformed: {e}", entry.name))
        }))
    }
}

fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(u8::deserialize(d)? != 0)
}

/// The body of a resource, data source, nested block or object-typed attribute:
/// its attributes (arguments and computed attributes) and nested block types.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BlockSchema {
    #[serde(rename = "a", default)]
    attributes: BTreeMap<String, AttributeSchema>,
    #[serde(rename = "b", default)]
    blocks: BTreeMap<String, NestedBlockSchema>,
    #[serde(rename = "x", default, deserialize_with = "flag")]
    opaque: bool,
}

/// An attribute or a nested block type of a [`BlockSchema`].
#[derive(Debug, Clone, Copy)]
pub enum Member<'a> {
    Attribute(&'a AttributeSchema),
    Block(&'a NestedBlockSchema),
}

impl BlockSchema {
    /// An attribute (argument or computed attribute) by Terraform name.
    pub fn attribute(&self, name: &str) -> Option<&AttributeSchema> {
        self.attributes.get(name)
    }

    /// A nested block type by Terraform name.
    pub fn block(&self, name: &str) -> Option<&NestedBlockSchema> {
        self.blocks.get(name)
    }

    /// An attribute or nested block type by Terraform name.
    pub fn member(&self, name: &str) -> Option<Member<'_>> {
        if let Some(a) = self.attributes.get(name) {
            return Some(Member::Attribute(a));
        }
        self.blocks.get(name).map(Member::Block)
    }

    /// All attributes, sorted by name (computed-only ones included).
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &AttributeSchema)> + '_ {
        self.attributes.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// All nested block types, sorted by name.
    pub fn blocks(&self) -> impl Iterator<Item = (&str, &NestedBlockSchema)> + '_ {
        self.blocks.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Attributes that may be set in configuration (not computed-only).
    pub fn settable_attributes(&self) -> impl Iterator<Item = (&str, &AttributeSchema)> + '_ {
        self.attributes().filter(|(_, a)| !a.computed())
    }

    /// Attributes that must be set.
    pub fn required_attributes(&self) -> impl Iterator<Item = (&str, &AttributeSchema)> + '_ {
        self.attributes().filter(|(_, a)| a.required())
    }

    /// Nested block types that must appear at least once.
    pub fn required_blocks(&self) -> impl Iterator<Item = (&str, &NestedBlockSchema)> + '_ {
        self.blocks().filter(|(_, b)| b.required())
    }

    /// True when the body is not described by the source (a subtree cdktf
    /// skipped, or a recursive type): anything may appear inside, don't check it.
    pub fn is_opaque(&self) -> bool {
        self.opaque
    }
}

/// One attribute: a settable argument, or a computed-only attribute.
#[derive(Debug, Clone, Deserialize)]
pub struct AttributeSchema {
    #[serde(rename = "t", deserialize_with = "value_type")]
    value_type: ValueType,
    #[serde(rename = "r", default, deserialize_with = "flag")]
    required: bool,
    #[serde(rename = "c", default, deserialize_with = "flag")]
    computed: bool,
    #[serde(rename = "d", default)]
    deprecated: Option<String>,
    #[serde(rename = "n", default)]
    nested: Option<BlockSchema>,
}

fn value_type<'de, D: Deserializer<'de>>(d: D) -> Result<ValueType, D::Error> {
    let code = <&str>::deserialize(d)?;
    ValueType::from_code(code)
        .ok_or_else(|| serde::de::Error::custom(format!("bad type code {code:?}")))
}

impl AttributeSchema {
    /// Must be set in configuration.
    pub fn required(&self) -> bool {
        self.required
    }

    /// May be set but need not be.
    pub fn optional(&self) -> bool {
        !self.required && !self.computed
    }

    /// Computed-only: exported (can be referenced) but cannot be set.
    pub fn computed(&self) -> bool {
        self.computed
    }

    /// May appear in configuration.
    pub fn settable(&self) -> bool {
        !self.computed
    }

    /// Deprecation message, when the source marks the attribute deprecated.
    pub fn deprecated(&self) -> Option<&str> {
        self.deprecated.as_deref()
    }

    /// Value type (`string`, `list(string)`, `set(object)`, ...).
    pub fn value_type(&self) -> &ValueType {
        &self.value_type
    }

    /// For object-typed attributes (`object`, `list(object)`, ...): the
    /// attributes of the object. Note that some SDKv2 resources accept such
    /// attributes in block syntax too (e.g. `ingress` of `aws_security_group`).
    pub fn nested(&self) -> Option<&BlockSchema> {
        self.nested.as_ref()
    }
}

/// How a nested block type may repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum NestingMode {
    /// Ordered, repeatable (`max_items` may limit it to one).
    #[serde(rename = "list")]
    List,
    /// Unordered, repeatable.
    #[serde(rename = "set")]
    Set,
    /// At most one block.
    #[serde(rename = "single")]
    Single,
    /// Labelled blocks (`name "key" { ... }`).
    #[serde(rename = "map")]
    Map,
}

/// A nested block type: nesting, cardinality and its own body.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawNestedBlock")]
pub struct NestedBlockSchema {
    nesting: Option<NestingMode>,
    min_items: u32,
    max_items: Option<u32>,
    required: bool,
    deprecated: Option<String>,
    body: BlockSchema,
}

#[derive(Deserialize)]
struct RawNestedBlock {
    #[serde(default)]
    m: Option<NestingMode>,
    #[serde(default)]
    min: u32,
    #[serde(default)]
    max: Option<u32>,
    #[serde(default, deserialize_with = "flag")]
    r: bool,
    #[serde(default)]
    d: Option<String>,
    #[serde(default)]
    a: BTreeMap<String, AttributeSchema>,
    #[serde(default)]
    b: BTreeMap<String, NestedBlockSchema>,
    #[serde(default, deserialize_with = "flag")]
    x: bool,
}

impl From<RawNestedBlock> for NestedBlockSchema {
    fn from(r: RawNestedBlock) -> Self {
        NestedBlockSchema {
            nesting: r.m,
            min_items: r.min,
            max_items: r.max,
            required: r.r,
            deprecated: r.d,
            body: BlockSchema {
                attributes: r.a,
                blocks: r.b,
                opaque: r.x,
            },
        }
    }
}

impl NestedBlockSchema {
    /// Nesting mode; `None` for opaque blocks whose nesting the source does not tell.
    pub fn nesting(&self) -> Option<NestingMode> {
        self.nesting
    }

    /// Minimum number of blocks (1 for required list/set blocks, else 0).
    pub fn min_items(&self) -> u32 {
        self.min_items
    }

    /// Maximum number of blocks, when known (`Some(1)` for list/set blocks
    /// limited to one item). `Single` blocks also allow at most one.
    pub fn max_items(&self) -> Option<u32> {
        match (self.max_items, self.nesting) {
            (Some(n), _) => Some(n),
            (None, Some(NestingMode::Single)) => Some(1),
            _ => None,
        }
    }

    /// At least one block must be present.
    pub fn required(&self) -> bool {
        self.required
    }

    /// Deprecation message, when the source marks the block deprecated.
    pub fn deprecated(&self) -> Option<&str> {
        self.deprecated.as_deref()
    }

    /// The block's body (also reachable through `Deref`).
    pub fn body(&self) -> &BlockSchema {
        &self.body
    }
}

impl Deref for NestedBlockSchema {
    type Target = BlockSchema;

    fn deref(&self) -> &BlockSchema {
        &self.body
    }
}

/// Value type of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    String,
    Number,
    Bool,
    /// `dynamic` / unknown (also used where the source only says "any").
    Dynamic,
    /// An object; its attributes are in [`AttributeSchema::nested`].
    Object,
    List(Box<ValueType>),
    Set(Box<ValueType>),
    Map(Box<ValueType>),
}

impl ValueType {
    /// Parses the compact code of the data file: collection prefixes
    /// `l`/`s`/`m` (list/set/map) before a base `s`/`n`/`b`/`d`/`o`
    /// (string/number/bool/dynamic/object), e.g. `"ls"` = `list(string)`.
    pub fn from_code(code: &str) -> Option<ValueType> {
        let bytes = code.as_bytes();
        let (&base, prefixes) = bytes.split_last()?;
        let mut ty = match base {
            b's' => ValueType::String,
            b'n' => ValueType::Number,
            b'b' => ValueType::Bool,
            b'd' => ValueType::Dynamic,
            b'o' => ValueType::Object,
            _ => return None,
        };
        for &p in prefixes.iter().rev() {
            ty = match p {
                b'l' => ValueType::List(Box::new(ty)),
                b's' => ValueType::Set(Box::new(ty)),
                b'm' => ValueType::Map(Box::new(ty)),
                _ => return None,
            };
        }
        Some(ty)
    }

    /// Element type of a list, set or map.
    pub fn element(&self) -> Option<&ValueType> {
        match self {
            ValueType::List(t) | ValueType::Set(t) | ValueType::Map(t) => Some(t),
            _ => None,
        }
    }

    /// True for object, and collections of objects at any depth.
    pub fn is_object_like(&self) -> bool {
        match self {
            ValueType::Object => true,
            other => other.element().is_some_and(ValueType::is_object_like),
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::String => f.write_str("string"),
            ValueType::Number => f.write_str("number"),
            ValueType::Bool => f.write_str("bool"),
            ValueType::Dynamic => f.write_str("dynamic"),
            ValueType::Object => f.write_str("object"),
            ValueType::List(t) => write!(f, "list({t})"),
            ValueType::Set(t) => write!(f, "set({t})"),
            ValueType::Map(t) => write!(f, "map({t})"),
        }
    }
}
