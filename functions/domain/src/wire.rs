//! The one wire vocabulary: every enum that crosses a boundary (JSON, a database column, a
//! KV document) has exactly one name per value, one strict `parse` (an unknown name is `None`,
//! never a silent default) and an `ALL` list for tests and schemas.

/// Gives an enum its wire names: `ALL`, `as_str`, strict `parse` and `Display`.
///
/// ```ignore
/// wire_names!(Role { Admin = "admin", Support = "support" });
/// ```
///
/// The enum keeps its own serde derives (`rename_all = "snake_case"`); the test helper
/// [`assert_serde_matches`] proves serde and the wire names agree.
#[macro_export]
macro_rules! wire_names {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in declaration order (an array, so `ALL.into_iter()` yields values).
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The wire name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value named `text` on the wire; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Test helper: serde's JSON name of every value equals its wire name, and `parse` inverts it.
#[cfg(test)]
pub fn assert_serde_matches<T>(
    all: impl AsRef<[T]>,
    as_str: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
) where
    T: serde::Serialize + Copy + PartialEq + std::fmt::Debug,
{
    for &v in all.as_ref() {
        let json = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", as_str(v)), "{v:?}");
        assert_eq!(parse(as_str(v)), Some(v), "{v:?}");
    }
    assert_eq!(parse("no-such-value"), None);
}
