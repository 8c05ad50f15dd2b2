//! The body of every fuzz target, shared by the cargo-fuzz targets (`fuzz_targets/*.rs`) and
//! the deterministic in-tree mini-fuzz (`tests/suite/fuzz_parsers.rs`). Each takes arbitrary bytes,
//! must never panic, and asserts the invariants that hold for any input it accepts.

#![allow(dead_code)]

use acme::identifiers;
use acme::protocol::transport::{parse_link_header, parse_retry_after};
use acme::protocol::types::{Authorization, Directory, Order, Problem};

/// A reply from the CA: directory, order, authorization or problem document.
pub fn wire_json(data: &[u8]) {
    if let Ok(d) = serde_json::from_slice::<Directory>(data) {
        let _ = format!("{d:?}");
    }
    if let Ok(o) = serde_json::from_slice::<Order>(data) {
        let _ = o.identifiers();
    }
    if let Ok(a) = serde_json::from_slice::<Authorization>(data) {
        let _ = a.name();
        let _ = a.challenge("http-01");
        let _ = a.challenge("dns-01");
    }
    if let Ok(p) = serde_json::from_slice::<Problem>(data) {
        let _ = p.to_string();
        let _ = p.short_kind();
    }
}

/// Response headers a CA controls.
pub fn headers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for (rel, _url) in parse_link_header(&text) {
        assert!(!rel.is_empty() && !rel.contains(char::is_whitespace));
    }
    let _ = parse_retry_after(&text, 1_700_000_000);
    let _ = acme::time::parse_http_date(&text);
    let _ = acme::time::parse_rfc3339(&text);
}

/// A certificate chain as downloaded: PEM split, every block parsed.
pub fn pem_chain(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(ders) = acme::x509::pem_certificates(&text) {
        assert!(!ders.is_empty());
        assert!(ders.len() <= text.matches("-----BEGIN CERTIFICATE-----").count());
        for der in &ders {
            if let Ok(info) = acme::x509::parse(der) {
                let _ = info.serial_hex();
                let _ = info.ari_cert_id();
                let _ = info.lifetime_secs();
            }
        }
    }
    let _ = acme::x509::check_chain(&text, None, &[]);
}

/// A CSR a user hands to `issue --csr` (PEM or DER).
pub fn csr(data: &[u8]) {
    for req in [
        openssl::x509::X509Req::from_pem(data),
        openssl::x509::X509Req::from_der(data),
    ]
    .into_iter()
    .flatten()
    {
        let _ = req.subject_name().entries().count();
        if let Ok(key) = req.public_key() {
            let _ = req.verify(&key);
        }
        let _ = req.extensions();
    }
}

/// Names from the command line: normalising is idempotent and its output is valid again.
pub fn identifier(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let names: Vec<String> = text.split('\n').map(str::to_string).collect();
    if let Ok(ids) = identifiers::normalize(&names) {
        assert!(!ids.is_empty() && ids.len() <= names.len());
        let values: Vec<String> = ids.iter().map(|i| i.value()).collect();
        let again = identifiers::normalize(&values)
            .unwrap_or_else(|e| panic!("normalised names are refused: {e}: {values:?}"));
        assert_eq!(again, ids, "normalising is not idempotent for {names:?}");
        for id in &ids {
            let v = id.value();
            assert!(v.is_ascii(), "{v:?} is not ASCII");
            assert!(!v.ends_with('.'), "{v:?} keeps a trailing dot");
            assert!(v == v.to_ascii_lowercase(), "{v:?} is not lower case");
        }
    }
}
