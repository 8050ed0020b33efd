//! The one way the tests start the `brief` binary: [`Brief`] sets it up (arguments, folder,
//! environment, limits), then either [`Brief::run`]s it to the end or [`Brief::spawn`]s it
//! to talk to while it runs (`brief serve`), keeping every line it prints.
//!
//! Every run gets `NO_COLOR=1` and no `GITHUB_ACTIONS`, so what it prints does not depend on
//! the terminal or on where the tests run; a test may set either again.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a run to the end may take: a hang is a failure, not a wait.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// `brief ARGS`, ready to start.
pub(crate) struct Brief {
    command: Command,
    /// The arguments, for messages.
    args: Vec<String>,
}

/// What a run of `brief` printed and returned.
#[derive(Debug)]
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Brief {
    pub(crate) fn new<S: AsRef<OsStr>>(args: &[S]) -> Brief {
        let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
        command.args(args).env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
        let args = args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect();
        Brief { command, args }
    }

    /// Runs it in `dir` (relative paths in the arguments are taken from there).
    pub(crate) fn in_dir(mut self, dir: &Path) -> Brief {
        self.command.current_dir(dir);
        self
    }

    pub(crate) fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Brief {
        self.command.env(key, value);
        self
    }

    /// Lowers the process's soft and hard limits on open files to `soft` and `hard` (in the
    /// child only, so the test runner keeps its own): a shell sets them, then becomes `brief`
    /// (same process, so its id and its limits are the server's), so they hold from its start.
    pub(crate) fn file_limits(mut self, soft: u64, hard: u64) -> Brief {
        let mut shell = Command::new("sh");
        // The soft limit first: the hard one may not go below it.
        let script = format!("ulimit -S -n {soft} && ulimit -H -n {hard} && exec \"$@\"");
        shell.arg("-c").arg(script).arg("sh").arg(self.command.get_program()).args(self.command.get_args());
        for (key, value) in self.command.get_envs() {
            match value {
                Some(value) => shell.env(key, value),
                None => shell.env_remove(key),
            };
        }
        if let Some(dir) = self.command.get_current_dir() {
            shell.current_dir(dir);
        }
        self.command = shell;
        self
    }

    /// Runs it to the end and gives what it printed, killing it if it runs for more than a
    /// minute.
    pub(crate) fn run(mut self) -> Run {
        let mut child = self.start();
        // Read on threads of their own, so a full pipe never stops the child.
        let read = |stream: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = BufReader::new(stream).read_to_end(&mut bytes);
                String::from_utf8_lossy(&bytes).into_owned()
            })
        };
        let stdout = read(Box::new(child.stdout.take().expect("stdout")));
        let stderr = read(Box::new(child.stderr.take().expect("stderr")));
        let status = wait_with_limit(&mut child, RUN_LIMIT)
            .unwrap_or_else(|| panic!("brief {:?} did not finish within {RUN_LIMIT:?}", self.args));
        Run {
            code: status.code().unwrap_or(-1),
            stdout: stdout.join().expect("the standard output reader"),
            stderr: stderr.join().expect("the standard error reader"),
        }
    }

    /// Starts it and keeps every line it prints, for a test to wait for; it is killed when
    /// the [`Running`] is dropped.
    pub(crate) fn spawn(mut self) -> Running {
        let mut child = self.start();
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for (pipe, stream) in
            [(Pipe::Stdout, Box::new(stdout) as Box<dyn Read + Send>), (Pipe::Stderr, Box::new(stderr))]
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send((pipe, line)).is_err() {
                        return;
                    }
                }
            });
        }
        let printed = Printed { lines, seen: Vec::new(), read: 0 };
        Running { child, printed: Mutex::new(printed), args: self.args }
    }

    /// Starts the process with its output piped to this one.
    fn start(&mut self) -> Child {
        self.command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start brief {:?}: {e}", self.args))
    }
}

impl Run {
    /// Panics with the output unless the run exited with `code`.
    pub(crate) fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    pub(crate) fn expect_success(&self) -> &Run {
        self.expect_code(0)
    }

    /// Asserts standard error contains `text`.
    pub(crate) fn expect_stderr(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{}", self.stderr);
        self
    }

    pub(crate) fn expect_stdout(&self, text: &str) -> &Run {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}:\n{}", self.stdout);
        self
    }
}

/// Which pipe a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pipe {
    Stdout,
    Stderr,
}

/// A `brief` process that is running, with what it has printed so far.
pub(crate) struct Running {
    child: Child,
    printed: Mutex<Printed>,
    args: Vec<String>,
}

/// The lines a process printed: those read so far, and the ones still on their way.
struct Printed {
    lines: Receiver<(Pipe, String)>,
    /// Every line read off the pipes, in the order read.
    seen: Vec<(Pipe, String)>,
    /// How many of `seen` [`Running::next_line_with`] and [`Running::drain`] have passed.
    read: usize,
}

impl Printed {
    /// Reads lines until one after index `from` contains `text`; gives its index.
    fn find_from(&mut self, from: usize, text: &str, timeout: Duration) -> Option<usize> {
        if let Some(i) = self.seen.iter().skip(from).position(|(_, l)| l.contains(text)) {
            return Some(from + i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let line = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())).ok()?;
            let found = line.1.contains(text);
            self.seen.push(line);
            if found {
                return Some(self.seen.len() - 1);
            }
        }
    }
}

impl Running {
    fn printed(&self) -> std::sync::MutexGuard<'_, Printed> {
        self.printed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The first line it printed, at any time, that contains `text`, waiting up to `timeout`
    /// for it.
    pub(crate) fn printed_line(&self, text: &str, timeout: Duration) -> (Pipe, String) {
        let mut printed = self.printed();
        match printed.find_from(0, text, timeout) {
            Some(i) => printed.seen[i].clone(),
            None => panic!("brief {:?} never printed {text:?}; it printed:\n{}", self.args, transcript(&printed.seen)),
        }
    }

    /// The next line containing `text` that no earlier call passed (a second rebuild after
    /// the first, say), waiting up to `timeout` for it.
    pub(crate) fn next_line_with(&self, text: &str, timeout: Duration) -> String {
        let mut printed = self.printed();
        let from = printed.read;
        match printed.find_from(from, text, timeout) {
            Some(i) => {
                printed.read = i + 1;
                printed.seen[i].1.clone()
            }
            None => panic!("brief {:?} never printed {text:?}; it printed:\n{}", self.args, transcript(&printed.seen)),
        }
    }

    /// The lines printed since the last [`Running::next_line_with`] or `drain`, without waiting.
    pub(crate) fn drain(&self) -> Vec<String> {
        let mut printed = self.printed();
        while let Ok(line) = printed.lines.try_recv() {
            printed.seen.push(line);
        }
        let from = printed.read;
        printed.read = printed.seen.len();
        printed.seen[from..].iter().map(|(_, l)| l.clone()).collect()
    }

    /// Every line printed so far, with its pipe.
    pub(crate) fn lines(&self) -> Vec<(Pipe, String)> {
        let mut printed = self.printed();
        while let Ok(line) = printed.lines.try_recv() {
            printed.seen.push(line);
        }
        printed.seen.clone()
    }

    /// Every line printed so far, for messages.
    pub(crate) fn transcript(&self) -> String {
        transcript(&self.lines())
    }

    /// The port in the `… at http://HOST:PORT/` line `brief serve` prints once it listens.
    pub(crate) fn port(&self) -> u16 {
        let (_, line) = self.printed_line(" at http://", RUN_LIMIT);
        let url = line.split(" at http://").nth(1).expect("a URL");
        url.trim_end_matches('/').rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port in the URL")
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub(crate) fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    pub(crate) fn interrupt(&self) {
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32).expect("a process id");
        rustix::process::kill_process(pid, rustix::process::Signal::INT).expect("send SIGINT");
    }

    /// Waits for the process to end; kills it and fails if that takes longer than `timeout`.
    pub(crate) fn wait_for_exit(&mut self, timeout: Duration) -> ExitStatus {
        wait_with_limit(&mut self.child, timeout)
            .unwrap_or_else(|| panic!("brief {:?} was still running after {timeout:?}", self.args))
    }

    /// Stops the process and gives every line it printed.
    pub(crate) fn finish(mut self) -> Vec<(Pipe, String)> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut printed = self.printed();
        let deadline = Instant::now() + RUN_LIMIT;
        // The pipes close with the process, which ends the reader threads and the channel.
        while let Ok(line) = printed.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            printed.seen.push(line);
        }
        std::mem::take(&mut printed.seen)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn transcript(lines: &[(Pipe, String)]) -> String {
    lines.iter().map(|(p, l)| format!("{p:?}: {l}")).collect::<Vec<_>>().join("\n")
}

/// Waits for `child` to end, or kills it once `limit` has passed (then `None`).
fn wait_with_limit(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait for brief") {
            return Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
