//! Writes the shell completions (`completions/`) and man pages (`man/`) from the clap definition.
//! Run after changing the command line: `cargo run --example generate-assets`.
//! `tests/suite/assets.rs` fails when the committed files are stale.

use clap::CommandFactory;
use std::path::Path;

#[path = "../tests/suite/support/assets.rs"]
#[allow(dead_code)] // some helpers are for the tests only
mod assets;

/// The command line's clap definition: clap types over the library only, so it compiles here.
#[path = "../src/cli/args.rs"]
#[allow(dead_code)]
mod cli;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (path, content) in assets::render(cli::Cli::command()) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("asset paths have a directory"))?;
        std::fs::write(&path, content)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
