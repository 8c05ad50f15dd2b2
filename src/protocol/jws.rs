//! JSON Web Signatures as ACME uses them
//! ([RFC 8555 §6.2](https://www.rfc-editor.org/rfc/rfc8555#section-6.2)), key authorizations
//! ([§8.1](https://www.rfc-editor.org/rfc/rfc8555#section-8.1)) and External Account Binding
//! ([§7.3.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4)). Pure functions: no I/O.

use anyhow::Result;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use serde_json::{Value, json};

use crate::crypto::{KeyPair, b64url, sha256};

/// Who signs a request: a key introduced by its `jwk` (newAccount, revocation by certificate key,
/// the inner JWS of a key change) or an account by its URL (`kid`, everything else).
/// [RFC 8555 §6.2](https://www.rfc-editor.org/rfc/rfc8555#section-6.2): "The "jwk" and "kid" fields
/// are mutually exclusive", so a signer is one or the other.
pub enum Signer<'a> {
    /// Sign with this key and put its public JWK in the protected header.
    Jwk(&'a KeyPair),
    /// Sign with the account key and name the account by its URL (`kid`).
    Kid(&'a KeyPair, &'a str),
}

impl Signer<'_> {
    /// The private key that signs, whichever way it is named.
    pub fn key(&self) -> &KeyPair {
        match self {
            Signer::Jwk(k) | Signer::Kid(k, _) => k,
        }
    }
}

/// A flattened JWS ([RFC 7515 §7.2.2](https://www.rfc-editor.org/rfc/rfc7515#section-7.2.2)).
/// `payload` is the JSON text, or "" for POST-as-GET
/// ([RFC 8555 §6.3](https://www.rfc-editor.org/rfc/rfc8555#section-6.3)); `nonce` is `None` only
/// for the inner JWS of a key change and EAB, which have none.
pub fn sign(signer: &Signer, url: &str, nonce: Option<&str>, payload: &str) -> Result<String> {
    let key = signer.key();
    let mut protected = json!({"alg": key.jws_alg(), "url": url});
    match signer {
        Signer::Jwk(k) => protected["jwk"] = k.jwk()?,
        Signer::Kid(_, kid) => protected["kid"] = json!(kid),
    }
    if let Some(nonce) = nonce {
        protected["nonce"] = json!(nonce);
    }
    let protected = b64url(protected.to_string().as_bytes());
    let payload = b64url(payload.as_bytes());
    let signature = b64url(&key.sign(format!("{protected}.{payload}").as_bytes())?);
    Ok(json!({"protected": protected, "payload": payload, "signature": signature}).to_string())
}

/// `token "." base64url(thumbprint)`
/// ([RFC 8555 §8.1](https://www.rfc-editor.org/rfc/rfc8555#section-8.1)).
pub fn key_authorization(token: &str, thumbprint: &str) -> String {
    format!("{token}.{thumbprint}")
}

/// The TXT record value for dns-01
/// ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4)).
pub fn dns01_txt_value(key_authorization: &str) -> String {
    b64url(&sha256(key_authorization.as_bytes()))
}

/// Tokens become file names, so they must be exactly the base64url alphabet
/// ([RFC 8555 §8.3](https://www.rfc-editor.org/rfc/rfc8555#section-8.3): "It MUST NOT contain any
/// characters outside the base64url alphabet"), and long enough to be real.
pub fn valid_token(token: &str) -> bool {
    (16..=256).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The `externalAccountBinding` member of a newAccount request
/// ([RFC 8555 §7.3.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4)): a JWS over the
/// account's public JWK, MACed with HS256 by the CA-provided key, with no nonce.
pub fn external_account_binding(
    eab_kid: &str,
    hmac_key: &[u8],
    new_account_url: &str,
    jwk: &Value,
) -> Result<Value> {
    let protected = b64url(
        json!({"alg": "HS256", "kid": eab_kid, "url": new_account_url})
            .to_string()
            .as_bytes(),
    );
    let payload = b64url(jwk.to_string().as_bytes());
    let mac_key = PKey::hmac(hmac_key)?;
    let mut signer = openssl::sign::Signer::new(MessageDigest::sha256(), &mac_key)?;
    signer.update(format!("{protected}.{payload}").as_bytes())?;
    Ok(
        json!({"protected": protected, "payload": payload, "signature": b64url(&signer.sign_to_vec()?)}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{KeyType, b64url_decode};

    fn decode_json(part: &Value) -> Value {
        serde_json::from_slice(&b64url_decode(part.as_str().unwrap()).unwrap()).unwrap()
    }

    #[test]
    fn kid_requests_carry_kid_and_nonce_but_no_jwk() {
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let jws: Value = serde_json::from_str(
            &sign(
                &Signer::Kid(&key, "https://ca/acct/1"),
                "https://ca/o",
                Some("n1"),
                "",
            )
            .unwrap(),
        )
        .unwrap();
        let protected = decode_json(&jws["protected"]);
        assert_eq!(
            protected,
            json!({"alg": "ES256", "kid": "https://ca/acct/1", "nonce": "n1", "url": "https://ca/o"})
        );
        assert_eq!(jws["payload"], "", "POST-as-GET has an empty payload");
    }

    #[test]
    fn jwk_requests_verify_with_the_embedded_key() {
        let key = KeyPair::generate(KeyType::Rsa2048).unwrap();
        let jws: Value = serde_json::from_str(
            &sign(&Signer::Jwk(&key), "https://ca/a", Some("n"), r#"{"x":1}"#).unwrap(),
        )
        .unwrap();
        let protected = decode_json(&jws["protected"]);
        assert_eq!(protected["alg"], "RS256");
        assert_eq!(protected["jwk"], key.jwk().unwrap());
        let signed = format!(
            "{}.{}",
            jws["protected"].as_str().unwrap(),
            jws["payload"].as_str().unwrap()
        );
        let sig = b64url_decode(jws["signature"].as_str().unwrap()).unwrap();
        let mut v = openssl::sign::Verifier::new(MessageDigest::sha256(), key.pkey()).unwrap();
        v.update(signed.as_bytes()).unwrap();
        assert!(v.verify(&sig).unwrap());
    }

    /// RFC 8555 §8.1 / §8.4: key authorization and the dns-01 digest, with the RFC 7638 thumbprint.
    #[test]
    fn key_authorization_and_dns_value() {
        let ka = key_authorization(
            "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA",
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
        );
        assert_eq!(
            ka,
            "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        let v = dns01_txt_value(&ka);
        assert_eq!(v.len(), 43);
        assert_eq!(v, b64url(&sha256(ka.as_bytes())));
    }

    #[test]
    fn tokens_that_could_escape_a_directory_are_refused() {
        assert!(valid_token("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"));
        for bad in [
            "../../etc/passwd",
            "abc/def0123456789xyz",
            "abcdefghijklmnop.",
            "",
            "short",
            "abcdefghijklmnop\n",
        ] {
            assert!(!valid_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn eab_is_an_hs256_mac_over_the_account_jwk_without_nonce() {
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let jwk = key.jwk().unwrap();
        let eab = external_account_binding("kid-1", b"secret-mac-key", "https://ca/new-acct", &jwk)
            .unwrap();
        let protected = decode_json(&eab["protected"]);
        assert_eq!(
            protected,
            json!({"alg": "HS256", "kid": "kid-1", "url": "https://ca/new-acct"})
        );
        assert_eq!(decode_json(&eab["payload"]), jwk);
        let mac_key = PKey::hmac(b"secret-mac-key").unwrap();
        let mut s = openssl::sign::Signer::new(MessageDigest::sha256(), &mac_key).unwrap();
        s.update(
            format!(
                "{}.{}",
                eab["protected"].as_str().unwrap(),
                eab["payload"].as_str().unwrap()
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(eab["signature"], b64url(&s.sign_to_vec().unwrap()));
    }
}
