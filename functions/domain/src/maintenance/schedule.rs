//! Whether an administrator may schedule a window: after now, in order, inside one night
//! window, clear of every meeting that is not closed and of every other scheduled window.

use super::guard::ScheduledWindow;
use super::night::NightWindow;
use crate::api::council::MeetingState;
use crate::time::Timestamp;

/// The rules' configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleRules {
    /// When maintenance may run.
    pub night: NightWindow,
    /// How long a meeting that is not yet live is taken to last: meetings have a start and
    /// no planned end (seconds).
    pub meeting_assumed_s: i64,
}

impl Default for ScheduleRules {
    fn default() -> Self {
        Self {
            night: NightWindow::default(),
            meeting_assumed_s: 8 * 3600,
        }
    }
}

/// A meeting as the maintenance rules see it (the `meeting_calendar` view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSlot {
    /// The meeting's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its number (`XII`).
    pub number: String,
    /// Its state.
    pub state: MeetingState,
    /// When it starts.
    pub starts_at: Timestamp,
}

impl MeetingSlot {
    /// The time the meeting holds: a live one has no end yet; a closed one holds nothing.
    fn span(&self, rules: &ScheduleRules) -> Option<(Timestamp, Option<Timestamp>)> {
        match self.state {
            MeetingState::Closed => None,
            MeetingState::Live => Some((self.starts_at, None)),
            MeetingState::Draft | MeetingState::Published => Some((
                self.starts_at,
                Some(self.starts_at.plus_seconds(rules.meeting_assumed_s)),
            )),
        }
    }
}

/// Why a window cannot be scheduled (each a problem `code`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleRefusal {
    /// `window_order`: the end is not after the start.
    Order,
    /// `window_not_in_future`: the start is not after now.
    NotInFuture {
        /// The server's time.
        now: Timestamp,
    },
    /// `outside_night_window`.
    OutsideNight {
        /// The configured night.
        night: NightWindow,
    },
    /// `overlaps_meeting`.
    OverlapsMeeting {
        /// The meeting.
        meeting: MeetingSlot,
        /// Its assumed end (none for a live meeting).
        ends_at: Option<Timestamp>,
    },
    /// `overlaps_window`.
    OverlapsWindow {
        /// The other window.
        window: ScheduledWindow,
    },
}

impl ScheduleRefusal {
    /// The problem `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Order => "window_order",
            Self::NotInFuture { .. } => "window_not_in_future",
            Self::OutsideNight { .. } => "outside_night_window",
            Self::OverlapsMeeting { .. } => "overlaps_meeting",
            Self::OverlapsWindow { .. } => "overlaps_window",
        }
    }

    /// 422 for a window that can never be valid as given, 409 for one that collides.
    pub fn status(&self) -> u16 {
        match self {
            Self::Order | Self::NotInFuture { .. } | Self::OutsideNight { .. } => 422,
            Self::OverlapsMeeting { .. } | Self::OverlapsWindow { .. } => 409,
        }
    }

    /// A plain English explanation (clients word it from `code` and `params`).
    pub fn detail(&self) -> &'static str {
        match self {
            Self::Order => "The window must end after it starts.",
            Self::NotInFuture { .. } => "The window must start in the future.",
            Self::OutsideNight { .. } => {
                "Maintenance may run only inside the night window (Polish time)."
            }
            Self::OverlapsMeeting { .. } => "The window overlaps a council meeting.",
            Self::OverlapsWindow { .. } => "The window overlaps another maintenance window.",
        }
    }

    /// The values a translated message needs.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Order => vec![],
            Self::NotInFuture { now } => vec![("now", now.to_rfc3339())],
            Self::OutsideNight { night } => vec![
                ("night_start", night.start_text()),
                ("night_end", night.end_text()),
            ],
            Self::OverlapsMeeting { meeting, ends_at } => {
                let mut p = vec![
                    ("session_id", meeting.id.clone()),
                    ("title", meeting.title.clone()),
                    ("number", meeting.number.clone()),
                    ("state", meeting.state.as_str().to_owned()),
                    ("starts_at", meeting.starts_at.to_rfc3339()),
                ];
                if let Some(end) = ends_at {
                    p.push(("ends_at", end.to_rfc3339()));
                }
                p
            }
            Self::OverlapsWindow { window } => vec![
                ("window_id", window.id.clone()),
                ("starts_at", window.starts_at.to_rfc3339()),
                ("ends_at", window.ends_at.to_rfc3339()),
            ],
        }
    }
}

/// Checks a proposed window `[starts_at, ends_at)` at `now` against the meetings and the
/// windows already scheduled (cancelled ones are not passed in).
pub fn check(
    rules: &ScheduleRules,
    starts_at: Timestamp,
    ends_at: Timestamp,
    now: Timestamp,
    meetings: &[MeetingSlot],
    windows: &[ScheduledWindow],
) -> Result<(), ScheduleRefusal> {
    if ends_at <= starts_at {
        return Err(ScheduleRefusal::Order);
    }
    if starts_at <= now {
        return Err(ScheduleRefusal::NotInFuture { now });
    }
    if !rules.night.contains(starts_at, ends_at) {
        return Err(ScheduleRefusal::OutsideNight { night: rules.night });
    }
    for meeting in meetings {
        let Some((m_start, m_end)) = meeting.span(rules) else {
            continue;
        };
        let overlaps = match m_end {
            None => true,
            Some(m_end) => starts_at < m_end && m_start < ends_at,
        };
        if overlaps {
            return Err(ScheduleRefusal::OverlapsMeeting {
                meeting: meeting.clone(),
                ends_at: m_end,
            });
        }
    }
    if let Some(other) = windows
        .iter()
        .find(|w| starts_at < w.ends_at && w.starts_at < ends_at)
    {
        return Err(ScheduleRefusal::OverlapsWindow {
            window: other.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn meeting(state: MeetingState, starts_at: &str) -> MeetingSlot {
        MeetingSlot {
            id: "m1".into(),
            title: "Sesja".into(),
            number: "XII".into(),
            state,
            starts_at: at(starts_at),
        }
    }

    fn window(from: &str, to: &str) -> ScheduledWindow {
        ScheduledWindow {
            id: "w1".into(),
            starts_at: at(from),
            ends_at: at(to),
            reason: "aktualizacja".into(),
        }
    }

    /// (name, from, to, meetings, windows, the refusal's code).
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Vec<MeetingSlot>,
        Vec<ScheduledWindow>,
        Option<&'static str>,
    );

    #[test]
    fn schedule_table() {
        use MeetingState::*;
        let now = at("2026-10-24T10:00:00Z");
        // The night of 24/25 October 2026 (clocks back): 20:00Z – 05:00Z.
        let cases: Vec<Case> = vec![
            (
                "whole night",
                "2026-10-24T20:00:00Z",
                "2026-10-25T05:00:00Z",
                vec![],
                vec![],
                None,
            ),
            (
                "reversed",
                "2026-10-24T23:00:00Z",
                "2026-10-24T22:00:00Z",
                vec![],
                vec![],
                Some("window_order"),
            ),
            (
                "empty",
                "2026-10-24T23:00:00Z",
                "2026-10-24T23:00:00Z",
                vec![],
                vec![],
                Some("window_order"),
            ),
            (
                "past",
                "2026-10-23T22:00:00Z",
                "2026-10-23T23:00:00Z",
                vec![],
                vec![],
                Some("window_not_in_future"),
            ),
            (
                "starts at 21:30 local",
                "2026-10-24T19:30:00Z",
                "2026-10-24T21:00:00Z",
                vec![],
                vec![],
                Some("outside_night_window"),
            ),
            (
                "ends at 06:30 local (CET)",
                "2026-10-25T04:00:00Z",
                "2026-10-25T05:30:00Z",
                vec![],
                vec![],
                Some("outside_night_window"),
            ),
            (
                "published meeting at 16:00 local runs to midnight",
                "2026-10-24T20:00:00Z",
                "2026-10-24T21:00:00Z",
                vec![meeting(Published, "2026-10-24T14:00:00Z")],
                vec![],
                Some("overlaps_meeting"),
            ),
            (
                "published meeting ended in time",
                "2026-10-24T22:00:00Z",
                "2026-10-24T23:00:00Z",
                vec![meeting(Published, "2026-10-24T14:00:00Z")],
                vec![],
                None,
            ),
            (
                "a draft counts",
                "2026-10-24T22:00:00Z",
                "2026-10-24T23:00:00Z",
                vec![meeting(Draft, "2026-10-24T22:30:00Z")],
                vec![],
                Some("overlaps_meeting"),
            ),
            (
                "a live meeting has no end",
                "2026-10-25T03:00:00Z",
                "2026-10-25T04:00:00Z",
                vec![meeting(Live, "2026-10-24T08:00:00Z")],
                vec![],
                Some("overlaps_meeting"),
            ),
            (
                "a closed one is over",
                "2026-10-24T22:00:00Z",
                "2026-10-24T23:00:00Z",
                vec![meeting(Closed, "2026-10-24T22:00:00Z")],
                vec![],
                None,
            ),
            (
                "next morning's meeting",
                "2026-10-25T01:00:00Z",
                "2026-10-25T05:00:00Z",
                vec![meeting(Published, "2026-10-25T05:00:00Z")],
                vec![],
                None,
            ),
            (
                "another window",
                "2026-10-24T22:00:00Z",
                "2026-10-24T23:00:00Z",
                vec![],
                vec![window("2026-10-24T22:30:00Z", "2026-10-25T00:00:00Z")],
                Some("overlaps_window"),
            ),
            (
                "back to back",
                "2026-10-24T22:00:00Z",
                "2026-10-24T23:00:00Z",
                vec![],
                vec![window("2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z")],
                None,
            ),
        ];
        let rules = ScheduleRules::default();
        for (name, from, to, meetings, windows, expected) in cases {
            let got = check(&rules, at(from), at(to), now, &meetings, &windows).err();
            assert_eq!(got.as_ref().map(ScheduleRefusal::code), expected, "{name}");
        }
    }

    #[test]
    fn refusals_name_what_collides() {
        let rules = ScheduleRules::default();
        let m = meeting(MeetingState::Published, "2026-10-24T14:00:00Z");
        let refusal = check(
            &rules,
            at("2026-10-24T20:00:00Z"),
            at("2026-10-24T21:00:00Z"),
            at("2026-10-24T10:00:00Z"),
            &[m],
            &[],
        )
        .unwrap_err();
        assert_eq!(refusal.status(), 409);
        let params = refusal.params();
        assert!(params.contains(&("session_id", "m1".into())));
        assert!(params.contains(&("ends_at", "2026-10-24T22:00:00.000Z".into())));
        let night = ScheduleRefusal::OutsideNight {
            night: NightWindow::default(),
        };
        assert_eq!(night.status(), 422);
        assert_eq!(
            night.params(),
            vec![
                ("night_start", "22:00".into()),
                ("night_end", "06:00".into())
            ]
        );
    }
}
