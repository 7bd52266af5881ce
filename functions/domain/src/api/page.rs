//! Paginated lists (api.md § Lists): an opaque `cursor` and a `limit` (default 50, max 500).

use serde::{Deserialize, Serialize};

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size a client may ask for.
pub const MAX_LIMIT: u32 = 500;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Why a `limit` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitError;

/// The page size for a requested `limit`: absent → default; 1..=500 accepted; anything else
/// refused (so a client learns the rule instead of getting a silently different page).
///
/// An empty `limit=` is absent; otherwise only ASCII digits (not ` 5` or `+5`, which `parse`
/// alone would take), as the OpenAPI document says.
pub fn page_limit(requested: Option<&str>) -> Result<u32, LimitError> {
    match requested {
        None | Some("") => Ok(DEFAULT_LIMIT),
        Some(text) if text.bytes().all(|b| b.is_ascii_digit()) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(LimitError),
        },
        Some(_) => Err(LimitError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_table() {
        let cases = [
            (None, Ok(50)),
            (Some(""), Ok(50)),
            (Some("1"), Ok(1)),
            (Some("500"), Ok(500)),
            (Some("501"), Err(LimitError)),
            (Some("0"), Err(LimitError)),
            (Some("-1"), Err(LimitError)),
            (Some("ten"), Err(LimitError)),
            (Some(" 5"), Err(LimitError)),
            (Some("+5"), Err(LimitError)),
        ];
        for (input, expected) in cases {
            assert_eq!(page_limit(input), expected, "{input:?}");
        }
    }

    #[test]
    fn last_page_has_no_cursor() {
        let page = Page {
            items: vec![1, 2],
            next_cursor: None,
        };
        let json = serde_json::to_string(&page).unwrap_or_default();
        assert_eq!(json, r#"{"items":[1,2]}"#);
    }
}
