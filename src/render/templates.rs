//! Templates: one tera instance per build, loaded from the theme, with errors that name the
//! template file, the line and the page being rendered.
//!
//! Takes: a [`Theme`]. Gives: a ready [`Tera`], or every syntax error of every template.

use std::collections::BTreeMap;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::Diagnostic;
use crate::theme::{Template, Theme};

use super::REQUIRED_TEMPLATES;

/// Parses every template of `theme`. Syntax errors are collected from all templates, not
/// only the first.
pub fn load(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for name in REQUIRED_TEMPLATES {
        if !theme.templates.contains_key(*name) {
            problems.push(
                Diagnostic::error(
                    "E060",
                    format!("themes/{}/templates/{name}", theme.name),
                    format!("the theme has no `{name}`"),
                )
                .with_help("add the template, or remove the theme's empty file so the default one is used"),
            );
        }
    }
    // Each template alone first, so every syntax error is reported; parents missing in
    // isolation are expected and checked when all are added together.
    for (name, template) in &theme.templates {
        let mut alone = Tera::new();
        if let Err(e) = alone.add_raw_template(name, &template.text) {
            if !matches!(
                e.kind(),
                ErrorKind::MissingParent { .. } | ErrorKind::TemplateNotFound(_) | ErrorKind::ComponentNotFound(_)
            ) {
                problems.push(convert(&e, &theme.templates, None));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(theme.templates.iter().map(|(name, t)| (name.as_str(), t.text.as_str())))
        .map_err(|e| vec![convert(&e, &theme.templates, None)])?;
    Ok(tera)
}

/// Renders `template` for the page at `url`.
pub fn render(tera: &Tera, theme: &Theme, template: &str, context: &Context, url: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::with_capacity(16 * 1024);
    tera.render_to(template, context, &mut out).map_err(|e| convert(&e, &theme.templates, Some(url)))?;
    Ok(out)
}

/// A tera error as a diagnostic on the template file.
fn convert(error: &tera::Error, templates: &BTreeMap<String, Template>, page: Option<&str>) -> Diagnostic {
    let during = page.map(|p| format!("while rendering `{p}`: ")).unwrap_or_default();
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let template = templates.get(report.filename());
            let file = template.map_or_else(|| report.filename().into(), |t| t.origin.clone());
            let mut message = format!("{during}{}", report.message());
            if let Some(cause) = std::error::Error::source(error) {
                message.push_str(&format!(": {cause}"));
            }
            let d = Diagnostic::error("E060", file, message).with_help("fix the template; the content is not at fault");
            match template {
                Some(t) => d.at(&t.text, report.span().range.clone()),
                None => d,
            }
        }
        other => {
            let name = match other {
                ErrorKind::MissingParent { current, .. } => Some(current.as_str()),
                ErrorKind::TemplateNotFound(name) => Some(name.as_str()),
                _ => None,
            };
            let file = name.and_then(|n| templates.get(n)).map_or_else(|| "themes".into(), |t| t.origin.clone());
            Diagnostic::error("E060", file, format!("{during}{other}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        let mut theme = Theme::built_in();
        for (name, text) in templates {
            theme.templates.insert(
                name.to_string(),
                Template { text: text.to_string(), origin: PathBuf::from(format!("themes/t/templates/{name}")) },
            );
        }
        theme
    }

    #[test]
    fn the_built_in_templates_parse() {
        load(&Theme::built_in()).unwrap();
    }

    #[test]
    fn every_syntax_error_is_reported_with_its_file_and_line() {
        let errors = load(&theme(&[("page.html", "ok\n{{ page.title"), ("topic.html", "{% if %}")])).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].file, PathBuf::from("themes/t/templates/page.html"));
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn rendering_errors_name_the_template_and_the_page() {
        let t = theme(&[("page.html", "<p>\n{{ page.nope.deeper }}</p>")]);
        let tera = load(&t).unwrap();
        let mut context = Context::new();
        context.insert("page", &BTreeMap::from([("title", "x")]));
        let e = render(&tera, &t, "page.html", &context, "/about/").unwrap_err();
        assert_eq!(e.file, PathBuf::from("themes/t/templates/page.html"));
        assert!(e.message.starts_with("while rendering `/about/`: "), "{}", e.message);
        assert_eq!(e.location.as_ref().unwrap().line, 2);
    }
}
