//! Source files and spans: every block, attribute and expression points back
//! to its file and line/column so every finding can name where it is.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// Index of a file in [`crate::Project::files`].
pub type FileId = usize;

/// A loaded source file. `display` is the path relative to the project root,
/// with `/` separators, as it appears in reports.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub display: String,
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Byte offsets of line starts: 32 bits, since the loader refuses files
    /// past `max_file_bytes` long before 4 GiB.
    line_starts: Box<[u32]>,
    /// For a text that is not all ASCII, the characters before each block
    /// of [`CHAR_BLOCK`] bytes: a column is counted from the nearest block,
    /// not from its line's start (a generated `.tf.json` may be one line
    /// of megabytes, located thousands of times).
    char_blocks: Option<Box<[u32]>>,
}

const CHAR_BLOCK: usize = 4096;

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: &u8) -> bool {
    b & 0xC0 != 0x80
}

impl SourceFile {
    pub fn new(display: String, path: PathBuf, text: Arc<str>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| (i + 1) as u32))
            .collect();
        let char_blocks = (!text.is_ascii()).then(|| {
            // One entry a block start, the text's end included.
            let mut before = vec![0];
            for block in text.as_bytes().chunks(CHAR_BLOCK) {
                let n = block.iter().filter(|b| starts_char(b)).count() as u32;
                before.push(before[before.len() - 1] + n);
            }
            before.into_boxed_slice()
        });
        SourceFile {
            display,
            path,
            text,
            line_starts,
            char_blocks,
        }
    }

    /// The characters before byte `offset`, a character boundary.
    fn chars_before(&self, blocks: &[u32], offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        let counted = blocks.get(block).copied().unwrap_or(0) as usize;
        let rest = self.text.as_bytes().get(from..offset).unwrap_or(&[]);
        counted + rest.iter().filter(|b| starts_char(b)).count()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let col = match &self.char_blocks {
            None => offset - start,
            Some(blocks) => self.chars_before(blocks, offset) - self.chars_before(blocks, start),
        };
        (line + 1, col + 1)
    }

    /// The source text of a node of this file's tree (none for nodes built
    /// from `.tf.json`, which have no span).
    pub fn text_of(&self, node: &impl crate::ast::Span) -> Option<&str> {
        node.span().and_then(|r| self.text.get(r))
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let start = start as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of a 1-based line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&s| s as usize)
    }

    pub fn location(&self, range: &Range<usize>) -> Location {
        let (line, column) = self.line_col(range.start);
        // The end is exclusive; point at the last character of the range
        // (at its first byte: a range may end in a multi-byte character).
        let mut last = range
            .end
            .saturating_sub(1)
            .max(range.start)
            .min(self.text.len());
        while last > range.start && !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let (end_line, end_column) = self.line_col(last);
        Location {
            file: self.display.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A byte range in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// A resolved, printable location: the file relative to the project root and
/// 1-based line/column, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    /// A location for a whole file or a point where no span is known.
    pub fn file_only(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.end_line > self.line {
            write!(f, "{}:{}-{}", self.file, self.line, self.end_line)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// Path as shown in reports: relative to `root` where possible, `/` separated.
pub fn display_path(root: &Path, path: &Path) -> String {
    // A shared module beside the root (`../modules/x`) is named with `../`,
    // as the module source names it.
    let rel = relative_path(root, path).unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// `to` relative to `from` (both absolute): `..` up to their common
/// ancestor, then down; empty when they are the same. `None` when they
/// share no more than the filesystem root.
pub fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let only_root = common == 0
        || (common == 1 && matches!(from[0], Component::RootDir | Component::Prefix(_)));
    if only_root {
        return None;
    }
    let mut rel: PathBuf = std::iter::repeat_n("..", from.len() - common).collect();
    rel.extend(&to[common..]);
    Some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_chars() {
        let f = SourceFile::new("a.tf".into(), "a.tf".into(), "ab\ncé d\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // 'é' is two bytes: the space after it is column 3.
        assert_eq!(f.line_col(6), (2, 3));
        assert_eq!(f.line_text(2), "cé d");
        assert_eq!(f.line_text(99), "");
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_blocks() {
        // One line over several counting blocks, wide characters on both
        // sides of their boundaries: every column is its character count.
        let mut line: String = (0..2 * CHAR_BLOCK)
            .map(|i| if i % 7 == 0 { 'é' } else { 'x' })
            .collect();
        // Padded so that the text ends on a block's boundary.
        let pad = CHAR_BLOCK - ("é\n".len() + line.len()) % CHAR_BLOCK;
        line.extend(std::iter::repeat_n('x', pad % CHAR_BLOCK));
        let text = format!("é\n{line}");
        assert_eq!(text.len() % CHAR_BLOCK, 0);
        let f = SourceFile::new("a.tf.json".into(), "a.tf.json".into(), text.as_str().into());
        let second = text.find('\n').unwrap() + 1;
        for (i, (at, _)) in text[second..].char_indices().enumerate().step_by(97) {
            assert_eq!(f.line_col(second + at), (2, i + 1), "byte {at}");
        }
        // The end, on a block's boundary.
        let chars = text[second..].chars().count();
        assert_eq!(f.line_col(text.len()), (2, chars + 1));
        let ascii = SourceFile::new("a".into(), "a".into(), "ab\ncd".into());
        assert_eq!(ascii.line_col(5), (2, 3));
    }

    #[test]
    fn a_range_ending_in_a_wide_character_ends_at_its_column() {
        let f = SourceFile::new("a.tf".into(), "a.tf".into(), "aé\n".into());
        let loc = f.location(&(0..3));
        assert_eq!((loc.column, loc.end_column), (1, 2));
    }

    #[test]
    fn location_end_is_inclusive() {
        let f = SourceFile::new("a.tf".into(), "a.tf".into(), "x {\n}\n".into());
        let loc = f.location(&(0..5));
        assert_eq!((loc.line, loc.end_line, loc.end_column), (1, 2, 1));
        assert_eq!(loc.to_string(), "a.tf:1-2");
    }
}
