//! Code highlighting with syntect, into CSS classes (`hl-…`) that the theme styles.
//!
//! Takes: a code block's text and language. Gives: HTML. The syntax set is loaded from
//! syntect's binary dump the first time a site has a code block, and once per process.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// The class prefix of highlighted tokens, shared with the theme's CSS.
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// A `<pre>` block for `code`, highlighted when `lang` is a known language.
pub(crate) fn code_block(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let escaped_lang = pulldown_escape(lang);
    let body = if lang.is_empty() { None } else { highlight(code, lang) };
    let body = body.unwrap_or_else(|| pulldown_escape(code));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" data-lang=\"{escaped_lang}\"><code class=\"language-{escaped_lang}\">{body}</code></pre>\n"
        )
    }
}

fn highlight(code: &str, lang: &str) -> Option<String> {
    let syntaxes = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = syntaxes.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

fn pulldown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_are_highlighted_into_classes() {
        let html = code_block("status: withdrawn\n", "yaml");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"yaml\"><code class=\"language-yaml\">"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_languages_and_markup_are_escaped() {
        let html = code_block("<script>x</script>\n", "nosuch\"lang");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("data-lang=\"nosuch&quot;lang\""), "{html}");
        assert!(!html.contains("<script>"));
    }
}
