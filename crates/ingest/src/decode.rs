//! Bytes to text: BOMs, UTF-8, UTF-16, declared charsets, a Windows-1252 fallback, and the
//! refusal of binary data.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How much of the input the binary and UTF-16 sniffers look at.
const SNIFF: usize = 64 * 1024;

/// Decode `bytes` to a `String`.
///
/// Order: a BOM wins; then a declared charset (`<meta charset>`, `<?xml encoding>`, HTTP
/// `Content-Type`); then UTF-8 if valid; then BOM-less UTF-16 recognised by its zero bytes;
/// then UTF-8 with U+FFFD for the invalid bytes when most non-ASCII sequences are valid
/// UTF-8 (a warning names `origin`: one stray byte must not turn a UTF-8 file into
/// "armÃ©s"); then Windows-1252 (a superset of printable Latin-1). Binary data and empty
/// input are errors.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>, origin: &str) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(text.into_owned());
    }
    if let Some(enc) = guess_utf16(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return check_text(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err("binary data, not text".into());
    }
    let declared = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    match declared {
        // A page that says it is UTF-16 but has no BOM and no zero bytes is really ASCII-compatible.
        Some(enc) if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            return check_text(text.into_owned());
        }
        _ => {}
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => check_text(s.to_string()),
        Err(_) => {
            let (valid, invalid) = utf8_census(bytes);
            if valid > invalid {
                let text = check_text(String::from_utf8_lossy(bytes).into_owned())?;
                tracing::warn!(
                    "{origin}: {invalid} invalid UTF-8 byte sequence(s) replaced by U+FFFD \
                     (the rest of the file is UTF-8)"
                );
                return Ok(text);
            }
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            // Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in Windows-1252 and come out as
            // C1 controls: many of them mean this was neither UTF-8 nor Windows-1252.
            let c1 = text
                .chars()
                .filter(|c| ('\u{80}'..='\u{9f}').contains(c))
                .count();
            if c1 * 100 > text.chars().count().max(1) {
                return Err("not valid UTF-8 or Windows-1252".into());
            }
            check_text(text.into_owned())
        }
    }
}

/// Valid multi-byte UTF-8 sequences and runs of invalid bytes in `bytes`.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (valid, invalid)
}

fn check_text(text: String) -> Result<String, String> {
    let sample: Vec<char> = text.chars().take(SNIFF).collect();
    let bad = sample
        .iter()
        .filter(|&&c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{fffd}'
        })
        .count();
    if sample.contains(&'\0') || bad * 10 > sample.len() {
        return Err("binary data, not text".into());
    }
    Ok(text)
}

/// NUL bytes or many control bytes in the first 64 KB.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    ctrl * 20 > head.len()
}

/// UTF-16 without a BOM: text in Latin scripts has a zero in every other byte.
fn guess_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_zero, mut odd_zero) = (0, 0);
    for p in head.chunks_exact(2) {
        even_zero += usize::from(p[0] == 0);
        odd_zero += usize::from(p[1] == 0);
    }
    // Nearly all high bytes zero, nearly no low bytes zero.
    if odd_zero * 10 >= pairs * 9 && even_zero * 50 <= pairs {
        let (t, bad) = UTF_16LE.decode_without_bom_handling(bytes);
        return (!bad && !t.contains('\0')).then_some(UTF_16LE);
    }
    if even_zero * 10 >= pairs * 9 && odd_zero * 50 <= pairs {
        let (t, bad) = UTF_16BE.decode_without_bom_handling(bytes);
        return (!bad && !t.contains('\0')).then_some(UTF_16BE);
    }
    None
}

/// The charset a document declares in its first 2 KB: `<meta charset=...>`,
/// `<meta http-equiv=Content-Type content="...; charset=...">` or `<?xml ... encoding="..."?>`.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let find = |needle: &[u8]| lower.windows(needle.len()).position(|w| w == needle);
    let at = if lower.starts_with(b"<?xml") {
        let end = find(b"?>").unwrap_or(lower.len());
        find(b"encoding=").filter(|&i| i < end).map(|i| i + 9)
    } else {
        None
    }
    .or_else(|| find(b"charset=").map(|i| i + 8))?;
    let label: String = lower[at..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .map(|&b| b as char)
        .collect();
    (!label.is_empty()).then_some(label)
}

/// The `charset` parameter of an HTTP `Content-Type` value.
pub(crate) fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Ségou".as_bytes(), None, "t").unwrap(), "Ségou");
        assert_eq!(
            decode(b"\xEF\xBB\xBFS\xC3\xA9gou", None, "t").unwrap(),
            "Ségou"
        );
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Ségou, Mali".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le, None, "t").unwrap(), "Ségou, Mali");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Ségou, Mali".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be, None, "t").unwrap(), "Ségou, Mali");
        let bare: Vec<u8> = "Ségou, Mali and more text"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(&bare, None, "t").unwrap(),
            "Ségou, Mali and more text"
        );
    }

    #[test]
    fn windows_1252_fallback_and_declared() {
        assert_eq!(
            decode(b"S\xe9gou \x93l'arm\xe9e\x94", None, "t").unwrap(),
            "Ségou “l'armée”"
        );
        assert_eq!(
            decode(b"S\xe9gou", Some("iso-8859-1"), "t").unwrap(),
            "Ségou"
        );
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(decode(b"", None, "t").unwrap_err(), "empty file");
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00binary", None, "t").unwrap_err(),
            "binary data, not text"
        );
        let ctrl: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert_eq!(
            decode(&ctrl, None, "t").unwrap_err(),
            "binary data, not text"
        );
    }

    #[test]
    fn finds_declarations() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            charset_param("text/html; charset=UTF-8").as_deref(),
            Some("UTF-8")
        );
    }
}
