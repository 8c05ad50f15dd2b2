//! Hook commands checked before anything is ordered: a typo in `--deploy-hook 'sytemctl reload
//! nginx'` must be found before the certificate is issued, not after (certbot checks the same).
//!
//! Only what can be known without running the shell is checked: the program a simple command
//! starts with exists and is executable (on `PATH`, or at the path given). A command that starts
//! with shell syntax (a keyword, a builtin, a variable, a subshell) is left to the shell.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Shell keywords and the POSIX builtins a hook may start with: not programs to look for.
const SHELL_WORDS: &[&str] = &[
    "!", "{", "(", "[", "[[", ".", ":", "alias", "break", "case", "cd", "command", "continue",
    "echo", "eval", "exec", "exit", "export", "false", "for", "function", "if", "printf", "read",
    "return", "set", "shift", "source", "test", "times", "trap", "true", "ulimit", "umask",
    "unset", "until", "wait", "while",
];

/// The `PATH` used when the environment has none (the hook runner's shell would use its own).
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The program a command starts with, if it can be told without a shell: the first word after
/// any `NAME=value` assignments, unquoted; None for shell syntax.
pub fn program(cmd: &str) -> Option<String> {
    let first_line = cmd.trim_start().lines().next()?;
    for word in first_line.split_whitespace() {
        let is_assignment = word.split_once('=').is_some_and(|(n, _)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if is_assignment {
            continue;
        }
        let word = word.trim_end_matches([';', '&', '|']);
        let unquoted = word.trim_matches(|c| c == '\'' || c == '"');
        if unquoted.is_empty()
            || SHELL_WORDS.contains(&unquoted)
            || unquoted.contains(['$', '`', '(', ')', '{', '}', '*', '?', '~', '\\', '<', '>'])
            || unquoted.len() != word.len() && word.matches(['\'', '"']).count() != 2
        {
            return None;
        }
        return Some(unquoted.to_string());
    }
    None
}

fn executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Where `program` is found on `path_var`, or None.
pub fn find(program: &str, path_var: &str) -> Option<PathBuf> {
    path_var
        .split(':')
        .filter(|d| !d.is_empty())
        .map(|d| Path::new(d).join(program))
        .find(|p| executable(p))
}

/// Checks one hook command; the error says which hook, what is wrong and what to do (exit 2).
pub fn check(kind: &str, cmd: &str) -> anyhow::Result<()> {
    let Some(prog) = program(cmd) else {
        return Ok(());
    };
    if prog.contains('/') {
        let p = Path::new(&prog);
        if !p.exists() {
            return Err(crate::cli::error::usage(format!(
                "the {kind} {cmd:?} cannot run: {prog} does not exist; check the path (nothing was ordered)"
            )));
        }
        if !executable(p) {
            return Err(crate::cli::error::usage(format!(
                "the {kind} {cmd:?} cannot run: {prog} is not an executable file; `chmod +x {prog}` (nothing was ordered)"
            )));
        }
        return Ok(());
    }
    let path_var = std::env::var("PATH").unwrap_or_else(|_| DEFAULT_PATH.to_string());
    if find(&prog, &path_var).is_none() {
        return Err(crate::cli::error::usage(format!(
            "the {kind} {cmd:?} cannot run: there is no program {prog:?} on PATH ({path_var}); check the spelling or give its full path (nothing was ordered)"
        )));
    }
    Ok(())
}

/// Checks every hook a renewal conf names (pre, post, deploy, failure, and the dns-01 hook).
pub fn check_conf(conf: &crate::storage::renewal_conf::RenewalConf) -> anyhow::Result<()> {
    for (kind, cmd) in [
        ("pre-hook", conf.pre_hook.as_deref()),
        ("post-hook", conf.post_hook.as_deref()),
        ("deploy-hook", conf.deploy_hook.as_deref()),
        ("failure-hook", conf.failure_hook.as_deref()),
        ("dns-hook", conf.dns.hook.as_deref()),
        ("manual-auth-hook", conf.manual.auth_hook.as_deref()),
        ("manual-cleanup-hook", conf.manual.cleanup_hook.as_deref()),
    ] {
        if let Some(cmd) = cmd.filter(|c| !c.trim().is_empty()) {
            check(kind, cmd)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_of_a_simple_command_is_found_and_shell_syntax_is_left_alone() {
        let cases = [
            ("systemctl reload nginx", Some("systemctl")),
            ("  /usr/sbin/nginx -s reload", Some("/usr/sbin/nginx")),
            ("FOO=1 BAR=x service nginx reload", Some("service")),
            ("'/opt/my hooks/x'", None),
            ("\"/opt/hook.sh\" arg", Some("/opt/hook.sh")),
            ("nginx -t && systemctl reload nginx", Some("nginx")),
            ("if true; then x; fi", None),
            ("echo \"$RENEWED_LINEAGE\" >> /tmp/log", None),
            ("$HOME/bin/hook", None),
            ("(cd /x && make)", None),
            ("", None),
        ];
        for (cmd, want) in cases {
            assert_eq!(program(cmd).as_deref(), want, "{cmd:?}");
        }
    }

    #[test]
    fn a_mistyped_program_is_refused_as_a_usage_error_naming_it() {
        let err = check("deploy-hook", "sytemctl-not-a-command reload nginx").unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&err), 2);
        let text = err.to_string();
        assert!(
            text.contains("deploy-hook") && text.contains("\"sytemctl-not-a-command\""),
            "{text}"
        );
        assert!(check("post-hook", "sh -c true").is_ok());
        assert!(
            check("post-hook", "/no/such/hook.sh")
                .unwrap_err()
                .to_string()
                .contains("does not exist")
        );
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("hook.sh");
        std::fs::write(&script, "#!/bin/sh\n").unwrap();
        let err = check("pre-hook", script.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("chmod +x"), "{err}");
    }
}
