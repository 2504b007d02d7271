//! Streaming output: the long lists of a report (findings, SARIF results)
//! are produced while the document is written, never held as one value or
//! one string; and every line is scrubbed of secrets on its way out.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use tfready_model::Project;

/// One element of a streamed list: a JSON value, or a finding written
/// straight from its borrowed fields.
pub(crate) enum Item<'a> {
    Value(Value),
    Finding(Box<crate::json::FindingOut<'a>>),
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Value(v) => v.serialize(s),
            Item::Finding(f) => f.serialize(s),
        }
    }
}

/// A list of a document written as it is produced.
pub(crate) type Producer<'a> = &'a dyn Fn() -> Box<dyn Iterator<Item = Item<'a>> + 'a>;

/// A JSON document whose string values equal to a `lists` key stand for
/// that list, produced during serialization. Key order is the document's.
pub(crate) struct Lazy<'a> {
    pub value: &'a Value,
    pub lists: &'a [(&'static str, Producer<'a>)],
}

/// The placeholder for a list named `name` in a [`Lazy`] document.
pub(crate) fn placeholder(name: &str) -> Value {
    Value::String(format!("\u{0}tfready-list:{name}"))
}

impl Serialize for Lazy<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let at = |v: &'_ Value| -> Option<Producer<'_>> {
            let name = v.as_str()?.strip_prefix("\u{0}tfready-list:")?;
            self.lists.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
        };
        match self.value {
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, &self.with(v))?;
                }
                m.end()
            }
            Value::Array(items) => s.collect_seq(items.iter().map(|v| self.with(v))),
            v => match at(v) {
                Some(produce) => s.collect_seq(produce()),
                None => v.serialize(s),
            },
        }
    }
}

impl<'a> Lazy<'a> {
    fn with(&self, value: &'a Value) -> Lazy<'a> {
        Lazy {
            value,
            lists: self.lists,
        }
    }
}

/// Writes `doc` pretty-printed and scrubbed, then a newline, producing each
/// of its `lists` (see [`placeholder`]) while it is written.
pub(crate) fn write_document<'a>(
    project: &Project,
    doc: &'a Value,
    lists: &'a [(&'static str, Producer<'a>)],
    out: &mut dyn Write,
) -> io::Result<()> {
    // Secrets are matched as JSON writes them: a raw `"` or `\\` in one
    // must not cut a string of the document open.
    let mut out = Scrubbed::encoded(project, out, |p| {
        let quoted = serde_json::to_string(p).unwrap_or_default();
        quoted[1..quoted.len().saturating_sub(1).max(1)].to_string()
    });
    serde_json::to_writer_pretty(&mut out, &Lazy { value: doc, lists })?;
    out.write_all(b"\n")?;
    out.finish()
}

/// A writer that removes every known secret of the project, a line at a
/// time (defence in depth over the model's own redaction). Call
/// [`Scrubbed::finish`] to write the last line.
pub struct Scrubbed<'a> {
    patterns: Vec<String>,
    out: &'a mut dyn Write,
    line: Vec<u8>,
}

impl<'a> Scrubbed<'a> {
    pub fn new(project: &'a Project, out: &'a mut dyn Write) -> Self {
        Scrubbed {
            patterns: project
                .line_patterns()
                .into_iter()
                .map(str::to_string)
                .collect(),
            out,
            line: Vec::new(),
        }
    }

    /// A scrubber for a format that encodes text (JSON, XML): each secret
    /// is looked for both as it is and as `encode` writes it, so a match
    /// never spans the format's own syntax.
    pub fn encoded(
        project: &'a Project,
        out: &'a mut dyn Write,
        encode: impl Fn(&str) -> String,
    ) -> Self {
        let mut patterns: Vec<String> = project.line_patterns().into_iter().map(encode).collect();
        // Longest first: an encoded form may contain a shorter secret.
        patterns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Scrubbed {
            patterns,
            out,
            line: Vec::new(),
        }
    }

    fn emit(&mut self) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
        let clean = tfready_model::secrets::scrub_line(&text, &patterns);
        self.out.write_all(clean.as_bytes())?;
        self.line.clear();
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.emit()?;
        }
        self.out.flush()
    }
}

impl Write for Scrubbed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..=i]);
            self.emit()?;
            rest = &rest[i + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
