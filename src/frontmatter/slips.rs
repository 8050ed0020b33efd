//! Slips: a YAML mistake explained in the writer's words.
//!
//! Takes: the text of a front matter or `sources.yaml`, the chunk (a top-level key or an entry)
//! that did not parse and serde_yaml's message for it. Gives: one [`YamlError`] at the line and
//! column where the slip was made (an unquoted colon, an unclosed quote, a tab, `-item`, keys
//! or items that do not line up…) with a help line that fits the file.

use std::ops::Range;

use super::*;

/// A line of a list that starts no item and continues none.
pub(super) fn explain_stray(text: &str, line: Range<usize>, context: Context) -> YamlError {
    let content = text[line.clone()].trim_end();
    let indent = line.start - line_start(text, line.start);
    let (message, help) = if content.starts_with('-') && !content.starts_with("- ") && content.len() > 1 {
        (
            format!("`{}` needs a space after the dash to be a list item", first_word(content)),
            format!("write `- {}`", &content[1..]),
        )
    } else if content.starts_with("- ") {
        (
            format!("this entry is indented {indent} spaces, the entries above it are not"),
            "start every `- ` of the list at the beginning of the line".to_string(),
        )
    } else if find_key_colon(content).is_some() && indent == 0 {
        (
            "this line is not part of any entry".to_string(),
            format!(
                "{}: start a new source with `- `, or indent this key by two spaces to add it to the entry above",
                context.holds()
            ),
        )
    } else {
        ("this line is not part of any entry".to_string(), context.holds().to_string())
    };
    YamlError::new(line.start..line.start + content.len(), message, Some(help), "E012")
}

pub(super) fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or(s)
}

/// serde_yaml appends " at line L column C"; the position goes into the location instead.
pub(super) fn clean_message(full: &str) -> String {
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.to_string(),
    }
}

/// Slips found by reading the lines, before the parser: tabs, `-item`, `key:value`.
pub(super) fn prescan(text: &str, chunk: &Chunk, keys: &[&str]) -> Option<YamlError> {
    let first_line_end = chunk.range.start + text[chunk.range.clone()].find('\n').unwrap_or(chunk.range.len());
    let value = text.get(chunk.value_range.clone()).unwrap_or_default().trim();
    // A plain or quoted value on the key's line: YAML folds the lines under it into it.
    let scalar_above = chunk.key.is_some()
        && chunk.value_range.start < first_line_end
        && !value.is_empty()
        && !value.starts_with(['|', '>', '#', '[', '{']);
    let mut at = chunk.range.start;
    let mut first_item_indent: Option<usize> = None;
    for (i, line) in text[chunk.range.clone()].split_inclusive('\n').enumerate() {
        let start = at;
        at += line.len();
        let lead_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..lead_len].find('\t') {
            return Some(YamlError::new(
                start + tab..start + tab + 1,
                "a tab indents this line, and YAML accepts only spaces".to_string(),
                Some("replace the tab with spaces".into()),
                "E012",
            ));
        }
        if i == 0 {
            continue;
        }
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent < chunk.indent {
            return Some(YamlError::new(
                start + indent..start + line.trim_end().len(),
                format!("this line is indented {indent} spaces, the keys of this entry {}", chunk.indent),
                Some("line up the keys of the entry under the first one".into()),
                "E012",
            ));
        }
        if let (Some(item), true) = (content.strip_prefix("- "), scalar_above) {
            let key = chunk.key.as_deref().unwrap_or_default();
            return Some(YamlError::new(
                start + indent..start + indent + 1,
                format!("`{content}` is a list item, but `{key}` above already has a value"),
                Some(format!("a list belongs under its key, alone on its line: `{key}:` then `  - {item}`")),
                "E012",
            ));
        }
        let bytes = content.as_bytes();
        if bytes[0] == b'-' && bytes.get(1).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return Some(YamlError::new(
                start + indent..start + indent + first_word(content).len(),
                format!("`{}` needs a space after the dash to be a list item", first_word(content)),
                Some(format!("write `- {}`", &content[1..])),
                "E012",
            ));
        }
        if content.starts_with("- ") || content == "-" {
            match first_item_indent {
                None => first_item_indent = Some(indent),
                Some(first) if first != indent => {
                    return Some(YamlError::new(
                        start + indent..start + indent + 1,
                        format!("this list item is indented {indent} spaces, the first item of the list {first}"),
                        Some("line up the `-` of every item of the list".into()),
                        "E012",
                    ));
                }
                Some(_) => {}
            }
        }
    }
    if chunk.key.is_none() {
        let content = text[chunk.range.clone()].lines().next().unwrap_or("").trim_end();
        let word: String = content.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
        if !word.is_empty() && content[word.len()..].starts_with(':') && !content[word.len()..].starts_with(": ") {
            let colon = chunk.range.start + word.len();
            return Some(YamlError::new(
                colon..colon + 1,
                format!("`{content}` needs a space after the colon"),
                Some(format!("write `{word}: {}`", &content[word.len() + 1..])),
                "E012",
            ));
        }
        if keys.contains(&word.as_str()) && content[word.len()..].starts_with(' ') {
            let end = chunk.range.start + word.len();
            return Some(YamlError::new(
                end..end + 1,
                format!("a colon is missing after `{word}`"),
                Some(format!("write `{word}: {}`", content[word.len()..].trim())),
                "E012",
            ));
        }
    }
    None
}

/// A syntax error in one chunk, in the writer's words, at the place the writer made it.
pub(super) fn explain(
    text: &str,
    chunk: &Chunk,
    error: Option<&(String, usize)>,
    keys: &[&str],
    context: Context,
) -> YamlError {
    let first_line = text[chunk.range.clone()].lines().next().unwrap_or("");
    let Some(key) = &chunk.key else {
        let content = first_line.trim();
        let help = if let Some(item) = content.strip_prefix("- ") {
            format!("{}; a list belongs under its key, indented: `topics:` then `  - {item}`", context.holds())
        } else if keys.iter().any(|k| content.starts_with(k)) {
            format!("{}; write `key: value`, with a space after the colon", context.holds())
        } else {
            format!("{}; indent this line if it continues the value above", context.holds())
        };
        return YamlError::new(
            chunk.key_range.clone(),
            format!("`{content}` is not a `key: value` line"),
            Some(help),
            "E012",
        );
    };
    let value_start = chunk.value_range.start;
    let value_line_end = value_start + text[value_start..].find('\n').unwrap_or(text.len() - value_start);
    let value = text[value_start..value_line_end].trim_end();
    let on_key_line = value_start < chunk.range.start + first_line.len();
    if on_key_line {
        if let Some(quote @ ('"' | '\'')) = value.chars().next() {
            return explain_quoted(text, chunk, key, value_start, quote);
        }
        if let Some(open @ ('[' | '{')) = value.chars().next() {
            let close = if open == '[' { ']' } else { '}' };
            if let Some(extra) = closes_nothing(value, open, close) {
                let at = value_start + extra;
                return YamlError::new(
                    at..at + 1,
                    format!("this `{close}` closes nothing"),
                    Some(format!("remove it: `{key}: {}{}`", &value[..extra], &value[extra + 1..])),
                    "E012",
                );
            }
            if !balanced(&text[value_start..chunk.range.end], open, close) {
                let what = if open == '[' { "list" } else { "mapping" };
                return YamlError::new(
                    value_start..value_start + 1,
                    format!("the {what} opened here is never closed"),
                    Some(format!("end it with `{close}` on the same line")),
                    "E012",
                );
            }
        }
        if let Some(c @ ('@' | '`' | '%' | '*' | '&' | '!' | '|' | '>')) = value.chars().next() {
            if !matches!(c, '|' | '>')
                || value.len() > 1 && !value[1..].trim_start_matches(['-', '+']).trim().is_empty()
            {
                return YamlError::new(
                    value_start..value_start + 1,
                    format!("a value cannot start with `{c}` unless it is in quotes"),
                    Some(format!("put the value in quotes: `{key}: {}`", quote_value(value))),
                    "E012",
                );
            }
        }
        let plain = value.split(" #").next().unwrap_or(value);
        if let Some(colon) = plain.find(": ").or_else(|| plain.ends_with(':').then(|| plain.len() - 1)) {
            let at = value_start + colon;
            return YamlError::new(
                at..at + 1,
                format!("the colon in `{plain}` makes YAML read a new key"),
                Some(format!("put the value in quotes: `{key}: {}`", quote_value(plain))),
                "E012",
            );
        }
    }
    // Lines under the key: items and keys that do not line up. An item may be a mapping
    // (`- status: member`, then `  date: …` under `status`): its keys line up with its first.
    let mut at = chunk.range.start;
    let mut items = false;
    let mut entry_keys: Option<(usize, String)> = None;
    for (i, line) in text[chunk.range.clone()].split_inclusive('\n').enumerate() {
        let start = at;
        at += line.len();
        let content = line.trim();
        if i == 0 || content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let entry_key = |content: &str| {
            let colon = find_key_colon(content)?;
            let word = content[..colon].trim();
            let ok = !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            ok.then(|| (word.to_string(), colon))
        };
        if let Some(item) = content.strip_prefix("- ") {
            items = true;
            let item_indent = indent + 2 + (item.len() - item.trim_start().len());
            entry_keys = entry_key(item.trim_start()).map(|(word, _)| (item_indent, word));
            if let Some(slip) = entry_value_slip(item.trim_start(), start + item_indent) {
                return slip;
            }
        } else if let (Some((first_indent, first)), Some(_)) = (&entry_keys, entry_key(content)) {
            if indent != *first_indent {
                return YamlError::new(
                    start + indent..start + indent + content.len(),
                    format!("this key is indented {indent} spaces, `{first}` above it {first_indent}"),
                    Some("line up the keys of the entry under the first one, after its `- `".into()),
                    "E012",
                );
            }
            if let Some(slip) = entry_value_slip(content, start + indent) {
                return slip;
            }
        } else if entry_keys.as_ref().is_some_and(|(first_indent, _)| indent > *first_indent) {
            // The value of an entry's key, continued on the next line.
        } else if items {
            return YamlError::new(
                start + indent..start + line.trim_end().len(),
                format!("`{content}` is under a list but is not an item"),
                Some(format!("start it with `- `, lined up with the items above: `- {content}`")),
                "E012",
            );
        } else if find_key_colon(content).is_some() && chunk.indent > 0 && indent != chunk.indent {
            return YamlError::new(
                start + indent..start + indent + content.len(),
                format!("this key is indented {indent} spaces, `{key}` above it {}", chunk.indent),
                Some("line up the keys of the entry under the first one".into()),
                "E012",
            );
        }
    }
    let (message, at) = match error {
        Some((message, at)) => (message.clone(), *at),
        None => ("this line cannot be read".to_string(), chunk.range.start),
    };
    YamlError::new(
        at..at + 1,
        message,
        Some(format!("{}; check this line and the one above it", context.holds())),
        "E012",
    )
}

/// A `: ` in the plain value of an entry's `key: value` line (`note: a: b`), written at `at`.
fn entry_value_slip(line: &str, at: usize) -> Option<YamlError> {
    let colon = find_key_colon(line)?;
    let key = &line[..colon];
    let value = line[colon + 1..].trim_start();
    let value_at = at + (line.len() - value.len());
    if value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let plain = value.split(" #").next().unwrap_or(value).trim_end();
    let inner = plain.find(": ").or_else(|| plain.ends_with(':').then(|| plain.len() - 1))?;
    Some(YamlError::new(
        value_at + inner..value_at + inner + 1,
        format!("the colon in `{plain}` makes YAML read a new key"),
        Some(format!("put the value in quotes: `{key}: {}`", quote_value(plain))),
        "E012",
    ))
}

pub(super) fn explain_quoted(text: &str, chunk: &Chunk, key: &str, open: usize, quote: char) -> YamlError {
    let rest = &text[open + 1..chunk.range.end];
    let mut close = None;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                close = Some(open + 1 + i);
                break;
            }
        }
    }
    let Some(close) = close else {
        return YamlError::new(
            open..open + 1,
            "the quote opened here is never closed".to_string(),
            Some(format!("end the value with `{quote}` on the same line")),
            "E012",
        );
    };
    let line_end = close + text[close..].find('\n').unwrap_or(text.len() - close);
    let after = text[close + 1..line_end].trim_end();
    let trailing = after.trim_start();
    if !trailing.is_empty() && !trailing.starts_with('#') {
        let whole = text[open..line_end].trim_end();
        let help = if quote == '\'' {
            format!(
                "write an apostrophe inside single quotes as `''`, or use double quotes: `{key}: {}`",
                quote_value(&whole[1..whole.len()])
            )
        } else {
            format!(
                "put the whole value in quotes, writing `\\\"` for a quote inside it, or use single quotes: `{key}: '{}'`",
                whole.replace('\'', "''")
            )
        };
        let message =
            if quote == '\'' { "this apostrophe ends the single-quoted value" } else { "text after the closing quote" };
        let at = if quote == '\'' { close } else { close + 1 + (after.len() - trailing.len()) };
        return YamlError::new(at..at + 1, message.to_string(), Some(help), "E012");
    }
    if quote == '"' {
        if let Some(bs) = text[open..close].find('\\') {
            let at = open + bs;
            return YamlError::new(
                at..at + 2,
                format!("`{}` is not an escape YAML knows", &text[at..(at + 2).min(close)]),
                Some(format!(
                    "write `\\\\` for a backslash, or use single quotes: `{key}: '{}'`",
                    &text[open + 1..close]
                )),
                "E012",
            );
        }
    }
    YamlError::new(
        open..open + 1,
        "this quoted value cannot be read".to_string(),
        Some("check its quotes".into()),
        "E012",
    )
}

/// `value` as a double-quoted YAML scalar.
pub(super) fn quote_value(value: &str) -> String {
    format!("\"{}\"", value.trim().replace('\\', "\\\\").replace('"', "\\\""))
}

/// Where in `text` a `close` comes with nothing open, outside quotes.
pub(super) fn closes_nothing(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == open => depth += 1,
            None if c == close => {
                depth -= 1;
                if depth < 0 {
                    return Some(i);
                }
            }
            None => {}
        }
    }
    None
}

/// Whether every `open` in `text` is closed, outside quotes.
pub(super) fn balanced(text: &str, open: char, close: char) -> bool {
    let mut depth = 0i32;
    let mut quote = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == open => depth += 1,
            None if c == close => depth -= 1,
            None => {}
        }
    }
    depth <= 0
}

/// A value the parser read but that has the wrong form, in a front-matter user's words.
pub(super) fn value_error(key: &str, full: &str, range: Range<usize>) -> YamlError {
    let message = clean_message(full);
    if let Some(value) = between(&message, "unknown variant `", "`") {
        let choices = quoted_list(&message);
        let help = suggest::did_you_mean(value, choices.iter().copied())
            .map(|d| format!("{d} Accepted values: {}", choices.join(", ")))
            .or_else(|| expected_list(&message));
        return YamlError::new(range, format!("unknown value `{value}`"), help, "E015");
    }
    if message.contains("expected a boolean") {
        return YamlError::new(
            range,
            format!("`{key}` takes `true` or `false`"),
            Some(format!("write `{key}: true` or `{key}: false`")),
            "E015",
        );
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return YamlError::new(range, message, Some("simplify this YAML: it nests or repeats too much".into()), "E017");
    }
    // Our own messages say what to write after the problem: `…: write it as YYYY-MM-DD`.
    if let Some((what, fix)) = message.split_once(": write ") {
        return YamlError::new(range, what.to_string(), Some(format!("write {fix}")), "E015");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let found =
                found.replace("unit value", "nothing").replace("map", "a mapping").replace("sequence", "a list");
            return YamlError::new(
                range,
                format!("`{key}` takes {expected}, not {found}"),
                Some(format!("write {expected} after `{key}: `")),
                "E015",
            );
        }
    }
    YamlError::new(range, message, None, "E015")
}

pub(super) fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

pub(super) fn quoted_list(message: &str) -> Vec<&str> {
    let Some(i) = message.find("expected") else { return Vec::new() };
    message[i..].split('`').skip(1).step_by(2).collect()
}

pub(super) fn expected_list(message: &str) -> Option<String> {
    let list = quoted_list(message);
    (!list.is_empty()).then(|| format!("accepted: {}", list.join(", ")))
}
