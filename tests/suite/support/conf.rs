//! Reads `renewal/<name>.conf` as its documented format says (acme-renewal.conf(5)): the
//! suite's own reader, so a test checks the file a user edits, not the binary reading back
//! what it wrote.

use std::collections::BTreeMap;
use std::path::Path;

/// The `key = value` lines of a renewal conf, values unquoted.
pub struct Conf(pub BTreeMap<String, String>);

impl Conf {
    pub fn load(path: &Path) -> Result<Conf, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut map = BTreeMap::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| format!("{}: not `key = value`: {line:?}", path.display()))?;
            map.insert(k.trim().to_string(), unquote(v.trim()));
        }
        Ok(Conf(map))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// A comma-separated list (`domains`).
    pub fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default()
    }
}

/// A `"…"` value with `\\ \" \n \r \t \xHH` escapes; anything else as written. Enough for
/// the UTF-8 values these tests write.
fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return v.to_string();
    };
    let mut out = Vec::new();
    let mut bytes = inner.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(b'x') => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                let hex = std::str::from_utf8(&hex).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
            }
            Some(c) => out.push(c),
            None => out.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
