//! What sending reads of `notify_recipients`: for counting an audience, batches of residents
//! in id order with their plain states, whether each contact is there (a sealed column is NULL
//! or not — nothing opened) and only the sealed columns the filter needs; for delivering, the
//! few residents of a batch with the sealed contact of the channel and what the placeholders
//! and quiet hours need.

use ratusz_domain::api::notify::{Channel, ConsentState, Verification};
use ratusz_domain::notify::audience::{Reach, Standing};
use ratusz_domain::notify::suspension;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Row, Value};

/// The sealed columns a filter may open, in this order in [`Candidate::sealed`].
pub const FILTER_COLUMNS: [&str; 4] = ["birth_date", "sex", "street", "postal_code"];

/// One resident as counting sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Id.
    pub id: String,
    /// District.
    pub district_id: String,
    /// States.
    pub standing: Standing,
    /// Chosen channels and contacts held.
    pub reach: Reach,
    /// The sealed [`FILTER_COLUMNS`] asked for (others `None`).
    pub sealed: [Option<String>; 4],
    /// The sealed first and last name, when asked for (placeholders to fill).
    pub names: (Option<String>, Option<String>),
}

/// What a batch reads besides the plain columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wanted {
    /// The [`FILTER_COLUMNS`] a filter opens.
    pub filter: [bool; 4],
    /// First and last name.
    pub names: bool,
}

fn parse_channels(text: &str) -> Result<Vec<Channel>, DbError> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| db::wire_text(c, "notify_recipients.channels", Channel::parse))
        .collect()
}

const PLAIN: &str = "r.id, r.district_id, r.channels, r.verification, r.suspended_at, \
     r.suspended_until, r.consent_state, r.erased_at IS NOT NULL, r.email IS NOT NULL, \
     r.phone IS NOT NULL, r.ade_address IS NOT NULL, \
     EXISTS (SELECT 1 FROM notify_devices d WHERE d.recipient_id = r.id \
             AND d.push_subscription IS NOT NULL)";
/// Columns in [`PLAIN`].
const PLAIN_LEN: usize = 12;

fn standing_and_reach(row: &Row, now: Timestamp) -> Result<(Standing, Reach), DbError> {
    let flag = |i: usize| db::integer(row, i, "notify_recipients flag").map(|v| v != 0);
    let standing = Standing {
        verification: db::wire(
            row,
            3,
            "notify_recipients.verification",
            Verification::parse,
        )?,
        suspended: suspension::is_suspended(db::opt_time(row, 4), db::opt_time(row, 5), now),
        consent: db::wire(
            row,
            6,
            "notify_recipients.consent_state",
            ConsentState::parse,
        )?,
        erased: flag(7)?,
    };
    let reach = Reach {
        chosen: parse_channels(&db::text(row, 2, "notify_recipients.channels")?)?,
        email: flag(8)?,
        phone: flag(9)?,
        ade: flag(10)?,
        push: flag(11)?,
    };
    Ok((standing, reach))
}

fn candidate(row: &Row, wanted: &Wanted, now: Timestamp) -> Result<Candidate, DbError> {
    let (standing, reach) = standing_and_reach(row, now)?;
    let mut sealed: [Option<String>; 4] = Default::default();
    let mut next = PLAIN_LEN;
    for (slot, want) in sealed.iter_mut().zip(&wanted.filter) {
        if *want {
            *slot = db::opt_text(row, next);
            next += 1;
        }
    }
    let names = if wanted.names {
        (db::opt_text(row, next), db::opt_text(row, next + 1))
    } else {
        (None, None)
    };
    Ok(Candidate {
        names,
        id: db::text(row, 0, "notify_recipients.id")?,
        district_id: db::text(row, 1, "notify_recipients.district_id")?,
        standing,
        reach,
        sealed,
    })
}

fn select(wanted: &Wanted) -> String {
    let mut columns = vec![PLAIN.to_owned()];
    for (name, want) in FILTER_COLUMNS.iter().zip(&wanted.filter) {
        if *want {
            columns.push(format!("r.{name}"));
        }
    }
    if wanted.names {
        columns.push("r.first_name, r.last_name".to_owned());
    }
    columns.join(", ")
}

/// Up to `limit` residents (not erased) with ids above `after`, in id order, with the sealed
/// columns `wanted`.
pub fn batch_after(
    db: &Db,
    after: Option<&str>,
    wanted: &Wanted,
    limit: u32,
    now: Timestamp,
) -> Result<Vec<Candidate>, DbError> {
    db.execute(
        &format!(
            "SELECT {} FROM notify_recipients r WHERE r.erased_at IS NULL AND r.id > ? \
             ORDER BY r.id LIMIT ?",
            select(wanted)
        ),
        &[after.unwrap_or("").into(), limit.into()],
    )?
    .rows
    .iter()
    .map(|r| candidate(r, wanted, now))
    .collect()
}

/// The residents among `ids` (erased ones included, so the caller can tell them from
/// unknown ids), with the sealed columns `wanted`.
pub fn by_ids(
    db: &Db,
    ids: &[String],
    wanted: &Wanted,
    now: Timestamp,
) -> Result<Vec<Candidate>, DbError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(200) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let params: Vec<Value> = chunk.iter().map(|i| Value::from(i.as_str())).collect();
        let rows = db.execute(
            &format!(
                "SELECT {} FROM notify_recipients r WHERE r.id IN ({marks}) ORDER BY r.id",
                select(wanted)
            ),
            &params,
        )?;
        for r in &rows.rows {
            out.push(candidate(r, wanted, now)?);
        }
    }
    Ok(out)
}

/// One resident as delivery sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    /// Id.
    pub id: String,
    /// District.
    pub district_id: String,
    /// States now.
    pub standing: Standing,
    /// Chosen channels and contacts held now.
    pub reach: Reach,
    /// Sealed first name, last name.
    pub names: (Option<String>, Option<String>),
    /// The sealed contact of the channel asked for.
    pub contact: Option<String>,
    /// Sealed quiet hours (`NULL`: the default).
    pub quiet_hours: Option<String>,
}

/// The sealed column holding `channel`'s contact (push has none here).
pub fn contact_column(channel: Channel) -> Option<&'static str> {
    match channel {
        Channel::Email => Some("email"),
        Channel::Sms => Some("phone"),
        Channel::Edoreczenia => Some("ade_address"),
        Channel::Push => None,
    }
}

/// The residents among `ids` with `channel`'s sealed contact.
pub fn addressees(
    db: &Db,
    ids: &[String],
    channel: Channel,
    now: Timestamp,
) -> Result<Vec<Addressee>, DbError> {
    let contact = contact_column(channel).map_or("NULL".to_owned(), |c| format!("r.{c}"));
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(200) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let params: Vec<Value> = chunk.iter().map(|i| Value::from(i.as_str())).collect();
        let rows = db.execute(
            &format!(
                "SELECT {PLAIN}, r.first_name, r.last_name, {contact}, r.quiet_hours \
                 FROM notify_recipients r WHERE r.id IN ({marks})"
            ),
            &params,
        )?;
        for r in &rows.rows {
            let (standing, reach) = standing_and_reach(r, now)?;
            out.push(Addressee {
                id: db::text(r, 0, "notify_recipients.id")?,
                district_id: db::text(r, 1, "notify_recipients.district_id")?,
                standing,
                reach,
                names: (db::opt_text(r, PLAIN_LEN), db::opt_text(r, PLAIN_LEN + 1)),
                contact: db::opt_text(r, PLAIN_LEN + 2),
                quiet_hours: db::opt_text(r, PLAIN_LEN + 3),
            });
        }
    }
    Ok(out)
}
