//! The committed completions and man pages must match the command line.

use clap::CommandFactory;
use std::path::Path;

use crate::support::assets;

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (path, content) in assets::render(crate::cli::Cli::command()) {
        if std::fs::read(root.join(&path)).ok().as_deref() != Some(content.as_slice()) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `cargo run --example generate-assets` and commit the result"
    );
}

fn man_pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = assets::render(crate::cli::Cli::command())
        .into_iter()
        .filter(|(path, _)| path.starts_with("man/"))
        .map(|(path, content)| (path, String::from_utf8(content).unwrap()))
        .collect();
    pages.sort();
    pages
}

fn tool(name: &str) -> std::process::Command {
    let probe = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "{name} is needed: install the packages in scripts/test-packages"
    );
    std::process::Command::new(name)
}

/// Issue #18: the man pages are read by people, so they must be valid roff that neither
/// mandoc (at its strictest level, style included) nor groff (all warnings) complains about.
#[test]
fn man_pages_pass_mandoc_lint_and_groff_warnings_with_none() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = man_pages();
    assert!(pages.len() >= 10, "{pages:?}");
    for (path, _) in &pages {
        let file = root.join(path);
        let out = tool("mandoc")
            .args(["-T", "lint", "-W", "style"])
            .arg(&file)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && said.is_empty(),
            "mandoc on {path}:\n{said}"
        );
        let out = tool("groff")
            .args(["-ww", "-man", "-z"])
            .arg(&file)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && said.is_empty(),
            "groff on {path}:\n{said}"
        );
    }
}

/// Each page has the sections a reader looks for, a synopsis with value names and without the
/// global options, and SEE ALSO names only pages that are shipped.
#[test]
fn man_pages_have_the_usual_sections_and_refer_only_to_pages_that_exist() {
    let pages = man_pages();
    let shipped: Vec<String> = pages
        .iter()
        .map(|(path, _)| {
            let file = path.trim_start_matches("man/");
            let (name, sect) = file.rsplit_once('.').unwrap();
            format!("{name}({sect})")
        })
        .collect();
    assert!(
        shipped.contains(&"acme-renewal.conf(5)".to_string()),
        "{shipped:?}"
    );
    for (path, page) in &pages {
        let mut want = vec!["NAME", "SYNOPSIS", "DESCRIPTION", "FILES", "SEE ALSO"];
        if path.ends_with(".1") {
            want.extend(["ENVIRONMENT", "EXIT STATUS"]);
        }
        for section in want {
            assert!(
                page.lines().any(|l| l == format!(".SH {section}")),
                "{path} lacks {section}"
            );
        }
        let refs = assets::references(page);
        assert!(!refs.is_empty(), "{path} refers to no page");
        for r in refs {
            assert!(
                shipped.contains(&r),
                "{path} refers to {r}, which is not shipped"
            );
        }
        let synopsis: String = page
            .split(".SH SYNOPSIS\n")
            .nth(1)
            .and_then(|rest| rest.split("\n.SH").next())
            .unwrap()
            .to_string();
        if path != "man/acme.1" {
            assert!(
                !synopsis.contains("\\-\\-server") && !synopsis.contains("\\-\\-quiet"),
                "{path}: global options in the synopsis:\n{synopsis}"
            );
        }
    }
    let issue = &pages
        .iter()
        .find(|(p, _)| p == "man/acme-issue.1")
        .unwrap()
        .1;
    for item in [
        "[\\fB\\-\\-webroot\\fR\\~\\fIDIR\\fR]...",
        "[\\fB\\-\\-key\\-type\\fR\\~\\fITYPE\\fR]",
    ] {
        assert!(issue.contains(item), "acme-issue(1) synopsis lacks {item}");
    }
    assert!(issue.contains(".SH EXAMPLES"));
    let renew = &pages
        .iter()
        .find(|(p, _)| p == "man/acme-renew.1")
        .unwrap()
        .1;
    assert!(renew.contains("ACME_NO_RANDOM_SLEEP") && renew.contains("RENEWED_LINEAGE"));
}

/// A tmux server on its own socket, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> std::process::Command {
        let mut c = tool("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn send(&self, keys: &[&str]) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap();
        assert!(ok.success());
    }

    fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits (at most 10 s) until the screen shows every one of `want`.
    fn wait_for(&self, want: &[&str]) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if want.iter().all(|w| screen.contains(w)) || std::time::Instant::now() > deadline {
                return screen;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

/// Issue #18: in a real interactive bash (in tmux), Tab offers the values of enumerated options
/// (key types, revocation reasons, CA aliases) and the lineage names of the config dir for
/// `--cert-name`, instead of file names.
#[test]
fn bash_completes_enum_values_and_lineage_names_in_an_interactive_shell() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    std::fs::create_dir_all(cfg.join("renewal")).unwrap();
    for name in ["alpha.example", "beta.example"] {
        std::fs::write(cfg.join("renewal").join(format!("{name}.conf")), "").unwrap();
    }
    // A file in the working directory that file-name completion would offer.
    std::fs::write(tmp.path().join("rsa-notes.txt"), "").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_acme")).parent().unwrap();
    let tmux = Tmux {
        socket: format!("acme-completion-{}", std::process::id()),
    };
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let started = tmux
        .cmd()
        .args([
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "150",
            "-y",
            "40",
            "-c",
        ])
        .arg(tmp.path())
        .args(["bash", "--norc", "--noprofile", "-i"])
        .env("PATH", &path)
        .env("ACME_CONFIG_DIR", &cfg)
        .env("PS1", "$ ")
        .env("TERM", "xterm")
        .status()
        .unwrap();
    assert!(started.success());
    let script = root.join("completions/acme.bash");
    tmux.send(&[&format!("source {}", script.display()), "Enter"]);
    tmux.send(&["clear", "Enter"]);

    tmux.send(&["acme issue --key-type ", "Tab", "Tab"]);
    let screen = tmux.wait_for(&["ecdsa-p384", "rsa4096"]);
    assert!(
        screen.contains("ecdsa-p256")
            && screen.contains("ecdsa-p384")
            && screen.contains("rsa4096"),
        "key types offered:\n{screen}"
    );
    assert!(
        !screen.contains("rsa-notes.txt"),
        "file names offered:\n{screen}"
    );
    tmux.send(&["C-c"]);
    tmux.send(&["clear", "Enter"]);

    tmux.send(&["acme revoke --reason keyC", "Tab"]);
    let screen = tmux.wait_for(&["--reason keyCompromise"]);
    assert!(
        screen.contains("--reason keyCompromise"),
        "reason completed:\n{screen}"
    );
    tmux.send(&["C-c"]);
    tmux.send(&["clear", "Enter"]);

    tmux.send(&["acme list --server letsencrypt-s", "Tab"]);
    let screen = tmux.wait_for(&["--server letsencrypt-staging"]);
    assert!(
        screen.contains("--server letsencrypt-staging"),
        "alias completed:\n{screen}"
    );
    tmux.send(&["C-c"]);
    tmux.send(&["clear", "Enter"]);

    tmux.send(&["acme renew --cert-name ", "Tab", "Tab"]);
    let screen = tmux.wait_for(&["alpha.example", "beta.example"]);
    assert!(
        screen.contains("alpha.example") && screen.contains("beta.example"),
        "lineage names offered:\n{screen}"
    );
    tmux.send(&["C-c"]);
    tmux.send(&["clear", "Enter"]);

    // --config-dir on the command line wins over the environment.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(other.join("renewal")).unwrap();
    std::fs::write(other.join("renewal/gamma.example.conf"), "").unwrap();
    tmux.send(&[
        &format!("acme --config-dir {} revoke --cert-name g", other.display()),
        "Tab",
    ]);
    let screen = tmux.wait_for(&["--cert-name gamma.example"]);
    assert!(screen.contains("--cert-name gamma.example"), "{screen}");
}

/// Issue #18: the README's install command puts the binary where the shipped systemd unit and
/// cron file run it from.
#[test]
fn the_readme_installs_acme_where_the_unit_and_cron_file_run_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let install = readme
        .lines()
        .find(|l| l.starts_with("cargo install"))
        .expect("README has a cargo install line");
    let prefix = install
        .split_whitespace()
        .skip_while(|w| *w != "--root")
        .nth(1)
        .expect("the install line names --root");
    let bin = format!("{prefix}/bin/acme");
    let unit = std::fs::read_to_string(root.join("contrib/acme-renew.service")).unwrap();
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap();
    assert!(exec.starts_with(&format!("{bin} ")), "{exec} vs {bin}");
    let cron = std::fs::read_to_string(root.join("contrib/acme.cron")).unwrap();
    let path = cron.lines().find_map(|l| l.strip_prefix("PATH=")).unwrap();
    let job = cron
        .lines()
        .find(|l| !l.starts_with('#') && l.contains("acme renew"))
        .unwrap();
    let cmd = job.split_whitespace().nth(6).unwrap();
    assert!(
        cmd == bin || (cmd == "acme" && path.split(':').any(|d| format!("{d}/acme") == bin)),
        "cron runs {cmd:?} with PATH={path}, the README installs {bin}"
    );
}
