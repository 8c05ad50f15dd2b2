//! How renewal gets scheduled on this machine, told once after the first certificate is issued
//! (issue #18: "after the first issuance nothing says how renewal gets scheduled"). The probe
//! reads the system; the wording is a pure function of what it found.

use std::path::Path;
use std::process::{Command, Stdio};

/// The shipped unit and cron file (contrib/), by the names the README installs them under.
pub const TIMER: &str = "acme-renew.timer";
pub const CRON_FILE: &str = "/etc/cron.d/acme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// systemd runs this machine and the timer is active.
    TimerActive,
    /// systemd runs this machine; the timer is installed but not enabled and started.
    TimerInstalled,
    /// systemd runs this machine; the timer is not installed.
    SystemdWithoutTimer,
    /// No systemd; the cron file is installed.
    Cron,
    /// Neither.
    Nothing,
}

/// Looks at the machine: systemd (booted with it: `/run/systemd/system`), the timer's state,
/// the cron file.
pub fn probe() -> Found {
    if Path::new(CRON_FILE).is_file() {
        return Found::Cron;
    }
    if !Path::new("/run/systemd/system").is_dir() {
        return Found::Nothing;
    }
    let active = Command::new("systemctl")
        .args(["is-active", "--quiet", TIMER])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if active {
        return Found::TimerActive;
    }
    let installed = [
        "/etc/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
    ]
    .iter()
    .any(|d| Path::new(d).join(TIMER).is_file());
    if installed {
        Found::TimerInstalled
    } else {
        Found::SystemdWithoutTimer
    }
}

/// What to tell the user: whether renewal is scheduled, and if not the one command that does it.
pub fn describe(found: Found) -> String {
    match found {
        Found::TimerActive => format!(
            "Renewal is scheduled: {TIMER} is active and runs `acme renew` (see `systemctl list-timers {TIMER}`)."
        ),
        Found::Cron => format!("Renewal is scheduled: {CRON_FILE} runs `acme renew`."),
        Found::TimerInstalled => format!(
            "Renewal is NOT scheduled yet: {TIMER} is installed but not active. Enable it with:\n  systemctl enable --now {TIMER}"
        ),
        Found::SystemdWithoutTimer => format!(
            "Renewal is NOT scheduled yet. Install and enable the timer (from acme's contrib/) with:\n  cp contrib/acme-renew.service contrib/{TIMER} /etc/systemd/system/ && systemctl enable --now {TIMER}"
        ),
        Found::Nothing => format!(
            "Renewal is NOT scheduled yet. Install the cron entry (from acme's contrib/) with:\n  cp contrib/acme.cron {CRON_FILE}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_says_whether_renewal_is_scheduled_and_the_one_command_if_not() {
        assert!(describe(Found::TimerActive).starts_with("Renewal is scheduled"));
        assert!(describe(Found::Cron).starts_with("Renewal is scheduled"));
        let enable = describe(Found::TimerInstalled);
        assert!(
            enable.contains("NOT") && enable.ends_with("systemctl enable --now acme-renew.timer"),
            "{enable}"
        );
        let install = describe(Found::SystemdWithoutTimer);
        assert!(
            install.contains("cp contrib/acme-renew.service")
                && install.ends_with("--now acme-renew.timer"),
            "{install}"
        );
        assert!(describe(Found::Nothing).ends_with("cp contrib/acme.cron /etc/cron.d/acme"));
    }
}
