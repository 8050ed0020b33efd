//! Tables: `[[slug|text]]` in a table cell just works.
//!
//! A GFM table splits its rows at every `|` not escaped as `\|`, before links are read, so
//! the pipe of `[[oecd|OECD]]` would cut the link in two cells. Before parsing, the pipes
//! inside `[[…]]` of table rows are escaped; the positions of the added backslashes are kept,
//! so every range found in the prepared text maps back to the text the writer wrote.
//!
//! Takes: a Markdown body. Gives: the text to parse, a map back to the original offsets, and
//! the rows that still have more cells than their table's header (GFM drops the extra cells
//! silently; brief reports them).

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::parser;

/// A body ready to parse.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub(crate) text: Cow<'a, str>,
    /// Offsets in `text` of the backslashes added, in order.
    added: Vec<usize>,
}

/// A table row with more cells than its header: the extra cells would vanish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OverfullRow {
    /// The row's line in the original body.
    pub(crate) range: Range<usize>,
    pub(crate) cells: usize,
    pub(crate) header_cells: usize,
}

impl Prepared<'_> {
    /// The offset in the original body of offset `at` of the prepared text.
    pub(crate) fn original(&self, at: usize) -> usize {
        at - self.added.partition_point(|&a| a < at)
    }
}

/// Escapes the pipes inside `[[…]]` in the rows of every table of `body`.
pub(crate) fn prepare(body: &str) -> Prepared<'_> {
    // Parsing to find the tables is done only when some wikilink holds a pipe and some line
    // can be a table's delimiter row (`|---|:--|`): most bodies have neither. Every body
    // passes here twice (scan and render), so the first test visits only the wikilinks.
    if !(any_wikilink_holds_a_pipe(body) && body.lines().any(is_delimiter_row)) {
        return Prepared { text: Cow::Borrowed(body), added: Vec::new() };
    }
    let mut escapes = Vec::new();
    for table in table_ranges(body) {
        let mut at = table.start;
        for line in body[table.clone()].split_inclusive('\n') {
            escapes.extend(wikilink_pipes(line).into_iter().map(|i| at + i));
            at += line.len();
        }
    }
    if escapes.is_empty() {
        return Prepared { text: Cow::Borrowed(body), added: Vec::new() };
    }
    let mut text = String::with_capacity(body.len() + escapes.len());
    let mut added = Vec::with_capacity(escapes.len());
    let mut from = 0;
    for pipe in escapes {
        text.push_str(&body[from..pipe]);
        added.push(text.len());
        text.push('\\');
        from = pipe;
    }
    text.push_str(&body[from..]);
    Prepared { text: Cow::Owned(text), added }
}

/// The rows of the table at `table` (a range of `prepared.text`, from the parser) with more
/// cells than the header, in original offsets.
pub(crate) fn overfull_rows(prepared: &Prepared<'_>, table: Range<usize>) -> Vec<OverfullRow> {
    let text = &prepared.text;
    let mut lines = Vec::new();
    let mut at = table.start;
    for line in text[table].split_inclusive('\n') {
        lines.push((at, line.trim_end()));
        at += line.len();
    }
    let Some(&(_, header)) = lines.first() else { return Vec::new() };
    let header_cells = cell_count(header);
    // Line 2 is the delimiter row (`|---|---|`).
    lines
        .iter()
        .skip(2)
        .filter(|(_, line)| !line.trim().is_empty() && cell_count(line) > header_cells)
        .map(|&(start, line)| OverfullRow {
            range: prepared.original(start)..prepared.original(start + line.len()),
            cells: cell_count(line),
            header_cells,
        })
        .collect()
}

/// Where the tables of `body` are.
fn table_ranges(body: &str) -> Vec<Range<usize>> {
    parser(body)
        .into_offset_iter()
        .filter_map(|(event, range)| matches!(event, Event::Start(Tag::Table(_))).then_some(range))
        .collect()
}

/// Offsets in `line` of the unescaped pipes inside `[[…]]`.
fn wikilink_pipes(line: &str) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut pipes = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'[' && bytes[i + 1] == b'[' {
            let Some(end) = line[i + 2..].find("]]").map(|e| i + 2 + e) else { break };
            for j in i + 2..end {
                if bytes[j] == b'|' && bytes[j - 1] != b'\\' {
                    pipes.push(j);
                }
            }
            i = end + 2;
        } else {
            i += 1;
        }
    }
    pipes
}

/// Whether some `[[…]]` in `body` holds a `|` (counting escaped ones and links across lines:
/// a quick test that may say yes when [`wikilink_pipes`] finds nothing, never the reverse).
fn any_wikilink_holds_a_pipe(body: &str) -> bool {
    // memchr's searches: `str::find` with a two-byte pattern was the larger part of this test.
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(open) = memchr::memmem::find(&bytes[from..], b"[[") {
        let inside = from + open + 2;
        let Some(close) = memchr::memmem::find(&bytes[inside..], b"]]") else { return false };
        if memchr::memchr(b'|', &bytes[inside..inside + close]).is_some() {
            return true;
        }
        from = inside + close + 2;
    }
    false
}

/// Whether `line` can be a table's delimiter row: pipes, dashes, colons and blanks only,
/// with at least one pipe and one dash.
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('|') && line.contains('-') && line.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// The cells of a table row as GFM counts them: split at unescaped pipes, less the pipes
/// that open and close the row.
fn cell_count(row: &str) -> usize {
    let row = row.trim();
    let bytes = row.as_bytes();
    let pipes = (0..bytes.len()).filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\')).count();
    let leading = row.starts_with('|');
    let trailing = row.len() > 1 && row.ends_with('|') && !row.ends_with("\\|");
    pipes + 1 - usize::from(leading) - usize::from(trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_without_a_table_is_not_copied() {
        for body in ["Text [[a|b]] and [[c|d]].\n\n- a | b\n", "| x | y |\n| - | - |\n| 1 | 2 |\n", "a\n---\n[[x|y]]\n"]
        {
            assert!(matches!(prepare(body).text, Cow::Borrowed(_)), "{body:?}");
        }
        let one_column = prepare("| x |\n|:-:|\n| [[a|b]] |\n");
        assert_eq!(one_column.text, "| x |\n|:-:|\n| [[a\\|b]] |\n");
    }

    #[test]
    fn pipes_of_wikilinks_in_tables_are_escaped_and_offsets_map_back() {
        let body = "Text [[a|b]].\n\n| x | y |\n|---|---|\n| [[oecd|OECD]] | [[foc#history|the FOC]] |\n";
        let prepared = prepare(body);
        assert!(prepared.text.contains("[[oecd\\|OECD]]") && prepared.text.contains("[[foc#history\\|the FOC]]"));
        assert!(prepared.text.starts_with("Text [[a|b]]."), "pipes outside tables are left alone");
        let at = prepared.text.find("[[foc").unwrap();
        assert_eq!(&body[prepared.original(at)..][..5], "[[foc");
    }

    #[test]
    fn escaped_pipes_stay_as_they_are() {
        let body = "| x |\n|---|\n| [[foc\\|the coalition]] |\n";
        assert!(matches!(prepare(body).text, Cow::Borrowed(_)));
    }

    #[test]
    fn rows_with_more_cells_than_the_header_are_found() {
        let body = "| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 |\n| `x|y` | 2 |\n";
        let prepared = prepare(body);
        let rows: Vec<OverfullRow> =
            table_ranges(&prepared.text).into_iter().flat_map(|t| overfull_rows(&prepared, t)).collect();
        let found: Vec<_> = rows.iter().map(|r| (&body[r.range.clone()], r.cells)).collect();
        assert_eq!(found, [("| 1 | 2 | 3 |", 3), ("| `x|y` | 2 |", 3)]);
    }
}
