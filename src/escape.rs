//! Making untrusted text (from the CA, from certificates) safe to print on a terminal. Pure;
//! the `acme` command applies [`escape_lines`] to every line it writes.

use std::borrow::Cow;

/// Text from the CA (or any untrusted source) made safe for a terminal: every control character
/// (C0 including newline, DEL, C1) and every bidirectional override is shown as `\u{..}`, so a
/// CA can neither send escape sequences (window title, clear screen, cursor moves) nor start
/// a line of its own that looks like acme's. Backslashes are doubled so the output is
/// unambiguous.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// [`escape`], but newlines pass: for acme's own multi-line messages, whose CA-supplied parts
/// were already [`escape`]d. Every line the `acme` command prints goes through this.
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

fn escape_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && !(keep_newlines && c == '\n'))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s
        .chars()
        .any(|c| unsafe_char(c) || (!keep_newlines && c == '\\'))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else if c == '\\' && !keep_newlines {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(
            escape("\u{1b}]0;owned\u{7}\u{1b}[2J"),
            "\\u{1b}]0;owned\\u{7}\\u{1b}[2J"
        );
        assert_eq!(escape("a\nCertificate issued"), "a\\u{a}Certificate issued");
        assert_eq!(
            escape("\r\u{9b}31m\u{202e}txt"),
            "\\u{d}\\u{9b}31m\\u{202e}txt"
        );
        assert_eq!(escape("C:\\x"), "C:\\\\x");
    }

    #[test]
    fn escape_lines_keeps_only_newlines() {
        assert_eq!(escape_lines("one\ntwo"), "one\ntwo");
        assert_eq!(escape_lines("one\r\u{1b}[1A"), "one\\u{d}\\u{1b}[1A");
    }
}
