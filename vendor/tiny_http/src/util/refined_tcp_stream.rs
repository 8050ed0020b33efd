use std::io::Result as IoResult;
use std::io::{Error as IoError, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::connection::Connection;
#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use crate::ssl::SslStream;

pub(crate) enum Stream {
    Http(Connection),
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    Https(SslStream),
}

impl Stream {
    // brief: cloning takes a file descriptor, which may run out (EMFILE): an error, not a panic.
    fn try_clone(&self) -> IoResult<Self> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.try_clone().map(Stream::Http),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => Ok(Stream::Https(ssl_stream.clone())),
        }
    }

    fn set_read_timeout(&self, timeout: Option<Duration>) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.set_read_timeout(timeout),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => Ok(()),
        }
    }
}

impl From<Connection> for Stream {
    fn from(tcp_stream: Connection) -> Self {
        Stream::Http(tcp_stream)
    }
}

impl Stream {
    fn secure(&self) -> bool {
        match self {
            Stream::Http(_) => false,
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => true,
        }
    }

    fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.peer_addr(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.peer_addr(),
        }
    }

    fn shutdown(&mut self, how: Shutdown) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.shutdown(how),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.shutdown(how),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.read(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.write(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.write(buf),
        }
    }

    fn flush(&mut self) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.flush(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.flush(),
        }
    }
}

pub struct RefinedTcpStream {
    stream: Stream,
    close_read: bool,
    close_write: bool,
    // brief: the connection's place among the open ones and its read deadlines
    state: Arc<ConnectionState>,
    // brief: the read timeout last set on the socket
    applied_timeout: Option<Duration>,
}

/// brief: what both halves of one connection share: its place among the open connections
/// (given back when both halves are gone) and how long a read may wait.
pub(crate) struct ConnectionState {
    open: Arc<AtomicUsize>,
    /// How long to wait for a request to start.
    idle_timeout: Option<Duration>,
    /// How long a request's head may take once it has started.
    head_timeout: Option<Duration>,
    /// When the head being read must be complete.
    deadline: Mutex<Option<Instant>>,
}

impl ConnectionState {
    pub(crate) fn new(
        open: Arc<AtomicUsize>,
        idle_timeout: Option<Duration>,
        head_timeout: Option<Duration>,
    ) -> ConnectionState {
        open.fetch_add(1, Ordering::SeqCst);
        ConnectionState {
            open,
            idle_timeout,
            head_timeout,
            deadline: Mutex::new(None),
        }
    }

    /// A request's first byte arrived: its head must be complete within the head timeout.
    pub(crate) fn head_started(&self) {
        if let Some(timeout) = self.head_timeout {
            self.set_deadline(Some(Instant::now() + timeout));
        }
    }

    /// Reads from now on must end by `deadline`; `None` goes back to the idle timeout.
    pub(crate) fn set_deadline(&self, deadline: Option<Instant>) {
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) = deadline;
    }

    /// The timeout for the next read, or an error if the deadline has passed.
    fn read_timeout(&self) -> IoResult<Option<Duration>> {
        let deadline = *self.deadline.lock().unwrap_or_else(|e| e.into_inner());
        match deadline {
            None => Ok(self.idle_timeout),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(IoError::new(ErrorKind::TimedOut, "the request took too long"));
                }
                Ok(Some(self.idle_timeout.map_or(left, |idle| idle.min(left))))
            }
        }
    }
}

impl Drop for ConnectionState {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

impl RefinedTcpStream {
    /// brief: on an error (no file descriptor left for the second half) the stream is given
    /// back, so that the caller can still answer on it before closing it.
    pub(crate) fn new<S>(
        stream: S,
        state: Arc<ConnectionState>,
    ) -> Result<(RefinedTcpStream, RefinedTcpStream), (IoError, Stream)>
    where
        S: Into<Stream>,
    {
        let stream: Stream = stream.into();

        let read = match stream.try_clone() {
            Ok(read) => read,
            Err(e) => return Err((e, stream)),
        };
        let (read, write) = (read, stream);

        let read = RefinedTcpStream {
            stream: read,
            close_read: true,
            close_write: false,
            state: state.clone(),
            applied_timeout: None,
        };

        let write = RefinedTcpStream {
            stream: write,
            close_read: false,
            close_write: true,
            state,
            applied_timeout: None,
        };

        Ok((read, write))
    }

    pub(crate) fn state(&self) -> Arc<ConnectionState> {
        self.state.clone()
    }

    /// Returns true if this struct wraps around a secure connection.
    #[inline]
    pub(crate) fn secure(&self) -> bool {
        self.stream.secure()
    }

    pub(crate) fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        self.stream.peer_addr()
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        // brief: no read waits longer than the idle timeout or past the head's deadline.
        let timeout = self.state.read_timeout()?;
        if timeout != self.applied_timeout {
            self.stream.set_read_timeout(timeout)?;
            self.applied_timeout = timeout;
        }
        self.stream.read(buf).map_err(timed_out)
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        // brief: a write that failed (or timed out) left a response half sent: the connection
        // cannot be used again, so it is closed, which also ends the reading of requests.
        self.stream.write(buf).map_err(|e| {
            self.stream.shutdown(Shutdown::Both).ok();
            timed_out(e)
        })
    }

    fn flush(&mut self) -> IoResult<()> {
        self.stream.flush()
    }
}

/// brief: a socket timeout shows as `WouldBlock` on Unix; it is a timeout.
fn timed_out(e: IoError) -> IoError {
    if e.kind() == ErrorKind::WouldBlock {
        IoError::new(ErrorKind::TimedOut, e)
    } else {
        e
    }
}
