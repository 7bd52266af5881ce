//! Chat rules, pure and clock-free (`docs/api/messaging.md`): message text and its limits,
//! the 15-minute edit window, read markers, mentions, attachments' names and content check,
//! the updates cursor, the conversations' change marks and the poll's stamp, and — with
//! feature `chat-server` — the safe Markdown rendering and the search words.
//!
//! No I/O: the `messaging` component loads rows, calls these, stores the outcome. Refusals
//! carry a stable problem `code` and the parameters a translated message needs; field
//! refusals are [`crate::validate::Invalid`].

pub mod attachment;
pub mod change_mark;
pub mod cursor;
pub mod edit_window;
#[cfg(feature = "chat-server")]
pub mod markdown;
pub mod mentions;
pub mod poll_stamp;
pub mod read_marker;
pub mod retention;
#[cfg(feature = "chat-server")]
pub mod search;
pub mod text;
#[cfg(feature = "chat-server")]
pub mod words;

/// The one direct conversation of two people is keyed by the pair, in a fixed order, so
/// "create" by either of them finds the same row.
pub fn direct_pair(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a} {b}")
    } else {
        format!("{b} {a}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pair_is_the_same_from_both_sides() {
        assert_eq!(super::direct_pair("b", "a"), super::direct_pair("a", "b"));
        assert_eq!(super::direct_pair("a", "b"), "a b");
        assert_ne!(super::direct_pair("a", "bc"), super::direct_pair("ab", "c"));
    }
}
