//! The copy of a user's CSR that a `--csr` lineage renews from: `archive/<name>/csr.pem`. A copy,
//! not the user's path, so renewal survives the user moving or deleting their file.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

use super::Layout;
use super::fsutil::{PRIVATE_DIR, PUBLIC, ensure_dir, write_atomic};

/// Where the copy lives, relative to the config dir (as the renewal conf records it).
pub fn relative_path(name: &str) -> PathBuf {
    Path::new("archive").join(name).join("csr.pem")
}

/// A conf's `csr` value: relative paths are under the config dir.
pub fn resolve(layout: &Layout, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        layout.root.join(p)
    }
}

pub fn save(layout: &Layout, name: &str, pem: &str) -> Result<PathBuf> {
    ensure_dir(&layout.archive(name), PRIVATE_DIR)?;
    let path = layout.root.join(relative_path(name));
    write_atomic(&path, pem.as_bytes(), PUBLIC)
        .with_context(|| format!("cannot save the CSR to {}", path.display()))?;
    Ok(path)
}
