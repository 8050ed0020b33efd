//! Text: characters that must not reach a file in the wrong form.
//!
//! Takes: text from content files and front matter. Gives: the first control character a
//! content file must not hold ([`find_forbidden_control`], [`forbidden_control`]), text with
//! the characters XML 1.0 forbids dropped ([`xml_text`]), and JSON in which no string can hold
//! live markup ([`json`], [`json_string`]), or serde_json's error for its caller to report.
//!
//! YAML escapes (`"\a"`, `"\x07"`) and Markdown character references (`&#7;`) make control
//! characters that never appear raw in a file, so the writers clean what they write as well
//! as the loader refusing raw ones.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Diagnostic;

/// Whether a content file may hold `c`: tab, line feed and carriage return are the only
/// control characters allowed. C0 and C1 controls, DEL and the non-characters U+FFFE/U+FFFF
/// are refused: XML forbids most of them, and none has a meaning in a briefing.
pub(crate) fn is_forbidden_control(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => true,
        _ => false,
    }
}

/// The first control character of `text` that a content file must not hold, with its byte
/// offset.
pub(crate) fn find_forbidden_control(text: &str) -> Option<(usize, char)> {
    let first = first_suspect_byte(text.as_bytes())?;
    // `first` starts a character: each byte that can be suspect is ASCII or a lead byte.
    text[first..].char_indices().map(|(i, c)| (first + i, c)).find(|&(_, c)| is_forbidden_control(c))
}

/// Whether `b` can start a forbidden character: a C0 byte other than tab and line breaks,
/// DEL, 0xC2 (U+0080–U+009F) or 0xEF (U+FFFE, U+FFFF).
fn is_suspect(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2 || b == 0xef
}

/// The offset of the first byte of `bytes` that [`is_suspect`]. Every file brief reads
/// passes here, so blocks of 32 bytes are tested with no branch per byte, which the compiler
/// turns into vector compares; only a block that holds a suspect byte is searched byte by
/// byte.
fn first_suspect_byte(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut at = 0;
    for block in &mut blocks {
        let any = block.iter().fold(false, |any, &b| {
            any | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f) | (b == 0xc2) | (b == 0xef)
        });
        if any {
            return block.iter().position(|&b| is_suspect(b)).map(|i| at + i);
        }
        at += BLOCK;
    }
    blocks.remainder().iter().position(|&b| is_suspect(b)).map(|i| at + i)
}

/// An error at the first forbidden control character of the file `path`, whose text is
/// `text` (line and column point at it), or `None` if there is none.
pub(crate) fn forbidden_control(path: &Path, text: &str) -> Option<Diagnostic> {
    let (at, c) = find_forbidden_control(text)?;
    let count = text.chars().filter(|&c| is_forbidden_control(c)).count();
    let more = match count {
        1 => String::new(),
        n => format!(" ({} more in the file)", n - 1),
    };
    let mut diagnostic =
        Diagnostic::error("E005", path, format!("the file holds the control character U+{:04X}{more}", c as u32))
            .at(text, at..at + c.len_utf8())
            .with_help("delete it: only tabs and line breaks may appear in content files");
    // The line is printed under the message: an escape character there would drive the
    // terminal. Each control character shows as its symbol, one character for one, so the
    // underline still points at it.
    if let Some(location) = diagnostic.location.as_mut() {
        location.line_text = location.line_text.chars().map(visible).collect();
    }
    Some(diagnostic)
}

/// A forbidden control character as a printable symbol (`␇` for U+0007), anything else as it is.
fn visible(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' if is_forbidden_control(c) => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if is_forbidden_control(c) => '\u{fffd}',
        c => c,
    }
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `text` without the characters XML 1.0 forbids (C0 controls other than tab and line
/// breaks, U+FFFE, U+FFFF); borrowed when there are none, as there almost never are.
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// `text` as HTML text: `&`, `<`, `>` and `"` escaped, so it is shown and never read as markup.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` as JSON in which `<`, `>` and `&` are `\u003c`, `\u003e` and `\u0026`, and
/// U+2028/U+2029 are escaped: no string can close a `<script>`, open a comment or become
/// markup wherever the JSON ends up, and older JavaScript parsers read it. Every JSON file
/// and every JSON-LD block the site writes goes through here. It fails only when `value`'s
/// `Serialize` does (a map whose keys are not text): the caller reports it on its file.
pub(crate) fn json(value: &(impl Serialize + ?Sized)) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    serde_json::to_writer(&mut out, value)?;
    Ok(markup_safe(out))
}

/// [`json`] as a string, for embedding in a page.
pub(crate) fn json_string(value: &(impl Serialize + ?Sized)) -> Result<String, serde_json::Error> {
    // serde_json writes UTF-8 and the escapes replace whole characters, so this holds; were it
    // not to, the error says so rather than a `null` standing in for the value.
    String::from_utf8(json(value)?).map_err(serde::ser::Error::custom)
}

/// serde_json's compact output with the characters that could read as markup escaped. JSON
/// holds `<`, `>`, `&` and non-ASCII bytes only inside strings, so the bytes are replaced
/// where they stand, found with memchr's vector search: most outputs have few or none, and a
/// formatter that checked each string fragment cost more than the whole search.
fn markup_safe(json: Vec<u8>) -> Vec<u8> {
    let needs = |b: &[u8]| memchr::memchr3(b'<', b'>', b'&', b).is_some() || memchr::memchr(0xe2, b).is_some();
    if !needs(&json) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    let mut copied = 0;
    // The next `<`/`>`/`&` and the next 0xE2 at or after `from`, each searched for again only
    // once passed, so text full of curly quotes and dashes (E2 80 9x) is read once.
    let markup_from = |from: usize| memchr::memchr3(b'<', b'>', b'&', &json[from..]).map(|i| from + i);
    let e2_from = |from: usize| memchr::memchr(0xe2, &json[from..]).map(|i| from + i);
    let (mut markup, mut e2) = (markup_from(0), e2_from(0));
    loop {
        let at = match (markup, e2) {
            (Some(m), Some(e)) => m.min(e),
            (Some(m), None) => m,
            (None, Some(e)) => e,
            (None, None) => break,
        };
        let (escaped, len): (&[u8], usize) = match (json[at], json.get(at + 1..at + 3)) {
            (b'<', _) => (b"\\u003c", 1),
            (b'>', _) => (b"\\u003e", 1),
            (b'&', _) => (b"\\u0026", 1),
            (_, Some([0x80, 0xa8])) => (b"\\u2028", 3),
            (_, Some([0x80, 0xa9])) => (b"\\u2029", 3),
            _ => (&[], 0),
        };
        if len > 0 {
            out.extend_from_slice(&json[copied..at]);
            out.extend_from_slice(escaped);
            copied = at + len;
        }
        let next = at + len.max(1);
        if markup.is_some_and(|m| m < next) {
            markup = markup_from(next);
        }
        if e2.is_some_and(|e| e < next) {
            e2 = e2_from(next);
        }
    }
    out.extend_from_slice(&json[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_other_than_tabs_and_line_breaks_are_found_with_their_offset() {
        assert_eq!(find_forbidden_control("title: a\tb\r\nc\n"), None);
        assert_eq!(find_forbidden_control("ab\u{7}c\u{1b}"), Some((2, '\u{7}')));
        assert_eq!(find_forbidden_control("é\u{0}"), Some((2, '\u{0}')));
        assert_eq!(find_forbidden_control("x\u{7f}"), Some((1, '\u{7f}')));
        assert_eq!(find_forbidden_control("x\u{85}"), Some((1, '\u{85}')));
        assert_eq!(find_forbidden_control("x\u{ffff}"), Some((1, '\u{ffff}')));
        assert_eq!(find_forbidden_control("“quoted” — 🙂 \u{a0}\u{2028}"), None);
        // Lead bytes that the quick byte check stops at without a forbidden character there.
        assert_eq!(find_forbidden_control("\u{a0}\u{feff}ﬁ x\u{fffe}"), Some((10, '\u{fffe}')));
        assert_eq!(find_forbidden_control("\u{a0}\u{feff}ﬁ x\u{7}"), Some((10, '\u{7}')));
    }

    #[test]
    fn the_word_at_a_time_search_agrees_with_a_byte_by_byte_one() {
        // Every byte value at every position of words and tails, among bytes that flag a
        // word without being suspect (line breaks, high bytes) and bytes that are not.
        for filler in [b'a', b'\n', 0x80, 0xff, 0x20] {
            for len in 0..70 {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut bytes = vec![filler; len];
                        bytes[at] = b;
                        let expected = bytes.iter().position(|&b| is_suspect(b));
                        assert_eq!(first_suspect_byte(&bytes), expected, "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_diagnostic_points_at_the_character_and_counts_the_others() {
        let d =
            forbidden_control(Path::new("content/briefings/a.md"), "---\ntitle: a\u{7}b\n---\n\u{1b}[31m\n").unwrap();
        assert!(d.is_error());
        let location = d.location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (2, 9));
        assert!(d.message.contains("U+0007") && d.message.contains("1 more"), "{}", d.message);
        assert_eq!(location.line_text, "title: a\u{2407}b");
        assert!(d.help.is_some());
        assert!(forbidden_control(Path::new("a.md"), "clean\ttext\r\n").is_none());
        let d = forbidden_control(Path::new("a.md"), "\tx \u{1b}[2J\u{7f}\u{85}\n").unwrap();
        assert_eq!(d.location.as_ref().unwrap().line_text, "\tx \u{241b}[2J\u{2421}\u{fffd}");
    }

    #[test]
    fn xml_text_drops_only_what_xml_forbids() {
        assert!(matches!(xml_text("plain “text” \t\n\r 🙂"), Cow::Borrowed(_)));
        assert_eq!(xml_text("a\u{0}b\u{7}c\u{1b}d\u{1f}e\u{fffe}\u{ffff}f\u{85}"), "abcdef\u{85}");
    }

    #[test]
    fn json_holds_no_markup_and_reads_back_the_same() {
        let value = serde_json::json!({
            "</script><b>": "</script><script>alert(1)</script>&amp;\u{2028}\u{2029}<!--",
            "list": ["<", ">", "&", "\"quoted\"\n", "“dashes” — \u{2027}\u{202a}…", "\u{2028}", "a\u{2029}", "’<\u{2028}>’&\u{2029}\u{2029}—", "\u{2028}\u{2028}<<"],
        });
        let text = json_string(&value).unwrap();
        for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(c), "{c:?} in {text}");
        }
        assert!(text.contains("\\u003c/script\\u003e") && text.contains("\\u0026amp;"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(json("plain").unwrap(), b"\"plain\"");
    }

    #[test]
    fn a_value_that_cannot_be_json_is_an_error_not_a_null() {
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(json(&map).is_err());
        assert!(json_string(&map).is_err());
    }
}
