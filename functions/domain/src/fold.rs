//! Folding text for case- and accent-insensitive matching (`Łódź`, `LODZ` and `łódź` are one
//! word): the chat's search words and the resident registry's name search share it, so both
//! match the same way.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Text folded: NFKD, combining marks dropped, letters without a decomposition mapped
/// (`ł` → `l`, `ø` → `o`, `đ` → `d`, `ß` → `ss`), lower case.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            other => out.extend(other.to_lowercase()),
        }
    }
    out
}
