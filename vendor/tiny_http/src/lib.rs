// brief: a patched copy of tiny_http 0.12.0 (crates.io), used by `brief serve` as the path
// dependency `tiny_http`. Why: the preview must answer every request or close its connection,
// whatever clients do, and 0.12.0 cannot be made to through its API:
// - its accept thread panics when a file descriptor runs out (the `unwrap` on `try_clone` in
//   util/refined_tcp_stream.rs; upstream issue tiny-http/tiny-http#195, "Panic when out of
//   file descriptors") and ends on any accept error, so one burst of connections kills the
//   server for good;
// - its task pool can leave a new connection queued with no thread to serve it: it counts
//   idle threads, and a thread woken for one task still counts as idle until it runs, so a
//   second connection accepted in that moment is queued and its notification lost; it waits
//   until some other connection closes (a request that never finishes under load);
// - sockets have no read or write timeouts and a request's head has no size cap, so a client
//   that sends slowly, sends a 200 MB header line, or never reads holds a thread for ever;
// - a connection's requests without a body are all read at once, however many are pipelined,
//   each queued with a thread waiting for its turn to write.
// What changed, each marked `brief:` where it is: `Limits` in `ServerConfig` (cap on open
// connections with a 503 past it, idle, head and write timeouts, head size cap with 431);
// accept errors are reported once through `recv` and waited out, never ending the loop; each
// connection gets its own thread (the task pool is gone) and reads its next request only once
// the last one's answer is written; a failed write closes the connection; error answers are
// flushed before closing. Everything else is upstream's code,
// deliberately left unformatted (see rustfmt.toml). Tests, examples and benches were left out.

//! # Simple usage
//!
//! ## Creating the server
//!
//! The easiest way to create a server is to call `Server::http()`.
//!
//! The `http()` function returns an `IoResult<Server>` which will return an error
//! in the case where the server creation fails (for example if the listening port is already
//! occupied).
//!
//! ```no_run
//! let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! ```
//!
//! A newly-created `Server` will immediately start listening for incoming connections and HTTP
//! requests.
//!
//! ## Receiving requests
//!
//! Calling `server.recv()` will block until the next request is available.
//! This function returns an `IoResult<Request>`, so you need to handle the possible errors.
//!
//! ```no_run
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//!
//! loop {
//!     // blocks until the next request is received
//!     let request = match server.recv() {
//!         Ok(rq) => rq,
//!         Err(e) => { println!("error: {}", e); break }
//!     };
//!
//!     // do something with the request
//!     // ...
//! }
//! ```
//!
//! In a real-case scenario, you will probably want to spawn multiple worker tasks and call
//! `server.recv()` on all of them. Like this:
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use std::thread;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! let server = Arc::new(server);
//! let mut guards = Vec::with_capacity(4);
//!
//! for _ in (0 .. 4) {
//!     let server = server.clone();
//!
//!     let guard = thread::spawn(move || {
//!         loop {
//!             let rq = server.recv().unwrap();
//!
//!             // ...
//!         }
//!     });
//!
//!     guards.push(guard);
//! }
//! ```
//!
//! If you don't want to block, you can call `server.try_recv()` instead.
//!
//! ## Handling requests
//!
//! The `Request` object returned by `server.recv()` contains informations about the client's request.
//! The most useful methods are probably `request.method()` and `request.url()` which return
//! the requested method (`GET`, `POST`, etc.) and url.
//!
//! To handle a request, you need to create a `Response` object. See the docs of this object for
//! more infos. Here is an example of creating a `Response` from a file:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! ```
//!
//! All that remains to do is call `request.respond()`:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! # let request = server.recv().unwrap();
//! # let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! let _ = request.respond(response);
//! ```
#![forbid(unsafe_code)]
#![deny(rust_2018_idioms)]
#![allow(clippy::match_like_matches_macro)]
// brief: as a path dependency its lints are not capped; these two were silent from crates.io.
#![allow(dead_code, unused_imports)]

#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use zeroize::Zeroizing;

use std::error::Error;
use std::io::Error as IoError;
use std::io::ErrorKind as IoErrorKind;
use std::io::Result as IoResult;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::io::{Read, Write};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use client::ClientConnection;
use connection::Connection;
use util::MessagesQueue;

pub use common::{HTTPVersion, Header, HeaderField, Method, StatusCode};
pub use connection::{ConfigListenAddr, ListenAddr, Listener};
pub use request::{ReadWrite, Request};
pub use response::{Response, ResponseBox};
pub use test::TestRequest;

mod client;
mod common;
mod connection;
mod request;
mod response;
mod ssl;
mod test;
mod util;

/// The main class of this library.
///
/// Destroying this object will immediately close the listening socket and the reading
///  part of all the client's connections. Requests that have already been returned by
///  the `recv()` function will not close and the responses will be transferred to the client.
pub struct Server {
    // should be false as long as the server exists
    // when set to true, all the subtasks will close within a few hundreds ms
    close: Arc<AtomicBool>,

    // queue for messages received by child threads
    messages: Arc<MessagesQueue<Message>>,

    // result of TcpListener::local_addr()
    listening_addr: ListenAddr,
}

enum Message {
    Error(IoError),
    NewRequest(Request),
}

impl From<IoError> for Message {
    fn from(e: IoError) -> Message {
        Message::Error(e)
    }
}

impl From<Request> for Message {
    fn from(rq: Request) -> Message {
        Message::NewRequest(rq)
    }
}

// this trait is to make sure that Server implements Share and Send
#[doc(hidden)]
trait MustBeShareDummy: Sync + Send {}
#[doc(hidden)]
impl MustBeShareDummy for Server {}

pub struct IncomingRequests<'a> {
    server: &'a Server,
}

/// Represents the parameters required to create a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The addresses to try to listen to.
    pub addr: ConfigListenAddr,

    /// If `Some`, then the server will use SSL to encode the communications.
    pub ssl: Option<SslConfig>,

    /// brief: what one connection may take.
    pub limits: Limits,
}

/// brief: bounds on every connection, so that no client can hold the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Most connections open at once; past it a connection gets `503` and is closed.
    pub max_connections: usize,
    /// How long a connection may wait for a request to start before it is closed.
    pub idle_timeout: Option<Duration>,
    /// How long a request's head may take once it has started (`408` past it).
    pub head_timeout: Option<Duration>,
    /// How long one write to a client may wait for it to read (the connection is closed past it).
    pub write_timeout: Option<Duration>,
    /// Most bytes of a request's line and headers together (`431` past it).
    pub max_head_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 1024,
            idle_timeout: Some(Duration::from_secs(30)),
            head_timeout: Some(Duration::from_secs(10)),
            write_timeout: Some(Duration::from_secs(10)),
            max_head_bytes: 64 * 1024,
        }
    }
}

/// brief: the text of the answer to a connection past [`Limits::max_connections`].
const BUSY: &str = "503 Service Unavailable: too many open connections; try again soon.\n";

/// brief: how long the accept loop waits before trying again after an error such as EMFILE.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// brief: how long the accept loop must go without an error before the next one is news.
/// During a shortage of file descriptors, closing idle connections frees a few at a time,
/// which are soon used up again: that is the same shortage, not a new one to report.
const ACCEPT_QUIET: Duration = Duration::from_secs(60);

/// brief: whether the accept loop is short of resources, so that it reports the shortage once.
#[derive(Default)]
struct Shortage {
    /// When the last accept error happened.
    last_error: Option<Instant>,
}

impl Shortage {
    /// Notes an error; true if it starts a shortage (and so is to be reported).
    fn error(&mut self) -> bool {
        let starts = self.last_error.is_none_or(|at| at.elapsed() >= ACCEPT_QUIET);
        self.last_error = Some(Instant::now());
        starts
    }
}

/// Configuration of the server for SSL.
#[derive(Debug, Clone)]
pub struct SslConfig {
    /// Contains the public certificate to send to clients.
    pub certificate: Vec<u8>,
    /// Contains the ultra-secret private key used to decode communications.
    pub private_key: Vec<u8>,
}

impl Server {
    /// Shortcut for a simple server on a specific address.
    #[inline]
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: None,
            limits: Limits::default(),
        })
    }

    /// Shortcut for an HTTPS server on a specific address.
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    #[inline]
    pub fn https<A>(
        addr: A,
        config: SslConfig,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: Some(config),
            limits: Limits::default(),
        })
    }

    #[cfg(unix)]
    #[inline]
    /// Shortcut for a UNIX socket server at a specific path
    pub fn http_unix(
        path: &std::path::Path,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::unix_from_path(path),
            ssl: None,
            limits: Limits::default(),
        })
    }

    /// Builds a new server that listens on the specified address.
    pub fn new(config: ServerConfig) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = config.addr.bind()?;
        Self::from_listener_with_limits(listener, config.ssl, config.limits)
    }

    /// Builds a new server using the specified TCP listener.
    ///
    /// This is useful if you've constructed TcpListener using some less usual method
    /// such as from systemd. For other cases, you probably want the `new()` function.
    pub fn from_listener<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Self::from_listener_with_limits(listener, ssl_config, Limits::default())
    }

    /// brief: [`Server::from_listener`] with `limits` on every connection.
    pub fn from_listener_with_limits<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
        limits: Limits,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = listener.into();
        // building the "close" variable
        let close_trigger = Arc::new(AtomicBool::new(false));

        // building the TcpListener
        let (server, local_addr) = {
            let local_addr = listener.local_addr()?;
            log::debug!("Server listening on {}", local_addr);
            (listener, local_addr)
        };

        // building the SSL capabilities
        #[cfg(all(feature = "ssl-openssl", feature = "ssl-rustls"))]
        compile_error!(
            "Features 'ssl-openssl' and 'ssl-rustls' must not be enabled at the same time"
        );
        #[cfg(not(any(feature = "ssl-openssl", feature = "ssl-rustls")))]
        type SslContext = ();
        #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
        type SslContext = crate::ssl::SslContextImpl;
        let ssl: Option<SslContext> = {
            match ssl_config {
                #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
                Some(config) => Some(SslContext::from_pem(
                    config.certificate,
                    Zeroizing::new(config.private_key),
                )?),
                #[cfg(not(any(feature = "ssl-openssl", feature = "ssl-rustls")))]
                Some(_) => return Err(
                    "Building a server with SSL requires enabling the `ssl` feature in tiny-http"
                        .into(),
                ),
                None => None,
            }
        };

        // creating a task where server.accept() is continuously called
        // and ClientConnection objects are pushed in the messages queue
        let messages = MessagesQueue::with_capacity(8);

        let inside_close_trigger = close_trigger.clone();
        let inside_messages = messages.clone();
        thread::spawn(move || {
            // brief: each connection gets a thread of its own, started before the next accept
            // (tiny_http's task pool could leave a connection queued with no thread to take it
            // when two arrived while a thread was waking), and the number open is capped.
            let open = Arc::new(AtomicUsize::new(0));
            // brief: an accept error is reported once (as an `Err` from `recv`) while it lasts,
            // and never ends this loop.
            let mut shortage = Shortage::default();

            log::debug!("Running accept thread");
            while !inside_close_trigger.load(Relaxed) {
                let sock = match server.accept() {
                    Ok((sock, _)) => sock,
                    Err(e) => {
                        use std::io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted};
                        // A client gone before it was accepted is not the server's problem.
                        if !matches!(e.kind(), ConnectionAborted | ConnectionReset | Interrupted) {
                            log::error!("Error accepting new client: {}", e);
                            if shortage.error() {
                                inside_messages.push(e.into());
                            }
                            // Out of file descriptors or memory: wait for some to be freed.
                            thread::sleep(ACCEPT_RETRY);
                        }
                        continue;
                    }
                };
                if open.load(Ordering::SeqCst) >= limits.max_connections {
                    refuse_busy(sock);
                    continue;
                }
                let state = Arc::new(util::refined_tcp_stream::ConnectionState::new(
                    open.clone(),
                    limits.idle_timeout,
                    limits.head_timeout,
                ));
                if sock.set_write_timeout(limits.write_timeout).is_err() {
                    continue;
                }

                let new_client = {
                    use util::RefinedTcpStream;
                    let split = match ssl {
                        None => RefinedTcpStream::new(sock, state),
                        #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
                        Some(ref ssl) => {
                            // trying to apply SSL over the connection
                            // if an error occurs, we just close the socket and resume listening
                            let sock = match ssl.accept(sock) {
                                Ok(s) => s,
                                Err(_) => continue,
                            };

                            RefinedTcpStream::new(sock, state)
                        }
                        #[cfg(not(any(feature = "ssl-openssl", feature = "ssl-rustls")))]
                        Some(ref _ssl) => unreachable!(),
                    };
                    // brief: splitting takes a second file descriptor, which may run out; the
                    // client is then told that the server is busy, on the one it has.
                    let (read_closable, write_closable) = match split {
                        Ok(halves) => halves,
                        Err((e, stream)) => {
                            log::error!("Error accepting new client: {}", e);
                            if shortage.error() {
                                inside_messages.push(e.into());
                            }
                            // Only HTTPS makes this refutable.
                            #[allow(irrefutable_let_patterns)]
                            if let util::refined_tcp_stream::Stream::Http(sock) = stream {
                                refuse_busy(sock);
                            }
                            continue;
                        }
                    };

                    ClientConnection::new(write_closable, read_closable, limits.max_head_bytes)
                };

                let messages = inside_messages.clone();
                let serve = move || {
                    let client = new_client;
                    // Synchronization is needed for HTTPS requests to avoid a deadlock
                    if client.secure() {
                        let (sender, receiver) = mpsc::channel();
                        for rq in client {
                            messages.push(rq.with_notify_sender(sender.clone()).into());
                            if receiver.recv().is_err() {
                                break;
                            }
                        }
                    } else {
                        for rq in client {
                            messages.push(rq.into());
                        }
                    }
                };
                // brief: a thread that cannot be started closes its connection (the closure
                // owning it is dropped), and is reported like an accept error.
                let spawned = thread::Builder::new()
                    .name("tiny_http connection".into())
                    .spawn(serve);
                if let Err(e) = spawned {
                    log::error!("Error starting a thread for a new client: {}", e);
                    if shortage.error() {
                        inside_messages.push(e.into());
                    }
                }
            }
            log::debug!("Terminating accept thread");
        });

        // result
        Ok(Server {
            messages,
            close: close_trigger,
            listening_addr: local_addr,
        })
    }

    /// Returns an iterator for all the incoming requests.
    ///
    /// The iterator will return `None` if the server socket is shutdown.
    #[inline]
    pub fn incoming_requests(&self) -> IncomingRequests<'_> {
        IncomingRequests { server: self }
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> ListenAddr {
        self.listening_addr.clone()
    }

    /// Returns the number of clients currently connected to the server.
    pub fn num_connections(&self) -> usize {
        unimplemented!()
        //self.requests_receiver.lock().len()
    }

    /// Blocks until an HTTP request has been submitted and returns it.
    pub fn recv(&self) -> IoResult<Request> {
        match self.messages.pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(rq),
            None => Err(IoError::new(IoErrorKind::Other, "thread unblocked")),
        }
    }

    /// Same as `recv()` but doesn't block longer than timeout
    pub fn recv_timeout(&self, timeout: Duration) -> IoResult<Option<Request>> {
        match self.messages.pop_timeout(timeout) {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Same as `recv()` but doesn't block.
    pub fn try_recv(&self) -> IoResult<Option<Request>> {
        match self.messages.try_pop() {
            Some(Message::Error(err)) => Err(err),
            Some(Message::NewRequest(rq)) => Ok(Some(rq)),
            None => Ok(None),
        }
    }

    /// Unblock thread stuck in recv() or incoming_requests().
    /// If there are several such threads, only one is unblocked.
    /// This method allows graceful shutdown of server.
    pub fn unblock(&self) {
        self.messages.unblock();
    }
}

/// brief: answers a connection past the cap with `503` and closes it, without waiting on it:
/// the write does not block, and what the client already sent is read first so that closing
/// does not reset the connection before the answer arrives.
fn refuse_busy(mut sock: Connection) {
    if sock.set_nonblocking(true).is_err() {
        return;
    }
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 2\r\nConnection: close\r\n\r\n{}",
        BUSY.len(),
        BUSY
    );
    let mut scratch = [0u8; 4096];
    // At most 16 reads: a client that keeps sending must not keep the accept loop here.
    for _ in 0..16 {
        if !matches!(sock.read(&mut scratch), Ok(n) if n > 0) {
            break;
        }
    }
    let _ = sock.write_all(answer.as_bytes());
    let _ = sock.shutdown(Shutdown::Write);
}

impl Iterator for IncomingRequests<'_> {
    type Item = Request;
    fn next(&mut self) -> Option<Request> {
        self.server.recv().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.close.store(true, Relaxed);
        // Connect briefly to ourselves to unblock the accept thread
        let maybe_stream = match &self.listening_addr {
            ListenAddr::IP(addr) => TcpStream::connect(addr).map(Connection::from),
            #[cfg(unix)]
            ListenAddr::Unix(addr) => {
                // TODO: use connect_addr when its stabilized.
                let path = addr.as_pathname().unwrap();
                std::os::unix::net::UnixStream::connect(path).map(Connection::from)
            }
        };
        if let Ok(stream) = maybe_stream {
            let _ = stream.shutdown(Shutdown::Both);
        }

        #[cfg(unix)]
        if let ListenAddr::Unix(addr) = &self.listening_addr {
            if let Some(path) = addr.as_pathname() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}
