//! The citation syntax, as Pandoc writes it: `[@id]`, `[@id, p. 12]`, `[@a; @b]`,
//! `[-@id]` (the author left out, for text that names them) and `[see @id, chap. 3]` (text
//! before the key).
//!
//! Takes: the text between a citation's brackets. Gives: each cited key with its prefix,
//! locator and whether its author is suppressed, or `None` when the brackets are not a
//! citation (`[email me@example.org]`: an `@` inside a word starts no key).

/// One cited key of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CiteRef {
    /// The source's id.
    pub(crate) id: String,
    /// Text written before the key: `see`.
    pub(crate) prefix: Option<String>,
    /// What follows the key's comma: `p. 12`, `chap. 3`, `310-312`.
    pub(crate) locator: Option<String>,
    /// Written `-@id`.
    pub(crate) suppress_author: bool,
}

impl CiteRef {
    /// A plain `@id`.
    #[cfg(test)]
    pub(crate) fn plain(id: &str) -> CiteRef {
        CiteRef { id: id.into(), prefix: None, locator: None, suppress_author: false }
    }
}

/// Characters a key holds besides letters and digits (a key never ends with one).
const KEY_PUNCTUATION: [char; 4] = ['-', '_', ':', '.'];

/// The cited keys of a citation's text, or `None` if it is not a citation.
pub(crate) fn parse(text: &str) -> Option<Vec<CiteRef>> {
    let mut cites = Vec::new();
    for part in text.split(';') {
        parse_part(part, &mut cites)?;
    }
    (!cites.is_empty()).then_some(cites)
}

/// One `;`-separated part: `[prefix ]-?@key[, locator]`. `@a, @b` (two keys with a comma,
/// as brief wrote citations before locators) is two cites.
fn parse_part(part: &str, cites: &mut Vec<CiteRef>) -> Option<()> {
    let part = part.trim();
    let at = key_start(part)?;
    let suppress_author = part[..at].ends_with('-');
    let prefix_end = if suppress_author { at - 1 } else { at };
    let prefix = part[..prefix_end].trim();
    let after = &part[at + 1..];
    let key_len = key_length(after);
    if key_len == 0 {
        return None;
    }
    let id = after[..key_len].to_string();
    let rest = after[key_len..].trim_start();
    let rest = rest.strip_prefix(',').map(str::trim).unwrap_or(rest);
    let (locator, more) =
        if rest.starts_with('@') || rest.starts_with("-@") { (None, Some(rest)) } else { (Some(rest), None) };
    cites.push(CiteRef {
        id,
        prefix: (!prefix.is_empty()).then(|| prefix.to_string()),
        locator: locator.filter(|l| !l.is_empty()).map(String::from),
        suppress_author,
    });
    match more {
        Some(more) => parse_part(more, cites),
        None => Some(()),
    }
}

/// Where the `@` of the part's key is: at the start of a word (after a space or `-`), the
/// only `@` of the prefix.
fn key_start(part: &str) -> Option<usize> {
    let at = part.find('@')?;
    let before = part[..at].strip_suffix('-').unwrap_or(&part[..at]);
    (before.is_empty() || before.ends_with(char::is_whitespace)).then_some(at)
}

/// The length in bytes of the key at the start of `text`: letters, digits and inner
/// punctuation.
fn key_length(text: &str) -> usize {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            end = i + c.len_utf8();
        } else if !KEY_PUNCTUATION.contains(&c) {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(id: &str, prefix: Option<&str>, locator: Option<&str>, suppress_author: bool) -> CiteRef {
        CiteRef { id: id.into(), prefix: prefix.map(String::from), locator: locator.map(String::from), suppress_author }
    }

    #[test]
    fn pandoc_citations_are_read() {
        assert_eq!(parse("@heel-turn"), Some(vec![CiteRef::plain("heel-turn")]));
        assert_eq!(parse("@fh2025, p. 12"), Some(vec![cite("fh2025", None, Some("p. 12"), false)]));
        assert_eq!(parse("@a; @b"), Some(vec![CiteRef::plain("a"), CiteRef::plain("b")]));
        assert_eq!(parse("-@a, 33"), Some(vec![cite("a", None, Some("33"), true)]));
        assert_eq!(
            parse("see @a, pp. 3-4; also @b, chap. 1"),
            Some(vec![cite("a", Some("see"), Some("pp. 3-4"), false), cite("b", Some("also"), Some("chap. 1"), false)])
        );
    }

    #[test]
    fn two_keys_with_a_comma_are_two_cites() {
        assert_eq!(parse("@a, @b"), Some(vec![CiteRef::plain("a"), CiteRef::plain("b")]));
    }

    #[test]
    fn brackets_that_are_not_citations() {
        assert_eq!(parse("email me@example.org"), None);
        assert_eq!(parse("@"), None);
        assert_eq!(parse("@a; not a key"), None);
        assert_eq!(parse("a note"), None);
    }

    #[test]
    fn a_key_holds_inner_punctuation() {
        assert_eq!(parse("@smith_2020.b"), Some(vec![CiteRef::plain("smith_2020.b")]));
        assert_eq!(parse("@un:A-RES-70-1"), Some(vec![CiteRef::plain("un:A-RES-70-1")]));
    }
}
