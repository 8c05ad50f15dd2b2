//! Issuance options kept in a lineage's renewal conf (as `extra` keys, so older versions keep
//! them) and the checks they need before any order: key reuse, the user's CSR, the preferred
//! chain and the ACME profile.

use anyhow::Result;
use std::collections::BTreeMap;

use crate::error::usage;
use crate::storage::renewal_conf::RenewalConf;

/// `reuse_key = true`: renewals keep the lineage's current private key.
pub const REUSE_KEY: &str = "reuse_key";
/// `csr = <path>`: the lineage is issued from the user's CSR, a copy of which lives at this path.
pub const CSR: &str = "csr";
/// `preferred_chain = <issuer common name>`.
pub const PREFERRED_CHAIN: &str = "preferred_chain";
/// `profile = <name>` (draft-ietf-acme-profiles).
pub const PROFILE: &str = "profile";

pub fn get<'c>(conf: &'c RenewalConf, key: &str) -> Option<&'c str> {
    conf.extra
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// A profile must be one the CA's directory offers (`meta.profiles`); otherwise the order would
/// fail with `invalidProfile` after the work of placing it.
pub fn check_profile(offered: &BTreeMap<String, String>, want: &str) -> Result<()> {
    if offered.is_empty() {
        return Err(usage(format!(
            "--profile {want}: this CA offers no profiles (its directory has no meta.profiles); drop --profile"
        )));
    }
    if !offered.contains_key(want) {
        let list: Vec<String> = offered
            .iter()
            .map(|(name, about)| {
                if about.is_empty() {
                    name.clone()
                } else {
                    format!("{name} ({about})")
                }
            })
            .collect();
        return Err(usage(format!(
            "the CA offers no profile named {want:?}; it offers: {}",
            list.join(", ")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_must_be_offered() {
        let offered: BTreeMap<String, String> = [
            ("classic".to_string(), "90 days".to_string()),
            ("shortlived".to_string(), String::new()),
        ]
        .into();
        assert!(check_profile(&offered, "classic").is_ok());
        let err = check_profile(&offered, "tlsserver").unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(
            err.to_string()
                .contains("it offers: classic (90 days), shortlived"),
            "{err}"
        );
        let err = check_profile(&BTreeMap::new(), "classic").unwrap_err();
        assert!(err.to_string().contains("offers no profiles"), "{err}");
    }
}
