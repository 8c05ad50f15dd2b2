//! The checks the issuance options of a lineage (`crate::storage::renewal_conf::IssuanceOptions`:
//! key reuse, the user's CSR, the preferred chain, the ACME profile, a trusted chain) need
//! before any order.

use anyhow::Result;
use std::collections::BTreeMap;

use crate::cli::error::usage;
use crate::storage::renewal_conf::RenewalConf;

/// Why a chain to no trusted root is refused for this lineage, if it is: the global
/// `--require-trusted-chain` of this run, or the lineage's saved setting.
pub fn trusted_chain_required(global: bool, conf: &RenewalConf) -> Option<&'static str> {
    if global {
        Some("--require-trusted-chain")
    } else if conf.options.require_trusted_chain {
        Some("require_trusted_chain = true in its renewal conf")
    } else {
        None
    }
}

/// Let's Encrypt's `tlsserver` and `shortlived` profiles allow at most 25 names (`classic`:
/// 100). The names are Let's Encrypt's coinage (Pebble copies them), so the cap goes with them.
const PROFILES_OF_25_NAMES: [&str; 2] = ["tlsserver", "shortlived"];

/// The most names an order under `profile` may carry, when lower than the usual 100.
pub fn profile_max_names(profile: &str) -> Option<usize> {
    PROFILES_OF_25_NAMES.contains(&profile).then_some(25)
}

/// A profile must be one the CA's directory offers (`meta.profiles`), for no more names than it
/// allows; otherwise the order would fail (`invalidProfile`, `rejectedIdentifier`) after the
/// work of placing it.
pub fn check_profile(offered: &BTreeMap<String, String>, want: &str, names: usize) -> Result<()> {
    if let Some(max) = profile_max_names(want).filter(|max| names > *max) {
        return Err(usage(format!(
            "{names} names given, but the {want} profile allows at most {max} per certificate: \
             split them over several certificates (--cert-name), or use the classic profile (up to 100)"
        )));
    }
    if offered.is_empty() {
        return Err(usage(format!(
            "--profile {want}: this CA offers no profiles (its directory has no meta.profiles); drop --profile"
        )));
    }
    if !offered.contains_key(want) {
        let list: Vec<String> = offered
            .iter()
            .map(|(name, about)| {
                let name = acme::escape::escape(name);
                if about.is_empty() {
                    name.into_owned()
                } else {
                    format!("{name} ({})", acme::escape::escape(about))
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
        assert!(check_profile(&offered, "classic", 1).is_ok());
        let err = check_profile(&offered, "tlsserver", 1).unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&err), 2);
        assert!(
            err.to_string()
                .contains("it offers: classic (90 days), shortlived"),
            "{err}"
        );
        let err = check_profile(&BTreeMap::new(), "classic", 1).unwrap_err();
        assert!(err.to_string().contains("offers no profiles"), "{err}");
    }

    /// Let's Encrypt: tlsserver and shortlived allow 25 names, classic 100.
    #[test]
    fn the_short_profiles_allow_25_names() {
        let offered: BTreeMap<String, String> = [
            ("classic".to_string(), String::new()),
            ("shortlived".to_string(), String::new()),
        ]
        .into();
        assert!(check_profile(&offered, "shortlived", 25).is_ok());
        let err = check_profile(&offered, "shortlived", 26).unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&err), 2);
        assert!(err.to_string().contains("at most 25"), "{err}");
        assert!(check_profile(&offered, "classic", 26).is_ok());
        assert_eq!(profile_max_names("tlsserver"), Some(25));
        assert_eq!(profile_max_names("classic"), None);
    }
}
