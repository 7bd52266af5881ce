//! Council wire types: polls (`shared/spec/council.md`, § Endpoints and shapes).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Open (named list) or secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    /// Jawne: named list published.
    Open,
    /// Tajne: who voted, not how.
    Secret,
}

crate::wire_names!(PollKind {
    Open = "open",
    Secret = "secret",
});

/// `draft` → `open` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollState {
    /// Prepared.
    Draft,
    /// Voting.
    Open,
    /// Counted.
    Closed,
}

crate::wire_names!(PollState {
    Draft = "draft",
    Open = "open",
    Closed = "closed",
});

/// A vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// ZA.
    For,
    /// PRZECIW.
    Against,
    /// WSTRZYMUJĘ SIĘ.
    Abstain,
}

// Ballot order: `ALL` is the order of the buttons on every tablet.
crate::wire_names!(Choice {
    For = "for",
    Against = "against",
    Abstain = "abstain",
});

/// Majority rule kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MajorityRule {
    /// Zwykła: more for than against (abstentions do not count; the base is ignored).
    Simple,
    /// Bezwzględna: more for than half of the base.
    Absolute,
    /// Kwalifikowana: at least `fraction` of the base.
    Qualified,
}

crate::wire_names!(MajorityRule {
    Simple = "simple",
    Absolute = "absolute",
    Qualified = "qualified",
});

/// What a majority is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MajorityBase {
    /// Votes cast (for + against + abstain).
    Cast,
    /// Members present (entitled at opening).
    Present,
    /// Statutory composition.
    Statutory,
}

crate::wire_names!(MajorityBase {
    Cast = "cast",
    Present = "present",
    Statutory = "statutory",
});

/// An exact fraction (`{"num": 3, "den": 5}`), never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Fraction {
    /// Numerator, ≥ 1.
    pub num: u32,
    /// Denominator, `num` ≤ den ≤ 100 (equal = unanimity of the base).
    pub den: u32,
}

/// The majority a poll needs, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Majority {
    /// Rule.
    pub rule: MajorityRule,
    /// Base.
    pub base: MajorityBase,
    /// Required for `qualified`, refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction: Option<Fraction>,
}

/// `POST …/polls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PollCreate {
    /// 1–300 characters.
    pub title: String,
    /// Open or secret.
    pub kind: PollKind,
    /// The rule.
    pub majority: Majority,
    /// A subset of for/against/abstain (default all three, at least two, `for` required).
    #[serde(default)]
    pub options: Option<Vec<Choice>>,
    /// Agenda item.
    #[serde(default)]
    pub item_id: Option<String>,
    /// Closes by itself after this many seconds (10–86400).
    #[serde(default)]
    pub time_limit_s: Option<u32>,
}

/// `POST …/polls/{pid}/open`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PollOpen {
    /// Opening without quorum: why (recorded in the audit chain and the minutes).
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Counts of a closed poll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// ZA.
    #[serde(rename = "for")]
    pub for_: u32,
    /// PRZECIW.
    pub against: u32,
    /// WSTRZYMUJĘ SIĘ.
    pub abstain: u32,
    /// Entitled but did not vote.
    pub not_voted: u32,
}

/// A poll as members and the clerk see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poll {
    /// Id.
    pub id: String,
    /// Meeting.
    pub session_id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PollKind,
    /// Rule.
    pub majority: Majority,
    /// Allowed choices.
    pub options: Vec<Choice>,
    /// Agenda item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// Time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_s: Option<u32>,
    /// State.
    pub state: PollState,
    /// When opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<Timestamp>,
    /// When it closes by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
    /// When closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Quorum override reason, when opened without quorum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    /// Entitled voters (snapshot at opening), 0 before.
    pub entitled: u32,
    /// Votes cast so far.
    pub voted: u32,
    /// After close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

/// `POST …/polls/{pid}/votes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VoteCast {
    /// The choice.
    pub choice: Choice,
}

/// The answer to a cast: the receipt the councillor can check in the named list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteReceipt {
    /// ≥ 8 characters of Crockford base32.
    pub receipt: String,
    /// Poll.
    pub poll_id: String,
    /// The recorded choice.
    pub choice: Choice,
    /// When recorded.
    pub cast_at: Timestamp,
}

/// One row of the named list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedVote {
    /// Account id.
    pub user_id: String,
    /// Name.
    pub name: String,
    /// `null` = did not vote.
    pub choice: Option<Choice>,
    /// `null` = did not vote.
    pub receipt: Option<String>,
}

/// Who voted in a secret poll (not how).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecretVoter {
    /// Account id.
    pub user_id: String,
    /// Name.
    pub name: String,
    /// Whether they voted.
    pub voted: bool,
}

/// `GET /api/public/sessions/{id}/polls/{pid}` after close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollResult {
    /// Poll id.
    pub id: String,
    /// Meeting id.
    pub session_id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PollKind,
    /// Rule.
    pub majority: Majority,
    /// Counts.
    pub counts: Counts,
    /// Entitled voters (count).
    pub entitled: u32,
    /// Outcome.
    pub passed: bool,
    /// The outcome with the rule in words (Polish).
    pub result_text: String,
    /// The same in English.
    pub result_text_en: String,
    /// Open polls: one row per entitled voter (ordered by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_list: Option<Vec<NamedVote>>,
    /// Secret polls: who voted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voters: Option<Vec<SecretVoter>>,
    /// Lowercase hex SHA-256 of the audit chain entry recording this result.
    pub audit_hash: String,
    /// Opened.
    pub opened_at: Timestamp,
    /// Closed.
    pub closed_at: Timestamp,
}
