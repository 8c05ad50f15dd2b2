//! The keys of a renewal conf that this version does not know, and the nearest known key to
//! each. Unknown keys are kept (a newer version's settings survive an older one) but have no
//! effect, so a hand-typed `deploy-hook = …` or certbot's `webroot_path = …` would silently never
//! run; `renew` and `issue` warn about them with the file, the line and a suggestion, and
//! `list` marks the lineage.
//! Which keys are known is the codec's ([`super::codec::ConfKey`]): there is no second list. Pure.

use super::codec::{self, ConfKey};

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

/// The unknown keys of a conf's text, in file order (read as the codec reads it: `key = value`
/// lines, `#` comments; a line the codec refuses is its error, not an unknown key).
pub fn unknown_keys(text: &str) -> Vec<UnknownKey> {
    codec::lines(text)
        .filter_map(Result::ok)
        .filter(|(_, key, _)| !codec::is_known(key))
        .map(|(line, key, _)| UnknownKey {
            line,
            key: key.to_string(),
            nearest: nearest(key),
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
    let (best, d) = ConfKey::ALL
        .iter()
        .map(|c| (c.name(), distance(&k, c.name())))
        .min_by_key(|(_, d)| *d)?;
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

    /// Every key acme writes is known, and every known key is one acme writes.
    #[test]
    fn what_acme_writes_is_known() {
        let mut conf = crate::storage::renewal_conf::tests::every_key_set();
        conf.extra.clear();
        let text = conf.render("a.example");
        assert_eq!(unknown_keys(&text), [], "{text}");
        for key in ConfKey::ALL {
            assert!(
                text.lines()
                    .any(|l| l.starts_with(&format!("{} = ", key.name()))),
                "{} is not written\n{text}",
                key.name()
            );
        }
    }
}
