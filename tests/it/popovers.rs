//! Citation and note marks in a real headless Chromium: each shows its reference or note in a
//! tooltip on hover and on keyboard focus, which Escape dismisses; a mark never starts a line
//! on its own, however narrow the page; and an edit to a note shows in the preview's tooltip
//! once the page reloads. Skipped with a notice where Chromium is not installed.

use crate::common;

use std::time::Duration;

use serde_json::json;

use common::TestSite;
use common::browser::Browser;
use common::serve::Preview;

const WAIT: Duration = Duration::from_secs(20);

const SOURCES: &str = "- id: a\n  title: The Memorandum\n  publisher: Example Press\n  url: https://example.org/a\n";

/// A briefing with a citation and a note used twice, the note holding a link; an event whose
/// note has a note of its own.
pub(crate) fn site() -> TestSite {
    TestSite::new()
        .sources(SOURCES)
        .event(
            "signed",
            "2026-01-07",
            "",
            "Signed[^where], as reported [@a].\n\n[^where]: In Geneva[^when].\n\n[^when]: At noon.\n",
        )
        .briefing(
            "x",
            "summary: \"Marks and notes.\"\n",
            "The agreement was signed [@a] in the spring, as the minutes show[^minutes].\n\n\
         [^minutes]: Taken by the [secretariat](https://example.org/minutes), not published.\n\n\
         ## Later\n\nIt was read again later[^minutes].\n",
        )
}

/// The centre of the first element matching `selector`, in the viewport, once it is scrolled
/// there (at once: the theme scrolls smoothly, and a point taken mid-scroll misses).
pub(crate) fn centre(browser: &mut Browser, selector: &str) -> (f64, f64) {
    let at = browser.eval(&format!(
        "(() => {{ const e = document.querySelector({selector:?}); \
         e.scrollIntoView({{ block: 'center', behavior: 'instant' }}); \
         const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
    ));
    (at[0].as_f64().expect("x"), at[1].as_f64().expect("y"))
}

fn move_mouse(browser: &mut Browser, (x, y): (f64, f64)) {
    browser.call("Input.dispatchMouseEvent", json!({ "type": "mouseMoved", "x": x, "y": y }));
}

fn press(browser: &mut Browser, key: &str, code: i64) {
    for kind in ["rawKeyDown", "keyUp"] {
        browser.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code }),
        );
    }
}

/// Presses Tab until the element matching `selector` has the focus.
pub(crate) fn tab_to(browser: &mut Browser, selector: &str) {
    for _ in 0..80 {
        if browser.eval(&format!("document.activeElement === document.querySelector({selector:?})")) == json!(true) {
            return;
        }
        press(browser, "Tab", 9);
    }
    panic!("Tab never reached {selector}");
}

const OPEN: &str = "document.querySelector('.popover[role=tooltip]') !== null";

#[test]
fn a_citation_mark_shows_its_reference_on_hover() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/x/"));
    let mark = centre(&mut browser, ".citation a");
    move_mouse(&mut browser, mark);
    assert!(browser.wait_for(OPEN, WAIT), "no tooltip on hover");
    let text = browser.eval("document.querySelector('.popover').innerText");
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("The Memorandum") && text.contains("Example Press"), "{text}");
    assert!(!text.contains("All citations"), "the tooltip holds the reference, not its links: {text}");
    assert_eq!(
        browser.eval("document.querySelector('.citation a').getAttribute('aria-describedby')"),
        json!("mark-popover")
    );
    // The tooltip stays while the pointer moves onto it, and goes once it leaves both.
    let tooltip = centre(&mut browser, ".popover");
    move_mouse(&mut browser, tooltip);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(browser.eval(OPEN), json!(true), "the tooltip closed under the pointer");
    move_mouse(&mut browser, (5.0, 5.0));
    assert!(browser.wait_for(&format!("!({OPEN})"), WAIT), "the tooltip stayed after the pointer left");
    assert_eq!(browser.eval("document.querySelector('.citation a').hasAttribute('aria-describedby')"), json!(false));
}

#[test]
fn a_note_mark_shows_its_note_on_keyboard_focus_and_escape_dismisses_it() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/x/"));
    tab_to(&mut browser, "sup.note-ref a");
    assert!(browser.wait_for(OPEN, WAIT), "no tooltip on focus");
    let text = browser.eval("document.querySelector('.popover').innerText");
    assert!(text.as_str().unwrap_or_default().contains("Taken by the secretariat, not published."), "{text}");
    // A copy adds no id to the page and no stop to the Tab order, and leaves the links back out.
    assert_eq!(browser.eval("document.querySelectorAll('.popover [id]').length"), json!(0));
    assert_eq!(browser.eval("[...document.querySelectorAll('.popover a')].every(a => a.tabIndex === -1)"), json!(true));
    assert_eq!(browser.eval("document.querySelectorAll('.popover .note-back').length"), json!(0));
    press(&mut browser, "Escape", 27);
    assert!(browser.wait_for(&format!("!({OPEN})"), WAIT), "Escape left the tooltip open");
    assert_eq!(
        browser.eval("document.activeElement === document.querySelector('sup.note-ref a')"),
        json!(true),
        "Escape moved the focus"
    );
    // Moving on closes it too; the next mark opens its own.
    press(&mut browser, "Tab", 9);
    tab_to(&mut browser, "#noteref_1_2");
    assert!(browser.wait_for(OPEN, WAIT), "no tooltip on the second mark");
    assert_eq!(browser.eval("document.querySelectorAll('.popover').length"), json!(1));
}

#[test]
fn no_mark_starts_a_line_at_a_narrow_width() {
    let Some(mut browser) = Browser::launch_sized(320, 800) else { return };
    // Each paragraph a letter longer than the last, so that the end of some line falls just
    // where a mark would no longer fit after its word.
    let paragraphs: String = (0..80)
        .map(|i| format!("A{} claimed [@a], then noted{} [^n] the rest.\n\n", "a".repeat(i % 40), "o".repeat(i / 40)))
        .collect();
    let site = TestSite::new().sources(SOURCES).briefing("narrow", "", &format!("{paragraphs}[^n]: N.\n"));
    let preview = Preview::start(site.root(), &[]);
    browser.viewport(320, 800);
    browser.open(&preview.url("/briefings/narrow/"));
    // A mark starting a line stands at the paragraph's left edge, below the word before it (a
    // citation in the line may wrap inside itself, but its start keeps to the word).
    let apart = browser.eval(
        "[...document.querySelectorAll('.prose > p')].flatMap(p => { \
           const left = p.getBoundingClientRect().left; \
           return [...p.querySelectorAll('.citation, sup.note-ref')].filter(sup => { \
             const before = sup.previousSibling, r = document.createRange(); \
             r.setStart(before, before.length - 1); r.setEnd(before, before.length); \
             const letter = r.getBoundingClientRect(), mark = sup.getClientRects()[0]; \
             return mark.left - left < 2 || mark.top >= letter.bottom; }); }).length",
    );
    let marks = browser.eval("document.querySelectorAll('.prose > p .citation, .prose > p sup.note-ref').length");
    assert_eq!(marks, json!(160));
    assert_eq!(apart, json!(0), "of {marks} marks, some start a line");
}

#[test]
fn an_edited_note_shows_in_the_preview_after_the_reload() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/x/"));
    let path = "content/briefings/x.md";
    let text = std::fs::read_to_string(site.path(path)).expect("the briefing");
    site.write(path, text.replace("not published.", "published in 2027.").as_bytes());
    // The new page's text shows while it is parsed, before its deferred script has run: the
    // pointer must arrive once the page is complete, or no listener sees it come.
    assert!(browser.wait_for(
        "document.body.innerText.includes('published in 2027.') && document.readyState === 'complete'",
        WAIT
    ));
    let mark = centre(&mut browser, "sup.note-ref a");
    move_mouse(&mut browser, mark);
    assert!(browser.wait_for(OPEN, WAIT), "no tooltip after the reload");
    let shown = browser.eval("document.querySelector('.popover').innerText");
    assert!(shown.as_str().unwrap_or_default().contains("published in 2027."), "{shown}");
}
