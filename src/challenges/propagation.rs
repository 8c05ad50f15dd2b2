//! Waiting until the zone's authoritative servers all show the TXT records, instead of a fixed
//! sleep; and, after cleanup, checking that they are gone (stale `_acme-challenge` values are a
//! known cause of later failed validations).

use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::cli::output::Printer;

/// How long to wait for records to appear when `--dns-timeout` is not given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long to keep checking that removed records are gone before warning.
pub const GONE_LIMIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(1500);

/// TXT name → the values that must (or must no longer) be there.
pub type Records = BTreeMap<String, BTreeSet<String>>;

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub timeout: Duration,
    /// Ask only this server (recursion desired) instead of the zone's authoritative servers.
    pub resolver: Option<SocketAddr>,
}

/// Where to look for one name: the servers and whether to ask for recursion.
struct Target {
    name: String,
    server: SocketAddr,
    recursion: bool,
}

fn targets(settings: &Settings, records: &Records, out: &Printer) -> Vec<Target> {
    let mut targets = Vec::new();
    for name in records.keys() {
        if let Some(server) = settings.resolver {
            targets.push(Target {
                name: name.clone(),
                server,
                recursion: true,
            });
            continue;
        }
        let resolver = acme::dns::system_resolver();
        let found = acme::dns::find_zone(resolver, name, true)
            .and_then(|zone| Ok((acme::dns::authoritative_servers(resolver, &zone)?, zone)));
        match found {
            Ok((servers, zone)) => {
                out.detail(&format!(
                    "{name}: zone {zone}, authoritative servers {}",
                    servers
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                targets.extend(servers.into_iter().map(|server| Target {
                    name: name.clone(),
                    server,
                    recursion: false,
                }));
            }
            Err(e) => {
                out.warn(&format!(
                    "cannot find the authoritative servers of {name} ({e:#}); checking through the resolver {resolver} instead (use --dns-resolver to choose)"
                ));
                targets.push(Target {
                    name: name.clone(),
                    server: resolver,
                    recursion: true,
                });
            }
        }
    }
    targets
}

/// Polls until every target shows every expected value, or fails after `settings.timeout`.
pub fn wait_visible(settings: &Settings, records: &Records, out: &Printer) -> Result<()> {
    let targets = targets(settings, records, out);
    let started = Instant::now();
    let deadline = started + settings.timeout;
    let mut state = vec![State::Missing; targets.len()];
    let mut last_error: BTreeMap<usize, String> = BTreeMap::new();
    loop {
        for (i, t) in targets.iter().enumerate() {
            if matches!(state[i], State::Visible | State::GivenUp) {
                continue;
            }
            state[i] = match acme::dns::txt_values(t.server, &t.name, t.recursion) {
                Ok(values) => {
                    let have: BTreeSet<&str> = values.iter().map(String::as_str).collect();
                    if records[&t.name].iter().all(|v| have.contains(v.as_str())) {
                        State::Visible
                    } else {
                        last_error.insert(i, "not all values visible yet".into());
                        State::Missing
                    }
                }
                Err(e) => {
                    last_error.insert(i, format!("{e:#}"));
                    match state[i] {
                        State::Failing(n) => State::Failing(n + 1),
                        _ => State::Failing(1),
                    }
                }
            };
        }
        let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        for i in give_up_on(&names, &state) {
            out.warn(&format!(
                "the nameserver {} does not answer for {} ({}); going on with the servers that show the records",
                targets[i].server, targets[i].name, last_error[&i]
            ));
            state[i] = State::GivenUp;
        }
        let missing: Vec<usize> = (0..targets.len())
            .filter(|&i| matches!(state[i], State::Missing | State::Failing(_)))
            .collect();
        if missing.is_empty() {
            out.detail(&format!(
                "all TXT records visible after {} s",
                started.elapsed().as_secs()
            ));
            return Ok(());
        }
        if Instant::now() + POLL > deadline {
            let list: Vec<String> = missing
                .iter()
                .map(|&i| {
                    let t = &targets[i];
                    format!("{} at {}: {}", t.name, t.server, last_error[&i])
                })
                .collect();
            bail!(
                "the TXT records did not become visible within {} s:\n  {}\nCheck that they were published in the right zone, allow more time with --dns-timeout, or, if those servers cannot be reached from here, check through a resolver with --dns-resolver",
                settings.timeout.as_secs(),
                list.join("\n  ")
            );
        }
        out.step(&format!(
            "Waiting for DNS: {} of {} server answer(s) show the records ({} s of {} s)",
            targets.len() - missing.len(),
            targets.len(),
            started.elapsed().as_secs(),
            settings.timeout.as_secs()
        ));
        // A safe point: an interrupted run goes on to remove the records it added.
        crate::cli::interrupt::sleep(POLL)?;
    }
}

/// Where one (name, server) pair stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Visible,
    /// Answers, but without every value yet.
    Missing,
    /// No usable answer this many rounds in a row.
    Failing(u32),
    /// Unreachable from here while another server of the name shows the records.
    GivenUp,
}

/// Rounds of failures after which a server is given up on, if another server shows the name.
const GIVE_UP_AFTER: u32 = 3;

/// Servers to stop waiting for: those that keep failing (e.g. an IPv6 nameserver from a host
/// without IPv6) while another server of the same name already shows every value. A server
/// that answers without the values is never given up on: that is propagation still going on.
fn give_up_on(names: &[&str], state: &[State]) -> Vec<usize> {
    (0..state.len())
        .filter(|&i| matches!(state[i], State::Failing(n) if n >= GIVE_UP_AFTER))
        .filter(|&i| (0..state.len()).any(|j| names[j] == names[i] && state[j] == State::Visible))
        .collect()
}

/// Checks for a short while that the removed values are gone; warns (never fails) if not.
pub fn check_gone(settings: &Settings, removed: &Records, out: &Printer) {
    let targets = targets(settings, removed, out);
    let deadline = Instant::now() + GONE_LIMIT.min(settings.timeout);
    loop {
        let stale: Vec<String> = targets
            .iter()
            .filter(|t| {
                acme::dns::txt_values(t.server, &t.name, t.recursion)
                    .is_ok_and(|v| v.iter().any(|x| removed[&t.name].contains(x)))
            })
            .map(|t| format!("{} at {}", t.name, t.server))
            .collect();
        if stale.is_empty() {
            return;
        }
        if Instant::now() + POLL > deadline {
            out.warn(&format!(
                "the challenge TXT records are still published after cleanup: {}; delete them by hand, or later validations may fail",
                stale.join(", ")
            ));
            return;
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failing_servers_beside_a_visible_one_are_given_up_on() {
        use State::*;
        let names = ["a", "a", "a", "b", "b"];
        for (state, want) in [
            // a: one visible, one failing long enough, one failing briefly; b: all failing.
            (
                [Visible, Failing(3), Failing(2), Failing(5), Failing(5)],
                vec![1],
            ),
            // Answering without the values is propagation, never a reason to give up.
            ([Missing, Failing(9), Missing, Visible, Missing], vec![]),
            (
                [Visible, Visible, Failing(4), Visible, Failing(3)],
                vec![2, 4],
            ),
        ] {
            assert_eq!(give_up_on(&names, &state), want, "{state:?}");
        }
    }
}
