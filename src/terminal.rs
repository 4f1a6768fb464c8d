//! The one colour decision of every command: colour only on a terminal, and never when
//! `NO_COLOR` is set to anything but the empty string (no-color.org). Progress and
//! diagnostics go to stderr, results to stdout, so each stream decides for itself.

use std::io::IsTerminal;

/// Colour for what goes to stderr (diagnostics, progress).
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && color_allowed(std::env::var_os("NO_COLOR").as_deref())
}

/// Colour for what goes to stdout (the diff's text report).
pub fn stdout_color() -> bool {
    std::io::stdout().is_terminal() && color_allowed(std::env::var_os("NO_COLOR").as_deref())
}

fn color_allowed(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_with_any_value_but_the_empty_one_turns_colour_off() {
        assert!(color_allowed(None));
        assert!(color_allowed(Some("".as_ref())));
        assert!(!color_allowed(Some("1".as_ref())));
        assert!(!color_allowed(Some("0".as_ref())));
    }
}
