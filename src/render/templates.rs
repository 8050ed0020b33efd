//! Templates: one tera instance per build, loaded from the theme, with errors that name the
//! template file, the line and the page being rendered.
//!
//! Takes: a [`Theme`] and the site's [`Interface`]. Gives: a ready [`Tera`], with the function
//! `t(key="…", …)` that gives each string of the interface in the site's language, or every
//! error tera finds in the templates (syntax, unknown filters, functions, blocks and
//! includes), each on its template file with its line and column, the pages it stops and a
//! help line; and rendered pages, or the error with the page that was being rendered.

use std::sync::Arc;

use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::i18n::{Interface, Key, Piece, pieces};
use crate::theme::{Template, Theme};

use super::required_templates;

/// Parses every template of `theme`, with `t()` speaking `interface`. Syntax errors are
/// collected from all templates, not only the first.
pub(crate) fn load(theme: &Theme, interface: &Arc<Interface>) -> Result<Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for name in required_templates() {
        if !theme.templates.contains_key(name) {
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
    // Each template alone first, so every syntax error is reported; parents, includes and
    // components missing in isolation are expected and checked when all are added together.
    for (name, template) in &theme.templates {
        let mut alone = Tera::new();
        speak(&mut alone, interface);
        if let Err(e) = alone.add_raw_template(name, &template.text) {
            if !matches!(
                e.kind(),
                ErrorKind::MissingParent { .. } | ErrorKind::TemplateNotFound(_) | ErrorKind::ComponentNotFound(_)
            ) {
                let errors = convert(&e, theme, Failure::Loading);
                problems.extend(errors.into_iter().filter(|d| !needs_other_templates(&d.message)));
            }
        }
    }
    // All together: what needs the other templates (parents, blocks, includes) and, for
    // templates that extend another, unknown filters and functions.
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    speak(&mut tera, interface);
    if let Err(e) = tera.add_raw_templates(theme.templates.iter().map(|(name, t)| (name.as_str(), t.text.as_str()))) {
        for d in convert(&e, theme, Failure::Loading) {
            if !problems.contains(&d) {
                problems.push(d);
            }
        }
    }
    if problems.is_empty() { Ok(tera) } else { Err(problems) }
}

/// Gives `tera`'s templates the strings of `interface`, through `t()`.
pub(crate) fn speak(tera: &mut Tera, interface: &Arc<Interface>) {
    tera.register_function("t", Translate(Arc::clone(interface)));
}

/// `t(key="reading_time", n=page.reading_minutes)`: the string `key` of the interface in the
/// site's language, its `{placeholders}` filled from the other arguments (a number written as
/// the language writes numbers; text escaped unless marked safe) and its plural form chosen
/// by `n`. An unknown key, a missing value or an argument the string does not take is an
/// error at the template's line.
struct Translate(Arc<Interface>);

impl tera::Function<tera::TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> tera::TeraResult<Value> {
        let name = kwargs.must_get::<&str>("key")?;
        let Some(key) = Key::named(name) else {
            let help = crate::suggest::did_you_mean(name, crate::i18n::key_names().iter().copied())
                .map_or(String::new(), |d| format!(" ({d})"));
            return Err(tera::Error::message(format!(
                "no interface string has the key `{name}`{help}: docs/strings.md lists them"
            )));
        };
        let takes = key.placeholders();
        for (arg, _) in kwargs.iter() {
            let arg = arg.as_str().unwrap_or_default();
            if arg != "key" && !takes.contains(&arg) {
                return Err(tera::Error::message(format!("`t(key=\"{name}\")` takes no `{arg}`: {}", taken(&takes))));
            }
        }
        let value = |arg: &str| -> tera::TeraResult<Value> {
            kwargs
                .get::<Value>(arg)?
                .ok_or_else(|| tera::Error::message(format!("`t(key=\"{name}\")` needs `{arg}=`: {}", taken(&takes))))
        };
        let count = match takes.contains(&"n") {
            true => value("n")?.as_i64(),
            false => None,
        };
        let mut out = String::new();
        for piece in pieces(self.0.form(key, count)) {
            match piece {
                Piece::Literal(text) => out.push_str(&escaped(state, text)?),
                Piece::Placeholder(arg) => {
                    let value = value(arg)?;
                    match value.as_i64() {
                        Some(number) if value.is_number() => out.push_str(&self.0.number(number)),
                        _ => out.push_str(&state.escape_if_needed(&value)?),
                    }
                }
            }
        }
        Ok(Value::safe_string(&out))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `text` escaped where the template's output is.
fn escaped(state: &State, text: &str) -> tera::TeraResult<String> {
    match state.autoescaping_enabled() {
        true => state.escape(text),
        false => Ok(text.to_string()),
    }
}

/// What a string's placeholders are, for messages.
fn taken(placeholders: &[&str]) -> String {
    match placeholders {
        [] => "its text has no placeholder".to_string(),
        some => {
            let names: Vec<String> = some.iter().map(|p| format!("`{p}=`")).collect();
            format!("its text takes {}", crate::diagnostics::listed(&names, "and"))
        }
    }
}

/// Whether a message from loading one template alone is about another template, which is
/// there once all are loaded together.
fn needs_other_templates(message: &str) -> bool {
    message.starts_with("Unknown template `") || message.starts_with("Unknown component `")
}

/// Renders `template` for the page at `url`.
pub(crate) fn render(
    tera: &Tera,
    theme: &Theme,
    template: &str,
    context: &Context,
    url: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::with_capacity(16 * 1024);
    tera.render_to(template, context, &mut out).map_err(|e| {
        let mut errors = convert(&e, theme, Failure::Rendering { template, url });
        // A render stops at its first error.
        errors.swap_remove(0)
    })?;
    Ok(out)
}

/// When a template failed.
#[derive(Debug, Clone, Copy)]
enum Failure<'a> {
    /// While the theme's templates were parsed and checked, before any page.
    Loading,
    /// While `template` was rendered for the page at `url`.
    Rendering { template: &'a str, url: &'a str },
}

/// One error of tera's as found in its message: tera reports unknown filters, functions and
/// blocks as text (`error: Unknown filter `x`\n --> page.html:3:21 …`), several at a time.
#[derive(Debug, PartialEq, Eq)]
struct TextReport {
    message: String,
    template: String,
    line: usize,
    /// 1-based, in characters.
    column: usize,
    width: usize,
}

/// The reports in a tera message, or none when it is not made of reports.
fn text_reports(text: &str) -> Vec<TextReport> {
    let mut reports = Vec::new();
    for block in text.split("\n\nerror: ") {
        let block = block.strip_prefix("error: ").unwrap_or(block);
        let mut lines = block.lines();
        let (Some(message), Some(locus)) = (lines.next(), lines.next()) else { continue };
        let Some(locus) = locus.trim_start().strip_prefix("--> ") else { continue };
        let mut parts = locus.rsplitn(3, ':');
        let (Some(column), Some(line), Some(template)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else { continue };
        let width = lines.nth(2).map_or(1, |underline| underline.matches('^').count().max(1));
        reports.push(TextReport { message: message.to_string(), template: template.to_string(), line, column, width });
    }
    reports
}

/// The byte range of `width` characters from 1-based `line` and `column` in `text`.
fn range_at(text: &str, line: usize, column: usize, width: usize) -> std::ops::Range<usize> {
    let line_start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    let offset = |chars: usize| rest.char_indices().nth(chars).map_or(rest.len(), |(i, _)| i);
    let start = offset(column.saturating_sub(1));
    line_start + start..line_start + offset(column.saturating_sub(1) + width).max(start)
}

/// What a user is told about a template in `theme` that failed: the template file (its
/// origin on disk, or the built-in theme), the line and column where tera gives them, the
/// page that was being rendered (or the pages that will not be built), and how to fix it.
fn convert(error: &tera::Error, theme: &Theme, failure: Failure<'_>) -> Vec<Diagnostic> {
    let templates = &theme.templates;
    let file_of = |name: &str| {
        templates
            .get(name)
            .map_or_else(|| format!("themes/{}/templates/{name}", theme.name).into(), |t| t.origin.clone())
    };
    let explain = |name: &str, message: &str| -> (String, String) {
        let message = match failure {
            Failure::Rendering { url, .. } => format!("while rendering `{url}`: {message}"),
            Failure::Loading => format!("{message} ({})", pages_of(name)),
        };
        let help = help_for(templates.get(name), &message);
        (message, help)
    };
    let at = |d: Diagnostic, name: &str, line: usize, column: usize, width: usize| match templates.get(name) {
        Some(t) => d.at(&t.text, range_at(&t.text, line, column, width)),
        None => d,
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            // A report without a file name is about the template being rendered.
            let name = match (report.filename(), failure) {
                ("", Failure::Rendering { template, .. }) => template,
                (name, _) => name,
            };
            let mut text = report.message().to_string();
            if let Some(cause) = std::error::Error::source(error) {
                text.push_str(&format!(": {cause}"));
            }
            let (message, help) = explain(name, &text);
            let d = Diagnostic::error("E060", file_of(name), message).with_help(help);
            vec![match templates.get(name) {
                Some(t) => d.at(&t.text, report.span().range.clone()),
                None => d,
            }]
        }
        ErrorKind::Msg(text) if !text_reports(text).is_empty() => text_reports(text)
            .into_iter()
            .map(|r| {
                let (message, help) = explain(&r.template, &r.message);
                at(
                    Diagnostic::error("E060", file_of(&r.template), message).with_help(help),
                    &r.template,
                    r.line,
                    r.column,
                    r.width,
                )
            })
            .collect(),
        other => {
            let named = match other {
                ErrorKind::MissingParent { current, .. } => Some(current.as_str()),
                ErrorKind::TemplateNotFound(name) if templates.contains_key(name) => Some(name.as_str()),
                ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => Some(tpl.as_str()),
                _ => None,
            };
            let rendered = match failure {
                Failure::Rendering { template, .. } => Some(template),
                Failure::Loading => None,
            };
            let mut text = other.to_string();
            if let Some(cause) = std::error::Error::source(error) {
                text.push_str(&format!(": {cause}"));
            }
            let (file, name) = match named.or(rendered) {
                Some(name) => (file_of(name), name),
                None => (format!("themes/{}/templates", theme.name).into(), ""),
            };
            let (message, help) = explain(name, &text);
            vec![Diagnostic::error("E060", file, message).with_help(help)]
        }
    }
}

/// Which pages a template makes, for errors found before any page is rendered.
fn pages_of(template: &str) -> &'static str {
    match template {
        "404.html" => "the template of `/404.html`",
        "home.html" => "the template of the home page",
        "briefings.html" => "the template of `/briefings/`",
        "organizations.html" => "the template of `/organizations/`",
        "topics.html" => "the template of `/topics/`",
        "timeline.html" => "the template of `/timeline/`",
        "sources.html" => "the template of `/sources/`",
        "search.html" => "the template of `/search/`",
        "briefing.html" => "the template of every briefing page",
        "organization.html" => "the template of every organization page",
        "topic.html" => "the template of every topic page",
        "page.html" => "the template of every free page",
        "" => "in the theme's templates",
        _ => "a template that page templates extend or include",
    }
}

fn help_for(template: Option<&Template>, message: &str) -> String {
    if message.contains("interface string") || message.contains("`t(key=") {
        return "fix the template: `t(key=\"…\")` takes a key of docs/strings.md, and a value for each of its \
                placeholders (`t(key=\"reading_time\", n=page.reading_minutes)`); the content is not at fault"
            .into();
    }
    let built_in = template.is_some_and(|t| t.origin.starts_with("(built-in theme)"));
    if built_in {
        return "this template comes with brief and works with the default `base.html` and partials; \
                the theme's own templates changed something it relies on: restore it, or put a copy \
                of this template in the theme and change it there"
            .into();
    }
    if message.contains("Unknown filter") || message.contains("Unknown function") || message.contains("Unknown test") {
        return "fix the template: brief's templates use tera 2's own filters, tests and functions (such as \
                `safe`, `length`, `range`); the content is not at fault"
            .into();
    }
    if message.contains("is not defined") {
        return "fix the template: test a field that may be missing first (`{% if page.x %}`), or use one \
                that the page has; the content is not at fault"
            .into();
    }
    "fix the template; the content is not at fault".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
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
        load(&Theme::built_in(), &english()).unwrap();
    }

    fn english() -> Arc<Interface> {
        Arc::new(Interface::english())
    }

    #[test]
    fn every_syntax_error_is_reported_with_its_file_and_line() {
        let errors =
            load(&theme(&[("page.html", "ok\n{{ page.title"), ("topic.html", "{% if %}")]), &english()).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].file, PathBuf::from("themes/t/templates/page.html"));
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn rendering_errors_name_the_template_and_the_page() {
        let t = theme(&[("page.html", "<p>\n{{ page.nope.deeper }}</p>")]);
        let tera = load(&t, &english()).unwrap();
        let mut context = Context::new();
        context.insert("page", &BTreeMap::from([("title", "x")]));
        let e = render(&tera, &t, "page.html", &context, "/about/").unwrap_err();
        assert_eq!(e.file, PathBuf::from("themes/t/templates/page.html"));
        assert!(e.message.starts_with("while rendering `/about/`: "), "{}", e.message);
        assert_eq!(e.location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn unknown_filters_and_functions_are_each_reported_at_their_line_and_column() {
        let errors = load(
            &theme(&[
                (
                    "page.html",
                    "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | shout }}\n{% endblock main %}",
                ),
                ("404.html", "<p>\n  é {{ nope() }}</p>"),
            ]),
            &english(),
        )
        .unwrap_err();
        let found: Vec<_> = errors
            .iter()
            .map(|e| {
                let l = e.location.as_ref().unwrap();
                (e.file.to_string_lossy().into_owned(), l.line, l.column, l.len)
            })
            .collect();
        assert_eq!(
            found,
            [("themes/t/templates/404.html".into(), 2, 8, 6), ("themes/t/templates/page.html".into(), 3, 17, 5)]
        );
        assert!(errors[0].message.starts_with("Unknown function `nope`"), "{}", errors[0].message);
        assert!(errors.iter().all(|e| e.help.is_some()));
    }

    #[test]
    fn reports_in_tera_messages_are_read_whole() {
        let text = "error: Unknown filter `a`\n --> x.html:3:21\n  |\n3 | <h1>{{ t | a }}</h1>\n  |            ^\n\n\
                    error: Unknown function `b`\n   --> partials/y.html:12:4\n    |\n12 | {{ b() }}\n    |    ^^^";
        let reports = text_reports(text);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[1].template, "partials/y.html");
        assert_eq!((reports[1].line, reports[1].column, reports[1].width), (12, 4, 3));
        assert!(text_reports("Component `c` is defined in both `a` and `b`").is_empty());
    }

    #[test]
    fn line_and_column_become_a_byte_range() {
        let text = "ab\nçd{{ x }}\n";
        assert_eq!(&text[range_at(text, 2, 3, 2)], "{{");
        assert_eq!(range_at(text, 9, 9, 1), text.len()..text.len());
    }
}
