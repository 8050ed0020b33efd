//! The preview's shared state: the last good site, the latest build's errors, and a
//! generation number that every rebuild raises, with a way to wait for the next one.
//!
//! Takes: build results from the watcher thread. Gives: snapshots to request handlers and to
//! the event streams of open pages.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::output::Output;

/// One problem of a failed build, as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ErrorView {
    /// `content/briefings/a.md:3:17`
    pub(crate) position: String,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// What the preview serves at one moment.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    /// Raised by every build, good or bad.
    pub(crate) generation: u64,
    /// The last site that built without errors; `None` until one has.
    pub(crate) output: Option<Arc<Output>>,
    /// The errors of the latest build; empty when it succeeded.
    pub(crate) errors: Vec<ErrorView>,
    /// The latest build changed only stylesheets: pages can swap them without reloading.
    pub(crate) css_only: bool,
}

/// The message each open page receives after a build.
#[derive(Debug, Serialize)]
pub(crate) struct StateMessage<'a> {
    pub(crate) generation: u64,
    pub(crate) ok: bool,
    pub(crate) css_only: bool,
    pub(crate) errors: &'a [ErrorView],
}

impl Snapshot {
    pub(crate) fn message(&self) -> StateMessage<'_> {
        StateMessage {
            generation: self.generation,
            ok: self.errors.is_empty(),
            css_only: self.css_only,
            errors: &self.errors,
        }
    }
}

#[derive(Default)]
pub(crate) struct Shared {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared::default()
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Publishes a build: a new site if it succeeded, its errors (keeping the last good site)
    /// if it failed. Wakes every waiting event stream.
    pub(crate) fn publish(&self, output: Option<Output>, diagnostics: &Diagnostics, css_only: bool) -> Arc<Snapshot> {
        let mut guard = match self.current.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let errors: Vec<ErrorView> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| ErrorView { position: d.position(), message: d.message.clone(), help: d.help.clone() })
            .collect();
        let succeeded = output.is_some();
        let next = Snapshot {
            generation: guard.generation + 1,
            output: output.map(Arc::new).or_else(|| guard.output.clone()),
            errors,
            css_only: css_only && succeeded,
        };
        *guard = Arc::new(next);
        let published = guard.clone();
        self.changed.notify_all();
        published
    }

    /// Waits until the generation is above `seen`, or `timeout` passes.
    pub(crate) fn wait_newer(&self, seen: u64, timeout: Duration) -> Option<Arc<Snapshot>> {
        let guard = match self.current.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let (guard, _) = match self.changed.wait_timeout_while(guard, timeout, |s| s.generation <= seen) {
            Ok(result) => result,
            Err(poisoned) => poisoned.into_inner(),
        };
        (guard.generation > seen).then(|| guard.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn a_failed_build_keeps_the_last_good_site_and_reports_its_errors() {
        let shared = Shared::new();
        shared.publish(Some(Output::default()), &Diagnostics::new(), false);
        let mut broken = Diagnostics::new();
        broken.push(Diagnostic::error("E042", "content/a.md", "<b>bad</b>").with_help("fix it"));
        let snap = shared.publish(None, &broken, true);
        assert_eq!(snap.generation, 2);
        assert!(snap.output.is_some());
        assert_eq!(snap.errors[0].message, "<b>bad</b>");
        assert!(!snap.css_only);
        let fixed = shared.publish(Some(Output::default()), &Diagnostics::new(), false);
        assert!(fixed.errors.is_empty());
    }

    #[test]
    fn waiting_returns_at_the_next_generation() {
        let shared = Arc::new(Shared::new());
        let waiter = {
            let shared = shared.clone();
            std::thread::spawn(move || shared.wait_newer(0, Duration::from_secs(10)).map(|s| s.generation))
        };
        std::thread::sleep(Duration::from_millis(20));
        shared.publish(Some(Output::default()), &Diagnostics::new(), false);
        assert_eq!(waiter.join().unwrap(), Some(1));
        assert!(shared.wait_newer(1, Duration::from_millis(10)).is_none());
    }
}
