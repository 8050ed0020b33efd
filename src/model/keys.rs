//! Keys: the keys a YAML block accepts are the fields of the struct it is read into.
//!
//! Takes: a struct deriving serde's `Deserialize`. Gives: its fields as serde names them
//! ([`Keys::keys`]), which is the list [`crate::frontmatter::Fields`] checks every key
//! against, so a field added to a struct is a key the files may use, with no other list to
//! keep. The tests check that each struct's reader reads exactly those keys, and render
//! `docs/front-matter.md` from the structs' `///` docs (`BRIEF_BLESS=1` rewrites it).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

/// A struct read key by key from YAML (front matter, `site.yaml`, an entry of
/// `sources.yaml`): its fields are the keys it accepts. Each field's `///` doc is its entry
/// in `docs/front-matter.md`. `Deserialize` is derived for serde's list of the fields; the
/// values are read one key at a time, so that one bad value costs only itself.
pub(crate) trait Keys: DeserializeOwned {
    /// The keys accepted, in the order of the struct's fields.
    fn keys() -> &'static [&'static str] {
        serde_fields::<Self>()
    }
}

/// A struct read key by key, by name: `BriefingMeta` and its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyedStruct {
    pub(crate) name: &'static str,
    pub(crate) keys: &'static [&'static str],
}

impl KeyedStruct {
    pub(crate) fn of<T: Keys>() -> KeyedStruct {
        let path = std::any::type_name::<T>();
        KeyedStruct { name: path.rsplit("::").next().unwrap_or(path), keys: T::keys() }
    }
}

/// The fields serde's derived `Deserialize` asks for: it hands them to `deserialize_struct`,
/// where this deserializer takes them and stops.
fn serde_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(Stopped(Some(fields))) => fields,
        Ok(_) | Err(Stopped(None)) => &[],
    }
}

struct FieldNames;

#[derive(Debug)]
struct Stopped(Option<&'static [&'static str]>);

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("only the names of a struct's fields are read")
    }
}

impl std::error::Error for Stopped {}

impl de::Error for Stopped {
    fn custom<M: fmt::Display>(_: M) -> Stopped {
        Stopped(None)
    }
}

impl<'de> Deserializer<'de> for FieldNames {
    type Error = Stopped;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stopped> {
        Err(Stopped(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stopped> {
        Err(Stopped(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::frontmatter::{Context, Fields};
    use crate::model::testing::config;
    use crate::model::{
        Change, Kind, Meta, SiteConfig, SiteLink, SourceEntry, SourceType, StatusChange, StatusValue, Taxonomy,
        TrackedStatus,
    };

    /// The Rust file the structs are declared in, for their docs and types.
    /// The model's source: the structs whose fields and docs make the reference.
    const MODEL: &str = concat!(include_str!("mod.rs"), include_str!("site_config.rs"));

    /// The keys a reader asks for, reading `yaml`, each with whether it is required.
    fn asked(yaml: &str, keys: &[&str], context: Context, read: impl FnOnce(&mut Fields)) -> Vec<(String, bool)> {
        let mut fields = Fields::read(yaml, 0..yaml.len(), keys, context);
        read(&mut fields);
        fields.asked
    }

    /// One struct read key by key: its name in that file, its keys, and the keys its reader
    /// asks for.
    struct Read {
        title: String,
        kind: Option<Kind>,
        name: &'static str,
        keys: &'static [&'static str],
        asked: Vec<(String, bool)>,
    }

    fn every_struct() -> Vec<Read> {
        // A site with a status and one taxonomy, whose keys are read in the place of the fields
        // they fill: each key asked is counted as its field.
        let config = config();
        let mut all: Vec<Read> = Kind::ALL
            .into_iter()
            .map(|kind| {
                let KeyedStruct { name, keys } = kind.front_matter();
                let written = kind.written_keys(&config);
                let asked = asked("", keys, Context::FrontMatter, |f| {
                    Meta::read(kind, f, "slug", &config);
                });
                let asked = asked
                    .into_iter()
                    .map(|(key, required)| {
                        let field = written.iter().find(|(_, w)| *w == key).map_or(key, |(field, _)| field.to_string());
                        (field, required)
                    })
                    .collect();
                let folder = kind.folder().unwrap_or("<taxonomy>");
                let title = format!("`content/{folder}/<slug>.md`");
                Read { title, kind: Some(kind), name, keys, asked }
            })
            .collect();
        all.push(Read {
            title: "Each entry of a briefing's `changes`".into(),
            kind: None,
            name: KeyedStruct::of::<Change>().name,
            keys: Change::keys(),
            asked: asked("", Change::keys(), Context::ListEntry, |f| {
                Change::read(f);
            }),
        });
        all.push(Read {
            title: "`content/site.yaml`".into(),
            kind: None,
            name: KeyedStruct::of::<SiteConfig>().name,
            keys: SiteConfig::keys(),
            asked: asked("", SiteConfig::keys(), Context::SiteYaml, |f| {
                SiteConfig::read(f);
            }),
        });
        all.push(Read {
            title: "An entry of `menu` or `footer_links` in `site.yaml`".into(),
            kind: None,
            name: KeyedStruct::of::<SiteLink>().name,
            keys: SiteLink::keys(),
            asked: asked("", SiteLink::keys(), Context::ListEntry, |f| {
                SiteLink::read(f);
            }),
        });
        all.push(Read {
            title: "`status` in `content/site.yaml`".into(),
            kind: None,
            name: KeyedStruct::of::<TrackedStatus>().name,
            keys: TrackedStatus::keys(),
            asked: asked("", TrackedStatus::keys(), Context::Section, |f| {
                TrackedStatus::read(f);
            }),
        });
        all.push(Read {
            title: "Each entry of `values` under `status`".into(),
            kind: None,
            name: KeyedStruct::of::<StatusValue>().name,
            keys: StatusValue::keys(),
            asked: asked("", StatusValue::keys(), Context::ListEntry, |f| {
                StatusValue::read(f);
            }),
        });
        all.push(Read {
            title: "Each entry of `taxonomies` in `content/site.yaml`".into(),
            kind: None,
            name: KeyedStruct::of::<Taxonomy>().name,
            keys: Taxonomy::keys(),
            asked: asked("", Taxonomy::keys(), Context::ListEntry, |f| {
                Taxonomy::read(f);
            }),
        });
        let tracked = config.status.clone().expect("a status");
        all.push(Read {
            title: "An entry of an organization's `status_history`".into(),
            kind: None,
            name: KeyedStruct::of::<StatusChange>().name,
            keys: StatusChange::keys(),
            asked: asked("", StatusChange::keys(), Context::ListEntry, |f| {
                StatusChange::read(f, &tracked);
            }),
        });
        all.push(Read {
            title: "`content/sources.yaml`".into(),
            kind: None,
            name: KeyedStruct::of::<SourceEntry>().name,
            keys: SourceEntry::keys(),
            asked: asked("id: a\n", SourceEntry::keys(), Context::SourceEntry, |f| {
                SourceEntry::read(f);
            }),
        });
        all
    }

    #[test]
    fn every_reader_reads_exactly_the_fields_of_its_struct() {
        for read in every_struct() {
            let asked: Vec<&str> = read.asked.iter().map(|(k, _)| k.as_str()).collect();
            assert!(!read.keys.is_empty(), "{}: serde names no fields", read.name);
            assert_eq!(asked, read.keys, "{}: its reader reads other keys than its fields", read.name);
        }
    }

    #[test]
    fn the_title_key_is_a_required_key_of_its_kind() {
        let every = every_struct();
        for kind in Kind::ALL {
            let key = kind.spec().title_key;
            let read = every.iter().find(|r| r.kind == Some(kind)).map(|r| &r.asked);
            assert!(read.is_some_and(|asked| asked.contains(&(key.to_string(), true))), "{kind}: `{key}`");
        }
    }

    /// A field of a struct as declared: its name, its type and its `///` doc.
    struct Declared {
        name: String,
        ty: String,
        doc: String,
    }

    /// The doc and fields of `struct name` in [`MODEL`].
    fn declared(name: &str) -> (String, Vec<Declared>) {
        let lines: Vec<&str> = MODEL.lines().collect();
        let unqualified = |l: &str| l.trim().trim_start_matches("pub(crate) ").trim_start_matches("pub ").to_string();
        let start = lines.iter().position(|l| unqualified(l) == format!("struct {name} {{"));
        let Some(start) = start else { panic!("no `struct {name}` in src/model/") };
        let doc_of = |lines: &[&str]| -> String {
            let docs: Vec<&str> = lines
                .iter()
                .rev()
                .skip_while(|l| l.trim_start().starts_with("#["))
                .take_while(|l| l.trim_start().starts_with("///"))
                .map(|l| l.trim_start().trim_start_matches("///").trim())
                .collect();
            docs.into_iter().rev().collect::<Vec<_>>().join(" ")
        };
        let intro = doc_of(&lines[..start]);
        let mut fields = Vec::new();
        let mut from = start + 1;
        for (i, line) in lines.iter().enumerate().skip(start + 1) {
            let line = line.trim();
            if line == "}" {
                break;
            }
            let field = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub "));
            if let Some((field, ty)) = field.and_then(|l| l.split_once(": ")) {
                // A field serde knows by another name (`#[serde(rename = "<status>")]`).
                let renamed = lines[from..i].iter().find_map(|l| {
                    l.trim().strip_prefix("#[serde(rename = \"").and_then(|r| r.split_once('"')).map(|(name, _)| name)
                });
                fields.push(Declared {
                    name: renamed.unwrap_or(field.trim_start_matches("r#")).to_string(),
                    ty: ty.trim_end_matches(',').to_string(),
                    doc: doc_of(&lines[from..i]),
                });
                from = i + 1;
            }
        }
        (intro, fields)
    }

    /// How a value of a field's type is written in YAML.
    fn written(ty: &str) -> String {
        let ty = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty);
        match ty {
            "String" => "text".into(),
            "bool" => "`true` or `false`".into(),
            "Date" => "date, `YYYY-MM-DD`".into(),
            "PartialDate" => "date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`".into(),
            "Vec<String>" => "list, `[a, b]`".into(),
            "u32" => "whole number, from 1".into(),
            "Vec<Change>" => "list of entries, each `- date: …` with the keys below".into(),
            "ChangeKind" => "`update` or `correction`".into(),
            "Vec<StatusChange>" => "list of entries, each `- status: …` with the keys below".into(),
            "Vec<StatusValue>" => "list of entries, each `- key: …` with the keys below".into(),
            "Vec<Taxonomy>" => "list of entries, each `- key: …` with the keys below".into(),
            "TrackedStatus" => "settings indented under it, with the keys below".into(),
            "Terms" => "list, `[a, b]`, under each taxonomy's `key`".into(),
            "StatusKey" => "one of the `values` of `status`, by `key`".into(),
            "StatusColour" => "`green`, `orange`, `red`, `blue`, `grey` or `purple`".into(),
            "Vec<SiteLink>" => "list of entries, each `- label: …` with the keys below".into(),
            "TimelineOrder" => "`ascending` or `descending`".into(),
            "SourcesListing" => "`cited` or `all`".into(),
            "StringTable" => "`name: text` lines, indented under it".into(),
            "SourceType" => {
                let keys: Vec<String> = SourceType::ALL.iter().map(|t| format!("`{}`", t.key())).collect();
                format!("one of {}", keys.join(", "))
            }
            other => panic!("say how a `{other}` is written in YAML, in `written` of src/model/keys.rs"),
        }
    }

    /// docs/front-matter.md, from the structs.
    fn reference() -> String {
        let mut out = String::from(
            "# Front matter and settings\n\n\
             <!-- Generated from the `///` docs of the structs in src/model/ by `cargo test --lib`.\n     \
             Edit those docs, then run `BRIEF_BLESS=1 cargo test --lib model::keys` to rewrite this file. -->\n\n\
             Every key each file accepts, by file. Any other key is an error, with the closest known key \
             suggested. A value that cannot be read is an error at its line; the rest of the file is still \
             read and checked.\n",
        );
        for read in every_struct() {
            let (intro, fields) = declared(read.name);
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(names, read.keys, "{}: the declared fields are not serde's (a rename?)", read.name);
            out.push_str(&format!("\n## {}\n\n{intro}\n\n", read.title));
            out.push_str("| key | value | required | what it is |\n|---|---|---|---|\n");
            for field in &fields {
                assert!(!field.doc.is_empty(), "{}.{} has no `///` doc", read.name, field.name);
                let required = read.asked.iter().any(|(k, required)| *k == field.name && *required);
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    field.name,
                    written(&field.ty),
                    if required { "yes" } else { "no" },
                    field.doc.replace('|', "\\|")
                ));
            }
        }
        out
    }

    #[test]
    fn the_front_matter_reference_is_generated_from_the_structs() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/front-matter.md");
        let made = reference();
        if std::env::var_os("BRIEF_BLESS").is_some() {
            std::fs::write(&path, &made).unwrap();
            return;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == made,
            "docs/front-matter.md is not what the structs' docs say: run `BRIEF_BLESS=1 cargo test --lib model::keys`"
        );
    }

    /// The example `site.yaml` of the README's configuration section: the ```` ```yaml ````
    /// block after its marker comment.
    fn readme_site_yaml() -> String {
        let readme = include_str!("../../README.md");
        let marker = "<!-- The example site.yaml:";
        let after = &readme[readme.find(marker).expect("the README marks its example site.yaml")..];
        let block = after.split_once("```yaml\n").map(|(_, b)| b).expect("a yaml block after the marker");
        block.split_once("\n```").map(|(b, _)| b).expect("the block closes").to_string() + "\n"
    }

    #[test]
    fn the_readmes_example_site_yaml_is_read_without_error_and_sets_every_setting() {
        let yaml = readme_site_yaml();
        let (_, errors) = SiteConfig::parse(&yaml);
        let errors: Vec<String> = errors.iter().map(|e| format!("{} {}", e.code, e.message)).collect();
        assert!(errors.is_empty(), "the README's example site.yaml has errors: {errors:?}");
        let set: Vec<&str> = yaml
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '-']))
            .filter_map(|l| l.split_once(':').map(|(key, _)| key))
            .collect();
        let missing: Vec<&&str> = SiteConfig::keys().iter().filter(|k| !set.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "the README's example site.yaml does not show {missing:?}: add each, with a comment"
        );
    }
}
