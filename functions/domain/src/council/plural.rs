//! Polish plural forms of counted nouns ("1 głos", "2 głosy", "5 głosów").

/// The form of a noun after the number `n`: `one` for 1, `few` for 2–4, 22–24, 32–34, …
/// (but not 12–14), `many` for everything else (0, 5–21, 25–31, …).
pub fn pl_plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        return one;
    }
    let (last, last_two) = (n % 10, n % 100);
    if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        few
    } else {
        many
    }
}

/// "`n` głos/głosy/głosów".
pub fn glosy(n: u64) -> String {
    format!("{n} {}", pl_plural(n, "głos", "głosy", "głosów"))
}

/// "`n` radny/radnych" (the few-form of the noun "radny" is "radnych" too: "2 radnych").
pub fn radni(n: u64) -> String {
    format!("{n} {}", pl_plural(n, "radny", "radnych", "radnych"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_plural_forms() {
        let cases = [
            (0, "0 głosów", "0 radnych"),
            (1, "1 głos", "1 radny"),
            (2, "2 głosy", "2 radnych"),
            (4, "4 głosy", "4 radnych"),
            (5, "5 głosów", "5 radnych"),
            (11, "11 głosów", "11 radnych"),
            (12, "12 głosów", "12 radnych"),
            (14, "14 głosów", "14 radnych"),
            (21, "21 głosów", "21 radnych"),
            (22, "22 głosy", "22 radnych"),
            (101, "101 głosów", "101 radnych"),
            (112, "112 głosów", "112 radnych"),
            (123, "123 głosy", "123 radnych"),
        ];
        for (n, votes, councillors) in cases {
            assert_eq!(glosy(n), votes);
            assert_eq!(radni(n), councillors);
        }
    }
}
