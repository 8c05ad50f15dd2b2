//! `acme import-certbot`: take over a certbot tree — accounts, lineages (every archived version)
//! and renewal settings — without writing a byte under it. Idempotent: what was imported before
//! is recognised and left alone.

use anyhow::{Context, Result, bail};
use serde_json::json;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::cli::ImportCertbotArgs;
use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::issuing::method::Method;
use crate::storage;
use crate::storage::account::{self as stored, AccountRecord, StoredAccount};
use crate::storage::certbot::{self, CertbotAccount, CertbotLineage};
use crate::storage::fsutil::Lock;
use crate::storage::lineage::{self, ImportedVersion};
use crate::storage::renewal_conf::RenewalConf;
use acme::crypto::{self, KeyPair};
use acme::{time, x509};

#[derive(Default)]
struct Report {
    imported: Vec<String>,
    already: Vec<String>,
    failed: Vec<(String, String)>,
    notes: BTreeMap<String, Vec<String>>,
    /// Per item label: the fields its `items` object has besides kind, name, status, why and
    /// notes (an account's URL and server, a hook's kind and path).
    details: BTreeMap<String, serde_json::Value>,
    /// Per failed item label: the error object (`report::error`).
    errors: BTreeMap<String, serde_json::Value>,
}

impl Report {
    fn fail(&mut self, label: String, e: &anyhow::Error) {
        self.errors
            .insert(label.clone(), crate::cli::report::error(e));
        self.failed.push((label, format!("{e:#}")));
    }
}

pub fn run(s: &Settings, args: &ImportCertbotArgs) -> Result<()> {
    let from = std::path::absolute(&args.from).context("cannot resolve --from")?;
    if !from.join("renewal").is_dir() {
        return Err(usage(format!(
            "{} is not a certbot directory (it has no renewal/); pass the certbot config dir with --from",
            from.display()
        )));
    }
    if std::path::absolute(&s.layout.root).ok().as_deref() == Some(from.as_path()) {
        return Err(usage(
            "--from is this client's own config dir; pass certbot's (e.g. /etc/letsencrypt)",
        ));
    }
    let _lock = Lock::acquire(
        &s.layout.lock_file("import-certbot"),
        Duration::from_secs(10),
    )?
    .context("another acme import-certbot is running; try again when it has finished")?;

    let mut report = Report::default();
    let accounts = certbot::accounts(&from)?;
    let mut account_urls: BTreeMap<String, String> = BTreeMap::new();
    for acct in &accounts {
        let label = format!("account {} ({})", acct.url, acct.server);
        account_urls.insert(acct.id.clone(), acct.url.clone());
        report.details.insert(
            label.clone(),
            json!({"account": acct.url, "server": acct.server}),
        );
        match import_account(s, acct) {
            Ok(true) => report.imported.push(label),
            Ok(false) => report.already.push(label),
            Err(e) => report.fail(label, &e),
        }
    }
    for (name, lin) in certbot::lineages(&from)? {
        let outcome = lin.and_then(|l| import_lineage(s, &l, &account_urls));
        match outcome {
            Ok(Outcome::Imported(notes)) => {
                if !notes.is_empty() {
                    report.notes.insert(name.clone(), notes);
                }
                report.imported.push(format!("certificate {name}"));
            }
            Ok(Outcome::Already) => report.already.push(format!("certificate {name}")),
            Err(e) => report.fail(format!("certificate {name}"), &e),
        }
    }
    import_hook_dirs(s, &from, &mut report);
    show(s, &from, &report);
    if !report.failed.is_empty() {
        let list: Vec<String> = report
            .failed
            .iter()
            .map(|(i, why)| format!("{i}: {why}"))
            .collect();
        bail!(
            "{} item(s) could not be imported (the rest were):\n  {}",
            list.len(),
            list.join("\n  ")
        );
    }
    Ok(())
}

/// Saves a certbot account as ours. `Ok(false)`: this server already has that very account.
fn import_account(s: &Settings, acct: &CertbotAccount) -> Result<bool> {
    if let Some(existing) = stored::load(&s.layout, &acct.server)? {
        if existing.record.url == acct.url {
            return Ok(false);
        }
        bail!(
            "this config dir already has another account for {} ({}); kept that one",
            acct.server,
            existing.record.url
        );
    }
    let pem = crypto::private_key_pem_from_jwk(&acct.jwk).with_context(|| {
        format!(
            "the key {} is unusable",
            acct.dir.join("private_key.json").display()
        )
    })?;
    let key = KeyPair::from_pem(&pem)?;
    let record = AccountRecord {
        url: acct.url.clone(),
        server: acct.server.clone(),
        contact: acct.contact.clone(),
        key_type: key.key_type().to_string(),
        status: "valid".into(),
        created: acct
            .created
            .clone()
            .unwrap_or_else(|| time::format_rfc3339(time::now())),
    };
    stored::save(&s.layout, &StoredAccount { record, key })?;
    Ok(true)
}

enum Outcome {
    Imported(Vec<String>),
    Already,
}

fn import_lineage(
    s: &Settings,
    l: &CertbotLineage,
    account_urls: &BTreeMap<String, String>,
) -> Result<Outcome> {
    let name = &l.name;
    storage::check_cert_name(name).map_err(anyhow::Error::msg)?;
    let conf_path = s.layout.renewal_conf(name);
    if conf_path.exists() {
        let ours = RenewalConf::load(&conf_path)?;
        if ours.imported_from.as_deref() == Some(l.conf_path.as_path()) {
            return Ok(Outcome::Already);
        }
        bail!("a certificate named {name:?} already exists here; not touching it");
    }
    let numbers = certbot::archive_versions(&l.archive)?;
    if numbers.is_empty() {
        bail!("{} holds no certificates", l.archive.display());
    }
    let read = |kind: &str, n: u32| -> Result<Vec<u8>> {
        let p = l.archive.join(format!("{kind}{n}.pem"));
        fs::read(&p).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut versions = Vec::new();
    for &n in &numbers {
        let key_path = l.archive.join(format!("privkey{n}.pem"));
        versions.push(ImportedVersion {
            n,
            cert: read("cert", n)?,
            chain: read("chain", n)?,
            fullchain: read("fullchain", n)?,
            privkey: key_path.exists().then(|| read("privkey", n)).transpose()?,
            // certbot keeps no record of it: the lineage's server stands for it.
            issuer: None,
        });
    }
    let live = l
        .live_version
        .filter(|n| numbers.contains(n))
        .unwrap_or(*numbers.last().expect("non-empty"));
    let current = versions
        .iter()
        .find(|v| v.n == live)
        .expect("live is listed");
    let leaf = x509::parse(&x509::pem_certificates(&String::from_utf8_lossy(&current.cert))?[0])
        .with_context(|| format!("cert{live}.pem is not a certificate"))?;
    if let Some(key) = &current.privkey {
        let pkey = openssl::pkey::PKey::private_key_from_pem(key)
            .with_context(|| format!("privkey{live}.pem is not a private key"))?;
        if pkey.public_key_to_der()? != leaf.spki_der {
            bail!("privkey{live}.pem does not belong to cert{live}.pem");
        }
    }
    let domains: Vec<String> = leaf.identifiers.iter().map(|i| i.value()).collect();
    let account_url = l
        .conf
        .params
        .get("account")
        .and_then(|id| account_urls.get(id));
    let (mut conf, mut notes) =
        certbot::translate(&l.conf, domains, account_url.map(String::as_str));
    if account_url.is_none() {
        notes.push(
            "its certbot account was not found; renewal uses this config dir's account for the server"
                .into(),
        );
    }
    if let Err(e) = Method::from_conf(&conf) {
        notes.push(format!("acme renew cannot use this method yet: {e:#}"));
    }
    conf.imported_from = Some(l.conf_path.clone());
    lineage::import(&s.layout, name, &versions, live)?;
    // The conf last: its presence marks the lineage as imported.
    conf.save(&conf_path, name)?;
    Ok(Outcome::Imported(notes))
}

fn show(s: &Settings, from: &Path, r: &Report) {
    for (name, notes) in &r.notes {
        for n in notes {
            s.out.warn(&format!("{name}: {n}"));
        }
    }
    let mut human = if r.imported.is_empty() && r.failed.is_empty() {
        format!(
            "Nothing new to import from {}: {} item(s) were imported before",
            from.display(),
            r.already.len()
        )
    } else {
        format!("Imported from {} (left unchanged):", from.display())
    };
    for i in &r.imported {
        human.push_str(&format!("\n  imported  {i}"));
    }
    if !r.imported.is_empty() || !r.failed.is_empty() {
        for i in &r.already {
            human.push_str(&format!("\n  already   {i}"));
        }
    }
    for (i, why) in &r.failed {
        human.push_str(&format!("\n  NOT imported {i}: {why}"));
    }
    s.out.result(
        &human,
        &json!({
            "from": from,
            "imported": r.imported,
            "already_imported": r.already,
            "not_imported": r.failed.iter().map(|(i, why)| json!({"item": i, "why": why})).collect::<Vec<_>>(),
            "notes": r.notes,
            "items": items(s, r),
        }),
    );
}

/// Every account, certificate and hook script looked at, one object each: `kind` (account,
/// certificate, hook), `name`, `status` (imported, already_imported, not_imported), `why`,
/// `error` and `notes`, plus per kind: an account's `account` and `server`, a certificate's
/// `certificate` (the object `list` shows, once it is here), a hook's `hook` and `path`.
fn items(s: &Settings, r: &Report) -> Vec<serde_json::Value> {
    let item = |label: &str, status: &str, why: Option<&str>| {
        let (kind, name) = label.split_once(' ').unwrap_or(("item", label));
        let mut v = json!({
            "kind": kind,
            "name": name,
            "status": status,
            "why": why,
            "error": r.errors.get(label),
            "notes": r.notes.get(name).cloned().unwrap_or_default(),
        });
        if kind == "certificate" {
            let here = (status != "not_imported")
                .then(|| crate::renewing::survey::load(&s.layout, name).ok())
                .flatten();
            v["certificate"] = json!(here.map(|l| crate::cli::report::certificate(&s.layout, &l)));
        }
        if let (Some(o), Some(serde_json::Value::Object(d))) =
            (v.as_object_mut(), r.details.get(label))
        {
            o.extend(d.clone());
        }
        v
    };
    let mut out = Vec::new();
    out.extend(r.imported.iter().map(|i| item(i, "imported", None)));
    out.extend(r.already.iter().map(|i| item(i, "already_imported", None)));
    out.extend(
        r.failed
            .iter()
            .map(|(i, why)| item(i, "not_imported", Some(why))),
    );
    out
}

/// certbot's `renewal-hooks/{pre,deploy,post}/` scripts, copied into ours (same names, so the
/// same lexical order). What is not copied is said: a file certbot would not run either (not
/// executable) is a note; a different file of the same name already in ours is a failure,
/// since a hook the user relies on would then not run.
fn import_hook_dirs(s: &Settings, from: &Path, report: &mut Report) {
    use crate::hooks;
    use std::os::unix::fs::PermissionsExt;
    for kind in hooks::dirs::KINDS {
        let src_dir = from.join("renewal-hooks").join(kind);
        let (run, skipped) = hooks::dirs::scripts(&src_dir);
        for p in skipped {
            report
                .notes
                .entry("renewal-hooks".into())
                .or_default()
                .push(format!(
                    "{} is not executable (certbot does not run it either); not copied",
                    p.display()
                ));
        }
        for src in run {
            let Some(file) = src.file_name() else {
                continue;
            };
            let label = format!("hook renewal-hooks/{kind}/{}", file.to_string_lossy());
            let dest = hooks::dirs::dir(&s.layout, kind).join(file);
            report
                .details
                .insert(label.clone(), json!({"hook": kind, "path": dest}));
            let copy = || -> Result<bool> {
                let data =
                    fs::read(&src).with_context(|| format!("cannot read {}", src.display()))?;
                if dest.exists() {
                    if fs::read(&dest).ok().as_deref() == Some(data.as_slice()) {
                        return Ok(false);
                    }
                    bail!(
                        "{} already exists and differs; left both as they are (merge them by hand)",
                        dest.display()
                    );
                }
                let dir = hooks::dirs::dir(&s.layout, kind);
                storage::fsutil::ensure_dir(&dir, storage::fsutil::PRIVATE_DIR)?;
                let mode = fs::metadata(&src)?.permissions().mode() & 0o755;
                storage::fsutil::write_atomic(&dest, &data, mode | 0o700)?;
                Ok(true)
            };
            match copy() {
                Ok(true) => report.imported.push(label),
                Ok(false) => report.already.push(label),
                Err(e) => report.fail(label, &e),
            }
        }
    }
}
