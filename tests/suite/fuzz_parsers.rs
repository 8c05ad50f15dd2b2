//! Deterministic mini-fuzz over the parsers that read hostile or hand-edited input: the same
//! target bodies as the cargo-fuzz targets in `fuzz/` (shared through `fuzz/checks.rs`), fed
//! seeded mutations of valid inputs for a bounded number of iterations. Runs in every
//! `cargo test`; the real fuzzer (`fuzz/run MINUTES`, nightly) explores much further.
//!
//! A crash found by either becomes an entry in `REGRESSIONS` below.

#[path = "../../fuzz/checks.rs"]
mod checks;
#[path = "../../fuzz/mutator.rs"]
mod mutator;

use mutator::fuzz;

use acme::crypto::{KeyPair, KeyType};
use acme::identifiers;

fn chain_pem() -> String {
    // A self-signed certificate from openssl is enough to exercise the PEM splitter and parser.
    use openssl::asn1::Asn1Time;
    use openssl::hash::MessageDigest;
    use openssl::x509::extension::SubjectAlternativeName;
    use openssl::x509::{X509Builder, X509NameBuilder};
    let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "fuzz.example").unwrap();
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(key.pkey()).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(90).unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .dns("fuzz.example")
        .ip("192.0.2.1")
        .build(&b.x509v3_context(None, None))
        .unwrap();
    b.append_extension(san).unwrap();
    b.sign(key.pkey(), MessageDigest::sha256()).unwrap();
    let pem = String::from_utf8(b.build().to_pem().unwrap()).unwrap();
    format!("{pem}{pem}")
}

#[test]
fn wire_json_never_panics() {
    let seeds = [
        r#"{"newNonce":"https://ca/nonce","newAccount":"https://ca/acct","newOrder":"https://ca/order","revokeCert":"https://ca/revoke","keyChange":"https://ca/kc","renewalInfo":"https://ca/ari","meta":{"termsOfService":"https://ca/tos","externalAccountRequired":true,"profiles":{"classic":"x"}}}"#,
        r#"{"status":"pending","expires":"2030-01-01T00:00:00Z","identifiers":[{"type":"dns","value":"a.example.com"},{"type":"ip","value":"192.0.2.1"}],"authorizations":["https://ca/authz/1"],"finalize":"https://ca/fin/1","certificate":"https://ca/cert/1","error":{"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"no"}}"#,
        r#"{"identifier":{"type":"dns","value":"example.com"},"status":"invalid","wildcard":true,"challenges":[{"type":"http-01","url":"https://ca/ch/1","status":"invalid","token":"abc_-123","error":{"type":"urn:ietf:params:acme:error:connection","detail":"refused","status":400}},{"type":"dns-01","url":"https://ca/ch/2","token":"x"}]}"#,
        r#"{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many","status":429,"subproblems":[{"type":"urn:ietf:params:acme:error:caa","detail":"caa","identifier":{"type":"dns","value":"b.example.com"}}]}"#,
    ];
    let seeds: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
    fuzz("wire_json", &seeds, checks::wire_json);
}

#[test]
fn headers_never_panic() {
    let seeds = [
        r#"<https://ca/cert/1/1>;rel="alternate", <https://ca/dir>; rel=index"#,
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "120",
        "2025-01-01T00:00:00.123456Z",
    ];
    let seeds: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
    fuzz("headers", &seeds, checks::headers);
}

#[test]
fn pem_chain_splitting_never_panics() {
    let pem = chain_pem();
    let seeds = vec![
        pem.clone().into_bytes(),
        pem.replace('\n', "\r\n").into_bytes(),
        pem.lines()
            .take(5)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
    ];
    fuzz("pem_chain", &seeds, checks::pem_chain);
}

#[test]
fn csr_input_never_panics() {
    let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
    let ids = identifiers::normalize(&["a.example.com".into(), "192.0.2.1".into()]).unwrap();
    let der = acme::crypto::csr_der(&key, &ids).unwrap();
    let pem = openssl::x509::X509Req::from_der(&der)
        .unwrap()
        .to_pem()
        .unwrap();
    fuzz("csr", &[der, pem], checks::csr);
}

#[test]
fn identifier_normalisation_never_panics_and_is_idempotent() {
    let seeds = [
        "a.example.com",
        "*.Example.COM.",
        "bücher.example\nBÜCHER.example",
        "192.0.2.1\n[2001:db8::1]\n::ffff:1.2.3.4",
        "xn--bcher-kva.example",
        "a-b.c-d.example",
    ];
    let seeds: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
    fuzz("identifier", &seeds, checks::identifier);
}

/// Inputs that once crashed a target (or nearly did), kept so they stay fixed.
const REGRESSIONS: &[(&str, &[u8])] = &[];

#[test]
fn fuzz_regressions_stay_fixed() {
    for (target, input) in REGRESSIONS {
        let f: fn(&[u8]) = match *target {
            "wire_json" => checks::wire_json,
            "headers" => checks::headers,
            "pem_chain" => checks::pem_chain,
            "csr" => checks::csr,
            "identifier" => checks::identifier,
            other => panic!("unknown target {other}"),
        };
        f(input);
    }
}
