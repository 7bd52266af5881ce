//! Mentions: the client inserts `@[Anna Nowak](user:<id>)` into the text; the server keeps
//! the ids of those that are members of the conversation (a mention of anyone else notifies
//! nobody and shows as plain text).

/// One mention handle found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle<'a> {
    /// Byte range of the whole handle (`@[…](user:…)`) in the text.
    pub start: usize,
    /// End of the handle (exclusive).
    pub end: usize,
    /// The name between the brackets.
    pub name: &'a str,
    /// The account id after `user:`.
    pub user_id: &'a str,
}

/// Every well-formed handle in `text`, in order. A name has no `]` or line break and at most
/// 200 characters; an id is 1–64 of `[A-Za-z0-9_-]`.
pub fn handles(text: &str) -> Vec<Handle<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find("@[")) {
        let start = from + at;
        match handle_at(text, start) {
            Some(handle) => {
                from = handle.end;
                found.push(handle);
            }
            None => from = start + 2,
        }
    }
    found
}

fn handle_at(text: &str, start: usize) -> Option<Handle<'_>> {
    let after = text.get(start + 2..)?;
    let close = after.find(']')?;
    let name = after.get(..close)?;
    if name.trim().is_empty() || name.contains(['\n', '\r', '[']) || name.chars().count() > 200 {
        return None;
    }
    let rest = after.get(close + 1..)?.strip_prefix("(user:")?;
    let end_id = rest.find(')')?;
    let user_id = rest.get(..end_id)?;
    let valid_id = (1..=64).contains(&user_id.len())
        && user_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid_id {
        return None;
    }
    let end = start + 2 + close + 1 + "(user:".len() + end_id + 1;
    Some(Handle {
        start,
        end,
        name,
        user_id,
    })
}

/// The distinct ids mentioned in `text` that `is_member` accepts, in order of appearance.
pub fn mentioned_members(text: &str, is_member: impl Fn(&str) -> bool) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for handle in handles(text) {
        if is_member(handle.user_id) && !ids.iter().any(|id| id == handle.user_id) {
            ids.push(handle.user_id.to_owned());
        }
    }
    ids
}

/// `text` with every handle shown as `@Name` (for excerpts and the search index).
pub fn display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for handle in handles(text) {
        out.push_str(text.get(from..handle.start).unwrap_or(""));
        out.push('@');
        out.push_str(handle.name);
        from = handle.end;
    }
    out.push_str(text.get(from..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_table() {
        let cases: [(&str, &[(&str, &str)]); 9] = [
            ("@[Anna Nowak](user:01HA)", &[("Anna Nowak", "01HA")]),
            (
                "hej @[Anna](user:a1) i @[Jan Kos](user:b-2_x)!",
                &[("Anna", "a1"), ("Jan Kos", "b-2_x")],
            ),
            ("@[Anna](user:)", &[]),
            ("@[Anna](user:a b)", &[]),
            ("@[Anna](http://x)", &[]),
            ("@[](user:a1)", &[]),
            ("@[Anna\nNowak](user:a1)", &[]),
            ("@[@[Anna](user:a1)", &[("Anna", "a1")]),
            ("e-mail a@[b](user:c1)", &[("b", "c1")]),
        ];
        for (text, expected) in cases {
            let got: Vec<(&str, &str)> =
                handles(text).iter().map(|h| (h.name, h.user_id)).collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn only_members_are_mentioned_once_each() {
        let text = "@[A](user:a) @[B](user:b) @[A again](user:a) @[X](user:x)";
        let members = ["a", "b"];
        assert_eq!(
            mentioned_members(text, |id| members.contains(&id)),
            ["a", "b"]
        );
        assert!(mentioned_members(text, |_| false).is_empty());
    }

    #[test]
    fn display_shows_names() {
        assert_eq!(
            display("Pytanie do @[Anna Nowak](user:01HA): czy jutro?"),
            "Pytanie do @Anna Nowak: czy jutro?"
        );
        assert_eq!(display("bez wzmianek"), "bez wzmianek");
    }
}
