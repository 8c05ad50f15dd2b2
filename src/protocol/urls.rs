//! Every URL the CA hands out must be `https`: signed requests, the account URL (`kid`) and the
//! certificate must never travel in clear text, and
//! [RFC 8555 §6.1](https://www.rfc-editor.org/rfc/rfc8555#section-6.1) requires HTTPS throughout.
//! Checked when a URL arrives, so a bad one fails before any solver or hook runs.

use anyhow::{Result, bail};

use super::types::{Authorization, Directory, Order};

/// Refuses a URL that is not `https://host...`, or that carries whitespace or control
/// characters (which no URL may, and which would reach the terminal raw).
pub fn require_https(what: &str, url: &str) -> Result<()> {
    let rest = url
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..]);
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && clean => Ok(()),
        _ => bail!(
            "the CA gave {what} the URL {}, which is not https; acme talks to the CA over https \
             only (RFC 8555 §6.1), so nothing was sent there and no challenge was set up",
            crate::escape::escape(url)
        ),
    }
}

/// [RFC 8555 §7.1.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.1): every endpoint in the
/// directory.
pub fn check_directory(d: &Directory) -> Result<()> {
    require_https("newNonce", &d.new_nonce)?;
    require_https("newAccount", &d.new_account)?;
    require_https("newOrder", &d.new_order)?;
    for (what, url) in [
        ("revokeCert", &d.revoke_cert),
        ("keyChange", &d.key_change),
        ("renewalInfo", &d.renewal_info),
    ] {
        if let Some(url) = url {
            require_https(what, url)?;
        }
    }
    Ok(())
}

/// [RFC 8555 §7.1.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.3): the order's
/// authorizations, finalize and certificate URLs.
pub fn check_order(o: &Order) -> Result<()> {
    for url in &o.authorizations {
        require_https("an authorization", url)?;
    }
    require_https("finalize", &o.finalize)?;
    if let Some(url) = &o.certificate {
        require_https("the certificate", url)?;
    }
    Ok(())
}

/// [RFC 8555 §7.1.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.4): each challenge URL.
pub fn check_authorization(a: &Authorization) -> Result<()> {
    for ch in &a.challenges {
        require_https(
            &format!("the {} challenge", crate::escape::escape(ch.kind.as_str())),
            &ch.url,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_urls_with_a_host_pass() {
        assert!(require_https("x", "https://ca.example/acme/order/1").is_ok());
        assert!(require_https("x", "HTTPS://ca.example/").is_ok());
        for bad in [
            "http://ca.example/acme/order/1",
            "https://",
            "https:///path",
            "ftp://ca.example/",
            "//ca.example/x",
            "/acme/order/1",
            "https://ca.example/\nevil",
            "",
        ] {
            let err = require_https("newOrder", bad).unwrap_err().to_string();
            assert!(err.contains("not https"), "{bad:?}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }
}
