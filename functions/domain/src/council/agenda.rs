//! The order of business (porządek obrad): an item's text and a new order of the items.

use crate::api::council::AgendaItemInput;
use crate::validate::limits::{ITEM_DESCRIPTION_MAX, ITEM_TITLE_MAX};
use crate::validate::{distinct_ids, optional_long_text, text, Checks, FieldErrors, Invalid};
use std::collections::HashSet;

/// An agenda item's text, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemText {
    /// Title, one line.
    pub title: String,
    /// Longer text (may span lines).
    pub description: Option<String>,
}

impl ItemText {
    /// A new item (`POST …/agenda`): the title is required.
    pub fn new(input: &AgendaItemInput) -> Result<Self, FieldErrors> {
        let mut c = Checks::new();
        let title = c.check(
            "title",
            text(input.title.as_deref().unwrap_or(""), ITEM_TITLE_MAX),
        );
        let description = c.check("description", description(input.description.as_deref()));
        let item = (|| {
            Some(Self {
                title: title?,
                description: description?,
            })
        })();
        c.finish_with(item)
    }

    /// This text with `input` applied (`PATCH …/agenda/{item}`): absent fields stay, a blank
    /// description is removed.
    pub fn edited(&self, input: &AgendaItemInput) -> Result<Self, FieldErrors> {
        let mut c = Checks::new();
        let title = match &input.title {
            Some(t) => c.check("title", text(t, ITEM_TITLE_MAX)),
            None => Some(self.title.clone()),
        };
        let description = match &input.description {
            Some(d) => c.check("description", description(Some(d))),
            None => Some(self.description.clone()),
        };
        let item = (|| {
            Some(Self {
                title: title?,
                description: description?,
            })
        })();
        c.finish_with(item)
    }
}

fn description(value: Option<&str>) -> Result<Option<String>, Invalid> {
    optional_long_text(value, ITEM_DESCRIPTION_MAX)
}

/// A new order of the items: `given` must name every item of `existing` exactly once (an
/// item added meanwhile cannot be left out by a form loaded before it).
pub fn check_order(existing: &[String], given: &[String]) -> Result<Vec<String>, Invalid> {
    let given = distinct_ids(given)?;
    let wanted: HashSet<&str> = existing.iter().map(String::as_str).collect();
    if given.len() != existing.len() || !given.iter().all(|id| wanted.contains(id.as_str())) {
        return Err(Invalid::rule("every_item_once"));
    }
    Ok(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    fn input(title: Option<&str>, description: Option<&str>) -> AgendaItemInput {
        AgendaItemInput {
            title: title.map(str::to_owned),
            description: description.map(str::to_owned),
        }
    }

    fn fields<T>(r: Result<T, FieldErrors>) -> Vec<(String, &'static str)> {
        r.err()
            .map(|e| e.0.into_iter().map(|(f, i)| (f, i.code.as_str())).collect())
            .unwrap_or_default()
    }

    #[test]
    fn new_items_need_a_title() {
        let item = ItemText::new(&input(Some(" Budżet "), Some(" a\nb "))).ok();
        assert_eq!(
            item,
            Some(ItemText {
                title: "Budżet".into(),
                description: Some("a\nb".into())
            })
        );
        let long = "x".repeat(ITEM_DESCRIPTION_MAX + 1);
        assert_eq!(
            fields(ItemText::new(&input(None, Some(&long)))),
            [
                ("description".to_owned(), "too_long"),
                ("title".to_owned(), "required")
            ]
        );
        assert_eq!(
            fields(ItemText::new(&input(Some("a\u{7}"), None))),
            [("title".to_owned(), "control_characters")]
        );
    }

    #[test]
    fn edits_keep_what_they_do_not_name() {
        let item = ItemText {
            title: "Budżet".into(),
            description: Some("Projekt".into()),
        };
        assert_eq!(item.edited(&input(None, None)).ok(), Some(item.clone()));
        let cleared = item.edited(&input(None, Some(" "))).ok();
        assert_eq!(cleared.map(|i| i.description), Some(None));
        assert_eq!(
            fields(item.edited(&input(Some(""), None))),
            [("title".to_owned(), "required")]
        );
    }

    #[test]
    fn an_order_names_every_item_once() {
        let items = ids(&["a", "b", "c"]);
        assert_eq!(
            check_order(&items, &ids(&["c", "a", "b"])).ok(),
            Some(ids(&["c", "a", "b"]))
        );
        let code = |given: &[&str]| {
            check_order(&items, &ids(given)).err().map(|e| {
                e.params
                    .get("rule")
                    .cloned()
                    .unwrap_or(e.code.as_str().into())
            })
        };
        assert_eq!(code(&["a", "b"]), Some("every_item_once".into()));
        assert_eq!(code(&["a", "b", "x"]), Some("every_item_once".into()));
        assert_eq!(code(&["a", "b", "c", "c"]), Some("duplicate".into()));
        assert_eq!(code(&["a", "a", "b"]), Some("duplicate".into()));
        assert_eq!(check_order(&[], &[]).ok(), Some(vec![]));
    }
}
