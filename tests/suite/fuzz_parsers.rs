//! Deterministic mini-fuzz over the parsers that read hostile or hand-edited input: the same
//! target bodies as the cargo-fuzz targets in `fuzz/` (shared through `fuzz/checks.rs`), fed
//! seeded mutations of valid inputs for a bounded number of iterations. Runs in every
//! `cargo test`; the real fuzzer (`fuzz/run MINUTES`, nightly) explores much further.
//!
//! A crash found by either becomes an entry in `REGRESSIONS` below.

#[path = "../../fuzz/checks.rs"]
mod checks;

use acme::crypto::{KeyPair, KeyType};
use acme::identifiers;

/// xorshift64*: seeded, so a failure is replayed by its seed and iteration.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEED: u64 = 0xF022_5EED;
const ITERATIONS: usize = 20_000;

/// Bytes that matter to these formats, spliced in by the mutator.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"\\u0000",
    b"\\ud800",
    b"\n",
    b"\r\n",
    b"=",
    b"#",
    b".",
    b"..",
    b"*.",
    b"-",
    b"xn--",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\x8b",
    b"-----BEGIN CERTIFICATE-----\n",
    b"-----END CERTIFICATE-----\n",
    b"-----BEGIN PRIVATE KEY-----\n",
    b"=\n",
    b"AAAA",
    b"[::1]",
    b"0.0.0.0",
    b"%",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 if at < v.len() => {
                let n = rng.below(v.len() - at + 1).min(32);
                v.drain(at..at + n);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            4 if !v.is_empty() => {
                // Duplicate a slice (repeated fields, repeated blocks).
                let from = rng.below(v.len());
                let n = rng.below(v.len() - from + 1).min(256);
                let piece: Vec<u8> = v[from..from + n].to_vec();
                v.splice(at..at, piece);
            }
            5 => v.truncate(at),
            _ => {
                let n = rng.below(16);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, junk);
            }
        }
    }
    v
}

/// Feeds `target` its seeds, then `ITERATIONS` mutations of them (and pure random bytes).
fn fuzz(name: &str, seeds: &[Vec<u8>], target: fn(&[u8])) {
    let mut rng = Rng(SEED ^ name.len() as u64 ^ (name.as_bytes()[0] as u64) << 32);
    for s in seeds {
        target(s);
    }
    for i in 0..ITERATIONS {
        let input = if i % 10 == 9 {
            let n = rng.below(512);
            (0..n).map(|_| rng.next() as u8).collect()
        } else {
            let seed = &seeds[rng.below(seeds.len())];
            mutate(&mut rng, seed)
        };
        let result = std::panic::catch_unwind(|| target(&input));
        if result.is_err() {
            panic!(
                "{name}: iteration {i} (seed {SEED:#x}) panicked on input {:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}

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
fn renewal_conf_parser_never_panics_and_round_trips() {
    let seeds = [
        "# comment\ndomains = a.example.com, xn--bcher-kva.example\nserver = https://ca/dir\naccount = https://ca/acct/1\nkey_type = ecdsa-p256\nmethod = webroot\nwebroot.a.example.com = /var/www\npre_hook = systemctl stop nginx\nrenew_before_days = 30\nfuture_key = kept verbatim\n",
        "domains=a.example.com\nmethod=webroot\n",
        "key_type = rsa2048\nrenew_before_days = 0\n",
    ];
    let seeds: Vec<Vec<u8>> = seeds.iter().map(|s| s.as_bytes().to_vec()).collect();
    fuzz("renewal_conf", &seeds, checks::renewal_conf);
}

/// Issue #14: `parse(render(conf)) == conf` for every string a flag can carry, and no value
/// adds a key. Seeded random strings over the characters that matter to the format (line
/// breaks, quotes, backslashes, `=`, `#`, whitespace at the edges, controls, Unicode separators)
/// and, for paths, bytes that are not UTF-8.
#[test]
fn renewal_conf_values_round_trip_and_never_add_a_key() {
    use acme::storage::renewal_conf::RenewalConf;
    use std::os::unix::ffi::OsStringExt;
    const PIECES: &[&str] = &[
        "\n",
        "\r",
        "\r\n",
        " ",
        "\t",
        "\"",
        "\\",
        "\\\"",
        "=",
        " = ",
        "#",
        "pre_hook = x",
        "a",
        "/",
        "é",
        "\u{85}",
        "\u{2028}",
        "\u{a0}",
        "\u{feff}",
        "\0",
        "\x1b",
        "\x7f",
        "\\x41",
        "\\n",
        ",",
    ];
    let mut rng = Rng(SEED ^ 0xC0DE);
    let text = |rng: &mut Rng| -> String {
        (0..rng.below(12))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect()
    };
    for i in 0..3_000 {
        let mut path = text(&mut rng).into_bytes();
        if i % 3 == 0 {
            path.insert(rng.below(path.len() + 1), 0x80 | rng.next() as u8);
        }
        let hook = |rng: &mut Rng, t: String| (rng.below(3) > 0).then_some(t);
        let conf = RenewalConf {
            domains: vec!["a.example".into(), "*.b.example".into()],
            server: format!("https://ca/{}", text(&mut rng)),
            // A list: its members are checked (no commas) where they are given.
            fallback_servers: Vec::new(),
            account: text(&mut rng),
            key_type: None,
            method: text(&mut rng),
            webroot: vec![(
                "a.example".into(),
                std::path::PathBuf::from(std::ffi::OsString::from_vec(path)),
            )],
            pre_hook: {
                let t = text(&mut rng);
                hook(&mut rng, t)
            },
            post_hook: {
                let t = text(&mut rng);
                hook(&mut rng, t)
            },
            deploy_hook: {
                let t = text(&mut rng);
                hook(&mut rng, t)
            },
            failure_hook: {
                let t = text(&mut rng);
                hook(&mut rng, t)
            },
            renew_before_days: None,
            extra: [("later.setting".to_string(), text(&mut rng))].into(),
        };
        let rendered = conf.render("a.example");
        let keys = rendered
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        let expected = 6 + [
            &conf.pre_hook,
            &conf.post_hook,
            &conf.deploy_hook,
            &conf.failure_hook,
        ]
        .iter()
        .filter(|h| h.is_some())
        .count();
        assert_eq!(
            keys, expected,
            "iteration {i}: a value added a line\n{rendered}"
        );
        let back = RenewalConf::parse(&rendered)
            .unwrap_or_else(|e| panic!("iteration {i}: {e:#}\n{rendered}"));
        assert_eq!(back, conf, "iteration {i}\n{rendered}");
    }
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
            "renewal_conf" => checks::renewal_conf,
            "csr" => checks::csr,
            "identifier" => checks::identifier,
            other => panic!("unknown target {other}"),
        };
        f(input);
    }
}
