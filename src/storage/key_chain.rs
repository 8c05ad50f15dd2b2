//! Proof that an account key took over from another: the links a key rollover leaves, so a
//! fleet node still holding the old key can take the new one from the shared store without
//! trusting the store (issue #21; review finding 6 forbids a store record from replacing a
//! node's key arbitrarily).
//!
//! `acme account rollover` signs, with the **old** key, the statement "on `<server>`, the
//! account `<url>` now has the key `<new public key>`" — after the CA accepted the key change
//! (RFC 8555 §7.3.5), so a link only ever names a key the CA took. A node replaces its key with
//! an offered one only when a chain of such links leads from the key it holds to the offered
//! one, each link verified with the key the node already trusts at that step. Whoever writes
//! the store without holding the current account key cannot make a link a node accepts; an
//! old link replayed cannot move a node back (it starts from a key the node no longer holds).
//!
//! Why a signature by the old key rather than asking the CA which key it knows: the check is
//! made during a sync (`acme sync --watch` has no CA connection, and the store layer talks to
//! no CA), it works while the CA is unreachable, and it is a pure function over data, tested
//! with tables. What it cannot prove: that the CA still holds the newest key (a node holding
//! the account key could sign a link to a key the CA never saw). Such a node has the account
//! key anyway, so it could do worse; the result is only that renewals fail at the CA.

use anyhow::{Context, Result};
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::{Signer, Verifier};
use serde::{Deserialize, Serialize};

use acme::crypto::KeyPair;

/// The links kept (the newest): a node that missed more rollovers than this takes the key by
/// hand. Also the most read from a store, so a hostile list costs bounded work.
pub const MAX_LINKS: usize = 16;

/// One rollover: `from` handed the account to `to`. Public data (keys are SubjectPublicKeyInfo
/// DER, base64; the signature is by `from`, SHA-256, DER for ECDSA, PKCS#1 v1.5 for RSA).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLink {
    pub from: String,
    pub to: String,
    pub sig: String,
}

/// What a link's key signs: domain-separated, naming the CA, the account and the new key.
fn statement(server: &str, account: &str, to_der: &[u8]) -> Vec<u8> {
    let mut m = b"acme fleet account key rollover v1\n".to_vec();
    for part in [server.as_bytes(), b"\n", account.as_bytes(), b"\n", to_der] {
        m.extend_from_slice(part);
    }
    m
}

fn b64(b: &[u8]) -> String {
    openssl::base64::encode_block(b)
}

fn unb64(s: &str) -> Option<Vec<u8>> {
    openssl::base64::decode_block(s).ok()
}

/// The link that hands the account `account` on `server` from `old` to `new`, signed by `old`.
pub fn link(old: &KeyPair, new: &KeyPair, server: &str, account: &str) -> Result<KeyLink> {
    let to = new.public_key_der()?;
    let mut signer = Signer::new(MessageDigest::sha256(), old.pkey())?;
    signer.update(&statement(server, account, &to))?;
    let sig = signer
        .sign_to_vec()
        .context("cannot sign the key rollover")?;
    Ok(KeyLink {
        from: b64(&old.public_key_der()?),
        to: b64(&to),
        sig: b64(&sig),
    })
}

/// Whether `link`, read with the trusted key `from_der`, hands the account on to its `to`.
fn verifies(link: &KeyLink, from_der: &[u8], server: &str, account: &str) -> Option<Vec<u8>> {
    if unb64(&link.from)? != from_der {
        return None;
    }
    let to = unb64(&link.to)?;
    let key = PKey::public_key_from_der(from_der).ok()?;
    let mut v = Verifier::new(MessageDigest::sha256(), &key).ok()?;
    v.update(&statement(server, account, &to)).ok()?;
    v.verify(&unb64(&link.sig)?).ok()?.then_some(to)
}

/// Whether the chain `links` leads from the trusted key `held` (public DER) to `offered`,
/// for the account `account` on `server` (both as this node knows them, never as the offer
/// says). Pure. At most [`MAX_LINKS`] steps.
pub fn succeeds(
    held: &[u8],
    offered: &[u8],
    server: &str,
    account: &str,
    links: &[KeyLink],
) -> bool {
    let mut current = held.to_vec();
    for _ in 0..MAX_LINKS {
        if current == offered {
            return current != held;
        }
        match links
            .iter()
            .take(MAX_LINKS)
            .find_map(|l| verifies(l, &current, server, account))
        {
            Some(next) => current = next,
            None => return false,
        }
    }
    current == offered && current != held
}

/// `links` with `new` appended (once), keeping the newest [`MAX_LINKS`].
pub fn extended(links: &[KeyLink], new: KeyLink) -> Vec<KeyLink> {
    let mut out: Vec<KeyLink> = links.iter().filter(|l| **l != new).cloned().collect();
    out.push(new);
    let drop = out.len().saturating_sub(MAX_LINKS);
    out.drain(..drop);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use acme::crypto::KeyType;

    const CA: &str = "https://ca.test/dir";
    const ACCT: &str = "https://ca.test/acct/1";

    fn key(kind: KeyType) -> KeyPair {
        KeyPair::generate(kind).unwrap()
    }

    fn der(k: &KeyPair) -> Vec<u8> {
        k.public_key_der().unwrap()
    }

    #[test]
    fn a_chain_of_rollovers_leads_from_the_held_key_to_the_offered_one_only() {
        let k1 = key(KeyType::EcdsaP256);
        let k2 = key(KeyType::Rsa2048);
        let k3 = key(KeyType::EcdsaP384);
        let stranger = key(KeyType::EcdsaP256);
        let l12 = link(&k1, &k2, CA, ACCT).unwrap();
        let l23 = link(&k2, &k3, CA, ACCT).unwrap();
        let chain = extended(&extended(&[], l12.clone()), l23.clone());
        // (held, offered, links, accepted)
        let cases: Vec<(&KeyPair, &KeyPair, Vec<KeyLink>, bool)> = vec![
            (&k1, &k2, vec![l12.clone()], true),
            (&k1, &k3, chain.clone(), true),
            (&k2, &k3, chain.clone(), true),
            // Order in the list does not matter; the same key is no rollover.
            (&k1, &k3, vec![l23.clone(), l12.clone()], true),
            (&k1, &k1, chain.clone(), false),
            // A gap, a stranger's key, a replay backwards.
            (&k1, &k3, vec![l23.clone()], false),
            (&k1, &stranger, chain.clone(), false),
            (&k3, &k2, chain.clone(), false),
            (&k2, &k1, chain.clone(), false),
        ];
        for (i, (held, offered, links, want)) in cases.into_iter().enumerate() {
            assert_eq!(
                succeeds(&der(held), &der(offered), CA, ACCT, &links),
                want,
                "case {i}"
            );
        }
        // Signed for another account or another CA: not this one's.
        assert!(!succeeds(
            &der(&k1),
            &der(&k2),
            CA,
            "https://ca.test/acct/2",
            std::slice::from_ref(&l12)
        ));
        assert!(!succeeds(
            &der(&k1),
            &der(&k2),
            "https://other.test/dir",
            ACCT,
            std::slice::from_ref(&l12)
        ));
    }

    #[test]
    fn a_link_not_signed_by_the_held_key_is_refused() {
        let (k1, k2) = (key(KeyType::EcdsaP256), key(KeyType::EcdsaP256));
        let attacker = key(KeyType::EcdsaP256);
        // Claims to come from k1, signed by the attacker.
        let mut forged = link(&attacker, &attacker, CA, ACCT).unwrap();
        forged.from = b64(&der(&k1));
        assert!(!succeeds(&der(&k1), &der(&attacker), CA, ACCT, &[forged]));
        // A real link with its target swapped.
        let mut swapped = link(&k1, &k2, CA, ACCT).unwrap();
        swapped.to = b64(&der(&attacker));
        assert!(!succeeds(&der(&k1), &der(&attacker), CA, ACCT, &[swapped]));
        let garbage = KeyLink {
            from: "!!".into(),
            to: "".into(),
            sig: "x".into(),
        };
        assert!(!succeeds(&der(&k1), &der(&k2), CA, ACCT, &[garbage]));
    }

    #[test]
    fn the_chain_keeps_the_newest_links_once_each() {
        let keys: Vec<KeyPair> = (0..MAX_LINKS + 3)
            .map(|_| key(KeyType::EcdsaP256))
            .collect();
        let mut chain = Vec::new();
        for w in keys.windows(2) {
            let l = link(&w[0], &w[1], CA, ACCT).unwrap();
            chain = extended(&chain, l.clone());
            chain = extended(&chain, l);
        }
        assert_eq!(chain.len(), MAX_LINKS);
        let last = keys.last().unwrap();
        let held = &keys[keys.len() - 1 - MAX_LINKS];
        assert!(succeeds(&der(held), &der(last), CA, ACCT, &chain));
        assert!(!succeeds(&der(&keys[0]), &der(last), CA, ACCT, &chain));
    }
}
