//! The codec's tests: round trips (typed and byte for byte), confs of earlier versions, bad
//! values, and the format's table against the codec's keys.

use super::codec::ConfKey;
use super::*;
use acme::renewal::AriWindow;

/// A conf with every known key set (and one unknown key), as acme could write it.
pub(crate) fn every_key_set() -> RenewalConf {
    RenewalConf {
        domains: vec!["a.example".into(), "www.a.example".into()],
        server: "https://ca.example/dir".into(),
        fallback_servers: vec!["https://b.example/dir".into(), "https://c/d?x=1".into()],
        account: "https://ca.example/acct/1".into(),
        key_type: Some(KeyType::EcdsaP384),
        method: Some(MethodName::Webroot),
        webroot: vec![
            ("a.example".into(), "/var/www/a b".into()),
            ("www.a.example".into(), "/srv/w=1".into()),
        ],
        http: Listen {
            port: Some(8080),
            address: Some("127.0.0.1".parse().unwrap()),
        },
        tls: Listen {
            port: Some(8443),
            address: Some("::1".parse().unwrap()),
        },
        dns: DnsSettings {
            hook: Some("/usr/local/bin/dns-hook".into()),
            rfc2136: Some("192.0.2.53:53".into()),
            tsig_key: Some("/etc/acme/tsig.key".into()),
            timeout: Some(90),
            resolver: Some("192.0.2.1".into()),
            persist: true,
            persist_until: Some(1_811_808_000),
        },
        manual: ManualSettings {
            auth_hook: Some("/opt/auth.sh".into()),
            cleanup_hook: Some("/opt/cleanup.sh".into()),
            preferred_challenges: Some("dns-01".into()),
        },
        self_check: SelfCheckSettings {
            enabled: false,
            via: Some("127.0.0.1:5002".parse().unwrap()),
        },
        pre_hook: Some("systemctl stop nginx".into()),
        post_hook: Some("systemctl start nginx".into()),
        deploy_hook: Some("echo \"$RENEWED_LINEAGE\" # not a comment".into()),
        failure_hook: Some("mail -s \"$ACME_CERT_NAME\" root".into()),
        renew_before_days: Some(20),
        options: IssuanceOptions {
            reuse_key: true,
            csr: Some("archive/a.example/csr.pem".into()),
            preferred_chain: Some("ISRG Root X1".into()),
            profile: Some("shortlived".into()),
            require_trusted_chain: true,
        },
        ari: Some(AriState {
            cert_id: "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE".into(),
            window: Some(AriWindow {
                start: 1_790_000_000,
                end: 1_790_086_400,
                chosen: 1_790_040_000,
            }),
            next_check: 1_789_000_000,
        }),
        revocation: RevocationMark {
            revoked: true,
            serial: Some("04a1b2".into()),
            reason: Some("keyCompromise".into()),
        },
        imported_from: Some("/etc/letsencrypt/renewal/a.example.conf".into()),
        extra: [("future_setting".to_string(), "x".to_string())].into(),
    }
}

#[test]
fn render_then_parse_is_identity() {
    let conf = every_key_set();
    assert_eq!(RenewalConf::parse(&conf.render("a.example")).unwrap(), conf);
}

fn header(name: &str) -> String {
    format!(
        "# Renewal settings for the certificate {name:?}, written by acme {}.\n\
         # `acme renew` issues again with these settings. Edit with care.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Confs as this version (and the versions that kept most keys as strings) writes them: read
/// and written back, each is the same text, byte for byte.
#[test]
fn confs_acme_writes_read_and_write_back_byte_for_byte() {
    let bodies = [
        // webroot, with an ARI state and options
        "domains = example.com, www.example.com\nserver = https://acme-v02.api.letsencrypt.org/directory\n\
         account = https://acme-v02.api.letsencrypt.org/acme/acct/123456\nkey_type = ecdsa-p256\n\
         method = webroot\nwebroot.example.com = /var/www/html\nwebroot.www.example.com = \"/srv/a\\nb\"\n\
         deploy_hook = systemctl reload nginx\n\
         ari_cert = aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE\nari_chosen = 2026-12-20T10:00:00Z\n\
         ari_next_check = 2026-12-07T04:00:00Z\nari_window = 2026-12-19T00:00:00Z 2026-12-21T00:00:00Z\n\
         preferred_chain = ISRG Root X1\nprofile = shortlived\nreuse_key = true\n",
        // dns-rfc2136 with the README's example, fallbacks and a key this version does not know
        "domains = example.com, *.example.com\nserver = https://acme-v02.api.letsencrypt.org/directory\n\
         fallback_servers = https://acme.zerossl.com/v2/DV90, https://dv.acme-v02.api.pki.goog/directory\n\
         account = https://acme-v02.api.letsencrypt.org/acme/acct/123456\nkey_type = ecdsa-p256\n\
         method = dns-rfc2136\ndeploy_hook = systemctl reload nginx\nrenew_before_days = 30\n\
         dns_resolver = 192.0.2.1:53\ndns_rfc2136 = 192.0.2.53\ndns_timeout = 120\n\
         from_the_future = kept verbatim\nrequire_trusted_chain = true\ntsig_key = /etc/acme/tsig.key\n",
        // standalone with self-check settings, revoked
        "domains = 192.0.2.7\nserver = https://localhost:14000/dir\naccount = https://localhost:14000/my-account/1\n\
         key_type = rsa2048\nmethod = standalone\npre_hook = \"\"\nfailure_hook = \"echo \\\"$ACME_CERT_NAME\\\"\\n\"\n\
         http_address = 127.0.0.1\nhttp_port = 5002\nrevoked = true\nrevoked_reason = keyCompromise\n\
         revoked_serial = 04a1b2\nself_check = false\nself_check_via = 127.0.0.1:5002\n",
        // certbot-imported manual hooks, issued from a CSR (no key type)
        "domains = example.org\nserver = https://acme-staging-v02.api.letsencrypt.org/directory\naccount = \"\"\n\
         method = manual\npost_hook = /usr/local/bin/reload\ncsr = archive/example.org/csr.pem\n\
         imported_from = /etc/letsencrypt/renewal/example.org.conf\nmanual_auth_hook = /opt/auth.sh\n\
         manual_cleanup_hook = /opt/cleanup.sh\npreferred_challenges = dns\n",
        // tls-alpn, dns-persist settings kept across a method change, a certbot plugin's method
        "domains = a.example\nserver = s\naccount = a\nmethod = tls-alpn\ndns_persist = true\n\
         dns_persist_until = 2027-06-01T00:00:00Z\ntls_address = ::1\ntls_port = 443\n",
        "domains = a.example\nserver = s\naccount = a\nmethod = dns-cloudflare\n",
        "domains = a.example\nserver = s\naccount = a\nmethod = \"\"\n",
    ];
    for body in bodies {
        let text = format!("{}{body}", header("example.com"));
        let conf = RenewalConf::parse(&text).unwrap_or_else(|e| panic!("{e:#}\n{text}"));
        assert_eq!(conf.render("example.com"), text);
    }
}

/// Confs of earlier versions, hand-edited ones and certbot imports keep their meaning: every
/// key lands in its typed field whatever the order, spacing and comments.
#[test]
fn earlier_and_hand_edited_confs_keep_their_meaning() {
    let text = "  # edited by hand\n\nreuse_key=true\nmethod=dns-hook\n  dns_hook =  /usr/bin/hook add  \n\
                domains = a.example ,b.example,\nserver=https://ca/dir\nself_check = true\nprofile =\n\
                ari_cert = other-cert\nari_next_check = not a time\nrenew_before_days = 0\n";
    let conf = RenewalConf::parse(text).unwrap();
    assert_eq!(conf.domains, ["a.example", "b.example"]);
    assert_eq!(conf.method, Some(MethodName::DnsHook));
    assert_eq!(conf.dns.hook.as_deref(), Some("/usr/bin/hook add"));
    assert!(conf.options.reuse_key);
    assert_eq!(conf.options.profile(), None);
    assert!(conf.self_check.enabled);
    assert_eq!(conf.renew_before_days, Some(0));
    // Unreadable ARI state counts as none (it is asked again), and is no error.
    assert_eq!(conf.ari, None);
    assert!(conf.extra.is_empty(), "{:?}", conf.extra);
    // A window without its chosen moment: the state without a window.
    let conf = RenewalConf::parse(
        "domains = a\nserver = s\nari_cert = c\nari_next_check = 2026-12-07T04:00:00Z\n\
         ari_window = 2026-12-19T00:00:00Z 2026-12-21T00:00:00Z\n",
    )
    .unwrap();
    let ari = conf.ari.unwrap();
    assert_eq!((ari.cert_id.as_str(), ari.window), ("c", None));
}

/// Issue #14: a web root whose name holds a newline must not add a `pre_hook` key, and a
/// multi-line hook must not make the file unparseable.
#[test]
fn no_value_can_add_a_key_and_every_value_round_trips() {
    let conf = RenewalConf {
        domains: vec!["example.com".into()],
        server: "https://ca.example/dir".into(),
        account: " spaced ".into(),
        method: Some(MethodName::Webroot),
        webroot: vec![(
            "example.com".into(),
            "/home/u/x\npre_hook = touch /tmp/pwned\n ".into(),
        )],
        pre_hook: Some(String::new()),
        deploy_hook: Some("set -e\nsystemctl reload nginx\n".into()),
        post_hook: Some("  echo \"$ACME_RENEWED\"\t".into()),
        dns: DnsSettings {
            hook: Some("x\ndns_hook = y".into()),
            ..DnsSettings::default()
        },
        extra: [("future".to_string(), "a\r\nb = c".to_string())].into(),
        ..RenewalConf::default()
    };
    let text = conf.render("example.com");
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_once(" = ").unwrap().0)
        .collect();
    assert_eq!(
        keys,
        [
            "domains",
            "server",
            "account",
            "method",
            "webroot.example.com",
            "pre_hook",
            "post_hook",
            "deploy_hook",
            "dns_hook",
            "future"
        ],
        "{text}"
    );
    assert_eq!(RenewalConf::parse(&text).unwrap(), conf, "{text}");
}

#[test]
fn an_empty_bare_hook_is_unset_and_a_quoted_one_is_set() {
    let base = "domains = a.example\nserver = s\n";
    let c = RenewalConf::parse(&format!("{base}pre_hook =\n")).unwrap();
    assert_eq!(c.pre_hook, None);
    let c = RenewalConf::parse(&format!("{base}pre_hook = \"\"\n")).unwrap();
    assert_eq!(c.pre_hook.as_deref(), Some(""));
}

#[test]
fn errors_name_the_line() {
    let err = RenewalConf::parse("domains = a.example\nserver = s\nthis is garbage\n").unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    let err = RenewalConf::parse("domains = a.example\nserver = s\nkey_type = dsa\n").unwrap_err();
    assert!(err.to_string().contains("unknown key type"), "{err}");
    assert!(err.to_string().contains("line 3: `key_type`"), "{err}");
    assert!(RenewalConf::parse("server = s\n").is_err());
}

/// A value of a known key that this version cannot read is an error naming the line, the key
/// and the value (and, from `load`, the file), not a silent default.
#[test]
fn bad_values_name_the_file_line_and_key() {
    let cases = [
        (
            "reuse_key = yes",
            "`reuse_key` is \"yes\", but must be true or false",
        ),
        (
            "self_check = maybe",
            "`self_check` is \"maybe\", but must be true or false",
        ),
        (
            "require_trusted_chain = 1",
            "`require_trusted_chain` is \"1\"",
        ),
        ("revoked = True", "`revoked` is \"True\""),
        ("dns_persist = on", "`dns_persist` is \"on\""),
        (
            "http_port = 80a",
            "`http_port` is \"80a\", which is not a port number",
        ),
        (
            "tls_port = 70000",
            "`tls_port` is \"70000\", which is not a port number",
        ),
        ("http_address = localhost", "which is not an IP address"),
        (
            "self_check_via = 10.9.9.9",
            "which is not an address like 192.0.2.1:80",
        ),
        (
            "dns_timeout = 2m",
            "`dns_timeout` is \"2m\", but must be a whole number of seconds",
        ),
        (
            "renew_before_days = -3",
            "but must be a whole number of days",
        ),
        (
            "dns_persist_until = tomorrow",
            "which is not a time like 2027-06-01T00:00:00Z",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.example.conf");
    for (line, want) in cases {
        let text = format!("domains = a.example\nserver = s\n# comment\n{line}\n");
        let err = RenewalConf::parse(&text).unwrap_err().to_string();
        assert!(err.starts_with("line 4: "), "{line}: {err}");
        assert!(err.contains(want), "{line}: {err}");
        std::fs::write(&path, &text).unwrap();
        let err = format!("{:#}", RenewalConf::load(&path).unwrap_err());
        assert!(
            err.starts_with(&format!(
                "{} is not a valid renewal configuration: line 4: ",
                path.display()
            )),
            "{err}"
        );
    }
}

/// `docs/renewal-conf.md` is the format's one description: its table lists exactly the keys
/// the codec knows, in the codec's order.
#[test]
fn the_format_table_lists_exactly_the_known_keys() {
    let doc = include_str!("../../../docs/renewal-conf.md");
    let listed: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(key, _)| key)
        .collect();
    let mut known: Vec<&str> = ConfKey::ALL.iter().map(|k| k.name()).collect();
    known.insert(
        known.iter().position(|k| *k == "method").unwrap() + 1,
        "webroot.<name>",
    );
    assert_eq!(listed, known);
}

/// ARI state without a window (the CA offered none) reads back as such; state about another
/// certificate is kept for the caller to ignore.
#[test]
fn ari_state_without_a_window_round_trips() {
    let mut conf = RenewalConf::parse("domains = a\nserver = s\n").unwrap();
    conf.ari = Some(AriState {
        cert_id: "a.b".into(),
        window: None,
        next_check: 5000,
    });
    let text = conf.render("a");
    assert!(
        !text.contains("ari_window") && !text.contains("ari_chosen"),
        "{text}"
    );
    assert_eq!(RenewalConf::parse(&text).unwrap(), conf);
}
