//! Just enough DNS for dns-01: TXT/SOA/NS/A queries to one server, finding a name's zone and its
//! authoritative servers, and [RFC 2136](https://www.rfc-editor.org/rfc/rfc2136) updates signed
//! with TSIG ([RFC 8945](https://www.rfc-editor.org/rfc/rfc8945)).
//!
//! The wire format and TSIG come from `hickory-proto`; the transport is a plain blocking
//! `UdpSocket`/`TcpStream` (no async runtime), every exchange bounded by [`QUERY_TIMEOUT`].

pub mod cname;
pub mod tsig_key;

use anyhow::{Context, Result, anyhow, bail};
use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

/// One attempt at one server; UDP is tried twice before giving up on it.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(2);

/// `_acme-challenge.<name>` for an identifier value; a wildcard uses its base name
/// ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4)).
pub fn txt_name(identifier: &str) -> String {
    let base = identifier.strip_prefix("*.").unwrap_or(identifier);
    format!("_acme-challenge.{base}")
}

/// Parses `ip`, `ip:port` or `[v6]:port`, with `default_port` when none is given.
pub fn parse_server(s: &str, default_port: u16) -> Result<SocketAddr, String> {
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Ok(sa);
    }
    if let Ok(ip) = s.trim_matches(['[', ']']).parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, default_port));
    }
    if let Some((host, port)) = s.rsplit_once(':')
        && let Ok(port) = port.parse::<u16>()
        && let Some(addr) = resolve_host(host, port)
    {
        return Ok(addr);
    }
    resolve_host(s, default_port).ok_or_else(|| {
        format!(
            "{s:?} is not an address: give an IP address with an optional port, e.g. 192.0.2.53:53"
        )
    })
}

fn resolve_host(host: &str, port: u16) -> Option<SocketAddr> {
    use std::net::ToSocketAddrs;
    (host, port).to_socket_addrs().ok()?.next()
}

/// The first `nameserver` of `/etc/resolv.conf` (port 53), or 127.0.0.1 if there is none.
pub fn system_resolver() -> SocketAddr {
    let text = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    first_nameserver(&text).unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 53))
}

fn first_nameserver(resolv_conf: &str) -> Option<SocketAddr> {
    resolv_conf.lines().find_map(|l| {
        let mut words = l.split_whitespace();
        (words.next() == Some("nameserver"))
            .then(|| words.next()?.split('%').next()?.parse::<IpAddr>().ok())
            .flatten()
            .map(|ip| SocketAddr::new(ip, 53))
    })
}

fn name(s: &str) -> Result<Name> {
    let fq = if s.ends_with('.') {
        s.to_string()
    } else {
        format!("{s}.")
    };
    Name::from_ascii(&fq).map_err(|e| anyhow!("{s:?} is not a DNS name: {e}"))
}

/// Sends one query and returns the answer message (any response code).
pub fn query(
    server: SocketAddr,
    qname: &str,
    qtype: RecordType,
    recursion: bool,
) -> Result<Message> {
    let mut msg = Message::new();
    msg.set_id(rand_id())
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .set_recursion_desired(recursion)
        .add_query(Query::query(name(qname)?, qtype));
    let wire = msg.to_vec().context("cannot encode a DNS query")?;
    let resp = exchange_udp(server, &wire, msg.id())
        .with_context(|| format!("no answer from the DNS server {server} for {qname} {qtype}"))?;
    if resp.truncated() {
        return exchange_tcp(server, &wire)
            .with_context(|| format!("DNS over TCP to {server} for {qname} {qtype} failed"));
    }
    Ok(resp)
}

/// The TXT values of `qname` at `server` (segments of one record joined, as dns-01 reads them).
pub fn txt_values(server: SocketAddr, qname: &str, recursion: bool) -> Result<Vec<String>> {
    let resp = query(server, qname, RecordType::TXT, recursion)?;
    match resp.response_code() {
        ResponseCode::NoError | ResponseCode::NXDomain => {}
        rc => bail!("the DNS server {server} answered {rc} for {qname} TXT"),
    }
    Ok(resp
        .answers()
        .iter()
        .filter_map(|r| match r.data() {
            Some(RData::TXT(txt)) => Some(
                txt.txt_data()
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect())
}

/// The zone that holds `qname`, from the SOA in the answer or authority section of a SOA query.
pub fn find_zone(server: SocketAddr, qname: &str, recursion: bool) -> Result<String> {
    let resp = query(server, qname, RecordType::SOA, recursion)?;
    match resp.response_code() {
        ResponseCode::NoError | ResponseCode::NXDomain => {}
        rc => bail!("the DNS server {server} answered {rc} when asked for the zone of {qname}"),
    }
    resp.answers()
        .iter()
        .chain(resp.name_servers())
        .find(|r| r.record_type() == RecordType::SOA)
        .map(|r| r.name().to_ascii())
        .ok_or_else(|| {
            anyhow!("the DNS server {server} did not say which zone holds {qname} (no SOA record)")
        })
}

/// The addresses of the zone's authoritative servers (NS names resolved through `resolver`).
pub fn authoritative_servers(resolver: SocketAddr, zone: &str) -> Result<Vec<SocketAddr>> {
    let resp = query(resolver, zone, RecordType::NS, true)?;
    let mut addrs = Vec::new();
    for ns in resp.answers().iter().filter_map(|r| match r.data() {
        Some(RData::NS(ns)) => Some(ns.0.to_ascii()),
        _ => None,
    }) {
        for qtype in [RecordType::A, RecordType::AAAA] {
            let Ok(a) = query(resolver, &ns, qtype, true) else {
                continue;
            };
            for r in a.answers() {
                let ip = match r.data() {
                    Some(RData::A(a)) => IpAddr::V4(a.0),
                    Some(RData::AAAA(a)) => IpAddr::V6(a.0),
                    _ => continue,
                };
                let sa = SocketAddr::new(ip, 53);
                if !addrs.contains(&sa) {
                    addrs.push(sa);
                }
            }
        }
    }
    if addrs.is_empty() {
        bail!("found no address for any nameserver of {zone}");
    }
    Ok(addrs)
}

fn rand_id() -> u16 {
    let mut b = [0u8; 2];
    // A random ID makes off-path spoofing of answers harder; openssl is already linked.
    let _ = openssl::rand::rand_bytes(&mut b);
    u16::from_ne_bytes(b)
}

fn exchange_udp(server: SocketAddr, wire: &[u8], id: u16) -> Result<Message> {
    let local: SocketAddr = match server {
        SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
        SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
    };
    let sock = UdpSocket::bind(local).context("cannot open a UDP socket")?;
    sock.set_read_timeout(Some(QUERY_TIMEOUT))?;
    sock.connect(server)?;
    let mut last_err = None;
    for _ in 0..2 {
        sock.send(wire)?;
        let mut buf = [0u8; 4096];
        let deadline = std::time::Instant::now() + QUERY_TIMEOUT;
        while std::time::Instant::now() < deadline {
            match sock.recv(&mut buf) {
                Ok(n) => match Message::from_vec(&buf[..n]) {
                    Ok(m) if m.id() == id => return Ok(m),
                    _ => continue, // a stray or garbled datagram: keep waiting for ours
                },
                Err(e) => {
                    last_err = Some(e);
                    break;
                }
            }
        }
    }
    Err(last_err.map_or_else(|| anyhow!("no answer"), anyhow::Error::from))
}

/// One message over TCP ([RFC 1035 §4.2.2](https://www.rfc-editor.org/rfc/rfc1035#section-4.2.2):
/// two-byte length prefix); returns the raw answer.
fn exchange_tcp_raw(server: SocketAddr, wire: &[u8]) -> Result<Vec<u8>> {
    let mut s = TcpStream::connect_timeout(&server, QUERY_TIMEOUT)?;
    s.set_read_timeout(Some(QUERY_TIMEOUT * 2))?;
    s.set_write_timeout(Some(QUERY_TIMEOUT))?;
    let len = u16::try_from(wire.len()).context("DNS message too long")?;
    let mut out = len.to_be_bytes().to_vec();
    out.extend_from_slice(wire);
    s.write_all(&out)?;
    let mut lb = [0u8; 2];
    s.read_exact(&mut lb)?;
    let mut buf = vec![0u8; u16::from_be_bytes(lb) as usize];
    s.read_exact(&mut buf)?;
    Ok(buf)
}

fn exchange_tcp(server: SocketAddr, wire: &[u8]) -> Result<Message> {
    Message::from_vec(&exchange_tcp_raw(server, wire)?).context("cannot decode the DNS answer")
}

/// Adds (`add`) or removes one TXT value at `server` with an RFC 2136 update signed by `key`: "Add
/// To An RRset" ([RFC 2136 §2.5.1](https://www.rfc-editor.org/rfc/rfc2136#section-2.5.1)) or
/// "Delete An RR From An RRset" ([§2.5.4](https://www.rfc-editor.org/rfc/rfc2136#section-2.5.4)).
/// Other values of the same name are left alone, so a name and its wildcard can coexist.
pub fn update_txt(
    server: SocketAddr,
    zone: &str,
    txt_name: &str,
    value: &str,
    add: bool,
    key: &tsig_key::TsigKey,
) -> Result<()> {
    use hickory_proto::op::update_message;
    use hickory_proto::rr::RecordSet;
    use hickory_proto::rr::rdata::TXT;

    let zone_name = name(zone)?;
    let owner = name(txt_name)?;
    if !zone_name.zone_of(&owner) {
        bail!("{txt_name} is not inside the zone {zone}");
    }
    let mut rrset = RecordSet::with_ttl(owner, RecordType::TXT, 60);
    rrset.add_rdata(RData::TXT(TXT::new(vec![value.to_string()])));
    let mut msg = if add {
        update_message::append(rrset, zone_name, false, false)
    } else {
        update_message::delete_by_rdata(rrset, zone_name, false)
    };
    msg.set_id(rand_id());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as u32;
    let mut verifier = msg
        .finalize(&key.signer()?, now)
        .context("cannot sign the DNS update with TSIG")?;
    let wire = msg.to_vec().context("cannot encode the DNS update")?;
    let what = if add { "adding" } else { "removing" };
    let raw = exchange_tcp_raw(server, &wire)
        .with_context(|| format!("{what} the TXT record {txt_name} at {server} failed"))?;
    let resp = Message::from_vec(&raw).context("cannot decode the DNS update's answer")?;
    match resp.response_code() {
        ResponseCode::NoError => {}
        ResponseCode::NotAuth => bail!(
            "{server} refused the update of {txt_name} (NOTAUTH): the TSIG key {:?} is not accepted there; check the key's name, algorithm and secret",
            key.name
        ),
        rc => bail!(
            "{server} refused {what} the TXT record {txt_name} in zone {zone} ({rc}); check that the zone's update-policy allows the key {:?}",
            key.name
        ),
    }
    if let Some(verify) = verifier.as_mut() {
        verify(&raw).map_err(|e| {
            anyhow!("the answer from {server} is not signed with our TSIG key ({e}); refusing to trust it")
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_and_base_share_one_txt_name() {
        assert_eq!(txt_name("example.com"), "_acme-challenge.example.com");
        assert_eq!(txt_name("*.example.com"), "_acme-challenge.example.com");
        assert_eq!(txt_name("a.b.example"), "_acme-challenge.a.b.example");
    }

    #[test]
    fn servers_parse_with_and_without_port() {
        for (input, want) in [
            ("127.0.0.1", "127.0.0.1:53"),
            ("127.0.0.1:5353", "127.0.0.1:5353"),
            ("::1", "[::1]:53"),
            ("[::1]:54", "[::1]:54"),
        ] {
            assert_eq!(
                parse_server(input, 53).unwrap().to_string(),
                want,
                "{input}"
            );
        }
        assert!(parse_server("not an address!", 53).is_err());
    }

    #[test]
    fn resolv_conf_first_nameserver() {
        let text = "# c\nsearch x\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n";
        assert_eq!(first_nameserver(text).unwrap().to_string(), "192.0.2.1:53");
        assert_eq!(
            first_nameserver("nameserver fe80::1%eth0\n")
                .unwrap()
                .to_string(),
            "[fe80::1]:53"
        );
        assert!(first_nameserver("options ndots:1\n").is_none());
    }
}
