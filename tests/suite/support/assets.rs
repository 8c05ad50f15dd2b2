//! Renders completions and man pages from a clap `Command`; shared by the generator example and
//! the staleness test so both produce byte-identical output.
//!
//! The man pages are written here rather than by clap_mangen so that they read like man pages:
//! a synopsis with value names and without the global options, and the sections a reader looks
//! for (ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES, SEE ALSO). The prose lives in `man_text.rs`.

use clap_complete::Shell;

#[path = "man_text.rs"]
pub mod man_text;

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
        let text = String::from_utf8(buf).expect("completions are UTF-8");
        let text = match shell {
            Shell::Bash => bash_lineages(&text),
            Shell::Zsh => zsh_lineages(&text),
            Shell::Fish => fish_lineages(&text),
            _ => text,
        };
        out.push((format!("completions/{file}"), text.into_bytes()));
    }
    let mut cmd = cmd;
    cmd.build();
    let version = cmd.get_version().unwrap_or("").to_string();
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    let pages: Vec<String> = std::iter::once("acme(1)".to_string())
        .chain(subs.iter().map(|s| format!("acme-{}(1)", s.get_name())))
        .chain(std::iter::once(format!(
            "{}(5)",
            man_text::RENEWAL_CONF_PAGE
        )))
        .collect();
    out.push((
        "man/acme.1".to_string(),
        man_page(&cmd, None, &version, &pages).into_bytes(),
    ));
    for sub in &subs {
        let name = format!("acme-{}", sub.get_name());
        out.push((
            format!("man/{name}.1"),
            man_page(sub, Some(&cmd), &version, &pages).into_bytes(),
        ));
    }
    out.push((
        format!("man/{}.5", man_text::RENEWAL_CONF_PAGE),
        man_text::renewal_conf_page(&version).into_bytes(),
    ));
    out
}

/// The page names (`acme-issue(1)`) that a man page refers to, for the SEE ALSO check.
pub fn references(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in page.split(|c: char| c.is_whitespace() || c == ',') {
        let word = word
            .replace("\\-", "-")
            .replace("\\fB", "")
            .replace("\\fR", "");
        if let Some((name, rest)) = word.split_once('(')
            && name.starts_with("acme")
            && rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.len() >= 2
        {
            found.push(format!("{name}({})", &rest[..1]));
        }
    }
    found
}

// ---- completions: lineage names for --cert-name -------------------------------------------

/// The shell code that lists lineage names: `renewal/*.conf` in the config dir that the command
/// line (`--config-dir`), the environment (`ACME_CONFIG_DIR`) or the default names.
const BASH_LINEAGES: &str = r#"
# Lineage names for --cert-name: renewal/*.conf in the config dir acme would use.
_acme_lineages() {
    local dir="" i f
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        if [[ "${COMP_WORDS[i]}" == --config-dir ]]; then
            dir="${COMP_WORDS[i+1]}"
            [[ "$dir" == "=" ]] && dir="${COMP_WORDS[i+2]}"
        fi
    done
    if [[ -z "$dir" ]]; then
        if [[ -n "${ACME_CONFIG_DIR:-}" ]]; then
            dir="$ACME_CONFIG_DIR"
        elif [[ "$(id -u)" == 0 ]]; then
            dir=/etc/acme
        else
            dir="${XDG_DATA_HOME:-$HOME/.local/share}/acme"
        fi
    fi
    dir="${dir/#\~/$HOME}"
    for f in "$dir"/renewal/*.conf; do
        [[ -e "$f" ]] || continue
        f="${f##*/}"
        printf '%s\n' "${f%.conf}"
    done
}
"#;

fn bash_lineages(text: &str) -> String {
    let from = "--cert-name)\n                    COMPREPLY=($(compgen -f \"${cur}\"))";
    let to = "--cert-name)\n                    COMPREPLY=($(compgen -W \"$(_acme_lineages)\" -- \"${cur}\"))";
    assert!(text.contains(from), "clap's bash completion changed shape");
    format!("{BASH_LINEAGES}\n{}", text.replace(from, to))
}

const ZSH_LINEAGES: &str = r#"
(( $+functions[_acme_lineages] )) ||
_acme_lineages() {
    local dir=${ACME_CONFIG_DIR:-}
    local i=${words[(I)--config-dir]}
    (( i > 0 )) && dir=${words[i+1]}
    [[ -z $dir ]] && { (( EUID == 0 )) && dir=/etc/acme || dir=${XDG_DATA_HOME:-$HOME/.local/share}/acme }
    local -a names
    names=(${~dir}/renewal/*.conf(N:t:r))
    compadd -a names
}
"#;

fn zsh_lineages(text: &str) -> String {
    let out: Vec<String> = text
        .lines()
        .map(|line| {
            if line
                .trim_start()
                .trim_start_matches(['\'', '*'])
                .starts_with("--cert-name=")
            {
                line.replace(":NAME:_default'", ":NAME:_acme_lineages'")
            } else {
                line.to_string()
            }
        })
        .collect();
    let text = out.join("\n") + "\n";
    let anchor = "if [ \"$funcstack[1]\" = \"_acme\" ]; then";
    assert!(text.contains(anchor), "clap's zsh completion changed shape");
    text.replacen(
        anchor,
        &format!("{}\n{anchor}", ZSH_LINEAGES.trim_start()),
        1,
    )
}

const FISH_LINEAGES: &str = r#"
# Lineage names for --cert-name: renewal/*.conf in the config dir acme would use.
function __acme_lineages
    set -l dir $ACME_CONFIG_DIR
    set -l words (commandline -opc)
    set -l i (contains -i -- --config-dir $words)
    and set dir $words[(math $i + 1)]
    if test -z "$dir"
        if test (id -u) = 0
            set dir /etc/acme
        else if set -q XDG_DATA_HOME
            set dir $XDG_DATA_HOME/acme
        else
            set dir $HOME/.local/share/acme
        end
    end
    for f in $dir/renewal/*.conf
        basename $f .conf
    end
end
"#;

fn fish_lineages(text: &str) -> String {
    let out: Vec<String> = text
        .lines()
        .map(|line| {
            if line.contains(" -l cert-name ") && line.ends_with(" -r") {
                format!("{line} -f -a \"(__acme_lineages)\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    format!("{}\n{}\n", FISH_LINEAGES.trim(), out.join("\n"))
}

// ---- man pages ------------------------------------------------------------------------------

/// Escapes text for roff: backslashes, hyphens (so `--flags` copy as typed) and a leading
/// control character; `backticked` words become bold.
pub fn roff(text: &str) -> String {
    let mut out = String::new();
    let mut bold = false;
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '`' => {
                out.push_str(if bold { "\\fR" } else { "\\fB" });
                bold = !bold;
            }
            _ => out.push(c),
        }
    }
    if bold {
        out.push_str("\\fR");
    }
    out
}

/// One paragraph of prose as roff source lines: a new sentence starts a new line (mandoc's
/// style), and no line starts with a control character.
pub fn prose(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines: Vec<String> = vec![String::new()];
    for (i, w) in words.iter().enumerate() {
        let word = roff(w);
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + 1 + word.len() > 78 {
            lines.push(String::new());
        }
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
        let next_starts_sentence = words
            .get(i + 1)
            .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase() || c == '`'));
        if (w.ends_with('.') || w.ends_with(':') || w.ends_with('?'))
            && next_starts_sentence
            && !w.ends_with("e.g.")
            && !w.ends_with("i.e.")
        {
            lines.push(String::new());
        }
    }
    lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Paragraphs separated by blank lines, each after `.PP` (but the first after a heading).
pub fn paragraphs(text: &str, out: &mut String) {
    for (i, para) in text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str(".PP\n");
        }
        out.push_str(&prose(para));
        out.push('\n');
    }
}

fn heading(out: &mut String, name: &str) {
    out.push_str(&format!(".SH {name}\n"));
}

/// `-d, --domain NAME` as the tag of an option's entry.
fn option_tag(arg: &clap::Arg) -> String {
    let mut names = Vec::new();
    if let Some(s) = arg.get_short() {
        names.push(format!("\\fB\\-{s}\\fR"));
    }
    if let Some(l) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", roff(l)));
    }
    let mut tag = names.join(", ");
    if let Some(v) = value_name(arg) {
        tag.push_str(&format!(" \\fI{v}\\fR"));
    }
    tag
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

fn value_name(arg: &clap::Arg) -> Option<String> {
    if !takes_value(arg) {
        return None;
    }
    let name = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|s| s.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    Some(roff(&name))
}

/// The synopsis form of an option: `[--domain NAME]...`, without brackets when required.
fn synopsis_item(arg: &clap::Arg) -> String {
    let flag = match (arg.get_long(), arg.get_short()) {
        (Some(l), _) => format!("\\fB\\-\\-{}\\fR", roff(l)),
        (None, Some(s)) => format!("\\fB\\-{s}\\fR"),
        (None, None) => String::new(),
    };
    let mut item = flag;
    if let Some(v) = value_name(arg) {
        if !item.is_empty() {
            item.push_str("\\~");
        }
        item.push_str(&format!("\\fI{v}\\fR"));
    }
    let repeats = matches!(arg.get_action(), clap::ArgAction::Append);
    let item = if arg.is_required_set() {
        item
    } else {
        format!("[{item}]")
    };
    if repeats { format!("{item}...") } else { item }
}

/// The options a page documents: its own, not the global ones (acme(1) has those), not help.
fn own_args(cmd: &clap::Command, top: bool) -> Vec<&clap::Arg> {
    cmd.get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter(|a| top || !a.is_global_set())
        .filter(|a| {
            let id = a.get_id().as_str();
            top || (id != "help" && id != "version")
        })
        .collect()
}

fn option_entries(args: &[&clap::Arg], out: &mut String) {
    let mut heading_now: Option<&str> = None;
    for arg in args {
        let h = arg.get_help_heading();
        if h != heading_now && h.is_some() && h != Some("Global options") {
            out.push_str(&format!(".SS \"{}\"\n", roff(h.unwrap_or_default())));
        }
        heading_now = h;
        out.push_str(".TP\n");
        out.push_str(&option_tag(arg));
        out.push('\n');
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let mut text = help.replace('\n', " ").trim().to_string();
        if !text.is_empty() && !text.ends_with(['.', ')', ']', '?', '!']) {
            text.push('.');
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && !arg.is_hide_possible_values_set() {
            text.push_str(&format!(" One of: {}.", values.join(", ")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && takes_value(arg) {
            text.push_str(&format!(" Default: {}.", defaults.join(", ")));
        }
        if let Some(env) = arg.get_env() {
            text.push_str(&format!(" Also {}.", env.to_string_lossy()));
        }
        if text.trim().is_empty() {
            text = "(undocumented)".into();
        }
        out.push_str(&prose(&text));
        out.push('\n');
    }
}

/// `after_help` holds a command's examples after "Examples:" and notes around them.
fn split_after_help(cmd: &clap::Command) -> (String, Vec<String>) {
    let text = cmd
        .get_after_long_help()
        .or(cmd.get_after_help())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut notes = Vec::new();
    let mut examples = Vec::new();
    let mut in_examples = false;
    for para in text.split("\n\n") {
        let mut lines = para.lines();
        let first = lines.clone().next().unwrap_or("");
        if first.trim() == "Examples:" {
            in_examples = true;
            lines.next();
            examples.extend(lines.map(|l| l.trim().to_string()));
            continue;
        }
        if in_examples && para.lines().all(|l| l.starts_with("  ")) {
            examples.extend(para.lines().map(|l| l.trim().to_string()));
            continue;
        }
        in_examples = false;
        if !first.starts_with("Exit codes") {
            notes.push(para.to_string());
        }
    }
    (notes.join("\n\n"), examples)
}

fn man_page(
    cmd: &clap::Command,
    parent: Option<&clap::Command>,
    version: &str,
    pages: &[String],
) -> String {
    let full_name = match parent {
        Some(_) => format!("acme {}", cmd.get_name()),
        None => "acme".to_string(),
    };
    let page = full_name.replace(' ', "-");
    let text = man_text::page(&page);
    let mut out = String::new();
    out.push_str(&format!(
        ".TH {} 1 {} \"acme {version}\" \"acme manual\"\n",
        page.to_uppercase().replace('-', "\\-"),
        man_text::DATE
    ));
    // Page names and options are not to be hyphenated at the end of a line.
    out.push_str(".nh\n");
    heading(&mut out, "NAME");
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    let about = about.trim_end_matches('.');
    let mut about_lc = about.to_string();
    if let Some(first) = about_lc.get(0..1) {
        about_lc.replace_range(0..1, &first.to_lowercase());
    }
    out.push_str(&prose(&format!("{page} - {about_lc}")));
    out.push('\n');

    heading(&mut out, "SYNOPSIS");
    let top = parent.is_none();
    let args = own_args(cmd, top);
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    if top {
        out.push_str("\\fBacme\\fR [\\fIglobal options\\fR] \\fICOMMAND\\fR [\\fIoptions\\fR]\n");
    } else if subs.is_empty() {
        let mut line = vec![format!("\\fB{}\\fR", roff(&full_name))];
        line.extend(args.iter().map(|a| synopsis_item(a)));
        line.push("[\\fIglobal options\\fR]".into());
        out.push_str(&line.join("\n"));
        out.push('\n');
    } else {
        for (i, sub) in subs.iter().enumerate() {
            if i > 0 {
                out.push_str(".br\n");
            }
            let mut line = vec![format!(
                "\\fB{} {}\\fR",
                roff(&full_name),
                roff(sub.get_name())
            )];
            line.extend(own_args(sub, false).iter().map(|a| synopsis_item(a)));
            line.push("[\\fIglobal options\\fR]".into());
            out.push_str(&line.join("\n"));
            out.push('\n');
        }
    }

    heading(&mut out, "DESCRIPTION");
    let (notes, examples) = split_after_help(cmd);
    match text.map(|t| t.description) {
        Some(d) => paragraphs(d, &mut out),
        None => paragraphs(&format!("{about}."), &mut out),
    }
    if !notes.is_empty() {
        out.push_str(".PP\n");
        paragraphs(&notes, &mut out);
    }

    if top {
        heading(&mut out, "COMMANDS");
        for sub in &subs {
            out.push_str(".TP\n");
            out.push_str(&format!("\\fB{}\\fR\n", roff(sub.get_name())));
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            out.push_str(&prose(&format!(
                "{}; see `acme-{}(1)`.",
                about.trim_end_matches('.'),
                sub.get_name()
            )));
            out.push('\n');
        }
    }
    if !subs.is_empty() && !top {
        heading(&mut out, "COMMANDS");
        for sub in &subs {
            out.push_str(&format!(
                ".SS \"{} {}\"\n",
                roff(&full_name),
                roff(sub.get_name())
            ));
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            out.push_str(&prose(&format!("{}.", about.trim_end_matches('.'))));
            out.push('\n');
            let sub_args = own_args(sub, false);
            if !sub_args.is_empty() {
                option_entries_plain(&sub_args, &mut out);
            }
        }
    }

    if top {
        heading(&mut out, "GLOBAL OPTIONS");
        out.push_str(&prose(
            "These options are accepted by every command, before or after its name.",
        ));
        out.push('\n');
        option_entries(&args, &mut out);
    } else if !args.is_empty() {
        heading(&mut out, "OPTIONS");
        option_entries(&args, &mut out);
        out.push_str(".PP\n");
        out.push_str(&prose(
            "The global options (`--server`, `--config-dir`, `--quiet`, `--verbose`, `--json` and the others) are described in `acme(1)`.",
        ));
        out.push('\n');
    }

    heading(&mut out, "ENVIRONMENT");
    let mut env: Vec<(String, String)> = Vec::new();
    let root_args: Vec<&clap::Arg> = match parent {
        Some(p) => p.get_arguments().filter(|a| a.is_global_set()).collect(),
        None => cmd.get_arguments().collect(),
    };
    let mut all_args: Vec<&clap::Arg> = root_args;
    all_args.extend(args.iter().copied());
    for sub in &subs {
        all_args.extend(own_args(sub, false));
    }
    for arg in all_args {
        if let Some(var) = arg.get_env() {
            let var = var.to_string_lossy().into_owned();
            if env.iter().any(|(v, _)| *v == var) {
                continue;
            }
            let flag = arg.get_long().unwrap_or_default();
            env.push((var, format!("The default for `--{flag}`.")));
        }
    }
    for (var, what) in man_text::ENVIRONMENT_COMMON {
        env.push((var.to_string(), what.to_string()));
    }
    if let Some(t) = text {
        for (var, what) in t.environment {
            env.push((var.to_string(), what.to_string()));
        }
    }
    for (var, what) in env {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(&var), prose(&what)));
    }

    heading(&mut out, "FILES");
    for (path, what) in man_text::FILES_COMMON
        .iter()
        .chain(text.map(|t| t.files).unwrap_or_default())
    {
        out.push_str(&format!(".TP\n\\fI{}\\fR\n{}\n", roff(path), prose(what)));
    }

    heading(&mut out, "EXIT STATUS");
    for (code, what) in text
        .and_then(|t| t.exit_status)
        .unwrap_or(man_text::EXIT_STATUS)
    {
        out.push_str(&format!(".TP\n{code}\n{}\n", prose(what)));
    }

    if !examples.is_empty() {
        heading(&mut out, "EXAMPLES");
        out.push_str(".nf\n");
        for e in &examples {
            out.push_str(&format!("{}\n", roff(e)));
        }
        out.push_str(".fi\n");
    }

    heading(&mut out, "SEE ALSO");
    let own = format!("{page}(1)");
    let mut see: Vec<String> = Vec::new();
    for p in pages {
        if *p != own {
            see.push(p.clone());
        }
    }
    let refs: Vec<String> = see
        .iter()
        .map(|p| {
            let (name, sect) = p.split_once('(').expect("page(N)");
            format!("\\fB{}\\fR({}", roff(name), sect)
        })
        .collect();
    out.push_str(&refs.join(",\n"));
    out.push('\n');
    out
}

/// Options of a sub-subcommand (`acme account rollover --key-type`), under its `.SS`.
fn option_entries_plain(args: &[&clap::Arg], out: &mut String) {
    let mut plain = String::new();
    option_entries(args, &mut plain);
    // Sub-subcommands carry no help headings of their own; drop any `.SS` the entries made.
    for line in plain.lines() {
        if !line.starts_with(".SS") {
            out.push_str(line);
            out.push('\n');
        }
    }
}
