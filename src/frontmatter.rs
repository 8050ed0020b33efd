//! Front matter: splits a content file into its YAML header and Markdown body, and turns YAML
//! into typed values.
//!
//! This is the only module that touches serde_yaml. Every YAML text of a site (front matter,
//! `site.yaml`, `sources.yaml`) passes the size, nesting-depth and alias caps here before the
//! parser sees it, so hostile input (alias bombs, tens of thousands of nested `{a: [`) fails in
//! microseconds with a clear message instead of stalling the build or eating memory.
//!
//! Takes: a file's text. Gives: the byte ranges of its YAML block and body; typed values, or
//! errors carrying byte ranges in the file; and the positions of keys and list items, so later
//! stages can point at the exact slug that does not resolve.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::suggest;

/// Largest YAML block accepted (front matter is metadata; long text belongs in the body).
pub const MAX_YAML_BYTES: usize = 64 * 1024;
/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 32;
/// Most anchors and aliases accepted in one YAML text.
pub const MAX_ALIASES: usize = 64;
/// `sources.yaml` is a bibliography and may be longer than one page's front matter.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// A problem in a YAML text, at `range` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub range: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl YamlError {
    fn new(range: Range<usize>, message: impl Into<String>, help: Option<String>) -> YamlError {
        YamlError { range, message: message.into(), help }
    }
}

/// Where the front matter and the body of a content file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the `---` lines, without them; `None` when the file has no front matter.
    pub yaml: Option<Range<usize>>,
    pub body: Range<usize>,
}

/// Splits `text` at its front matter: a first line `---`, YAML, then a line `---` (or `...`).
pub fn split(text: &str) -> Result<Split, YamlError> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split { yaml: None, body: 0..text.len() });
    }
    let mut line_start = first_line_end;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split { yaml: Some(first_line_end..line_start), body: line_end..text.len() });
        }
        line_start = line_end;
    }
    Err(YamlError::new(
        0..3,
        "the front matter is not closed",
        Some("end the front matter with a line holding only `---`".into()),
    ))
}

/// Parses the YAML at `range` of `text` into `T`. `keys` are the top-level keys `T` accepts;
/// any other is reported with the closest accepted one. All problems found are returned.
pub fn parse<T: DeserializeOwned>(text: &str, range: Range<usize>, keys: &[&str]) -> Result<T, Vec<YamlError>> {
    parse_with_limit(text, range, keys, MAX_YAML_BYTES)
}

/// Like [`parse`], for a whole YAML file such as `site.yaml` or `sources.yaml`.
pub fn parse_document<T: DeserializeOwned>(text: &str, keys: &[&str]) -> Result<T, Vec<YamlError>> {
    parse_with_limit(text, 0..text.len(), keys, MAX_DOCUMENT_BYTES)
}

fn parse_with_limit<T: DeserializeOwned>(
    text: &str,
    range: Range<usize>,
    keys: &[&str],
    max_bytes: usize,
) -> Result<T, Vec<YamlError>> {
    let yaml = &text[range.clone()];
    check_limits(yaml, range.start, max_bytes).map_err(|e| vec![e])?;
    if !keys.is_empty() {
        let unknown = unknown_keys(yaml, range.start, keys);
        if !unknown.is_empty() {
            return Err(unknown);
        }
    }
    // An empty block is an empty mapping, so missing keys are reported by name.
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(source).map_err(|e| vec![convert_error(&e, yaml, range.start, keys)])
}

/// The caps: size, nesting depth and aliases, checked by a scan that understands quotes,
/// comments, flow brackets and indentation well enough to bound what the parser will face.
fn check_limits(yaml: &str, base: usize, max_bytes: usize) -> Result<(), YamlError> {
    if yaml.len() > max_bytes {
        return Err(YamlError::new(
            base..base + 3,
            format!("this YAML is {} KiB; the limit is {} KiB", yaml.len() / 1024, max_bytes / 1024),
            Some("move long text into the Markdown body".into()),
        ));
    }
    let mut indents: Vec<usize> = Vec::new();
    let mut flow_depth = 0usize;
    let mut aliases = 0usize;
    let mut quote: Option<u8> = None;
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let content = line[indent..].trim_end();
        if quote.is_none() && flow_depth == 0 && !content.is_empty() && !content.starts_with('#') {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut dashes = 0;
        let mut prev = b' ';
        for (i, &b) in bytes.iter().enumerate() {
            if let Some(q) = quote {
                if b == q {
                    quote = None;
                }
                prev = b;
                continue;
            }
            let token_start = matches!(prev, b' ' | b'\t' | b'[' | b'{' | b',' | b':');
            match b {
                b'#' if token_start => break,
                b'"' | b'\'' if token_start => quote = Some(b),
                b'[' | b'{' => flow_depth += 1,
                b']' | b'}' => flow_depth = flow_depth.saturating_sub(1),
                b'&' | b'*' if token_start && bytes.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace()) => {
                    aliases += 1;
                }
                b'-' if i >= indent
                    && flow_depth == 0
                    && token_start
                    && bytes.get(i + 1).is_none_or(|c| *c == b' ' || *c == b'\n') =>
                {
                    dashes += 1;
                }
                _ => {}
            }
            let depth = indents.len() + dashes + flow_depth;
            if depth > MAX_DEPTH {
                let at = base + line_start + i;
                return Err(YamlError::new(
                    at..at + 1,
                    format!("the YAML nests deeper than {MAX_DEPTH} levels"),
                    Some("front matter holds flat keys and short lists; flatten this value".into()),
                ));
            }
            if aliases > MAX_ALIASES {
                let at = base + line_start + i;
                return Err(YamlError::new(
                    at..at + 1,
                    format!("the YAML uses more than {MAX_ALIASES} anchors and aliases"),
                    Some("write the values out instead of using `&anchor` and `*alias`".into()),
                ));
            }
            prev = b;
        }
        line_start += line.len();
    }
    Ok(())
}

/// The top-level keys of a block mapping with their byte ranges (relative to `yaml`).
fn top_level_keys(yaml: &str) -> Vec<(&str, Range<usize>)> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let first = line.as_bytes().first().copied().unwrap_or(b' ');
        if matches!(first, b' ' | b'\t' | b'#' | b'-' | b'[' | b'{' | b'\r' | b'\n' | b'}' | b']') {
            continue;
        }
        let Some(colon) = find_key_colon(line) else { continue };
        let raw = line[..colon].trim_end();
        let key = raw.trim_matches(|c| c == '"' || c == '\'');
        let key_start = start + (raw.len() - raw.trim_start_matches(['"', '\'']).len());
        keys.push((key, key_start..key_start + key.len()));
    }
    keys
}

/// The colon that ends a key: one followed by a space or the end of the line.
fn find_key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()))
}

fn unknown_keys(yaml: &str, base: usize, keys: &[&str]) -> Vec<YamlError> {
    top_level_keys(yaml)
        .into_iter()
        .filter(|(key, _)| !keys.contains(key))
        .map(|(key, range)| {
            let help = match suggest::closest(key, keys.iter().copied()) {
                Some(close) => format!("did you mean `{close}`? Known keys: {}", keys.join(", ")),
                None => format!("known keys: {}", keys.join(", ")),
            };
            YamlError::new(base + range.start..base + range.end, format!("unknown key `{key}`"), Some(help))
        })
        .collect()
}

/// Turns a serde_yaml error into one placed in the file, in the words of a front-matter user.
fn convert_error(error: &serde_yaml::Error, yaml: &str, base: usize, keys: &[&str]) -> YamlError {
    let full = error.to_string();
    // serde_yaml appends " at line L column C"; the position goes into the location instead.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let offset = error.location().map(|loc| offset_of(yaml, loc.line(), loc.column())).unwrap_or(0);
    let at = base + offset;
    let range = at..at + token_len(&yaml[offset.min(yaml.len())..]);

    if let Some(field) = between(&message, "missing field `", "`") {
        return YamlError::new(
            base..base,
            format!("missing required key `{field}`"),
            Some(format!("add a line `{field}: …` to the front matter")),
        );
    }
    if let Some(name) = between(&message, "unknown field `", "`") {
        let help = suggest::did_you_mean(name, keys.iter().copied()).or_else(|| expected_list(&message));
        return YamlError::new(range, format!("unknown key `{name}`"), help);
    }
    if let Some(value) = between(&message, "unknown variant `", "`") {
        let choices = quoted_list(&message);
        let help = suggest::did_you_mean(value, choices.iter().copied())
            .map(|d| format!("{d} Accepted values: {}", choices.join(", ")))
            .or_else(|| expected_list(&message));
        return YamlError::new(range, format!("unknown value `{value}`"), help);
    }
    if message.starts_with("duplicate entry") {
        return YamlError::new(range, message, Some("remove one of the two entries".into()));
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return YamlError::new(range, message, Some("simplify this YAML: it nests or repeats too much".into()));
    }
    YamlError::new(range, message, None)
}

/// The byte offset of 1-based `line`, `column` (in characters) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    line_start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Length of the scalar starting at the front of `rest`, for the underline.
fn token_len(rest: &str) -> usize {
    rest.find(['\n', ',', ']', '}', '#']).unwrap_or(rest.len()).max(1).min(rest.trim_end().len().max(1))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

fn quoted_list(message: &str) -> Vec<&str> {
    let Some(i) = message.find("expected") else { return Vec::new() };
    message[i..].split('`').skip(1).step_by(2).collect()
}

fn expected_list(message: &str) -> Option<String> {
    let list = quoted_list(message);
    (!list.is_empty()).then(|| format!("accepted: {}", list.join(", ")))
}

/// Positions of keys and list items in one YAML block, for messages about values that parse
/// but do not resolve (an organization slug with no page, say).
#[derive(Debug, Clone, Copy)]
pub struct Locator<'a> {
    text: &'a str,
    yaml: Option<&'a Range<usize>>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, yaml: Option<&'a Range<usize>>) -> Locator<'a> {
        Locator { text, yaml }
    }

    /// The range of top-level `key` in the file, or of the front matter's first line.
    pub fn key(&self, key: &str) -> Range<usize> {
        self.find_key(key).unwrap_or(0..3)
    }

    fn find_key(&self, key: &str) -> Option<Range<usize>> {
        let range = self.yaml?;
        let yaml = &self.text[range.clone()];
        top_level_keys(yaml)
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| range.start + r.start..range.start + r.end)
    }

    /// The range of `value` within the entry of top-level `key` (a scalar, a flow list or a
    /// block list), or of the key when the value cannot be found.
    pub fn item(&self, key: &str, value: &str) -> Range<usize> {
        let Some(key_range) = self.find_key(key) else { return self.key(key) };
        let Some(yaml) = self.yaml else { return key_range };
        // The entry runs from the key to the next top-level line.
        let mut end = self.text[key_range.end..yaml.end].find('\n').map_or(yaml.end, |i| key_range.end + i + 1);
        while end < yaml.end {
            let next = self.text[end..yaml.end].find('\n').map_or(yaml.end, |i| end + i + 1);
            let line = &self.text[end..next];
            let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty() || line.starts_with('#');
            if !continues {
                break;
            }
            end = next;
        }
        let entry = &self.text[key_range.end..end];
        find_token(entry, value).map_or(key_range.clone(), |i| key_range.end + i..key_range.end + i + value.len())
    }
}

/// The first occurrence of `token` in `haystack` not inside a longer slug-like word.
fn find_token(haystack: &str, token: &str) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    haystack.match_indices(token).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let after = haystack[i + token.len()..].chars().next().is_none_or(|c| !is_word(c));
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::time::{Duration, Instant};

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        level: Option<Level>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Level {
        Member,
        NotAffected,
    }

    const KEYS: &[&str] = &["title", "tags", "level"];

    fn parse_file(text: &str) -> Result<Meta, Vec<YamlError>> {
        let split = split(text).unwrap();
        parse(text, split.yaml.unwrap(), KEYS)
    }

    fn error_at(text: &str) -> (String, String, Option<String>) {
        let errors = parse_file(text).unwrap_err();
        let e = &errors[0];
        (text[e.range.clone()].to_string(), e.message.clone(), e.help.clone())
    }

    #[test]
    fn splits_front_matter_from_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.unwrap()], "title: A\n");
        assert_eq!(&text[s.body], "Body\n");
    }

    #[test]
    fn crlf_front_matter_parses() {
        let text = "---\r\ntitle: A\r\ntags: [x, y]\r\n---\r\nBody\r\n";
        let meta = parse_file(text).unwrap();
        assert_eq!(meta.title, "A");
        assert_eq!(meta.tags, ["x", "y"]);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = split("# Hi\n").unwrap();
        assert_eq!((s.yaml, s.body), (None, 0..5));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: A\n").unwrap_err();
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn unknown_keys_point_at_the_key_and_suggest_the_closest() {
        let (at, message, help) = error_at("---\ntitle: A\ntagz: [x]\n---\n");
        assert_eq!(at, "tagz");
        assert_eq!(message, "unknown key `tagz`");
        assert!(help.unwrap().starts_with("did you mean `tags`?"));
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let (at, message, _) = error_at("---\ntitle: A\ntags: {a: 1}\n---\n");
        assert!(at.starts_with('{'), "{at}");
        assert!(message.contains("invalid type"), "{message}");
    }

    #[test]
    fn unknown_enum_values_suggest_the_closest() {
        let (at, message, help) = error_at("---\ntitle: A\nlevel: not-afected\n---\n");
        assert_eq!(at, "not-afected");
        assert_eq!(message, "unknown value `not-afected`");
        assert!(help.unwrap().contains("did you mean `not-affected`?"));
    }

    #[test]
    fn missing_required_keys_are_named() {
        let errors = parse_file("---\ntags: [a]\n---\n").unwrap_err();
        assert_eq!(errors[0].message, "missing required key `title`");
        let errors = parse_file("---\n---\n").unwrap_err();
        assert_eq!(errors[0].message, "missing required key `title`");
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let text = "---\ntitle: A\ntags: [a, b\n---\n";
        let errors = parse_file(text).unwrap_err();
        assert!(errors[0].range.start > 4, "{errors:?}");
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut yaml = String::from(
            "title: x\ntags: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..40 {
            let prev = format!("*a{}", i - 1);
            yaml.push_str(&format!("k{i}: &a{i} [{}]\n", vec![prev; 9].join(",")));
        }
        let text = format!("---\n{yaml}---\n");
        let start = Instant::now();
        let errors = parse_file(&text).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(errors[0].message.contains("anchors and aliases"), "{errors:?}");
    }

    #[test]
    fn deeply_nested_flow_collections_fail_fast() {
        // Within the size cap, the depth cap stops it; beyond, the size cap does.
        for (repeats, expected) in [(10_000, "nests deeper"), (40_000, "the limit is")] {
            let text = format!("---\ntitle: {}\n---\n", "{a: [".repeat(repeats));
            let start = Instant::now();
            let errors = parse_file(&text).unwrap_err();
            assert!(start.elapsed() < Duration::from_secs(1));
            assert!(errors[0].message.contains(expected), "{errors:?}");
        }
    }

    #[test]
    fn deeply_nested_block_collections_fail_fast() {
        let mut yaml = String::from("title: x\n");
        for depth in 0..100 {
            yaml.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        let errors = parse_file(&format!("---\n{yaml}---\n")).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("nests deeper")), "{errors:?}");
    }

    #[test]
    fn oversized_front_matter_is_refused() {
        let text = format!("---\ntitle: \"{}\"\n---\n", "x".repeat(MAX_YAML_BYTES));
        let errors = parse_file(&text).unwrap_err();
        assert!(errors[0].message.contains("the limit is 64 KiB"));
    }

    #[test]
    fn quotes_and_comments_do_not_confuse_the_caps() {
        let text = "---\ntitle: \"a [{ *b & c\" # [[[ *x\ntags: ['it''s', \"[\"]\n---\n";
        assert_eq!(parse_file(text).unwrap().tags, ["it's", "["]);
    }

    #[test]
    fn locator_finds_items_in_flow_and_block_lists() {
        let text = "---\ntitle: A\ntags: [foc, venice]\nother:\n  - foc-x\n  - ven\n---\n";
        let s = split(text).unwrap();
        let yaml = s.yaml.unwrap();
        let loc = Locator::new(text, Some(&yaml));
        assert_eq!(&text[loc.item("tags", "venice")], "venice");
        let r = loc.item("other", "ven");
        assert_eq!((&text[r.clone()], text[..r.start].lines().count()), ("ven", 6));
        assert_eq!(&text[loc.item("tags", "missing")], "tags");
        assert_eq!(&text[loc.key("title")], "title");
    }
}
