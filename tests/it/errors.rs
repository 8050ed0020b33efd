//! Every mistake a user can make in a site, and what `brief build` says about it: the error
//! code, file, line and column, the message, the `help:` line, a failed build, and an output
//! folder left exactly as the last good build wrote it. The mistakes are a table, [`cases`],
//! each built in-process; one is also built by the binary, which must print the same report,
//! exit 1 and say the output was not changed.

use crate::common;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use brief::load::LoadOptions;
use common::{Build, TestSite};

const SOURCES: &str = "\
- id: heel-turn
  title: The Heel Turn
  publisher: Example Press
  date: 2026-01-08
  url: https://example.org/heel-turn
";

/// `content/briefings/exit.md` of [`good_site`], as the fixture helper writes it.
const EXIT: &str = "---
title: \"Briefing exit\"
date: 2026-01-07
summary: \"Why it matters.\"
organizations: [venice-commission, foc]
topics: [internet-governance]
sources: [heel-turn]
---

## Background

The [[foc]] and the [[venice-commission]] [@heel-turn].

## What changes

More.
";

/// `content/pages/about.md` of [`good_site`].
const ABOUT: &str = "---\ntitle: About\n---\n\nAbout this site. Read [[exit]].\n";

/// A small site that builds without errors or warnings: a briefing, two organizations, an
/// event, a described topic, a source and a free page.
fn good_site() -> TestSite {
    TestSite::new()
        .sources(SOURCES)
        .organization("venice-commission", "Venice Commission", "us_status: member\n")
        .organization("foc", "Freedom Online Coalition", "acronym: FOC\nus_status: withdrawal-announced\n")
        .file("content/briefings/exit.md", EXIT)
        .event(
            "withdrawal",
            "2026-01-07",
            "organizations: [foc]\ntopics: [internet-governance]\nsources: [heel-turn]\n",
            "The memorandum is signed.\n",
        )
        .file(
            "content/topics/internet-governance.md",
            "---\ntitle: Internet governance\nsummary: Who runs the internet.\n---\n\nAbout the topic.\n",
        )
        .file("content/pages/about.md", ABOUT)
        .file("content/static/img/jane-doe.jpg", "a picture")
        .file("content/authors/jane-doe.md", JANE)
}

/// `content/authors/jane-doe.md` of [`good_site`].
const JANE: &str = "---
name: Jane Doe
role: Senior Fellow
photo: /img/jane-doe.jpg
orcid: 0000-0002-1825-0097
---

Jane Doe studies internet governance.
";

/// The good site plus a draft briefing, `plans`, which a normal build leaves out.
fn site_with_a_draft() -> TestSite {
    good_site().file(
        "content/briefings/plans.md",
        "---\ntitle: Plans\ndate: 2026-01-09\ndraft: true\nsources: [heel-turn]\n---\n\nNot yet.\n",
    )
}

const CUSTOM_PAGE: &str =
    "<!doctype html>\n<title>{{ page.title }}</title>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n";

fn site_with_custom_theme() -> TestSite {
    good_site()
        .file("content/site.yaml", &format!("{}theme: custom\n", common::SITE_YAML))
        .file("themes/custom/templates/page.html", CUSTOM_PAGE)
}

/// Builds `site`, which must build, keeps what it wrote, lets `breakage` break the site and
/// builds again. The second build must fail, leave `public/` byte-identical and leave no
/// staging folder beside it. Gives the failed build.
fn fails_leaving_public_untouched(site: &TestSite, breakage: impl FnOnce(&TestSite)) -> Build {
    site.build().expect_success();
    let before = site.snapshot();
    assert!(before.contains_key("index.html"), "the good build wrote no home page");
    breakage(site);
    let build = site.build();
    build.expect_failure();
    assert_same_files(&before, &site.snapshot());
    assert_no_leftover_folders(site);
    build
}

/// The two snapshots hold the same files with the same bytes.
fn assert_same_files(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let old: Vec<&String> = before.keys().collect();
    let new: Vec<&String> = after.keys().collect();
    assert_eq!(old, new, "the failed build changed which files public/ holds");
    for (file, bytes) in before {
        assert!(after[file] == *bytes, "the failed build changed public/{file}");
    }
}

/// No `.public.staging-*` or `.public.old-*` folder is left in the site's root.
fn assert_no_leftover_folders(site: &TestSite) {
    let names: Vec<String> = std::fs::read_dir(site.root())
        .expect("list the site root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let leftovers: Vec<&String> = names.iter().filter(|n| n.contains("staging") || n.contains(".old-")).collect();
    assert!(leftovers.is_empty(), "folders left beside public/: {leftovers:?}");
}

/// The `error[CODE]: POSITION: …` line of the report.
fn error_line<'a>(report: &'a str, position: &str) -> &'a str {
    let at = format!("]: {position}:");
    report
        .lines()
        .find(|line| line.starts_with("error[") && line.contains(&at))
        .unwrap_or_else(|| panic!("no error at {position}:\n{report}"))
}

// ---------------------------------------------------------------------------------------------
// The table of mistakes

/// The good site a mistake is made in.
#[derive(Debug, Clone, Copy)]
enum Base {
    Good,
    WithADraft,
    WithACustomTheme,
}

impl Base {
    fn site(self) -> TestSite {
        match self {
            Base::Good => good_site(),
            Base::WithADraft => site_with_a_draft(),
            Base::WithACustomTheme => site_with_custom_theme(),
        }
    }
}

/// One mistake: the files that make it, written over a good site, and the error it must give.
struct Case {
    name: &'static str,
    base: Base,
    /// Paths and bytes written over the good site's files.
    files: Vec<(&'static str, Vec<u8>)>,
    code: &'static str,
    /// Where the error is: `file:line:col`, `file:line` or `file`.
    at: &'static str,
    /// The start of the message, right after the position; empty to check only `line_has`.
    message: &'static str,
    /// Text the error's line must hold, and text it must not.
    line_has: &'static [&'static str],
    line_lacks: &'static [&'static str],
    /// Text the rest of the report must hold: the `help:` line, the quoted line of the file.
    report_has: &'static [&'static str],
}

impl Case {
    /// A mistake made by writing `text` into `file` of the good site.
    fn new(name: &'static str, file: &'static str, text: impl Into<Vec<u8>>) -> Case {
        Case {
            name,
            base: Base::Good,
            files: vec![(file, text.into())],
            code: "",
            at: "",
            message: "",
            line_has: &[],
            line_lacks: &[],
            report_has: &[],
        }
    }

    /// Another file written with the mistake (a data file beside the briefing showing it).
    fn and(mut self, file: &'static str, text: impl Into<Vec<u8>>) -> Case {
        self.files.push((file, text.into()));
        self
    }

    fn on(self, base: Base) -> Case {
        Case { base, ..self }
    }

    /// The error: its code, where it is, and the start of its message.
    fn error(self, code: &'static str, at: &'static str, message: &'static str) -> Case {
        Case { code, at, message, ..self }
    }

    fn line_has(self, line_has: &'static [&'static str]) -> Case {
        Case { line_has, ..self }
    }

    fn line_lacks(self, line_lacks: &'static [&'static str]) -> Case {
        Case { line_lacks, ..self }
    }

    fn report_has(self, report_has: &'static [&'static str]) -> Case {
        Case { report_has, ..self }
    }

    fn make_the_mistake(&self, site: &TestSite) {
        for (path, bytes) in &self.files {
            site.write(path, bytes);
        }
    }

    /// Makes the mistake in a fresh good site and checks the failed build; panics otherwise.
    fn check(&self) {
        let site = self.base.site();
        let build = fails_leaving_public_untouched(&site, |site| self.make_the_mistake(site));
        let line = error_line(&build.report, self.at);
        let code = format!("error[{}]: ", self.code);
        assert!(line.starts_with(&code), "the error is not {code:?}: {line}");
        if !self.message.is_empty() {
            let message = format!("]: {}: {}", self.at, self.message);
            assert!(line.contains(&message), "the error does not say {:?}: {line}", self.message);
        }
        for text in self.line_has {
            assert!(line.contains(text), "the error lacks {text:?}: {line}");
        }
        for text in self.line_lacks {
            assert!(!line.contains(text), "the error holds {text:?}: {line}");
        }
        for text in self.report_has {
            build.expect_report(text);
        }
    }
}

/// Front matter whose 29 levels of aliases would expand to billions of strings.
fn alias_bomb_briefing() -> String {
    let mut yaml = String::from(
        "title: Bomb\ndate: 2026-01-07\nlol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..30 {
        let previous = format!("*a{}", i - 1);
        yaml.push_str(&format!("lol{i}: &a{i} [{}]\n", vec![previous; 9].join(",")));
    }
    format!("---\n{yaml}---\n\nBody.\n")
}

/// [`SOURCES`] with an entry whose aliases would expand to billions of strings.
fn alias_bomb_sources() -> String {
    let mut yaml = String::from(SOURCES);
    yaml.push_str(
        "- id: bomb\n  title: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..30 {
        let previous = format!("*a{}", i - 1);
        yaml.push_str(&format!("  publisher{i}: &a{i} [{}]\n", vec![previous; 9].join(",")));
    }
    yaml
}

/// Every mistake, and the error it gives.
fn cases() -> Vec<Case> {
    const EXIT_MD: &str = "content/briefings/exit.md";
    const ABOUT_MD: &str = "content/pages/about.md";
    const PAGE_HTML: &str = "themes/custom/templates/page.html";
    vec![
        // Front matter
        Case::new(
            "an unknown front-matter key suggests the closest known one",
            EXIT_MD,
            EXIT.replace("title:", "titel:"),
        )
        .error("E013", "content/briefings/exit.md:2:1", "unknown key `titel`")
        .report_has(&["help: did you mean `title`?"]),
        Case::new("a missing required key is named", EXIT_MD, EXIT.replace("date: 2026-01-07\n", ""))
            .error("E014", "content/briefings/exit.md:2:1", "missing required key `date`")
            .report_has(&["help: add a line `date: …` to the front matter"]),
        // Line 5 is `organizations: {a: 1}`; the value starts at column 16.
        Case::new(
            "a value of the wrong type is reported at the value",
            EXIT_MD,
            EXIT.replace("organizations: [venice-commission, foc]", "organizations: {a: 1}"),
        )
        .error("E015", "content/briefings/exit.md:5:16", "")
        .line_has(&["organizations"])
        .line_lacks(&["untagged", "OneOrMany"]),
        Case::new("a date that is not in the calendar is refused", EXIT_MD, EXIT.replace("2026-01-07", "2026-02-30"))
            .error("E015", "content/briefings/exit.md:3:7", "")
            .line_has(&["invalid date `2026-02-30`: there is no such day in the calendar"]),
        Case::new(
            "a date in another format is refused with the format to use",
            EXIT_MD,
            EXIT.replace("2026-01-07", "7 Jan 2026"),
        )
        .error("E015", "content/briefings/exit.md:3:7", "")
        .line_has(&["invalid date `7 Jan 2026`"])
        .report_has(&["help: write it as YYYY-MM-DD, e.g. 2026-01-07"]),
        Case::new(
            "an unknown us_status suggests the closest value",
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nacronym: FOC\nus_status: withdrawl-announced\n---\n\nAbout.\n",
        )
        .error("E015", "content/organizations/foc.md:4:12", "unknown value `withdrawl-announced`")
        .report_has(&["help: did you mean `withdrawal-announced`?"]),
        Case::new(
            "a status history that contradicts us_status is one error at us_status, naming the latest entry",
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nacronym: FOC\nus_status: withdrawn\nstatus_history:\n  \
             - status: withdrawal-announced\n    date: 2026-01-07\n  - status: member\n    date: 2011-12-09\n---\n\nAbout.\n",
        )
        .error(
            "E028",
            "content/organizations/foc.md:4:12",
            "`us_status: withdrawn` disagrees with the latest entry of `status_history` (line 6, 2026-01-07), \
             which says `withdrawal-announced`",
        )
        .report_has(&["help: remove `us_status` (it is taken from the history), or, if the status changed again, \
                       add an entry `- status: withdrawn` with the date it changed"]),
        Case::new(
            "a status history entry that is not a mapping is reported at it",
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nstatus_history:\n  - status: member\n    date: 2011-12-09\n  \
             - withdrawn in 2026\n---\n\nAbout.\n",
        )
        .error("E026", "content/organizations/foc.md:6:5", "entry 2 of `status_history` is not a set of `key: value` lines"),
        Case::new(
            "two status history entries on one date",
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nstatus_history:\n  - status: member\n    date: 2026-01-07\n  \
             - status: withdrawn\n    date: 2026-01-07\n---\n\nAbout.\n",
        )
        .error("E029", "content/organizations/foc.md:7:11", "two entries of `status_history` are dated 2026-01-07")
        .report_has(&["help: the entry on line 4 says `member` on that day, this one `withdrawn`"]),
        Case::new(
            "a status history source that is not in sources.yaml suggests the closest id",
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nstatus_history:\n  - status: withdrawn\n    date: 2026-01-07\n    \
             source: heel-trun\n---\n\nAbout.\n",
        )
        .error("E041", "content/organizations/foc.md:6:13", "no source has the id `heel-trun`")
        .report_has(&["help: did you mean `heel-turn`?"]),
        Case::new(
            "unclosed front matter is reported at its opening line",
            ABOUT_MD,
            "---\ntitle: About\n\nAbout this site.\n",
        )
        .error("E010", "content/pages/about.md:1:1", "the front matter is not closed")
        .report_has(&["help: end the front matter with a line holding only `---`"]),
        Case::new("a file without front matter is reported", ABOUT_MD, "About this site.\n")
            .error("E011", "content/pages/about.md:1:1", "this page has no front matter")
            .report_has(&["help: start the file with a line `---`, then `title: …`"]),
        Case::new(
            "a file that is not UTF-8 is named",
            ABOUT_MD,
            &b"---\ntitle: About\n---\n\nAbout this caf\xe9.\n"[..],
        )
        .error("E003", "content/pages/about.md", "the file is not valid UTF-8 (line 5")
        .report_has(&["help: save the file as UTF-8 text"]),
        Case::new(
            "a file name that is not a slug is refused with the name to use",
            "content/briefings/My Note.md",
            "---\ntitle: Note\ndate: 2026-01-09\n---\n\nText.\n",
        )
        .error("E004", "content/briefings/My Note.md", "`My Note` is not a valid slug for a file name")
        .report_has(&["rename the file to `my-note.md`"]),
        // References
        Case::new(
            "an unresolved wikilink suggests the closest slug",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nSee [[venice-comission]].\n",
        )
        .error(
            "E042",
            "content/pages/about.md:7:5",
            "`[[venice-comission]]` matches no briefing, organization, topic, event, page or author",
        )
        .report_has(&["help: did you mean `venice-commission`?"]),
        // `organizations: [foc, ` is 21 characters: the slug starts at column 22.
        Case::new(
            "an unresolved organization in front matter points at the slug",
            EXIT_MD,
            EXIT.replace("[venice-commission, foc]", "[foc, venice-comission]"),
        )
        .error("E040", "content/briefings/exit.md:5:22", "no organization has the slug `venice-comission`")
        .report_has(&["help: did you mean `venice-commission`?", "5 | organizations: [foc, venice-comission]"]),
        Case::new(
            "an unknown source id in front matter is reported",
            EXIT_MD,
            EXIT.replace("sources: [heel-turn]", "sources: [heel-trun]"),
        )
        .error("E041", "content/briefings/exit.md:7:11", "no source has the id `heel-trun`")
        .report_has(&["help: did you mean `heel-turn`?"]),
        Case::new(
            "a broken anchor to another page suggests the closest heading",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nSee [[exit#backgroud]].\n",
        )
        .error("E046", "content/pages/about.md:7:5", "no heading `#backgroud` in “Briefing exit”")
        .report_has(&["help: did you mean `background`?"]),
        Case::new(
            "a link to a missing Markdown file suggests the closest file",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nSee [the coalition](../organizations/fco.md).\n",
        )
        .error(
            "E047",
            "content/pages/about.md:7:5",
            "`../organizations/fco.md` leads to `content/organizations/fco.md`, which is not a content file",
        )
        .report_has(&["help: did you mean `content/organizations/foc.md`?"]),
        Case::new(
            "a wikilink to a draft says it is a draft",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nSee [[plans]].\n",
        )
        .on(Base::WithADraft)
        .error("E045", "content/pages/about.md:7:5", "the briefing `plans` is a draft, which this build leaves out")
        .report_has(&["--drafts"]),
        Case::new(
            "a Markdown link to a draft says it is a draft",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nSee [the plans](../briefings/plans.md).\n",
        )
        .on(Base::WithADraft)
        .error("E045", "content/pages/about.md:7:5", "")
        .line_has(&["draft"])
        .report_has(&["--drafts"]),
        Case::new(
            "a footnote reference with no note is found where it stands",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nA claim[^src] and a real note[^n].\n\n[^n]: Defined.\n",
        )
        .error("E033", "content/pages/about.md:7:8", "no note `[^src]` is defined: readers would see `[^src]`")
        .report_has(&["help: write the note on a line of its own, such as `[^src]: The text of the note.`"]),
        Case::new(
            "a wikilink with an unknown kind lists the kinds",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site.\n\nSee [[nosuchkind:x]].\n",
        )
        .error("E044", "content/pages/about.md:7:5", "`nosuchkind:` is not a kind of content")
        .report_has(&[
            "help: write briefing:, organization:, topic:, event:, page:, author: or source: before the slug",
        ]),
        // Tables from data
        Case::new(
            "a table block with an unknown key names the closest",
            ABOUT_MD,
            "---\ntitle: About\n---\n\n```table\ndata: budget.csv\ncaptoin: The budget\n```\n",
        )
        .and("content/data/budget.csv", "Year,Budget\n2025,\"1,000\"\n")
        .error("E036", "content/pages/about.md:7:1", "unknown key `captoin` in a table block")
        .report_has(&["help: did you mean `caption`?"]),
        Case::new(
            "a CSV row with a cell too many is an error in the CSV, with the block as a note",
            ABOUT_MD,
            "---\ntitle: About\n---\n\n```table\ndata: budget.csv\n```\n",
        )
        .and("content/data/budget.csv", "Year,Budget\n2025,1,000\n")
        .error("E037", "content/data/budget.csv:2:8", "this row has 3 cells and the header 2")
        .report_has(&[
            "note: the table block at content/pages/about.md:6:7 shows this file",
            "help: every row needs as many cells as the header: put a cell that holds a comma in double quotes",
        ]),
        Case::new(
            "a table of a data file that is not there names the closest",
            ABOUT_MD,
            "---\ntitle: About\n---\n\n```table\ndata: budgt.csv\n```\n",
        )
        .and("content/data/budget.csv", "Year,Budget\n2025,1\n")
        .error("E056", "content/pages/about.md:6:7", "no data file `budgt.csv` in content/data/")
        .report_has(&["help: did you mean `budget.csv`?"]),
        // Output collisions
        Case::new(
            "a page named timeline collides with the timeline",
            "content/pages/timeline.md",
            "---\ntitle: Our timeline\n---\n\nText.\n",
        )
        .error(
            "E052",
            "content/pages/timeline.md",
            "`content/pages/timeline.md` and the timeline both write `timeline/index.html`",
        )
        .report_has(&["help: rename one of them"]),
        Case::new(
            "a page named briefings collides with the briefings index",
            "content/pages/briefings.md",
            "---\ntitle: Our briefings\n---\n\nText.\n",
        )
        .error(
            "E052",
            "content/pages/briefings.md",
            "`content/pages/briefings.md` and the briefings index both write `briefings/index.html`",
        ),
        // Key points (line 8 is the first item, line 9 the second; items start at column 5)
        Case::new(
            "an empty key point is reported at its line",
            EXIT_MD,
            EXIT.replace(
                "sources: [heel-turn]\n",
                "sources: [heel-turn]\nkey_points:\n  - The exit costs a seat.\n  -\n",
            ),
        )
        .error("E025", "content/briefings/exit.md:10:3", "key point 2 is empty"),
        Case::new(
            "a key point that is not text is reported at its line and column",
            EXIT_MD,
            EXIT.replace(
                "sources: [heel-turn]\n",
                "sources: [heel-turn]\nrecommendations:\n  - Stay in.\n  - Rejoin: soon\n",
            ),
        )
        .error("E025", "content/briefings/exit.md:10:5", "recommendation 2 is a mapping, not a sentence")
        .report_has(&["help: write each recommendation as one sentence of text on its own line"]),
        // Authors
        Case::new(
            "a briefing's author that does not exist suggests the closest",
            EXIT_MD,
            EXIT.replace("sources: [heel-turn]\n", "sources: [heel-turn]\nauthors: [jane-do]\n"),
        )
        .error("E040", "content/briefings/exit.md:8:11", "no author has the slug `jane-do`")
        .report_has(&["help: did you mean `jane-doe`?"]),
        Case::new(
            "an author without a name is refused",
            "content/authors/jane-doe.md",
            JANE.replace("name: Jane Doe\n", ""),
        )
        .error("E014", "content/authors/jane-doe.md:2:1", "missing required key `name`"),
        Case::new(
            "an ORCID iD with a wrong check character is refused",
            "content/authors/jane-doe.md",
            JANE.replace("0097", "0098"),
        )
        .error("E024", "content/authors/jane-doe.md:5:8", "`0000-0002-1825-0098` is not an ORCID iD"),
        Case::new(
            "an author's photo that does not exist suggests the closest file",
            "content/authors/jane-doe.md",
            JANE.replace("/img/jane-doe.jpg", "/img/jane.jpg"),
        )
        .error("E053", "content/authors/jane-doe.md:4:8", "the photo `/img/jane.jpg` is not a file in content/static/")
        .report_has(&["help: did you mean `/img/jane-doe.jpg`?"]),
        Case::new(
            "an author's photo that is not a picture is refused",
            "content/authors/jane-doe.md",
            JANE.replace("/img/jane-doe.jpg", "/about.html"),
        )
        .error("E053", "content/authors/jane-doe.md:4:8", "`/about.html` is not an image"),
        // Figures and embeds: the text is added after EXIT's last line (16), from line 18.
        Case::new("a figure without alt text is refused", EXIT_MD, format!("{EXIT}\n![](https://example.org/a.png)\nA caption.\n"))
            .error("E034", "content/briefings/exit.md:18:1", "this image has no alt text")
            .report_has(&["help: describe the image between the brackets, `![What it shows](…)`, for a reader who cannot see it"]),
        Case::new("an inline image with blank alt text is refused", EXIT_MD, format!("{EXIT}\nSee ![ ](https://example.org/a.png) here.\n"))
            .error("E034", "content/briefings/exit.md:18:5", "this image has no alt text"),
        Case::new(
            "an embed without a title is refused at its fence",
            EXIT_MD,
            format!("{EXIT}\n```embed\nurl: https://datawrapper.dwcdn.net/AbC12/3/\n```\n"),
        )
        .error("E035", "content/briefings/exit.md:18:1", "this embed has no `title`")
        .report_has(&["help: add a line `title: …` that says what the chart or video shows: screen readers announce it"]),
        Case::new(
            "an embed that is not https is refused at its address",
            EXIT_MD,
            format!("{EXIT}\n```embed\nurl: http://datawrapper.dwcdn.net/AbC12/3/\ntitle: Arrears\n```\n"),
        )
        .error("E035", "content/briefings/exit.md:19:6", "`http://` addresses cannot be embedded")
        .report_has(&["help: embeds load over https only: write the address that starts with `https://`"]),
        Case::new(
            "an unknown key in an embed suggests the closest",
            EXIT_MD,
            format!("{EXIT}\n```embed\nurl: https://datawrapper.dwcdn.net/AbC12/3/\ntitle: Arrears\n  captoin: Grew.\n```\n"),
        )
        .error("E035", "content/briefings/exit.md:21:3", "unknown key `captoin` in an embed")
        .report_has(&["help: did you mean `caption`?"]),
        Case::new(
            "an embed from a host not on the list names the setting",
            EXIT_MD,
            format!("{EXIT}\n```embed\nurl: https://charts.example.net/c/1\ntitle: Arrears\n```\n"),
        )
        .error("E054", "content/briefings/exit.md:19:6", "embeds from `charts.example.net` are not allowed by `embed_hosts` in site.yaml")
        .report_has(&["help: add `- charts.example.net` to `embed_hosts` in site.yaml if you trust it: setting `embed_hosts` replaces the default list"]),
        Case::new(
            "a link to a figure that is not there suggests the closest",
            EXIT_MD,
            format!("{EXIT}\n![A chart](https://example.org/budget.png)\nThe caption.\n\nSee [[#fig-budgt]].\n"),
        )
        .error("E046", "content/briefings/exit.md:21:5", "no figure `#fig-budgt` in “Briefing exit”")
        .report_has(&["help: did you mean `fig-budget`?"]),
        Case::new(
            "a link from another page to a figure that is not there lists the figures",
            ABOUT_MD,
            "---\ntitle: About\n---\n\nAbout this site. Read [[exit#fig-chart]].\n",
        )
        .error("E046", "content/pages/about.md:5:23", "no figure `#fig-chart` in “Briefing exit”")
        .report_has(&["help: “Briefing exit” has no figures to link to"]),
        Case::new(
            "a figure whose picture does not exist suggests the closest file",
            EXIT_MD,
            format!("{EXIT}\n![A photo](/img/jane-do.jpg)\nThe caption.\n"),
        )
        .error("E050", "content/briefings/exit.md:18:1", "`/img/jane-do.jpg` is not a page or file of this site")
        .report_has(&["help: did you mean `/img/jane-doe.jpg`?"]),
        Case::new(
            "a picture whose size cannot be read is named",
            EXIT_MD,
            format!("{EXIT}\n![A photo of Jane Doe](/img/jane-doe.jpg)\nThe caption.\n"),
        )
        .error("E055", "content/briefings/exit.md:18:1", "the size of the picture `/img/jane-doe.jpg` cannot be read"),
        Case::new(
            "embed_hosts that is not a list is refused at its line",
            "content/site.yaml",
            format!("embed_hosts: datawrapper.dwcdn.net\n{}", common::SITE_YAML),
        )
        .error("E015", "content/site.yaml:1:14", "`embed_hosts` takes a sequence"),
        Case::new(
            "an address in embed_hosts is refused: it takes host names",
            "content/site.yaml",
            format!("embed_hosts:\n  - datawrapper.dwcdn.net\n  - https://charts.example.net/\n{}", common::SITE_YAML),
        )
        .error("E015", "content/site.yaml:2:3", "`https://charts.example.net/` in `embed_hosts` is not a host name")
        .report_has(&["help: write a host name alone, such as `datawrapper.dwcdn.net`, without `https://` or a path"]),
        // The site's vocabulary
        Case::new(
            "a taxonomy whose key is another kind's folder is refused at the key",
            "content/site.yaml",
            format!(
                "taxonomies:\n  - key: topics\n    label: Topics\n    singular: Topic\n  - key: briefings\n    \
                 label: Briefs\n    singular: Brief\n{}",
                common::SITE_YAML
            ),
        )
        .error("E009", "content/site.yaml:5:10", "`briefings` is taken")
        .report_has(&["help: choose another key; these are taken: briefings, organizations"]),
        Case::new(
            "an organization's status that is not one of the site's values suggests the closest",
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nus_status: withdrawl-announced\n---\nAbout it.\n",
        )
        .error("E015", "content/organizations/foc.md:3:12", "unknown value `withdrawl-announced`")
        .report_has(&["did you mean `withdrawal-announced`?"]),
        // Branding: what site.yaml names must be in the site
        Case::new(
            "a menu link to no page of the site suggests the closest path",
            "content/site.yaml",
            format!("menu:\n  - label: About us\n    url: /abuot/\n{}", common::SITE_YAML),
        )
        .error("E050", "content/site.yaml:3:10", "`/abuot/` is not a page or file of this site")
        .report_has(&["help: did you mean `/about/`?"]),
        Case::new(
            "a menu link to a heading a page does not have is refused as one in a text is",
            "content/site.yaml",
            format!("menu:\n  - label: About us\n    url: /about/#nope\n{}", common::SITE_YAML),
        )
        .error("E046", "content/site.yaml:3:10", "no heading `#nope` in"),
        Case::new(
            "a footer link that is neither a path nor an address is refused at its line",
            "content/site.yaml",
            format!("footer_links:\n  - label: About us\n    url: about\n{}", common::SITE_YAML),
        )
        .error("E015", "content/site.yaml:3:10", "`about` is not a link")
        .report_has(&["help: write a path of this site starting with `/` (`/about/`), or a full address"]),
        Case::new(
            "a logo that is not in content/static is named at its line",
            "content/site.yaml",
            format!("logo: /img/logo.svg\n{}", common::SITE_YAML),
        )
        .error("E053", "content/site.yaml:1:7", "the logo `/img/logo.svg` is not a file in content/static/")
        .report_has(&["help: put the file in `content/static/` as `content/static/img/logo.svg`"]),
        Case::new(
            "a social image in SVG is refused: link previews do not show it",
            "content/site.yaml",
            format!("social_image: /img/card.svg\n{}", common::SITE_YAML),
        )
        .error("E053", "content/site.yaml:1:15", "`/img/card.svg` is not a picture link previews can show"),
        Case::new(
            "a custom stylesheet that is not CSS is refused",
            "content/site.yaml",
            format!("custom_css: /img/jane-doe.jpg\n{}", common::SITE_YAML),
        )
        .error("E053", "content/site.yaml:1:13", "`/img/jane-doe.jpg` is not a stylesheet"),
        Case::new(
            "a logo whose size cannot be read is named",
            "content/site.yaml",
            format!("logo: /img/jane-doe.jpg\n{}", common::SITE_YAML),
        )
        .error("E055", "content/site.yaml:1:7", "the size of the picture `/img/jane-doe.jpg` cannot be read"),
        Case::new(
            "a briefing's social image that is not a file of the site suggests the closest",
            EXIT_MD,
            EXIT.replace("sources: [heel-turn]\n", "sources: [heel-turn]\nsocial_image: /img/jane-do.jpg\n"),
        )
        .error("E053", "content/briefings/exit.md:8:15", "the social image `/img/jane-do.jpg` is not a file in content/static/")
        .report_has(&["help: did you mean `/img/jane-doe.jpg`?"]),
        // Languages
        Case::new(
            "a language that is not a tag is refused with the tag meant",
            "content/site.yaml",
            format!("language: french\n{}", common::SITE_YAML),
        )
        .error("E020", "content/site.yaml:1:11", "`french` is not a language tag")
        .report_has(&["help: did you mean `fr`? `language` takes a BCP 47 tag such as `en`, `fr` or `pt-BR`"]),
        Case::new(
            "an unknown interface string suggests the closest key",
            "content/site.yaml",
            format!("strings:\n  briefings: Papers\n  kind_brefing: Paper\n{}", common::SITE_YAML),
        )
        .error("E013", "content/site.yaml:3:3", "unknown key `kind_brefing`")
        .report_has(&["help: did you mean `kind_briefing`? Every string is listed in docs/strings.md"]),
        Case::new(
            "an interface string with a placeholder it does not take is refused at the text",
            "content/site.yaml",
            format!("strings:\n  reading_time: \"{{minutes}} min\"\n{}", common::SITE_YAML),
        )
        .error("E015", "content/site.yaml:2:17", "`{minutes}` is not a placeholder of `reading_time`")
        .report_has(&["help: write `{n}`, the only placeholder it takes"]),
        // Themes
        Case::new(
            "a template syntax error names the template and its line",
            PAGE_HTML,
            CUSTOM_PAGE.replace("{{ page.title }}</h1>", "{{ page.title </h1>"),
        )
        .on(Base::WithACustomTheme)
        .error("E060", "themes/custom/templates/page.html:3:19", "")
        .line_has(&["expected }}"])
        .report_has(&["3 | <h1>{{ page.title </h1>"]),
        Case::new(
            "a template that fails while rendering names the template and the page",
            PAGE_HTML,
            CUSTOM_PAGE.replace("{{ page.content | safe }}", "<p>{{ page.nope.deeper }}</p>"),
        )
        .on(Base::WithACustomTheme)
        .error("E060", "themes/custom/templates/page.html:4:12", "")
        .line_has(&["while rendering `/about/`", "`nope`"]),
        Case::new(
            "a template asking for an interface string that does not exist is told the closest key",
            PAGE_HTML,
            CUSTOM_PAGE.replace("{{ page.content | safe }}", "<p>{{ t(key=\"reading_tme\", n=1) }}</p>"),
        )
        .on(Base::WithACustomTheme)
        .error("E060", "themes/custom/templates/page.html:4:7", "")
        .line_has(&["no interface string has the key `reading_tme` (did you mean `reading_time`?)"])
        .report_has(&["help: fix the template: `t(key=\"…\")` takes a key of docs/strings.md"]),
        // The bibliography's other files: a `.bib` and a CSL-JSON export beside sources.yaml
        Case::new(
            "a BibTeX entry that does not close is reported at its start, and the next entry is read",
            "content/refs.bib",
            "@report{open,\n  title = {Open\n}\n@report{closed,\n  title = {Closed},\n}\n",
        )
        .error("E070", "content/refs.bib:1:1", "this BibTeX entry cannot be read: it does not close before the next entry")
        .report_has(&["help: each entry is `@type{key, field = {value}, …}` with its braces balanced"]),
        Case::new(
            "a CSL-JSON item with no id is reported at the item",
            "content/zotero.json",
            "[\n  {\"id\": \"fine\", \"title\": \"Fine\"},\n  {\"title\": \"No id\"}\n]\n",
        )
        .error("E071", "content/zotero.json:3:3", "this CSL-JSON item cannot be read: it has no `id`"),
        Case::new(
            "a CSL-JSON id that a citation cannot name is reported at the id",
            "content/zotero.json",
            "[\n  {\"id\": \"http://zotero.org/users/1/items/ABCD\", \"title\": \"T\"}\n]\n",
        )
        .error("E072", "content/zotero.json:2:11", "the citation key `http://zotero.org/users/1/items/ABCD` cannot be cited"),
        Case::new(
            "a key of sources.yaml used again in a .bib names the first place",
            "content/refs.bib",
            "@report{heel-turn,\n  title = {Again},\n}\n",
        )
        .error("E022", "content/refs.bib:1:9", "the source id `heel-turn` is used twice")
        .report_has(&["help: it is first at content/sources.yaml:1:7"]),
        // Hostile YAML: each fails at once with a message, instead of hanging or eating memory
        Case::new("an alias bomb in front matter is refused", EXIT_MD, alias_bomb_briefing())
            .error("E017", "content/briefings/exit.md:11", "")
            .line_has(&["the YAML uses more than 64 anchors and aliases"])
            .report_has(&["help: write the values out instead of using `&anchor` and `*alias`"]),
        Case::new("an alias bomb in sources.yaml is refused", "content/sources.yaml", alias_bomb_sources())
            .error("E017", "content/sources.yaml:14", "")
            .line_has(&["the YAML uses more than 64 anchors and aliases"]),
        // 100,000 bytes of brackets: the size cap stops it before the parser sees it.
        Case::new(
            "twenty thousand nested brackets in a title are refused",
            EXIT_MD,
            format!("---\ntitle: {}\ndate: 2026-01-07\n---\n\nBody.\n", "{a: [".repeat(20_000)),
        )
        .error("E017", "content/briefings/exit.md:2:1", "")
        .line_has(&["this YAML is 97 KiB; the limit is 64 KiB"]),
        Case::new(
            "deeply nested brackets within the size cap are refused",
            EXIT_MD,
            format!("---\ntitle: {}\ndate: 2026-01-07\n---\n\nBody.\n", "{a: [".repeat(10_000)),
        )
        .error("E017", "content/briefings/exit.md:2", "")
        .line_has(&["the YAML nests deeper than 32 levels"])
        .report_has(&["help: front matter holds flat keys and short lists; flatten this value"]),
        Case::new(
            "a hundred kilobytes of front matter are refused",
            EXIT_MD,
            format!("---\ntitle: Long\ndate: 2026-01-07\nsummary: \"{}\"\n---\n\nBody.\n", "x".repeat(100_000)),
        )
        .error("E017", "content/briefings/exit.md:2:1", "")
        .line_has(&["the limit is 64 KiB"])
        .report_has(&["help: move long text into the Markdown body"]),
    ]
}

#[test]
fn each_mistake_is_its_error_and_leaves_public_as_the_last_good_build_wrote_it() {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let checked = std::panic::catch_unwind(AssertUnwindSafe(|| case.check()));
            let panic = checked.err()?;
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(a panic without a message)");
            Some(format!("{}:\n{why}", case.name))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} mistakes:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn the_binary_prints_the_same_report_exits_1_and_says_the_output_was_not_changed() {
    let case = &cases()[0];
    let site = case.base.site();
    site.build_cli(&[]).expect_success();
    let before = site.snapshot();
    case.make_the_mistake(&site);
    let in_process = site.check();
    let run = site.build_cli(&[]);
    run.expect_code(1).expect_stderr("was not changed");
    assert!(
        run.stderr.starts_with(&in_process.report),
        "the binary's report is not the library's:\n{}\nThe library's:\n{}",
        run.stderr,
        in_process.report
    );
    assert_same_files(&before, &site.snapshot());
    assert_no_leftover_folders(&site);
}

#[test]
fn the_good_site_builds_without_problems() {
    let build = good_site().build();
    build.expect_success();
    assert!(!build.report.contains("error"), "{}", build.report);
    assert!(!build.report.contains("warning"), "{}", build.report);
}

#[test]
fn a_link_to_a_draft_resolves_in_a_build_with_drafts() {
    // The help of the draft mistakes is right: with drafts the link resolves.
    let site = site_with_a_draft();
    site.write("content/pages/about.md", b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [[plans]].\n");
    site.build_with(&LoadOptions { drafts: true, ..site.options() }).expect_success();
    assert!(site.page("about/index.html").contains("href=\"/briefings/plans/\""));
}

#[test]
fn errors_in_several_files_are_all_reported_causes_first_then_by_file_then_counted() {
    let site = good_site();
    let build = fails_leaving_public_untouched(&site, |site| {
        // A file with errors stays in the site, so nothing else breaks in cascade.
        site.write(
            "content/timeline/withdrawal.md",
            b"---\ntitle: Withdrawal\ndate: 2026-01-07\norganizations: [foc]\ntopics: [internet-governance]\nsources: [heel-trun]\n---\n\nSigned.\n",
        );
        site.write("content/pages/about.md", b"---\ntitle: About\n---\n\nAbout [[exti]].\n");
        let text = EXIT.replace("[[foc]] and the [[venice-commission]]", "[[fco]] and the [[venice-comission]]");
        site.write("content/briefings/exit.md", text.as_bytes());
        site.write("content/topics/internet-governance.md", b"---\ntitel: Internet governance\n---\n\nAbout.\n");
    });
    // The front-matter error comes first: the parse stage runs before the link stage.
    let positions = [
        "content/topics/internet-governance.md:2:1",
        "content/briefings/exit.md:12:5",
        "content/briefings/exit.md:12:21",
        "content/pages/about.md:5:7",
        "content/timeline/withdrawal.md:6:11",
    ];
    let mut previous = 0;
    for position in positions {
        let at = build
            .report
            .find(&format!("]: {position}: "))
            .unwrap_or_else(|| panic!("no error at {position}:\n{}", build.report));
        assert!(at >= previous, "{position} is out of order:\n{}", build.report);
        previous = at;
    }
    build.expect_report("help: did you mean `foc`?");
    build.expect_report("help: did you mean `venice-commission`?");
    build.expect_report("help: did you mean `exit`?");
    build.expect_report("help: did you mean `heel-turn`?");
    build.expect_report("help: did you mean `title`?");
    let count = build.report.lines().find(|l| l.starts_with("error: ") && l.contains(" errors, ")).unwrap_or("");
    assert_eq!(count, "error: 5 errors, 0 warnings", "{}", build.report);
    assert!(build.report.find(count).unwrap() > previous, "the count line comes before the errors:\n{}", build.report);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let site = good_site();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(b"---\ntitle: \"Marked title\"\ndate: 2026-01-09\nsources: [heel-turn]\n---\n\nText.\n");
    site.write("content/briefings/marked.md", &bytes);
    site.build().expect_success();
    let page = site.page("briefings/marked/index.html");
    assert!(page.contains("<h1>Marked title</h1>"), "{page}");
    assert!(page.contains("<title>Marked title · Test Briefings</title>"), "{page}");
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn crlf_line_endings_are_accepted() {
    let site = good_site();
    let text = "---\ntitle: \"Windows title\"\ndate: 2026-01-09\norganizations: [foc]\ntopics: [internet-governance]\nsources: [heel-turn]\n---\n\n## Section one\n\nSee [[exit#background]].\n";
    site.write("content/briefings/windows.md", text.replace('\n', "\r\n").as_bytes());
    let site_yaml = format!("{}description: A site.\n", common::SITE_YAML).replace('\n', "\r\n");
    site.write("content/site.yaml", site_yaml.as_bytes());
    site.build().expect_success();
    let page = site.page("briefings/windows/index.html");
    assert!(page.contains("<h1>Windows title</h1>"), "{page}");
    assert!(page.contains("<title>Windows title · Test Briefings</title>"), "{page}");
    assert!(page.contains("id=\"section-one\""), "{page}");
    assert!(page.contains("href=\"/briefings/exit/#background\""), "{page}");
    assert!(site.page("organizations/foc/index.html").contains("/briefings/windows/"));
    assert!(!page.contains('\r'), "a carriage return reached the page");
}
