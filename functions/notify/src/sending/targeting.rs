//! Who of the registry a message reaches, one batch at a time: the plain columns decide who
//! may receive and which channels reach them; a filter then opens only the sealed columns it
//! needs (outside any transaction). Shared by the preview (every batch at once) and the tick's
//! counting (a batch per step, its deliveries inserted in one short transaction).

use crate::keys::ResidentKeys;
use crate::store::targets::{self, Candidate, Wanted, FILTER_COLUMNS};
use ratusz_domain::api::notify::{Channel, Sex};
use ratusz_domain::notify::age::Day;
use ratusz_domain::notify::audience::{self, CleanAudience, CleanFilter, Subject};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// One matched resident and the message's channels that reach them (possibly none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// Id.
    pub id: String,
    /// District (for `((district))`).
    pub district_id: String,
    /// The channels that reach them.
    pub channels: Vec<Channel>,
    /// First and last name, opened when asked for.
    pub names: Option<(String, String)>,
}

/// One batch's result.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    /// Who matched.
    pub matched: Vec<Matched>,
    /// The last id read (the next batch starts above it).
    pub cursor: Option<String>,
    /// Whether the registry was read to its end.
    pub exhausted: bool,
}

/// What to look for.
pub struct Target<'a> {
    /// The audience.
    pub audience: &'a CleanAudience,
    /// The message's channels.
    pub channels: &'a [Channel],
    /// The sending day in Poland (ages).
    pub today: Day,
    /// Open the names of the matched (the caller fills placeholders).
    pub names: bool,
    /// Now (suspensions).
    pub now: Timestamp,
}

fn wanted(t: &Target<'_>) -> Wanted {
    let filter = match t.audience {
        CleanAudience::Filter(f) => {
            let n = f.needs();
            [n.birth_date, n.sex, n.street, n.postal_code]
        }
        _ => [false; 4],
    };
    Wanted {
        filter,
        names: t.names,
    }
}

/// The next batch of up to `limit` residents above `after`; an `individuals` audience is one
/// batch of its ids.
pub fn batch(
    db: &Db,
    keys: &ResidentKeys,
    t: &Target<'_>,
    after: Option<&str>,
    limit: u32,
) -> Result<Batch, ApiError> {
    let wanted = wanted(t);
    let (candidates, exhausted) = match t.audience {
        CleanAudience::Individuals(ids) => (targets::by_ids(db, ids, &wanted, t.now)?, true),
        _ => {
            let rows = targets::batch_after(db, after, &wanted, limit, t.now)?;
            let exhausted = rows.len() < limit as usize;
            (rows, exhausted)
        }
    };
    let cursor = candidates
        .last()
        .map(|c| c.id.clone())
        .or_else(|| after.map(str::to_owned));
    let mut matched = Vec::new();
    for c in candidates {
        if let Some(m) = one(keys, t, c)? {
            matched.push(m);
        }
    }
    Ok(Batch {
        matched,
        cursor,
        exhausted,
    })
}

fn one(keys: &ResidentKeys, t: &Target<'_>, c: Candidate) -> Result<Option<Matched>, ApiError> {
    if !audience::may_receive(t.audience, c.standing) {
        return Ok(None);
    }
    if let CleanAudience::Filter(f) = t.audience {
        if !f.district_matches(&c.district_id) || !filter_matches(keys, f, &c, t.today)? {
            return Ok(None);
        }
    }
    let names = if t.names {
        let open = |column: &str, v: &Option<String>| -> Result<String, ApiError> {
            v.as_deref()
                .map_or(Ok(String::new()), |s| keys.open(&c.id, column, s))
        };
        Some((
            open("first_name", &c.names.0)?,
            open("last_name", &c.names.1)?,
        ))
    } else {
        None
    };
    Ok(Some(Matched {
        channels: c.reach.channels(t.channels),
        id: c.id,
        district_id: c.district_id,
        names,
    }))
}

/// Opens the filter's sealed columns of `c` (the birth date first: most filters are by age)
/// and matches.
fn filter_matches(
    keys: &ResidentKeys,
    f: &CleanFilter,
    c: &Candidate,
    today: Day,
) -> Result<bool, ApiError> {
    let mut opened: [Option<String>; 4] = Default::default();
    for ((slot, column), sealed) in opened.iter_mut().zip(FILTER_COLUMNS).zip(&c.sealed) {
        if let Some(s) = sealed {
            *slot = Some(keys.open(&c.id, column, s)?);
        }
    }
    let [birth, sex, street, postal] = &opened;
    let subject = Subject {
        district_id: &c.district_id,
        birth_date: birth.as_deref().and_then(Day::parse),
        sex: sex.as_deref().and_then(Sex::parse),
        street: street.as_deref(),
        postal_code: postal.as_deref(),
    };
    Ok(audience::matches(f, &subject, today))
}
