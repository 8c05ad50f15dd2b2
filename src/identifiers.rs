//! What a certificate names: DNS names and IP addresses, normalised and checked before any request.
//!
//! [RFC 8555 §7.1.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.4) identifiers are
//! `{"type": "dns"|"ip", "value": …}`; CAs expect DNS values in lower case A-label form without a
//! trailing dot, and a wildcard only as a whole first label. Validation is a pure function so that
//! bad input is refused without contacting the CA.

use serde_json::{Value, json};
use std::fmt;
use std::net::IpAddr;

/// Let's Encrypt's (and most CAs') limit on names in one order.
pub const MAX_NAMES: usize = 100;

/// An identifier a certificate can name
/// ([RFC 8555 §7.1.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.4)): a DNS name (`*.`
/// allowed as the whole first label) or an IP address
/// ([RFC 8738 §3](https://www.rfc-editor.org/rfc/rfc8738#section-3)).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identifier {
    /// Type `dns`: lower case, A-labels, no trailing dot (as [`normalize`] makes it).
    Dns(String),
    /// Type `ip`: an IPv4 or IPv6 address.
    Ip(IpAddr),
}

impl Identifier {
    /// The wire `value`. IPv6 comes out in the RFC 5952 text form, as
    /// [RFC 8738 §3](https://www.rfc-editor.org/rfc/rfc8738#section-3) requires ("MUST contain the
    /// textual form of the address").
    pub fn value(&self) -> String {
        match self {
            Identifier::Dns(name) => name.clone(),
            Identifier::Ip(ip) => ip.to_string(),
        }
    }

    /// Whether this is an IP address: such identifiers are validated by http-01 or tls-alpn-01,
    /// not dns-01 ([RFC 8738 §4](https://www.rfc-editor.org/rfc/rfc8738#section-4)).
    pub fn is_ip(&self) -> bool {
        matches!(self, Identifier::Ip(_))
    }

    /// Whether this is a wildcard name (`*.example.com`): CAs validate those by dns-01 only.
    pub fn is_wildcard(&self) -> bool {
        matches!(self, Identifier::Dns(n) if n.starts_with("*."))
    }

    /// The [RFC 8555 §9.7.7](https://www.rfc-editor.org/rfc/rfc8555#section-9.7.7) wire form.
    pub fn to_json(&self) -> Value {
        match self {
            Identifier::Dns(n) => json!({"type": "dns", "value": n}),
            Identifier::Ip(ip) => json!({"type": "ip", "value": ip.to_string()}),
        }
    }

    /// Reads one from the wire; `None` for types this client does not know.
    pub fn from_json(v: &Value) -> Option<Identifier> {
        let value = v.get("value")?.as_str()?;
        match v.get("type")?.as_str()? {
            "dns" => Some(Identifier::Dns(value.to_ascii_lowercase())),
            "ip" => value.parse().ok().map(Identifier::Ip),
            _ => None,
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value())
    }
}

/// Parses and normalises the names a user asked for: lower case, IDN → A-labels, one trailing dot
/// dropped, IP addresses recognised, duplicates removed (first occurrence kept). The error says
/// which name is wrong and why.
pub fn normalize(names: &[String]) -> Result<Vec<Identifier>, String> {
    if names.is_empty() {
        return Err("no names given; pass at least one with -d <name>".into());
    }
    let mut out: Vec<Identifier> = Vec::with_capacity(names.len());
    for raw in names {
        let id = parse_one(raw).map_err(|why| format!("invalid name {raw:?}: {why}"))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.len() > MAX_NAMES {
        return Err(format!(
            "{} names given; a certificate can hold at most {MAX_NAMES}: split them over several certificates",
            out.len()
        ));
    }
    Ok(out)
}

fn parse_one(raw: &str) -> Result<Identifier, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("the name is empty".into());
    }
    let ip_text = trimmed
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(trimmed);
    if let Ok(ip) = ip_text.parse::<IpAddr>() {
        return Ok(Identifier::Ip(ip));
    }
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let (wildcard, base) = match name.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    if base.contains('*') {
        return Err(
            "a wildcard '*' may only stand alone as the first label, as in *.example.com".into(),
        );
    }
    let ascii = if base.is_ascii() {
        base.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii_strict(base)
            .map_err(|_| "not a valid internationalised domain name".to_string())?
    };
    check_dns_name(&ascii)?;
    Ok(Identifier::Dns(if wildcard {
        format!("*.{ascii}")
    } else {
        ascii
    }))
}

/// RFC 1035/1123 host name rules, as CAs apply them.
fn check_dns_name(name: &str) -> Result<(), String> {
    if name.len() > 253 {
        return Err(format!(
            "{} characters long; a domain name has at most 253",
            name.len()
        ));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err(
            "not a fully qualified domain name (CAs issue only for names under a public suffix)"
                .into(),
        );
    }
    for label in &labels {
        if label.is_empty() {
            return Err("it has an empty label (two dots in a row, or a leading dot)".into());
        }
        if label.len() > 63 {
            return Err(format!(
                "the label {label:?} is {} characters long; at most 63 are allowed",
                label.len()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!(
                "the character {c:?} is not allowed (only letters, digits and '-')"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("the label {label:?} starts or ends with '-'"));
        }
        if label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
            && idna::domain_to_unicode(label).1.is_err()
        {
            return Err(format!(
                "the label {label:?} is not a valid punycode A-label (write the name in Unicode, or copy the xn-- form exactly)"
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("the last label is all digits: neither a domain name nor an IP address".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Result<Identifier, String> {
        normalize(&[s.to_string()]).map(|mut v| v.remove(0))
    }

    #[test]
    fn names_are_normalised() {
        let cases = [
            ("Example.COM", "example.com"),
            ("example.com.", "example.com"),
            ("*.Example.com", "*.example.com"),
            ("bücher.example", "xn--bcher-kva.example"),
            ("  www.example.org ", "www.example.org"),
            ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ];
        for (input, want) in cases {
            assert_eq!(one(input), Ok(Identifier::Dns(want.into())), "{input}");
        }
    }

    #[test]
    fn ip_addresses_become_ip_identifiers() {
        assert_eq!(
            one("192.0.2.1"),
            Ok(Identifier::Ip("192.0.2.1".parse().unwrap()))
        );
        assert_eq!(
            one("2001:DB8::1"),
            Ok(Identifier::Ip("2001:db8::1".parse().unwrap()))
        );
        assert_eq!(one("[::1]"), Ok(Identifier::Ip("::1".parse().unwrap())));
        assert_eq!(
            one("::1").unwrap().to_json(),
            json!({"type": "ip", "value": "::1"})
        );
    }

    #[test]
    fn bad_names_are_refused_with_a_reason() {
        let long_label = format!("{}.com", "a".repeat(64));
        let long_name = format!("{}.com", ["abcdefghi"; 26].join("."));
        let cases: [(&str, &str); 12] = [
            ("", "empty"),
            ("localhost", "fully qualified"),
            ("exa mple.com", "not allowed"),
            ("-example.com", "starts or ends"),
            ("example-.com", "starts or ends"),
            ("ex..com", "empty label"),
            ("www.*.example.com", "wildcard"),
            ("*example.com", "wildcard"),
            ("under_score.com", "not allowed"),
            ("1.2.3.999", "all digits"),
            (&long_label, "at most 63"),
            (&long_name, "at most 253"),
        ];
        for (input, why) in cases {
            let err = one(input).unwrap_err();
            assert!(err.contains(why), "{input:?}: {err}");
        }
    }

    #[test]
    fn duplicates_are_removed_and_order_kept() {
        let names: Vec<String> = [
            "b.example.com",
            "A.example.com",
            "b.example.com.",
            "a.example.com",
        ]
        .map(String::from)
        .to_vec();
        let ids = normalize(&names).unwrap();
        assert_eq!(
            ids,
            vec![
                Identifier::Dns("b.example.com".into()),
                Identifier::Dns("a.example.com".into())
            ]
        );
    }

    #[test]
    fn more_than_one_hundred_names_are_refused() {
        let names: Vec<String> = (0..101).map(|i| format!("n{i}.example.com")).collect();
        assert!(normalize(&names).unwrap_err().contains("at most 100"));
        assert_eq!(normalize(&names[..100]).unwrap().len(), 100);
    }

    #[test]
    fn broken_a_labels_are_refused() {
        for bad in [
            "xn--a.example.com",
            "XN--A.example.com",
            "a.xn--zz-.example",
        ] {
            assert!(one(bad).is_err(), "{bad}");
        }
        assert!(one("xn--a.example.com").unwrap_err().contains("punycode"));
        assert_eq!(
            one("XN--BCHER-KVA.example").unwrap(),
            Identifier::Dns("xn--bcher-kva.example".into())
        );
    }
}
