//! The composer's mention picker: the handle `@[Anna Nowak](user:<id>)` the server reads
//! (`ratusz_domain::chat::mentions`), inserted where the caret is, and the members a typed
//! filter leaves.

use ratusz_domain::api::chat::ChatPerson;
#[cfg(test)]
use ratusz_domain::chat::mentions;

/// The handle of `person`. A name with `]` or a line break (the server's handle refuses
/// them) is written without those characters, so the mention still holds.
pub fn handle(person: &ChatPerson) -> String {
    let name: String = person
        .name
        .chars()
        .map(|c| {
            if matches!(c, ']' | '[' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!("@[{}](user:{})", name.trim(), person.user_id)
}

/// `text` with `inserted` at character position `caret` (the end when past it), a space
/// added before when the caret follows a word and after; and the caret after the insertion.
pub fn insert_at(text: &str, caret: usize, inserted: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let caret = caret.min(chars.len());
    let before: String = chars[..caret].iter().collect();
    let after: String = chars[caret..].iter().collect();
    let gap_before = if before.is_empty() || before.ends_with(char::is_whitespace) {
        ""
    } else {
        " "
    };
    let piece = format!("{gap_before}{inserted} ");
    let new_caret = caret + piece.chars().count();
    (format!("{before}{piece}{after}"), new_caret)
}

/// The members whose name contains `filter` (case-insensitive), the caller left out, by name.
pub fn matching<'a>(members: &'a [ChatPerson], me: &str, filter: &str) -> Vec<&'a ChatPerson> {
    let wanted = filter.trim().to_lowercase();
    let mut found: Vec<&ChatPerson> = members
        .iter()
        .filter(|p| p.user_id != me && p.name.to_lowercase().contains(&wanted))
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// Whether the text holds a well-formed mention of `user_id`.
#[cfg(test)]
fn mentions_user(text: &str, user_id: &str) -> bool {
    mentions::handles(text).iter().any(|h| h.user_id == user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str) -> ChatPerson {
        ChatPerson {
            user_id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn the_handle_is_what_the_server_reads() {
        let anna = person("01HA", "Anna Nowak");
        let text = format!("Pytanie do {}", handle(&anna));
        assert!(mentions_user(&text, "01HA"));
        assert_eq!(handle(&person("x1", "Jan ] Kos")), "@[Jan   Kos](user:x1)");
        assert!(mentions_user(&handle(&person("x1", "Jan ] Kos")), "x1"));
    }

    #[test]
    fn insertion_table() {
        let cases = [
            ("", 0, "@[A](user:a) ", 13),
            ("Hej", 3, "Hej @[A](user:a) ", 17),
            ("Hej ", 4, "Hej @[A](user:a) ", 17),
            ("Hej jutro", 4, "Hej @[A](user:a) jutro", 17),
            ("Zażółć", 99, "Zażółć @[A](user:a) ", 20),
        ];
        for (text, caret, expected, expected_caret) in cases {
            let (got, at) = insert_at(text, caret, "@[A](user:a)");
            assert_eq!((got.as_str(), at), (expected, expected_caret), "{text:?}");
        }
    }

    #[test]
    fn the_filter_leaves_the_caller_out_and_ignores_case() {
        let members = [
            person("me", "Ewa Zając"),
            person("b", "Jan Kowalski"),
            person("a", "Anna Nowak"),
        ];
        let names = |f: &str| -> Vec<String> {
            matching(&members, "me", f)
                .iter()
                .map(|p| p.name.clone())
                .collect()
        };
        assert_eq!(names(""), ["Anna Nowak", "Jan Kowalski"]);
        assert_eq!(names("NOW"), ["Anna Nowak"]);
        assert!(names("Ewa").is_empty());
    }
}
