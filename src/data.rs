//! Data: the CSV files of `content/data/`, read as tables.
//!
//! Takes: a data file's bytes. Gives: a [`DataTable`] (its header, its rows, which columns are
//! numbers), or one error (E037) at the line and column of the file where it stops being a
//! table: not UTF-8, empty, a header cell left empty, a row with another number of cells than
//! the header, a quote that is never closed. The `csv` crate reads the records; this module
//! only finds where, in the file, a record or cell starts, so that a message can point at it.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// The largest data file brief reads: a table of that size is already far longer than anyone
/// reads on a page.
pub(crate) const DATA_CAP: u64 = 1024 * 1024;

/// The folder of `content/` that holds data files, and where they are published.
pub(crate) const DATA_FOLDER: &str = "data";

/// A file of `content/data/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataFile {
    /// Its file name, as a table block names it: `arrears.csv`.
    pub(crate) name: String,
    /// Where it is published, from the site's root: `data/arrears.csv`.
    pub(crate) url_path: String,
    /// Relative to the site root, as messages show it: `content/data/arrears.csv`.
    pub(crate) path: PathBuf,
    /// Its contents, as read (published as they are); `None` when it could not be read (an
    /// error the load stage reported, which the table blocks showing it do not repeat).
    pub(crate) bytes: Option<Arc<Vec<u8>>>,
}

impl DataFile {
    pub(crate) fn new(name: String, path: PathBuf, bytes: Option<Vec<u8>>) -> DataFile {
        DataFile { url_path: format!("{DATA_FOLDER}/{name}"), name, path, bytes: bytes.map(Arc::new) }
    }
}

/// A CSV file as a table: the first record is the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataTable {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
    /// Per column: every cell of the column is a number or left empty, and one at least is a
    /// number ([`is_number`]).
    pub(crate) numeric: Vec<bool>,
}

/// What to say about a row that does not fit the header.
const CELLS_HELP: &str = "every row needs as many cells as the header: put a cell that holds a comma in double quotes \
                          (`\"1,200\"`), and write an empty cell as nothing between two commas";

/// Reads `file` as a table, or gives the first place where it is not one (`None` when it
/// could not be read at all, which was reported).
pub(crate) fn read_table(file: &DataFile) -> Result<DataTable, Option<Diagnostic>> {
    let Some(bytes) = file.bytes.as_deref() else { return Err(None) };
    read_bytes(file, bytes).map_err(Some)
}

fn read_bytes(file: &DataFile, bytes: &[u8]) -> Result<DataTable, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let before = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let end = before.len();
            return Err(Diagnostic::error("E037", &file.path, "the file is not UTF-8 text")
                .at(&before, end..end)
                .with_help("save it as UTF-8 (in a spreadsheet, “CSV UTF-8”)"));
        }
    };
    let error = |range: Range<usize>, message: String, help: &str| {
        Diagnostic::error("E037", &file.path, message).at(text, range).with_help(help)
    };
    if let Some((at, c)) = crate::text::find_forbidden_control(text) {
        return Err(error(
            at..at + c.len_utf8(),
            format!("a control character (U+{:04X}) is in the file", c as u32),
            "remove it: a page cannot show it",
        ));
    }
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    // Each record with the byte where it starts.
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let start = record.position().map_or(0, |p| p.byte() as usize);
                records.push((start, record.iter().map(str::to_string).collect()));
            }
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                return Err(error(at..at, format!("this is not CSV: {e}"), "save the table as CSV"));
            }
        }
    }
    let raw = |i: usize| {
        // The reader may place a record at the line end before it (the `\n` of a `\r\n`).
        let from = records[i].0;
        let start = from + text[from..].len() - text[from..].trim_start_matches(['\r', '\n']).len();
        let end = records.get(i + 1).map_or(text.len(), |r| r.0).max(start);
        (start, Fields::of(&text[start..end]))
    };
    // A quote never closed takes the rest of the file into one cell of the last record.
    if let Some(last) = records.len().checked_sub(1) {
        let (start, fields) = raw(last);
        if let Some(quote) = fields.open_quote {
            return Err(error(
                start + quote..start + quote + 1,
                "this quote is never closed: the rest of the file would be one cell".into(),
                "end the quoted cell with `\"`, and write a quote inside a cell as two (`\"\"`)",
            ));
        }
    }
    let Some(header) = records.first().map(|(_, header)| header.clone()) else {
        return Err(error(
            0..0,
            "the file is empty: a table needs a header row and at least one row".into(),
            "write the column names on the first line, then one line per row, cells separated by commas",
        ));
    };
    let columns = header.len();
    if let Some(blank) = header.iter().skip(1).position(String::is_empty).map(|i| i + 1) {
        let (start, fields) = raw(0);
        let at = start + fields.starts[blank];
        return Err(error(
            at..at,
            format!("column {} has no header", blank + 1),
            "name every column in the first row; only the first, over the row names, may be left empty",
        ));
    }
    if records.len() == 1 {
        let end = text.trim_end().len();
        return Err(error(
            end..end,
            "the file has a header row but no rows".into(),
            "add a line for each row of the table under the header",
        ));
    }
    let misfits: Vec<usize> = (1..records.len()).filter(|&i| records[i].1.len() != columns).collect();
    if let Some(&first) = misfits.first() {
        let (start, fields) = raw(first);
        let cells = records[first].1.len();
        // A long row is shown from its first extra cell, a short one at its end.
        let at = if cells > columns { start + fields.starts[columns] } else { start + fields.end };
        let more = match misfits.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more row)".into(),
            n => format!(" (and {n} more rows)"),
        };
        return Err(error(
            at..at,
            format!(
                "this row has {cells} {} and the header {columns}{more}",
                if cells == 1 { "cell" } else { "cells" }
            ),
            CELLS_HELP,
        ));
    }
    let rows: Vec<Vec<String>> = records.into_iter().skip(1).map(|(_, cells)| cells).collect();
    let numeric = (0..columns)
        .map(|c| {
            let cells = || rows.iter().map(|row| row[c].as_str());
            cells().all(|cell| is_number(cell) || is_no_value(cell)) && cells().any(is_number)
        })
        .collect();
    Ok(DataTable { header, rows, numeric })
}

/// Where the cells of one record start, read as the `csv` crate reads them (RFC 4180 quotes,
/// `""` for a quote inside a quoted cell).
struct Fields {
    /// The offset of each cell.
    starts: Vec<usize>,
    /// The offset of the record's line end.
    end: usize,
    /// A quote that opens a cell and is not closed by the end of the text.
    open_quote: Option<usize>,
}

impl Fields {
    fn of(raw: &str) -> Fields {
        let bytes = raw.as_bytes();
        let mut starts = vec![0];
        let mut open_quote = None;
        let mut at_cell_start = true;
        let mut i = 0;
        while i < bytes.len() {
            match (open_quote, bytes[i]) {
                (Some(_), b'"') if bytes.get(i + 1) == Some(&b'"') => i += 1,
                (Some(_), b'"') => open_quote = None,
                (Some(_), _) => {}
                (None, b'"') if at_cell_start => open_quote = Some(i),
                (None, b',') => {
                    starts.push(i + 1);
                    at_cell_start = true;
                    i += 1;
                    continue;
                }
                (None, b'\n' | b'\r') => break,
                // Spaces before a quote are trimmed: the quote still opens the cell.
                (None, b' ' | b'\t') if at_cell_start => {
                    i += 1;
                    continue;
                }
                (None, _) => {}
            }
            at_cell_start = false;
            i += 1;
        }
        Fields { starts, end: i, open_quote }
    }
}

/// Whether a cell is a number as tables print them: digits, with an optional sign (`-`, `+`
/// or `−`), an optional currency sign before the digits (`$`, `€`, `£`, `¥`), commas between
/// groups of three digits, a decimal point, and an optional `%` at the end. `1,234.5`,
/// `-12%`, `$3.4`, `−0.5`. Words, units and dates are not numbers.
pub(crate) fn is_number(cell: &str) -> bool {
    let rest = cell.strip_prefix(['-', '+', '−']).unwrap_or(cell);
    let rest = rest.strip_prefix(['$', '€', '£', '¥']).unwrap_or(rest);
    let rest = rest.strip_suffix('%').unwrap_or(rest);
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let whole_ok = match whole.split_once(',') {
        None => digits(whole),
        Some((first, groups)) => {
            digits(first) && first.len() <= 3 && groups.split(',').all(|g| g.len() == 3 && digits(g))
        }
    };
    whole_ok && fraction.is_none_or(digits)
}

/// Whether a cell says there is no value: empty, or a dash alone (`-`, `–`, `—`).
pub(crate) fn is_no_value(cell: &str) -> bool {
    matches!(cell, "" | "-" | "–" | "—")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &[u8]) -> DataFile {
        DataFile::new("t.csv".into(), "content/data/t.csv".into(), Some(text.to_vec()))
    }

    fn error(text: &[u8]) -> (String, usize, usize) {
        let d = read_table(&file(text)).expect_err("an error").expect("a diagnostic");
        let at = d.location.expect("a position");
        (d.message, at.line, at.column)
    }

    #[test]
    fn a_table_has_its_header_rows_and_numeric_columns() {
        let t = read_table(&file(b"\xEF\xBB\xBFBody,Arrears,Share\r\nUN,\"1,500\",22%\r\nWHO, -3.5 ,\r\n")).unwrap();
        assert_eq!(t.header, ["Body", "Arrears", "Share"]);
        assert_eq!(t.rows, [vec!["UN", "1,500", "22%"], vec!["WHO", "-3.5", ""]]);
        assert_eq!(t.numeric, [false, true, true]);
    }

    #[test]
    fn quoted_cells_keep_quotes_commas_newlines_and_markup_as_text() {
        let t = read_table(&file(b"a,b\n\"say \"\"hi\"\", then\nleave\",<script>x</script>\n")).unwrap();
        assert_eq!(t.rows[0], ["say \"hi\", then\nleave", "<script>x</script>"]);
    }

    #[test]
    fn numbers_are_read_narrowly() {
        for yes in ["0", "1,234", "1,234,567.89", "-5", "+5", "−5", "$3", "-$3.50", "€12", "45%", "0.5", "2025"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "1,23", "12,3456", "1.2.3", "5 kg", "n/a", "$", "%", "1e5", ".5", "5.", "2025-01-01", "12,"] {
            assert!(!is_number(no), "{no}");
        }
        let t = read_table(&file(b"a,b,c\n1,x,-\n2,3,\xE2\x80\x94\n")).unwrap();
        assert_eq!(t.numeric, [true, false, false], "a column of dashes alone is not numeric");
    }

    #[test]
    fn broken_files_are_errors_where_they_break() {
        assert_eq!(error(b"a,b\n1,2\n3,4,5\n"), ("this row has 3 cells and the header 2".into(), 3, 5));
        assert_eq!(error(b"a,b,c\n1,2\n3\n"), ("this row has 2 cells and the header 3 (and 1 more row)".into(), 2, 4));
        assert_eq!(error(b"a,b\r\n1,\"2\r\n3,4\r\n").1, 2);
        assert_eq!(error(b"a,b\r\n1,\"2\r\n3,4\r\n").2, 3);
        assert!(error(b"a,b\n1,\"open\n").0.contains("never closed"));
        assert_eq!(error(b"a,b\n1,\xFF\n"), ("the file is not UTF-8 text".into(), 2, 3));
        assert!(error(b"").0.contains("empty"));
        assert!(error(b"\n\n").0.contains("empty"));
        assert!(error(b"a,b\n").0.contains("no rows"));
        assert_eq!(error(b"a,,c\n1,2,3\n"), ("column 2 has no header".into(), 1, 3));
        assert!(read_table(&file(b",b\nx,2\n")).is_ok(), "the corner over the row names may be empty");
        assert_eq!(error(b"a,b\n1,x\x07y\n").2, 4);
    }
}
