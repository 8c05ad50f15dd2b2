//! CNAME delegation of `_acme-challenge.<name>`: many sites point it into a zone kept for
//! automation ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4) validation
//! follows CNAMEs like any DNS lookup), so the TXT record must be published, and its propagation
//! checked, at the end of the chain.

use anyhow::{Result, bail};
use hickory_proto::op::ResponseCode;
use hickory_proto::rr::{RData, RecordType};
use std::net::SocketAddr;

/// Longest chain followed; more hops than this is a loop or a misconfiguration.
pub const MAX_HOPS: usize = 8;

/// The CNAME target of `name` at `server`, if `name` is an alias (no trailing dot).
pub fn target(server: SocketAddr, name: &str, recursion: bool) -> Result<Option<String>> {
    let resp = super::query(server, name, RecordType::CNAME, recursion)?;
    match resp.response_code() {
        ResponseCode::NoError | ResponseCode::NXDomain => {}
        rc => bail!("the DNS server {server} answered {rc} for {name} CNAME"),
    }
    let owner = |n: &str| {
        n.trim_end_matches('.')
            .eq_ignore_ascii_case(name.trim_end_matches('.'))
    };
    Ok(resp.answers().iter().find_map(|r| match r.data() {
        // Only the record owned by `name`: a server may add the next hops of the chain.
        Some(RData::CNAME(c)) if owner(&r.name().to_ascii()) => {
            Some(c.0.to_ascii().trim_end_matches('.').to_ascii_lowercase())
        }
        _ => None,
    }))
}

/// The chain from `name` to the name that holds the records: `[name]` when it is no alias,
/// `[name, hop, …, final]` otherwise. A loop or a chain longer than [`MAX_HOPS`] is an error.
pub fn follow(
    name: &str,
    mut lookup: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<Vec<String>> {
    let mut chain = vec![name.trim_end_matches('.').to_ascii_lowercase()];
    loop {
        let last = chain.last().expect("never empty").clone();
        let Some(next) = lookup(&last)? else {
            return Ok(chain);
        };
        if chain.contains(&next) {
            bail!(
                "the CNAME chain of {name} loops: {} -> {next}",
                chain.join(" -> ")
            );
        }
        chain.push(next);
        if chain.len() > MAX_HOPS + 1 {
            bail!(
                "the CNAME chain of {name} is longer than {MAX_HOPS} hops: {}",
                chain.join(" -> ")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn table(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn chains_are_followed_to_the_end_and_loops_refused() {
        let t = table(&[
            ("_acme-challenge.a.example", "hop.example"),
            ("hop.example", "a.example.acme.example.net"),
            ("x.example", "y.example"),
            ("y.example", "x.example"),
        ]);
        let look = |n: &str| Ok(t.get(n).cloned());
        assert_eq!(
            follow("_acme-challenge.a.example.", look).unwrap(),
            [
                "_acme-challenge.a.example",
                "hop.example",
                "a.example.acme.example.net"
            ]
        );
        assert_eq!(
            follow("_acme-challenge.b.example", look).unwrap(),
            ["_acme-challenge.b.example"]
        );
        let err = follow("x.example", look).unwrap_err().to_string();
        assert!(err.contains("loops"), "{err}");
        let long = |n: &str| Ok(Some(format!("h.{n}")));
        let err = follow("z", long).unwrap_err().to_string();
        assert!(err.contains("longer than 8 hops"), "{err}");
    }
}
