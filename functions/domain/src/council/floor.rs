//! Speaker queue and the chair's floor actions.
//!
//! Precedence (council.md § Floor control): formal motions (wnioski formalne) first, then ad
//! vocem replies, then normal speeches; within a kind, first come first served (or the
//! chair's rank after a reorder). The statutes (regulaminy obrad) give formal motions and
//! replies to the current speaker priority over the list, so no action here can put a normal
//! request ahead of them.

use crate::api::council::{FloorGrant, FloorKind, SpeakingLimits};
use crate::validate::limits::GUEST_NAME_MAX;
use crate::validate::{text, Invalid};
use std::collections::HashSet;

/// A queued request as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// Request id.
    pub id: String,
    /// Requester.
    pub user_id: String,
    /// Kind.
    pub kind: FloorKind,
    /// Arrival sequence, or the chair's rank after a reorder (smaller speaks first).
    pub pos: i64,
}

/// A refused floor action (problem `code`, HTTP status, plain English detail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorRefusal {
    /// 409 `nobody_speaking`.
    NobodySpeaking,
    /// 409 `floor_taken`.
    FloorTaken,
    /// 409 `list_closed`.
    ListClosed,
    /// 409 `queue_empty`.
    QueueEmpty,
    /// 409 `already_requested`.
    AlreadyRequested,
    /// 404 `not_found`.
    UnknownRequest,
    /// 422 `validation_failed` on `request_ids`.
    InvalidOrder(Invalid),
    /// 422 `validation_failed` on `name`.
    InvalidGrant(Invalid),
}

impl FloorRefusal {
    /// The problem `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NobodySpeaking => "nobody_speaking",
            Self::FloorTaken => "floor_taken",
            Self::ListClosed => "list_closed",
            Self::QueueEmpty => "queue_empty",
            Self::AlreadyRequested => "already_requested",
            Self::UnknownRequest => "not_found",
            Self::InvalidOrder(_) | Self::InvalidGrant(_) => "validation_failed",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::NobodySpeaking
            | Self::FloorTaken
            | Self::ListClosed
            | Self::QueueEmpty
            | Self::AlreadyRequested => 409,
            Self::UnknownRequest => 404,
            Self::InvalidOrder(_) | Self::InvalidGrant(_) => 422,
        }
    }

    /// The refused request field and why (`None` for the refusals that are not 422).
    pub fn field(&self) -> Option<(&'static str, &Invalid)> {
        match self {
            Self::InvalidOrder(why) => Some(("request_ids", why)),
            Self::InvalidGrant(why) => Some(("name", why)),
            _ => None,
        }
    }

    /// The problem `detail`, plain English for API clients (the frontend translates `code`).
    pub fn detail(&self) -> &'static str {
        match self {
            Self::NobodySpeaking => "An ad vocem reply can only be requested while someone speaks.",
            Self::FloorTaken => "Someone has the floor: end their speech first.",
            Self::ListClosed => "The list of speakers is closed.",
            Self::QueueEmpty => "Nobody is waiting for the floor.",
            Self::AlreadyRequested => "You already have a request of this kind on the list.",
            Self::UnknownRequest => "There is no such request on the list of speakers.",
            Self::InvalidOrder(_) => {
                "The new order must list every queued request exactly once and keep formal \
                 motions and ad vocem replies ahead of normal speeches."
            }
            Self::InvalidGrant(_) => "Give either a request or a name, not both.",
        }
    }
}

/// Whom the floor goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantTarget {
    /// A queued request.
    Request(String),
    /// Someone off the list, by name.
    Guest(String),
}

/// Sorts `queue` into speaking order: kind precedence, then `pos`, then id (so the order is
/// total and every tablet shows the same list even if two requests share a `pos`).
pub fn speaking_order(queue: &mut [Queued]) {
    queue.sort_by(|a, b| (a.kind, a.pos, a.id.as_str()).cmp(&(b.kind, b.pos, b.id.as_str())));
}

/// Whether `user_id` may add a request of `kind`.
///
/// Checked in this order: ad vocem needs a current speaker (`NobodySpeaking`); a closed list
/// refuses `normal` and `ad_vocem` (`ListClosed`) but never a formal motion — a wniosek
/// formalny is about the conduct of the debate itself (e.g. to close the list, to adjourn) and
/// the statutes admit it at any time; a member may hold one request of each kind
/// (`AlreadyRequested`).
pub fn check_request(
    kind: FloorKind,
    list_open: bool,
    someone_speaking: bool,
    queue: &[Queued],
    user_id: &str,
) -> Result<(), FloorRefusal> {
    if kind == FloorKind::AdVocem && !someone_speaking {
        return Err(FloorRefusal::NobodySpeaking);
    }
    if !list_open && kind != FloorKind::FormalMotion {
        return Err(FloorRefusal::ListClosed);
    }
    if queue.iter().any(|q| q.user_id == user_id && q.kind == kind) {
        return Err(FloorRefusal::AlreadyRequested);
    }
    Ok(())
}

/// Resolves a grant.
///
/// The shape of the body is checked first (both `request_id` and `name`, or a blank, too long
/// or control-character name → `InvalidGrant`, 422), because a malformed request is wrong
/// whatever the state; then one speaker at a time (`FloorTaken`); then `{}` takes the first
/// in `queue_in_order` (`QueueEmpty`), `{request_id}` that request (`UnknownRequest`), and
/// `{name}` a guest with the trimmed name.
pub fn pick_grant(
    queue_in_order: &[Queued],
    grant: &FloorGrant,
    someone_speaking: bool,
) -> Result<GrantTarget, FloorRefusal> {
    let guest = match (&grant.request_id, &grant.name) {
        (Some(_), Some(_)) => {
            return Err(FloorRefusal::InvalidGrant(Invalid::rule("request_or_name")))
        }
        // Shown on the chamber screen and printed in the minutes: one plain line.
        (_, Some(name)) => Some(text(name, GUEST_NAME_MAX).map_err(FloorRefusal::InvalidGrant)?),
        _ => None,
    };
    if someone_speaking {
        return Err(FloorRefusal::FloorTaken);
    }
    if let Some(name) = guest {
        return Ok(GrantTarget::Guest(name));
    }
    match &grant.request_id {
        Some(id) => queue_in_order
            .iter()
            .find(|q| &q.id == id)
            .map(|q| GrantTarget::Request(q.id.clone()))
            .ok_or(FloorRefusal::UnknownRequest),
        None => queue_in_order
            .first()
            .map(|q| GrantTarget::Request(q.id.clone()))
            .ok_or(FloorRefusal::QueueEmpty),
    }
}

/// Validates a reorder; returns `(id, new pos)` for every queued request.
///
/// `new_order` must be a permutation of the queued ids (none missing, none unknown, none
/// twice) and must keep kind precedence: the chair may rearrange speakers within a kind but
/// cannot move a normal speech before a formal motion or an ad vocem reply, whose priority
/// the statutes grant. New positions are 1..=n in the given order.
pub fn reorder(queue: &[Queued], new_order: &[String]) -> Result<Vec<(String, i64)>, FloorRefusal> {
    let not_every_request_once = || FloorRefusal::InvalidOrder(Invalid::rule("every_request_once"));
    if new_order.len() != queue.len() {
        return Err(not_every_request_once());
    }
    let mut seen = HashSet::with_capacity(new_order.len());
    let mut previous_kind = FloorKind::FormalMotion;
    let mut out = Vec::with_capacity(new_order.len());
    for (rank, id) in (1_i64..).zip(new_order) {
        let Some(request) = queue.iter().find(|q| &q.id == id) else {
            return Err(not_every_request_once());
        };
        if !seen.insert(id.as_str()) {
            return Err(not_every_request_once());
        }
        if request.kind < previous_kind {
            return Err(FloorRefusal::InvalidOrder(Invalid::rule("kind_precedence")));
        }
        previous_kind = request.kind;
        out.push((id.clone(), rank));
    }
    Ok(out)
}

/// The speaking limit of `kind` at this meeting, in seconds.
pub fn limit_for(kind: FloorKind, limits: &SpeakingLimits) -> u32 {
    match kind {
        FloorKind::Normal => limits.normal,
        FloorKind::AdVocem => limits.ad_vocem,
        FloorKind::FormalMotion => limits.formal_motion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldCode;
    use FloorKind::{AdVocem, FormalMotion, Normal};

    fn q(id: &str, user: &str, kind: FloorKind, pos: i64) -> Queued {
        Queued {
            id: id.to_owned(),
            user_id: user.to_owned(),
            kind,
            pos,
        }
    }

    fn ids(queue: &[Queued]) -> Vec<&str> {
        queue.iter().map(|q| q.id.as_str()).collect()
    }

    fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    fn grant(request_id: Option<&str>, name: Option<&str>) -> FloorGrant {
        FloorGrant {
            request_id: request_id.map(str::to_owned),
            name: name.map(str::to_owned),
        }
    }

    /// A queue already in speaking order: formal motion, ad vocem, two normal.
    fn sample() -> Vec<Queued> {
        vec![
            q("f1", "u4", FormalMotion, 4),
            q("a1", "u3", AdVocem, 3),
            q("n1", "u1", Normal, 1),
            q("n2", "u2", Normal, 2),
        ]
    }

    #[test]
    fn speaking_order_is_kind_then_position_then_id() {
        let mut queue = vec![
            q("n2", "u2", Normal, 2),
            q("a2", "u5", AdVocem, 7),
            q("n1", "u1", Normal, 1),
            q("f1", "u4", FormalMotion, 9),
            q("a1", "u3", AdVocem, 3),
            q("nb", "u6", Normal, 5),
            q("na", "u7", Normal, 5),
        ];
        speaking_order(&mut queue);
        assert_eq!(ids(&queue), ["f1", "a1", "a2", "n1", "n2", "na", "nb"]);
    }

    #[test]
    fn check_request_cases() {
        let queue = sample();
        let cases = [
            // (kind, list_open, speaking, user, expected)
            (Normal, true, false, "u9", Ok(())),
            (Normal, true, true, "u9", Ok(())),
            (
                AdVocem,
                true,
                false,
                "u9",
                Err(FloorRefusal::NobodySpeaking),
            ),
            (
                AdVocem,
                false,
                false,
                "u9",
                Err(FloorRefusal::NobodySpeaking),
            ),
            (AdVocem, true, true, "u9", Ok(())),
            (Normal, false, true, "u9", Err(FloorRefusal::ListClosed)),
            (AdVocem, false, true, "u9", Err(FloorRefusal::ListClosed)),
            (FormalMotion, false, false, "u9", Ok(())),
            (FormalMotion, true, true, "u9", Ok(())),
            (
                Normal,
                true,
                false,
                "u1",
                Err(FloorRefusal::AlreadyRequested),
            ),
            (
                AdVocem,
                true,
                true,
                "u3",
                Err(FloorRefusal::AlreadyRequested),
            ),
            (
                FormalMotion,
                false,
                true,
                "u4",
                Err(FloorRefusal::AlreadyRequested),
            ),
            // Another kind than the one already queued is fine.
            (FormalMotion, true, true, "u1", Ok(())),
            (AdVocem, true, true, "u1", Ok(())),
        ];
        for (kind, open, speaking, user, expected) in cases {
            assert_eq!(
                check_request(kind, open, speaking, &queue, user),
                expected,
                "{kind:?} open={open} speaking={speaking} {user}"
            );
        }
    }

    #[test]
    fn pick_grant_cases() {
        let queue = sample();
        let long = "x".repeat(201);
        let max = "ż".repeat(200);
        let cases = [
            (
                grant(None, None),
                false,
                Ok(GrantTarget::Request("f1".into())),
            ),
            (
                grant(Some("n2"), None),
                false,
                Ok(GrantTarget::Request("n2".into())),
            ),
            (
                grant(Some("zz"), None),
                false,
                Err(FloorRefusal::UnknownRequest),
            ),
            (
                grant(None, Some("  Burmistrz Jan Nowak ")),
                false,
                Ok(GrantTarget::Guest("Burmistrz Jan Nowak".into())),
            ),
            (
                grant(None, Some(&max)),
                false,
                Ok(GrantTarget::Guest(max.clone())),
            ),
            (
                grant(None, Some(&long)),
                false,
                Err(FloorRefusal::InvalidGrant(Invalid::too_long(200))),
            ),
            (
                grant(None, Some("   ")),
                false,
                Err(FloorRefusal::InvalidGrant(Invalid::required())),
            ),
            (
                grant(None, Some("")),
                false,
                Err(FloorRefusal::InvalidGrant(Invalid::required())),
            ),
            (
                grant(None, Some("Jan\nNowak")),
                false,
                Err(FloorRefusal::InvalidGrant(Invalid::new(
                    FieldCode::ControlCharacters,
                ))),
            ),
            (
                grant(Some("n1"), Some("Jan")),
                false,
                Err(FloorRefusal::InvalidGrant(Invalid::rule("request_or_name"))),
            ),
            (
                grant(Some("n1"), Some("Jan")),
                true,
                Err(FloorRefusal::InvalidGrant(Invalid::rule("request_or_name"))),
            ),
            (grant(None, None), true, Err(FloorRefusal::FloorTaken)),
            (grant(Some("n1"), None), true, Err(FloorRefusal::FloorTaken)),
            (
                grant(None, Some("Jan")),
                true,
                Err(FloorRefusal::FloorTaken),
            ),
        ];
        for (g, speaking, expected) in cases {
            assert_eq!(
                pick_grant(&queue, &g, speaking),
                expected,
                "{g:?} {speaking}"
            );
        }
        assert_eq!(
            pick_grant(&[], &grant(None, None), false),
            Err(FloorRefusal::QueueEmpty)
        );
        assert_eq!(
            pick_grant(&[], &grant(None, Some("Gość")), false),
            Ok(GrantTarget::Guest("Gość".into()))
        );
    }

    #[test]
    fn reorder_cases() {
        let mut queue = sample();
        queue.push(q("n3", "u5", Normal, 5));
        let ok: &[&[&str]] = &[
            &["f1", "a1", "n1", "n2", "n3"],
            &["f1", "a1", "n3", "n1", "n2"],
            &["f1", "a1", "n2", "n3", "n1"],
        ];
        for order in ok {
            let got = reorder(&queue, &strings(order));
            let expected: Vec<(String, i64)> = order
                .iter()
                .zip(1..)
                .map(|(id, p)| ((*id).to_owned(), p))
                .collect();
            assert_eq!(got, Ok(expected), "{order:?}");
        }
        let refused: &[(&[&str], &str)] = &[
            // missing one
            (&["f1", "a1", "n1", "n2"], "every_request_once"),
            // one twice instead of another
            (&["f1", "a1", "n1", "n1", "n2"], "every_request_once"),
            // unknown id
            (&["f1", "a1", "n1", "n2", "zz"], "every_request_once"),
            // one too many
            (&["f1", "a1", "n1", "n2", "n3", "n3"], "every_request_once"),
            // a normal speech before a formal motion or an ad vocem reply
            (&["n1", "f1", "a1", "n2", "n3"], "kind_precedence"),
            (&["f1", "n1", "a1", "n2", "n3"], "kind_precedence"),
            // ad vocem before a formal motion
            (&["a1", "f1", "n1", "n2", "n3"], "kind_precedence"),
            (&[], "every_request_once"),
        ];
        for (order, rule) in refused {
            assert_eq!(
                reorder(&queue, &strings(order)),
                Err(FloorRefusal::InvalidOrder(Invalid::rule(rule))),
                "{order:?}"
            );
        }
        assert_eq!(reorder(&[], &[]), Ok(vec![]));
    }

    #[test]
    fn limits_per_kind() {
        let limits = SpeakingLimits {
            normal: 300,
            ad_vocem: 61,
            formal_motion: 62,
        };
        assert_eq!(limit_for(Normal, &limits), 300);
        assert_eq!(limit_for(AdVocem, &limits), 61);
        assert_eq!(limit_for(FormalMotion, &limits), 62);
    }

    #[test]
    fn refusals_map_to_codes_and_statuses() {
        let cases = [
            (FloorRefusal::NobodySpeaking, "nobody_speaking", 409),
            (FloorRefusal::FloorTaken, "floor_taken", 409),
            (FloorRefusal::ListClosed, "list_closed", 409),
            (FloorRefusal::QueueEmpty, "queue_empty", 409),
            (FloorRefusal::AlreadyRequested, "already_requested", 409),
            (FloorRefusal::UnknownRequest, "not_found", 404),
            (
                FloorRefusal::InvalidOrder(Invalid::rule("kind_precedence")),
                "validation_failed",
                422,
            ),
            (
                FloorRefusal::InvalidGrant(Invalid::required()),
                "validation_failed",
                422,
            ),
        ];
        for (refusal, code, status) in cases {
            assert_eq!(refusal.code(), code);
            assert_eq!(refusal.status(), status);
            assert_eq!(refusal.field().is_some(), status == 422, "{refusal:?}");
            assert!(!refusal.detail().is_empty());
        }
    }
}
