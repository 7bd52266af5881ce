//! The editable fields of a meeting and their rules: a create or patch body is checked as a
//! whole, so the office's form learns every mistake in one 422. Whether the accounts exist
//! and are active is the component's database check; whether the state allows the edit is
//! [`super::lifecycle::check_edit`].

use crate::api::council::{MeetingCreate, MeetingKind, MeetingPatch, SpeakingLimits};
use crate::time::Timestamp;
use crate::validate::limits::{
    LOCATION_MAX, MEETING_NUMBER_MAX, MEETING_TITLE_MAX, SPEAKING_SECONDS_MAX, STATUTORY_MAX,
};
use crate::validate::{distinct_ids, https_url, id, range, text, Checks, FieldErrors, Invalid};

/// A meeting's editable fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    /// Title.
    pub title: String,
    /// Number as text.
    pub number: String,
    /// Session or committee.
    pub kind: MeetingKind,
    /// Planned start.
    pub starts_at: Timestamp,
    /// Place.
    pub location: String,
    /// Video room (`https://` only).
    pub video_url: Option<String>,
    /// Statutory composition.
    pub statutory_members: u32,
    /// Members, in order, each once, at most `statutory_members`.
    pub member_ids: Vec<String>,
    /// Named chair, one of the members.
    pub chair_id: Option<String>,
    /// Speaking limits.
    pub speaking_limits: SpeakingLimits,
    /// Vote changes allowed until a poll closes.
    pub allow_vote_change: bool,
}

impl MeetingFields {
    /// The fields of a new meeting (`POST /api/sessions`).
    pub fn from_create(body: &MeetingCreate) -> Result<Self, FieldErrors> {
        let mut c = Checks::new();
        let title = c.check("title", text(&body.title, MEETING_TITLE_MAX));
        let number = c.check("number", text(&body.number, MEETING_NUMBER_MAX));
        let location = c.check("location", text(&body.location, LOCATION_MAX));
        let video_url = c.check("video_url", https_url(body.video_url.as_deref()));
        let statutory = c.check("statutory_members", statutory(body.statutory_members));
        let member_ids = c.check("member_ids", members(&body.member_ids, statutory));
        let chair_id = c.check(
            "chair_id",
            chair(body.chair_id.as_deref(), member_ids.as_deref()),
        );
        let speaking_limits = limits(&mut c, body.speaking_limits.unwrap_or_default());
        let fields = (|| {
            Some(Self {
                title: title?,
                number: number?,
                kind: body.kind,
                starts_at: body.starts_at,
                location: location?,
                video_url: video_url?,
                statutory_members: statutory?,
                member_ids: member_ids?,
                chair_id: chair_id?,
                speaking_limits: speaking_limits?,
                allow_vote_change: body.allow_vote_change.unwrap_or(false),
            })
        })();
        c.finish_with(fields)
    }

    /// These fields with `patch` applied (`PATCH /api/sessions/{id}`): every given field is
    /// checked, and the membership as a whole (members fit the composition, a named chair is a
    /// member) whatever part of it changed. A blank `video_url` or `chair_id` removes it.
    pub fn patched(&self, patch: &MeetingPatch) -> Result<Self, FieldErrors> {
        let mut c = Checks::new();
        let title = given(&mut c, "title", patch.title.as_deref(), &self.title, |v| {
            text(v, MEETING_TITLE_MAX)
        });
        let number = given(
            &mut c,
            "number",
            patch.number.as_deref(),
            &self.number,
            |v| text(v, MEETING_NUMBER_MAX),
        );
        let location = given(
            &mut c,
            "location",
            patch.location.as_deref(),
            &self.location,
            |v| text(v, LOCATION_MAX),
        );
        let video_url = match &patch.video_url {
            Some(v) => c.check("video_url", https_url(Some(v))),
            None => Some(self.video_url.clone()),
        };
        let statutory_members = match patch.statutory_members {
            Some(s) => c.check("statutory_members", statutory(s)),
            None => Some(self.statutory_members),
        };
        let ids = patch.member_ids.as_deref().unwrap_or(&self.member_ids);
        let member_ids = c.check("member_ids", members(ids, statutory_members));
        let chair_id = c.check(
            "chair_id",
            chair(
                patch.chair_id.as_deref().or(self.chair_id.as_deref()),
                member_ids.as_deref(),
            ),
        );
        let speaking_limits = match patch.speaking_limits {
            Some(l) => limits(&mut c, l),
            None => Some(self.speaking_limits),
        };
        let fields = (|| {
            Some(Self {
                title: title?,
                number: number?,
                kind: patch.kind.unwrap_or(self.kind),
                starts_at: patch.starts_at.unwrap_or(self.starts_at),
                location: location?,
                video_url: video_url?,
                statutory_members: statutory_members?,
                member_ids: member_ids?,
                chair_id: chair_id?,
                speaking_limits: speaking_limits?,
                allow_vote_change: patch.allow_vote_change.unwrap_or(self.allow_vote_change),
            })
        })();
        c.finish_with(fields)
    }

    /// Whether `other` has another member list or statutory composition (fixed once the
    /// meeting opens).
    pub fn membership_differs(&self, other: &Self) -> bool {
        self.member_ids != other.member_ids || self.statutory_members != other.statutory_members
    }
}

/// A patched text field: `rule` on the given value, else the current one.
fn given(
    c: &mut Checks,
    field: &str,
    value: Option<&str>,
    current: &str,
    rule: impl FnOnce(&str) -> Result<String, Invalid>,
) -> Option<String> {
    match value {
        Some(v) => c.check(field, rule(v)),
        None => Some(current.to_owned()),
    }
}

/// The statutory composition, 1..=[`STATUTORY_MAX`].
fn statutory(value: u32) -> Result<u32, Invalid> {
    range(value, 1, STATUTORY_MAX)
}

/// Members: ids, each once, no more than the composition (when it is known to be valid).
fn members(ids: &[String], statutory: Option<u32>) -> Result<Vec<String>, Invalid> {
    let ids = distinct_ids(ids)?;
    match statutory {
        Some(max) if ids.len() > max as usize => {
            Err(Invalid::rule("more_members_than_statutory").with("max", max))
        }
        _ => Ok(ids),
    }
}

/// A named chair: blank → none (any holder of the chair role runs it); otherwise one of
/// `members` (unchecked when the member list is itself refused).
fn chair(value: Option<&str>, members: Option<&[String]>) -> Result<Option<String>, Invalid> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let chair = id(raw)?;
    match members {
        Some(list) if !list.contains(&chair) => Err(Invalid::rule("chair_not_member")),
        _ => Ok(Some(chair)),
    }
}

/// Each speaking limit 1..=[`SPEAKING_SECONDS_MAX`] seconds, refused as
/// `speaking_limits.<kind>`.
fn limits(c: &mut Checks, value: SpeakingLimits) -> Option<SpeakingLimits> {
    let mut one = |name: &str, s: u32| {
        c.check(
            &format!("speaking_limits.{name}"),
            range(s, 1, SPEAKING_SECONDS_MAX),
        )
    };
    // Each checked before any is unwrapped, so every refused limit is reported.
    let normal = one("normal", value.normal);
    let ad_vocem = one("ad_vocem", value.ad_vocem);
    let formal_motion = one("formal_motion", value.formal_motion);
    Some(SpeakingLimits {
        normal: normal?,
        ad_vocem: ad_vocem?,
        formal_motion: formal_motion?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    fn create() -> MeetingCreate {
        MeetingCreate {
            title: " Sesja Rady Miasta ".into(),
            number: "XII".into(),
            kind: MeetingKind::Session,
            starts_at: Timestamp::from_unix_ms(0),
            location: "Sala obrad".into(),
            video_url: Some("https://meet.jit.si/rada".into()),
            statutory_members: 3,
            member_ids: ids(&["a", "b"]),
            chair_id: Some("a".into()),
            speaking_limits: None,
            allow_vote_change: None,
        }
    }

    /// The refused fields with their codes (and `rule` when there is one).
    fn refused<T: std::fmt::Debug>(r: Result<T, FieldErrors>) -> Vec<(String, String)> {
        match r {
            Ok(v) => panic!("accepted: {v:?}"),
            Err(e) => {
                e.0.into_iter()
                    .map(|(field, why)| {
                        let code = why
                            .params
                            .get("rule")
                            .cloned()
                            .unwrap_or_else(|| why.code.as_str().to_owned());
                        (field, code)
                    })
                    .collect()
            }
        }
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn a_valid_create_is_trimmed_and_defaulted() {
        let f = MeetingFields::from_create(&create()).ok();
        let f = f.as_ref();
        assert_eq!(f.map(|f| f.title.as_str()), Some("Sesja Rady Miasta"));
        assert_eq!(
            f.map(|f| f.speaking_limits),
            Some(SpeakingLimits::default())
        );
        assert_eq!(f.map(|f| f.allow_vote_change), Some(false));
        assert_eq!(f.and_then(|f| f.chair_id.as_deref()), Some("a"));
    }

    #[test]
    fn every_bad_field_of_a_create_is_reported_at_once() {
        let body = MeetingCreate {
            title: "  ".into(),
            number: "X".repeat(21),
            location: "Sala\u{7}".into(),
            video_url: Some("http://meet.jit.si".into()),
            statutory_members: 0,
            member_ids: ids(&["a", "a"]),
            chair_id: Some("z".into()),
            speaking_limits: Some(SpeakingLimits {
                normal: 0,
                ad_vocem: 60,
                formal_motion: 3601,
            }),
            ..create()
        };
        assert_eq!(
            refused(MeetingFields::from_create(&body)),
            pairs(&[
                ("location", "control_characters"),
                ("member_ids", "duplicate"),
                ("number", "too_long"),
                ("speaking_limits.formal_motion", "out_of_range"),
                ("speaking_limits.normal", "out_of_range"),
                ("statutory_members", "out_of_range"),
                ("title", "required"),
                ("video_url", "invalid_format"),
            ])
        );
    }

    /// (members, statutory composition, named chair, refused fields).
    type MembershipCase = (
        &'static [&'static str],
        u32,
        Option<&'static str>,
        &'static [(&'static str, &'static str)],
    );

    #[test]
    fn membership_rules_of_a_create() {
        let cases: [MembershipCase; 5] = [
            (
                &["a", "b", "c"],
                2,
                None,
                &[("member_ids", "more_members_than_statutory")],
            ),
            (
                &["a", "b"],
                2,
                Some("c"),
                &[("chair_id", "chair_not_member")],
            ),
            (&["a", ""], 2, None, &[("member_ids", "required")]),
            (&["a b"], 2, None, &[("member_ids", "invalid_format")]),
            // A refused composition leaves the member count unchecked.
            (
                &["a", "b"],
                0,
                Some("a"),
                &[("statutory_members", "out_of_range")],
            ),
        ];
        for (members, statutory, chair_id, want) in cases {
            let body = MeetingCreate {
                member_ids: ids(members),
                statutory_members: statutory,
                chair_id: chair_id.map(str::to_owned),
                ..create()
            };
            assert_eq!(
                refused(MeetingFields::from_create(&body)),
                pairs(want),
                "{members:?} {statutory} {chair_id:?}"
            );
        }
        let no_chair = MeetingCreate {
            chair_id: Some("  ".into()),
            member_ids: vec![],
            ..create()
        };
        let f = MeetingFields::from_create(&no_chair).ok();
        assert_eq!(f.map(|f| (f.chair_id, f.member_ids.len())), Some((None, 0)));
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let current = MeetingFields::from_create(&create()).ok();
        let current = current
            .as_ref()
            .map(|c| (c, c.patched(&MeetingPatch::default())));
        let (current, same) = current.unwrap_or_else(|| panic!("sample refused"));
        assert_eq!(same.as_ref().ok(), Some(current));
        let patch = MeetingPatch {
            title: Some(" Nowy tytuł ".into()),
            video_url: Some(String::new()),
            chair_id: Some(String::new()),
            allow_vote_change: Some(true),
            ..MeetingPatch::default()
        };
        let new = current.patched(&patch).ok();
        let new = new.as_ref();
        assert_eq!(new.map(|n| n.title.as_str()), Some("Nowy tytuł"));
        assert_eq!(
            new.map(|n| (n.video_url.is_none(), n.chair_id.is_none())),
            Some((true, true))
        );
        assert_eq!(new.map(|n| n.allow_vote_change), Some(true));
        assert_eq!(new.map(|n| current.membership_differs(n)), Some(false));
    }

    #[test]
    fn a_patch_rechecks_the_whole_membership() {
        let current = MeetingFields::from_create(&create()).unwrap_or_else(|e| panic!("{e:?}"));
        let cases: [(MeetingPatch, &[(&str, &str)]); 4] = [
            // The named chair is dropped from the members.
            (
                MeetingPatch {
                    member_ids: Some(ids(&["b"])),
                    ..MeetingPatch::default()
                },
                &[("chair_id", "chair_not_member")],
            ),
            // The composition shrinks below the current members.
            (
                MeetingPatch {
                    statutory_members: Some(1),
                    ..MeetingPatch::default()
                },
                &[("member_ids", "more_members_than_statutory")],
            ),
            (
                MeetingPatch {
                    title: Some(String::new()),
                    speaking_limits: Some(SpeakingLimits {
                        ad_vocem: 0,
                        ..SpeakingLimits::default()
                    }),
                    ..MeetingPatch::default()
                },
                &[
                    ("speaking_limits.ad_vocem", "out_of_range"),
                    ("title", "required"),
                ],
            ),
            (
                MeetingPatch {
                    chair_id: Some("z".into()),
                    ..MeetingPatch::default()
                },
                &[("chair_id", "chair_not_member")],
            ),
        ];
        for (patch, want) in cases {
            assert_eq!(refused(current.patched(&patch)), pairs(want), "{patch:?}");
        }
        let grown = MeetingPatch {
            member_ids: Some(ids(&["a", "b", "c"])),
            ..MeetingPatch::default()
        };
        let new = current.patched(&grown).ok();
        assert_eq!(new.map(|n| current.membership_differs(&n)), Some(true));
    }
}
