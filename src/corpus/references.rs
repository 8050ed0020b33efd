//! The bibliography of the generated corpus, `content/references.bib`: [`ENTRIES`] entries in
//! BibLaTeX as a reference manager exports them (Zotero with Better BibTeX), and the citations
//! a briefing makes of them.
//!
//! Reports, journal articles with a DOI, books, chapters of edited books, web pages with the
//! date they were read, legislation, court cases, datasets and news; people (with particles,
//! accents and a LaTeX escape) and institutions as authors; some undated. Every entry gives a
//! reader something to find it by (an address, a DOI, or a publisher and a date), so none is
//! W070. The addresses are under `example.org` and the DOIs under the test prefix `10.5555`:
//! `brief check --external` on a corpus asks no real site for a page that is not there.

use std::collections::BTreeSet;

use fastrand::Rng;

use crate::slugs::slugify;

/// How many entries `references.bib` holds.
pub(crate) const ENTRIES: usize = 500;

/// Whether citations carry a locator, `[@key, p. 12]`. Turning it off changes only the marks
/// that carry one (the random draws are the same either way), for a build that cannot read
/// locators, such as a benchmark's baseline from before them.
const LOCATORS: bool = true;

/// The file's text and the key of each entry, in the file's order.
pub(crate) struct References {
    pub(crate) text: String,
    pub(crate) keys: Vec<String>,
}

/// A person: the family name as BibLaTeX writes it (a particle first, `{\"u}` for an
/// accent), the given name, and the family name as a citation key starts.
const PEOPLE: &[(&str, &str, &str)] = &[
    ("Okafor", "Amira", "okafor"),
    ("van der Berg", "Piet", "berg"),
    ("Gómez", "Lucía", "gomez"),
    ("Chen", "Wei", "chen"),
    ("Ramaswamy", "Priya", "ramaswamy"),
    ("Kowalski", "Tomasz", "kowalski"),
    ("Rossi", "Chiara", "rossi"),
    ("Mensah", "Kwame", "mensah"),
    ("Lindqvist", "Ingrid", "lindqvist"),
    ("Tanaka", "Hiroshi", "tanaka"),
    ("Haddad", "Fatima", "haddad"),
    ("Oliveira", "Mateus", "oliveira"),
    ("Shevchenko", "Olena", "shevchenko"),
    ("Müller-Schmidt", "Jonas", "mullerschmidt"),
    ("de la Cruz", "Sofía", "cruz"),
    ("Nwosu", "Nnamdi", "nwosu"),
    ("Yılmaz", "Elif", "yilmaz"),
    ("Dubois", "Marc", "dubois"),
    ("O'Neill", "Siobhan", "oneill"),
    ("M{\\\"u}ller", "Anna", "muller"),
    ("Sharma", "Rajesh", "sharma"),
    ("Park", "Ji-woo", "park"),
];

/// An institution: its name as BibLaTeX writes it (`\&` for an ampersand) and the short
/// name its keys and addresses use.
const INSTITUTIONS: &[(&str, &str)] = &[
    ("Freedom House", "freedomhouse"),
    ("Council of Europe", "coe"),
    ("International Telecommunication Union", "itu"),
    ("United Nations Human Rights Council", "unhrc"),
    ("Organisation for Economic Co-operation and Development", "oecd"),
    ("Center for Democracy \\& Technology", "cdt"),
    ("Access Now", "accessnow"),
    ("European Commission", "commission"),
    ("Internet Society", "isoc"),
    ("Human Rights Watch", "hrw"),
    ("International IDEA", "idea"),
    ("Citizen Lab", "citizenlab"),
    ("Global Network Initiative", "gni"),
    ("Carnegie Endowment for International Peace", "carnegie"),
];

const TOPICS: &[&str] = &[
    "Internet Shutdowns",
    "Spyware",
    "Encryption",
    "Multistakeholder Governance",
    "Technical Standards",
    "Cybercrime",
    "Digital Trade",
    "Platform Regulation",
    "Artificial Intelligence",
    "Election Integrity",
    "Data Protection",
    "Surveillance",
    "Online Expression",
    "Submarine Cables",
    "Domain Names",
];

const REGIONS: &[&str] = &[
    "Europe",
    "Latin America",
    "Sub-Saharan Africa",
    "Central Asia",
    "the Gulf",
    "Southeast Asia",
    "South Asia",
    "the Western Balkans",
];

const JOURNALS: &[(&str, &str)] = &[
    ("Journal of Democracy", "jod"),
    ("International Affairs", "ia"),
    ("Global Governance", "gg"),
    ("Policy \\& Internet", "poi"),
    ("Telecommunications Policy", "tp"),
    ("Journal of Cyber Policy", "jcp"),
    ("Human Rights Quarterly", "hrq"),
    ("Internet Policy Review", "ipr"),
];

const PUBLISHERS: &[(&str, &str)] = &[
    ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge"),
    ("Routledge", "London"),
    ("Edward Elgar", "Cheltenham"),
    ("MIT Press", "Cambridge, MA"),
    ("Palgrave Macmillan", "Cham"),
    ("Brookings Institution Press", "Washington, DC"),
];

const NEWSPAPERS: &[(&str, &str)] = &[
    ("The Guardian", "guardian"),
    ("Financial Times", "ft"),
    ("Le Monde", "lemonde"),
    ("Reuters", "reuters"),
    ("Politico Europe", "politico"),
    ("Daily Maverick", "dailymaverick"),
];

const COUNTRIES: &[&str] = &["Sweden", "Turkey", "Hungary", "Poland", "Russia", "the United Kingdom", "Italy", "Spain"];

const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The kinds of entry, and how many in a hundred are of each.
#[derive(Clone, Copy)]
enum Kind {
    Report,
    Article,
    Book,
    Chapter,
    WebPage,
    Legislation,
    CourtCase,
    Dataset,
    News,
}

const MIX: &[(Kind, usize)] = &[
    (Kind::Report, 18),
    (Kind::Article, 20),
    (Kind::Book, 8),
    (Kind::Chapter, 10),
    (Kind::WebPage, 14),
    (Kind::Legislation, 7),
    (Kind::CourtCase, 6),
    (Kind::Dataset, 7),
    (Kind::News, 10),
];

fn pick<'a, T>(r: &mut Rng, items: &'a [T]) -> &'a T {
    &items[r.usize(..items.len())]
}

/// One or more authors: `Family, Given and Family, Given`, and the key's start.
fn people(r: &mut Rng, most: usize) -> (String, String) {
    let count = r.usize(1..=most);
    let mut chosen: Vec<&(&str, &str, &str)> = Vec::with_capacity(count);
    while chosen.len() < count {
        let person = pick(r, PEOPLE);
        if !chosen.iter().any(|p| p.2 == person.2) {
            chosen.push(person);
        }
    }
    let names = chosen.iter().map(|(family, given, _)| format!("{family}, {given}")).collect::<Vec<_>>().join(" and ");
    (names, chosen[0].2.to_string())
}

/// A title on a topic, in one of the shapes policy writing takes.
fn title(r: &mut Rng, topic: &str, year: u32) -> String {
    let region = pick(r, REGIONS);
    match r.usize(..7) {
        0 => format!("{topic} in {region}"),
        1 => format!("{topic} after {year}: Lessons from {region}"),
        2 => format!("Rethinking {topic}"),
        3 => format!("The Politics of {topic}"),
        4 => format!("{topic} and Human Rights: A Review of the Evidence"),
        5 => format!("Who Governs {topic}? The {{UN}} System and Its Rivals"),
        _ => format!("{topic}, Sovereignty and the Open Internet"),
    }
}

/// A date as BibLaTeX writes it (`date = {2021-06-14}`) or as BibTeX did (`year`, `month`).
fn date_fields(r: &mut Rng, year: u32, precision: usize) -> String {
    let month = r.usize(..12);
    let day = r.usize(1..=28);
    if r.f64() < 0.3 {
        return match precision {
            0 => format!("  year = {{{year}}},\n"),
            _ => format!("  year = {{{year}}},\n  month = {},\n", MONTHS[month]),
        };
    }
    match precision {
        0 => format!("  date = {{{year}}},\n"),
        1 => format!("  date = {{{year}-{:02}}},\n", month + 1),
        _ => format!("  date = {{{year}-{:02}-{day:02}}},\n", month + 1),
    }
}

fn url_date(r: &mut Rng) -> String {
    format!("  urldate = {{2025-{:02}-{:02}}},\n", r.usize(1..=12), r.usize(1..=28))
}

/// An address under `host.example.org`, its path the title's slug.
fn address(host: &str, section: &str, year: Option<u32>, title: &str) -> String {
    let title = slugify(&title.replace(['{', '}'], ""));
    match year {
        Some(year) => format!("https://{host}.example.org/{section}/{year}/{title}"),
        None => format!("https://{host}.example.org/{section}/{title}"),
    }
}

fn abstract_field(r: &mut Rng, topic: &str, region: &str) -> String {
    let what = ["examines", "maps", "compares", "documents", "assesses"][r.usize(..5)];
    let lower = topic.to_lowercase();
    format!(
        "  abstract = {{This study {what} how governments in {region} approach {lower}, and what their record means for multilateral cooperation.}},\n"
    )
}

/// One entry of the file, before its key is chosen.
struct Entry {
    /// `report`, `article`…, as `@report{` writes it.
    entry_type: &'static str,
    /// How its key starts: the first author's family name, an institution's short name, or
    /// nothing (legislation, court cases: the key starts with the title).
    key_start: String,
    /// Its year, when it is dated.
    year: Option<u32>,
    title: String,
    /// Its fields, one a line, after the key.
    fields: String,
}

/// One entry of `kind`.
fn entry(r: &mut Rng, kind: Kind) -> Entry {
    let year = r.u32(2005..=2025);
    let topic = pick(r, TOPICS);
    let region = pick(r, REGIONS);
    let mut fields = String::new();
    let (entry_type, key_start, dated, title) = match kind {
        Kind::Report => {
            let (name, short) = pick(r, INSTITUTIONS);
            let dated = r.f64() > 0.15;
            let title = title(r, topic, year);
            fields += &format!("  author = {{{{{name}}}}},\n  title = {{{title}}},\n");
            if r.bool() {
                fields += &format!("  type = {{Policy Brief}},\n  number = {{{}}},\n", r.usize(1..=40));
            }
            fields += &format!("  institution = {{{name}}},\n");
            if dated {
                let precision = r.usize(..3);
                fields += &date_fields(r, year, precision);
            }
            fields += &format!("  url = {{{}}},\n", address(short, "reports", dated.then_some(year), &title));
            fields += &url_date(r);
            ("report", short.to_string(), dated, title)
        }
        Kind::Article => {
            let (authors, key) = people(r, 3);
            let (journal, short) = pick(r, JOURNALS);
            let first = r.usize(1..=180);
            let title = title(r, topic, year);
            fields += &format!(
                "  author = {{{authors}}},\n  title = {{{title}}},\n  journaltitle = {{{journal}}},\n  volume = {{{}}},\n  number = {{{}}},\n  pages = {{{first}--{}}},\n",
                year - 1990,
                r.usize(1..=4),
                first + r.usize(8..=30),
            );
            let precision = r.usize(..2);
            fields += &date_fields(r, year, precision);
            fields += &format!("  doi = {{10.5555/{short}.{year}.{:04}}},\n", r.usize(1..=9999));
            if r.f64() < 0.4 {
                fields += &abstract_field(r, topic, region);
            }
            ("article", key, true, title)
        }
        Kind::Book => {
            let (authors, key) = people(r, 2);
            let (publisher, location) = pick(r, PUBLISHERS);
            let title = title(r, topic, year);
            fields += &format!(
                "  author = {{{authors}}},\n  title = {{{title}}},\n  publisher = {{{publisher}}},\n  location = {{{location}}},\n"
            );
            fields += &date_fields(r, year, 0);
            ("book", key, true, title)
        }
        Kind::Chapter => {
            let (authors, key) = people(r, 2);
            let (editors, _) = people(r, 2);
            let (publisher, location) = pick(r, PUBLISHERS);
            let first = r.usize(1..=400);
            let book = ["Research Handbook on", "The Handbook of", "Governing"][r.usize(..3)];
            let title = title(r, topic, year);
            fields += &format!(
                "  author = {{{authors}}},\n  title = {{{title}}},\n  editor = {{{editors}}},\n  booktitle = {{{book} {topic}}},\n  publisher = {{{publisher}}},\n  location = {{{location}}},\n  pages = {{{first}--{}}},\n",
                first + r.usize(15..=35)
            );
            fields += &date_fields(r, year, 0);
            ("incollection", key, true, title)
        }
        Kind::WebPage => {
            let (author, key, host) = if r.bool() {
                let (name, short) = pick(r, INSTITUTIONS);
                (format!("{{{name}}}"), short.to_string(), short.to_string())
            } else {
                let (authors, key) = people(r, 1);
                let (_, host) = pick(r, INSTITUTIONS);
                (authors, key, host.to_string())
            };
            let title = match r.usize(..3) {
                0 => format!("Statement on {topic} in {region}"),
                1 => format!("{topic}: Frequently Asked Questions"),
                _ => format!("Joint Letter on {topic}"),
            };
            let dated = r.f64() > 0.4;
            fields += &format!("  author = {{{author}}},\n  title = {{{title}}},\n");
            if dated {
                fields += &date_fields(r, year, 2);
            }
            fields += &format!("  url = {{{}}},\n", address(&host, "news", dated.then_some(year), &title));
            fields += &url_date(r);
            ("online", key, dated, title)
        }
        Kind::Legislation => {
            let number = r.usize(100..=2999);
            let title = match r.usize(..3) {
                0 => format!("{topic} Act {year}"),
                1 => format!("Regulation ({{EU}}) {year}/{number} on {}", topic.to_lowercase()),
                _ => format!("Law No. {number} on {}", topic.to_lowercase()),
            };
            fields += &format!("  title = {{{title}}},\n");
            fields += &date_fields(r, year, 2);
            fields += &format!("  url = {{{}}},\n", address("legislation", "acts", Some(year), &title));
            ("legislation", String::new(), true, title)
        }
        Kind::CourtCase => {
            let (family, _, _) = pick(r, PEOPLE);
            let country = pick(r, COUNTRIES);
            let title = format!("{family} v. {country}");
            fields += &format!(
                "  title = {{{title}}},\n  institution = {{European Court of Human Rights}},\n  number = {{Application no. {}/{:02}}},\n",
                r.usize(1000..=99999),
                year % 100
            );
            fields += &date_fields(r, year, 2);
            fields += &format!("  url = {{{}}},\n", address("echr", "judgments", Some(year), &title));
            ("jurisdiction", String::new(), true, title)
        }
        Kind::Dataset => {
            let (name, short) = pick(r, INSTITUTIONS);
            let title = format!("{topic} Incidents Dataset, {}–{year}", year - r.u32(5..=15));
            fields += &format!(
                "  author = {{{{{name}}}}},\n  title = {{{title}}},\n  version = {{{}.{}}},\n  publisher = {{{name}}},\n",
                r.usize(1..=5),
                r.usize(0..=9)
            );
            fields += &date_fields(r, year, 1);
            if r.bool() {
                fields += &format!("  doi = {{10.5555/data.{short}.{year}}},\n");
            }
            fields += &format!("  url = {{{}}},\n", address(short, "data", None, &title));
            ("dataset", short.to_string(), true, title)
        }
        Kind::News => {
            let (authors, key) = people(r, 2);
            let (paper, host) = pick(r, NEWSPAPERS);
            let title = match r.usize(..3) {
                0 => format!("Governments in {region} Weigh New Rules on {topic}"),
                1 => format!("Talks on {topic} Stall at the {{UN}}"),
                _ => format!("Activists Warn over {topic} Plans"),
            };
            fields += &format!(
                "  author = {{{authors}}},\n  title = {{{title}}},\n  journaltitle = {{{paper}}},\n  entrysubtype = {{newspaper}},\n"
            );
            fields += &date_fields(r, year, 2);
            fields += &format!("  url = {{{}}},\n", address(host, "world", Some(year), &title));
            ("article", key, true, title)
        }
    };
    Entry { entry_type, key_start, year: dated.then_some(year), title, fields }
}

/// The key as Better BibTeX makes it: the first author, the year (if any) and the title's
/// first word (`chen2019rethinking`), or, with no author, the title's first two words and the
/// year; made unique with a letter (`chen2019rethinkinga`).
fn key(entry: &Entry, taken: &mut BTreeSet<String>) -> String {
    let clean = entry.title.replace(['{', '}'], "");
    let mut words = clean
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3 && w.chars().any(char::is_alphabetic))
        .map(|w| slugify(w).replace('-', ""));
    let year = entry.year.map_or(String::new(), |y| y.to_string());
    let first = words.next().unwrap_or_else(|| "untitled".into());
    let base = if entry.key_start.is_empty() {
        format!("{first}{}{year}", words.next().unwrap_or_default())
    } else {
        format!("{}{year}{first}", entry.key_start)
    };
    let mut key = base.clone();
    for suffix in 'a'..='z' {
        if !taken.contains(&key) {
            break;
        }
        key = format!("{base}{suffix}");
    }
    taken.insert(key.clone());
    key
}

/// One kind of entry, drawn with the odds of [`MIX`].
fn kind(r: &mut Rng) -> Kind {
    let mut at = r.usize(..MIX.iter().map(|(_, n)| n).sum::<usize>());
    for (kind, n) in MIX {
        if at < *n {
            return *kind;
        }
        at -= n;
    }
    Kind::Report
}

/// The bibliography: [`ENTRIES`] entries, the same every time.
pub(crate) fn references() -> References {
    let mut r = Rng::with_seed(2026);
    let mut taken = BTreeSet::new();
    let mut keys = Vec::with_capacity(ENTRIES);
    let mut text = String::from("@comment{Generated by brief gen-corpus: a bibliography as Zotero exports it.}\n\n");
    for _ in 0..ENTRIES {
        let kind = kind(&mut r);
        let entry = entry(&mut r, kind);
        let key = key(&entry, &mut taken);
        text += &format!("@{}{{{key},\n{}}}\n\n", entry.entry_type, entry.fields);
        keys.push(key);
    }
    References { text, keys }
}

/// The citation marks of one briefing: 2 to 6 entries of `keys`, one at a time (`[@a]`), some
/// with a locator (`[@a, p. 12]`, see [`LOCATORS`]), some two at once (`[@a; @b]`).
pub(crate) fn citations(r: &mut Rng, keys: &[String]) -> Vec<String> {
    let count = r.usize(2..=6).min(keys.len());
    let mut chosen: Vec<&str> = Vec::with_capacity(count);
    while chosen.len() < count {
        let key = &keys[r.usize(..keys.len())];
        if !chosen.contains(&key.as_str()) {
            chosen.push(key);
        }
    }
    let mut marks = Vec::new();
    let mut rest = chosen.as_slice();
    while let [first, after @ ..] = rest {
        let pair = r.f64() < 0.25;
        if let (true, [second, ..]) = (pair, after) {
            marks.push(format!("[@{first}; @{second}]"));
            rest = &after[1..];
            continue;
        }
        let page = r.usize(2..=240);
        let locator = match r.usize(..10) {
            0..=1 => Some(format!("p. {page}")),
            2 => Some(format!("pp. {page}-{}", page + r.usize(1..=6))),
            _ => None,
        };
        marks.push(match locator {
            Some(locator) if LOCATORS => format!("[@{first}, {locator}]"),
            _ => format!("[@{first}]"),
        });
        rest = after;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bibliography_has_every_kind_of_entry_with_unique_keys() {
        let references = references();
        assert_eq!(references.keys.len(), ENTRIES);
        let unique: BTreeSet<_> = references.keys.iter().collect();
        assert_eq!(unique.len(), ENTRIES, "keys repeat");
        for kind in [
            "@report{",
            "@article{",
            "@book{",
            "@incollection{",
            "@online{",
            "@legislation{",
            "@jurisdiction{",
            "@dataset{",
            "entrysubtype = {newspaper}",
            "doi = {",
            "urldate = {",
            "editor = {",
            "author = {{",
            "van der Berg, Piet",
            "\\&",
        ] {
            assert!(references.text.contains(kind), "no {kind}");
        }
        let undated = references
            .text
            .split("\n@")
            .skip(1)
            .filter(|e| !e.contains("\n  date = {") && !e.contains("\n  year = {"))
            .count();
        assert!(undated > 10, "only {undated} entries are undated");
    }

    #[test]
    fn a_briefing_cites_two_to_six_entries_alone_or_two_at_once() {
        let keys: Vec<String> = (0..50).map(|k| format!("k{k}")).collect();
        let mut r = Rng::with_seed(1);
        let mut paired = false;
        for _ in 0..200 {
            let marks = citations(&mut r, &keys);
            let cited: Vec<&str> = marks.iter().flat_map(|m| m.trim_matches(['[', ']']).split("; ")).collect();
            assert!((2..=6).contains(&cited.len()), "{marks:?}");
            paired |= marks.iter().any(|m| m.contains("; @"));
        }
        assert!(paired);
    }
}
