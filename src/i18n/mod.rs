//! Languages: the interface of a site in its language.
//!
//! Takes: the site's `language` (a BCP 47 tag) and its `strings:` of `site.yaml`. Gives: an
//! [`Interface`]: each string of the interface ([`Key`]) as the site writes it, else as the
//! shipped table of its language does (`fr.yaml`, `de.yaml`, `es.yaml` beside this file),
//! else in English, with its placeholders filled and its plural form chosen by CLDR's rules;
//! and numbers and dates written as the language writes them (ICU4X, with CLDR's data compiled
//! in). Also the reading of a table of strings ([`read_table`]), which checks a site's
//! `strings:` and the shipped tables alike: every key known, every value text (a form per
//! plural category for a counted string), every placeholder one the string takes.

mod keys;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use icu_calendar::{Date as CalendarDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_datetime::pattern::FixedCalendarDateTimeNames;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::date::{Date, PartialDate};
use crate::frontmatter::{Context, Fields, YamlError};

pub(crate) use keys::{English, Key};

/// The languages with a table of their own besides English, by primary language subtag.
const TABLES: [(&str, &str); 3] =
    [("fr", include_str!("fr.yaml")), ("de", include_str!("de.yaml")), ("es", include_str!("es.yaml"))];

/// The plural categories of CLDR, as tables write them.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The strings the theme's script uses: the page carries them (`<script id="brief-strings">`).
pub(crate) const SCRIPT_KEYS: [Key; 20] = [
    Key::filter_showing,
    Key::count_events,
    Key::count_organizations,
    Key::count_entries,
    Key::search_loading,
    Key::search_failed,
    Key::search_results,
    Key::search_results_first,
    Key::search_no_results,
    Key::kind_briefing,
    Key::kind_organization,
    Key::kind_topic,
    Key::kind_event,
    Key::kind_page,
    Key::kind_author,
    Key::by,
    Key::and,
    Key::copy_citation,
    Key::copied,
    Key::copy_selected,
];

/// A string of the interface as a table writes it: one text, or one per plural category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Text {
    Plain(String),
    /// By category (`one`, `other`); `other` is always there.
    Plural(BTreeMap<String, String>),
}

impl Text {
    fn of_english(key: Key) -> Text {
        match key.english() {
            English::Plain(text) => Text::Plain(text.to_string()),
            English::Plural(forms) => {
                Text::Plural(forms.iter().map(|(category, text)| (category.to_string(), text.to_string())).collect())
            }
        }
    }

    /// The form for `category`, else `other`.
    fn form(&self, category: &str) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Plural(forms) => forms.get(category).or_else(|| forms.get("other")).map_or("", String::as_str),
        }
    }

    /// As the script takes it: a string, or an object of forms by category.
    fn to_json(&self) -> serde_json::Value {
        match self {
            Text::Plain(text) => serde_json::Value::String(text.clone()),
            Text::Plural(forms) => serde_json::Value::Object(
                forms.iter().map(|(c, t)| (c.clone(), serde_json::Value::String(t.clone()))).collect(),
            ),
        }
    }
}

/// The texts a table gives, by key: a site's `strings:`, or a shipped language's table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StringTable(BTreeMap<Key, Text>);

impl StringTable {
    pub(crate) fn get(&self, key: Key) -> Option<&Text> {
        self.0.get(&key)
    }
}

/// `site.yaml` is read key by key ([`read_table`]); serde only names the field.
impl<'de> Deserialize<'de> for StringTable {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<StringTable, D::Error> {
        Err(de::Error::custom("a table of strings is read key by key"))
    }
}

/// The keys a table may hold, by name.
pub(crate) fn key_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| Key::ALL.iter().map(|k| k.name()).collect())
}

/// Reads the texts of a table from its fields (read with [`key_names`] and
/// [`Context::Strings`]): each value that is not a text for its key is reported where it is
/// written, and left out.
pub(crate) fn read_table(f: &mut Fields) -> StringTable {
    let mut table = BTreeMap::new();
    for &key in Key::ALL {
        if let Some(text) = f.get_with(key.name(), |value| read_text(key, value)) {
            table.insert(key, text);
        }
    }
    StringTable(table)
}

/// Reads a table written as a whole YAML file (a shipped one).
fn read_file(text: &str) -> (StringTable, Vec<YamlError>) {
    let mut f = Fields::read(text, 0..text.len(), key_names(), Context::Strings);
    let table = read_table(&mut f);
    (table, f.errors)
}

/// A text for `key`: text, or for a counted string a mapping of plural categories to texts
/// (`one:`, `other:`), each with only the placeholders `key` takes.
fn read_text<'de, D: Deserializer<'de>>(key: Key, value: D) -> Result<Text, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Plain(String),
        Forms(BTreeMap<String, String>),
        Other(de::IgnoredAny),
    }
    let name = key.name();
    let fail = |message: String| Err(de::Error::custom(message));
    let text = match Written::deserialize(value)? {
        Written::Plain(text) if key.is_plural() => {
            // One text for every number: fine for a language that does not inflect it.
            Text::Plural(BTreeMap::from([("other".to_string(), text)]))
        }
        Written::Plain(text) => Text::Plain(text),
        Written::Forms(_) if !key.is_plural() => {
            return fail(format!("`{name}` is one text, not a text per number: write it after `{name}: `"));
        }
        Written::Forms(forms) => {
            if let Some(category) = forms.keys().find(|c| !CATEGORIES.contains(&c.as_str())) {
                let closest =
                    crate::suggest::closest(category, CATEGORIES).map_or(String::new(), |c| format!("`{c}`, or "));
                return fail(format!(
                    "`{category}` is not a plural category: write {closest}one of zero, one, two, few, many and other, as CLDR names them for the language"
                ));
            }
            if !forms.contains_key("other") {
                return fail(format!(
                    "`{name}` has no `other:` form: write `other: …`, the form for every number without a form of its own"
                ));
            }
            Text::Plural(forms)
        }
        Written::Other(_) => {
            return fail(format!(
                "`{name}` takes text: write the text after `{name}: `, in quotes if it holds a colon"
            ));
        }
    };
    let takes = key.placeholders();
    let texts: Vec<&str> = match &text {
        Text::Plain(t) => vec![t],
        Text::Plural(forms) => forms.values().map(String::as_str).collect(),
    };
    for written in texts {
        if let Some(unknown) = placeholders(written).into_iter().find(|p| !takes.contains(p)) {
            let known = match takes.as_slice() {
                [] => format!("the text without `{{{unknown}}}`: it takes no placeholder"),
                [one] => format!("`{{{one}}}`, the only placeholder it takes"),
                some => {
                    let list: Vec<String> = some.iter().map(|p| format!("`{{{p}}}`")).collect();
                    format!("{}, the placeholders it takes", crate::diagnostics::listed(&list, "or"))
                }
            };
            return fail(format!("`{{{unknown}}}` is not a placeholder of `{name}`: write {known}"));
        }
        // A brace that is not part of a placeholder (`{N}`, `{ n }`, a lone `{`) would be shown
        // as written on every page.
        let bare: String = pieces(written)
            .filter_map(|p| match p {
                Piece::Literal(t) => Some(t),
                Piece::Placeholder(_) => None,
            })
            .collect();
        if let Some(at) = bare.find(['{', '}']) {
            let shown: String = bare[at..].chars().take_while(|c| !c.is_whitespace() || *c == ' ').take(12).collect();
            let shown = shown.trim_end();
            return fail(format!(
                "`{shown}` in the text of `{name}` is not a placeholder, and would be shown as written: a \
                 placeholder is a lower-case name in braces, without spaces (`{{n}}`)"
            ));
        }
    }
    Ok(text)
}

/// The names of the `{placeholders}` of `text`, in order.
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    pieces(text)
        .filter_map(|p| match p {
            Piece::Placeholder(name) => Some(name),
            Piece::Literal(_) => None,
        })
        .collect()
}

/// A part of a text: as it is, or a placeholder to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

/// `text` in pieces: `{name}` (a name of lower-case letters and `_`) is a placeholder; any
/// other brace is text.
pub(crate) fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut search = 0;
        while let Some(open) = rest[search..].find('{').map(|i| search + i) {
            let name_end = rest[open + 1..].find(|c: char| !(c.is_ascii_lowercase() || c == '_')).map(|i| open + 1 + i);
            match name_end {
                Some(end) if end > open + 1 && rest[end..].starts_with('}') => {
                    if open > 0 {
                        let literal = &rest[..open];
                        rest = &rest[open..];
                        return Some(Piece::Literal(literal));
                    }
                    let name = &rest[1..end];
                    rest = &rest[end + 1..];
                    return Some(Piece::Placeholder(name));
                }
                _ => search = open + 1,
            }
        }
        let literal = rest;
        rest = "";
        Some(Piece::Literal(literal))
    })
}

/// The shipped table of the language of `tag` (`fr` for `fr-CA`), if there is one: `None`
/// for English, whose texts are the keys' own.
fn shipped(tag: &str) -> Option<&'static StringTable> {
    static READ: OnceLock<Vec<(&'static str, StringTable)>> = OnceLock::new();
    let tables = READ.get_or_init(|| TABLES.iter().map(|(language, text)| (*language, read_file(text).0)).collect());
    let language = primary_language(tag);
    tables.iter().find(|(l, _)| *l == language).map(|(_, table)| table)
}

/// The primary language subtag of `tag`, lower case: `fr` of `fr-CA`.
fn primary_language(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

/// Whether the language of `tag` has a table of its own (English, French, German, Spanish).
pub(crate) fn has_table(tag: &str) -> bool {
    primary_language(tag) == "en" || shipped(tag).is_some()
}

/// The languages with a table of their own, as tags: `en`, `fr`, `de`, `es`.
pub(crate) fn languages_with_tables() -> Vec<&'static str> {
    std::iter::once("en").chain(TABLES.iter().map(|(l, _)| *l)).collect()
}

/// A value to put in a placeholder.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Text(&'a str),
    /// A number, written as the language writes numbers (`1,234`, `1 234`); `n` chooses the
    /// plural form.
    Number(i64),
}

/// How the site's language writes dates: as precise as the date is.
struct DateFormats {
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
}

/// A formatter of Gregorian dates for `locale` with `fields`, its number formatting loaded
/// whatever the pattern: ICU4X 2.4 leaves it out of Portuguese month-and-year (`MMMM 'de' y`),
/// which then writes no year (and panics in a debug build).
macro_rules! date_formatter {
    ($locale:expr, $fields:expr) => {{
        let prefs: icu_datetime::DateTimeFormatterPreferences = $locale.into();
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(prefs, $fields).ok().and_then(|formatter| {
            let mut names = FixedCalendarDateTimeNames::from_formatter(prefs, formatter);
            names.include_decimal_formatter().ok()?;
            names.try_into_formatter($fields).ok()
        })
    }};
}

impl DateFormats {
    fn new(locale: &Locale) -> Option<DateFormats> {
        Some(DateFormats {
            day: date_formatter!(locale, YMD::long())?,
            month: date_formatter!(locale, YM::long())?,
            year: date_formatter!(locale, Y::long())?,
        })
    }
}

/// The interface of a site in its language: its strings, and how it writes numbers and dates.
pub(crate) struct Interface {
    /// The `language` of `site.yaml` (`en`, `fr-CA`).
    tag: String,
    /// Per key, in the order of [`Key::ALL`]: the site's text, else its language's, else
    /// English.
    texts: Vec<Text>,
    plurals: Option<PluralRules>,
    numbers: Option<DecimalFormatter>,
    dates: Option<DateFormats>,
}

impl std::fmt::Debug for Interface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interface").field("tag", &self.tag).finish_non_exhaustive()
    }
}

/// Two interfaces are the same when they say the same in the same language.
impl PartialEq for Interface {
    fn eq(&self, other: &Interface) -> bool {
        self.tag == other.tag && self.texts == other.texts
    }
}

impl Interface {
    /// The interface for a site in `language` that writes `strings` itself. A tag that cannot
    /// be read (reported when `site.yaml` is loaded) gives English.
    pub(crate) fn new(language: &str, strings: &StringTable) -> Interface {
        let locale = Locale::try_from_str(language.trim()).unwrap_or(icu_locale_core::locale!("en"));
        let table = shipped(language);
        let texts = Key::ALL
            .iter()
            .map(|&key| {
                strings
                    .get(key)
                    .or_else(|| table.and_then(|t| t.get(key)))
                    .cloned()
                    .unwrap_or_else(|| Text::of_english(key))
            })
            .collect();
        Interface {
            tag: language.trim().to_string(),
            texts,
            plurals: PluralRules::try_new_cardinal((&locale).into()).ok(),
            numbers: DecimalFormatter::try_new((&locale).into(), Default::default()).ok(),
            dates: DateFormats::new(&locale),
        }
    }

    /// English, with no text of the site's.
    #[cfg(test)]
    pub(crate) fn english() -> Interface {
        Interface::new("en", &StringTable::default())
    }

    fn text(&self, key: Key) -> &Text {
        &self.texts[key as usize]
    }

    /// The form of `key` for `count` (its plural category), or its only one.
    pub(crate) fn form(&self, key: Key, count: Option<i64>) -> &str {
        let category = match (count, &self.plurals) {
            (Some(n), Some(rules)) => category_name(rules.category_for(n)),
            _ => "other",
        };
        self.text(key).form(category)
    }

    /// `key` with its placeholders filled from `args`; its `n` chooses the plural form. A
    /// placeholder without a value is left as written.
    pub(crate) fn say(&self, key: Key, args: &[(&str, Arg<'_>)]) -> String {
        let count = args.iter().find_map(|(name, arg)| match (name, arg) {
            (&"n", Arg::Number(n)) => Some(*n),
            _ => None,
        });
        let mut out = String::new();
        for piece in pieces(self.form(key, count)) {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Placeholder(name) => match args.iter().find(|(n, _)| *n == name) {
                    Some((_, Arg::Text(text))) => out.push_str(text),
                    Some((_, Arg::Number(n))) => out.push_str(&self.number(*n)),
                    None => out.push_str(&format!("{{{name}}}")),
                },
            }
        }
        out
    }

    /// A string without placeholders (`Notes`).
    pub(crate) fn word(&self, key: Key) -> &str {
        self.form(key, None)
    }

    /// `key` for `n` things: `3 briefings`.
    pub(crate) fn count(&self, key: Key, n: usize) -> String {
        self.say(key, &[("n", Arg::Number(i64::try_from(n).unwrap_or(i64::MAX)))])
    }

    /// `n` as the language writes a number: `1,234` in English, `1 234` in French.
    pub(crate) fn number(&self, n: i64) -> String {
        match &self.numbers {
            Some(numbers) => numbers.format(&fixed_decimal::Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// A day as readers read it: `January 12, 2026`, `12 janvier 2026`, `12. Januar 2026`.
    pub(crate) fn date(&self, date: Date) -> String {
        let day = CalendarDate::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8).ok();
        match (&self.dates, day) {
            (Some(formats), Some(day)) => formats.day.format(&day).to_string(),
            _ => date.iso(),
        }
    }

    /// A date as precise as it is known: `2024`, `December 2024` or `December 24, 2024`.
    pub(crate) fn partial_date(&self, date: PartialDate) -> String {
        let (year, month) = match date {
            PartialDate::Day(day) => return self.date(day),
            PartialDate::Month(year, month) => (year, Some(month)),
            PartialDate::Year(year) => (year, None),
        };
        let first = CalendarDate::try_new_gregorian(year, month.unwrap_or(1) as u8, 1).ok();
        match (&self.dates, first, month) {
            (Some(formats), Some(first), Some(_)) => formats.month.format(&first).to_string(),
            (Some(formats), Some(first), None) => formats.year.format(&first).to_string(),
            _ => date.iso(),
        }
    }

    /// Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu…), by the
    /// script CLDR gives it: pages then say `dir="rtl"`.
    pub(crate) fn right_to_left(&self) -> bool {
        icu_locale_core::LanguageIdentifier::try_from_str(&self.tag)
            .is_ok_and(|id| icu_locale::LocaleDirectionality::new_common().is_right_to_left(&id))
    }

    /// `og:locale`'s form of the language, language and territory: `en_US`, `fr_FR`, `fr_CA`.
    pub(crate) fn og_locale(&self) -> String {
        let Ok(mut id) = icu_locale_core::LanguageIdentifier::try_from_str(&self.tag) else {
            return "en_US".into();
        };
        icu_locale::LocaleExpander::new_common().maximize(&mut id);
        match id.region {
            Some(region) if region.as_str().bytes().all(|b| b.is_ascii_alphabetic()) => {
                format!("{}_{}", id.language, region)
            }
            _ => id.language.to_string(),
        }
    }

    /// The strings of [`SCRIPT_KEYS`], as the script reads them: an object of texts by key, a
    /// counted one as an object of forms by plural category.
    pub(crate) fn script_strings(&self) -> serde_json::Value {
        serde_json::Value::Object(SCRIPT_KEYS.iter().map(|&k| (k.name().to_string(), self.text(k).to_json())).collect())
    }

    /// How many keys fall back to English in a site in `language` that writes `strings`.
    pub(crate) fn missing(language: &str, strings: &StringTable) -> usize {
        if has_table(language) {
            return 0;
        }
        Key::ALL.iter().filter(|&&k| strings.get(k).is_none()).count()
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interface(tag: &str) -> Interface {
        Interface::new(tag, &StringTable::default())
    }

    #[test]
    fn placeholders_are_names_in_braces() {
        let all: Vec<Piece> = pieces("{n} results for “{query}”, {not a name} {}").collect();
        assert_eq!(
            all,
            [
                Piece::Placeholder("n"),
                Piece::Literal(" results for “"),
                Piece::Placeholder("query"),
                Piece::Literal("”, {not a name} {}"),
            ]
        );
        assert_eq!(placeholders("Back to mark {mark} of note {n}"), ["mark", "n"]);
    }

    #[test]
    fn every_shipped_table_reads_without_a_problem_and_has_every_key() {
        for (language, text) in TABLES {
            let (table, problems) = read_file(text);
            assert!(problems.is_empty(), "{language}.yaml: {problems:#?}");
            let missing: Vec<&str> = Key::ALL.iter().filter(|&&k| table.get(k).is_none()).map(|k| k.name()).collect();
            assert!(missing.is_empty(), "{language}.yaml has no text for {missing:?}");
            for &key in Key::ALL {
                let shipped = table.get(key).unwrap();
                assert_eq!(
                    matches!(shipped, Text::Plural(_)),
                    key.is_plural(),
                    "{language}.yaml: `{}` is counted in English, and must be in every language, or the other way",
                    key.name()
                );
            }
        }
    }

    #[test]
    fn french_typography_has_its_no_break_spaces() {
        let (table, _) = read_file(TABLES[0].1);
        for &key in Key::ALL {
            let texts: Vec<String> = match table.get(key).unwrap() {
                Text::Plain(t) => vec![t.clone()],
                Text::Plural(forms) => forms.values().cloned().collect(),
            };
            for text in texts {
                for (i, c) in text.char_indices() {
                    let before = text[..i].chars().next_back();
                    let after = text[i + c.len_utf8()..].chars().next();
                    let name = key.name();
                    if matches!(c, ':' | ';' | '?' | '!' | '»') && before.is_some() {
                        assert!(
                            matches!(before, Some('\u{a0}' | '\u{202f}')),
                            "fr.yaml `{name}`: no no-break space before `{c}` in {text:?}"
                        );
                    }
                    if c == '«' {
                        assert_eq!(after, Some('\u{a0}'), "fr.yaml `{name}`: no no-break space after « in {text:?}");
                    }
                    assert_ne!(c, '\'', "fr.yaml `{name}`: a typewriter apostrophe in {text:?}");
                }
            }
        }
    }

    #[test]
    fn dates_follow_the_language() {
        let day = Date::parse("2026-01-12").unwrap();
        let cases = [
            ("en", "January 12, 2026", "January 2026"),
            ("en-GB", "12 January 2026", "January 2026"),
            ("fr", "12 janvier 2026", "janvier 2026"),
            ("de", "12. Januar 2026", "Januar 2026"),
            ("es", "12 de enero de 2026", "enero de 2026"),
        ];
        for (tag, long, month) in cases {
            let i = interface(tag);
            assert_eq!(i.date(day), long, "{tag}");
            assert_eq!(i.partial_date(PartialDate::Month(2026, 1)), month, "{tag}");
            assert_eq!(i.partial_date(PartialDate::Year(2026)), "2026", "{tag}");
        }
    }

    #[test]
    fn dates_in_languages_without_a_table_follow_cldr_too() {
        let day = Date::parse("2026-01-12").unwrap();
        let cases = [
            ("pt-BR", "12 de janeiro de 2026", "janeiro de 2026"),
            ("it", "12 gennaio 2026", "gennaio 2026"),
            ("pl", "12 stycznia 2026", "styczeń 2026"),
            ("ja", "2026年1月12日", "2026年1月"),
        ];
        for (tag, long, month) in cases {
            let i = interface(tag);
            assert_eq!((i.date(day).as_str(), i.partial_date(PartialDate::Month(2026, 1)).as_str()), (long, month));
        }
    }

    #[test]
    fn counts_take_the_plural_form_of_the_language() {
        let en = interface("en");
        assert_eq!(en.count(Key::reading_time, 1), "1 min read");
        assert_eq!(en.count(Key::count_briefings, 1), "1 briefing");
        assert_eq!(en.count(Key::count_briefings, 3), "3 briefings");
        assert_eq!(en.count(Key::count_briefings, 0), "0 briefings");
        assert_eq!(en.count(Key::count_briefings, 1234), "1,234 briefings");
        let fr = interface("fr");
        // French counts 0 and 1 as one: "0 analyse".
        assert_eq!(fr.count(Key::count_briefings, 0), "0\u{a0}analyse");
        assert_eq!(fr.count(Key::count_briefings, 2), "2\u{a0}analyses");
        assert_eq!(fr.count(Key::count_briefings, 1234), "1\u{202f}234\u{a0}analyses");
        let de = interface("de");
        assert_eq!(de.count(Key::count_briefings, 1234), "1.234 Analysen");
        // Spanish groups from five digits.
        assert_eq!(interface("es").count(Key::count_organizations, 1234), "1234 organizaciones");
    }

    #[test]
    fn a_region_or_variant_takes_its_language_s_table() {
        assert_eq!(interface("fr-CA").word(Key::notes), "Notes");
        assert_eq!(interface("de-CH").word(Key::contents), "Inhalt");
        assert_eq!(interface("es-419").word(Key::contents), "Índice");
        assert_eq!(interface("pt-BR").word(Key::contents), "Contents");
        assert!(has_table("fr-CA") && has_table("en-GB") && !has_table("pt"));
    }

    #[test]
    fn a_site_s_text_comes_before_its_language_s() {
        let yaml =
            "strings:\n  notes: Endnotes\n  reading_time:\n    one: \"{n} minute\"\n    other: \"{n} minutes\"\n";
        let mut f = Fields::read(yaml, 0..yaml.len(), &["strings"], Context::SiteYaml);
        let mut inner = f.mapping("strings", key_names(), Context::Strings).unwrap();
        let table = read_table(&mut inner);
        assert!(inner.errors.is_empty(), "{:?}", inner.errors);
        let fr = Interface::new("fr", &table);
        assert_eq!(fr.word(Key::notes), "Endnotes");
        assert_eq!(fr.count(Key::reading_time, 2), "2 minutes");
        assert_eq!(fr.word(Key::contents), "Sommaire");
    }

    #[test]
    fn a_brace_that_is_no_placeholder_is_refused() {
        for (written, shown) in [("\"Figure {N}\"", "{N}"), ("\"Table { n } {\"", "{ n } {"), ("\"Fig. n}\"", "}")] {
            let yaml = format!("strings:\n  figure: {written}\n");
            let mut f = Fields::read(&yaml, 0..yaml.len(), &["strings"], Context::SiteYaml);
            let mut inner = f.mapping("strings", key_names(), Context::Strings).unwrap();
            read_table(&mut inner);
            assert_eq!(inner.errors.len(), 1, "{written}: {:?}", inner.errors);
            assert!(
                inner.errors[0].message.starts_with(&format!("`{shown}` in the text of `figure`")),
                "{:?}",
                inner.errors
            );
        }
    }

    #[test]
    fn a_site_s_text_is_checked_where_it_is_written() {
        let yaml =
            "strings:\n  notse: Endnotes\n  reading_time: \"{count} min\"\n  by: [a]\n  figure:\n    one: Fig.\n";
        let mut f = Fields::read(yaml, 0..yaml.len(), &["strings"], Context::SiteYaml);
        let mut inner = f.mapping("strings", key_names(), Context::Strings).unwrap();
        read_table(&mut inner);
        inner.errors.sort_by_key(|e| e.range.start);
        let found: Vec<(String, String, Option<String>)> = inner
            .errors
            .iter()
            .map(|e| (yaml[e.range.clone()].to_string(), e.message.clone(), e.help.clone()))
            .collect();
        assert_eq!(found[0].0, "notse");
        assert_eq!(found[0].1, "unknown key `notse`");
        assert!(found[0].2.as_deref().unwrap().starts_with("did you mean `notes`?"), "{found:?}");
        assert_eq!(found[1].0, "\"{count} min\"");
        assert_eq!(found[1].1, "`{count}` is not a placeholder of `reading_time`");
        assert_eq!(found[1].2.as_deref(), Some("write `{n}`, the only placeholder it takes"));
        assert!(found[2].1.contains("`by` takes text"), "{found:?}");
        assert!(found[3].1.contains("`figure` is one text"), "{found:?}");
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn the_script_gets_its_strings_with_their_forms() {
        let strings = interface("fr").script_strings();
        assert_eq!(strings["copied"], "Copiée");
        assert_eq!(strings["count_events"]["one"], "{n}\u{a0}événement");
    }

    #[test]
    fn arabic_hebrew_and_persian_are_written_right_to_left() {
        for tag in ["ar", "he", "fa", "ur", "ar-EG"] {
            assert!(interface(tag).right_to_left(), "{tag}");
        }
        for tag in ["en", "fr", "zh-Hant-TW", "sr-Latn"] {
            assert!(!interface(tag).right_to_left(), "{tag}");
        }
    }

    #[test]
    fn og_locale_names_a_territory() {
        assert_eq!(interface("en").og_locale(), "en_US");
        assert_eq!(interface("fr").og_locale(), "fr_FR");
        assert_eq!(interface("fr-CA").og_locale(), "fr_CA");
        assert_eq!(interface("es-419").og_locale(), "es");
    }

    /// The keys the default theme's templates ask for: `t(key="…")`, and for `t(key="kind_" ~
    /// d.kind)` every key of a kind of document.
    fn keys_in_templates() -> Vec<(String, String)> {
        let theme = crate::theme::Theme::built_in();
        let mut used = Vec::new();
        for (name, template) in &theme.templates {
            for (at, _) in template.text.match_indices("t(key=") {
                let rest = &template.text[at + "t(key=".len()..];
                let quoted = rest.strip_prefix('"').and_then(|r| r.split_once('"'));
                let Some((key, after)) = quoted else { panic!("{name}: a key that is not a quoted name: {rest:.40}") };
                if after.trim_start().starts_with('~') {
                    let kinds = Key::ALL.iter().map(|k| k.name()).filter(|k| k.starts_with(key));
                    used.extend(kinds.map(|k| (name.clone(), k.to_string())));
                } else {
                    used.push((name.clone(), key.to_string()));
                }
            }
        }
        used
    }

    /// The keys the theme's script asks for: `say("…")`, and `say("kind_" + …)`.
    fn keys_in_script() -> Vec<String> {
        let theme = crate::theme::Theme::built_in();
        let Some(crate::theme::ThemeFile::BuiltIn(bytes)) = theme.static_files.get("js/site.js") else {
            panic!("the default theme has no js/site.js")
        };
        let script = std::str::from_utf8(bytes).unwrap();
        let mut used = Vec::new();
        // Every quoted name in the first argument of `say(`, which may choose between two.
        for (at, _) in script.match_indices("say(") {
            let rest = &script[at + 4..];
            let end = rest.find([',', ')']).unwrap_or(rest.len());
            for (i, literal) in rest[..end].split('"').enumerate().filter(|(i, _)| i % 2 == 1) {
                let concatenated =
                    rest[..end].split('"').nth(i + 1).is_some_and(|after| after.trim_start().starts_with('+'));
                match concatenated {
                    true => used.extend(
                        Key::ALL.iter().map(|k| k.name()).filter(|k| k.starts_with(literal)).map(str::to_string),
                    ),
                    false => used.push(literal.to_string()),
                }
            }
        }
        // `say(counted, …)`: the counts the filters choose among.
        for (at, _) in script.match_indices("\"count_") {
            let key: String = script[at + 1..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            used.push(key);
        }
        used
    }

    #[test]
    fn every_key_the_theme_uses_exists_in_every_language() {
        let shipped: Vec<(&str, StringTable)> = TABLES.iter().map(|(l, text)| (*l, read_file(text).0)).collect();
        for (template, key) in keys_in_templates() {
            let Some(found) = Key::named(&key) else { panic!("{template} asks for `{key}`, which is no key") };
            for (language, table) in &shipped {
                assert!(table.get(found).is_some(), "{language}.yaml has no `{key}`, which {template} uses");
            }
        }
        let script = keys_in_script();
        assert!(script.len() > 10, "the script's strings were not found: {script:?}");
        for key in script {
            let found = Key::named(&key).unwrap_or_else(|| panic!("js/site.js asks for `{key}`, which is no key"));
            assert!(SCRIPT_KEYS.contains(&found), "js/site.js asks for `{key}`, which the page does not carry");
        }
    }

    #[test]
    fn every_key_is_used_by_the_theme_or_the_engine() {
        let mut used: Vec<String> = keys_in_templates().into_iter().map(|(_, k)| k).chain(keys_in_script()).collect();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "rs") && !entry.path().starts_with(src.join("i18n")) {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (at, _) in text.match_indices("Key::") {
                    let name: String =
                        text[at + 5..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    used.push(name);
                }
            }
        }
        let unused: Vec<&str> = Key::ALL.iter().map(|k| k.name()).filter(|k| !used.iter().any(|u| u == k)).collect();
        assert!(unused.is_empty(), "no template, script or code uses {unused:?}: remove them from src/i18n/keys.rs");
    }

    /// A text as the reference shows it: a counted one with its forms on lines.
    fn shown(text: &Text) -> String {
        let cell = |t: &str| {
            let t = t.replace('|', "\\|").replace('\u{a0}', "&nbsp;").replace('\u{202f}', "&#8239;");
            // Spaces at either end would be lost in the table.
            if t.starts_with(' ') || t.ends_with(' ') { format!("`{t}`") } else { t }
        };
        match text {
            Text::Plain(t) => cell(t),
            Text::Plural(forms) => {
                let order = |c: &String| CATEGORIES.iter().position(|k| k == c);
                let mut forms: Vec<(&String, &String)> = forms.iter().collect();
                forms.sort_by_key(|(c, _)| order(c));
                forms.iter().map(|(c, t)| format!("{c}: {}", cell(t))).collect::<Vec<_>>().join("<br>")
            }
        }
    }

    /// docs/strings.md, from the keys and the shipped tables.
    fn reference() -> String {
        let mut out = String::from(
            "# Interface strings\n\n\
             <!-- Generated from src/i18n/keys.rs and src/i18n/{fr,de,es}.yaml by `cargo test --lib`.\n     \
             Edit those, then run `BRIEF_BLESS=1 cargo test --lib i18n` to rewrite this file. -->\n\n\
             Every word the default theme shows, and every word brief writes into pages (the notes' heading, \
             \"Figure 2\", the feed's headings), is a string of this table, by key. brief ships the table in \
             English (`en`), French (`fr`), German (`de`) and Spanish (`es`); a site in another language of \
             one of these (`fr-CA`, `de-CH`, `es-419`) takes its language's. Dates and numbers are written \
             as the site's `language` writes them, from CLDR, in any language.\n\n\
             A site changes any string with `strings:` in `content/site.yaml`, one `key: text` line each, \
             indented under it; what it leaves out comes from its language's table, else from English:\n\n\
             ```yaml\nlanguage: fr\nstrings:\n  briefings: Notes de politique\n  kind_briefing: Note\n  \
             count_briefings:\n    one: \"{n} note\"\n    other: \"{n} notes\"\n```\n\n\
             A `{name}` in a text is a placeholder, filled where the string is used: a text may use the \
             placeholders of its English text, and no other. A counted string (one with `one:` and `other:` \
             below) has a form for each plural category of CLDR that its language uses (`zero`, `one`, `two`, \
             `few`, `many`, `other`), chosen by its `{n}`: English and German use `one` and `other`, French \
             counts 0 and 1 as `one`; `other` is required, and a single text serves every number. An unknown \
             key, placeholder or category is an error at its line. For a language brief does not ship, write \
             every string: until then the build warns how many fall back to English (W008).\n\n\
             A template asks for a string with `{{ t(key=\"reading_time\", n=page.reading_minutes) }}`: each \
             placeholder is an argument (text is escaped, unless it is marked safe, such as a `{% set %}` \
             block's; a number is written as the language writes numbers). The theme's script takes the \
             strings it needs from the page (`<script type=\"application/json\" id=\"brief-strings\">`).\n\n\
             French typography puts a no-break space (U+00A0) before a colon and inside « », and a narrow \
             one (U+202F) before ; ! and ?: the French column writes them `&nbsp;` and `&#8239;`, which \
             show as spaces.\n\n\
             | key | what it is | en | fr | de | es |\n|---|---|---|---|---|---|\n",
        );
        let shipped: Vec<StringTable> = TABLES.iter().map(|(_, text)| read_file(text).0).collect();
        for &key in Key::ALL {
            let mut row =
                format!("| `{}` | {} | {} |", key.name(), key.doc().replace('|', "\\|"), shown(&Text::of_english(key)));
            for table in &shipped {
                row.push_str(&format!(" {} |", table.get(key).map(shown).unwrap_or_default()));
            }
            out.push_str(&row);
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_strings_reference_is_generated_from_the_tables() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/strings.md");
        let made = reference();
        if std::env::var_os("BRIEF_BLESS").is_some() {
            std::fs::write(&path, &made).unwrap();
            return;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(kept == made, "docs/strings.md is not what the tables say: run `BRIEF_BLESS=1 cargo test --lib i18n`");
    }
}
