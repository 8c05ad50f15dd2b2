//! Accounts (RFC 8555 §7.3): create or find, and the External Account Binding.

use anyhow::{Context, Result};
use serde_json::{Value, json};

use super::{Client, Signer, jws};
use crate::crypto::KeyPair;

/// An EAB credential issued by the CA out of band (RFC 8555 §7.3.4).
pub struct Eab {
    pub kid: String,
    pub hmac_key: Vec<u8>,
}

pub struct AccountReply {
    pub url: String,
    /// 201 Created, as opposed to 200 for a key that already had an account.
    pub created: bool,
    pub body: Value,
}

/// newAccount (RFC 8555 §7.3). The caller must have the user's consent before `agree_tos` is
/// true. For a key that already has an account the CA answers 200 with its URL, so this never
/// creates a duplicate.
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

/// Finds the account of `key` without creating one (`onlyReturnExisting`, RFC 8555 §7.3.1).
pub fn find_account(client: &Client, key: &KeyPair) -> Result<AccountReply> {
    let payload = json!({"onlyReturnExisting": true});
    reply(client.post(&client.directory.new_account, &payload, &Signer::Jwk(key))?)
}

fn reply(resp: super::Response) -> Result<AccountReply> {
    let url = resp
        .location
        .clone()
        .context("the CA answered newAccount without a Location header")?;
    Ok(AccountReply {
        url,
        created: resp.status == 201,
        body: resp.json().unwrap_or(Value::Null),
    })
}
