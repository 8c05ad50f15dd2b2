//! ACME Renewal Information (RFC 9773): the CA's suggested renewal window for a certificate.

use crate::error::{Context, Error, Result};
use serde::Deserialize;
use std::time::Duration;

use super::Client;
use crate::time;

/// [RFC 9773 §4.3](https://www.rfc-editor.org/rfc/rfc9773#section-4.3): "clients SHOULD ... re-poll
/// after the Retry-After"; without one, a few hours.
pub const DEFAULT_RECHECK: Duration = Duration::from_secs(6 * 3600);
/// Bounds on how long a Retry-After is obeyed, so a hostile or broken value neither hammers
/// the CA nor stops checks for months.
pub const MIN_RECHECK: Duration = Duration::from_secs(60);
/// The upper bound: a week, so that checks resume even if the CA asks for months.
pub const MAX_RECHECK: Duration = Duration::from_secs(7 * 86400);

/// The reply to `GET renewalInfo/<certID>`: a RenewalInfo object
/// ([RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2)) with its dates read and
/// checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewalInfo {
    /// `suggestedWindow.start`, Unix seconds.
    pub start: i64,
    /// `suggestedWindow.end`, Unix seconds; always after `start`.
    pub end: i64,
    /// `explanationURL`: a page on why the window is what it is (e.g. a mass revocation), to
    /// show the operator.
    pub explanation_url: Option<String>,
    /// When to ask again (Retry-After, bounded).
    pub recheck_after: Duration,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    suggested_window: WireWindow,
    #[serde(rename = "explanationURL")]
    explanation_url: Option<String>,
}

#[derive(Deserialize)]
struct WireWindow {
    start: String,
    end: String,
}

/// Fetches the renewal window for `cert_id` with a plain GET
/// ([RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2)). `None` when the CA offers
/// no ARI (no `renewalInfo` in its directory).
pub fn fetch(client: &Client, cert_id: &str) -> Result<Option<RenewalInfo>> {
    let Some(base) = client.directory.renewal_info.as_deref() else {
        return Ok(None);
    };
    let url = format!("{}/{cert_id}", base.trim_end_matches('/'));
    let resp = client.get(&url)?;
    if !resp.is_success() {
        let problem = super::problem_of(&resp);
        return Err(Error::Problem {
            message: format!(
                "the CA answered HTTP {} to GET {url}: {problem}",
                resp.status
            ),
            problem: Box::new(problem),
        });
    }
    let wire: Wire = resp
        .json()
        .with_context(|| format!("GET {url} did not return renewal information"))?;
    parse_window(&wire.suggested_window.start, &wire.suggested_window.end)
        .map(|(start, end)| {
            Some(RenewalInfo {
                start,
                end,
                explanation_url: wire.explanation_url,
                recheck_after: resp
                    .retry_after
                    .unwrap_or(DEFAULT_RECHECK)
                    .clamp(MIN_RECHECK, MAX_RECHECK),
            })
        })
        .with_context(|| format!("GET {url} returned an unusable window"))
}

/// [RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2): the window's end must be
/// after its start.
fn parse_window(start: &str, end: &str) -> Result<(i64, i64)> {
    let s = time::parse_rfc3339(start).with_context(|| format!("bad start {start:?}"))?;
    let e = time::parse_rfc3339(end).with_context(|| format!("bad end {end:?}"))?;
    if e <= s {
        return Err(Error::msg(format!(
            "the window ends ({end}) before it starts ({start})"
        )));
    }
    Ok((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_must_be_ordered() {
        assert_eq!(
            parse_window("2025-01-02T04:00:00Z", "2025-01-03T04:00:00Z").unwrap(),
            (1735790400, 1735876800)
        );
        assert!(parse_window("2025-01-03T04:00:00Z", "2025-01-02T04:00:00Z").is_err());
        assert!(parse_window("soon", "2025-01-02T04:00:00Z").is_err());
    }
}
