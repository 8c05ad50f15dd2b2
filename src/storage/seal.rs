//! Envelope encryption of the private keys a shared store holds, so that whoever can read the
//! store (an etcd user with read access to the prefix, a backup of etcd's data dir) learns
//! nothing from them without the fleet key file every node keeps (0600).
//!
//! Each sealed value gets its own random data key; the data key is encrypted with the fleet key
//! (AES-256-GCM) and the value with the data key (AES-256-GCM). Both carry the value's store
//! key as associated data, so a sealed value copied to another lineage's place does not open.
//! A new fleet key only needs the small wrapped data keys re-encrypted.
//!
//! ```text
//! "acme-seal1" | key id (8: SHA-256 of the fleet key) | n1 (12) | wrapped data key (32) | t1 (16)
//!              | n2 (12) | t2 (16) | ciphertext
//! ```

use anyhow::{Context, Result, bail};
use openssl::symm::{Cipher, decrypt_aead, encrypt_aead};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const MAGIC: &[u8] = b"acme-seal1";
const KEY_LEN: usize = 32;
const NONCE: usize = 12;
const TAG: usize = 16;
const KID: usize = 8;

/// The fleet key: 32 random bytes, kept base64-encoded in a 0600 file.
pub struct Sealer {
    key: [u8; KEY_LEN],
    kid: [u8; KID],
}

impl Sealer {
    pub fn from_key(key: [u8; KEY_LEN]) -> Sealer {
        let digest = openssl::sha::sha256(&key);
        let mut kid = [0; KID];
        kid.copy_from_slice(&digest[..KID]);
        Sealer { key, kid }
    }

    /// Reads a key file written by [`new_key_file`]; refuses one that others may read.
    pub fn load(path: &Path) -> Result<Sealer> {
        let meta = std::fs::symlink_metadata(path)
            .with_context(|| format!("cannot read the fleet key file {}", path.display()))?;
        if meta.permissions().mode() & 0o077 != 0 {
            bail!(
                "the fleet key file {} may be read by others (mode {:o}); run chmod 600 {}",
                path.display(),
                meta.permissions().mode() & 0o777,
                path.display()
            );
        }
        // Another user's file is theirs to change: the key that opens every sealed value
        // must be as trusted as acme itself (root's or the running user's; review 12b).
        {
            use std::os::unix::fs::MetadataExt;
            if !crate::challenges::safe_dir::trusted_owner(meta.uid()) {
                bail!(
                    "the fleet key file {} belongs to user {}, not to root or the user acme runs as; \
                     run chown root {}",
                    path.display(),
                    meta.uid(),
                    path.display()
                );
            }
        }
        let text = super::fsutil::read_private(path, "the fleet key file")?;
        let text = String::from_utf8(text).unwrap_or_default();
        let bytes = openssl::base64::decode_block(text.trim()).ok();
        let key: [u8; KEY_LEN] = bytes.and_then(|b| b.try_into().ok()).with_context(|| {
            format!(
                "{} is not a fleet key (32 bytes, base64); make one with `acme fleet new-key FILE`",
                path.display()
            )
        })?;
        Ok(Sealer::from_key(key))
    }

    /// A short fingerprint of the key (not secret), shown so operators can compare nodes.
    pub fn key_id(&self) -> String {
        self.kid.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn seal(&self, place: &str, plain: &[u8]) -> Result<Vec<u8>> {
        let mut data_key = [0u8; KEY_LEN];
        openssl::rand::rand_bytes(&mut data_key)?;
        let (n1, n2) = (nonce()?, nonce()?);
        let mut t1 = [0u8; TAG];
        let mut t2 = [0u8; TAG];
        let cipher = Cipher::aes_256_gcm();
        let wrapped = encrypt_aead(
            cipher,
            &self.key,
            Some(&n1),
            place.as_bytes(),
            &data_key,
            &mut t1,
        )?;
        let body = encrypt_aead(
            cipher,
            &data_key,
            Some(&n2),
            place.as_bytes(),
            plain,
            &mut t2,
        )?;
        let mut out = Vec::with_capacity(MAGIC.len() + 96 + body.len());
        for part in [MAGIC, &self.kid, &n1, &wrapped, &t1, &n2, &t2, &body] {
            out.extend_from_slice(part);
        }
        Ok(out)
    }

    pub fn open(&self, place: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        let Some(rest) = sealed.strip_prefix(MAGIC) else {
            bail!("{place} is not sealed: the store holds a private key in the clear; refusing it");
        };
        if rest.len() < KID + NONCE + KEY_LEN + TAG + NONCE + TAG {
            bail!("{place}: the sealed value is truncated");
        }
        let (kid, rest) = rest.split_at(KID);
        if kid != self.kid {
            bail!(
                "{place} was sealed with another fleet key (id {}; this node's is {}): copy the fleet's key file to this node",
                kid.iter().map(|b| format!("{b:02x}")).collect::<String>(),
                self.key_id()
            );
        }
        let (n1, rest) = rest.split_at(NONCE);
        let (wrapped, rest) = rest.split_at(KEY_LEN);
        let (t1, rest) = rest.split_at(TAG);
        let (n2, rest) = rest.split_at(NONCE);
        let (t2, body) = rest.split_at(TAG);
        let cipher = Cipher::aes_256_gcm();
        let refused = || {
            format!(
                "{place}: the sealed value does not open (tampered with, or moved from another key)"
            )
        };
        let data_key = decrypt_aead(cipher, &self.key, Some(n1), place.as_bytes(), wrapped, t1)
            .with_context(refused)?;
        decrypt_aead(cipher, &data_key, Some(n2), place.as_bytes(), body, t2).with_context(refused)
    }
}

fn nonce() -> Result<[u8; NONCE]> {
    let mut n = [0u8; NONCE];
    openssl::rand::rand_bytes(&mut n)?;
    Ok(n)
}

/// Writes a new random fleet key to `path` (0600 from creation); refuses to overwrite one.
pub fn new_key_file(path: &Path) -> Result<Sealer> {
    if std::fs::symlink_metadata(path).is_ok() {
        bail!(
            "{} already exists; not overwriting a fleet key",
            path.display()
        );
    }
    let mut key = [0u8; KEY_LEN];
    openssl::rand::rand_bytes(&mut key)?;
    let text = format!("{}\n", openssl::base64::encode_block(&key));
    super::fsutil::write_atomic(path, text.as_bytes(), super::fsutil::SECRET)?;
    Ok(Sealer::from_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_in_its_place() {
        let s = Sealer::from_key([7; 32]);
        let sealed = s
            .seal("lineages/a/v/1", b"-----BEGIN PRIVATE KEY-----")
            .unwrap();
        assert!(
            !sealed.windows(11).any(|w| w == b"PRIVATE KEY"),
            "no plaintext"
        );
        assert_eq!(
            s.open("lineages/a/v/1", &sealed).unwrap(),
            b"-----BEGIN PRIVATE KEY-----"
        );
        assert_ne!(
            sealed,
            s.seal("lineages/a/v/1", b"-----BEGIN PRIVATE KEY-----")
                .unwrap()
        );
        let moved = s.open("lineages/b/v/1", &sealed).unwrap_err();
        assert!(format!("{moved:#}").contains("does not open"), "{moved:#}");
        let other = Sealer::from_key([8; 32])
            .open("lineages/a/v/1", &sealed)
            .unwrap_err();
        assert!(
            format!("{other:#}").contains("another fleet key"),
            "{other:#}"
        );
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(s.open("lineages/a/v/1", &flipped).is_err());
        assert!(
            s.open("lineages/a/v/1", b"-----BEGIN").is_err(),
            "clear text refused"
        );
        assert!(s.open("lineages/a/v/1", &sealed[..40]).is_err());
    }

    #[test]
    fn key_files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fleet.key");
        let made = new_key_file(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(Sealer::load(&path).unwrap().key_id(), made.key_id());
        assert!(new_key_file(&path).is_err());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = Sealer::load(&path).err().unwrap();
        assert!(format!("{e:#}").contains("chmod 600"), "{e:#}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        // Another user's key file (only root can make one here).
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
            let e = Sealer::load(&path).err().unwrap();
            assert!(format!("{e:#}").contains("chown root"), "{e:#}");
        }
        let bad = dir.path().join("bad.key");
        std::fs::write(&bad, "short\n").unwrap();
        std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(Sealer::load(&bad).is_err());
    }
}
