//! `brief init DIR`: a new site that builds as it is, with one example of each kind of
//! content, and no theme folder (the default theme is built in).

use std::path::PathBuf;

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, USAGE_ERROR, fail};
use crate::date::Date;
use crate::fs;

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in (created if missing; must not hold a site already)
    pub(crate) dir: PathBuf,
}

impl InitArgs {
    pub(crate) fn run(self) -> u8 {
        if self.dir.join("content").exists() {
            return fail(
                USAGE_ERROR,
                format!("`{}` already holds a `content/` folder; nothing was written", self.dir.display()),
                Some("choose a new folder"),
            );
        }
        for (path, text) in files(Date::today()) {
            if let Err(e) = fs::write_new(&self.dir.join(path), text.as_bytes()) {
                return fail(CONTENT_ERROR, e, None);
            }
        }
        println!("Created a new site in {}", self.dir.display());
        println!(
            "Next: `brief serve --root {0}` to preview it, `brief build --root {0}` to build it.",
            self.dir.display()
        );
        SUCCESS
    }
}

/// The files of a new site.
pub(super) fn files(today: Date) -> Vec<(&'static str, String)> {
    vec![
        (".gitignore", "public/\n.brief-cache/\n".into()),
        (
            "content/site.yaml",
            "title: \"Policy briefings\"\ndescription: \"Briefings on the organizations and decisions we follow.\"\n\
             base_url: \"https://example.org/\"\ntheme: default\nlanguage: en\nauthor: \"Your organization\"\n\
             timeline_order: ascending\nallow_raw_html: false\n\
             # Where embed blocks may load charts and videos from; a list here replaces the default hosts:\n\
             # embed_hosts: [datawrapper.dwcdn.net, flo.uri.sh, public.flourish.studio, observablehq.com, \
             e.infogram.com, www.youtube-nocookie.com, player.vimeo.com]\n\
             # The status the site tracks for each organization (leave it out to track none): the key\n\
             # organizations write it under, its name, words that complete \"grouped by …\", and its values\n\
             # in the order organizations are grouped by, each with a badge colour (green, orange, red,\n\
             # blue, grey or purple) and an optional icon.\n\
             status:\n  field: membership\n  label: Membership\n  description: membership\n\
             \x20 not_stated: Not stated in the sources\n  values:\n\
             \x20   - key: member\n      label: Member\n      colour: green\n      icon: \"✓\"\n\
             \x20   - key: observer\n      label: Observer\n      colour: blue\n      icon: \"○\"\n\
             \x20   - key: former-member\n      label: Former member\n      colour: grey\n      icon: \"–\"\n\
             # What briefings and events are classified by: each taxonomy's key (its front-matter key,\n\
             # folder and address), its name, and the name of one of its terms. Add more, such as regions.\n\
             taxonomies:\n  - key: topics\n    label: Topics\n    singular: Topic\n"
                .into(),
        ),
        (
            "content/sources.yaml",
            "# The bibliography. Cite an entry in any page with [@id].\n\
             - id: example-report\n  title: \"An example report\"\n  publisher: \"Example Institute\"\n  date: 2026-01\n"
                .into(),
        ),
        (
            "content/briefings/welcome.md",
            format!(
                "---\ntitle: \"Welcome to your briefing site\"\ndate: {today}\n\
                 summary: \"How a briefing is written: front matter, citations and links that brief checks.\"\n\
                 organizations: [example-forum]\ntopics: [internet-governance]\nsources: [example-report]\n---\n\n\
                 This briefing shows how content is written. Replace it with your own.\n\n\
                 ## Front matter\n\nThe lines between `---` at the top give the title, the date, a one-sentence summary and what the \
                 briefing is about: the organizations, topics and sources it refers to. Each of those pages will list this briefing.\n\n\
                 ## Citations and links\n\nA claim cites its source like this [@example-report]. Organizations, topics, events, \
                 pages and other briefings are linked by name: [[example-forum]], [[internet-governance]], [[example-event]], \
                 [[about]]. A wrong name stops the build with the file, line and column, and the closest name that exists.\n\n\
                 ## Tables from data\n\nA table block shows a CSV file of `content/data/` as a numbered table with its caption \
                 and source, and a link to download the data; [[#tbl-example-members]] is linked like a heading.\n\n\
                 ```table\ndata: example-members.csv\ncaption: Members of the Example Forum\nsource: Example Institute.\n```\n\n\
                 ## Next steps\n\nCreate a briefing with `brief new briefing \"Title\"`, preview with `brief serve`, and publish \
                 the `public/` folder that `brief build` writes.\n"
            ),
        ),
        (
            "content/data/example-members.csv",
            "Year,Members,Change\n2011,12,\n2016,21,+9\n2021,30,+9\n".into(),
        ),
        (
            "content/organizations/example-forum.md",
            "---\nname: Example Forum\nacronym: EF\nkind: intergovernmental forum\nfounded: 2011\n\
             members: \"30 governments\"\nmembership: member\n---\n\n\
             An organization page describes the body in a paragraph or two. The briefings and timeline events that name it \
             are listed below it automatically; see [[welcome]].\n"
                .into(),
        ),
        (
            "content/topics/internet-governance.md",
            "---\ntitle: Internet governance\nsummary: \"Who makes the rules of the internet, and how.\"\n---\n\n\
             A topic exists as soon as a briefing or event lists it; this file adds a description.\n"
                .into(),
        ),
        (
            "content/timeline/example-event.md",
            "---\ntitle: \"The Example Forum holds its first meeting\"\ndate: 2011-06\n\
             organizations: [example-forum]\ntopics: [internet-governance]\nsources: [example-report]\n---\n\n\
             A timeline event is one to three sentences, dated as precisely as the sources allow; see [[welcome]].\n"
                .into(),
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\nsummary: \"Who writes these briefings, and for whom.\"\n---\n\n\
             Say who you are, whom the briefings are for, and how to reach you.\n"
                .into(),
        ),
    ]
}
