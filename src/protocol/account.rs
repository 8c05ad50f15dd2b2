//! Accounts ([RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3)): create or find,
//! and the External Account Binding.

use crate::error::{Context, Result};
use serde_json::{Value, json};

use super::types::Status;
use super::{Client, Signer, jws};
use crate::crypto::KeyPair;

/// An account object ([RFC 8555 §7.1.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.2))
/// as the CA sent it; members this client does not use are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountObject {
    /// `status`: `valid`, `deactivated` (by its owner) or `revoked` (by the CA); `None` when
    /// the CA's reply held no account object.
    pub status: Option<Status>,
    /// `contact`: the URIs the CA holds (`mailto:`). Let's Encrypt no longer stores them, so
    /// an empty list does not mean none were sent.
    #[serde(default)]
    pub contact: Vec<String>,
    /// `termsOfServiceAgreed`, when the CA echoes it.
    pub terms_of_service_agreed: Option<bool>,
    /// `orders`: the URL of the account's orders list, when the CA offers one.
    pub orders: Option<String>,
}

/// An EAB credential issued by the CA out of band
/// ([RFC 8555 §7.3.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4)).
pub struct Eab {
    /// The key identifier the CA gave: the `kid` of the binding's protected header.
    pub kid: String,
    /// The MAC key, already base64url-decoded; it MACs the binding with HS256. A secret.
    pub hmac_key: Vec<u8>,
}

/// What newAccount answered ([RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3)).
pub struct AccountReply {
    /// The account URL, from `Location`: the `kid` of every later request.
    pub url: String,
    /// 201 Created, as opposed to 200 for a key that already had an account.
    pub created: bool,
    /// The account object
    /// ([RFC 8555 §7.1.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.2)); `Null` when the
    /// CA sent none that parses.
    pub body: Value,
}

/// newAccount ([RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3)). The caller
/// must have the user's consent before `agree_tos` is true. For a key that already has an account
/// the CA answers 200 with its URL, so this never creates a duplicate.
pub fn new_account(
    client: &Client,
    key: &KeyPair,
    contact: &[String],
    agree_tos: bool,
    eab: Option<&Eab>,
) -> Result<AccountReply> {
    let url = &client.directory.new_account;
    let mut payload = json!({"termsOfServiceAgreed": agree_tos, "contact": contact});
    if let Some(eab) = eab {
        payload["externalAccountBinding"] =
            jws::external_account_binding(&eab.kid, &eab.hmac_key, url, &key.jwk()?)?;
    }
    reply(
        client
            .post(url, &payload, &Signer::Jwk(key))
            .context("creating the account failed")?,
    )
}

/// Finds the account of `key` without creating one (`onlyReturnExisting`,
/// [RFC 8555 §7.3.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.1)).
pub fn find_account(client: &Client, key: &KeyPair) -> Result<AccountReply> {
    let payload = json!({"onlyReturnExisting": true});
    reply(client.post(&client.directory.new_account, &payload, &Signer::Jwk(key))?)
}

fn reply(resp: super::Response) -> Result<AccountReply> {
    let url = resp
        .location
        .clone()
        .context("the CA answered newAccount without a Location header")?;
    super::urls::require_https("the account (Location)", &url)?;
    Ok(AccountReply {
        url,
        created: resp.status == 201,
        body: resp.json().unwrap_or(Value::Null),
    })
}

/// Fetches the account object with POST-as-GET
/// ([RFC 8555 §6.3](https://www.rfc-editor.org/rfc/rfc8555#section-6.3)). Not an empty update `{}`:
/// Pebble refuses that ("Use POST-as-GET to retrieve account data instead of doing an empty
/// update").
pub fn fetch_account(client: &Client, key: &KeyPair, account_url: &str) -> Result<AccountObject> {
    let resp = client
        .post_as_get(account_url, &Signer::Kid(key, account_url))
        .with_context(|| format!("fetching the account {account_url} failed"))?;
    Ok(resp.json()?)
}

/// Replaces the account's contacts
/// ([RFC 8555 §7.3.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.2)). Returns the updated
/// account object.
pub fn update_contact(
    client: &Client,
    key: &KeyPair,
    account_url: &str,
    contact: &[String],
) -> Result<AccountObject> {
    let resp = client
        .post(
            account_url,
            &json!({ "contact": contact }),
            &Signer::Kid(key, account_url),
        )
        .with_context(|| format!("updating the contacts of {account_url} failed"))?;
    Ok(resp.json().unwrap_or_default())
}

/// Deactivates the account for good
/// ([RFC 8555 §7.3.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.6)): "the server MUST NOT
/// accept further requests authorized by that account's key".
pub fn deactivate(client: &Client, key: &KeyPair, account_url: &str) -> Result<AccountObject> {
    let resp = client
        .post(
            account_url,
            &json!({ "status": "deactivated" }),
            &Signer::Kid(key, account_url),
        )
        .with_context(|| format!("deactivating the account {account_url} failed"))?;
    Ok(resp.json().unwrap_or_default())
}

/// Account key rollover ([RFC 8555 §7.3.5](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5)).
/// The outer JWS is signed by the old key (`kid`); its payload is an inner JWS signed by the new
/// key with its `jwk`, the same `url`, and no nonce ("The inner JWS MUST NOT have a "nonce" header
/// parameter"), over `{"account": <account URL>, "oldKey": <old JWK>}`.
pub fn key_change(client: &Client, old: &KeyPair, account_url: &str, new: &KeyPair) -> Result<()> {
    let url =
        client.directory.key_change.as_deref().context(
            "this CA's directory has no keyChange URL: it does not support key rollover",
        )?;
    let inner = key_change_inner(url, account_url, old, new)?;
    client
        .post(url, &inner, &Signer::Kid(old, account_url))
        .with_context(|| format!("the key change at {url} failed; the old key stays in use"))?;
    Ok(())
}

/// The inner JWS of a key change (pure, for tests).
pub fn key_change_inner(
    key_change_url: &str,
    account_url: &str,
    old: &KeyPair,
    new: &KeyPair,
) -> anyhow::Result<Value> {
    let payload = json!({"account": account_url, "oldKey": old.jwk()?});
    let inner = jws::sign(
        &Signer::Jwk(new),
        key_change_url,
        None,
        &payload.to_string(),
    )?;
    Ok(serde_json::from_str(&inner)?)
}

/// `me@example.com` → `mailto:me@example.com`, refusing what cannot be one address
/// ([RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3): "mailto" URIs; commas
/// would smuggle in several `to` addresses).
pub fn mailto_contacts(emails: &[String]) -> std::result::Result<Vec<String>, String> {
    emails
        .iter()
        .map(|e| {
            let e = e.trim();
            let (local, domain) = e.split_once('@').unwrap_or(("", ""));
            if local.is_empty()
                || domain.is_empty()
                || e.contains(char::is_whitespace)
                || e.contains([',', '?', '%'])
            {
                Err(format!("{e:?} is not an email address"))
            } else {
                Ok(format!("mailto:{e}"))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{KeyType, b64url_decode};

    fn part(jws: &Value, name: &str) -> Value {
        serde_json::from_slice(&b64url_decode(jws[name].as_str().unwrap()).unwrap()).unwrap()
    }

    /// RFC 8555 §7.3.5: inner JWS by the new key, with `jwk`, the same url, no nonce.
    #[test]
    fn key_change_inner_jws_is_signed_by_the_new_key_without_nonce() {
        let old = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let new = KeyPair::generate(KeyType::EcdsaP384).unwrap();
        let inner = key_change_inner("https://ca/kc", "https://ca/acct/7", &old, &new).unwrap();
        let protected = part(&inner, "protected");
        assert_eq!(
            protected,
            json!({"alg": "ES384", "jwk": new.jwk().unwrap(), "url": "https://ca/kc"})
        );
        assert_eq!(
            part(&inner, "payload"),
            json!({"account": "https://ca/acct/7", "oldKey": old.jwk().unwrap()})
        );
    }

    #[test]
    fn contacts_become_mailto_uris_and_junk_is_refused() {
        assert_eq!(
            mailto_contacts(&[" me@example.com".into()]).unwrap(),
            vec!["mailto:me@example.com"]
        );
        for bad in [
            "",
            "me",
            "@example.com",
            "me@",
            "a@b.c,d@e.f",
            "a b@c.d",
            "a@b?cc=x",
        ] {
            assert!(mailto_contacts(&[bad.into()]).is_err(), "{bad:?}");
        }
    }
}
