//! A running `brief serve` for tests: started on a free port, stopped when dropped, with a raw
//! HTTP client that sends request lines exactly as written (so `/../` reaches the server).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use super::launch::{Brief, Running};

/// A preview server running on a site.
pub(crate) struct Preview {
    server: Running,
    pub port: u16,
}

impl Preview {
    /// Starts `brief serve --root ROOT --port 0 EXTRA…` and waits until it listens.
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Preview {
        Preview::started(Preview::command(root, extra))
    }

    /// [`Preview::start`] with the server's soft and hard limits on open files lowered to
    /// `soft` and `hard`.
    pub(crate) fn start_with_file_limits(root: &Path, extra: &[&str], soft: u64, hard: u64) -> Preview {
        Preview::started(Preview::command(root, extra).file_limits(soft, hard))
    }

    fn command(root: &Path, extra: &[&str]) -> Brief {
        let mut args = vec!["serve".as_ref(), "--root".as_ref(), root.as_os_str(), "--port".as_ref(), "0".as_ref()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        Brief::new(&args)
    }

    fn started(command: Brief) -> Preview {
        let server = command.spawn();
        // What it prints from here on is what the test waits for.
        server.next_line_with(" at http://", Duration::from_secs(60));
        let port = server.port();
        Preview { server, port }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub(crate) fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `GET path` with a correct Host.
    pub(crate) fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[("Host", &self.host())])
    }

    /// Sends `METHOD PATH HTTP/1.1` with `headers` exactly as given and reads the reply.
    pub(crate) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut raw = format!("{method} {path} HTTP/1.1\r\n");
        for (name, value) in headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str("Connection: close\r\n\r\n");
        self.send_raw(raw.as_bytes())
    }

    /// Sends `bytes` and reads the reply until the server closes the connection.
    pub(crate) fn send_raw(&self, bytes: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        stream.write_all(bytes).expect("send");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        Reply::parse(&response)
    }

    /// Waits until the server prints a line containing `text` (a rebuild, say) that no earlier
    /// wait has seen.
    pub(crate) fn wait_for_output(&self, text: &str, timeout: Duration) -> String {
        self.server.next_line_with(text, timeout)
    }

    /// Lines printed since the last wait, without waiting.
    pub(crate) fn drain_output(&self) -> Vec<String> {
        self.server.drain()
    }

    pub(crate) fn pid(&self) -> u32 {
        self.server.pid()
    }

    /// The server's resident memory in KiB (Linux), from `/proc/PID/status`.
    pub(crate) fn resident_kib(&self) -> Option<u64> {
        resident_kib(self.pid())
    }

    /// Whether the process is still running.
    pub(crate) fn is_running(&mut self) -> bool {
        self.server.is_running()
    }

    /// The process, to stop it yourself.
    pub(crate) fn server(&mut self) -> &mut Running {
        &mut self.server
    }
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut body = raw.get(split + 4..).unwrap_or_default().to_vec();
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked")) {
            body = dechunk(&body);
        }
        Reply { status, headers, body }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = body.get(start + size + 2..).unwrap_or_default();
    }
    out
}

/// The resident memory of process `pid` in KiB (Linux), from `/proc/PID/status`.
pub(crate) fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
