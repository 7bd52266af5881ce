//! Pure helpers of the council screens, tested natively: countdown arithmetic against the
//! server's clock, the majority presets the chair picks from, what the live region says when
//! the floor or the poll changes, and the reordering of lists.

use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::council::{
    Choice, FloorKind, Fraction, LiveView, Majority, MajorityBase, MajorityRule, MeetingState,
    PollState, Speaker,
};

use crate::i18n::CouncilTexts;

/// Milliseconds left of a speech, on the server's clock: `started_at + limit_s − now`, where
/// `now` is the local clock plus `offset_ms` (server time minus local time when the live
/// document arrived). Negative once the time is up.
pub fn remaining_ms(speaker: &Speaker, offset_ms: i64, local_now_ms: i64) -> i64 {
    let ends = speaker.started_at.unix_ms() + i64::from(speaker.limit_s) * 1000;
    ends - (local_now_ms + offset_ms)
}

/// `m:ss` of a countdown, rounded up while time remains (so `0:00` means time is up) and
/// counting the overtime with a leading minus sign after it.
pub fn format_clock(ms: i64) -> String {
    let (sign, seconds) = if ms > 0 {
        ("", (ms + 999) / 1000)
    } else {
        ("−", -ms / 1000)
    };
    let sign = if seconds == 0 { "" } else { sign };
    format!("{sign}{}:{:02}", seconds / 60, seconds % 60)
}

/// The majority rules the poll form offers: the cases Polish councils use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MajorityPreset {
    /// Zwykła większość głosów (more for than against).
    Simple,
    /// Bezwzględna większość głosów oddanych.
    AbsoluteCast,
    /// Bezwzględna większość ustawowego składu.
    AbsoluteStatutory,
    /// 3/5 ustawowego składu.
    ThreeFifthsStatutory,
    /// 2/3 ustawowego składu.
    TwoThirdsStatutory,
}

impl MajorityPreset {
    /// Every preset, in the order the form lists them.
    pub const ALL: [MajorityPreset; 5] = [
        MajorityPreset::Simple,
        MajorityPreset::AbsoluteCast,
        MajorityPreset::AbsoluteStatutory,
        MajorityPreset::ThreeFifthsStatutory,
        MajorityPreset::TwoThirdsStatutory,
    ];

    /// The form value.
    pub fn code(self) -> &'static str {
        match self {
            MajorityPreset::Simple => "simple",
            MajorityPreset::AbsoluteCast => "absolute_cast",
            MajorityPreset::AbsoluteStatutory => "absolute_statutory",
            MajorityPreset::ThreeFifthsStatutory => "qualified_3_5",
            MajorityPreset::TwoThirdsStatutory => "qualified_2_3",
        }
    }

    /// The preset with this form value.
    pub fn from_code(code: &str) -> Option<MajorityPreset> {
        MajorityPreset::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The rule as the API takes it.
    pub fn majority(self) -> Majority {
        let (rule, base, fraction) = match self {
            MajorityPreset::Simple => (MajorityRule::Simple, MajorityBase::Cast, None),
            MajorityPreset::AbsoluteCast => (MajorityRule::Absolute, MajorityBase::Cast, None),
            MajorityPreset::AbsoluteStatutory => {
                (MajorityRule::Absolute, MajorityBase::Statutory, None)
            }
            MajorityPreset::ThreeFifthsStatutory => (
                MajorityRule::Qualified,
                MajorityBase::Statutory,
                Some(Fraction { num: 3, den: 5 }),
            ),
            MajorityPreset::TwoThirdsStatutory => (
                MajorityRule::Qualified,
                MajorityBase::Statutory,
                Some(Fraction { num: 2, den: 3 }),
            ),
        };
        Majority {
            rule,
            base,
            fraction,
        }
    }

    /// Its name in the interface.
    pub fn name(self, t: &CouncilTexts) -> &'static str {
        t.majority_presets[MajorityPreset::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or_default()]
    }
}

/// The name of a choice (ZA / PRZECIW / WSTRZYMUJĘ SIĘ).
pub fn choice_name(choice: Choice, t: &CouncilTexts) -> &'static str {
    match choice {
        Choice::For => t.choice_for,
        Choice::Against => t.choice_against,
        Choice::Abstain => t.choice_abstain,
    }
}

/// The name of a kind of request to speak.
pub fn floor_kind_name(kind: FloorKind, t: &CouncilTexts) -> &'static str {
    match kind {
        FloorKind::Normal => t.kind_normal,
        FloorKind::AdVocem => t.kind_ad_vocem,
        FloorKind::FormalMotion => t.kind_formal_motion,
    }
}

/// A meeting state in words.
pub fn meeting_state_name(state: MeetingState, t: &CouncilTexts) -> &'static str {
    match state {
        MeetingState::Draft => t.state_draft,
        MeetingState::Published => t.state_published,
        MeetingState::Live => t.state_live,
        MeetingState::Closed => t.state_closed,
    }
}

/// What identifies an event worth announcing: who got the floor when, and which poll is in
/// which state. The live region speaks only when this changes, not on every poll of the
/// server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnnounceKey {
    speaker: Option<(String, i64)>,
    poll: Option<(String, bool)>,
}

impl AnnounceKey {
    /// The key of a live document.
    pub fn of(view: &LiveView) -> Self {
        Self {
            speaker: view
                .floor
                .speaker
                .as_ref()
                .map(|s| (s.name.clone(), s.started_at.unix_ms())),
            poll: view
                .poll
                .as_ref()
                .map(|p| (p.id.clone(), p.state == PollState::Closed)),
        }
    }
}

/// What the live region says when the key moves from `before` to the one of `view`: the new
/// speaker, the end of a speech, a poll opened or closed. `None` when nothing of that changed
/// (or on the first document: nothing happened, the page just loaded).
pub fn announcement(
    before: Option<&AnnounceKey>,
    view: &LiveView,
    t: &CouncilTexts,
) -> Option<String> {
    let before = before?;
    let now = AnnounceKey::of(view);
    let mut parts = Vec::new();
    if now.speaker != before.speaker {
        match &view.floor.speaker {
            Some(speaker) => parts.push(format!("{} {}", t.announce_speaker, speaker.name)),
            None => parts.push(t.announce_floor_free.to_owned()),
        }
    }
    if now.poll != before.poll {
        if let Some(poll) = &view.poll {
            let text = if poll.state == PollState::Closed {
                let outcome = match poll.passed {
                    Some(true) => t.passed,
                    Some(false) => t.failed,
                    None => "",
                };
                format!("{} {}. {outcome}", t.announce_poll_closed, poll.title)
            } else {
                format!("{} {}", t.announce_poll_open, poll.title)
            };
            parts.push(text.trim().to_owned());
        }
    }
    (!parts.is_empty()).then(|| parts.join(". "))
}

/// `ids` with the entry at `index` swapped with its neighbour above (`up`) or below; `None`
/// when it cannot move that way.
pub fn moved(ids: &[String], index: usize, up: bool) -> Option<Vec<String>> {
    let other = if up { index.checked_sub(1)? } else { index + 1 };
    if index >= ids.len() || other >= ids.len() {
        return None;
    }
    let mut out = ids.to_vec();
    out.swap(index, other);
    Some(out)
}

/// A fresh `Idempotency-Key`: 128 random bits as hex, from `crypto.getRandomValues` (which,
/// unlike `randomUUID`, also works outside a secure context); the clock and a counter when
/// there is no crypto (never on a real browser).
pub fn new_idempotency_key() -> String {
    let mut bytes = [0_u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        let now = js_now_ms().to_le_bytes();
        bytes[..8].copy_from_slice(&now);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The projector's size step for a text of this length (`app.css`, `.screen .text-long`):
/// a title or name as long as the server allows (300 characters for an item or a poll, 200 for
/// a meeting or a guest) must still fit its place on a 1280×720 screen with everything else,
/// while a short one keeps the largest type.
pub fn screen_text_class(text: &str) -> Option<&'static str> {
    match text.chars().count() {
        0..=60 => None,
        61..=150 => Some("text-long"),
        _ => Some("text-very-long"),
    }
}

/// Whether the person `user_id` with `roles` runs a meeting from the chair's console: its
/// named chair, or, when none is named, any holder of the `chair` role (the server's rule in
/// `functions/voting/src/access.rs`; it decides every call).
pub fn runs_meeting(chair_id: Option<&str>, user_id: &str, roles: &[Role]) -> bool {
    match chair_id {
        Some(chair) => chair == user_id,
        None => roles.contains(&Role::Chair),
    }
}

/// The local clock in milliseconds (0 outside a browser).
pub fn js_now_ms() -> i64 {
    if cfg!(target_arch = "wasm32") {
        // `Date.now()` is an integer number of milliseconds well inside f64's exact range.
        js_sys::Date::now() as i64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::api::council::{FloorView, LiveAttendance, LivePoll, PollKind};
    use ratusz_domain::time::Timestamp;

    use crate::i18n::Lang;

    #[test]
    fn long_texts_get_smaller_steps_on_the_projector() {
        for (len, class) in [
            (0, None),
            (60, None),
            (61, Some("text-long")),
            (150, Some("text-long")),
            (151, Some("text-very-long")),
            (300, Some("text-very-long")),
        ] {
            // Counted in characters, not bytes: Polish letters are two bytes each.
            assert_eq!(screen_text_class(&"ż".repeat(len)), class, "{len}");
        }
    }

    #[test]
    fn who_runs_a_meeting() {
        let chair = [Role::Chair];
        let councillor = [Role::Councillor];
        for (chair_id, user, roles, runs) in [
            (None, "u1", &chair[..], true),
            (None, "u1", &councillor[..], false),
            (None, "u1", &[Role::Admin, Role::Clerk][..], false),
            (Some("u1"), "u1", &councillor[..], true),
            (Some("u2"), "u1", &chair[..], false),
        ] {
            assert_eq!(
                runs_meeting(chair_id, user, roles),
                runs,
                "{chair_id:?} {roles:?}"
            );
        }
    }

    fn speaker(started_ms: i64, limit_s: u32) -> Speaker {
        Speaker {
            request_id: None,
            user_id: None,
            name: "Jan Kowalski".into(),
            kind: FloorKind::Normal,
            started_at: Timestamp::from_unix_ms(started_ms),
            limit_s,
        }
    }

    #[test]
    fn the_countdown_runs_on_the_server_clock() {
        let s = speaker(1_000_000, 300);
        // Local clock 2 s behind the server: 10 s into the speech by the server's clock.
        assert_eq!(remaining_ms(&s, 2_000, 1_008_000), 290_000);
        assert_eq!(remaining_ms(&s, 0, 1_300_000), 0);
        assert_eq!(remaining_ms(&s, -1_000, 1_306_000), -5_000);
    }

    #[test]
    fn clock_format() {
        let cases = [
            (300_000, "5:00"),
            (299_001, "5:00"),
            (299_000, "4:59"),
            (1, "0:01"),
            (0, "0:00"),
            (-999, "0:00"),
            (-12_000, "−0:12"),
            (-61_000, "−1:01"),
        ];
        for (ms, text) in cases {
            assert_eq!(format_clock(ms), text, "{ms}");
        }
    }

    #[test]
    fn presets_are_the_polish_majorities() {
        let q = MajorityPreset::TwoThirdsStatutory.majority();
        assert_eq!(q.rule, MajorityRule::Qualified);
        assert_eq!(q.base, MajorityBase::Statutory);
        assert_eq!(q.fraction, Some(Fraction { num: 2, den: 3 }));
        assert_eq!(
            MajorityPreset::ThreeFifthsStatutory.majority().fraction,
            Some(Fraction { num: 3, den: 5 })
        );
        assert_eq!(MajorityPreset::Simple.majority().fraction, None);
        assert_eq!(MajorityPreset::Simple.majority().base, MajorityBase::Cast);
        for preset in MajorityPreset::ALL {
            assert_eq!(MajorityPreset::from_code(preset.code()), Some(preset));
            for lang in Lang::ALL {
                assert!(!preset.name(lang.texts().council).is_empty());
            }
        }
        assert_eq!(MajorityPreset::from_code("unknown"), None);
    }

    fn view(speaker_at: Option<i64>, poll: Option<(&str, PollState)>) -> LiveView {
        LiveView {
            revision: 1,
            session_id: "s".into(),
            title: "Sesja".into(),
            number: "XII".into(),
            state: MeetingState::Live,
            attendance: LiveAttendance {
                present: 10,
                statutory: 15,
                quorum: true,
            },
            current_item: None,
            floor: FloorView {
                speaker: speaker_at.map(|at| speaker(at, 300)),
                queue: vec![],
                list_open: true,
            },
            poll: poll.map(|(id, state)| LivePoll {
                id: id.into(),
                title: "Budżet".into(),
                kind: PollKind::Open,
                state,
                voted: 0,
                entitled: 10,
                options: Choice::ALL.to_vec(),
                closes_at: None,
                passed: (state == PollState::Closed).then_some(true),
                counts: None,
                result_text: None,
                my_vote: None,
            }),
            server_time: Timestamp::EPOCH,
            me: None,
        }
    }

    #[test]
    fn the_live_region_speaks_only_on_changes() {
        let t = Lang::En.texts().council;
        let first = view(None, None);
        assert_eq!(announcement(None, &first, t), None, "not on page load");
        let key = AnnounceKey::of(&first);
        assert_eq!(announcement(Some(&key), &view(None, None), t), None);
        let speaking = view(Some(5), None);
        let said = announcement(Some(&key), &speaking, t).unwrap_or_default();
        assert!(said.contains("Jan Kowalski"), "{said}");
        let key = AnnounceKey::of(&speaking);
        assert_eq!(announcement(Some(&key), &view(Some(5), None), t), None);
        let open = view(Some(5), Some(("p1", PollState::Open)));
        let said = announcement(Some(&key), &open, t).unwrap_or_default();
        assert!(
            said.contains("Budżet") && said.starts_with(t.announce_poll_open),
            "{said}"
        );
        let key = AnnounceKey::of(&open);
        let closed = view(None, Some(("p1", PollState::Closed)));
        let said = announcement(Some(&key), &closed, t).unwrap_or_default();
        assert!(
            said.contains(t.announce_floor_free) && said.contains(t.passed),
            "{said}"
        );
    }

    #[test]
    fn moving_in_a_list() {
        let ids: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(
            moved(&ids, 1, true),
            Some(vec!["b".into(), "a".into(), "c".into()])
        );
        assert_eq!(
            moved(&ids, 1, false),
            Some(vec!["a".into(), "c".into(), "b".into()])
        );
        assert_eq!(moved(&ids, 0, true), None);
        assert_eq!(moved(&ids, 2, false), None);
        assert_eq!(moved(&ids, 5, true), None);
    }
}
