//! One value of a `key = value` line: bare when it reads back exactly as it is, otherwise a
//! `"…"` string with escapes.
//!
//! A bare value is the rest of the line with surrounding whitespace trimmed, so it can hold no
//! line break and no leading or trailing whitespace. Anything else is quoted: `\\`, `\"`, `\n`,
//! `\r`, `\t`, and `\xHH` for any other control character or a byte that is not UTF-8 (paths
//! may hold those). The encoder quotes every value that starts with `"`, so a quoted value is
//! never ambiguous in files this version writes. A value in an older or hand-edited file that
//! starts and ends with `"` but is not a well-formed quoted string is read bare, as before.

use std::borrow::Cow;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

/// A character that must not appear in a bare value: it could end the line (`\n`, and the
/// Unicode line and paragraph separators editors honour), vanish in a trim, or hide in a terminal.
fn must_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether `v` would read back exactly when written bare.
fn bare_is_exact(v: &str) -> bool {
    !v.is_empty()
        && !v.starts_with('"')
        && !v.starts_with(char::is_whitespace)
        && !v.ends_with(char::is_whitespace)
        && !v.chars().any(must_escape)
}

/// The text to write after `key = ` for the value `v` (any bytes).
pub fn encode(v: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(v)
        && bare_is_exact(s)
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for chunk in v.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if must_escape(c) => {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    Cow::Owned(out)
}

/// The bytes of a value as found after `key =` (already trimmed).
pub fn decode(raw: &str) -> Vec<u8> {
    unquote(raw).unwrap_or_else(|| raw.as_bytes().to_vec())
}

/// Whether `raw` is a well-formed quoted string (so `""` is an empty value that was set).
pub fn is_quoted(raw: &str) -> bool {
    unquote(raw).is_some()
}

/// The bytes of a well-formed `"…"` string, or `None` when `raw` is not one.
fn unquote(raw: &str) -> Option<Vec<u8>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next()? {
                '\\' => out.push(b'\\'),
                '"' => out.push(b'"'),
                'n' => out.push(b'\n'),
                'r' => out.push(b'\r'),
                't' => out.push(b'\t'),
                'x' => {
                    let hex: String = [chars.next()?, chars.next()?].iter().collect();
                    out.push(u8::from_str_radix(&hex, 16).ok()?);
                }
                _ => return None,
            },
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Some(out)
}

/// A path from decoded bytes (Unix paths are bytes; nothing is lost).
pub fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(OsString::from_vec(bytes))
}

/// A key as written. Keys are chosen by code (domain names are normalised before they reach a
/// `webroot.<domain>` key), but should one ever hold a line break or `=`, that is escaped here
/// rather than allowed to end the key or the line: the line then fails to mean anything, safely.
pub fn key(k: &str) -> Cow<'_, str> {
    if !k.contains(['\n', '=']) {
        return Cow::Borrowed(k);
    }
    Cow::Owned(k.replace('\n', "\\x0a").replace('=', "\\x3d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(v: &[u8]) -> Vec<u8> {
        decode(encode(v).trim())
    }

    #[test]
    fn plain_values_stay_bare() {
        for v in [
            "/var/www/html",
            "systemctl reload nginx",
            "a \"b\"",
            "echo # x",
            "x=y",
        ] {
            assert_eq!(encode(v.as_bytes()), v);
        }
    }

    #[test]
    fn values_that_would_not_read_back_are_quoted_and_round_trip() {
        for v in [
            "",
            " lead",
            "trail ",
            "two\nlines",
            "cr\r",
            "tab\tin",
            "\"quoted\"",
            "\"start",
            "back\\slash\n",
            "nul\0",
            "del\x7f",
            "nel\u{85}",
            "sep\u{2028}",
            "nbsp\u{a0}",
            "\u{feff}bom",
            "ünïcödé \n",
        ] {
            let e = encode(v.as_bytes());
            assert!(e.starts_with('"') && !e.contains('\n'), "{v:?} -> {e}");
            assert_eq!(round(v.as_bytes()), v.as_bytes(), "{v:?} -> {e}");
        }
        let not_utf8 = b"/srv/\xff\xfe\n";
        assert_eq!(round(not_utf8), not_utf8);
    }

    #[test]
    fn older_files_with_quotes_in_bare_values_read_as_before() {
        for raw in [
            "\"/opt/a\" \"b\"",
            "\"unterminated",
            "\"bad \\q escape\"",
            "\"",
        ] {
            assert_eq!(decode(raw), raw.as_bytes());
            assert!(!is_quoted(raw));
        }
        assert_eq!(decode("\"a b\""), b"a b");
    }

    #[test]
    fn a_key_cannot_break_its_line() {
        assert_eq!(key("webroot.a.example"), "webroot.a.example");
        let k = key("webroot.a\npre_hook=x");
        assert!(!k.contains('\n') && !k.contains('='), "{k}");
    }
}
