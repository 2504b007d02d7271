//! Streaming output: the long lists of a report (findings, SARIF results)
//! are produced while the document is written, never held as one value or
//! one string; and every line is scrubbed of secrets on its way out.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;
use tfready_model::Project;

/// A list of a document written as it is produced: its elements (JSON
/// findings, SARIF results) are written straight from their borrowed fields.
pub(crate) type Producer<'a, T> = &'a dyn Fn() -> Box<dyn Iterator<Item = T> + 'a>;

/// A JSON document whose string values equal to a `lists` key stand for
/// that list, produced during serialization. Key order is the document's.
pub(crate) struct Lazy<'a, T> {
    pub value: &'a Value,
    pub lists: &'a [(&'static str, Producer<'a, T>)],
}

/// The placeholder for a list named `name` in a [`Lazy`] document.
pub(crate) fn placeholder(name: &str) -> Value {
    Value::String(format!("\u{0}tfready-list:{name}"))
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let at = |v: &'_ Value| -> Option<Producer<'_, T>> {
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

impl<'a, T> Lazy<'a, T> {
    fn with(&self, value: &'a Value) -> Lazy<'a, T> {
        Lazy {
            value,
            lists: self.lists,
        }
    }
}

/// How a document is laid out.
#[derive(Clone, Copy)]
pub(crate) enum Layout {
    /// `serde_json`'s pretty printer: two spaces a level.
    Pretty,
    /// No indentation; a line for each top-level key and for each element
    /// of a top-level list (see [`Lines`]).
    Lines,
}

/// Writes `doc` laid out as `layout` says and scrubbed, then a newline,
/// producing each of its `lists` (see [`placeholder`]) while it is written.
pub(crate) fn write_document<'a, T: Serialize>(
    project: &Project,
    doc: &'a Value,
    lists: &'a [(&'static str, Producer<'a, T>)],
    layout: Layout,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Secrets are matched as JSON writes them: a raw `"` or `\\` in one
    // must not cut a string of the document open.
    let mut out = Scrubbed::encoded(project, out, |p| {
        let quoted = serde_json::to_string(p).unwrap_or_default();
        quoted[1..quoted.len().saturating_sub(1).max(1)].to_string()
    });
    let doc = Lazy { value: doc, lists };
    match layout {
        Layout::Pretty => serde_json::to_writer_pretty(&mut out, &doc)?,
        Layout::Lines => {
            let mut ser = serde_json::Serializer::with_formatter(&mut out, Lines::default());
            doc.serialize(&mut ser)?;
        }
    }
    out.write_all(b"\n")?;
    out.finish()
}

/// Compact JSON with a line break before each top-level key and each
/// element of a top-level list: a finding a line, so that line-based tools
/// (and the secret scrubber, which works on whole lines) never meet one
/// line the size of the report.
#[derive(Default)]
pub(crate) struct Lines {
    depth: usize,
}

impl serde_json::ser::Formatter for Lines {
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(if self.depth == 0 { b"\n}" } else { b"}" })
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == 1 {
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == 2 {
            w.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// A writer that removes every known secret of the project from whole
/// lines (defence in depth over the model's own redaction). Lines are
/// gathered into chunks of about [`CHUNK`] bytes and each chunk is scrubbed
/// at once: a secret never spans lines (multi-line secrets are matched by
/// their lines too, see `line_patterns`), so this is what a line at a time
/// would do, without a scan and a write for every line. Call
/// [`Scrubbed::finish`] to write the rest.
pub struct Scrubbed<'a> {
    patterns: Vec<String>,
    out: &'a mut dyn Write,
    pending: Vec<u8>,
}

/// How much output is held before it is scrubbed and written.
const CHUNK: usize = 64 * 1024;

impl<'a> Scrubbed<'a> {
    pub fn new(project: &'a Project, out: &'a mut dyn Write) -> Self {
        Self::with_patterns(
            project
                .line_patterns()
                .into_iter()
                .map(str::to_string)
                .collect(),
            out,
        )
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
        Self::with_patterns(patterns, out)
    }

    fn with_patterns(patterns: Vec<String>, out: &'a mut dyn Write) -> Self {
        Scrubbed {
            patterns,
            out,
            pending: Vec::with_capacity(CHUNK + 4096),
        }
    }

    /// Scrubs and writes `pending` up to its last newline (all of it when
    /// `all`), keeping the unfinished line.
    fn emit(&mut self, all: bool) -> io::Result<()> {
        let end = if all {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                None => return Ok(()),
            }
        };
        let chunk = &self.pending[..end];
        if self.patterns.is_empty() {
            self.out.write_all(chunk)?;
        } else {
            // from_utf8 checks ASCII a word at a time; from_utf8_lossy goes
            // through Utf8Chunks, ~5% of a findings-heavy JSON audit.
            let text = match std::str::from_utf8(chunk) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(chunk),
            };
            let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
            let clean = tfready_model::secrets::scrub_line(&text, &patterns);
            self.out.write_all(clean.as_bytes())?;
        }
        self.pending.drain(..end);
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.emit(true)?;
        self.out.flush()
    }
}

impl Write for Scrubbed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= CHUNK {
            self.emit(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit(false)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(patterns: &[&str], writes: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w =
            Scrubbed::with_patterns(patterns.iter().map(|p| p.to_string()).collect(), &mut out);
        for chunk in writes {
            w.write_all(chunk).unwrap();
        }
        w.finish().unwrap();
        out
    }

    #[test]
    fn a_secret_split_across_writes_and_chunks_is_removed() {
        // Lines that put the secret across the CHUNK boundary, written in
        // pieces that cut the secret itself.
        let filler = "x".repeat(CHUNK - 10);
        let text = format!("{filler}\nkey = hunter2-secret\nend");
        let bytes = text.as_bytes();
        let cut = filler.len() + 1 + 9;
        let out = scrub(&["hunter2-secret"], &[&bytes[..cut], &bytes[cut..]]);
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("hunter2"), "secret left in the output");
        assert!(out.ends_with("\nkey = ***\nend"));
        assert_eq!(out.len(), text.len() - "hunter2-secret".len() + 3);
    }

    #[test]
    fn output_without_secrets_passes_through_byte_for_byte() {
        let text: String = (0..20_000).map(|i| format!("line {i} é\n")).collect();
        let pieces: Vec<&[u8]> = text.as_bytes().chunks(777).collect();
        assert_eq!(scrub(&[], &pieces), text.as_bytes());
        assert_eq!(scrub(&["not-there-at-all"], &pieces), text.as_bytes());
    }
}
