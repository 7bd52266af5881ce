//! Who a message goes to (docs/api/notifications-messages.md § Shapes, "Who gets what"): the
//! audience's validation, matching one opened recipient against a filter, who may receive at
//! all, which channels reach a recipient, and the k rule that keeps a demographic filter from
//! singling a person out.

use super::age::{AgeRange, Day};
use super::fields::postal_code;
use crate::api::notify::{Channel, ConsentState, Sex, Verification};
use crate::api::notify_messages::{Audience, AudienceFilter};
use crate::validate::limits::{AGE_MAX, STREET_MAX};
use crate::validate::{self, Checks, FieldCode, FieldErrors, Invalid};

/// Districts and postal codes a filter may list.
pub const FILTER_LIST_MAX: usize = 50;
/// Recipients an `individuals` audience may list.
pub const INDIVIDUALS_MAX: usize = 1000;
/// The k of the k rule when `notify_min_audience` is not set.
pub const MIN_AUDIENCE_DEFAULT: u32 = 5;
/// The order in which a one-recipient message (a reply to a report) picks the channel.
pub const INDIVIDUAL_ORDER: [Channel; 4] = [
    Channel::Push,
    Channel::Email,
    Channel::Sms,
    Channel::Edoreczenia,
];

/// A filter that passed validation (lists distinct, postal codes in `NN-NNN`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanFilter {
    /// The ages on the sending day.
    pub age: Option<AgeRange>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Districts (any of).
    pub district_ids: Vec<String>,
    /// Street as given (trimmed); matched folded.
    pub street: Option<String>,
    /// Postal codes (any of).
    pub postal_codes: Vec<String>,
}

/// An audience that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CleanAudience {
    /// Everyone who may receive.
    Everyone,
    /// A demographic filter (the k rule applies).
    Filter(CleanFilter),
    /// Chosen recipients (exempt from the k rule).
    Individuals(Vec<String>),
}

impl CleanAudience {
    /// The wire form, as stored and answered.
    pub fn to_wire(&self) -> Audience {
        match self {
            CleanAudience::Everyone => Audience::Everyone {},
            CleanAudience::Filter(f) => Audience::Filter(AudienceFilter {
                age_min: f.age.and_then(|a| a.min),
                age_max: f.age.and_then(|a| a.max),
                sex: f.sex,
                district_ids: (!f.district_ids.is_empty()).then(|| f.district_ids.clone()),
                street: f.street.clone(),
                postal_codes: (!f.postal_codes.is_empty()).then(|| f.postal_codes.clone()),
            }),
            CleanAudience::Individuals(ids) => {
                Audience::Individuals(crate::api::notify_messages::Individuals {
                    recipient_ids: ids.clone(),
                })
            }
        }
    }

    /// The district ids the audience names (to check they exist).
    pub fn district_ids(&self) -> &[String] {
        match self {
            CleanAudience::Filter(f) => &f.district_ids,
            _ => &[],
        }
    }
}

/// Checks an audience; refusals name `audience.<field>`.
pub fn check(audience: &Audience) -> Result<CleanAudience, FieldErrors> {
    match audience {
        Audience::Everyone {} => Ok(CleanAudience::Everyone),
        Audience::Filter(f) => check_filter(f).map(CleanAudience::Filter),
        Audience::Individuals(i) => {
            let field = "audience.recipient_ids";
            if i.recipient_ids.is_empty() {
                return Err(FieldErrors::one(field, Invalid::required()));
            }
            if i.recipient_ids.len() > INDIVIDUALS_MAX {
                return Err(FieldErrors::one(field, too_many(INDIVIDUALS_MAX)));
            }
            validate::distinct_ids(&i.recipient_ids)
                .map(CleanAudience::Individuals)
                .map_err(|e| FieldErrors::one(field, e))
        }
    }
}

fn too_many(max: usize) -> Invalid {
    Invalid::out_of_range(1, max)
}

fn check_filter(f: &AudienceFilter) -> Result<CleanFilter, FieldErrors> {
    let mut checks = Checks::new();
    let age_min = f
        .age_min
        .and_then(|v| checks.check("audience.age_min", validate::range(v, 0, AGE_MAX)));
    let age_max = f.age_max.and_then(|v| {
        checks.check(
            "audience.age_max",
            validate::range(v, age_min.unwrap_or(0), AGE_MAX),
        )
    });
    let district_ids = f
        .district_ids
        .as_deref()
        .map(|ids| checks.check("audience.district_ids", bounded_list(ids, validate::id)))
        .unwrap_or(Some(Vec::new()))
        .unwrap_or_default();
    let postal_codes = f
        .postal_codes
        .as_deref()
        .map(|codes| checks.check("audience.postal_codes", bounded_list(codes, postal_code)))
        .unwrap_or(Some(Vec::new()))
        .unwrap_or_default();
    let street = f
        .street
        .as_deref()
        .and_then(|s| checks.check("audience.street", validate::text(s, STREET_MAX)));
    let clean = CleanFilter {
        age: (age_min.is_some() || age_max.is_some()).then_some(AgeRange {
            min: age_min,
            max: age_max,
        }),
        sex: f.sex,
        district_ids,
        street,
        postal_codes,
    };
    let given = f.age_min.is_some()
        || f.age_max.is_some()
        || f.sex.is_some()
        || f.district_ids.is_some()
        || f.street.is_some()
        || f.postal_codes.is_some();
    if !given {
        checks.refuse("audience", Invalid::rule("no_criterion"));
    }
    checks.finish_with(Some(clean))
}

/// 1..=[`FILTER_LIST_MAX`] distinct values, each cleaned by `clean`.
fn bounded_list(
    values: &[String],
    clean: impl Fn(&str) -> Result<String, Invalid>,
) -> Result<Vec<String>, Invalid> {
    if values.is_empty() {
        return Err(Invalid::required());
    }
    if values.len() > FILTER_LIST_MAX {
        return Err(too_many(FILTER_LIST_MAX));
    }
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let v = clean(value)?;
        if out.contains(&v) {
            return Err(Invalid::new(FieldCode::Duplicate));
        }
        out.push(v);
    }
    Ok(out)
}

/// What a filter must open of a recipient (the sealed columns; district is plain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The birth date (ages).
    pub birth_date: bool,
    /// Sex.
    pub sex: bool,
    /// The street.
    pub street: bool,
    /// The postal code.
    pub postal_code: bool,
}

impl CleanFilter {
    /// The sealed columns this filter opens.
    pub fn needs(&self) -> Needs {
        Needs {
            birth_date: self.age.is_some(),
            sex: self.sex.is_some(),
            street: self.street.is_some(),
            postal_code: !self.postal_codes.is_empty(),
        }
    }

    /// Whether a recipient in `district_id` is in one of the filter's districts (checked
    /// before anything is opened).
    pub fn district_matches(&self, district_id: &str) -> bool {
        self.district_ids.is_empty() || self.district_ids.iter().any(|d| d == district_id)
    }
}

/// What a filter looks at of one recipient, opened (only the [`Needs`]; others `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject<'a> {
    /// District (plain column).
    pub district_id: &'a str,
    /// Birth date, opened when needed.
    pub birth_date: Option<Day>,
    /// Sex, opened when needed (`None` also when not given).
    pub sex: Option<Sex>,
    /// Street, opened when needed.
    pub street: Option<&'a str>,
    /// Postal code, opened when needed.
    pub postal_code: Option<&'a str>,
}

/// Whether `s` matches `filter` on `today` (the sending day in Poland). A criterion the
/// recipient left empty (no sex given) does not match.
#[cfg(feature = "nfkc")]
pub fn matches(filter: &CleanFilter, s: &Subject<'_>, today: Day) -> bool {
    use crate::fold::fold;
    if !filter.district_matches(s.district_id) {
        return false;
    }
    if let Some(age) = filter.age {
        if !s.birth_date.is_some_and(|b| age.contains(b, today)) {
            return false;
        }
    }
    if filter.sex.is_some() && s.sex != filter.sex {
        return false;
    }
    if let Some(street) = &filter.street {
        let wanted = fold(street);
        if s.street.is_none_or(|got| fold(got.trim()) != wanted) {
            return false;
        }
    }
    filter.postal_codes.is_empty()
        || s.postal_code
            .is_some_and(|p| filter.postal_codes.iter().any(|c| c == p))
}

/// Where a recipient stands, read from the plain columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Verification.
    pub verification: Verification,
    /// A suspension holds now.
    pub suspended: bool,
    /// Consent.
    pub consent: ConsentState,
    /// The data was erased.
    pub erased: bool,
}

/// Whether a recipient in `standing` gets a message to `audience` at all: suspended (now),
/// withdrawn or erased never; restricted only messages to everyone.
pub fn may_receive(audience: &CleanAudience, standing: Standing) -> bool {
    if standing.erased || standing.suspended || standing.consent == ConsentState::Withdrawn {
        return false;
    }
    standing.verification != Verification::Restricted || matches!(audience, CleanAudience::Everyone)
}

/// Which contacts a recipient holds (known without opening them: a sealed column is NULL or
/// not) and what they chose.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reach {
    /// Chosen channels.
    pub chosen: Vec<Channel>,
    /// Has an e-mail.
    pub email: bool,
    /// Has a phone.
    pub phone: bool,
    /// Has an ADE address.
    pub ade: bool,
    /// Has a bound device with a push subscription.
    pub push: bool,
}

impl Reach {
    /// Whether `channel` reaches the recipient: chosen and its contact held.
    pub fn reaches(&self, channel: Channel) -> bool {
        self.chosen.contains(&channel)
            && match channel {
                Channel::Email => self.email,
                Channel::Sms => self.phone,
                Channel::Push => self.push,
                Channel::Edoreczenia => self.ade,
            }
    }

    /// The message's channels that reach the recipient, in the message's order.
    pub fn channels(&self, message_channels: &[Channel]) -> Vec<Channel> {
        message_channels
            .iter()
            .copied()
            .filter(|c| self.reaches(*c))
            .collect()
    }

    /// A one-recipient message's channel: the first that reaches in [`INDIVIDUAL_ORDER`].
    pub fn first_channel(&self) -> Option<Channel> {
        INDIVIDUAL_ORDER.into_iter().find(|c| self.reaches(*c))
    }
}

/// A filter matched fewer than `k` recipients: refused without the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudienceTooSmall {
    /// The k in force.
    pub k: u32,
}

/// The k rule: a demographic filter must match at least `k` recipients, so targeting cannot
/// single a person out; an `individuals` audience is an explicit choice and exempt, and
/// `everyone` is no demographic selection at all.
pub fn k_rule(audience: &CleanAudience, count: u64, k: u32) -> Result<(), AudienceTooSmall> {
    match audience {
        CleanAudience::Filter(_) if count < u64::from(k) => Err(AudienceTooSmall { k }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::notify_messages::Individuals;

    fn filter(json: &str) -> Result<CleanAudience, FieldErrors> {
        let audience: Audience = serde_json::from_str(json).unwrap();
        check(&audience)
    }

    fn refused(json: &str) -> Vec<(String, FieldCode)> {
        match filter(json) {
            Ok(a) => panic!("{json} passed as {a:?}"),
            Err(e) => e.0.into_iter().map(|(f, i)| (f, i.code)).collect(),
        }
    }

    #[test]
    fn audiences_are_checked_field_by_field() {
        let ok = filter(
            r#"{"kind":"filter","age_min":18,"age_max":30,"district_ids":["d1","d2"],
                "postal_codes":[" 08-110 "],"street":" Piłsudskiego ","sex":"female"}"#,
        )
        .unwrap();
        let CleanAudience::Filter(f) = ok else {
            panic!("not a filter")
        };
        assert_eq!(f.postal_codes, ["08-110"]);
        assert_eq!(f.street.as_deref(), Some("Piłsudskiego"));
        assert_eq!(
            f.needs(),
            Needs {
                birth_date: true,
                sex: true,
                street: true,
                postal_code: true
            }
        );
        let cases: [(&str, Vec<(&str, FieldCode)>); 9] = [
            (r#"{"kind":"filter"}"#, vec![("audience", FieldCode::Rule)]),
            (
                r#"{"kind":"filter","age_min":131}"#,
                vec![("audience.age_min", FieldCode::OutOfRange)],
            ),
            (
                r#"{"kind":"filter","age_min":40,"age_max":30}"#,
                vec![("audience.age_max", FieldCode::OutOfRange)],
            ),
            (
                r#"{"kind":"filter","district_ids":[]}"#,
                vec![("audience.district_ids", FieldCode::Required)],
            ),
            (
                r#"{"kind":"filter","district_ids":["d","d"]}"#,
                vec![("audience.district_ids", FieldCode::Duplicate)],
            ),
            (
                r#"{"kind":"filter","postal_codes":["08110"]}"#,
                vec![("audience.postal_codes", FieldCode::InvalidFormat)],
            ),
            (
                r#"{"kind":"filter","street":"  "}"#,
                vec![("audience.street", FieldCode::Required)],
            ),
            (
                r#"{"kind":"individuals","recipient_ids":[]}"#,
                vec![("audience.recipient_ids", FieldCode::Required)],
            ),
            (
                r#"{"kind":"individuals","recipient_ids":["a","a"]}"#,
                vec![("audience.recipient_ids", FieldCode::Duplicate)],
            ),
        ];
        for (json, expected) in cases {
            let expected: Vec<(String, FieldCode)> = expected
                .into_iter()
                .map(|(f, c)| (f.to_owned(), c))
                .collect();
            assert_eq!(refused(json), expected, "{json}");
        }
        let many: Vec<String> = (0..=FILTER_LIST_MAX).map(|i| format!("d{i}")).collect();
        let json = serde_json::json!({"kind": "filter", "district_ids": many}).to_string();
        assert_eq!(
            refused(&json),
            [("audience.district_ids".to_owned(), FieldCode::OutOfRange)]
        );
        let ids: Vec<String> = (0..=INDIVIDUALS_MAX).map(|i| format!("r{i}")).collect();
        let too_many = Audience::Individuals(Individuals { recipient_ids: ids });
        assert!(check(&too_many).is_err());
    }

    #[test]
    fn the_wire_form_round_trips() {
        for json in [
            r#"{"kind":"everyone"}"#,
            r#"{"kind":"filter","age_min":65,"district_ids":["d1"]}"#,
            r#"{"kind":"individuals","recipient_ids":["r1","r2"]}"#,
        ] {
            let clean = filter(json).unwrap();
            let back = serde_json::to_string(&clean.to_wire()).unwrap();
            assert_eq!(back, json);
        }
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn matching_a_recipient() {
        let CleanAudience::Filter(f) = filter(
            r#"{"kind":"filter","age_min":18,"age_max":64,"district_ids":["d1"],
                "street":"Plac Łódzki","postal_codes":["08-110","08-111"]}"#,
        )
        .unwrap() else {
            panic!()
        };
        let today = day("2026-12-06");
        let anna = Subject {
            district_id: "d1",
            birth_date: Some(day("1990-01-01")),
            sex: Some(Sex::Female),
            street: Some("PLAC LODZKI"),
            postal_code: Some("08-111"),
        };
        let cases = [
            (anna.clone(), true),
            (
                Subject {
                    district_id: "d2",
                    ..anna.clone()
                },
                false,
            ),
            (
                Subject {
                    birth_date: Some(day("2008-12-07")),
                    ..anna.clone()
                },
                false,
            ),
            (
                Subject {
                    birth_date: Some(day("2008-12-06")),
                    ..anna.clone()
                },
                true,
            ),
            (
                Subject {
                    birth_date: Some(day("1961-12-06")),
                    ..anna.clone()
                },
                false,
            ),
            (
                Subject {
                    street: Some("Plac Łódzki 2"),
                    ..anna.clone()
                },
                false,
            ),
            (
                Subject {
                    postal_code: Some("08-112"),
                    ..anna.clone()
                },
                false,
            ),
            (
                Subject {
                    birth_date: None,
                    ..anna.clone()
                },
                false,
            ),
        ];
        for (subject, expected) in cases {
            assert_eq!(matches(&f, &subject, today), expected, "{subject:?}");
        }
        let CleanAudience::Filter(by_sex) = filter(r#"{"kind":"filter","sex":"male"}"#).unwrap()
        else {
            panic!()
        };
        assert!(!matches(&by_sex, &anna, today));
        let unstated = Subject { sex: None, ..anna };
        assert!(!matches(&by_sex, &unstated, today));
    }

    #[test]
    fn who_may_receive() {
        let everyone = CleanAudience::Everyone;
        let some = filter(r#"{"kind":"filter","sex":"male"}"#).unwrap();
        let one = CleanAudience::Individuals(vec!["r".into()]);
        let ok = Standing {
            verification: Verification::Unverified,
            suspended: false,
            consent: ConsentState::Given,
            erased: false,
        };
        let restricted = Standing {
            verification: Verification::Restricted,
            ..ok
        };
        let suspended = Standing {
            suspended: true,
            ..ok
        };
        let withdrawn = Standing {
            consent: ConsentState::Withdrawn,
            ..ok
        };
        let erased = Standing { erased: true, ..ok };
        let cases = [
            (ok, [true, true, true]),
            (restricted, [true, false, false]),
            (suspended, [false, false, false]),
            (withdrawn, [false, false, false]),
            (erased, [false, false, false]),
        ];
        for (standing, expected) in cases {
            let got = [&everyone, &some, &one].map(|a| may_receive(a, standing));
            assert_eq!(got, expected, "{standing:?}");
        }
    }

    #[test]
    fn channels_need_a_choice_and_a_contact() {
        let reach = Reach {
            chosen: vec![Channel::Email, Channel::Sms, Channel::Push],
            email: true,
            phone: false,
            ade: true,
            push: true,
        };
        let all = [
            Channel::Edoreczenia,
            Channel::Sms,
            Channel::Email,
            Channel::Push,
        ];
        assert_eq!(reach.channels(&all), [Channel::Email, Channel::Push]);
        assert_eq!(reach.first_channel(), Some(Channel::Push));
        let no_push = Reach {
            push: false,
            ..reach.clone()
        };
        assert_eq!(no_push.first_channel(), Some(Channel::Email));
        let only_ade = Reach {
            chosen: vec![Channel::Edoreczenia, Channel::Sms],
            ..Reach::default()
        };
        assert_eq!(only_ade.first_channel(), None);
        let ade = Reach {
            ade: true,
            ..only_ade
        };
        assert_eq!(ade.first_channel(), Some(Channel::Edoreczenia));
    }

    #[test]
    fn the_k_rule_binds_filters_only() {
        let some = filter(r#"{"kind":"filter","sex":"male"}"#).unwrap();
        let one = CleanAudience::Individuals(vec!["r".into()]);
        assert_eq!(k_rule(&some, 4, 5), Err(AudienceTooSmall { k: 5 }));
        assert_eq!(k_rule(&some, 0, 5), Err(AudienceTooSmall { k: 5 }));
        assert_eq!(k_rule(&some, 5, 5), Ok(()));
        assert_eq!(k_rule(&one, 1, 5), Ok(()));
        assert_eq!(k_rule(&CleanAudience::Everyone, 2, 5), Ok(()));
    }
}
