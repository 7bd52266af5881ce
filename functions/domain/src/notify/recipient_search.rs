//! What staff search the recipient list by (`GET /api/notify/recipients`): at most one kind
//! of filter per request — an exact e-mail or phone (through the blind index, nobody
//! decrypted), or a district with an optional part of a name and an optional age range
//! (matched after decryption, so only within one district: a search over the whole city
//! would decrypt everyone) — plus the verification state.

use super::age::AgeRange;
use super::contact;
use super::fields;
use crate::api::notify::Verification;
use crate::fold::fold;
use crate::validate::{self, limits, Checks, FieldCode, FieldErrors, Invalid};

/// A part of a first or last name, folded (case and accents ignored: `łukasz` finds
/// `Łukasz`, `NOWAK` finds `Nowak`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery(String);

impl NameQuery {
    /// Parses what staff typed: a single line of ≤ [`limits::PERSON_NAME_MAX`] characters that
    /// folds to something.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let clean = validate::text(text, limits::PERSON_NAME_MAX)?;
        let folded = fold(&clean);
        if folded.trim().is_empty() {
            return Err(Invalid::required());
        }
        Ok(Self(folded))
    }

    /// Whether the query is a part of the first name, the last name or both as one
    /// ("anna now" finds Anna Nowak).
    pub fn matches(&self, first_name: &str, last_name: &str) -> bool {
        let first = fold(first_name);
        let last = fold(last_name);
        first.contains(&self.0)
            || last.contains(&self.0)
            || format!("{first} {last}").contains(&self.0)
    }
}

/// The one kind of filter of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientFilter {
    /// Everyone, newest first.
    All,
    /// The recipient whose blind index is that of this input (`contact::index_input_*`).
    Contact {
        /// The text the blind index is computed over.
        index_input: String,
    },
    /// A district, optionally narrowed by a part of a name and an age range.
    District {
        /// The district's id.
        district_id: String,
        /// The part of a name.
        name: Option<NameQuery>,
        /// The ages (`age_min`, `age_max`).
        age: Option<AgeRange>,
    },
}

/// A parsed list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientQuery {
    /// The filter.
    pub filter: RecipientFilter,
    /// Only recipients in this state.
    pub verification: Option<Verification>,
}

/// The query parameters as they came (absent = `None`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchParams<'a> {
    /// `email=`.
    pub email: Option<&'a str>,
    /// `phone=`.
    pub phone: Option<&'a str>,
    /// `district_id=`.
    pub district_id: Option<&'a str>,
    /// `name=`.
    pub name: Option<&'a str>,
    /// `age_min=`.
    pub age_min: Option<&'a str>,
    /// `age_max=`.
    pub age_max: Option<&'a str>,
    /// `verification=`.
    pub verification: Option<&'a str>,
}

/// The query, or every refused parameter at once: `name`, `age_min` or `age_max` without
/// `district_id` → `district_id` `required`; two kinds of filter → the later one `rule`
/// `one_filter_kind`; an age that is no whole number from 0 to the limit, or `age_max` below
/// `age_min` → that parameter `out_of_range`.
pub fn parse(p: &SearchParams<'_>) -> Result<RecipientQuery, FieldErrors> {
    let mut checks = Checks::new();
    let verification = p.verification.and_then(|v| {
        checks.check(
            "verification",
            Verification::parse(v).ok_or_else(|| Invalid::new(FieldCode::InvalidChoice)),
        )
    });
    let by_age = p.age_min.is_some() || p.age_max.is_some();
    let in_district = p.district_id.is_some() || p.name.is_some() || by_age;
    let kinds = [p.email.is_some(), p.phone.is_some(), in_district];
    if kinds.iter().filter(|k| **k).count() > 1 {
        let later = if p.email.is_some() && p.phone.is_some() {
            "phone"
        } else if p.district_id.is_some() {
            "district_id"
        } else if p.name.is_some() {
            "name"
        } else if p.age_min.is_some() {
            "age_min"
        } else {
            "age_max"
        };
        return Err(FieldErrors::one(later, Invalid::rule("one_filter_kind")));
    }
    let filter = if let Some(email) = p.email {
        checks
            .check("email", validate::email(email))
            .map(|e| RecipientFilter::Contact {
                index_input: contact::index_input_email(&e),
            })
    } else if let Some(phone) = p.phone {
        let parsed = fields::phone(Some(phone)).and_then(|v| v.ok_or_else(Invalid::required));
        checks
            .check("phone", parsed)
            .map(|v| RecipientFilter::Contact {
                index_input: contact::index_input_phone(&v),
            })
    } else if in_district {
        let name = p
            .name
            .and_then(|n| checks.check("name", NameQuery::parse(n)));
        let age = match AgeRange::parse(p.age_min, p.age_max) {
            Ok(age) => age,
            Err(refused) => {
                for (field, invalid) in refused.0 {
                    checks.refuse(&field, invalid);
                }
                None
            }
        };
        match p.district_id {
            None => {
                checks.refuse("district_id", Invalid::required());
                None
            }
            Some(d) => checks
                .check("district_id", validate::id(d))
                .map(|district_id| RecipientFilter::District {
                    district_id,
                    name,
                    age,
                }),
        }
    } else {
        Some(RecipientFilter::All)
    };
    checks.finish_with(filter).map(|filter| RecipientQuery {
        filter,
        verification,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields_of(e: &FieldErrors) -> Vec<(String, FieldCode)> {
        e.0.iter().map(|(k, v)| (k.clone(), v.code)).collect()
    }

    #[test]
    fn names_match_without_case_or_accents() {
        let cases = [
            ("łukasz", "Łukasz", "Wiśniewski", true),
            ("LUKASZ", "Łukasz", "Wiśniewski", true),
            ("wisniew", "Łukasz", "Wiśniewski", true),
            ("ŚNIEW", "Łukasz", "Wiśniewski", true),
            ("lukasz wis", "Łukasz", "Wiśniewski", true),
            ("zoł", "Zofia", "Żołądź", true),
            ("anna", "Łukasz", "Wiśniewski", false),
            ("nowak", "Anna", "Nowakowska", true),
            ("nowakowska-k", "Anna", "Nowakowska", false),
        ];
        for (query, first, last, expected) in cases {
            let q = NameQuery::parse(query).unwrap();
            assert_eq!(
                q.matches(first, last),
                expected,
                "{query} in {first} {last}"
            );
        }
        assert_eq!(
            NameQuery::parse("  ").unwrap_err().code,
            FieldCode::Required
        );
        assert_eq!(
            NameQuery::parse("\u{301}").unwrap_err().code,
            FieldCode::Required
        );
        assert_eq!(
            NameQuery::parse(&"a".repeat(101)).unwrap_err().code,
            FieldCode::TooLong
        );
    }

    #[test]
    fn one_kind_of_filter() {
        let all = parse(&SearchParams::default()).unwrap();
        assert_eq!(all.filter, RecipientFilter::All);
        let by_mail = parse(&SearchParams {
            email: Some(" Anna.Nowak@Example.PL "),
            verification: Some("verified"),
            ..SearchParams::default()
        })
        .unwrap();
        assert_eq!(by_mail.verification, Some(Verification::Verified));
        let RecipientFilter::Contact { index_input } = by_mail.filter else {
            panic!("contact filter");
        };
        assert!(index_input.starts_with("email:"));
        let by_phone = parse(&SearchParams {
            phone: Some("600 100 200"),
            ..SearchParams::default()
        })
        .unwrap();
        assert_eq!(
            by_phone.filter,
            RecipientFilter::Contact {
                index_input: "phone:+48600100200".into()
            }
        );
        let district = parse(&SearchParams {
            district_id: Some("01JZDSTRCT0000000000000001"),
            name: Some("Nowak"),
            ..SearchParams::default()
        })
        .unwrap();
        assert!(matches!(
            district.filter,
            RecipientFilter::District { name: Some(_), .. }
        ));
    }

    #[test]
    fn ages_narrow_a_district() {
        let by_age = parse(&SearchParams {
            district_id: Some("01JZDSTRCT0000000000000001"),
            age_min: Some("65"),
            ..SearchParams::default()
        })
        .unwrap();
        assert_eq!(
            by_age.filter,
            RecipientFilter::District {
                district_id: "01JZDSTRCT0000000000000001".into(),
                name: None,
                age: Some(AgeRange {
                    min: Some(65),
                    max: None
                }),
            }
        );
        let refused = |p: SearchParams<'_>| -> Vec<(String, FieldCode)> {
            // The map keeps the fields sorted.
            fields_of(&parse(&p).unwrap_err())
        };
        assert_eq!(
            refused(SearchParams {
                age_max: Some("30"),
                ..SearchParams::default()
            }),
            [("district_id".to_owned(), FieldCode::Required)]
        );
        assert_eq!(
            refused(SearchParams {
                phone: Some("600100200"),
                age_min: Some("30"),
                ..SearchParams::default()
            }),
            [("age_min".to_owned(), FieldCode::Rule)]
        );
        assert_eq!(
            refused(SearchParams {
                district_id: Some("01JZDSTRCT0000000000000001"),
                name: Some("Nowak"),
                age_min: Some("50"),
                age_max: Some("40"),
                ..SearchParams::default()
            }),
            [("age_max".to_owned(), FieldCode::OutOfRange)]
        );
        assert_eq!(
            refused(SearchParams {
                district_id: Some("not an id"),
                age_min: Some("abc"),
                ..SearchParams::default()
            }),
            [
                ("age_min".to_owned(), FieldCode::OutOfRange),
                ("district_id".to_owned(), FieldCode::InvalidFormat)
            ]
        );
    }

    #[test]
    fn refusals_name_the_parameter() {
        let cases: [(SearchParams<'_>, &str, FieldCode); 6] = [
            (
                SearchParams {
                    name: Some("Nowak"),
                    ..SearchParams::default()
                },
                "district_id",
                FieldCode::Required,
            ),
            (
                SearchParams {
                    email: Some("a@b.pl"),
                    phone: Some("600100200"),
                    ..SearchParams::default()
                },
                "phone",
                FieldCode::Rule,
            ),
            (
                SearchParams {
                    email: Some("a@b.pl"),
                    district_id: Some("d1"),
                    ..SearchParams::default()
                },
                "district_id",
                FieldCode::Rule,
            ),
            (
                SearchParams {
                    email: Some("nope"),
                    ..SearchParams::default()
                },
                "email",
                FieldCode::InvalidFormat,
            ),
            (
                SearchParams {
                    phone: Some("12"),
                    ..SearchParams::default()
                },
                "phone",
                FieldCode::InvalidFormat,
            ),
            (
                SearchParams {
                    verification: Some("maybe"),
                    ..SearchParams::default()
                },
                "verification",
                FieldCode::InvalidChoice,
            ),
        ];
        for (params, field, code) in cases {
            let e = parse(&params).unwrap_err();
            assert!(
                fields_of(&e).contains(&(field.to_owned(), code)),
                "{params:?}: {:?}",
                fields_of(&e)
            );
        }
    }
}
