//! Table blocks: a fenced block ```` ```table ```` shows a CSV file of `content/data/` as a
//! numbered table with a caption and a source line.
//!
//! ````text
//! ```table
//! data: arrears.csv
//! caption: Arrears by organization, end of 2025
//! source: UN Secretariat.
//! ```
//! ````
//!
//! Takes: the text of such a block (at scan), then its file read as a [`DataTable`] (at
//! render). Gives: a [`TableBlock`] (its keys, number, id and the problems of its lines, each
//! at its place), then the table's HTML. In another Markdown renderer the block is a code
//! block that still says which file and caption were meant.

use std::ops::Range;

use super::figures::Caption;
use crate::data::DataTable;
use crate::i18n::{Arg, Interface, Key};
use crate::slugs::IdAllocator;

/// The start of every table's id: `[[#tbl-arrears]]` names a table, as `fig-` a figure.
pub(crate) const TABLE_ID_PREFIX: &str = "tbl-";

/// The info string that makes a fenced block a table.
pub(crate) const INFO: &str = "table";

/// The keys a table block takes.
const KEYS: [&str; 3] = ["data", "caption", "source"];

/// One ```` ```table ```` block of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableBlock {
    /// The file of `content/data/` it shows, when its `data:` line could be read.
    pub(crate) data: Option<String>,
    /// Where the value of `data:` is written (the block's first line without one).
    pub(crate) data_range: Range<usize>,
    pub(crate) caption: Caption,
    /// "Table 1", "Table 2", in the order of the body.
    pub(crate) number: usize,
    /// Its id on the page, `tbl-<the file's name>`, from the allocator of the headings.
    pub(crate) id: String,
    /// The problems of its lines.
    pub(crate) problems: Vec<BlockProblem>,
}

impl TableBlock {
    /// Whether `other` says the same wherever in the body it stands: what the link stage and
    /// the page make of a block.
    pub(crate) fn same_shape(&self, other: &TableBlock) -> bool {
        let messages = |b: &TableBlock| b.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>();
        (&self.data, &self.caption, self.number, &self.id) == (&other.data, &other.caption, other.number, &other.id)
            && messages(self) == messages(other)
    }
}

/// A line of a table block that cannot be read, at its range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockProblem {
    pub(crate) range: Range<usize>,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// Whether a fenced block's info string makes it a table block.
pub(crate) fn is_table_info(info: &str) -> bool {
    info.trim() == INFO
}

/// Whether some line of `body` opens a table block: most bodies have none, and are not
/// parsed a second time for them.
pub(crate) fn may_hold_one(body: &str) -> bool {
    body.lines().any(|line| {
        let line = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
        let info = line.strip_prefix("```").or_else(|| line.strip_prefix("~~~"));
        info.is_some_and(|info| is_table_info(info.trim_start_matches(['`', '~'])))
    })
}

/// Reads the block at `range` of `body` (from its opening fence to its closing one).
pub(crate) fn read(body: &str, range: Range<usize>, number: usize, ids: &mut IdAllocator) -> TableBlock {
    let block = &body[range.clone()];
    let first_line = range.start..range.start + block.find('\n').unwrap_or(block.len());
    let mut problems = Vec::new();
    let mut found: [Option<(String, Range<usize>)>; 3] = Default::default();
    let mut at = range.start;
    for (index, line) in block.split_inclusive('\n').enumerate() {
        let line_start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        // The indent of a list item, and the `>` of a quote, are not part of the line.
        let trimmed = content.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
        let start = line_start + (content.len() - trimmed.len());
        // The opening fence, the closing one, and blank lines.
        if index == 0 || trimmed.is_empty() || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            continue;
        }
        let whole = start..start + trimmed.trim_end().len();
        let Some((key, value)) = trimmed.split_once(':') else {
            problems.push(BlockProblem {
                range: whole,
                message: "a line of a table block is not `key: value`".into(),
                help: "write `data: file.csv`, and optionally `caption: …` and `source: …`, one per line".into(),
            });
            continue;
        };
        let key = key.trim();
        let value_start = start + key.len() + 1 + (value.len() - value.trim_start().len());
        let value = value.trim();
        let value_range = value_start..value_start + value.len();
        let Some(slot) = KEYS.iter().position(|&k| k == key) else {
            let help = crate::suggest::did_you_mean(key, KEYS).unwrap_or_else(|| {
                "a table block takes `data:` (a file of content/data/), `caption:` and `source:`".into()
            });
            problems.push(BlockProblem {
                range: start..start + key.len(),
                message: format!("unknown key `{key}` in a table block"),
                help,
            });
            continue;
        };
        if found[slot].is_some() {
            problems.push(BlockProblem {
                range: whole,
                message: format!("`{key}:` is given twice in this table block"),
                help: "keep one of the two lines".into(),
            });
            continue;
        }
        if value.is_empty() {
            let what = if key == "data" { "the name of a file of content/data/" } else { "its text" };
            problems.push(BlockProblem {
                range: whole,
                message: format!("`{key}:` is empty"),
                help: format!("write {what} after `{key}:`, or remove the line"),
            });
            continue;
        }
        found[slot] = Some((value.to_string(), value_range));
    }
    let [data, caption, source] = found;
    let (data, data_range) = match data {
        Some((name, range)) => match check_name(&name) {
            Ok(()) => (Some(name), range),
            Err((message, help)) => {
                problems.push(BlockProblem { range: range.clone(), message, help });
                (None, range)
            }
        },
        None => {
            if !problems.iter().any(|p| p.message.starts_with("`data:`")) {
                problems.push(BlockProblem {
                    range: first_line.clone(),
                    message: "this table block has no `data:` line".into(),
                    help: "add `data: file.csv`, naming a CSV file of content/data/".into(),
                });
            }
            (None, first_line)
        }
    };
    let stem = data.as_deref().map_or("", |name| name.strip_suffix(".csv").unwrap_or(name));
    let id = ids.allocate_slug(format!("{TABLE_ID_PREFIX}{}", non_empty(crate::slugs::slugify(stem), "table")));
    let caption = Caption::of_block(
        caption.as_ref().map(|(text, _)| text.as_str()),
        source.as_ref().map(|(text, _)| text.as_str()),
    );
    TableBlock { data, data_range, caption, number, id, problems }
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.is_empty() { fallback.to_string() } else { s }
}

/// A `data:` value must name a `.csv` file in `content/data/` itself: no path out of it.
fn check_name(name: &str) -> Result<(), (String, String)> {
    let escapes = name.starts_with(['/', '\\', '~'])
        || name.contains('\\')
        || name.split('/').any(|part| part == "..")
        || name.get(1..2) == Some(":");
    if escapes {
        let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
        return Err((
            format!("`{name}` leads outside content/data/"),
            format!("put the file in content/data/ and name it alone: `data: {file}`"),
        ));
    }
    if !name.ends_with(".csv") {
        return Err((
            format!("`{name}` is not a `.csv` file"),
            "a table shows a CSV file: save the table as CSV in content/data/".into(),
        ));
    }
    Ok(())
}

/// What a table is called where it is numbered and linked: `Table 2`.
pub(crate) fn table_label(number: usize, interface: &Interface) -> String {
    interface.count(Key::table, number)
}

/// The HTML of a table block: its caption ("Table N." and the caption) above the table, which
/// names the table for screen readers (`aria-labelledby`), then the table in a box that scrolls
/// on its own when it is wider than the text (a region with the same name, reachable by
/// keyboard), then the source line and a link to download the data, in the site's language. The caption is not a
/// `<caption>`, which would scroll away with the table it belongs to. Every cell is text,
/// escaped. The first row is the header; the first column names the rows when the table has
/// more than one column. Numeric columns, header included, have the class `num`.
pub(crate) fn html(
    block: &TableBlock,
    id: &str,
    table: &DataTable,
    download: &str,
    file_name: &str,
    interface: &Interface,
) -> String {
    let escape = crate::text::escape_html;
    let num = |column: usize| if table.numeric.get(column) == Some(&true) { " class=\"num\"" } else { "" };
    let row_headers = table.header.len() > 1;
    let mut out = String::with_capacity(256 + table.rows.len() * table.header.len() * 24);
    let id = escape(id);
    out.push_str(&format!(
        "<div class=\"data-table\">\n<p class=\"table-caption\" id=\"{id}\"><span class=\"table-number\">{}.</span>",
        escape(&table_label(block.number, interface))
    ));
    if !block.caption.text.is_empty() {
        out.push(' ');
        out.push_str(&escape(&block.caption.text));
    }
    out.push_str(&format!(
        "</p>\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}\">\n\
         <table aria-labelledby=\"{id}\">\n<thead>\n<tr>"
    ));
    for (column, name) in table.header.iter().enumerate() {
        if name.is_empty() {
            // The corner over the row names: a header cell with no text would name nothing.
            out.push_str("<td></td>");
        } else {
            out.push_str(&format!("<th scope=\"col\"{}>{}</th>", num(column), escape(name)));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (column, cell) in row.iter().enumerate() {
            if column == 0 && row_headers {
                out.push_str(&format!("<th scope=\"row\"{}>{}</th>", num(column), escape(cell)));
            } else {
                out.push_str(&format!("<td{}>{}</td>", num(column), escape(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n<p class=\"table-source\">");
    if let Some(source) = block.caption.source_line(interface) {
        out.push_str(&format!("<span>{}</span> ", escape(&source)));
    }
    let link = interface.say(Key::download_data, &[("file", Arg::Text(file_name))]);
    out.push_str(&format!("<a href=\"{}\" download>{}</a></p>\n</div>\n", escape(download), escape(&link)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> (TableBlock, String) {
        let body = format!("Intro.\n\n{text}");
        let start = body.find("```").unwrap();
        let mut ids = IdAllocator::refusing(crate::markdown::is_reserved_id);
        (read(&body, start..body.len(), 1, &mut ids), body)
    }

    fn problems(text: &str) -> Vec<(String, String)> {
        let (block, body) = block(text);
        block.problems.iter().map(|p| (p.message.clone(), body[p.range.clone()].to_string())).collect()
    }

    #[test]
    fn a_block_gives_its_file_caption_source_and_id() {
        let (b, body) = block("```table\ndata: arrears.csv\ncaption: Arrears, 2025: by body\n\nsource:  UN.  \n```\n");
        assert_eq!(b.data.as_deref(), Some("arrears.csv"));
        assert_eq!(&body[b.data_range.clone()], "arrears.csv");
        assert_eq!(b.caption.text, "Arrears, 2025: by body");
        assert_eq!(b.caption.source.as_deref(), Some("UN."));
        assert_eq!(b.id, "tbl-arrears");
        assert!(b.problems.is_empty());
    }

    #[test]
    fn a_block_in_a_quote_or_a_list_reads_the_same() {
        for text in [
            "> ```table\n> data: a.csv\n> caption: C\n> ```\n",
            "- Item:\n\n  ```table\n  data: a.csv\n  caption: C\n  ```\n",
        ] {
            let body = format!("Intro.\n\n{text}");
            let outline = crate::markdown::scan(&body);
            let [block] = outline.tables.as_slice() else { panic!("one table in {text:?}") };
            assert!(block.problems.is_empty(), "{:?}", block.problems);
            assert_eq!((block.data.as_deref(), block.caption.text.as_str()), (Some("a.csv"), "C"));
            assert_eq!(&body[block.data_range.clone()], "a.csv");
        }
    }

    #[test]
    fn a_heading_never_takes_a_tables_id() {
        let outline = crate::markdown::scan("## Tbl arrears\n\nText.\n\n~~~table\ndata: arrears.csv\n~~~\n");
        assert_eq!(outline.tables[0].id, "tbl-arrears");
        assert_eq!(outline.headings[0].id, "tbl-arrears-1");
        assert!(!may_hold_one("```rust\nlet table = 1;\n```\n\nA table.\n"));
    }

    #[test]
    fn each_bad_line_is_a_problem_at_its_place() {
        assert_eq!(
            problems("```table\ndata: a.csv\ncaptoin: x\nplain words\ncaption: a\ncaption: b\n```\n"),
            [
                ("unknown key `captoin` in a table block".to_string(), "captoin".to_string()),
                ("a line of a table block is not `key: value`".into(), "plain words".into()),
                ("`caption:` is given twice in this table block".into(), "caption: b".into()),
            ]
        );
        assert_eq!(
            problems("```table\ncaption: x\n```\n"),
            [("this table block has no `data:` line".into(), "```table".into())]
        );
        for (name, message) in [
            ("../secret.csv", "`../secret.csv` leads outside content/data/"),
            ("/etc/passwd", "`/etc/passwd` leads outside content/data/"),
            ("C:\\x.csv", "`C:\\x.csv` leads outside content/data/"),
            ("a/../../b.csv", "`a/../../b.csv` leads outside content/data/"),
            ("arrears.xlsx", "`arrears.xlsx` is not a `.csv` file"),
        ] {
            assert_eq!(problems(&format!("```table\ndata: {name}\n```\n")), [(message.to_string(), name.to_string())]);
        }
    }

    #[test]
    fn the_html_escapes_every_cell_and_marks_numbers_and_row_headers() {
        let (b, _) = block("```table\ndata: a.csv\ncaption: <b>Cap</b>\nsource: S & T\n```\n");
        let table = DataTable {
            header: vec!["".into(), "Amount".into()],
            rows: vec![vec!["<script>alert(1)</script>".into(), "1,500".into()]],
            numeric: vec![false, true],
        };
        let html = html(&b, "tbl-a", &table, "/data/a.csv", "a.csv", &Interface::english());
        for part in [
            "<p class=\"table-caption\" id=\"tbl-a\"><span class=\"table-number\">Table 1.</span> &lt;b&gt;Cap&lt;/b&gt;</p>\n\
             <div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tbl-a\">\n\
             <table aria-labelledby=\"tbl-a\">",
            "<td></td><th scope=\"col\" class=\"num\">Amount</th>",
            "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th><td class=\"num\">1,500</td>",
            "<span>Source: S &amp; T</span> <a href=\"/data/a.csv\" download>Download the data (a.csv)</a>",
        ] {
            assert!(html.contains(part), "{part} in {html}");
        }
        assert!(!html.contains("<script>"));
    }
}
