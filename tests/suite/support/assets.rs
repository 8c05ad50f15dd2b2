//! Renders completions and man pages from a clap `Command`; shared by the generator example and
//! the staleness test so both produce byte-identical output.

use clap_complete::Shell;

/// (relative path, content) for every generated file.
pub fn render(cmd: clap::Command) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "acme.bash"),
        (Shell::Zsh, "_acme"),
        (Shell::Fish, "acme.fish"),
        (Shell::Elvish, "acme.elv"),
        (Shell::PowerShell, "_acme.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd.clone(), "acme", &mut buf);
        out.push((format!("completions/{file}"), buf));
    }
    let mut cmd = cmd;
    cmd.build();
    out.push(("man/acme.1".to_string(), man_page(&cmd)));
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        // clap takes `&'static str` names (no "string" feature); a generator may leak a few.
        let name: &'static str = Box::leak(format!("acme-{}", sub.get_name()).into_boxed_str());
        let page = sub.clone().name(name).display_name(name);
        out.push((format!("man/{name}.1"), man_page(&page)));
    }
    out
}

fn man_page(cmd: &clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .expect("rendering to memory cannot fail");
    buf
}
