//! Tables from data: a ```` ```table ```` block shows a CSV file of `content/data/` as a
//! numbered table with its caption, source line and a link to the file, which is published;
//! `[[#tbl-…]]` links are checked like headings; and every way a block or a CSV file can be
//! wrong is an error at its own file, line and column.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::serve::Preview;
use common::{TestSite, start_tags};

/// A CSV as spreadsheets save it: a byte-order mark, `\r\n` line ends, a quoted number with a
/// comma, a cell with a quote, a comma and a line break, markup, and a column of numbers with
/// a missing value.
pub(crate) const ARREARS_CSV: &[u8] = b"\xEF\xBB\xBFOrganization,Arrears (US$ m),Share of budget\r\n\
UN regular budget,\"1,500\",22%\r\n\
\"WHO, \"\"core\"\"\nfunds\",-3.5,\xE2\x80\x94\r\n\
<script>alert(1)</script>,\"$2,000.50\",1.5%\r\n";

/// The body of the briefing `a`: a table, a second block of the same file, and links to the
/// first.
const BRIEFING: &str = "---
title: Arrears
date: 2026-01-07
summary: Who owes what.
---

## Background

As [[#tbl-arrears]] shows, and [the same table](#tbl-arrears) too.

```table
data: arrears.csv
caption: Arrears by organization, end of 2025 <em>
source: UN Secretariat & others.
```

Once more, without caption or source:

```table
data: arrears.csv
```

A wide one:

```table
data: wide.csv
caption: Contributions by year
```
";

/// A briefing with two tables of one file, a page linking to its first table from elsewhere,
/// and an event with a table.
pub(crate) fn site_with_tables() -> TestSite {
    let site = TestSite::new()
        .file("content/briefings/a.md", BRIEFING)
        .file(
            "content/pages/about.md",
            "---\ntitle: About\n---\n\nSee [[a#tbl-arrears]] and [[a#tbl-arrears|the table]].\n",
        )
        .event("count", "2026-01-05", "", "Counted.\n\n```table\ndata: members.csv\ncaption: Members\n```\n");
    site.write("content/data/arrears.csv", ARREARS_CSV);
    site.write("content/data/members.csv", b"Year,Members\n2025,193\n2026,192\n");
    site.write("content/data/wide.csv", &wide_csv());
    site
}

/// Twelve columns of long headers and numbers: far wider than a phone.
fn wide_csv() -> Vec<u8> {
    let header: Vec<String> = (1..=12).map(|i| format!("Contribution in year {i}")).collect();
    let mut csv = format!("Organization,{}\n", header.join(","));
    for row in ["World Health Organization", "International Labour Organization"] {
        let cells: Vec<String> = (1..=12).map(|i| format!("\"{},{:03}\"", i * 7, i * 13)).collect();
        csv.push_str(&format!("{row},{}\n", cells.join(",")));
    }
    csv.into_bytes()
}

#[test]
fn a_table_block_is_a_captioned_table_with_its_source_and_data() {
    let site = site_with_tables();
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    let first = &page[page.find("<div class=\"data-table\">").expect("a table")..];
    let expected = "<div class=\"data-table\">
<p class=\"table-caption\" id=\"tbl-arrears\"><span class=\"table-number\">Table 1.</span> Arrears by organization, end of 2025 &lt;em&gt;</p>
<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tbl-arrears\">
<table aria-labelledby=\"tbl-arrears\">
<thead>
<tr><th scope=\"col\">Organization</th><th scope=\"col\" class=\"num\">Arrears (US$ m)</th><th scope=\"col\" class=\"num\">Share of budget</th></tr>
</thead>
<tbody>
<tr><th scope=\"row\">UN regular budget</th><td class=\"num\">1,500</td><td class=\"num\">22%</td></tr>
<tr><th scope=\"row\">WHO, &quot;core&quot;
funds</th><td class=\"num\">-3.5</td><td class=\"num\">—</td></tr>
<tr><th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th><td class=\"num\">$2,000.50</td><td class=\"num\">1.5%</td></tr>
</tbody>
</table>
</div>
<p class=\"table-source\"><span>Source: UN Secretariat &amp; others.</span> <a href=\"/data/arrears.csv\" download>Download the data (arrears.csv)</a></p>
</div>";
    assert!(first.starts_with(expected), "{}", &first[..first.len().min(1500)]);
    assert!(!page.contains("<script>alert"), "cells are text");
    // The second block of the same file: its own number and id, no source line.
    assert!(
        page.contains(
            "<p class=\"table-caption\" id=\"tbl-arrears-1\"><span class=\"table-number\">Table 2.</span></p>"
        )
    );
    assert!(page.contains("<p class=\"table-source\"><a href=\"/data/arrears.csv\" download>"));
    // Links to a table say which one, on the page and from elsewhere.
    assert!(
        page.contains("As <a href=\"#tbl-arrears\">Table 1</a> shows, and <a href=\"#tbl-arrears\">the same table</a>")
    );
    let about = site.page("about/index.html");
    assert!(about.contains("<a href=\"/briefings/a/#tbl-arrears\">Arrears, Table 1</a>"), "{about}");
    // The data are published as they are, for the link under the table.
    assert_eq!(std::fs::read(site.path("public/data/arrears.csv")).expect("published"), ARREARS_CSV);
    assert!(site.path("public/data/members.csv").is_file());
    // A table is not code: the page loads no highlighting for it.
    assert!(!page.contains("hl-"), "no code highlighting");
}

#[test]
fn an_events_table_carries_the_events_slug_where_it_is_shown() {
    let site = site_with_tables();
    site.build().expect_success();
    let timeline = site.page("timeline/index.html");
    assert!(
        timeline.contains(
            "<p class=\"table-caption\" id=\"count--tbl-members\"><span class=\"table-number\">Table 1.</span> Members</p>"
        ),
        "{timeline}"
    );
    assert!(timeline.contains("aria-labelledby=\"count--tbl-members\""));
    // A year column is numeric; the first column still names the rows.
    assert!(timeline.contains("<tr><th scope=\"row\" class=\"num\">2025</th><td class=\"num\">193</td></tr>"));
}

#[test]
fn a_one_column_table_has_no_row_headers_and_an_empty_corner_is_not_a_header() {
    let site = TestSite::new().briefing(
        "a",
        "summary: S.\n",
        "```table\ndata: one.csv\n```\n\n```table\ndata: corner.csv\n```\n",
    );
    site.write("content/data/one.csv", b"Name\nA\nB\n");
    site.write("content/data/corner.csv", b",2025\nUN,1\n");
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    assert!(page.contains("<tr><th scope=\"col\">Name</th></tr>"));
    assert!(page.contains("<tr><td>A</td></tr>"));
    assert!(page.contains("<tr><td></td><th scope=\"col\" class=\"num\">2025</th></tr>"));
    assert!(start_tags(&page, "th").iter().all(|th| th.contains_key("scope")), "every header cell has a scope");
}

#[test]
fn a_link_to_a_table_that_is_not_there_is_checked_like_a_heading() {
    let site = site_with_tables()
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nSee [[a#tbl-arrear]].\n\nAnd [[#tbl-none]].\n");
    let build = site.build();
    build.expect_failure();
    build.expect_report("error[E046]: content/pages/about.md:5:5: no table `#tbl-arrear` in “Arrears”");
    build.expect_report("help: did you mean `tbl-arrears`?");
    build.expect_report("error[E046]: content/pages/about.md:7:5: no table `#tbl-none` in “About”");
}

/// Builds `site`, which must fail, and gives its report.
fn failure(site: &TestSite) -> String {
    let build = site.build();
    build.expect_failure();
    build.report.clone()
}

/// A site whose briefing `a` shows `data/t.csv` with the block at line 7 (the `data:` value
/// at column 7), the CSV being `csv`.
fn with_csv(csv: &[u8]) -> TestSite {
    let site = TestSite::new().briefing("a", "summary: S.\n", "```table\ndata: t.csv\ncaption: T\n```\n");
    site.write("content/data/t.csv", csv);
    site
}

#[test]
fn a_broken_csv_is_an_error_at_its_own_line_and_column_with_a_note_naming_the_block() {
    let block = "note: the table block at content/briefings/a.md:8:7 shows this file";
    for (csv, error, help) in [
        (
            &b"a,b\n1,2\n3,4,5\n"[..],
            "error[E037]: content/data/t.csv:3:5: this row has 3 cells and the header 2",
            "help: every row needs as many cells as the header",
        ),
        (
            b"a,b,c\r\n1,2\r\n3,4,5\r\n6\r\n",
            "error[E037]: content/data/t.csv:2:4: this row has 2 cells and the header 3 (and 1 more row)",
            "help: every row needs as many cells as the header",
        ),
        (
            b"a,b\n1,\"2\n3,4\n",
            "error[E037]: content/data/t.csv:2:3: this quote is never closed: the rest of the file would be one cell",
            "help: end the quoted cell with `\"`",
        ),
        (
            b"name,amount\nM\xFCnchen,3\n",
            "error[E037]: content/data/t.csv:2:2: the file is not UTF-8 text",
            "help: save it as UTF-8",
        ),
        (
            b"",
            "error[E037]: content/data/t.csv:1:1: the file is empty: a table needs a header row and at least one row",
            "help: write the column names on the first line",
        ),
        (
            b"a,b\r\n",
            "error[E037]: content/data/t.csv:1:4: the file has a header row but no rows",
            "help: add a line for each row",
        ),
        (b"a,,c\n1,2,3\n", "error[E037]: content/data/t.csv:1:3: column 2 has no header", "help: name every column"),
        (
            b"a,b\n1,x\x1by\n",
            "error[E037]: content/data/t.csv:2:4: a control character (U+001B) is in the file",
            "help: remove it",
        ),
    ] {
        let report = failure(&with_csv(csv));
        assert!(report.contains(error), "{error}\nin:\n{report}");
        assert!(report.contains(help), "{help}\nin:\n{report}");
        assert!(report.contains(block), "{block}\nin:\n{report}");
        assert_eq!(report.matches("error[").count(), 1, "one error:\n{report}");
    }
}

#[test]
fn a_broken_csv_no_block_shows_is_still_reported_once() {
    let site = with_csv(b"a,b\n1,2\n");
    site.write("content/data/unused.csv", b"a,b\n1\n");
    let report = failure(&site);
    assert!(
        report.contains("error[E037]: content/data/unused.csv:2:2: this row has 1 cell and the header 2"),
        "{report}"
    );
    assert!(!report.contains("note:"), "{report}");
}

#[test]
fn each_bad_line_of_a_block_is_an_error_at_its_place() {
    for (block, error, help) in [
        (
            "```table\ndata: t.csv\ncaptoin: T\n```\n",
            "error[E036]: content/briefings/a.md:9:1: unknown key `captoin` in a table block",
            "help: did you mean `caption`?",
        ),
        (
            "```table\ncaption: T\n```\n",
            "error[E036]: content/briefings/a.md:7:1: this table block has no `data:` line",
            "help: add `data: file.csv`",
        ),
        (
            "```table\ndata: ../site.yaml\n```\n",
            "error[E036]: content/briefings/a.md:8:7: `../site.yaml` leads outside content/data/",
            "help: put the file in content/data/ and name it alone: `data: site.yaml`",
        ),
        (
            "```table\ndata: /etc/passwd\n```\n",
            "error[E036]: content/briefings/a.md:8:7: `/etc/passwd` leads outside content/data/",
            "help: put the file in content/data/",
        ),
        (
            "```table\ndata: t.xlsx\n```\n",
            "error[E036]: content/briefings/a.md:8:7: `t.xlsx` is not a `.csv` file",
            "help: a table shows a CSV file",
        ),
        (
            "```table\ndata: t.csv\ndata: t.csv\n```\n",
            "error[E036]: content/briefings/a.md:9:1: `data:` is given twice in this table block",
            "help: keep one of the two lines",
        ),
        (
            "```table\ndata: t.csv\nsource:\n```\n",
            "error[E036]: content/briefings/a.md:9:1: `source:` is empty",
            "help: write its text after `source:`, or remove the line",
        ),
        (
            "```table\ndata: t.csv\njust words\n```\n",
            "error[E036]: content/briefings/a.md:9:1: a line of a table block is not `key: value`",
            "help: write `data: file.csv`",
        ),
        (
            "```table\ndata: members.csv\n```\n",
            "error[E056]: content/briefings/a.md:8:7: no data file `members.csv` in content/data/",
            "help: put `members.csv` in content/data/, or name one of its files: `t.csv`",
        ),
        (
            "```table\ndata: tt.csv\n```\n",
            "error[E056]: content/briefings/a.md:8:7: no data file `tt.csv` in content/data/",
            "help: did you mean `t.csv`?",
        ),
        (
            "```table\ndata: sub/t.csv\n```\n",
            "error[E056]: content/briefings/a.md:8:7: no data file `sub/t.csv` in content/data/",
            "help: did you mean `t.csv`? name the file alone, without its folder",
        ),
    ] {
        let site = TestSite::new().briefing("a", "summary: S.\n", block);
        site.write("content/data/t.csv", b"a,b\n1,2\n");
        let report = failure(&site);
        assert!(report.contains(error), "{error}\nin:\n{report}");
        assert!(report.contains(help), "{help}\nin:\n{report}");
    }
}

#[test]
fn a_huge_csv_is_refused_before_it_is_read_whole() {
    let site = with_csv(b"a,b\n1,2\n");
    let mut huge = b"name,value\n".to_vec();
    while huge.len() < 5 * 1024 * 1024 {
        huge.extend_from_slice(b"row,12345\n");
    }
    site.write("content/data/t.csv", &huge);
    let report = failure(&site);
    assert!(
        report.contains("error[E002]: content/data/t.csv: it is 6 MiB, more than the 1 MiB brief reads"),
        "{report}"
    );
    assert!(report.contains("help: a table on a page is read, not searched"), "{report}");
    // The block is not blamed for a file that could not be read.
    assert_eq!(report.matches("error[").count(), 1, "{report}");
}

#[test]
fn other_files_and_folders_in_data_are_left_out_with_a_warning() {
    let site = with_csv(b"a,b\n1,2\n");
    site.write("content/data/t.xlsx", b"PK");
    site.write("content/data/old/t.csv", b"a,b\n1,2\n");
    site.write("content/data/Bad Name.csv", b"a,b\n1,2\n");
    site.write("content/data/old/deeper/t.csv", b"a,b\n1,2\n");
    let build = site.build();
    build.expect_report("warning[W001]: content/data/t.xlsx: ignored: `content/data/` holds CSV files (`.csv`)");
    build.expect_report("warning[W002]: content/data/old: folders inside `content/data/` are ignored");
    build.expect_report("error[E004]: content/data/Bad Name.csv: `Bad Name` is not a valid slug for a file name");
    build.expect_report("rename the file to `bad-name.csv`");
}

#[test]
fn a_link_out_of_the_site_in_data_is_not_followed() {
    let outside = tempfile::tempdir().expect("a folder");
    std::fs::write(outside.path().join("secret.csv"), "a,b\n1,2\n").expect("write");
    let site = with_csv(b"a,b\n1,2\n").file(
        "content/briefings/a.md",
        "---\ntitle: A\ndate: 2026-01-07\nsummary: S.\n---\n\n```table\ndata: secret.csv\n```\n",
    );
    std::os::unix::fs::symlink(outside.path().join("secret.csv"), site.path("content/data/secret.csv")).expect("link");
    let report = failure(&site);
    assert!(report.contains("warning[W005]: content/data/secret.csv: skipped: a symbolic link to"), "{report}");
    assert!(
        report.contains("error[E056]: content/briefings/a.md:8:7: no data file `secret.csv` in content/data/"),
        "{report}"
    );
    assert!(!site.path("public/data/secret.csv").exists());
}

#[test]
fn a_data_file_and_a_static_file_at_one_address_collide() {
    let site = with_csv(b"a,b\n1,2\n");
    site.write("content/static/data/t.csv", b"x");
    let report = failure(&site);
    assert!(report.contains("error[E052]"), "{report}");
    assert!(report.contains("data/t.csv"), "{report}");
}

#[test]
fn a_wide_table_scrolls_in_its_own_box_and_not_the_page_at_390_px() {
    let Some(mut browser) = Browser::launch_sized(390, 800) else { return };
    let site = site_with_tables();
    let preview = Preview::start(site.root(), &[]);
    browser.viewport(390, 800);
    browser.open(&preview.url("/briefings/a/"));
    assert!(browser.wait_for("document.querySelectorAll('.table-scroll').length === 3", Duration::from_secs(20)));
    let page_width = browser.eval("document.documentElement.scrollWidth");
    assert!(page_width.as_i64().is_some_and(|w| w <= 390), "the page is {page_width} px wide");
    let wide = "document.querySelectorAll('.table-scroll')[2]";
    let overflow = browser.eval(&format!("{wide}.scrollWidth - {wide}.clientWidth"));
    assert!(overflow.as_i64().is_some_and(|w| w > 300), "the box does not scroll: {overflow}");
    // Reached by keyboard, and scrolled by it.
    browser.eval(&format!("{wide}.focus(); true"));
    assert_eq!(browser.eval(&format!("document.activeElement === {wide}")), serde_json::json!(true));
    browser.eval(&format!("{wide}.scrollLeft = 200; true"));
    assert!(browser.eval(&format!("{wide}.scrollLeft")).as_i64().is_some_and(|x| x > 0));
    // Numbers line up: right-aligned, in tabular figures, their headers too.
    let style = browser.eval(
        "[...document.querySelectorAll('.data-table .num')].every(c => { const s = getComputedStyle(c); \
           return s.textAlign === 'right' && s.fontVariantNumeric === 'tabular-nums'; })",
    );
    assert_eq!(style, serde_json::json!(true));
    let headers = browser.eval("getComputedStyle(document.querySelector('thead th.num')).textAlign");
    assert_eq!(headers, serde_json::json!("right"));
}

#[test]
fn the_preview_shows_an_edited_csv_keeps_the_last_good_table_while_it_is_broken_and_serves_the_data() {
    let site = with_csv(b"Year,Members\n2025,193\n");
    let preview = Preview::start(site.root(), &[]);
    assert!(preview.get("/briefings/a/").text().contains("<td class=\"num\">193</td>"));
    site.write("content/data/t.csv", b"Year,Members\n2025,192\n");
    let rebuilt = |preview: &Preview| preview.wait_for_output("Rebuilt after", Duration::from_secs(20));
    assert!(!rebuilt(&preview).contains("failed"));
    assert!(preview.get("/briefings/a/").text().contains("<td class=\"num\">192</td>"));
    assert_eq!(preview.get("/data/t.csv").text(), "Year,Members\n2025,192\n");
    // Broken: the error is reported and the last good page stays.
    site.write("content/data/t.csv", b"Year,Members\n2025,192,1\n");
    let line = rebuilt(&preview);
    assert!(line.contains("failed"), "{line}");
    assert!(preview.get("/briefings/a/").text().contains("<td class=\"num\">192</td>"));
    site.write("content/data/t.csv", b"Year,Members\n2025,191\n");
    assert!(!rebuilt(&preview).contains("failed"));
    assert!(preview.get("/briefings/a/").text().contains("<td class=\"num\">191</td>"));
}
