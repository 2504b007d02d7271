//! A plan file's text as users save it: UTF-8, with or without a byte-order
//! mark, or UTF-16 with one (what Windows PowerShell's `>` writes from
//! `terraform show -json`).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// The whole text.
pub(super) fn read(path: &Path) -> Result<String, String> {
    let shown = || path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", shown()))?;
    decode(bytes).ok_or_else(|| format!("{}: not UTF-8 or UTF-16 text", shown()))
}

/// The text from its start, for a look at its first keys: streamed from
/// disk when UTF-8, decoded whole when UTF-16 (a byte-order mark says so).
pub(super) fn reader(path: &Path) -> Option<Box<dyn Read>> {
    let mut file = BufReader::new(std::fs::File::open(path).ok()?);
    let start = file.fill_buf().ok()?;
    if start.starts_with(UTF16LE_BOM) || start.starts_with(UTF16BE_BOM) {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        return Some(Box::new(std::io::Cursor::new(decode(bytes)?.into_bytes())));
    }
    if start.starts_with(UTF8_BOM) {
        file.consume(UTF8_BOM.len());
    }
    Some(Box::new(file))
}

fn decode(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    };
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return utf16(rest, u16::from_be_bytes);
    }
    let start = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let mut text = String::from_utf8(bytes).ok()?;
    text.drain(..start);
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_mark_and_utf16_both_ways_read_alike() {
        let text = r#"{"format_version":"1.2","é":"ü"}"#;
        let le: Vec<u8> = UTF16LE_BOM
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = UTF16BE_BOM
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let marked = [UTF8_BOM, text.as_bytes()].concat();
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("plain", text.as_bytes().to_vec()),
            ("marked", marked),
            ("le", le),
            ("be", be),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read(&path).as_deref(), Ok(text), "{name}");
            let mut streamed = String::new();
            reader(&path)
                .unwrap()
                .read_to_string(&mut streamed)
                .unwrap();
            assert_eq!(streamed, text, "{name}");
        }
        let path = dir.path().join("binary");
        std::fs::write(&path, b"\xFF\x00\xC3").unwrap();
        assert!(read(&path).is_err());
        // UTF-16 cut short: an odd number of bytes.
        std::fs::write(&path, b"\xFF\xFE{\x00}\x00\n").unwrap();
        assert!(read(&path).is_err());
    }
}
