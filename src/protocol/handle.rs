//! Handles over the request functions: an [`Account`] (its key, its URL and the client that
//! reaches its CA) and an order's [`OrderHandle`] methods, so a program holds the state the
//! RFC's nouns carry instead of passing `(client, signer, url)` to every call. They return
//! [`crate::error::Error`], sorted by who failed, as the request functions beneath them do.
//!
//! ```no_run
//! use acme::crypto::{KeyPair, KeyType};
//! use acme::identifiers::Identifier;
//! use acme::protocol::{Account, Client, order::OrderOptions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::connect("https://acme-staging-v02.api.letsencrypt.org/directory")?;
//! // Only with the user's consent to the terms at client.directory.meta.terms_of_service:
//! let (account, _created) = Account::register(
//!     &client,
//!     KeyPair::generate(KeyType::EcdsaP256)?,
//!     &[],
//!     true,
//!     None,
//! )?;
//! let order = account.new_order(&[Identifier::Dns("example.com".into())], &OrderOptions::default())?;
//! for (_url, authz) in order.authorizations(&account)? {
//!     let challenge = authz.challenge("http-01").expect("offered");
//!     let body = challenge.key_authorization(&account.thumbprint()?)?;
//!     let path = challenge.http01_path().expect("a checked token");
//!     // ... serve `body` at `path`, then:
//!     account.respond(challenge)?;
//! }
//! # Ok(())
//! # }
//! ```

use crate::error::Result;
use std::time::Duration;

use super::account::{self, AccountObject, Eab};
use super::order::{self, ChainDownload, OrderHandle, OrderOptions};
use super::revoke::{self, Revocation};
use super::types::{Authorization, Challenge, Order};
use super::{Client, Signer};
use crate::crypto::KeyPair;
use crate::identifiers::Identifier;

/// An ACME account ([RFC 8555 §7.1.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.2)):
/// its key, its URL (the `kid` of its requests) and the client that reaches its CA.
pub struct Account<'c> {
    client: &'c Client,
    key: KeyPair,
    url: String,
}

impl<'c> Account<'c> {
    /// Registers `key` ([RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3)),
    /// or finds its account if it has one; `true` with it when the CA created it now.
    /// `agree_tos` says the user consented to the CA's terms of service
    /// (`client.directory.meta.terms_of_service`): never set it without asking. `eab` binds
    /// the account to one at the CA ([RFC 8555 §7.3.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4)).
    pub fn register(
        client: &'c Client,
        key: KeyPair,
        contact: &[String],
        agree_tos: bool,
        eab: Option<&Eab>,
    ) -> Result<(Account<'c>, bool)> {
        let reply = account::new_account(client, &key, contact, agree_tos, eab)?;
        Ok((Account::open(client, key, reply.url), reply.created))
    }

    /// The existing account of `key`, without creating one (`onlyReturnExisting`,
    /// [RFC 8555 §7.3.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.1)).
    pub fn find(client: &'c Client, key: KeyPair) -> Result<Account<'c>> {
        let reply = account::find_account(client, &key)?;
        Ok(Account::open(client, key, reply.url))
    }

    /// An account known from earlier: its key and URL, as stored by the caller.
    pub fn open(client: &'c Client, key: KeyPair, url: String) -> Account<'c> {
        Account { client, key, url }
    }

    /// The account URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The account key.
    pub fn key(&self) -> &KeyPair {
        &self.key
    }

    /// The client this account's requests go through.
    pub fn client(&self) -> &'c Client {
        self.client
    }

    /// How this account signs its requests: by key ID (`kid`,
    /// [RFC 8555 §6.2](https://www.rfc-editor.org/rfc/rfc8555#section-6.2)).
    pub fn signer(&self) -> Signer<'_> {
        Signer::Kid(&self.key, &self.url)
    }

    /// The account key's JWK thumbprint ([RFC 7638](https://www.rfc-editor.org/rfc/rfc7638)),
    /// the second half of every key authorization.
    pub fn thumbprint(&self) -> Result<String> {
        Ok(self.key.thumbprint()?)
    }

    /// The account object as the CA holds it now.
    pub fn fetch(&self) -> Result<AccountObject> {
        account::fetch_account(self.client, &self.key, &self.url)
    }

    /// Replaces the account's contacts (`mailto:` URIs,
    /// [RFC 8555 §7.3.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.2)).
    pub fn update_contact(&self, contact: &[String]) -> Result<AccountObject> {
        account::update_contact(self.client, &self.key, &self.url, contact)
    }

    /// Deactivates the account for good
    /// ([RFC 8555 §7.3.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.6)).
    pub fn deactivate(&self) -> Result<AccountObject> {
        account::deactivate(self.client, &self.key, &self.url)
    }

    /// Rolls the account over to `new_key`
    /// ([RFC 8555 §7.3.5](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5)) and returns the
    /// old key. On an error the account keeps its old key: the caller stores the new one only
    /// after this returns.
    pub fn change_key(&mut self, new_key: KeyPair) -> Result<KeyPair> {
        account::key_change(self.client, &self.key, &self.url, &new_key)?;
        Ok(std::mem::replace(&mut self.key, new_key))
    }

    /// Places an order for `identifiers`
    /// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)).
    pub fn new_order(
        &self,
        identifiers: &[Identifier],
        options: &OrderOptions,
    ) -> Result<OrderHandle> {
        order::new_order(self.client, &self.signer(), identifiers, options)
    }

    /// Tells the CA `challenge` is ready to be validated
    /// ([RFC 8555 §7.5.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.5.1)).
    pub fn respond(&self, challenge: &Challenge) -> Result<()> {
        order::respond(self.client, &self.signer(), &challenge.url)
    }

    /// Polls the authorization at `url` until the CA has finished validating it, within
    /// `limit` ([RFC 8555 §7.5.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.5.1)).
    pub fn wait_authorization(&self, url: &str, limit: Duration) -> Result<Authorization> {
        order::wait_authorization(self.client, &self.signer(), url, limit)
    }

    /// Revokes a certificate (DER) issued to this account, with an RFC 5280 reason code
    /// ([RFC 8555 §7.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.6)).
    pub fn revoke(&self, certificate_der: &[u8], reason: Option<u8>) -> Result<Revocation> {
        revoke::revoke(self.client, &self.signer(), certificate_der, reason)
    }
}

impl OrderHandle {
    /// The order's authorizations, fetched in parallel, each with its URL
    /// ([RFC 8555 §7.5](https://www.rfc-editor.org/rfc/rfc8555#section-7.5)).
    pub fn authorizations(&self, account: &Account) -> Result<Vec<(String, Authorization)>> {
        order::authorizations(
            account.client,
            &account.signer(),
            &self.order.authorizations,
        )
    }

    /// Fetches the order again (POST-as-GET) and keeps what the CA says now.
    pub fn refresh(&mut self, account: &Account) -> Result<&Order> {
        (self.order, _) = order::fetch_order(account.client, &account.signer(), &self.url)?;
        Ok(&self.order)
    }

    /// Polls until the CA has finished validating (the order is no longer `pending`), within
    /// `limit`, through the client's clock.
    pub fn wait_ready(&mut self, account: &Account, limit: Duration) -> Result<&Order> {
        self.order = order::wait_validated(account.client, &account.signer(), &self.url, limit)?;
        Ok(&self.order)
    }

    /// Finalizes with a CSR (DER) and polls until the certificate is issued, within `limit`
    /// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)). When time runs
    /// out first the error is [`crate::error::Error::NotIssuedYet`]: the certificate may still
    /// come at this order's URL.
    pub fn finalize(
        &mut self,
        account: &Account,
        csr_der: &[u8],
        limit: Duration,
    ) -> Result<&Order> {
        self.order = order::finalize(account.client, &account.signer(), self, csr_der, limit)?;
        Ok(&self.order)
    }

    /// Downloads the issued chain, and each alternate chain when `alternates` is set
    /// ([RFC 8555 §7.4.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.4.2)).
    pub fn download(&self, account: &Account, alternates: bool) -> Result<Vec<ChainDownload>> {
        let url = self.order.certificate.as_deref().ok_or_else(|| {
            crate::error::Error::msg(format!(
                "the order {} has no certificate yet (it is {})",
                self.url, self.order.status
            ))
        })?;
        order::download(account.client, &account.signer(), url, alternates)
    }
}
