//! The quick example: one certificate for one name, through the library's public API only.
//!
//! ```text
//! cargo run --example quick -- --agree-tos DIRECTORY_URL WEB_ROOT NAME [CA_BUNDLE]
//! ```
//!
//! It connects to the ACME directory at `DIRECTORY_URL` (trusting the roots in `CA_BUNDLE`
//! besides the system's, for a private or test CA), registers a new account (a new P-256 key)
//! agreeing to the CA's terms of service — only when `--agree-tos` says the user does —, orders
//! a certificate for `NAME`, answers the http-01 challenge by writing the key authorization
//! under `WEB_ROOT/.well-known/acme-challenge/` (a web server must serve `WEB_ROOT` for `NAME`
//! on port 80), finalizes the order with a CSR for a new P-256 key, downloads the chain, checks
//! it, and prints it (PEM, leaf first) on standard output. Progress goes to standard error.
//!
//! The certificate's private key is not kept: this example shows the protocol, not storage.
//!
//! `tests/dependent/` builds this same file as a separate crate that depends on `acme` by path,
//! and the test suite runs it against Pebble.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use acme::crypto::{self, KeyPair, KeyType};
use acme::identifiers;
use acme::protocol::order::{self, OrderOptions};
use acme::protocol::types::Status;
use acme::protocol::{Account, Client, transport};

/// The longest wait for the CA to validate the challenge, and then to issue.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// What the command line asks for.
pub struct Args {
    /// The ACME directory URL.
    pub directory: String,
    /// The directory a web server serves for `name` on port 80.
    pub web_root: PathBuf,
    /// The one name the certificate is for.
    pub name: String,
    /// Extra trusted roots (PEM) for the CA's HTTPS server.
    pub ca_bundle: Option<PathBuf>,
}

const USAGE: &str = "usage: quick --agree-tos DIRECTORY_URL WEB_ROOT NAME [CA_BUNDLE]";

impl Args {
    /// Reads the command line; `--agree-tos` is required (the CA's terms are agreed to only
    /// with the user's consent).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args> {
        let (flags, mut rest): (Vec<String>, Vec<String>) =
            args.into_iter().partition(|a| a.starts_with("--"));
        if let Some(unknown) = flags.iter().find(|f| *f != "--agree-tos") {
            bail!("unknown option {unknown}\n{USAGE}");
        }
        if !(3..=4).contains(&rest.len()) {
            bail!("expected 3 or 4 arguments, got {}\n{USAGE}", rest.len());
        }
        if flags.is_empty() {
            bail!(
                "registering an account means agreeing to the CA's terms of service: read them \
                 (the directory's meta.termsOfService) and pass --agree-tos\n{USAGE}"
            );
        }
        let ca_bundle = (rest.len() == 4).then(|| PathBuf::from(rest.remove(3)));
        let name = rest.remove(2);
        let web_root = PathBuf::from(rest.remove(1));
        let directory = rest.remove(0);
        Ok(Args {
            directory,
            web_root,
            name,
            ca_bundle,
        })
    }
}

fn main() -> ExitCode {
    match Args::parse(std::env::args().skip(1)).and_then(|args| quick(&args)) {
        Ok(chain) => {
            print!("{chain}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Orders a certificate for `args.name` and returns its chain (PEM, leaf first).
pub fn quick(args: &Args) -> Result<String> {
    // Check the name before contacting the CA.
    let ids = identifiers::normalize(std::slice::from_ref(&args.name))
        .map_err(anyhow::Error::msg)
        .context("the name to certify")?;

    let mut builder = Client::builder();
    if let Some(bundle) = &args.ca_bundle {
        let pem = std::fs::read(bundle)
            .with_context(|| format!("reading the CA bundle {}", bundle.display()))?;
        builder = builder.extra_roots(
            transport::roots_from_pem(&pem)
                .with_context(|| format!("the CA bundle {}", bundle.display()))?,
        );
    }
    let client = builder.connect(&args.directory)?;
    if let Some(terms) = &client.directory.meta.terms_of_service {
        eprintln!("agreeing to the terms of service at {terms}");
    }

    // Agreeing to the terms: only with the user's consent (--agree-tos, checked above).
    let (account, _created) = Account::register(
        &client,
        KeyPair::generate(KeyType::EcdsaP256)?,
        &[],
        true,
        None,
    )?;
    eprintln!("account {}", account.url());

    let mut order = account.new_order(&ids, &OrderOptions::default())?;
    eprintln!("order {}", order.url);
    let thumbprint = account.thumbprint()?;
    for (url, authz) in order.authorizations(&account)? {
        if authz.status == Status::Valid {
            continue; // the CA remembers an earlier validation
        }
        let challenge = authz
            .challenge("http-01")
            .with_context(|| format!("the CA offers no http-01 challenge for {}", authz.name()))?;
        // Both check the token first: it becomes a file name.
        let body = challenge.key_authorization(&thumbprint)?;
        let path = challenge
            .http01_path()
            .context("the CA's http-01 token is not base64url")?;
        let file = write_challenge(&args.web_root, &path, &body)?;
        let answered = account
            .respond(challenge)
            .and_then(|()| account.wait_authorization(&url, MAX_WAIT));
        let _ = std::fs::remove_file(&file);
        let authz = answered?;
        if authz.status != Status::Valid {
            bail!(
                "the CA could not validate {}: {}",
                authz.name(),
                order::failure_detail(&authz)
            );
        }
        eprintln!("validated {}", authz.name());
    }

    let cert_key = KeyPair::generate(KeyType::EcdsaP256)?;
    order.finalize(&account, &crypto::csr_der(&cert_key, &ids)?, MAX_WAIT)?;
    let chain = order
        .download(&account, false)?
        .into_iter()
        .next()
        .context("the CA sent no certificate chain")?;
    // Everything the CA sends is untrusted: only certificates, our key, our names.
    acme::x509::check_chain(&chain.pem, Some(&cert_key.public_key_der()?), &ids)?;
    eprintln!("issued {}", chain.url);
    Ok(chain.pem)
}

/// Writes the http-01 answer `body` at `path` (`/.well-known/acme-challenge/<token>`, RFC 8555
/// §8.3) under the web root and returns the file's path.
fn write_challenge(web_root: &Path, path: &str, body: &str) -> Result<PathBuf> {
    let file = web_root.join(path.trim_start_matches('/'));
    let dir = file.parent().context("a challenge path has a directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(&file, body).with_context(|| format!("writing {}", file.display()))?;
    Ok(file)
}
