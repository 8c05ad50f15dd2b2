//! http-01 without a web server: this process answers
//! `GET /.well-known/acme-challenge/<token>` for the current order's tokens (RFC 8555 §8.3),
//! 404 for everything else, and stops listening at cleanup.

use anyhow::Result;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use super::listen::{self, ListenAddr, Listener};
use super::{Solver, Task, http01_url};

use acme::protocol::challenge::HTTP01_PREFIX as PREFIX;
/// Longest request head read; the CA's GET is a few hundred bytes.
const MAX_HEAD: usize = 8 * 1024;

pub struct Standalone {
    listener: Listener,
}

impl Standalone {
    pub fn new(addr: ListenAddr) -> Standalone {
        Standalone {
            listener: Listener::new(addr, "--http-port"),
        }
    }

    #[cfg(test)]
    /// The addresses actually listened on, once prepared (the port is known even if 0 was asked).
    pub fn bound(&self) -> &[std::net::SocketAddr] {
        self.listener.bound()
    }
}

impl Solver for Standalone {
    fn challenge_type(&self) -> &'static str {
        "http-01"
    }

    fn prepare(&mut self) -> Result<()> {
        self.listener.prepare()
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        self.prepare()?;
        let answers: Arc<HashMap<String, String>> = Arc::new(
            tasks
                .iter()
                .map(|t| (t.token.clone(), t.key_authorization.clone()))
                .collect(),
        );
        self.listener.serve("standalone", move |stream| {
            let _ = serve(stream, &answers);
        })
    }

    fn describe(&self, task: &Task) -> String {
        format!(
            "{} (answered by acme on {})",
            http01_url(&task.identifier, &task.token),
            self.listener.addr()
        )
    }

    fn cleanup(&mut self) -> Result<()> {
        self.listener.stop();
        Ok(())
    }
}

/// Answers one request and closes the connection.
fn serve(mut stream: TcpStream, answers: &HashMap<String, String>) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    // A client trickling bytes cannot hold the connection longer than this.
    let deadline = std::time::Instant::now() + listen::IO_TIMEOUT;
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        if std::time::Instant::now() > deadline {
            return Ok(());
        }
        if head.len() > MAX_HEAD {
            return respond(
                &mut stream,
                431,
                "Request Header Fields Too Large",
                "",
                false,
            );
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut parts = text.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(&mut stream, 405, "Method Not Allowed", "", false);
    }
    match answer(target, answers) {
        Some(key_authorization) => respond(&mut stream, 200, "OK", key_authorization, head_only),
        None => respond(&mut stream, 404, "Not Found", "not found\n", head_only),
    }
}

/// The key authorization for a request target, in origin form (`/path`) or absolute form
/// (`http://host/path`); any query string means "not ours".
fn answer<'a>(target: &str, answers: &'a HashMap<String, String>) -> Option<&'a String> {
    let path = match target.strip_prefix("http://") {
        Some(rest) => &rest[rest.find('/')?..],
        None => target,
    };
    answers.get(path.strip_prefix(PREFIX)?)
}

fn respond(
    stream: &mut TcpStream,
    code: u16,
    reason: &str,
    body: &str,
    head_only: bool,
) -> std::io::Result<()> {
    let mut msg = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\nServer: acme\r\n\r\n",
        body.len()
    );
    if !head_only {
        msg.push_str(body);
    }
    stream.write_all(msg.as_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    #[test]
    fn only_this_orders_tokens_are_answered() {
        let answers: HashMap<String, String> = [("tok_1".to_string(), "tok_1.thumb".to_string())]
            .into_iter()
            .collect();
        let a = |t: &str| answer(t, &answers).cloned();
        assert_eq!(
            a("/.well-known/acme-challenge/tok_1").as_deref(),
            Some("tok_1.thumb")
        );
        assert_eq!(
            a("http://a.example/.well-known/acme-challenge/tok_1").as_deref(),
            Some("tok_1.thumb")
        );
        for other in [
            "/.well-known/acme-challenge/tok_2",
            "/.well-known/acme-challenge/tok_1?x=1",
            "/.well-known/acme-challenge/",
            "/.well-known/acme-challenge/tok_1/",
            "/tok_1",
            "/",
            "",
            "http://a.example",
        ] {
            assert_eq!(a(other), None, "{other}");
        }
    }

    fn get(addr: SocketAddr, path: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: a.example\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn serves_the_tokens_on_loopback_then_closes_the_port() {
        let task = Task {
            identifier: acme::identifiers::Identifier::Dns("a.example".into()),
            token: "tok_1".into(),
            key_authorization: "tok_1.thumb".into(),
            persist: None,
        };
        let mut solver = Standalone::new(ListenAddr {
            address: Some("127.0.0.1".parse().unwrap()),
            port: 0,
        });
        solver.prepare().unwrap();
        let addr = solver.bound()[0];
        solver.present(std::slice::from_ref(&task)).unwrap();
        let ok = get(addr, "/.well-known/acme-challenge/tok_1");
        assert!(ok.starts_with("HTTP/1.1 200 "), "{ok}");
        assert!(ok.ends_with("\r\n\r\ntok_1.thumb"), "{ok}");
        let other = get(addr, "/.well-known/acme-challenge/tok_2");
        assert!(other.starts_with("HTTP/1.1 404 "), "{other}");
        solver.cleanup().unwrap();
        assert!(TcpStream::connect(addr).is_err(), "still listening");
    }
}
