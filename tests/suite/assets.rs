//! The committed completions and man pages must match the command line.

use clap::CommandFactory;
use std::path::Path;

use crate::support::assets;

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (path, content) in assets::render(acme::cli::Cli::command()) {
        if std::fs::read(root.join(&path)).ok().as_deref() != Some(content.as_slice()) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `cargo run --example generate-assets` and commit the result"
    );
}
