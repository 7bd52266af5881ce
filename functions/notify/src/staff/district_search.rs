//! The staff list's pass over one district (`GET /api/notify/recipients?district_id=…` with
//! `name` and/or `age_min` / `age_max`): the district is read newest first in batches of ids
//! and only the sealed columns the filters need; the birth date is opened first, the names
//! only of those whose age matches, and whole rows are read only for the page's matches.

use crate::keys::ResidentKeys;
use crate::store::recipients::{self as rows, BatchRow, RecipientRow};
use ratusz_domain::api::notify::Verification;
use ratusz_domain::notify::age::{AgeRange, Day};
use ratusz_domain::notify::recipient_search::NameQuery;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;
use std::collections::HashMap;

/// Residents read per batch: a district has thousands, each batch row carries at most three
/// sealed columns, and the pass stops as soon as a page is full.
const BATCH: u32 = 2_000;

/// What one pass looks for.
pub struct DistrictSearch<'a> {
    /// The district.
    pub district_id: &'a str,
    /// A part of a name.
    pub name: Option<&'a NameQuery>,
    /// The ages, on `today`.
    pub age: Option<AgeRange>,
    /// The day in Poland the ages are reckoned on.
    pub today: Day,
    /// Only this verification state.
    pub verification: Option<Verification>,
    /// Continue below this id (the previous page's cursor).
    pub before: Option<&'a str>,
}

/// Up to `wanted` matching residents, newest first, with their first and last name opened.
pub fn run(
    db: &Db,
    keys: &ResidentKeys,
    search: &DistrictSearch<'_>,
    wanted: usize,
) -> Result<Vec<(RecipientRow, String, String)>, ApiError> {
    let mut columns: Vec<&str> = Vec::new();
    if search.age.is_some() {
        columns.push("birth_date");
    }
    if search.name.is_some() {
        columns.extend(["first_name", "last_name"]);
    }
    // Names opened while matching, so the page's rows are not opened twice.
    let mut matched: Vec<(String, Option<(String, String)>)> = Vec::new();
    let mut after = search.before.map(str::to_owned);
    while matched.len() < wanted {
        let batch = rows::district_batch(
            db,
            search.district_id,
            search.verification,
            after.as_deref(),
            &columns,
            BATCH,
        )?;
        let exhausted = batch.len() < BATCH as usize;
        after = batch.last().map(|r| r.id.clone());
        for row in batch {
            if let Some(hit) = matches(keys, search, &columns, row)? {
                matched.push(hit);
                if matched.len() == wanted {
                    break;
                }
            }
        }
        if exhausted {
            break;
        }
    }
    let ids: Vec<String> = matched.iter().map(|(id, _)| id.clone()).collect();
    let mut opened: HashMap<String, (String, String)> = matched
        .into_iter()
        .filter_map(|(id, names)| names.map(|n| (id, n)))
        .collect();
    rows::by_ids(db, &ids)?
        .into_iter()
        .map(|row| match opened.remove(&row.id) {
            Some((first, last)) => Ok((row, first, last)),
            None => super::recipients::named(keys, row),
        })
        .collect()
}

/// A row that passed the filters: its id, and its (first, last) names when the name filter
/// had to open them.
type Match = (String, Option<(String, String)>);

/// The row's id (and names when opened) if it passes the filters: the age first (one
/// opening), then the name (two).
fn matches(
    keys: &ResidentKeys,
    search: &DistrictSearch<'_>,
    columns: &[&str],
    row: BatchRow,
) -> Result<Option<Match>, ApiError> {
    let open = |column: &str| -> Result<String, ApiError> {
        let sealed = columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| row.sealed.get(i))
            .and_then(|v| v.as_deref())
            .ok_or_else(|| ApiError::internal(format!("notify_recipients.{column} missing")))?;
        keys.open(&row.id, column, sealed)
    };
    if let Some(age) = search.age {
        let birth = open("birth_date")?;
        let birth = Day::parse(&birth)
            .ok_or_else(|| ApiError::internal("notify_recipients.birth_date unreadable"))?;
        if !age.contains(birth, search.today) {
            return Ok(None);
        }
    }
    let Some(name) = search.name else {
        return Ok(Some((row.id, None)));
    };
    let (first, last) = (open("first_name")?, open("last_name")?);
    Ok(name
        .matches(&first, &last)
        .then_some((row.id, Some((first, last)))))
}
