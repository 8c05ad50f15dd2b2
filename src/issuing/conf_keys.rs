//! Which renewal-conf keys this version knows, and the nearest known key to one it does not.
//! Unknown keys are kept (a newer version's settings survive an older one) but have no effect,
//! so a hand-typed `deploy-hook = …` or certbot's `webroot_path = …` would silently never run;
//! `renew` and `list` warn about them with the file, the line and a suggestion. Pure.
//!
//! A module that adds a conf key adds it to [`KNOWN`] too.

use crate::{issuing::method, issuing::options, renewing::survey};
use acme::renewal;

/// Every key except the per-name `webroot.<name>`.
pub const KNOWN: &[&str] = &[
    "domains",
    "server",
    "fallback_servers",
    "account",
    "key_type",
    "method",
    "pre_hook",
    "post_hook",
    "deploy_hook",
    "failure_hook",
    "renew_before_days",
    options::REUSE_KEY,
    options::CSR,
    options::PREFERRED_CHAIN,
    options::PROFILE,
    options::REQUIRE_TRUSTED_CHAIN,
    method::SELF_CHECK,
    method::SELF_CHECK_VIA,
    survey::REVOKED_FLAG,
    "revoked_serial",
    "revoked_reason",
    "imported_from",
];

/// A key of a renewal conf that this version does not know.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownKey {
    /// 1-based line number.
    pub line: usize,
    pub key: String,
    /// The known key it most probably means, if one is close.
    pub nearest: Option<String>,
}

impl UnknownKey {
    /// `unknown key \`deploy-hook\` (line 7) is ignored; did you mean \`deploy_hook\`?`
    pub fn describe(&self) -> String {
        let hint = match &self.nearest {
            Some(k) => format!("; did you mean `{k}`?"),
            None => String::new(),
        };
        format!(
            "unknown key `{}` (line {}) is ignored{hint}",
            self.key, self.line
        )
    }
}

fn is_known(key: &str) -> bool {
    KNOWN.contains(&key)
        || method::METHOD_KEYS.contains(&key)
        || renewal::ARI_KEYS.contains(&key)
        || key.strip_prefix("webroot.").is_some_and(|d| !d.is_empty())
}

/// The unknown keys of a conf's text, in file order (read as the conf is: `key = value`
/// lines, `#` comments).
pub fn unknown_keys(text: &str) -> Vec<UnknownKey> {
    text.lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let key = line.split_once('=')?.0.trim();
            (!is_known(key)).then(|| UnknownKey {
                line: i + 1,
                key: key.to_string(),
                nearest: nearest(key),
            })
        })
        .collect()
}

/// The known key closest to `key` (ignoring case and `-` versus `_`), if close enough to be a
/// typo; certbot's `webroot_path`/`webroot_map` mean the per-name `webroot.<name>`.
pub fn nearest(key: &str) -> Option<String> {
    let k = key.to_ascii_lowercase().replace('-', "_");
    if k.starts_with("webroot") {
        return Some("webroot.<name>".into());
    }
    let all = KNOWN
        .iter()
        .chain(method::METHOD_KEYS.iter())
        .chain(renewal::ARI_KEYS.iter());
    let (best, d) = all.map(|c| (*c, distance(&k, c))).min_by_key(|(_, d)| *d)?;
    (d <= (best.len() / 3).max(2)).then(|| best.to_string())
}

/// Levenshtein distance over bytes.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_found_with_their_line_and_nearest_known_key() {
        let text = "# comment\ndomains = a.example\nserver = s\ndeploy-hook = reload\n\
                    webroot_path = /var/www\nwebroot.a.example = /srv\nrenew_befor_days = 3\n\
                    ari_cert = x\nfrobnicate = 1\n";
        let got = unknown_keys(text);
        let brief: Vec<(usize, &str, Option<&str>)> = got
            .iter()
            .map(|u| (u.line, u.key.as_str(), u.nearest.as_deref()))
            .collect();
        assert_eq!(
            brief,
            [
                (4, "deploy-hook", Some("deploy_hook")),
                (5, "webroot_path", Some("webroot.<name>")),
                (7, "renew_befor_days", Some("renew_before_days")),
                (9, "frobnicate", None),
            ]
        );
        assert_eq!(
            got[0].describe(),
            "unknown key `deploy-hook` (line 4) is ignored; did you mean `deploy_hook`?"
        );
    }

    #[test]
    fn what_acme_writes_is_known() {
        let conf = crate::storage::renewal_conf::RenewalConf {
            domains: vec!["a.example".into()],
            server: "https://ca.example/dir".into(),
            fallback_servers: vec!["https://b.example/dir".into()],
            account: "https://ca.example/acct/1".into(),
            key_type: Some(acme::crypto::KeyType::EcdsaP256),
            method: "webroot".into(),
            webroot: vec![("a.example".into(), "/srv".into())],
            pre_hook: Some("a".into()),
            post_hook: Some("b".into()),
            deploy_hook: Some("c".into()),
            failure_hook: Some("d".into()),
            renew_before_days: Some(3),
            extra: KNOWN
                .iter()
                .chain(method::METHOD_KEYS.iter())
                .chain(renewal::ARI_KEYS.iter())
                .filter(|k| !k.contains('.'))
                .map(|k| (k.to_string(), "1".to_string()))
                .collect(),
        };
        assert_eq!(unknown_keys(&conf.render("a.example")), []);
    }
}
