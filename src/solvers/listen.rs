//! Listening sockets for the built-in responders (standalone http-01, tls-alpn-01): bound before
//! any order is placed so a busy port fails early, served on a background thread, and closed
//! (the thread joined) at cleanup.

use anyhow::{Result, anyhow};
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::usage;

/// How long the accept loop sleeps when nobody is connecting; also the most `stop` waits.
const ACCEPT_POLL: Duration = Duration::from_millis(20);
/// Connections served at once; more are closed at once (a validation needs a handful).
const MAX_CONNECTIONS: usize = 64;
/// Per-connection read and write timeout.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a responder listens: `address` None means every address (IPv6 and IPv4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListenAddr {
    pub address: Option<IpAddr>,
    pub port: u16,
}

impl std::fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.address {
            Some(ip) => write!(f, "{}", SocketAddr::new(ip, self.port)),
            None => write!(f, "port {} (all addresses)", self.port),
        }
    }
}

/// Binds `addr`. For "all addresses" an IPv6 wildcard socket (which also takes IPv4 on Linux's
/// default `bindv6only = 0`) is tried first, then IPv4 alone where IPv6 is unavailable. The error
/// names the address and port and says what to do.
pub fn bind(addr: ListenAddr, flag: &str) -> Result<TcpListener> {
    let try_bind = |ip: IpAddr| {
        let sa = SocketAddr::new(ip, addr.port);
        TcpListener::bind(sa).map_err(|e| (sa, e))
    };
    let bound = match addr.address {
        Some(ip) => try_bind(ip),
        None => match try_bind(IpAddr::V6(Ipv6Addr::UNSPECIFIED)) {
            Err((_, e))
                if matches!(
                    e.kind(),
                    ErrorKind::AddrNotAvailable | ErrorKind::Unsupported
                ) || e.raw_os_error() == Some(libc::EAFNOSUPPORT) =>
            {
                try_bind(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
            }
            other => other,
        },
    };
    bound.map_err(|(sa, e)| bind_error(sa, &e, flag))
}

fn bind_error(sa: SocketAddr, e: &std::io::Error, flag: &str) -> anyhow::Error {
    match e.kind() {
        ErrorKind::AddrInUse => anyhow!(
            "cannot listen on {sa}: the address is already in use (a web server?); stop it while \
             the certificate is issued, choose another port with {flag}, or use --webroot"
        ),
        ErrorKind::PermissionDenied => usage(format!(
            "cannot listen on {sa}: permission denied; ports below 1024 need root or \
             CAP_NET_BIND_SERVICE, or forward the port to one above 1024 and pass it with {flag}"
        )),
        ErrorKind::AddrNotAvailable => usage(format!(
            "cannot listen on {sa}: this host has no such address; check the address option"
        )),
        _ => anyhow!("cannot listen on {sa}: {e}"),
    }
}

/// A listener being served on a background thread until [`Serving::stop`].
pub struct Serving {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Serving {
    /// Accepts connections on `listener` and hands each to `handle` on its own thread (at most
    /// [`MAX_CONNECTIONS`] at once), with read and write timeouts set.
    pub fn start<F>(listener: TcpListener, handle: F) -> Result<Serving>
    where
        F: Fn(TcpStream) + Send + Sync + 'static,
    {
        listener.set_nonblocking(true)?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = Arc::new(handle);
        let active = Arc::new(AtomicUsize::new(0));
        let thread = std::thread::Builder::new()
            .name("acme-responder".into())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                                continue; // dropped: closed at once
                            }
                            let ready = stream.set_nonblocking(false).is_ok()
                                && stream.set_read_timeout(Some(IO_TIMEOUT)).is_ok()
                                && stream.set_write_timeout(Some(IO_TIMEOUT)).is_ok();
                            if !ready {
                                continue;
                            }
                            let (handle, active) = (handle.clone(), active.clone());
                            active.fetch_add(1, Ordering::SeqCst);
                            let spawned = std::thread::Builder::new()
                                .name("acme-responder-conn".into())
                                .spawn({
                                    let active = active.clone();
                                    move || {
                                        handle(stream);
                                        active.fetch_sub(1, Ordering::SeqCst);
                                    }
                                });
                            if spawned.is_err() {
                                active.fetch_sub(1, Ordering::SeqCst);
                            }
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {
                            std::thread::sleep(ACCEPT_POLL)
                        }
                        Err(_) => std::thread::sleep(ACCEPT_POLL),
                    }
                }
                // `listener` is dropped here: the port is closed once `stop` returns.
            })?;
        Ok(Serving {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops accepting, closes the port and waits for the accept thread. Connections already
    /// accepted finish on their own within [`IO_TIMEOUT`].
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.stop();
    }
}
