//! The CAs this client knows by name: one table that every part reads — `--server` aliases and
//! their staging servers, the rate-limit tables guarding orders, the revocation reasons a CA
//! accepts, the CAA identity a hint names, and whether new accounts need EAB. A CA not in the
//! table works the same, by its directory URL; it just gets no aliases, limits or hints.

use crate::limits::{self, Table};

/// One CA's production or staging ACME server.
#[derive(Debug, PartialEq, Eq)]
pub struct KnownCa {
    /// The name `--server` accepts for it.
    pub alias: &'static str,
    /// Its ACME directory URL
    /// ([RFC 8555 §7.1.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.1)).
    pub directory: &'static str,
    /// For a production server, the alias of its staging server (where `--staging` and
    /// `--dry-run` go).
    pub staging: Option<&'static str>,
    /// Whether this is a staging server (its certificates are not trusted by browsers).
    pub is_staging: bool,
    /// Its published rate limits, when known.
    pub rate_limits: Option<&'static Table>,
    /// The revocation reasons
    /// ([RFC 5280 §5.3.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1) codes) it accepts,
    /// when it accepts fewer than RFC 5280 lists.
    pub revocation_reasons: Option<&'static [u8]>,
    /// The issuer domain name a CAA record must name to allow it
    /// ([RFC 8659 §4](https://www.rfc-editor.org/rfc/rfc8659#section-4)).
    pub caa_identity: &'static str,
    /// Whether new accounts need External Account Binding
    /// ([RFC 8555 §7.3.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4)).
    pub eab_required: bool,
}

/// The reasons Let's Encrypt accepts from subscribers; it refuses the others.
const LETS_ENCRYPT_REASONS: [u8; 4] = [0, 1, 4, 5];

/// Every known CA server. The first is the default `--server`.
pub const KNOWN_CAS: [KnownCa; 5] = [
    KnownCa {
        alias: "letsencrypt",
        directory: "https://acme-v02.api.letsencrypt.org/directory",
        staging: Some("letsencrypt-staging"),
        is_staging: false,
        rate_limits: Some(&limits::LETSENCRYPT),
        revocation_reasons: Some(&LETS_ENCRYPT_REASONS),
        caa_identity: "letsencrypt.org",
        eab_required: false,
    },
    KnownCa {
        alias: "letsencrypt-staging",
        directory: "https://acme-staging-v02.api.letsencrypt.org/directory",
        staging: None,
        is_staging: true,
        rate_limits: Some(&limits::LETSENCRYPT_STAGING),
        revocation_reasons: Some(&LETS_ENCRYPT_REASONS),
        caa_identity: "letsencrypt.org",
        eab_required: false,
    },
    KnownCa {
        alias: "zerossl",
        directory: "https://acme.zerossl.com/v2/DV90",
        staging: None,
        is_staging: false,
        rate_limits: None,
        revocation_reasons: None,
        caa_identity: "sectigo.com",
        eab_required: true,
    },
    KnownCa {
        alias: "google",
        directory: "https://dv.acme-v02.api.pki.goog/directory",
        staging: Some("google-staging"),
        is_staging: false,
        rate_limits: None,
        revocation_reasons: None,
        caa_identity: "pki.goog",
        eab_required: true,
    },
    KnownCa {
        alias: "google-staging",
        directory: "https://dv.acme-v02.test-api.pki.goog/directory",
        staging: None,
        is_staging: true,
        rate_limits: None,
        revocation_reasons: None,
        caa_identity: "pki.goog",
        eab_required: true,
    },
];

/// The default CA (`--server` when none is given).
pub const DEFAULT: &KnownCa = &KNOWN_CAS[0];

/// The known CA named `alias`.
pub fn by_alias(alias: &str) -> Option<&'static KnownCa> {
    KNOWN_CAS.iter().find(|c| c.alias == alias)
}

/// The known CA serving the directory `url` (a trailing `/` is ignored).
pub fn by_directory(url: &str) -> Option<&'static KnownCa> {
    let url = url.trim_end_matches('/');
    KNOWN_CAS.iter().find(|c| c.directory == url)
}

/// Every alias, in table order.
pub fn aliases() -> impl Iterator<Item = &'static str> {
    KNOWN_CAS.iter().map(|c| c.alias)
}

/// The rate-limit table named `name` (a known CA's alias).
pub fn rate_limits_by_name(name: &str) -> Option<&'static Table> {
    KNOWN_CAS
        .iter()
        .filter_map(|c| c.rate_limits)
        .find(|t| t.name == name)
}

impl KnownCa {
    /// The staging server of this CA: its own when it is one.
    pub fn staging_directory(&self) -> Option<&'static str> {
        if self.is_staging {
            return Some(self.directory);
        }
        self.staging.and_then(by_alias).map(|c| c.directory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each staging alias names a staging server of the table; aliases and URLs are unique;
    /// every rate-limit table belongs to exactly one server.
    #[test]
    fn the_table_is_consistent() {
        for c in &KNOWN_CAS {
            assert!(c.directory.starts_with("https://"), "{}", c.alias);
            assert_eq!(by_alias(c.alias), Some(c));
            assert_eq!(by_directory(c.directory), Some(c));
            if let Some(s) = c.staging {
                let staging = by_alias(s).unwrap_or_else(|| panic!("{s} is not in the table"));
                assert!(staging.is_staging && !c.is_staging, "{}", c.alias);
                assert_eq!(staging.caa_identity, c.caa_identity);
            }
            if let Some(t) = c.rate_limits {
                assert_eq!(t.name, c.alias, "a table is named after its server");
                assert_eq!(rate_limits_by_name(t.name), Some(t));
            }
        }
        assert_eq!(DEFAULT.alias, "letsencrypt");
    }

    #[test]
    fn directories_are_found_with_or_without_a_trailing_slash() {
        let le = "https://acme-v02.api.letsencrypt.org/directory/";
        assert_eq!(by_directory(le).map(|c| c.alias), Some("letsencrypt"));
        assert_eq!(by_directory("https://localhost:14000/dir"), None);
        assert_eq!(
            by_alias("google").unwrap().staging_directory(),
            Some("https://dv.acme-v02.test-api.pki.goog/directory")
        );
        assert_eq!(by_alias("zerossl").unwrap().staging_directory(), None);
    }
}
