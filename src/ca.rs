//! The ACME CAs this crate knows by name: the one table of their directory URLs.
//!
//! Everything that names a CA reads it from here: alias resolution on the command line, the
//! staging server of a production CA, the built-in rate-limit tables ([`crate::limits`]).

/// A public ACME CA known by a short alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCa {
    /// The alias accepted wherever a directory URL is (`letsencrypt`, `google-staging`).
    pub alias: &'static str,
    /// The directory URL (RFC 8555 §7.1.1).
    pub url: &'static str,
    /// The alias of this CA's staging counterpart; `None` for a staging server itself or a
    /// CA without one.
    pub staging: Option<&'static str>,
}

/// Let's Encrypt's production directory.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";
/// Let's Encrypt's staging directory: untrusted certificates, far higher rate limits.
pub const LETS_ENCRYPT_STAGING: &str = "https://acme-staging-v02.api.letsencrypt.org/directory";

/// Every known CA, production servers before their staging counterparts.
pub const KNOWN: [KnownCa; 5] = [
    KnownCa {
        alias: "letsencrypt",
        url: LETS_ENCRYPT,
        staging: Some("letsencrypt-staging"),
    },
    KnownCa {
        alias: "letsencrypt-staging",
        url: LETS_ENCRYPT_STAGING,
        staging: None,
    },
    KnownCa {
        alias: "zerossl",
        url: "https://acme.zerossl.com/v2/DV90",
        staging: None,
    },
    KnownCa {
        alias: "google",
        url: "https://dv.acme-v02.api.pki.goog/directory",
        staging: Some("google-staging"),
    },
    KnownCa {
        alias: "google-staging",
        url: "https://dv.acme-v02.test-api.pki.goog/directory",
        staging: None,
    },
];

/// The known CA with this alias.
pub fn by_alias(alias: &str) -> Option<&'static KnownCa> {
    KNOWN.iter().find(|ca| ca.alias == alias)
}

/// The known CA whose directory this is (a trailing `/` ignored).
pub fn by_url(url: &str) -> Option<&'static KnownCa> {
    let url = url.trim_end_matches('/');
    KNOWN.iter().find(|ca| ca.url == url)
}

/// Whether `url` is a known CA's staging server.
pub fn is_known_staging(url: &str) -> bool {
    by_url(url).is_some_and(|ca| KNOWN.iter().any(|p| p.staging == Some(ca.alias)))
}

/// The staging server of a known CA; a known staging server is its own.
pub fn known_staging(url: &str) -> Option<&'static str> {
    if is_known_staging(url) {
        return by_url(url).map(|ca| ca.url);
    }
    by_alias(by_url(url)?.staging?).map(|ca| ca.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_staging_alias_names_a_known_ca() {
        for ca in KNOWN {
            if let Some(s) = ca.staging {
                assert!(by_alias(s).is_some(), "{} names unknown {s}", ca.alias);
            }
        }
    }

    #[test]
    fn staging_servers_are_found_for_production_and_are_their_own() {
        assert_eq!(known_staging(LETS_ENCRYPT), Some(LETS_ENCRYPT_STAGING));
        assert_eq!(
            known_staging(LETS_ENCRYPT_STAGING),
            Some(LETS_ENCRYPT_STAGING)
        );
        assert_eq!(
            known_staging(&format!("{LETS_ENCRYPT}/")),
            Some(LETS_ENCRYPT_STAGING)
        );
        assert_eq!(known_staging("https://acme.zerossl.com/v2/DV90"), None);
        assert_eq!(known_staging("https://localhost:14000/dir"), None);
        assert!(is_known_staging(KNOWN[4].url));
        assert!(!is_known_staging(KNOWN[3].url));
    }
}
