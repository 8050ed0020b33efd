//! Hostile input the build must survive with a valid site or a clear error: a `base_url`
//! that would bend attributes, control characters that XML forbids, markup in text that
//! JSON files carry, and ids that would collide on a page.

mod common;

use common::TestSite;

#[test]
fn a_base_url_with_a_tab_control_character_quote_backslash_backtick_or_space_is_an_error() {
    for (yaml, shown) in [
        (r#""https://example.org/a\tb/""#, "a tab"),
        (r#""https://example.org/\a""#, "U+0007"),
        (r#""https://example.org/\"x""#, "`\"`"),
        (r#"'https://example.org/''x'"#, "`'`"),
        (r#""https://example.org\\evil.org/""#, "`\\`"),
        ("\"https://example.org/`x`\"", "contains ```"),
        (r#""https://example.org/a b/""#, "whitespace"),
    ] {
        let site = TestSite::new().file("content/site.yaml", &format!("title: Test Briefings\nbase_url: {yaml}\n"));
        let run = site.build(&[]);
        run.expect_code(1).expect_stderr("content/site.yaml:").expect_stderr("base_url");
        assert!(run.stderr.contains(shown), "{yaml}: {}", run.stderr);
        assert!(!site.path("public").exists(), "{yaml}: a failed build wrote public/");
    }
    let site = TestSite::new();
    site.build(&["--base-url", "https://example.org/\"onmouseover=x"]).expect_code(1).expect_stderr("--base-url");
}
