//! Front matter: splits a content file into its YAML header and Markdown body, and reads YAML
//! key by key into typed values.
//!
//! This is the only module that touches serde_yaml. Every YAML text of a site (front matter,
//! `site.yaml`, `sources.yaml`) passes the size, nesting-depth and alias caps here before the
//! parser sees it, so hostile input (alias bombs, tens of thousands of nested `{a: [`) fails in
//! microseconds with a clear message instead of stalling the build or eating memory.
//!
//! A mapping is read whole when it parses; when it does not, each top-level key (each entry
//! of `sources.yaml`) is read on its own, so one slip costs only its own value, and the slip
//! is explained in the writer's words (`slips.rs`) at the line and column where it was made
//! (an unquoted colon, an unclosed quote, a tab, `-item`, keys or items that do not line up…),
//! with a help line that fits the file: front matter has keys, `sources.yaml` has entries.
//! A front-matter list of mappings (a briefing's `changes`, an organization's `status_history`) is read entry by
//! entry ([`Fields::entries`]), each key of each entry at its own line and column.
//!
//! Takes: a file's text. Gives: the byte ranges of its YAML block and body; [`Fields`], the
//! values that could be read, with every problem at its byte range in the file; and the
//! positions of keys and list items, so later stages can point at the exact slug that does
//! not resolve.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::suggest;
use slips::*;

mod slips;

/// Largest YAML block accepted (front matter is metadata; long text belongs in the body).
pub(crate) const MAX_YAML_BYTES: usize = 64 * 1024;
/// Deepest nesting of mappings and sequences accepted.
pub(crate) const MAX_DEPTH: usize = 32;
/// Most anchors and aliases accepted in one YAML text.
pub(crate) const MAX_ALIASES: usize = 64;
/// `sources.yaml` is a bibliography and may be longer than one page's front matter.
pub(crate) const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// A problem in a YAML text, at `range` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub(crate) range: Range<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    /// The diagnostic code (see `docs/diagnostics.md`).
    pub(crate) code: &'static str,
}

impl YamlError {
    pub(crate) fn new(
        range: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
        code: &'static str,
    ) -> YamlError {
        YamlError { range, message: message.into(), help, code }
    }
}

/// Where the front matter and the body of a content file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split {
    /// The YAML between the `---` lines, without them; `None` when the file has no front matter.
    pub(crate) yaml: Option<Range<usize>>,
    pub(crate) body: Range<usize>,
}

/// Splits `text` at its front matter: a first line `---`, YAML, then a line `---` (or `...`).
pub(crate) fn split(text: &str) -> Result<Split, YamlError> {
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
        "E010",
    ))
}

/// What a YAML text is, for help lines that fit it: front matter has keys, `site.yaml` has
/// settings, and `sources.yaml` has entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    FrontMatter,
    SiteYaml,
    SourceEntry,
    /// An entry of a list of mappings in front matter (`changes`, `status_history`).
    ListEntry,
    /// A setting of `site.yaml` that is a set of settings of its own, indented under it
    /// (`status:`).
    Section,
    /// A table of the interface's strings: `strings:` in `site.yaml`, or a shipped language's.
    Strings,
}

impl Context {
    fn add_line(self, key: &str) -> String {
        match self {
            Context::FrontMatter => format!("add a line `{key}: …` to the front matter"),
            Context::SiteYaml => format!("add a line `{key}: …` to `content/site.yaml`"),
            Context::SourceEntry | Context::ListEntry => {
                format!("add a line `  {key}: …` to this entry, lined up with its other keys")
            }
            Context::Section => format!("add a line `  {key}: …` under the setting, lined up with its other keys"),
            Context::Strings => format!("add a line `  {key}: …` under `strings:`"),
        }
    }

    /// What a help says of the keys known, after "did you mean": the list, or where it is.
    fn known_keys(self, keys: &[&str]) -> String {
        match self {
            Context::Strings => "every string is listed in docs/strings.md".to_string(),
            Context::FrontMatter | Context::SiteYaml | Context::SourceEntry | Context::ListEntry | Context::Section => {
                format!("known keys: {}", keys.join(", "))
            }
        }
    }

    fn holds(self) -> &'static str {
        match self {
            Context::FrontMatter => "front matter is `key: value` lines",
            Context::SiteYaml => "`site.yaml` is `setting: value` lines",
            Context::SourceEntry => {
                "each source is an entry starting with `- id: …`, its other keys lined up under `id`"
            }
            Context::ListEntry => "each entry starts with `- key: value`, its other keys lined up under the first",
            Context::Section => "the setting's own settings are `key: value` lines, indented under it and lined up",
            Context::Strings => "`strings:` holds `key: text` lines, each indented under it",
        }
    }
}

/// One `key: value` of a YAML mapping, with where its key and value are written.
#[derive(Debug, Clone)]
struct Field {
    key: String,
    /// The whole `key: value` as written, from the key to the last line of its value.
    range: Range<usize>,
    key_range: Range<usize>,
    value_range: Range<usize>,
    /// `None` when the value could not be read (the problem is reported already).
    value: Option<serde_yaml::Value>,
    /// Where each item of a block list (`- …` lines) is written, for messages about one item.
    items: Vec<Range<usize>>,
}

/// A YAML mapping read key by key, so one bad value costs only that value: every key that
/// parses is kept, and every problem is reported where the writer made it.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    fields: Vec<Field>,
    context: Context,
    /// Where "missing key" problems point: the start of the block or entry.
    start: Range<usize>,
    /// Keys reported as unknown, so a missing key they misspell is not reported again.
    misspelt: Vec<String>,
    /// The whole text was refused (too large, too deep): no key is reported missing.
    refused: bool,
    /// The text the positions are in, for reading the entries of a list of mappings.
    text: Arc<str>,
    pub(crate) errors: Vec<YamlError>,
    /// Every key read, in order, with whether it was required: the tests check that a
    /// struct's reader reads exactly its fields.
    #[cfg(test)]
    pub(crate) asked: Vec<(String, bool)>,
}

impl Fields {
    /// No fields yet; missing keys are reported at `start`.
    fn empty(context: Context, start: Range<usize>, text: Arc<str>) -> Fields {
        Fields {
            fields: Vec::new(),
            context,
            start,
            misspelt: Vec::new(),
            refused: false,
            text,
            errors: Vec::new(),
            #[cfg(test)]
            asked: Vec::new(),
        }
    }

    /// Reads the mapping at `range` of `text` (front matter or `site.yaml`); `keys` are the
    /// keys accepted.
    pub(crate) fn read(text: &str, range: Range<usize>, keys: &[&str], context: Context) -> Fields {
        let max = if context == Context::FrontMatter { MAX_YAML_BYTES } else { MAX_DOCUMENT_BYTES };
        let mut fields = Fields::empty(context, range.start..range.start + 1, Arc::from(&text[..range.end]));
        if let Err(e) = check_limits(&text[range.clone()], range.start, max, context) {
            fields.errors.push(e);
            fields.refused = true;
            return fields;
        }
        let chunks = mapping_chunks(text, range.clone(), 0, range.start);
        let whole = if text[range.clone()].trim().is_empty() {
            Some(serde_yaml::Mapping::new())
        } else {
            serde_yaml::from_str::<serde_yaml::Mapping>(&text[range.clone()]).ok()
        };
        fields.take_chunks(text, chunks, whole, keys);
        fields
    }

    /// Reads one entry of a list whose values came whole from the parser (`value`), or
    /// chunk by chunk when the list did not parse. `range` is the entry's text, starting at
    /// its `- `.
    fn read_entry(
        text: &Arc<str>,
        range: Range<usize>,
        value: Option<serde_yaml::Mapping>,
        keys: &[&str],
        context: Context,
    ) -> Fields {
        let dash = range.start + text[range.clone()].find('-').unwrap_or(0);
        let key_start =
            dash + 1 + text[dash + 1..range.end].len() - text[dash + 1..range.end].trim_start_matches(' ').len();
        let indent = key_start - line_start(text, key_start);
        let mut fields = Fields::empty(context, dash..dash + 1, Arc::clone(text));
        let chunks = mapping_chunks(text, key_start..range.end, indent, key_start);
        fields.take_chunks(text, chunks, value, keys);
        fields
    }

    fn take_chunks(&mut self, text: &str, chunks: Vec<Chunk>, mut whole: Option<serde_yaml::Mapping>, keys: &[&str]) {
        let slips: Vec<Option<YamlError>> = chunks.iter().map(|c| prescan(text, c, keys)).collect();
        let mut seen: Vec<(String, usize)> = Vec::new();
        let clean = slips.iter().all(Option::is_none);
        for (chunk, slip) in chunks.into_iter().zip(slips) {
            if let Some(slip) = slip {
                self.errors.push(slip);
                // The keys written in this chunk are there, even if written wrong (`date:2026`,
                // `draft true`, a tab before `date:`): none is reported missing as well.
                for (i, line) in text[chunk.range.clone()].lines().enumerate() {
                    let word: String =
                        line.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    let written = match (i, &chunk.key) {
                        (0, Some(key)) => Some(key.clone()),
                        _ => keys.contains(&word.as_str()).then_some(word),
                    };
                    if let Some(key) = written.filter(|k| !self.has(k)) {
                        self.fields.push(Field {
                            key,
                            range: chunk.range.clone(),
                            key_range: chunk.key_range.clone(),
                            value_range: chunk.value_range.clone(),
                            value: None,
                            items: Vec::new(),
                        });
                    }
                }
                continue;
            }
            let Some(key) = chunk.key.clone() else {
                self.errors.push(explain(text, &chunk, None, keys, self.context));
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let line = text[..*first].matches('\n').count() + 1;
                self.errors.push(YamlError::new(
                    chunk.key_range.clone(),
                    format!("`{key}` is given twice"),
                    Some(format!("keep one of the two `{key}:` lines (the other is on line {line})")),
                    "E016",
                ));
                continue;
            }
            seen.push((key.clone(), chunk.key_range.start));
            if !keys.contains(&key.as_str()) {
                let known = self.context.known_keys(keys);
                let help = match suggest::closest(&key, keys.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? {}{}", known[..1].to_uppercase(), &known[1..]),
                    None => known,
                };
                if let Some(close) = suggest::closest(&key, keys.iter().copied()) {
                    self.misspelt.push(close.to_string());
                }
                self.errors.push(YamlError::new(
                    chunk.key_range.clone(),
                    format!("unknown key `{key}`"),
                    Some(help),
                    "E013",
                ));
                continue;
            }
            let value = match whole.as_mut().filter(|_| clean) {
                Some(mapping) => Some(mapping.remove(key.as_str()).unwrap_or(serde_yaml::Value::Null)),
                None => match parse_chunk(text, &chunk) {
                    Ok(value) => Some(value),
                    Err(error) => {
                        self.errors.push(explain(text, &chunk, Some(&error), keys, self.context));
                        None
                    }
                },
            };
            let items = block_list_items(text, chunk.range.clone());
            self.fields.push(Field {
                key,
                range: chunk.range,
                key_range: chunk.key_range,
                value_range: chunk.value_range,
                value,
                items,
            });
        }
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Whether `key` is written, even with a value that could not be read.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.field(key).is_some()
    }

    /// Where the value of `key` is written.
    pub(crate) fn value_range(&self, key: &str) -> Option<Range<usize>> {
        self.field(key).map(|f| f.value_range.clone())
    }

    /// The value of `key` read with `read` (a serde `deserialize` function); `None` when the
    /// key is absent or its value is wrong (reported).
    pub(crate) fn get_with<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(serde_yaml::Value) -> Result<T, serde_yaml::Error>,
    ) -> Option<T> {
        self.note(key, false);
        let field = self.fields.iter().find(|f| f.key == key)?;
        let value = field.value.clone()?;
        match read(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let range = field.value_range.clone();
                self.errors.push(value_error(key, &e.to_string(), range));
                None
            }
        }
    }

    /// A list of short texts (`key_points`), each item a non-empty string; `what` names one
    /// item in messages (`key point`). Each item that is not is reported where it is written,
    /// and left out.
    pub(crate) fn sentences(&mut self, key: &str, what: &str) -> Vec<String> {
        self.note(key, false);
        let Some(field) = self.fields.iter().find(|f| f.key == key) else { return Vec::new() };
        let value_range = field.value_range.clone();
        let help = format!("write each {what} as one sentence of text on its own line, starting with `- `");
        let items = match &field.value {
            None | Some(serde_yaml::Value::Null) => return Vec::new(),
            Some(serde_yaml::Value::Sequence(items)) => items.clone(),
            Some(_) => {
                let message = format!("`{key}` is a list: one {what} per line, each starting with `- `");
                self.errors.push(YamlError::new(value_range, message, Some(help), "E025"));
                return Vec::new();
            }
        };
        let ranges = field.items.clone();
        let mut texts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let range = ranges.get(i).cloned().unwrap_or_else(|| value_range.clone());
            let problem = match item {
                serde_yaml::Value::String(text) if !text.trim().is_empty() => {
                    texts.push(text.trim().to_string());
                    continue;
                }
                serde_yaml::Value::String(_) | serde_yaml::Value::Null => "is empty",
                serde_yaml::Value::Bool(_) | serde_yaml::Value::Number(_) => "is not text: put it in quotes",
                serde_yaml::Value::Sequence(_) => "is a list, not a sentence",
                serde_yaml::Value::Mapping(_) => "is a mapping, not a sentence: a `: ` inside it needs quotes",
                serde_yaml::Value::Tagged(_) => "is not text",
            };
            self.errors.push(YamlError::new(range, format!("{what} {} {problem}", i + 1), Some(help.clone()), "E025"));
        }
        texts
    }

    /// A list of mappings (`changes:`), each entry read key by key (`keys` are those it
    /// accepts) by `read`, so each problem is reported at its own line and column; an entry
    /// `read` gives `None` for is left out. Entries written as a flow list (`[{…}]`) are read
    /// too, their problems at the list.
    pub(crate) fn entries<T>(
        &mut self,
        key: &str,
        keys: &[&str],
        mut read: impl FnMut(&mut Fields) -> Option<T>,
    ) -> Vec<T> {
        self.note(key, false);
        let Some(field) = self.field(key) else { return Vec::new() };
        let (value_range, range) = (field.value_range.clone(), field.range.clone());
        let help = format!(
            "write each entry of `{key}` on lines of its own: `- {}: …`, its other keys lined up under it",
            keys.first().copied().unwrap_or("key")
        );
        let items = match &field.value {
            None | Some(serde_yaml::Value::Null) => return Vec::new(),
            Some(serde_yaml::Value::Sequence(items)) => items.clone(),
            Some(_) => {
                let message = format!("`{key}` is a list of entries, each starting with `- `");
                self.errors.push(YamlError::new(value_range, message, Some(help), "E026"));
                return Vec::new();
            }
        };
        let text = Arc::clone(&self.text);
        // The entries as written: the list's `- ` lines, after the key's own line.
        let list_start = text[range.clone()].find('\n').map_or(range.end, |i| range.start + i + 1);
        let written: Vec<Range<usize>> = list_items(&text[list_start..range.end])
            .into_iter()
            .filter(|item| item.stray.is_none())
            .map(|item| list_start + item.range.start..list_start + item.range.end)
            .collect();
        let placed = written.len() == items.len();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let at = if placed { written[i].clone() } else { value_range.clone() };
            let serde_yaml::Value::Mapping(mapping) = item else {
                // At the item's text after its `- `, or at its `-` when there is none.
                let dash = at.start + text[at.clone()].find('-').unwrap_or(0);
                let line = &text[dash + 1..at.end];
                let line = line.split('\n').next().unwrap_or_default();
                let item = dash + 1 + (line.len() - line.trim_start().len())..dash + 1 + line.trim_end().len();
                let at = match placed {
                    true if !item.is_empty() => item,
                    true => dash..dash + 1,
                    false => at,
                };
                let message = format!("entry {} of `{key}` is not a set of `key: value` lines", i + 1);
                self.errors.push(YamlError::new(at, message, Some(help.clone()), "E026"));
                continue;
            };
            let mut entry = if placed {
                Fields::read_entry(&text, at, Some(mapping), keys, Context::ListEntry)
            } else {
                Fields::unplaced(mapping, at, keys, Context::ListEntry, Arc::clone(&text))
            };
            if let Some(value) = read(&mut entry) {
                out.push(value);
            }
            self.errors.append(&mut entry.errors);
        }
        out
    }

    /// A mapping under `key`, its settings indented below it (`status:` in `site.yaml`), read
    /// key by key by `read` (`keys` are those it accepts), each problem at its own line and
    /// column. `None` when the key is absent or has no value, or when its value is not a
    /// mapping (reported). A mapping written in braces (`{a: 1}`) is read too, its problems at
    /// the braces.
    pub(crate) fn section<T>(
        &mut self,
        key: &str,
        keys: &[&str],
        read: impl FnOnce(&mut Fields) -> Option<T>,
    ) -> Option<T> {
        let mut fields = self.mapping(key, keys, Context::Section)?;
        let out = read(&mut fields);
        self.errors.append(&mut fields.errors);
        out
    }

    /// A mapping under `key` (`strings:` and its indented `name: text` lines, `status:` and
    /// its settings), read key by key so each of its keys and values is reported at its own
    /// line; `keys` are those it accepts. `None` when `key` is absent or empty, or is not a
    /// mapping (reported). Its problems are the caller's to take (`errors`), once its values
    /// are read.
    pub(crate) fn mapping(&mut self, key: &str, keys: &[&str], context: Context) -> Option<Fields> {
        self.note(key, false);
        let field = self.field(key)?;
        let (range, value_range, key_range) = (field.range.clone(), field.value_range.clone(), field.key_range.clone());
        let mapping = match field.value.clone() {
            None | Some(serde_yaml::Value::Null) => return None,
            Some(serde_yaml::Value::Mapping(mapping)) => mapping,
            Some(_) => {
                let (message, help) = match context {
                    Context::Strings => (
                        format!("`{key}` is a set of `name: text` lines, each indented under it"),
                        format!("write `{key}:` alone on its line, then one `  name: text` per line below it"),
                    ),
                    _ => (
                        format!("`{key}` is a set of settings, each on a line of its own indented under it"),
                        format!(
                            "write `{key}:` alone on its line, then its settings below it: `  {}: …`",
                            keys.first().copied().unwrap_or("key")
                        ),
                    ),
                };
                self.errors.push(YamlError::new(value_range, message, Some(help), "E015"));
                return None;
            }
        };
        let text = Arc::clone(&self.text);
        // The first key: the first line after `key:` that is not blank or a comment.
        let mut first_key = None;
        let mut at = text[range.clone()].find('\n').map_or(range.end, |i| range.start + i + 1);
        for line in text[at..range.end].split_inclusive('\n') {
            let content = line.trim_start_matches(' ');
            if !content.trim().is_empty() && !content.starts_with('#') {
                first_key = Some(at + line.len() - content.len());
                break;
            }
            at += line.len();
        }
        let Some(first_key) = first_key else {
            // Written on the key's line, `strings: {notes: Endnotes}`: its keys have no places
            // of their own.
            return Some(Fields::unplaced(mapping, value_range, keys, context, text));
        };
        let indent = first_key - line_start(&text, first_key);
        let mut fields = Fields::empty(context, key_range, Arc::clone(&text));
        let chunks = mapping_chunks(&text, first_key..range.end, indent, first_key);
        fields.take_chunks(&text, chunks, Some(mapping), keys);
        Some(fields)
    }

    /// Fields of a mapping whose keys cannot be placed (a flow list's entries): every problem
    /// is reported at `at`. A key not among `keys` is reported, unless `keys` is empty.
    fn unplaced(
        mapping: serde_yaml::Mapping,
        at: Range<usize>,
        keys: &[&str],
        context: Context,
        text: Arc<str>,
    ) -> Fields {
        let mut f = Fields::empty(context, at.clone(), text);
        for (k, v) in mapping {
            let key = k.as_str().unwrap_or_default().to_string();
            if !keys.is_empty() && !keys.contains(&key.as_str()) {
                let known = context.known_keys(keys);
                let help = match suggest::closest(&key, keys.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? {}{}", known[..1].to_uppercase(), &known[1..]),
                    None => known,
                };
                f.errors.push(YamlError::new(at.clone(), format!("unknown key `{key}`"), Some(help), "E013"));
                continue;
            }
            f.fields.push(Field {
                key,
                range: at.clone(),
                key_range: at.clone(),
                value_range: at.clone(),
                value: Some(v),
                items: Vec::new(),
            });
        }
        f
    }

    /// Reports a problem the reader of a value found, at `range` of the file.
    pub(crate) fn error(&mut self, range: Range<usize>, message: String, help: &str, code: &'static str) {
        self.errors.push(YamlError::new(range, message, Some(help.to_string()), code));
    }

    /// The line (from 1) of the file at byte `at`.
    pub(crate) fn line_of(&self, at: usize) -> usize {
        self.text[..at.min(self.text.len())].matches('\n').count() + 1
    }

    /// Where these fields start: an entry's `-`, or the list it is written in when its keys
    /// have no places of their own (`[{…}]`).
    pub(crate) fn start(&self) -> Range<usize> {
        self.start.clone()
    }

    pub(crate) fn get<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        self.get_with(key, serde_yaml::from_value::<T>)
    }

    /// Like [`Fields::get_with`], and a missing key is an error (unless a misspelt key already
    /// stands for it).
    pub(crate) fn required_with<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(serde_yaml::Value) -> Result<T, serde_yaml::Error>,
    ) -> Option<T> {
        self.note(key, true);
        if !self.has(key) {
            if !self.refused && !self.misspelt.iter().any(|k| k == key) {
                let at = self.start.clone();
                self.errors.push(YamlError::new(
                    at,
                    format!("missing required key `{key}`"),
                    Some(self.context.add_line(key)),
                    "E014",
                ));
            }
            return None;
        }
        if let Some(field) = self.field(key) {
            if field.value.as_ref().is_some_and(serde_yaml::Value::is_null) {
                let at = field.key_range.clone();
                self.errors.push(YamlError::new(
                    at,
                    format!("`{key}` is empty"),
                    Some(format!("write the {key} after `{key}: `")),
                    "E018",
                ));
                return None;
            }
        }
        self.get_with(key, read)
    }

    pub(crate) fn required<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        self.required_with(key, serde_yaml::from_value::<T>)
    }

    #[cfg(test)]
    fn note(&mut self, key: &str, required: bool) {
        if !self.asked.iter().any(|(k, _)| k == key) {
            self.asked.push((key.to_string(), required));
        }
    }

    #[cfg(not(test))]
    fn note(&mut self, _: &str, _: bool) {}
}

/// Reads `sources.yaml`-like text: a list of mappings. Gives each entry's fields (entries that
/// cannot be read at all are left out) and every problem, each at its entry.
pub(crate) fn read_list(text: &str, keys: &[&str]) -> (Vec<Fields>, Vec<YamlError>) {
    let context = Context::SourceEntry;
    if let Err(e) = check_limits(text, 0, MAX_DOCUMENT_BYTES, context) {
        return (Vec::new(), vec![e]);
    }
    if text.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    let items = list_items(text);
    let whole: Option<Vec<serde_yaml::Value>> =
        serde_yaml::from_str::<Option<Vec<serde_yaml::Value>>>(text).ok().map(Option::unwrap_or_default);
    let mut problems = Vec::new();
    if let Some(values) = &whole {
        if values.len() != items.len() && !values.is_empty() {
            // A flow list (`[{…}, {…}]`) or other shape the line scan does not follow: read
            // the values without positions.
            let entries = values
                .iter()
                .map(|v| {
                    Fields::unplaced(v.as_mapping().cloned().unwrap_or_default(), 0..1, &[], context, Arc::from(""))
                })
                .collect();
            return (entries, problems);
        }
    } else if items.is_empty() {
        let error = serde_yaml::from_str::<Option<Vec<serde_yaml::Value>>>(text).err();
        let at = error.as_ref().and_then(|e| e.location()).map_or(0, |l| offset_of(text, l.line(), l.column()));
        problems.push(YamlError::new(
            at..at + 1,
            "this file is not a list of sources".to_string(),
            Some("start each source with `- id: …` at the beginning of a line".into()),
            "E023",
        ));
        return (Vec::new(), problems);
    }
    let mut entries = Vec::with_capacity(items.len());
    let shared: Arc<str> = Arc::from(text);
    for (i, item) in items.into_iter().enumerate() {
        if let Some(stray) = item.stray {
            problems.push(explain_stray(text, stray, context));
            continue;
        }
        let value = match &whole {
            Some(values) => match values.get(i) {
                Some(serde_yaml::Value::Mapping(m)) => Some(m.clone()),
                Some(_) => {
                    problems.push(YamlError::new(
                        item.range.start..item.range.start + 1,
                        "this entry is not a set of `key: value` lines".to_string(),
                        Some(context.holds().to_string()),
                        "E023",
                    ));
                    continue;
                }
                None => None,
            },
            None => None,
        };
        entries.push(Fields::read_entry(&shared, item.range, value, keys, context));
    }
    (entries, problems)
}

/// An item of a top-level list: its text from the `-`; or a line that belongs to no item.
struct ListItem {
    range: Range<usize>,
    stray: Option<Range<usize>>,
}

/// The items of a top-level block list, by their `-` lines at the list's indent.
fn list_items(text: &str) -> Vec<ListItem> {
    let mut items: Vec<ListItem> = Vec::new();
    let mut list_indent = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.trim().is_empty() || content.starts_with('#') {
            if let Some(last) = items.last_mut() {
                last.range.end = at;
            }
            continue;
        }
        let is_item = content.starts_with('-') && content[1..].starts_with([' ', '\n', '\r']);
        let list = *list_indent.get_or_insert(if is_item { indent } else { 0 });
        if is_item && indent == list {
            items.push(ListItem { range: start..at, stray: None });
        } else if indent > list && !items.is_empty() {
            // Continues the item above (or the stray line above, reported once).
            if let Some(last) = items.last_mut() {
                last.range.end = at;
            }
        } else {
            items.push(ListItem { range: start..at, stray: Some(start + indent..at) });
        }
    }
    items
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// One `key: value` of a block mapping as written: its first line holds the key, and the
/// lines after it that are indented further (or blank, or comments) belong to it.
#[derive(Debug, Clone)]
struct Chunk {
    /// Absolute range of the chunk's text, from the key.
    range: Range<usize>,
    key: Option<String>,
    key_range: Range<usize>,
    value_range: Range<usize>,
    /// How many spaces the mapping's keys are indented.
    indent: usize,
}

/// Splits the block mapping at `range` into its keys. `indent` is the keys' indentation;
/// `first_key` is where the first key starts (after `- ` in a list entry).
fn mapping_chunks(text: &str, range: Range<usize>, indent: usize, first_key: usize) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut at = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let first = start <= first_key && first_key < at;
        // A key line is indented by exactly `indent` spaces (the first may follow `- `).
        let spaces = line.bytes().take(indent).take_while(|&b| b == b' ').count();
        let content_start = if first { first_key } else { start + spaces };
        let content = &text[content_start..at];
        let starts_key =
            (first || spaces == indent) && !content.starts_with([' ', '\t', '#', '\r', '\n']) && !content.is_empty();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        // `key:` then `- item` lines at the key's own indentation is a list too.
        let item = content.starts_with('-') && !chunks.is_empty();
        if starts_key && !blank && !item {
            let (key, key_range, value_start) = match find_key_colon(content) {
                Some(colon) => {
                    let raw = content[..colon].trim_end();
                    let key = raw.trim_matches(|c| c == '"' || c == '\'');
                    let key_start = content_start + (raw.len() - raw.trim_start_matches(['"', '\'']).len());
                    (Some(key.to_string()), key_start..key_start + key.len(), content_start + colon + 1)
                }
                None => (None, content_start..content_start + content.trim_end().len().max(1), content_start),
            };
            let after = &text[value_start..];
            let value_start = value_start + (after.len() - after.trim_start_matches([' ', '\t']).len());
            let first_line_end = start + line.trim_end().len();
            let value_range = if value_start < first_line_end {
                value_start..first_line_end
            } else {
                // A block value: it starts on the next line.
                let next = &text[at.min(range.end)..range.end];
                let skip = next.len() - next.trim_start().len();
                let s = at + skip;
                let end = s + next.trim_start().find('\n').unwrap_or(next.trim_start().len()).max(1);
                s.min(text.len())..end.min(text.len())
            };
            chunks.push(Chunk { range: content_start..at, key, key_range, value_range, indent });
        } else if let Some(last) = chunks.last_mut() {
            last.range.end = at;
        } else if !blank {
            // Lines before any key.
            chunks.push(Chunk {
                range: start..at,
                key: None,
                key_range: start..start + line.trim_end().len().max(1),
                value_range: start..start + 1,
                indent,
            });
        }
    }
    chunks
}

/// The chunk's text with the mapping's indentation taken off, so it parses on its own.
fn dedent(text: &str, chunk: &Chunk) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(chunk.range.len());
    let mut starts = Vec::new();
    let mut at = chunk.range.start;
    for (i, line) in text[chunk.range.clone()].split_inclusive('\n').enumerate() {
        let strip = if i == 0 { 0 } else { line.len() - line.trim_start_matches(' ').len() };
        let strip = strip.min(chunk.indent);
        starts.push(at + strip);
        out.push_str(&line[strip..]);
        at += line.len();
    }
    (out, starts)
}

fn parse_chunk(text: &str, chunk: &Chunk) -> Result<serde_yaml::Value, (String, usize)> {
    let (yaml, starts) = dedent(text, chunk);
    match serde_yaml::from_str::<serde_yaml::Mapping>(&yaml) {
        Ok(mapping) => Ok(mapping.into_iter().next().map(|(_, v)| v).unwrap_or(serde_yaml::Value::Null)),
        Err(e) => {
            let at = e.location().map_or(chunk.range.start, |l| {
                let line = l.line().saturating_sub(1).min(starts.len().saturating_sub(1));
                let line_text = yaml.split_inclusive('\n').nth(line).unwrap_or("");
                let col =
                    line_text.char_indices().nth(l.column().saturating_sub(1)).map_or(line_text.len(), |(i, _)| i);
                starts.get(line).copied().unwrap_or(chunk.range.start) + col
            });
            Err((clean_message(&e.to_string()), at.min(text.len())))
        }
    }
}

/// The caps: size, nesting depth and aliases, checked by a scan that understands quotes,
/// comments, flow brackets and indentation well enough to bound what the parser will face.
fn check_limits(yaml: &str, base: usize, max_bytes: usize, context: Context) -> Result<(), YamlError> {
    if yaml.len() > max_bytes {
        return Err(YamlError::new(
            base..base + 3,
            format!("this YAML is {} KiB; the limit is {} KiB", yaml.len() / 1024, max_bytes / 1024),
            Some(
                match context {
                    Context::FrontMatter => "move long text into the Markdown body",
                    Context::SiteYaml => "`site.yaml` holds short settings; move long text into a page",
                    Context::SourceEntry => "keep each entry to its keys: quotations belong in the briefings",
                    Context::ListEntry => "move long text into the Markdown body",
                    Context::Section => "`site.yaml` holds short settings; move long text into a page",
                    Context::Strings => "a table of strings holds short texts, one per key",
                }
                .into(),
            ),
            "E017",
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
                    Some(
                        match context {
                            Context::FrontMatter => "front matter holds flat keys and short lists; flatten this value",
                            Context::SiteYaml => "`site.yaml` holds flat settings; flatten this value",
                            Context::SourceEntry => "each source holds flat keys; flatten this value",
                            Context::ListEntry => "each entry holds flat keys; flatten this value",
                            Context::Section => "`site.yaml` holds short settings; flatten this value",
                            Context::Strings => "each string is a text, or its forms by plural category",
                        }
                        .into(),
                    ),
                    "E017",
                ));
            }
            if aliases > MAX_ALIASES {
                let at = base + line_start + i;
                return Err(YamlError::new(
                    at..at + 1,
                    format!("the YAML uses more than {MAX_ALIASES} anchors and aliases"),
                    Some("write the values out instead of using `&anchor` and `*alias`".into()),
                    "E017",
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

/// The byte offset of 1-based `line`, `column` (in characters) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    line_start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Positions of keys and list items in one YAML block, for messages about values that parse
/// but do not resolve (an organization slug with no page, say).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Locator<'a> {
    text: &'a str,
    yaml: Option<&'a Range<usize>>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str, yaml: Option<&'a Range<usize>>) -> Locator<'a> {
        Locator { text, yaml }
    }

    /// The range of top-level `key` in the file, or of the front matter's first line.
    pub(crate) fn key(&self, key: &str) -> Range<usize> {
        self.find_key(key).unwrap_or(0..3)
    }

    /// Whether top-level `key` is written.
    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.find_key(key).is_some()
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
    pub(crate) fn item(&self, key: &str, value: &str) -> Range<usize> {
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

/// Where each item of the block list in the entry at `range` of `text` is written: from after its `- ` to
/// the end of its line (an empty item is the `-` itself). None for a flow list (`[a, b]`).
fn block_list_items(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut start = range.start;
    // The items are the dashes at the first one's indentation; deeper ones are inside an item.
    let mut list_indent = None;
    for line in text[range.clone()].split_inclusive('\n') {
        let body = line.trim_end();
        let indent = body.len() - body.trim_start().len();
        let rest = &body[indent..];
        let is_item = rest == "-" || rest.starts_with("- ");
        if is_item && *list_indent.get_or_insert(indent) != indent {
            start += line.len();
            continue;
        }
        if rest == "-" {
            items.push(start + indent..start + indent + 1);
        } else if let Some(item) = rest.strip_prefix("- ") {
            let item_start = start + indent + 2 + (item.len() - item.trim_start().len());
            items.push(item_start..start + body.len());
        }
        start += line.len();
    }
    items
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

    #[test]
    fn block_list_items_are_found_at_their_indentation() {
        let text = "key_points:\n  - One.\n  -\n  - Two:\n      - inner\n  - \"Three\"\n";
        let items: Vec<&str> = block_list_items(text, 0..text.len()).into_iter().map(|r| &text[r]).collect();
        assert_eq!(items, ["One.", "-", "Two:", "\"Three\""]);
        assert!(block_list_items("key_points: [a, b]\n", 0..19).is_empty());
    }

    #[test]
    fn entries_of_a_list_of_mappings_are_read_at_their_lines_in_blocks_and_in_brackets() {
        let text = "h:\n  - a: 1\n    b: two\n  -   b: 3\n      a: x\n  - plain\nf: [{a: 1, c: 2}]\n";
        let mut f = Fields::read(text, 0..text.len(), &["h", "f"], Context::FrontMatter);
        let entries = f.entries("h", &["a", "b"], |entry| {
            let (a, b) = (entry.value_range("a")?, entry.value_range("b")?);
            Some((entry.line_of(entry.start().start), &text[a], &text[b]))
        });
        assert_eq!(entries, [(2, "1", "two"), (4, "x", "3")]);
        let found: Vec<(&str, &str)> = f.errors.iter().map(|e| (&text[e.range.clone()], e.code)).collect();
        assert_eq!(found, [("plain", "E026")]);
        // In brackets there are no positions: problems point at the list.
        let mut g = Fields::read(text, 0..text.len(), &["h", "f"], Context::FrontMatter);
        let flow = g.entries("f", &["a", "b"], |entry| Some(entry.line_of(entry.start().start)));
        assert_eq!(flow, [7]);
        let found: Vec<(&str, &str)> = g.errors.iter().map(|e| (&text[e.range.clone()], e.code)).collect();
        assert_eq!(found, [("[{a: 1, c: 2}]", "E013")]);
        assert!(
            Fields::read("h: 3\n", 0..5, &["h"], Context::FrontMatter).entries("h", &["a"], |_| Some(())).is_empty()
        );
    }

    #[test]
    fn each_bad_sentence_is_reported_at_its_item_and_the_rest_kept() {
        let text = "key_points:\n  - One.\n  - 42\n  - Two: three\n  -\n  - Four.\n";
        let mut f = Fields::read(text, 0..text.len(), &["key_points"], Context::FrontMatter);
        assert_eq!(f.sentences("key_points", "key point"), ["One.", "Four."]);
        let found: Vec<(&str, &str)> = f.errors.iter().map(|e| (&text[e.range.clone()], e.message.as_str())).collect();
        assert_eq!(
            found,
            [
                ("42", "key point 2 is not text: put it in quotes"),
                ("Two: three", "key point 3 is a mapping, not a sentence: a `: ` inside it needs quotes"),
                ("-", "key point 4 is empty"),
            ]
        );
        let text = "key_points: Just one.\n";
        let mut f = Fields::read(text, 0..text.len(), &["key_points"], Context::FrontMatter);
        assert!(f.sentences("key_points", "key point").is_empty());
        assert_eq!(f.errors[0].code, "E025");
    }
    use serde::Deserialize;
    use std::time::{Duration, Instant};

    #[derive(Debug, PartialEq)]
    struct Meta {
        title: String,
        tags: Vec<String>,
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
        let mut f = Fields::read(text, split.yaml.unwrap(), KEYS, Context::FrontMatter);
        let meta = Meta {
            title: f.required("title").unwrap_or_default(),
            tags: f.get::<Option<Vec<String>>>("tags").flatten().unwrap_or_default(),
            level: f.get::<Option<Level>>("level").flatten(),
        };
        if f.errors.is_empty() { Ok(meta) } else { Err(f.errors) }
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
        assert_eq!(message, "`tags` takes a sequence, not a mapping");
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
    fn a_list_at_its_key_s_indentation_is_a_list() {
        let meta = parse_file("---\ntitle: A\ntags:\n- x\n- y\n---\n").unwrap();
        assert_eq!(meta.tags, ["x", "y"]);
        let errors = parse_file("---\ntitle: A\ntags:\n- x\n-y\n---\n").unwrap_err();
        assert_eq!(errors[0].message, "`-y` needs a space after the dash to be a list item");
    }

    #[test]
    fn no_slip_anywhere_makes_the_reader_panic() {
        let front = "title: \"Brexit: the deal\"\ndate: 2026-01-07\ntags:\n  - a\n  - 'b'\nlevel: member # c\n";
        let sources = "# S\n- id: a\n  title: \"A\"\n  date: 2019-05\n- id: b\n  title: B\n";
        for base in [front, sources] {
            for at in (0..=base.len()).filter(|&i| base.is_char_boundary(i)) {
                for insert in [
                    ":", "\"", "'", "\t", "-", "[", "{", "#", "\n", " ", "é", "\\", "*", "&", "|", ": ", "- ", "\n  ",
                    "\n- ",
                ] {
                    let mut text = base.to_string();
                    text.insert_str(at, insert);
                    let _ = Fields::read(&text, 0..text.len(), KEYS, Context::FrontMatter);
                    let _ = read_list(&text, KEYS);
                }
                if let Some(c) = base[at..].chars().next() {
                    let mut text = base.to_string();
                    text.replace_range(at..at + c.len_utf8(), "");
                    let _ = Fields::read(&text, 0..text.len(), KEYS, Context::FrontMatter);
                    let _ = read_list(&text, KEYS);
                }
            }
        }
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
