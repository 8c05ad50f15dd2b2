//! The library as a program other than `acme` uses it: the quick example (`examples/quick.rs`,
//! public API only) issues a certificate from a real Pebble, answering http-01 through a web
//! root served by an independent web server — once compiled into this suite, and once built as
//! the binary of a separate crate that depends on `acme` by path (`tests/dependent/`).

use crate::common::*;

use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::{X509, X509StoreContext};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The dependent crate shares the suite's target dir, so it reuses the dependencies already
/// built and compiles only what differs (`acme` itself and the few crates whose features the
/// suite's dev-dependencies change). Cold, it would build everything: allow for that on a
/// loaded 2-core machine.
const DEPENDENT_BUILD_TIMEOUT: Duration = Duration::from_secs(600);

/// The variables cargo sets for the package whose test runs (prefixes).
const PER_PACKAGE_CARGO_VARS: [&str; 8] = [
    "CARGO_MANIFEST_",
    "CARGO_PKG_",
    "CARGO_CRATE_",
    "CARGO_BIN_",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// The example's own source, compiled into the suite: its `main` is left unused here.
#[path = "../../examples/quick.rs"]
#[allow(dead_code)]
mod quick;

/// Checks a printed chain the way a TLS client would: leaf first, for exactly `name`, verifying
/// up to Pebble's root through the intermediates that follow it.
fn assert_chain_for(pebble: &Pebble, pem: &str, name: &str) {
    let mut certs = X509::stack_from_pem(pem.as_bytes())
        .unwrap_or_else(|e| panic!("the output is not a PEM chain ({e}):\n{pem}"));
    assert!(
        certs.len() >= 2,
        "a leaf and at least one intermediate:\n{pem}"
    );
    let leaf = certs.remove(0);
    let sans: Vec<String> = leaf
        .subject_alt_names()
        .expect("the leaf has SANs")
        .iter()
        .map(|n| n.dnsname().expect("a DNS SAN").to_string())
        .collect();
    assert_eq!(sans, [name]);

    let root = X509::from_pem(pebble.root_pem().as_bytes()).unwrap();
    let mut store = X509StoreBuilder::new().unwrap();
    store.add_cert(root).unwrap();
    let store = store.build();
    let mut intermediates = Stack::new().unwrap();
    for c in certs {
        intermediates.push(c).unwrap();
    }
    let mut ctx = X509StoreContext::new().unwrap();
    let ok = ctx
        .init(&store, &leaf, &intermediates, |c| c.verify_cert())
        .unwrap();
    assert!(
        ok,
        "the chain does not verify against Pebble's root: {}",
        ctx.error()
    );
}

/// The arguments the example takes for this site: directory, web root, name, CA bundle.
fn quick_args(site: &Site, name: &str) -> Vec<String> {
    vec![
        "--agree-tos".to_string(),
        site.pebble.directory_url.clone(),
        site.www.display().to_string(),
        name.to_string(),
        site.pebble.ca_bundle.display().to_string(),
    ]
}

/// Whatever the example left under the web root's challenge directory.
fn challenge_files(site: &Site) -> Vec<String> {
    match fs::read_dir(site.www.join(".well-known/acme-challenge")) {
        Ok(dir) => dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn quick_example_issues_a_verified_chain_from_pebble() {
    let site = Site::start();
    let args = quick::Args::parse(quick_args(&site, "quick.example.com")).unwrap();
    let pem = quick::quick(&args).unwrap_or_else(|e| panic!("{e:#}"));
    assert_chain_for(&site.pebble, &pem, "quick.example.com");
    assert_eq!(
        challenge_files(&site),
        Vec::<String>::new(),
        "challenge files are removed"
    );
}

#[test]
fn quick_example_agrees_to_no_terms_without_consent_and_checks_the_name_first() {
    let mut args: Vec<String> = ["https://127.0.0.1:1/dir", "/tmp", "example.com"]
        .map(String::from)
        .to_vec();
    let err = quick::Args::parse(args.clone()).err().expect("refused");
    assert!(err.to_string().contains("--agree-tos"), "{err}");

    // A bad name is refused before any request: port 1 would not answer one.
    args.insert(0, "--agree-tos".into());
    args[3] = "bad_name..example".into();
    let err = quick::quick(&quick::Args::parse(args).unwrap()).unwrap_err();
    assert!(
        format!("{err:#}").contains("the name to certify"),
        "{err:#}"
    );
}

/// `tests/dependent/` is its own crate (own workspace and lock file) that depends on `acme` by
/// path and whose binary is `examples/quick.rs`: built offline with `--locked`, then run
/// against Pebble like any user's program.
///
/// It builds into the suite's own target dir: cargo holds that dir's lock while it builds, not
/// while the tests run (cargo 1.95), so the build does not wait for the suite; should a cargo
/// ever hold it, the build times out with "Blocking waiting for file lock" in its output.
#[test]
fn a_crate_depending_on_acme_by_path_runs_the_quick_example_against_pebble() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dependent/Cargo.toml");
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target dir")
        .to_path_buf();
    let mut build = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    build
        .args(["build", "--offline", "--locked", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR");
    // What cargo set for this test binary (the suite's package) must not reach the inner
    // cargo: crates that read such a variable would look changed, and each build would
    // rebuild them for the other (ring tracks CARGO_MANIFEST_DIR).
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if PER_PACKAGE_CARGO_VARS.iter().any(|p| key.starts_with(p)) {
            build.env_remove(&*key);
        }
    }
    let built = run_within(&mut build, DEPENDENT_BUILD_TIMEOUT);
    assert_eq!(
        built.code, 0,
        "building tests/dependent failed (after a change to Cargo.lock, refresh \
         tests/dependent/Cargo.lock as its Cargo.toml says):\n{}",
        built.stderr
    );

    let site = Site::start();
    let out =
        run(Command::new(target.join("debug/quick"))
            .args(quick_args(&site, "dependent.example.com")));
    assert_eq!(out.code, 0, "the quick example failed:\n{}", out.stderr);
    assert_chain_for(&site.pebble, &out.stdout, "dependent.example.com");
    assert!(
        out.stderr.contains("validated dependent.example.com"),
        "{}",
        out.stderr
    );
    assert_eq!(
        challenge_files(&site),
        Vec::<String>::new(),
        "challenge files are removed"
    );
}

/// The account handle against Pebble: registering twice finds the same account, the typed
/// account object, a contact update, a key rollover (the old key no longer finds it), and
/// deactivation (after which the CA refuses the account).
#[test]
fn the_account_handle_registers_updates_rolls_over_and_deactivates_at_pebble() {
    use acme::crypto::{KeyPair, KeyType};
    use acme::protocol::Account;
    use acme::protocol::types::Status;

    let pebble = Pebble::start();
    let client = pebble.client();
    let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
    let pem = key.to_pem().unwrap();
    let (mut account, created) = Account::register(&client, key, &[], true, None).unwrap();
    assert!(created);
    let again = KeyPair::from_pem(&pem).unwrap();
    let (same, created) = Account::register(&client, again, &[], true, None).unwrap();
    assert!(!created, "the same key finds its account");
    assert_eq!(same.url(), account.url());
    assert_eq!(account.fetch().unwrap().status, Some(Status::Valid));

    let updated = account
        .update_contact(&["mailto:ops@example.com".to_string()])
        .unwrap();
    assert_eq!(updated.contact, ["mailto:ops@example.com"]);

    let old = account
        .change_key(KeyPair::generate(KeyType::EcdsaP384).unwrap())
        .unwrap();
    assert_eq!(account.fetch().unwrap().status, Some(Status::Valid));
    let err = Account::find(&client, old)
        .err()
        .expect("the old key is no longer the account's");
    let problem = err.problem().expect("the CA's problem");
    assert!(problem.is("accountDoesNotExist"), "{problem:?}");
    let found = Account::find(
        &client,
        KeyPair::from_pem(&account.key().to_pem().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(found.url(), account.url());

    assert_eq!(
        account.deactivate().unwrap().status,
        Some(Status::Deactivated)
    );
    let err = account.fetch().unwrap_err();
    let problem = err.problem().expect("the CA's problem");
    assert!(problem.is("unauthorized"), "{problem:?}");
}
