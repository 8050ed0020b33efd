//! `brief serve`: the live-reload preview.
//!
//! Takes: the preview's flags. Gives: [`crate::serve::run`] until interrupted; exit 2 when
//! there is no site or the port cannot be had, 1 when watching fails.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, USAGE_ERROR, fail};
use crate::serve::{self, ServeError, ServeOptions};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site's folder: the one holding content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The port to listen on; if it is taken, the next free one is used (0: any free port)
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// The address to listen on. Anything but a loopback address makes the preview reachable from the network
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub(crate) bind: IpAddr,
    /// Include content marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Open the preview in the default browser
    #[arg(long)]
    pub(crate) open: bool,
    /// Poll for changes instead of relying on the system's file events (network file systems)
    #[arg(long)]
    pub(crate) poll: bool,
    /// How long files must be quiet after a change before rebuilding, in milliseconds.
    /// Editors finish a save within a few milliseconds; raise it if a tool writes files slowly
    #[arg(long, value_name = "MS", default_value_t = 50)]
    pub(crate) debounce: u64,
}

impl ServeArgs {
    pub(crate) fn run(self) -> u8 {
        if !self.root.join("content").is_dir() {
            let problem = crate::load::missing_content(&self.root);
            return fail(
                USAGE_ERROR,
                format!("{} (in `{}`)", problem.message, self.root.display()),
                problem.help.as_deref(),
            );
        }
        let options = ServeOptions {
            root: self.root,
            bind: self.bind,
            port: self.port,
            drafts: self.drafts,
            open: self.open,
            poll: self.poll,
            debounce: Duration::from_millis(self.debounce),
        };
        match serve::run(options) {
            Ok(()) => SUCCESS,
            Err(e @ ServeError::Bind(_)) => fail(USAGE_ERROR, e, Some("choose another port with --port")),
            Err(e) => fail(CONTENT_ERROR, e, Some("try --poll")),
        }
    }
}
