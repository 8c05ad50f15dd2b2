//! `acme reconfigure --cert-name X [settings…]`: change a lineage's saved settings without
//! issuing. The new settings are checked first by a dry run against the CA's staging server
//! (when it has one; `--no-dry-run` skips it), so a mistyped web root or hook is found now and
//! not at the next renewal. Only what is given changes; the rest is kept.

use anyhow::{Context, Result};
use clap::ArgMatches;
use serde_json::json;

use super::lineage_settings;
use crate::cli::ReconfigureArgs;
use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::issuing::method::Method;
use crate::issuing::obtain;
use crate::storage::{self, access};

pub fn run(s: &Settings, args: &ReconfigureArgs, matches: &ArgMatches) -> Result<()> {
    let a = &args.settings;
    let Some(name) = a.cert_name.as_deref() else {
        return Err(usage(
            "say which certificate to reconfigure with --cert-name NAME (`acme list` shows them)",
        ));
    };
    if !a.domains.is_empty() || a.csr.is_some() || a.expand || a.duplicate || a.force || a.dry_run {
        return Err(usage(format!(
            "reconfigure changes saved settings only; to change the names or the CSR, or to issue, \
             use `acme issue --cert-name {name} …`"
        )));
    }
    storage::check_cert_name(name).map_err(usage)?;
    let store = s.store();
    let missing = || {
        usage(format!(
            "there is no certificate named {name:?} (no {}); `acme list` shows them",
            store.conf_location(name)
        ))
    };
    if !access::has_lineage(&*store, name)? {
        return Err(missing());
    }
    // Held through the check and the save: a renewal must not rewrite the conf in between.
    let _lock = access::lock_lineage(&*store, name)?;
    let base = access::conf(&*store, name)?.ok_or_else(missing)?;
    let ids = obtain::conf_identifiers(&base)?;
    let server = s.server_given.then_some(&*s.server);
    let conf = lineage_settings::apply(&base, a, matches, &ids, server, None, name)?;
    // Its next renewal would install a staging certificate in live/: the same refusal as issue's.
    crate::issuing::reissue::check_ca_change(
        name,
        &base.server,
        &conf.server,
        |u| s.is_staging(u),
        a.break_my_certs,
    )
    .map_err(usage)?;
    crate::issuing::fallback::check_servers(
        &conf.server,
        &conf.fallback_servers,
        |u| s.is_staging(u),
        a.break_my_certs,
    )
    .map_err(usage)?;
    if !a.fallback_server.is_empty() {
        crate::issuing::fallback::check_accounts(&*store, &conf.fallback_servers)?;
    }
    let method = Method::from_conf(&conf).map_err(|e| usage(format!("{e:#}")))?;
    method.check(&ids)?;
    let self_check = crate::issuing::method::self_check_from_conf(&conf);
    if conf == base {
        s.out.result(
            &format!("{name:?}: the settings given are the saved ones; nothing changed"),
            &json!({"status": "unchanged", "cert_name": name, "checked": false}),
        );
        return Ok(());
    }
    let staging = s.staging_of(&conf.server);
    let checked = if args.no_dry_run {
        false
    } else if staging == conf.server {
        s.out.note(&format!(
            "no staging server is known for {}: saving without a dry run (--staging-server URL names one)",
            conf.server
        ));
        false
    } else {
        // The dry run's own result is not printed: this command's result is the one document.
        let mut failures = Vec::new();
        super::issue::with_hooks(name, &conf, &mut failures, |_| {
            super::issue::simulate(s, a, name, &conf, &method, &self_check, None)
        })
        .context("the dry run with the new settings failed; nothing was changed")?;
        if let Some(f) = failures.first() {
            return Err(anyhow::anyhow!(
                "{}; nothing was changed (the dry run with the new settings succeeded)",
                f.message
            ));
        }
        true
    };
    access::save_conf(&*store, name, &conf)?;
    crate::fleet::renewal::share_conf(s, name)?;
    s.out.result(
        &format!(
            "Saved the new settings of {name:?}{}; its certificate is unchanged until it renews",
            if checked {
                " (checked by a dry run)"
            } else {
                ""
            }
        ),
        &json!({"status": "reconfigured", "cert_name": name, "checked": checked}),
    );
    Ok(())
}
