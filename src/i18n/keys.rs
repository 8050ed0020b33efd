//! Keys: every string of the interface, with what it is for and its English text.
//!
//! Takes: nothing. Gives: [`Key`], one variant per string of the default theme, its script and
//! the text the engine writes into pages (`Figure 2`, `Notes`, the feed's headings), each with
//! its `///` doc (its line in `docs/strings.md`) and its English text, which is the `en`
//! table and the text any other language falls back to. A text holds `{name}` placeholders;
//! a text written as `{ one: …, other: … }` has a form per CLDR plural category, chosen by its
//! `{n}`. The other shipped languages are the YAML tables beside this file.

/// The English text of a key: one text, or one per plural category (`one`, `other`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum English {
    Plain(&'static str),
    Plural(&'static [(&'static str, &'static str)]),
}

macro_rules! strings {
    ($( $(#[doc = $doc:literal])+ $key:ident = $text:tt; )+) => {
        /// A string of the interface, by its key (`reading_time`).
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum Key {
            $($key,)+
        }

        impl Key {
            /// Every key, in the order of the table.
            pub(crate) const ALL: &'static [Key] = &[$(Key::$key,)+];

            /// Its name, as templates, the script and `strings:` in `site.yaml` write it.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Key::$key => stringify!($key),)+
                }
            }

            /// What it is for, and where it shows.
            #[cfg(test)]
            pub(crate) fn doc(self) -> String {
                match self {
                    $(Key::$key => [$($doc),+].map(str::trim).join(" "),)+
                }
            }

            /// Its English text.
            pub(crate) fn english(self) -> English {
                match self {
                    $(Key::$key => strings!(@text $text),)+
                }
            }
        }
    };
    (@text $text:literal) => { English::Plain($text) };
    (@text { $($category:ident: $text:literal),+ $(,)? }) => {
        English::Plural(&[$((stringify!($category), $text)),+])
    };
}

impl Key {
    /// The key named `name` (templates ask by name, on every page: a map, not a search).
    pub(crate) fn named(name: &str) -> Option<Key> {
        static BY_NAME: std::sync::OnceLock<std::collections::HashMap<&'static str, Key>> = std::sync::OnceLock::new();
        BY_NAME.get_or_init(|| Key::ALL.iter().map(|&k| (k.name(), k)).collect()).get(name).copied()
    }

    /// Whether its text has a form per plural category, chosen by `{n}`.
    pub(crate) fn is_plural(self) -> bool {
        matches!(self.english(), English::Plural(_))
    }

    /// The placeholders its English text holds (`n`, `date`), in order, each once: those a
    /// translation or a site's text may use.
    pub(crate) fn placeholders(self) -> Vec<&'static str> {
        let texts: Vec<&'static str> = match self.english() {
            English::Plain(text) => vec![text],
            English::Plural(forms) => forms.iter().map(|(_, text)| *text).collect(),
        };
        let mut names: Vec<&'static str> = Vec::new();
        for text in texts {
            for name in super::placeholders(text) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }
}

strings! {
    // --- On every page --------------------------------------------------------------------

    /// The link that skips to the page's text, first on every page, for keyboard users.
    skip_to_content = "Skip to content";
    /// The name of the main navigation, for screen readers (`<nav aria-label>`).
    main_navigation = "Main";
    /// The name of the search box in every page's header, for screen readers.
    site_search = "Site search";
    /// The label of the search box in every page's header (read by screen readers), and a
    /// link of the 404 page.
    search_the_site = "Search the site";
    /// The search box's button, and its placeholder text.
    search_button = "Search";
    /// The title of the link to the Atom feed in every page's head, which feed readers show.
    feed_title = "{site}: briefings";
    /// The footer's last line, with brief's name and version.
    built_with = "Built with {generator}.";
    /// What stands between a label and what it labels, in running text (`Correction March 1,
    /// 2026: …`, and the printed page's source line); French puts a no-break space before the
    /// colon.
    colon = ": ";

    // --- The pages of the whole site: titles, the navigation, meta descriptions -------------

    /// The briefings: the index's title, its entry in the navigation, and the heading of lists
    /// of briefings (on organization, topic and author pages).
    briefings = "Briefings";
    /// The organizations: the index's title and its entry in the navigation.
    organizations = "Organizations";
    /// The timeline: its title, its entry in the navigation, and the heading of lists of events.
    timeline = "Timeline";
    /// The sources page: its title and its entry in the navigation.
    sources = "Sources";
    /// The index of authors: its title and its entry in the navigation.
    authors = "Authors";
    /// The corrections page's title.
    corrections = "Corrections";
    /// The search page's title.
    search = "Search";
    /// The navigation's entry for a page of `content/pages/` named `about`.
    about = "About";
    /// The 404 page's title.
    page_not_found = "Page not found";
    /// The meta description of the index of briefings.
    briefings_description = "Every briefing, newest first.";
    /// The introduction of the index of briefings.
    briefings_lede = { one: "{n} briefing, newest first.", other: "{n} briefings, newest first." };
    /// The meta description of the index of organizations.
    organizations_description = "Every organization the briefings discuss.";
    /// The meta description of the timeline.
    timeline_description = "The events behind the briefings, in order.";
    /// The meta description of the sources page.
    sources_description = "The sources the briefings rely on, and where each is cited.";
    /// The meta description of the corrections page.
    corrections_description = "Every correction made to a briefing after it was published, newest first.";
    /// The meta description of the search page.
    search_description = "Search the briefings, organizations, timeline and every other page.";
    /// The meta description of the 404 page.
    not_found_description = "This page does not exist.";
    /// The meta description of the index of authors.
    authors_description = "Who writes the briefings.";

    // --- What a document is, as labels say it ---------------------------------------------

    /// A briefing, as a label: above a briefing's title, beside a link to one, in search results.
    kind_briefing = "Briefing";
    /// An organization, as a label: above its name, beside a link to one, in search results,
    /// and the timeline's filter by organization.
    kind_organization = "Organization";
    /// A topic, as a label beside a link to one and in search results.
    kind_topic = "Topic";
    /// A timeline event, as a label beside a link to one and in search results.
    kind_event = "Event";
    /// A page of `content/pages/`, as a label beside a link to one and in search results.
    kind_page = "Page";
    /// An author, as a label: above their name, beside a link to them, in search results.
    kind_author = "Author";

    // --- Counts ----------------------------------------------------------------------------

    /// A number of briefings (the home page, cards of organizations, topics and authors).
    count_briefings = { one: "{n} briefing", other: "{n} briefings" };
    /// A number of organizations (the home page, the organizations filter).
    count_organizations = { one: "{n} organization", other: "{n} organizations" };
    /// A number of timeline events, on the home page.
    count_timeline_events = { one: "{n} timeline event", other: "{n} timeline events" };
    /// A number of events (the timeline, the topics index, the timeline filter).
    count_events = { one: "{n} event", other: "{n} events" };
    /// A number of entries of the timeline, when status changes are among its events (the
    /// timeline filter).
    count_entries = { one: "{n} entry", other: "{n} entries" };

    // --- The home page ---------------------------------------------------------------------

    /// The heading of the newest briefings.
    latest_briefings = "Latest briefings";
    /// A link to the index of briefings (the home and 404 pages).
    all_briefings = "All briefings";
    /// The heading of the home page's list of organizations.
    organizations_at_a_glance = "Organizations at a glance";
    /// The link to the index of organizations, under that list.
    all_organizations = "All organizations";
    /// The heading of the latest timeline events.
    recent_on_the_timeline = "Most recent on the timeline";
    /// The link to the timeline, under them.
    whole_timeline = "The whole timeline";

    // --- A briefing -------------------------------------------------------------------------

    /// The start of a byline, before the authors' names (`By Jane Doe and Li Wei`).
    by = "By";
    /// The word before the last of several names (a byline, search results).
    and = "and";
    /// When a briefing was revised, after its date at the top of its page.
    updated_on = "Updated {date}";
    /// When a briefing was revised, on its card.
    card_updated_on = "updated {date}";
    /// The link to a briefing's corrections, beside its dates.
    corrected = "Corrected";
    /// How long a briefing takes to read, beside its dates.
    reading_time = { one: "{n} min read", other: "{n} min read" };
    /// The heading of a briefing's key points, on its page and in the feed.
    key_points = "Key points";
    /// The heading of a briefing's recommendations, on its page and in the feed.
    recommendations = "Recommendations";
    /// The heading of a briefing's updates and corrections, on its page, in its contents and
    /// in the feed.
    updates_and_corrections = "Updates and corrections";
    /// A change of a briefing that brings new information.
    change_update = "Update";
    /// A change of a briefing that puts an error right.
    change_correction = "Correction";
    /// The link from a briefing's corrections to the corrections page.
    all_corrections = "All corrections";
    /// The heading of the briefings most like one, at the end of its page.
    related_briefings = "Related briefings";
    /// The heading of the section that ends a briefing's page with its reference.
    how_to_cite = "How to cite this briefing";
    /// Before the links to a briefing's BibTeX and RIS files.
    download_reference = "Download the reference:";
    /// The button that copies a briefing's reference (added by the script).
    copy_citation = "Copy citation";
    /// What the script says once the reference is copied.
    copied = "Copied";
    /// What the script says when the browser would not copy: the reference is selected.
    copy_selected = "Selected: press Ctrl+C (⌘C on a Mac) to copy";
    /// A briefing's place in the site's numbered series (`Policy Brief No. 12`): on its page,
    /// its card and in the feed.
    series_number = "{series} No. {number}";
    /// The note of a briefing's BibTeX file that says when it was revised.
    cite_updated = "Updated {date}.";

    // --- What documents share: contents, notes, references, links ---------------------------

    /// The heading of a page's table of contents.
    contents = "Contents";
    /// The heading of the notes that end a text (`[^label]`).
    notes = "Notes";
    /// A note's mark in the text, for screen readers.
    note_mark = "Note {n}";
    /// A note's link back to the place that marks it, for screen readers.
    back_to_note_mark = "Back to mark {mark} of note {n}";
    /// The heading of a page's reference list.
    references = "References";
    /// A link to a source's copy in an archive (reference lists, the sources page).
    archived_copy = "Archived copy";
    /// Before the note of a source that is not public, saying where a copy is held.
    not_public = "Not public:";
    /// A reference's link to its entry on the sources page.
    all_citations = "All citations";
    /// A reference's link back to a citation of it in the text, for screen readers.
    back_to_citation = "Back to citation {n} of this source";
    /// The heading of the documents that link to a page.
    referenced_in = "Referenced in";
    /// A figure's label, before its caption, and what a link to it says (`[[#fig-budget]]`).
    figure = "Figure {n}";
    /// A table's label, before its caption, and what a link to it says (`[[#tbl-arrears]]`).
    table = "Table {n}";
    /// The source line of an embed or a table block, from its `source:`.
    source_line = "Source: {source}";
    /// The link under a table to its CSV file.
    download_data = "Download the data ({file})";
    /// The link under an embedded chart, to the chart on its site (which readers without
    /// frames, paper and the feed use).
    open_chart = "Open the chart on {host}: {title}";
    /// The link under an embedded video, to the video on its site.
    open_video = "Open the video on {host}: {title}";
    /// The link under other embedded content, to it on its site.
    open_embed = "Open the embedded content on {host}: {title}";

    // --- A timeline event -------------------------------------------------------------------

    /// Before the briefings an event is linked to.
    event_briefings = "Briefings:";
    /// Before an event's sources.
    event_sources = "Sources:";
    /// Before the source of a status change.
    event_source = "Source:";

    // --- Organizations ----------------------------------------------------------------------

    /// An organization's `kind`, in its facts and as the filter of the organizations index.
    organization_kind = "Kind";
    /// The group of organizations without a `kind`.
    other_kind = "Other";
    /// What an organization is part of, in its facts.
    part_of = "Part of";
    /// When an organization was founded, in its facts.
    founded = "Founded";
    /// An organization's members, in its facts.
    members = "Members";
    /// A website (an organization's, an author's).
    website = "Website";
    /// The heading of the organizations whose `parent` an organization is.
    bodies_within = "Bodies within it";
    /// The first choice of a filter, which filters nothing.
    filter_all = "All";
    /// What a filter says it shows (`Showing 3 of 12 events.`), from the script.
    filter_showing = "Showing {shown} of {total}.";

    // --- The timeline -----------------------------------------------------------------------

    /// The name of the timeline's list of years, for screen readers.
    years = "Years";
    /// After the timeline's count, when its order is `descending`.
    latest_first = ", latest first.";
    /// After the timeline's count, when its order is `ascending`.
    earliest_first = ", earliest first.";
    /// The end of the timeline's introduction.
    dates_as_precise = "Dates are as precise as the sources allow.";
    /// The timeline without events.
    no_events_yet = "No events yet.";
    /// The index of briefings without briefings.
    no_briefings_yet = "No briefings yet.";

    // --- The sources page ------------------------------------------------------------------

    /// The sources page's introduction.
    sources_lede = {
        one: "{n} source the briefings rely on, by type, each with the pages that cite it.",
        other: "{n} sources the briefings rely on, by type, each with the pages that cite it."
    };
    /// The sources page's introduction, when no source is listed.
    sources_lede_empty = "The sources the briefings rely on, and the pages that cite each.";
    /// The name of the sources page's list of types, for screen readers.
    types_of_source = "Types of source";
    /// How many entries of reference managers' exports the sources page leaves out.
    sources_left_out = {
        one: "{n} more entry of the bibliography files exported from a reference manager (.bib, .json) is not listed: no page cites it.",
        other: "{n} more entries of the bibliography files exported from a reference manager (.bib, .json) are not listed: no page cites them."
    };
    /// Before the pages that cite a source, on the sources page.
    cited_by = { one: "Cited by {n}:", other: "Cited by {n}:" };
    /// A source no page cites, on the sources page.
    not_cited_yet = "Not cited yet.";
    /// The sources page without sources.
    no_sources_yet = "No sources yet.";
    /// The heading of the reports, on the sources page.
    source_type_report = "Reports";
    /// The heading of the articles, on the sources page.
    source_type_article = "Articles";
    /// The heading of the books, on the sources page.
    source_type_book = "Books";
    /// The heading of the book chapters, on the sources page.
    source_type_chapter = "Book chapters";
    /// The heading of the news, on the sources page.
    source_type_news = "News";
    /// The heading of the web pages, on the sources page.
    source_type_web_page = "Web pages";
    /// The heading of the legislation, on the sources page.
    source_type_legislation = "Legislation";
    /// The heading of the court cases, on the sources page.
    source_type_court_case = "Court cases";
    /// The heading of the datasets, on the sources page.
    source_type_dataset = "Datasets";
    /// The heading of the sources without a `type`, on the sources page.
    source_type_other = "Other";

    // --- Search -----------------------------------------------------------------------------

    /// The search page's introduction.
    search_lede = "Search briefings, organizations, timeline events and every other page.";
    /// The name of the search page's form, for screen readers.
    search_form = "Search the briefings";
    /// The label of the search page's box.
    search_for = "Search for";
    /// The help under the search page's box.
    search_help = "Matches titles, summaries, the organizations and terms a page lists, and its text. Every word must match.";
    /// What the search page says without JavaScript, before links to the lists of the site.
    search_without_javascript = "Search runs in your browser and needs JavaScript. Without it, browse the lists of the site:";
    /// What the script says while it loads the search index.
    search_loading = "Loading the search index…";
    /// What the script says when the search index cannot be loaded.
    search_failed = "The search index could not be loaded.";
    /// How many results a search found, from the script.
    search_results = { one: "{n} result for “{query}”.", other: "{n} results for “{query}”." };
    /// How many results a search found, when only the first are shown, from the script.
    search_results_first = {
        one: "{n} result for “{query}”, showing the first {shown}.",
        other: "{n} results for “{query}”, showing the first {shown}."
    };
    /// A search that found nothing, from the script.
    search_no_results = "No results for “{query}”. Try fewer or shorter words.";

    // --- Authors, corrections, the 404 page ------------------------------------------------

    /// The introduction of the index of authors.
    authors_lede = { one: "{n} author, with the briefings each wrote.", other: "{n} authors, with the briefings each wrote." };
    /// An author's address, in their facts.
    email = "Email";
    /// An author's ORCID iD, in their facts.
    orcid = "ORCID";
    /// The corrections page's introduction.
    corrections_lede = "Every correction made to a briefing after it was published, newest first. Each leads to the correction at the end of its briefing.";
    /// The 404 page's introduction.
    not_found_lede = "There is no page at this address. It may have moved, or the link may be mistyped.";
    /// The 404 page's link to the home page.
    home_page = "The home page";

    // --- The site's vocabulary, the data page, print ------------------------------------------

    /// The data page: its title, and its link at the foot of every page.
    data = "Data";
    /// The meta description of the data page.
    data_description = "The site's feed and data for readers and programs: exports, search index, sitemap and the data of its tables.";
    /// The introduction of the data page.
    data_lede = "What this site publishes besides its pages: a feed to follow it, and its data to download and reuse.";
    /// The data page's heading of the feed and the exports.
    feed_and_exports = "Feed and exports";
    /// The data page's heading of the CSV files of `content/data/`.
    data_behind_tables = "Data behind the tables";
    /// On the data page, the pages that show a CSV file's table: `{pages}` is their links.
    shown_in = "Shown in {pages}.";
    /// The data page's name of the site's Atom feed.
    data_feed_title = "Briefings feed";
    /// What the data page says the site's feed holds.
    data_feed_about = "The newest briefings with their full text, for feed readers.";
    /// What the data page says `organizations.json` holds.
    data_organizations_about = "Every organization with its details (its status and its history too, where the site tracks one), and the briefings and events about it.";
    /// What the data page says `timeline.json` holds.
    data_timeline_about = "Every timeline event with its date, organizations, terms, sources and briefings.";
    /// The data page's name of `search-index.json`.
    data_search_index_title = "Search index";
    /// What the data page says the search index holds.
    data_search_index_about = "The titles, summaries and start of the text of every page, as the search page uses them.";
    /// The data page's name of `sitemap.xml`.
    data_sitemap_title = "Sitemap";
    /// What the data page says the sitemap holds.
    data_sitemap_about = "Every page of the site, for search engines.";
    /// The introduction of the index of organizations of a site that tracks no status.
    organizations_lede = { one: "{n} organization, with its kind.", other: "{n} organizations, each with its kind." };
    /// The introduction of the index of organizations of a site that tracks a status: `{grouping}` is the status's `description` in `site.yaml`.
    organizations_lede_grouped = { one: "{n} organization, grouped by {grouping}, with its kind.", other: "{n} organizations, grouped by {grouping}, each with its kind." };
    /// On the timeline's introduction, after the count of events: the changes of the tracked status it shows (`{status}` is its label).
    count_status_changes = { one: " and {n} change of {status}", other: " and {n} changes of {status}" };
    /// On an organization's page, when its status took effect, dated to the month or the year.
    status_since = "since {date}";
    /// On an organization's page, when its status took effect, dated to the day.
    status_since_day = "since {date}";
    /// The heading of an organization's status history.
    status_history = "Status history";
    /// On the timeline, what an entry that is a change of status is.
    status_change = "Status change:";
    /// On the timeline, before a status change's new status: `{status}` is the status's label.
    status_from_this_day = "{status} from this day:";
    /// A number of terms of a taxonomy, with its label (or singular) as `site.yaml` gives it, in
    /// lower case: on the home page and a taxonomy's index (`12 topics`).
    count_terms = "{n} {label}";
    /// The introduction of a taxonomy's index: `{terms}` is the count with the taxonomy's label (`12 topics`).
    terms_lede = "{terms}, with the number of briefings and timeline events on each.";
    /// The description of a taxonomy's index, for search engines and link previews: `{taxonomy}` is its label.
    terms_description = "{taxonomy}: what the briefings cover, with how often each appears.";
    /// On a printed page, the heading of the addresses of its text's links.
    links_in_the_text = "Links in the text";
    /// The button that shows the rest of a briefing's organizations or terms, past the first three.
    n_more = { one: "+{n} more", other: "+{n} more" };
    /// After a card's "+N", for screen readers: the tags it stands for.
    more = "more";
}
