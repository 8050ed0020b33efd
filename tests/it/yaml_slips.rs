//! The YAML slips writers make, each in a small fixture site built in-process: every slip
//! gives exactly one diagnostic, at the line and column where the writer made it, with a help
//! line that names the fix in the words of the file it is in.

use crate::common;

use common::TestSite;

/// One slip: where it goes, what the file says, and what brief must answer.
struct Slip {
    name: &'static str,
    /// `briefing` (front matter of `content/briefings/a.md`), `organization`, `sources` or `site`.
    file: &'static str,
    text: &'static str,
    code: &'static str,
    line: usize,
    column: usize,
    /// The help line must contain this.
    help: &'static str,
}

const SLIPS: &[Slip] = &[
    Slip {
        name: "an unquoted colon in a title",
        file: "briefing",
        text: "title: Brexit: the deal\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 14,
        help: "put the value in quotes: `title: \"Brexit: the deal\"`",
    },
    Slip {
        name: "an unclosed double quote",
        file: "briefing",
        text: "title: \"Brexit, the deal\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 8,
        help: "end the value with `\"` on the same line",
    },
    Slip {
        name: "an unclosed single quote",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: 'What changes\n",
        code: "E012",
        line: 4,
        column: 10,
        help: "end the value with `'` on the same line",
    },
    Slip {
        name: "an apostrophe inside single quotes",
        file: "briefing",
        text: "title: 'It's the deal'\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 11,
        help: "write an apostrophe inside single quotes as `''`",
    },
    Slip {
        name: "text after a closing quote",
        file: "briefing",
        text: "title: \"Brexit\" and after\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 17,
        help: "put the whole value in quotes",
    },
    Slip {
        name: "a tab used for indentation",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics:\n\t- spyware\n",
        code: "E012",
        line: 6,
        column: 1,
        help: "replace the tab with spaces",
    },
    Slip {
        name: "a tab before a key",
        file: "briefing",
        text: "title: A\n\tdate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 3,
        column: 1,
        help: "replace the tab with spaces",
    },
    Slip {
        name: "a list item without a space after the dash",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics:\n  -spyware\n",
        code: "E012",
        line: 6,
        column: 3,
        help: "write `- spyware`",
    },
    Slip {
        name: "a second item without a space after the dash",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics:\n  - encryption\n  -spyware\n",
        code: "E012",
        line: 7,
        column: 3,
        help: "write `- spyware`",
    },
    Slip {
        name: "a list item indented more than the one above",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics:\n  - encryption\n   - spyware\n",
        code: "E012",
        line: 7,
        column: 4,
        help: "line up the `-` of every item of the list",
    },
    Slip {
        name: "a line under a list that is not an item",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics:\n  - encryption\n  spyware\n",
        code: "E012",
        line: 7,
        column: 3,
        help: "start it with `- `",
    },
    Slip {
        name: "a duplicate key",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntitle: B\n",
        code: "E016",
        line: 5,
        column: 1,
        help: "the other is on line 2",
    },
    Slip {
        name: "no space after a colon",
        file: "briefing",
        text: "title: A\ndate:2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 3,
        column: 5,
        help: "write `date: 2026-01-07`",
    },
    Slip {
        name: "a missing colon",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ndraft true\n",
        code: "E012",
        line: 5,
        column: 6,
        help: "write `draft: true`",
    },
    Slip {
        name: "an unclosed list",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics: [spyware, encryption\n",
        code: "E012",
        line: 5,
        column: 9,
        help: "end it with `]` on the same line",
    },
    Slip {
        name: "a value starting with @",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: @ministry says so\n",
        code: "E012",
        line: 4,
        column: 10,
        help: "put the value in quotes: `summary: \"@ministry says so\"`",
    },
    Slip {
        name: "a value starting with a backtick",
        file: "briefing",
        text: "title: `brief` at work\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 8,
        help: "put the value in quotes",
    },
    Slip {
        name: "a value starting with an asterisk",
        file: "briefing",
        text: "title: *Draft* report\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 8,
        help: "put the value in quotes: `title: \"*Draft* report\"`",
    },
    Slip {
        name: "a backslash in double quotes",
        file: "briefing",
        text: "title: \"C:\\drive\"\ndate: 2026-01-07\nsummary: S.\n",
        code: "E012",
        line: 2,
        column: 11,
        help: "write `\\\\` for a backslash, or use single quotes",
    },
    Slip {
        name: "a misspelt key",
        file: "briefing",
        text: "titel: A\ndate: 2026-01-07\nsummary: S.\n",
        code: "E013",
        line: 2,
        column: 1,
        help: "did you mean `title`?",
    },
    Slip {
        name: "a date in words",
        file: "briefing",
        text: "title: A\ndate: 22 May 2019\nsummary: S.\n",
        code: "E015",
        line: 3,
        column: 7,
        help: "write it as YYYY-MM-DD",
    },
    Slip {
        name: "yes for a boolean",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ndraft: yes\n",
        code: "E015",
        line: 5,
        column: 8,
        help: "write `draft: true` or `draft: false`",
    },
    Slip {
        name: "a list without brackets",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics: spyware, encryption\n",
        code: "E015",
        line: 5,
        column: 9,
        help: "write a list in brackets, `[spyware, encryption]`",
    },
    Slip {
        name: "a list item where a key belongs",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\n- spyware\n",
        code: "E012",
        line: 5,
        column: 1,
        help: "a list belongs under its key",
    },
    Slip {
        name: "a map where a list belongs",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics: {spyware: 1}\n",
        code: "E015",
        line: 5,
        column: 9,
        help: "write a slug or a list of slugs after `topics: `",
    },
    Slip {
        name: "a capitalised key",
        file: "briefing",
        text: "Title: A\ndate: 2026-01-07\nsummary: S.\n",
        code: "E013",
        line: 2,
        column: 1,
        help: "did you mean `title`?",
    },
    Slip {
        name: "a date written day first",
        file: "briefing",
        text: "title: A\ndate: 07/01/2026\nsummary: S.\n",
        code: "E015",
        line: 3,
        column: 7,
        help: "write it as YYYY-MM-DD",
    },
    Slip {
        name: "a list closed twice",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics: [spyware]]\n",
        code: "E012",
        line: 5,
        column: 18,
        help: "remove it: `topics: [spyware]`",
    },
    Slip {
        name: "a list item after a value",
        file: "briefing",
        text: "title: A\ndate: 2026-01-07\nsummary: S.\ntopics: spyware\n  - encryption\n",
        code: "E012",
        line: 6,
        column: 3,
        help: "a list belongs under its key",
    },
    Slip {
        name: "an unknown status",
        file: "organization",
        text: "name: OECD\nus_status: withdrawing\n",
        code: "E015",
        line: 3,
        column: 12,
        help: "Accepted values: withdrawal-announced, withdrawn, member",
    },
    Slip {
        name: "a status history entry's key not lined up with its first",
        file: "organization",
        text: "name: OECD\nstatus_history:\n  - status: member\n   date: 1961-09-30\n",
        code: "E012",
        line: 5,
        column: 4,
        help: "line up the keys of the entry under the first one",
    },
    Slip {
        name: "a colon in a status history note",
        file: "organization",
        text: "name: OECD\nstatus_history:\n  - status: member\n    date: 1961-09-30\n    note: Joined: at once\n",
        code: "E012",
        line: 6,
        column: 17,
        help: "put the value in quotes: `note: \"Joined: at once\"`",
    },
    Slip {
        name: "a status history entry's key indented too far",
        file: "organization",
        text: "name: OECD\nstatus_history:\n  - status: member\n      date: 1961-09-30\n",
        code: "E012",
        line: 5,
        column: 7,
        help: "line up the keys of the entry under the first one",
    },
    Slip {
        name: "an empty title",
        file: "briefing",
        text: "title:\ndate: 2026-01-07\nsummary: S.\n",
        code: "E018",
        line: 2,
        column: 1,
        help: "write the title after `title: `",
    },
    Slip {
        name: "a misspelt key in a source",
        file: "sources",
        text: "- id: a\n  title: A\n  publsher: P\n  url: https://example.org/a\n",
        code: "E013",
        line: 3,
        column: 3,
        help: "did you mean `publisher`?",
    },
    Slip {
        name: "a date in words in a source",
        file: "sources",
        text: "- id: a\n  title: A\n  date: 22 May 2019\n  url: https://example.org/a\n",
        code: "E015",
        line: 3,
        column: 9,
        help: "write YYYY-MM-DD, YYYY-MM or YYYY",
    },
    Slip {
        name: "a source with no id",
        file: "sources",
        text: "# The bibliography.\n- title: A\n  publisher: P\n",
        code: "E014",
        line: 2,
        column: 1,
        help: "add a line `  id: …` to this entry",
    },
    Slip {
        name: "a key of a source indented too far",
        file: "sources",
        text: "- id: a\n  title: A\n   publisher: P\n  url: https://example.org/a\n",
        code: "E012",
        line: 3,
        column: 4,
        help: "line up the keys of the entry under the first one",
    },
    Slip {
        name: "a key of a source indented too little",
        file: "sources",
        text: "- id: a\n  title: A\n publisher: P\n  url: https://example.org/a\n",
        code: "E012",
        line: 3,
        column: 2,
        help: "line up the keys of the entry under the first one",
    },
    Slip {
        name: "a source without its dash",
        file: "sources",
        text: "- id: a\n  title: A\n  url: https://example.org/a\nid: b\n  title: B\n",
        code: "E012",
        line: 4,
        column: 1,
        help: "start a new source with `- `",
    },
    Slip {
        name: "an unquoted colon in a source title",
        file: "sources",
        text: "- id: a\n  title: Brexit: the deal\n  url: https://example.org/a\n",
        code: "E012",
        line: 2,
        column: 16,
        help: "put the value in quotes: `title: \"Brexit: the deal\"`",
    },
    Slip {
        name: "an unquoted colon in the site's title",
        file: "site",
        text: "title: Briefings: the archive\nbase_url: https://example.org/\n",
        code: "E012",
        line: 1,
        column: 17,
        help: "put the value in quotes: `title: \"Briefings: the archive\"`",
    },
];

/// A site where `slip` is the only mistake: a source `a` cited by a briefing about an
/// organization, so no warning is due either.
fn site_with(slip: &Slip) -> TestSite {
    let mut site = TestSite::new()
        .organization("oecd", "OECD", "us_status: member\n")
        .sources("- id: a\n  title: A\n  url: https://example.org/a\n")
        .briefing("b", "summary: S.\norganizations: [oecd]\n", "Cites [@a].\n");
    site = match slip.file {
        "briefing" => site.file("content/briefings/a.md", &format!("---\n{}---\n\nText [@a].\n", slip.text)),
        "organization" => site.file("content/organizations/oecd.md", &format!("---\n{}---\n\nAbout.\n", slip.text)),
        "sources" => site.sources(slip.text),
        "site" => site.file("content/site.yaml", &format!("{}{}", slip.text, common::STATUS_YAML)),
        other => panic!("unknown file kind {other}"),
    };
    site
}

fn path_of(slip: &Slip) -> &'static str {
    match slip.file {
        "briefing" => "content/briefings/a.md",
        "organization" => "content/organizations/oecd.md",
        "sources" => "content/sources.yaml",
        _ => "content/site.yaml",
    }
}

#[test]
fn each_slip_is_one_error_at_the_writers_line_and_column_with_the_fix() {
    assert!(SLIPS.len() >= 20);
    let mut failures = Vec::new();
    for slip in SLIPS {
        let site = site_with(slip);
        let diagnostics = site.check().diagnostics;
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
                format!(
                    "{} {}:{line}:{column} {} / {}",
                    d.code,
                    d.file.display(),
                    d.message,
                    d.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        let expected = format!("{} {}:{}:{}", slip.code, path_of(slip), slip.line, slip.column);
        let ok = found.len() == 1 && found[0].starts_with(&format!("{expected} ")) && found[0].contains(slip.help);
        if !ok {
            failures.push(format!("{}: expected {expected} with help {:?}\n  got {found:#?}", slip.name, slip.help));
        }
    }
    assert!(failures.is_empty(), "{} of {} slips:\n{}", failures.len(), SLIPS.len(), failures.join("\n"));
}

#[test]
fn the_fixture_without_a_slip_is_clean() {
    let site = TestSite::new()
        .organization("oecd", "OECD", "us_status: member\n")
        .sources("- id: a\n  title: A\n  url: https://example.org/a\n")
        .briefing("b", "summary: S.\norganizations: [oecd]\n", "Cites [@a].\n")
        .file("content/briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\nsummary: S.\n---\n\nText [@a].\n");
    let diagnostics = site.check().diagnostics;
    assert!(diagnostics.is_empty(), "{}", diagnostics.render(false));
}
