//! A broken theme template stops the build with an error that names the template file, the
//! line and column where tera gives them, the page being rendered (or the pages that cannot
//! be built) and a `help:` line; the output folder is left alone.

use crate::common;

use common::{SITE_YAML, TestSite};

/// A site using theme `t`, with one briefing (so briefing cards and pages are rendered) and
/// `templates` in `themes/t/templates/`.
fn site_with_templates(templates: &[(&str, &str)]) -> TestSite {
    let mut site =
        TestSite::new().file("content/site.yaml", &format!("{SITE_YAML}theme: t\n")).briefing("b", "", "Text.\n");
    for (name, text) in templates {
        site = site.file(&format!("themes/t/templates/{name}"), text);
    }
    site
}

/// Builds `site`, expecting it to fail, and returns the one error's text (without the
/// warnings), checking that nothing was written.
fn template_error(site: &TestSite) -> String {
    let build = site.build();
    build.expect_failure().expect_report("help: ");
    assert!(!site.path("public").exists(), "a failed build wrote public/");
    let first = if build.report.starts_with("error[") { Some(0) } else { build.report.find("\nerror[").map(|i| i + 1) };
    let first = first.unwrap_or_else(|| panic!("no error:\n{}", build.report));
    build.report[first..].to_string()
}

#[test]
fn an_unknown_function_in_404_names_the_file_line_column_and_the_page() {
    let site = site_with_templates(&[(
        "404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>\n  {{ missing_function() }}\n</p>\n{% endblock main %}\n",
    )]);
    let error = template_error(&site);
    assert!(
        error.starts_with("error[E060]: themes/t/templates/404.html:4:6: Unknown function `missing_function`"),
        "{error}"
    );
    assert!(error.contains("`/404.html`"), "{error}");
    assert!(error.contains("4 |   {{ missing_function() }}"), "{error}");
    assert!(error.contains("help: fix the template"), "{error}");
}

#[test]
fn a_syntax_error_in_a_partial_names_the_partial_and_its_line() {
    let site = site_with_templates(&[("partials/briefing-card.html", "<li>\n{% if b.title %}\n{{ b.title </li>\n")]);
    let error = template_error(&site);
    assert!(error.starts_with("error[E060]: themes/t/templates/partials/briefing-card.html:3:"), "{error}");
    assert!(error.contains("a template that page templates extend or include"), "{error}");
    assert!(error.contains("help: "), "{error}");
}

#[test]
fn an_unknown_filter_names_the_template_line_and_the_pages_it_builds() {
    let site = site_with_templates(&[(
        "briefing.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title | shout }}</h1>\n{% endblock main %}\n",
    )]);
    let error = template_error(&site);
    assert!(error.starts_with("error[E060]: themes/t/templates/briefing.html:3:21: Unknown filter `shout`"), "{error}");
    assert!(error.contains("every briefing page"), "{error}");
}

#[test]
fn an_undefined_variable_names_the_template_line_and_the_page_being_rendered() {
    let site = site_with_templates(&[(
        "briefing.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n\n{{ page.nothing.deeper }}\n{% endblock main %}\n",
    )]);
    let error = template_error(&site);
    assert!(
        error.starts_with("error[E060]: themes/t/templates/briefing.html:5:9: while rendering `/briefings/b/`"),
        "{error}"
    );
    assert!(error.contains("`nothing` is not defined"), "{error}");
    assert!(error.contains("help: fix the template: test a field"), "{error}");
}

#[test]
fn an_undefined_variable_in_an_included_partial_names_the_partial_and_the_page() {
    let site = site_with_templates(&[("partials/references.html", "{{ page.references.missing }}\n")]);
    let error = template_error(&site);
    assert!(error.starts_with("error[E060]: themes/t/templates/partials/references.html:1:"), "{error}");
    assert!(error.contains("while rendering `/"), "{error}");
}

#[test]
fn an_undefined_variable_in_404_alone_names_it_and_its_page() {
    let site =
        site_with_templates(&[("404.html", "<!doctype html>\n<title>{{ page.title }}</title>\n{{ nothing }}\n")]);
    let error = template_error(&site);
    assert!(error.starts_with("error[E060]: themes/t/templates/404.html:3:"), "{error}");
    assert!(error.contains("while rendering `/404.html`"), "{error}");
}

#[test]
fn a_base_template_without_the_blocks_the_default_pages_fill_names_the_default_template() {
    let site = site_with_templates(&[("base.html", "<html>\n{% block main %}{% endblock main %}</html>\n")]);
    let error = template_error(&site);
    assert!(error.starts_with("error[E060]: (built-in theme)/"), "{error}");
    assert!(error.contains("is not defined in any parent template"), "{error}");
    assert!(error.contains("help: this template comes with brief"), "{error}");
}

#[test]
fn an_include_of_a_missing_template_names_the_template_that_includes_it() {
    let site = site_with_templates(&[("404.html", "<p>\n{% include \"partials/gone.html\" %}\n</p>\n")]);
    let error = template_error(&site);
    assert!(error.starts_with("error[E060]: themes/t/templates/404.html:2:"), "{error}");
    assert!(error.contains("partials/gone.html"), "{error}");
}
