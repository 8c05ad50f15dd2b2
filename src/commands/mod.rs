//! One file per subcommand: check the arguments, call the core, print. Glue only.

pub mod account;
pub mod check;
pub mod delete;
pub mod fleet;
pub mod import_certbot;
pub mod issue;
pub mod limits;
pub mod lineage_settings;
pub mod list;
pub mod profiles;
pub mod reconfigure;
pub mod register;
pub mod renew;
pub mod revoke;

use anyhow::Result;
use clap::ArgMatches;

use crate::cli::settings::Settings;
use crate::cli::{Cli, Command};

pub fn run(cli: Cli, matches: &ArgMatches) -> Result<()> {
    let mut settings = Settings::from_opts(&cli.global)?;
    settings.server_given |= lineage_settings::given(matches, "server");
    let (log_dir, explicit) = match &cli.global.log_dir {
        Some(d) => (d.clone(), true),
        None => (settings.layout.log_dir(), false),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    crate::cli::runlog::start(log_dir, explicit, &args);
    let result = match cli.command {
        Command::Register(args) => register::run(&settings, &args),
        Command::Issue(args) => {
            let sub = matches
                .subcommand_matches("issue")
                .expect("clap matched issue");
            issue::run(&settings, &args, sub)
        }
        Command::Limits => limits::run(&settings),
        Command::Profiles => profiles::run(&settings),
        Command::Revoke(args) => revoke::run(&settings, &args),
        Command::Delete(args) => delete::run(&settings, &args),
        Command::Reconfigure(args) => {
            let sub = matches
                .subcommand_matches("reconfigure")
                .expect("clap matched reconfigure");
            reconfigure::run(&settings, &args, sub)
        }
        Command::Account(cmd) => account::run(&settings, &cmd),
        Command::ImportCertbot(args) => import_certbot::run(&settings, &args),
        Command::Renew(args) => renew::run(&settings, &args),
        Command::List(args) => list::run(&settings, &args),
        Command::Check(args) => check::run(&settings, &args),
        Command::Fleet(cmd) => fleet::run(&settings, &cmd),
        Command::Sync(args) => fleet::sync(&settings, &args),
    };
    settings.out.clear();
    result
}
