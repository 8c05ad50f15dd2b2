//! Obtaining a certificate for a lineage as its settings say, and installing it: the part that
//! `issue` and `renew` share.

use anyhow::{Context, Result};

use crate::challenges::Solver;
use crate::challenges::self_check::{self, SelfCheck};
use crate::cli::output::Printer;
use crate::cli::settings::Settings;
use crate::issuing::issuance::{self, AccountRef, Issued, KeySource, Request};
use crate::issuing::method::Method;
use crate::rate_limits;
use crate::storage::account::StoredAccount;
use crate::storage::lineage::{self, NewVersion};
use crate::storage::pending::{self, PendingOrder};
use crate::storage::renewal_conf::RenewalConf;
use crate::{issuing::options, storage};
use acme::crypto::{KeyPair, KeyType};
use acme::identifiers::{self, Identifier};
use acme::protocol::Client;
use acme::protocol::order::OrderOptions;
use acme::x509::CertInfo;

/// What `obtain` may add to the order beyond the lineage's settings.
#[derive(Default)]
pub struct ObtainOptions<'a> {
    /// ARI: the CertID of the certificate being replaced (RFC 9773 §5).
    pub replaces: Option<&'a str>,
    /// A new `--csr` for this lineage: used instead of the conf's saved copy, and saved as that
    /// copy once the certificate is installed.
    pub csr: Option<&'a acme::csr::UserCsr>,
    /// Issue but install and save nothing (`renew --dry-run`); `Obtained::version` is then 0.
    pub dry_run: bool,
}

pub struct Obtained {
    pub version: u32,
    pub leaf: CertInfo,
    pub requests: usize,
}

/// The lineage's identifiers, as its conf lists them.
pub fn conf_identifiers(conf: &RenewalConf) -> Result<Vec<Identifier>> {
    identifiers::normalize(&conf.domains).map_err(anyhow::Error::msg)
}

/// Issues a certificate as `conf` describes, installs it as the next version of `name`, and saves
/// `conf` (only after the new version is live).
pub fn obtain(
    s: &Settings,
    client: &Client,
    account: &StoredAccount,
    name: &str,
    conf: &RenewalConf,
    opts: &ObtainOptions,
) -> Result<Obtained> {
    let ids = conf_identifiers(conf)?;
    let method = Method::from_conf(conf)?;
    method.check(&ids)?;
    let mut solver = prepare_solver(
        &method,
        &crate::issuing::method::self_check_from_conf(conf),
        &s.out,
    )?;
    obtain_with(s, client, account, name, conf, opts, solver.as_mut())
}

/// The solver for `method`, self-checked as `check` says and prepared (listening sockets bound),
/// so that a busy port fails before any order is placed.
pub fn prepare_solver<'a>(
    method: &Method,
    check: &SelfCheck,
    out: &'a Printer,
) -> Result<Box<dyn Solver + 'a>> {
    let mut solver = self_check::wrap(method.solver(out), *check);
    solver.prepare()?;
    Ok(solver)
}

/// [`obtain`] with a solver the caller prepared earlier (see [`prepare_solver`]).
pub fn obtain_with(
    s: &Settings,
    client: &Client,
    account: &StoredAccount,
    name: &str,
    conf: &RenewalConf,
    opts: &ObtainOptions,
    solver: &mut dyn Solver,
) -> Result<Obtained> {
    // In a fleet, http-01 and tls-alpn-01 answers are published for every node to serve.
    let shared = matches!(solver.challenge_type(), "http-01" | "tls-alpn-01");
    let fleet = match shared && !opts.dry_run {
        true => crate::fleet::node::of(&s.layout)?,
        false => None,
    };
    let mut published;
    let solver: &mut dyn Solver = match fleet {
        Some(node) => {
            published = crate::fleet::http01::Publish::new(node, solver, &s.out);
            &mut published
        }
        None => solver,
    };
    let ids = conf_identifiers(conf)?;
    let key_type = conf.key_type.unwrap_or(KeyType::EcdsaP256);
    let profile = conf.options.profile();
    if let Some(p) = profile {
        options::check_profile(&client.directory.meta.profiles, p, ids.len())?;
    }
    let acct = account.record.url.as_str();
    // This attempt's CA: the lineage's own, or one of its fallbacks.
    let server = client.directory_url.as_str();
    let account_ref = AccountRef {
        key: &account.key,
        url: &account.record.url,
    };
    let values: Vec<String> = ids.iter().map(Identifier::value).collect();
    // No issued certificate is lost: the caller collected the orders earlier runs finalized
    // (`pickup::collect_all`); one still uncollected at this CA blocks a second order here.
    if !opts.dry_run {
        crate::issuing::pickup::check_none_at(s, name, server, acct)?;
    }
    let key = key_source(s, name, conf, opts.csr, key_type)?;
    // A fleet lock lost since it was taken: another node may be ordering now.
    crate::fleet::renewal::still_held(name)?;
    rate_limits::check_order(
        s,
        server,
        acct,
        &ids,
        opts.replaces.is_some(),
        rate_limits::renews_same_set(s, name, &ids),
    )?;
    let order_url = std::cell::RefCell::new(String::new());
    let remember = |url: &str, key: Option<&KeyPair>| -> Result<()> {
        // The last point before the CA issues: not without the fleet's lock.
        crate::fleet::renewal::still_held(name)?;
        let key_pem = key
            .map(|k| k.to_pem().map(|p| String::from_utf8_lossy(&p).into_owned()))
            .transpose()?;
        *order_url.borrow_mut() = url.to_string();
        pending::add(
            &s.layout,
            name,
            &PendingOrder {
                server: server.to_string(),
                account: acct.to_string(),
                order_url: url.to_string(),
                identifiers: values.clone(),
                key_pem,
                finalized_at: acme::time::now(),
            },
        )
        .context("cannot remember the order before finalizing it; nothing was finalized")
    };
    let mut req = request(s, conf, &ids, key, opts.replaces)?;
    if !opts.dry_run {
        req.on_finalize = Some(&remember);
    }
    let issued =
        issuance::issue_recorded(client, &account_ref, req, solver, &s.out, &mut |spent| {
            rate_limits::record_spent(s, server, acct, &ids, spent)
        })
        .map_err(|e| rate_limits::remember_retry_after(s, server, acct, &ids, e))
        .map_err(|e| still_pending(s, name, server, e))?;
    // Counted by the CA from here on, whether or not installing it succeeds.
    rate_limits::record_certificate(s, server, acct, &ids);
    if opts.dry_run {
        return Ok(Obtained {
            version: 0,
            leaf: issued.leaf,
            requests: client.request_count(),
        });
    }
    let issuer = lineage::Issuer {
        server: server.to_string(),
        account: acct.to_string(),
    };
    let order_url = order_url.into_inner();
    let version = install(s, name, conf, opts.csr, &issued, issuer, &order_url)?;
    Ok(Obtained {
        version,
        leaf: issued.leaf,
        requests: client.request_count(),
    })
}

/// The request for an order (or the pick-up of one) as `conf` and the settings say.
pub(crate) fn request<'a>(
    s: &Settings,
    conf: &'a RenewalConf,
    ids: &'a [Identifier],
    key: KeySource,
    replaces: Option<&'a str>,
) -> Result<Request<'a>> {
    Ok(Request {
        identifiers: ids,
        key,
        order: OrderOptions {
            replaces,
            profile: conf.options.profile(),
        },
        preferred_chain: conf.options.preferred_chain(),
        max_wait: s.max_wait,
        extra_roots: extra_roots(s)?,
        require_trusted_chain: options::trusted_chain_required(s.require_trusted_chain, conf),
        on_finalize: None,
    })
}

/// Installs `issued` (from `issuer`, the order `order_url`) as the next version of `name`,
/// forgets that order, saves `conf` (and a new `csr`) and shares the version with the fleet.
pub(crate) fn install(
    s: &Settings,
    name: &str,
    conf: &RenewalConf,
    csr: Option<&acme::csr::UserCsr>,
    issued: &Issued,
    issuer: lineage::Issuer,
    order_url: &str,
) -> Result<u32> {
    // Not installed without the fleet's lock (the order stays remembered for a later run).
    crate::fleet::renewal::still_held(name)?;
    let key_pem = issued.key.as_ref().map(KeyPair::to_pem).transpose()?;
    // A first issuance saves its conf (and the CSR it names) before going live: a crash between
    // the two must never leave a live certificate that `renew` does not know about (it would
    // quietly expire). If installing fails, that fresh conf goes again: nothing stray is left.
    let conf_path = s.layout.renewal_conf(name);
    let fresh = !conf_path.exists();
    if let Some(csr) = csr {
        storage::csr::save(&s.layout, name, &csr.to_pem())?;
    }
    if fresh {
        conf.save(&conf_path, name)?;
    }
    let installed = lineage::install(
        &s.layout,
        name,
        &NewVersion {
            cert_pem: &issued.cert_pem,
            chain_pem: &issued.chain_pem,
            privkey_pem: key_pem.as_deref(),
            issuer: &issuer,
        },
    );
    let version = match installed {
        Ok(v) => v,
        Err(e) => {
            if fresh {
                let _ = std::fs::remove_file(&conf_path);
            }
            return Err(e.context(format!(
                "installing the new certificate for {name:?} failed; the previous one stays live"
            )));
        }
    };
    // Only this order is forgotten: another CA's uncollected one stays for the next run.
    if let Err(e) = pending::remove(&s.layout, name, order_url) {
        s.out.warn(&format!("{e:#}"));
    }
    conf.save(&s.layout.renewal_conf(name), name)?;
    // In a fleet the new version is shared at once; a failure here is retried by every sync.
    crate::fleet::renewal::share(s, name, version)?;
    Ok(version)
}

/// Where this issuance's key comes from: the user's CSR, the lineage's current key
/// (`reuse_key`), or a fresh one.
pub(crate) fn key_source(
    s: &Settings,
    name: &str,
    conf: &RenewalConf,
    csr: Option<&acme::csr::UserCsr>,
    key_type: KeyType,
) -> Result<KeySource> {
    if let Some(csr) = csr {
        return Ok(KeySource::Csr(csr.der.clone()));
    }
    if let Some(value) = conf.options.csr() {
        let path = storage::csr::resolve(&s.layout, value);
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read the CSR {} of {name:?}", path.display()))?;
        let csr = acme::csr::parse(&bytes).map_err(|why| {
            crate::cli::error::usage(format!("the CSR {} is unusable: {why}", path.display()))
        })?;
        return Ok(KeySource::Csr(csr.der));
    }
    if conf.options.reuse_key {
        let path = s.layout.live(name).join("privkey.pem");
        match std::fs::read(&path) {
            Ok(pem) => {
                let key = KeyPair::from_pem(&pem)
                    .with_context(|| format!("the key {} is unusable", path.display()))?;
                if conf.key_type.is_some_and(|want| want != key.key_type()) {
                    // As certbot does: asking for another key type replaces the reused key once.
                    s.out.note(&format!(
                        "the current key is {}, not {key_type}: making a new {key_type} key to reuse from now on",
                        key.key_type()
                    ));
                    return Ok(KeySource::Generate(key_type));
                }
                s.out
                    .detail(&format!("reusing the key {} (reuse_key)", path.display()));
                return Ok(KeySource::Existing(key));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        }
    }
    Ok(KeySource::Generate(key_type))
}

/// The `--ca-bundle` roots, trusted for the issued chain as for HTTPS to the CA.
fn extra_roots(s: &Settings) -> Result<Vec<openssl::x509::X509>> {
    let Some(path) = &s.ca_bundle else {
        return Ok(Vec::new());
    };
    let pem = std::fs::read(path)
        .with_context(|| format!("cannot read the CA bundle {}", path.display()))?;
    openssl::x509::X509::stack_from_pem(&pem)
        .with_context(|| format!("{} holds no PEM certificate", path.display()))
}

/// Adds to an error, when an order of the lineage is still remembered, that the next run
/// picks its certificate up.
fn still_pending(s: &Settings, name: &str, server: &str, err: anyhow::Error) -> anyhow::Error {
    let at_this_ca = pending::load_all(&s.layout, name)
        .ok()
        .and_then(|all| all.into_iter().rev().find(|p| p.server == server));
    match at_this_ca {
        Some(p) => err.context(format!(
            "the order {} was finalized; acme remembers it, and the next `issue` or `renew` of \
             {name:?} collects its certificate before ordering again",
            p.order_url
        )),
        _ => err,
    }
}
