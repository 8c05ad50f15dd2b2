//! TSIG keys (RFC 8945) in BIND's key-file format, as `tsig-keygen` writes them:
//!
//! ```text
//! key "acme-key" {
//!     algorithm hmac-sha256;
//!     secret "base64…";
//! };
//! ```
//!
//! The secret lives only in memory; `Debug` hides it, and the renewal conf stores the file path.

use anyhow::{Result, anyhow, bail};
use hickory_proto::rr::Name;
use hickory_proto::rr::dnssec::rdata::tsig::TsigAlgorithm;
use hickory_proto::rr::dnssec::tsig::TSigner;
use openssl::base64;

/// Clock skew allowed by the server
/// ([RFC 8945 §5.2.3](https://www.rfc-editor.org/rfc/rfc8945#section-5.2.3) recommends 300 s).
const FUDGE: u16 = 300;

/// A TSIG key ([RFC 8945 §4.2](https://www.rfc-editor.org/rfc/rfc8945#section-4.2)): the shared
/// secret that signs RFC 2136 updates, named as the DNS server knows it.
#[derive(Clone, PartialEq)]
pub struct TsigKey {
    /// The key's name, as in the server's `key` clause; it travels as the TSIG record's owner
    /// name, and the server finds the secret by it.
    pub name: String,
    /// `hmac-sha256`, `hmac-sha384` or `hmac-sha512`.
    pub algorithm: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for TsigKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TsigKey({:?}, {}, secret hidden)",
            self.name, self.algorithm
        )
    }
}

impl TsigKey {
    /// A signer for DNS messages with this key, allowing the server 300 s of clock skew
    /// ([RFC 8945 §5.2.3](https://www.rfc-editor.org/rfc/rfc8945#section-5.2.3)). Fails on an
    /// algorithm other than the three above, or a name that is not a DNS name.
    pub fn signer(&self) -> Result<TSigner> {
        let algorithm = match self.algorithm.as_str() {
            "hmac-sha256" => TsigAlgorithm::HmacSha256,
            "hmac-sha384" => TsigAlgorithm::HmacSha384,
            "hmac-sha512" => TsigAlgorithm::HmacSha512,
            other => bail!("unsupported TSIG algorithm {other}"),
        };
        let name = Name::from_ascii(format!("{}.", self.name.trim_end_matches('.')))
            .map_err(|e| anyhow!("the TSIG key name {:?} is not a DNS name: {e}", self.name))?;
        TSigner::new(self.secret.clone(), algorithm, name, FUDGE)
            .map_err(|e| anyhow!("cannot use the TSIG key {:?}: {e}", self.name))
    }
}

/// Parses the first `key` clause of a BIND key file. Comments (`#`, `//`, `/* */`) are ignored.
pub fn parse(text: &str) -> Result<TsigKey> {
    let tokens = tokenize(&strip_comments(text));
    let mut it = tokens.iter().map(String::as_str).peekable();
    while let Some(t) = it.next() {
        if t != "key" {
            continue;
        }
        let name = it.next().ok_or_else(|| anyhow!("`key` without a name"))?;
        let name = unquote(name).to_string();
        if it.next() != Some("{") {
            bail!("expected `{{` after key \"{name}\"");
        }
        let (mut algorithm, mut secret) = (None, None);
        loop {
            match it.next() {
                Some("}") => break,
                Some("algorithm") => algorithm = it.next().map(|a| unquote(a).to_ascii_lowercase()),
                Some("secret") => secret = it.next().map(|s| unquote(s).to_string()),
                Some(";") => continue,
                Some(_) => {} // an option we do not need; its value follows
                None => bail!("the key \"{name}\" is not closed with `}};`"),
            }
        }
        let algorithm = algorithm.ok_or_else(|| anyhow!("the key \"{name}\" has no algorithm"))?;
        if !matches!(
            algorithm.as_str(),
            "hmac-sha256" | "hmac-sha384" | "hmac-sha512"
        ) {
            bail!(
                "the key \"{name}\" uses {algorithm}; use hmac-sha256, hmac-sha384 or hmac-sha512"
            );
        }
        let secret = secret.ok_or_else(|| anyhow!("the key \"{name}\" has no secret"))?;
        // Never echo the secret in an error.
        let secret = base64::decode_block(&secret)
            .map_err(|_| anyhow!("the secret of the key \"{name}\" is not valid base64"))?;
        if secret.is_empty() {
            bail!("the secret of the key \"{name}\" is empty");
        }
        return Ok(TsigKey {
            name,
            algorithm,
            secret,
        });
    }
    bail!("no `key \"name\" {{ … }};` clause found")
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after);
        } else if rest.starts_with('#') || rest.starts_with("//") {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
            out.push('\n');
        } else if rest.starts_with('"') {
            // Keep quoted strings whole (a `#` inside one is not a comment).
            let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if quoted {
            cur.push(c);
            if c == '"' {
                quoted = false;
                tokens.push(std::mem::take(&mut cur));
            }
        } else if c == '"' {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            cur.push(c);
            quoted = true;
        } else if c.is_whitespace() || matches!(c, '{' | '}' | ';') {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tsig_keygen_output() {
        // As `tsig-keygen -a hmac-sha256 acme-key` prints it.
        let text = "key \"acme-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0LWtleS1ieXRlcw==\";\n};\n";
        let k = parse(text).unwrap();
        assert_eq!(k.name, "acme-key");
        assert_eq!(k.algorithm, "hmac-sha256");
        assert_eq!(k.secret, b"secret-key-bytes");
        assert!(k.signer().is_ok());
    }

    #[test]
    fn accepts_comments_one_line_and_other_algorithms() {
        let text = "# made by hand\n/* block */ key upd.example. { algorithm HMAC-SHA512; // c\n secret \"AAEC\"; };";
        let k = parse(text).unwrap();
        assert_eq!(
            (k.name.as_str(), k.algorithm.as_str()),
            ("upd.example.", "hmac-sha512")
        );
        assert_eq!(k.secret, [0, 1, 2]);
        let k = parse("key \"k\" { algorithm hmac-sha384; secret \"AAEC\"; };").unwrap();
        assert_eq!(k.algorithm, "hmac-sha384");
    }

    #[test]
    fn refuses_weak_or_incomplete_keys_without_echoing_the_secret() {
        for (text, want) in [
            (
                "key \"k\" { algorithm hmac-md5; secret \"AAEC\"; };",
                "hmac-md5",
            ),
            ("key \"k\" { secret \"AAEC\"; };", "no algorithm"),
            ("key \"k\" { algorithm hmac-sha256; };", "no secret"),
            (
                "key \"k\" { algorithm hmac-sha256; secret \"not*base64!\"; };",
                "not valid base64",
            ),
            (
                "key \"k\" { algorithm hmac-sha256; secret \"AAEC\";",
                "not closed",
            ),
            ("options { };", "no `key"),
        ] {
            let err = format!("{:#}", parse(text).unwrap_err());
            assert!(err.contains(want), "{text}: {err}");
            assert!(
                !err.contains("not*base64") && !err.contains("AAEC"),
                "{err}"
            );
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let k = parse("key \"k\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };").unwrap();
        assert!(!format!("{k:?}").contains("secret\""));
        assert!(!format!("{k:?}").contains("c2VjcmV0"));
    }
}
