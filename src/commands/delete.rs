//! `acme delete`: remove one lineage — `live/<name>` with its version directories, `archive/<name>/`
//! and its renewal conf — under the lineage lock, so no renewal runs half-way through. It never
//! revokes: the certificate stays valid at the CA until it expires (`acme revoke --delete` does
//! both). On a fleet node the lineage goes from the fleet's store first, leaving a marker each
//! node follows at its next sync (`fleet::renewal::delete_shared`).

use anyhow::{Context, Result};
use serde_json::json;
use std::path::PathBuf;

use crate::cli::DeleteArgs;
use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::storage::{self, lineage};

pub fn run(s: &Settings, args: &DeleteArgs) -> Result<()> {
    let name = &args.cert_name;
    storage::check_cert_name(name).map_err(usage)?;
    let l = &s.layout;
    let here = [l.renewal_conf(name), l.live(name), l.archive(name)]
        .iter()
        .any(|p| p.symlink_metadata().is_ok());
    // On a fleet node, a lineage only the store holds can be deleted too (a node that never
    // took it, or a copy shared back while it was being deleted).
    if !here && !crate::fleet::renewal::in_store(s, name)? {
        return Err(usage(format!(
            "there is no certificate named {name:?} in {} (`acme list` shows them)",
            l.root.display()
        )));
    }
    crate::fleet::renewal::check_deletable(s, name)?;
    crate::cli::prompt::confirm(&question(s, name), args.yes)?;
    let _lock = super::issue::lock_lineage(l, name)?;
    // A fleet's lineage goes from the store first: deleted only here, a sync would bring it back.
    crate::fleet::renewal::delete_shared(s, name)?;
    let removed = remove_locked(s, name)?;
    s.out.result(
        &format!(
            "Deleted the certificate {name:?} ({} paths removed); it was not revoked",
            removed.len()
        ),
        &json!({"status": "deleted", "cert_name": name, "deleted": removed}),
    );
    Ok(())
}

/// What the confirmation names: the three places that go (on a fleet node, on every node).
pub fn question(s: &Settings, name: &str) -> String {
    let fleet = match crate::fleet::node::Setting::path(&s.layout).exists() {
        true => " On a fleet node: also from the fleet's store, and then from every node.",
        false => "",
    };
    format!(
        "Delete {}, {} and {}?{fleet}",
        s.layout.live(name).display(),
        s.layout.archive(name).display(),
        s.layout.renewal_conf(name).display()
    )
}

/// Removes the lineage; the caller holds its lock. Returns the paths removed.
pub fn remove_locked(s: &Settings, name: &str) -> Result<Vec<PathBuf>> {
    s.out.step(&format!("Deleting the certificate {name:?}"));
    lineage::delete(&s.layout, name)
        .with_context(|| format!("deleting the certificate {name:?} failed part-way"))
}
