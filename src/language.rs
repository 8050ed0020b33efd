//! Language tags: the `language` of `site.yaml` goes into every page's `lang` attribute, so
//! screen readers pick the right voice, and chooses the interface's words and how dates are
//! written (`crate::i18n`); it must be a BCP 47 tag (E020).
//!
//! Takes: the value written. Gives: whether it is a tag, and if not, the tag the writer most
//! likely meant (`french` → `fr`, `en_US` → `en-US`).

/// The two-letter language codes of ISO 639-1, which BCP 47 uses as primary subtags.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu \
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id \
    ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi \
    mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd \
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa \
    wo xh yi yo za zh zu";

/// Language names, in English and in the language itself, with their codes.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("francais", "fr"),
    ("français", "fr"),
    ("german", "de"),
    ("deutsch", "de"),
    ("spanish", "es"),
    ("espanol", "es"),
    ("español", "es"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("italian", "it"),
    ("italiano", "it"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("russian", "ru"),
    ("ukrainian", "uk"),
    ("polish", "pl"),
    ("polski", "pl"),
    ("arabic", "ar"),
    ("chinese", "zh"),
    ("mandarin", "zh"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("hindi", "hi"),
    ("turkish", "tr"),
    ("swedish", "sv"),
    ("svenska", "sv"),
    ("norwegian", "no"),
    ("danish", "da"),
    ("dansk", "da"),
    ("finnish", "fi"),
    ("suomi", "fi"),
    ("greek", "el"),
    ("hebrew", "he"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("czech", "cs"),
    ("hungarian", "hu"),
    ("romanian", "ro"),
    ("bulgarian", "bg"),
    ("croatian", "hr"),
    ("serbian", "sr"),
    ("slovak", "sk"),
    ("slovenian", "sl"),
    ("indonesian", "id"),
    ("malay", "ms"),
    ("vietnamese", "vi"),
    ("thai", "th"),
    ("swahili", "sw"),
    ("catalan", "ca"),
    ("basque", "eu"),
    ("irish", "ga"),
    ("welsh", "cy"),
    ("estonian", "et"),
    ("latvian", "lv"),
    ("lithuanian", "lt"),
    ("bengali", "bn"),
    ("urdu", "ur"),
    ("tamil", "ta"),
];

/// `Ok` when `tag` is a well-formed BCP 47 tag with a known two-letter (or any three-letter)
/// language; otherwise the tag the writer most likely meant, if one is clear.
pub(crate) fn check(tag: &str) -> Result<(), Option<String>> {
    if is_tag(tag) {
        return Ok(());
    }
    let lower = tag.trim().to_lowercase();
    if let Some((_, code)) = NAMES.iter().find(|(name, _)| *name == lower) {
        return Err(Some(code.to_string()));
    }
    // `en_US`, `EN-us`, ` fr `: the right parts, written another way.
    let mut parts = lower.split(['_', '-', ' ']).filter(|p| !p.is_empty());
    let fixed = match (parts.next(), parts.next(), parts.next()) {
        (Some(lang), None, _) => lang.to_string(),
        (Some(lang), Some(region), None) if region.len() == 2 => format!("{lang}-{}", region.to_uppercase()),
        (Some(lang), Some(script), None) if script.len() == 4 => {
            let mut s = script.chars();
            let script: String = s.next().map(|c| c.to_uppercase().chain(s).collect()).unwrap_or_default();
            format!("{lang}-{script}")
        }
        _ => String::new(),
    };
    Err(is_tag(&fixed).then_some(fixed))
}

/// The BCP 47 shape with a known primary language: `fr`, `pt-BR`, `zh-Hant`, `es-419`, `gsw`.
fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else { return false };
    let known = match language.len() {
        2 => ISO_639_1.split_whitespace().any(|code| code == language),
        3 => language.bytes().all(|b| b.is_ascii_lowercase()),
        _ => false,
    };
    known && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_accepted() {
        for tag in ["en", "fr", "pt-BR", "zh-Hant", "es-419", "gsw", "en-GB-oxendict"] {
            assert_eq!(check(tag), Ok(()), "{tag}");
        }
    }

    #[test]
    fn names_and_misspellings_get_the_tag() {
        assert_eq!(check("french"), Err(Some("fr".into())));
        assert_eq!(check("English"), Err(Some("en".into())));
        assert_eq!(check("en_US"), Err(Some("en-US".into())));
        assert_eq!(check("EN"), Err(Some("en".into())));
        assert_eq!(check("zh_hant"), Err(Some("zh-Hant".into())));
        assert_eq!(check("klingon"), Err(None));
        assert_eq!(check("xx"), Err(None));
    }
}
