//! Listening sockets for the built-in responders (standalone http-01, tls-alpn-01): bound before
//! any order is placed so a busy port fails early, served on a background thread, and closed
//! (the thread joined) at cleanup.

use anyhow::{Result, anyhow};
use std::collections::HashMap;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::cli::error::usage;

/// How long the accept loop sleeps when nobody is connecting; also the most `stop` waits.
const ACCEPT_POLL: Duration = Duration::from_millis(20);
/// Connections served at once; more are closed at once (a validation needs a handful).
const MAX_CONNECTIONS: usize = 256;
/// Connections served at once from one source address: a CA validates from several addresses
/// with a few connections each (Pebble: three), so anyone opening many idle connections
/// uses up only their own share and cannot keep the CA's validation out.
const MAX_PER_SOURCE: usize = 8;
/// How long a new connection may stay silent before it is closed: a validating CA sends its
/// request (or TLS ClientHello) at once; an idle or trickling connection frees its slot soon.
const FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(1);
/// Per-connection read and write timeout once the peer has spoken.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections being served, in all and per source address.
#[derive(Default)]
struct Slots {
    total: usize,
    per_source: HashMap<IpAddr, usize>,
}

impl Slots {
    /// Takes a slot for `ip` if both limits allow.
    fn take(&mut self, ip: IpAddr) -> bool {
        let mine = self.per_source.entry(ip).or_insert(0);
        if self.total >= MAX_CONNECTIONS || *mine >= MAX_PER_SOURCE {
            return false;
        }
        *mine += 1;
        self.total += 1;
        true
    }

    fn give_back(&mut self, ip: IpAddr) {
        self.total = self.total.saturating_sub(1);
        if let Some(n) = self.per_source.get_mut(&ip) {
            *n -= 1;
            if *n == 0 {
                self.per_source.remove(&ip);
            }
        }
    }
}

/// Whether the peer sends its first byte within [`FIRST_BYTE_TIMEOUT`] (peeked: the handler
/// still reads it); then the normal timeouts apply.
fn speaks_soon(stream: &TcpStream) -> bool {
    let mut b = [0u8; 1];
    stream.set_read_timeout(Some(FIRST_BYTE_TIMEOUT)).is_ok()
        && matches!(stream.peek(&mut b), Ok(1))
        && stream.set_read_timeout(Some(IO_TIMEOUT)).is_ok()
}

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

/// Binds `addr`. For "all addresses" an IPv6 wildcard socket is bound first; where it takes
/// IPv6 only (`net.ipv6.bindv6only = 1`) an IPv4 wildcard socket is bound too, and where this host
/// has no IPv6, IPv4 alone. The error names the address and port and says what to do.
pub fn bind(addr: ListenAddr, flag: &str) -> Result<Vec<TcpListener>> {
    let try_bind = |ip: IpAddr| {
        let sa = SocketAddr::new(ip, addr.port);
        TcpListener::bind(sa).map_err(|e| bind_error(sa, &e, flag))
    };
    let Some(ip) = addr.address else {
        let v6 = match TcpListener::bind(SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), addr.port)) {
            Ok(l) => l,
            Err(e) if no_ipv6(&e) => return Ok(vec![try_bind(Ipv4Addr::UNSPECIFIED.into())?]),
            Err(e) => {
                return Err(bind_error(
                    SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), addr.port),
                    &e,
                    flag,
                ));
            }
        };
        if !v6_only(&v6) {
            return Ok(vec![v6]); // dual-stack: IPv4 arrives as ::ffff:a.b.c.d
        }
        return Ok(vec![v6, try_bind(Ipv4Addr::UNSPECIFIED.into())?]);
    };
    Ok(vec![try_bind(ip)?])
}

fn no_ipv6(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::AddrNotAvailable | ErrorKind::Unsupported
    ) || e.raw_os_error() == Some(libc::EAFNOSUPPORT)
}

/// Whether an IPv6 socket refuses IPv4 (IPV6_V6ONLY); on doubt, yes, so IPv4 is bound as well.
fn v6_only(l: &TcpListener) -> bool {
    use std::os::fd::AsRawFd;
    let mut on: libc::c_int = 1;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: a valid socket fd and an int-sized out buffer with its length, as getsockopt(2) wants.
    let rc = unsafe {
        libc::getsockopt(
            l.as_raw_fd(),
            libc::IPPROTO_IPV6,
            libc::IPV6_V6ONLY,
            (&mut on as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    rc != 0 || on != 0
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

/// A responder's listening lifecycle: bound by [`Listener::prepare`] (before any order is placed),
/// served by [`Listener::serve`], closed by [`Listener::stop`].
pub struct Listener {
    addr: ListenAddr,
    /// The option that sets the port, named in bind errors (`--http-port`, `--tls-port`).
    flag: &'static str,
    listeners: Option<Vec<TcpListener>>,
    bound: Vec<SocketAddr>,
    serving: Option<Serving>,
}

impl Listener {
    pub fn new(addr: ListenAddr, flag: &'static str) -> Listener {
        Listener {
            addr,
            flag,
            listeners: None,
            bound: Vec::new(),
            serving: None,
        }
    }

    /// Where it was asked to listen.
    pub fn addr(&self) -> ListenAddr {
        self.addr
    }

    #[cfg(test)]
    /// The addresses actually listened on, once prepared (the port is known even if 0 was asked).
    pub fn bound(&self) -> &[SocketAddr] {
        &self.bound
    }

    /// Binds the address unless it is already bound or served.
    pub fn prepare(&mut self) -> Result<()> {
        if self.listeners.is_none() && self.serving.is_none() {
            let listeners = bind(self.addr, self.flag)?;
            self.bound = listeners
                .iter()
                .filter_map(|l| l.local_addr().ok())
                .collect();
            self.listeners = Some(listeners);
        }
        Ok(())
    }

    /// Starts serving the bound listeners with `handle` (see [`Serving::start`]); `what` names
    /// the responder in the error when it is already serving.
    pub fn serve<F>(&mut self, what: &str, handle: F) -> Result<()>
    where
        F: Fn(TcpStream) + Send + Sync + 'static,
    {
        self.prepare()?;
        let Some(listeners) = self.listeners.take() else {
            anyhow::bail!("the {what} responder is already serving");
        };
        self.serving = Some(Serving::start(listeners, handle)?);
        Ok(())
    }

    /// Stops serving and closes the port.
    pub fn stop(&mut self) {
        if let Some(mut s) = self.serving.take() {
            s.stop();
        }
        self.listeners = None;
    }
}

/// A listener being served on a background thread until [`Serving::stop`].
pub struct Serving {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Serving {
    /// Accepts connections on `listeners` and hands each to `handle` on its own thread (at most
    /// `MAX_CONNECTIONS` at once, `MAX_PER_SOURCE` per source address), once the peer has
    /// sent its first byte, with read and write timeouts set.
    pub fn start<F>(listeners: Vec<TcpListener>, handle: F) -> Result<Serving>
    where
        F: Fn(TcpStream) + Send + Sync + 'static,
    {
        for l in &listeners {
            l.set_nonblocking(true)?;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = Arc::new(handle);
        let slots = Arc::new(Mutex::new(Slots::default()));
        let thread = std::thread::Builder::new()
            .name("acme-responder".into())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    let mut idle = true;
                    for listener in &listeners {
                        let Ok((stream, peer)) = listener.accept() else {
                            continue; // WouldBlock, or a connection that died before accept
                        };
                        idle = false;
                        // IPv4 on a dual-stack socket arrives as ::ffff:a.b.c.d: one source.
                        let ip = peer.ip().to_canonical();
                        if !slots.lock().unwrap().take(ip) {
                            continue; // dropped: closed at once
                        }
                        let ready = stream.set_nonblocking(false).is_ok()
                            && stream.set_write_timeout(Some(IO_TIMEOUT)).is_ok();
                        if !ready {
                            slots.lock().unwrap().give_back(ip);
                            continue;
                        }
                        let (handle, done) = (handle.clone(), slots.clone());
                        let spawned = std::thread::Builder::new()
                            .name("acme-responder-conn".into())
                            .spawn(move || {
                                if speaks_soon(&stream) {
                                    handle(stream);
                                }
                                done.lock().unwrap().give_back(ip);
                            });
                        if spawned.is_err() {
                            slots.lock().unwrap().give_back(ip);
                        }
                    }
                    if idle {
                        std::thread::sleep(ACCEPT_POLL);
                    }
                }
                // `listeners` are dropped here: the port is closed once `stop` returns.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_source_cannot_take_every_slot() {
        let mut slots = Slots::default();
        let (greedy, ca): (IpAddr, IpAddr) =
            ("127.0.0.2".parse().unwrap(), "127.0.0.1".parse().unwrap());
        let taken = (0..100).filter(|_| slots.take(greedy)).count();
        assert_eq!(taken, MAX_PER_SOURCE);
        assert!((0..3).all(|_| slots.take(ca)), "the CA still gets in");
        slots.give_back(greedy);
        assert!(slots.take(greedy));
        assert!(!slots.take(greedy));
        for _ in 0..MAX_PER_SOURCE {
            slots.give_back(greedy);
        }
        assert!(!slots.per_source.contains_key(&greedy));
        assert_eq!(slots.total, 3);
    }
}
