//! What a key rotation reads and writes across the registry's sealed columns: the
//! recipients' personal columns and blind indexes (`notify_recipients`), the device labels
//! and push subscriptions (`notify_devices`) and the pending erasure reasons
//! (`notify_erasure_requests`), all sealed under `resident_data_keys`, and the counts per key
//! of every such value, the reports' too (their rows: [`super::resealing_reports`]). A
//! recipient is *stale* when any of these is under another key than the target ones.
//! Write-backs compare the old ciphertexts (each has a random nonce, so it is its own
//! version): a row a resident corrected meanwhile is left to the correction, which sealed it
//! under the first key already.

use ratusz_platform::db::{self, Db, DbError, Row, Value};
use std::collections::BTreeMap;

/// The sealed personal columns, in this order everywhere.
pub use ratusz_domain::notify::at_rest::PERSONAL;

/// The keys a rotation moves everything to.
pub struct Target<'a> {
    /// The sealing key id.
    pub seal_kid: &'a str,
    /// The blind index key id.
    pub index_kid: &'a str,
}

impl Target<'_> {
    /// The start of a value sealed under the target key (`v1.<kid>.`).
    fn sealed_prefix(&self) -> String {
        format!("v1.{}.", self.seal_kid)
    }

    /// Whether `sealed` is under the target key already.
    pub fn holds(&self, sealed: &str) -> bool {
        sealed.starts_with(&self.sealed_prefix())
    }

    /// The SQL test that text column `column` is under another key than the target one (NULL
    /// for a NULL column, so it never counts), with its parameters.
    pub fn elsewhere(&self, column: &str) -> (String, [Value; 2]) {
        let prefix = self.sealed_prefix();
        let len = Value::Integer(i64::try_from(prefix.len()).unwrap_or(0));
        (
            format!("substr({column}, 1, ?) <> ?"),
            [len, prefix.as_str().into()],
        )
    }

    /// The predicate of a stale recipient `r` and its parameters.
    fn stale(&self) -> (String, Vec<Value>) {
        let (label, label_params) = self.elsewhere("d.label");
        let (push, push_params) = self.elsewhere("d.push_subscription");
        let (reason, reason_params) = self.elsewhere("e.reason");
        let mut params: Vec<Value> = vec![self.seal_kid.into(), self.index_kid.into()];
        params.extend(
            label_params
                .into_iter()
                .chain(push_params)
                .chain(reason_params),
        );
        (
            format!(
                "r.erased_at IS NULL AND (r.seal_kid IS NOT ? OR r.index_kid IS NOT ?
                   OR EXISTS (SELECT 1 FROM notify_devices d WHERE d.recipient_id = r.id
                              AND {label})
                   OR EXISTS (SELECT 1 FROM notify_devices d WHERE d.recipient_id = r.id
                              AND {push})
                   OR EXISTS (SELECT 1 FROM notify_erasure_requests e
                              WHERE e.recipient_id = r.id AND {reason}))"
            ),
            params,
        )
    }
}

/// One batch a rotation read: its rows, the last id it reached (`None`: none) and whether
/// more rows may follow in id order.
pub struct Batch<T> {
    /// The rows, in id order.
    pub rows: Vec<T>,
    /// The last id read.
    pub last: Option<String>,
    /// Whether the batch stopped at a bound rather than at the table's end.
    pub more: bool,
}

impl<T> Batch<T> {
    /// A batch bounded by `limit` rows alone: a full one may have more after it.
    pub fn of_rows(rows: Vec<T>, limit: u32, id: impl Fn(&T) -> &str) -> Self {
        let last = rows.last().map(|row| id(row).to_owned());
        let more = rows.len() >= limit as usize;
        Self { rows, last, more }
    }
}

/// A stale recipient's sealed values as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedRow {
    /// Recipient id.
    pub id: String,
    /// Personal columns in [`PERSONAL`] order.
    pub values: [Option<String>; PERSONAL.len()],
    /// Blind index of the e-mail.
    pub email_index: Option<String>,
    /// Blind index of the phone.
    pub phone_index: Option<String>,
    /// The key of the values.
    pub seal_kid: Option<String>,
    /// The key of the indexes.
    pub index_kid: Option<String>,
    /// The bound device's sealed label.
    pub device_label: Option<String>,
    /// A pending erasure request's sealed reason.
    pub erasure_reason: Option<String>,
    /// The bound device's sealed push subscription.
    pub push_subscription: Option<String>,
}

/// Stale recipients left under other keys than `target`.
pub fn remaining(db: &Db, target: &Target<'_>) -> Result<u64, DbError> {
    let (predicate, params) = target.stale();
    let result = db.execute(
        &format!("SELECT COUNT(*) FROM notify_recipients r WHERE {predicate}"),
        &params,
    )?;
    result.rows.first().map_or(Ok(0), |row| {
        db::integer(row, 0, "count").map(|n| u64::try_from(n).unwrap_or(0))
    })
}

/// Up to `limit` stale recipients after id `after` (`""`: from the first), in id order.
pub fn batch(
    db: &Db,
    target: &Target<'_>,
    after: &str,
    limit: u32,
) -> Result<Vec<SealedRow>, DbError> {
    let (predicate, mut params) = target.stale();
    params.push(after.into());
    params.push(Value::Integer(i64::from(limit)));
    let columns: Vec<String> = PERSONAL.iter().map(|c| format!("r.{c}")).collect();
    let sql = format!(
        "SELECT r.id, {}, r.email_index, r.phone_index, r.seal_kid, r.index_kid,
           (SELECT d.label FROM notify_devices d WHERE d.recipient_id = r.id),
           (SELECT e.reason FROM notify_erasure_requests e WHERE e.recipient_id = r.id),
           (SELECT d.push_subscription FROM notify_devices d WHERE d.recipient_id = r.id)
         FROM notify_recipients r WHERE {predicate} AND r.id > ? ORDER BY r.id LIMIT ?",
        columns.join(", ")
    );
    db.execute(&sql, &params)?
        .rows
        .iter()
        .map(sealed_row)
        .collect()
}

fn sealed_row(row: &Row) -> Result<SealedRow, DbError> {
    let after = 1 + PERSONAL.len();
    Ok(SealedRow {
        id: db::text(row, 0, "notify_recipients.id")?,
        values: std::array::from_fn(|i| db::opt_text(row, 1 + i)),
        email_index: db::opt_text(row, after),
        phone_index: db::opt_text(row, after + 1),
        seal_kid: db::opt_text(row, after + 2),
        index_kid: db::opt_text(row, after + 3),
        device_label: db::opt_text(row, after + 4),
        erasure_reason: db::opt_text(row, after + 5),
        push_subscription: db::opt_text(row, after + 6),
    })
}

fn personal_values(row: &SealedRow) -> Vec<Value> {
    let mut values: Vec<Value> = row
        .values
        .iter()
        .map(|v| db::text_or_null(v.as_deref()))
        .collect();
    values.extend([
        db::text_or_null(row.email_index.as_deref()),
        db::text_or_null(row.phone_index.as_deref()),
        db::text_or_null(row.seal_kid.as_deref()),
        db::text_or_null(row.index_kid.as_deref()),
    ]);
    values
}

/// Writes `new`'s personal columns, indexes and keys over `old`'s if the row still holds
/// exactly `old`'s (and is not erased); whether it did.
pub fn replace_personal(db: &Db, old: &SealedRow, new: &SealedRow) -> Result<bool, DbError> {
    let columns: Vec<&str> = PERSONAL
        .iter()
        .copied()
        .chain(["email_index", "phone_index", "seal_kid", "index_kid"])
        .collect();
    let set: Vec<String> = columns.iter().map(|c| format!("{c} = ?")).collect();
    let unchanged: Vec<String> = columns.iter().map(|c| format!("{c} IS ?")).collect();
    let mut params = personal_values(new);
    params.push(old.id.as_str().into());
    params.extend(personal_values(old));
    db.execute(
        &format!(
            "UPDATE notify_recipients SET {} WHERE id = ? AND erased_at IS NULL AND {}",
            set.join(", "),
            unchanged.join(" AND ")
        ),
        &params,
    )?;
    Ok(db.changes() == 1)
}

/// Replaces recipient `id`'s device label `old` by `new` (if still `old`).
pub fn replace_device_label(db: &Db, id: &str, old: &str, new: &str) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_devices SET label = ? WHERE recipient_id = ? AND label = ?",
        &[new.into(), id.into(), old.into()],
    )?;
    Ok(db.changes() == 1)
}

/// Replaces recipient `id`'s device push subscription `old` by `new` (if still `old`).
pub fn replace_push_subscription(db: &Db, id: &str, old: &str, new: &str) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_devices SET push_subscription = ?
         WHERE recipient_id = ? AND push_subscription = ?",
        &[new.into(), id.into(), old.into()],
    )?;
    Ok(db.changes() == 1)
}

/// Replaces recipient `id`'s pending erasure reason `old` by `new` (if still `old`).
pub fn replace_erasure_reason(db: &Db, id: &str, old: &str, new: &str) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_erasure_requests SET reason = ? WHERE recipient_id = ? AND reason = ?",
        &[new.into(), id.into(), old.into()],
    )?;
    Ok(db.changes() == 1)
}

/// A count per key id.
pub type ByKey = BTreeMap<String, u64>;

/// Sealed values and blind indexes per key id: `(ciphertexts, indexes)`. The recipients'
/// columns count by their row's key ids (every write seals a row's columns together); labels,
/// reasons, subscriptions and the reports' descriptions, locations, notes and replies by the
/// key id their text names; photos by the key id kept beside them.
pub fn counts_by_key(db: &Db) -> Result<(ByKey, ByKey), DbError> {
    let present: Vec<String> = PERSONAL
        .iter()
        .map(|c| format!("({c} IS NOT NULL)"))
        .collect();
    let mut ciphertexts = BTreeMap::new();
    let sealed = format!(
        "SELECT seal_kid, SUM({}) FROM notify_recipients
         WHERE erased_at IS NULL AND seal_kid IS NOT NULL GROUP BY seal_kid",
        present.join(" + ")
    );
    add_counts(db, &sealed, &mut ciphertexts)?;
    // `v1.<kid>.…`: the key id is the text between the first two dots.
    for (table, column) in [
        ("notify_devices", "label"),
        ("notify_devices", "push_subscription"),
        ("notify_erasure_requests", "reason"),
        ("notify_reports", "description"),
        ("notify_reports", "location"),
        ("notify_report_history", "text"),
    ] {
        add_counts(
            db,
            &format!(
                "SELECT substr({column}, 4, instr(substr({column}, 4), '.') - 1), COUNT(*)
                 FROM {table} WHERE {column} IS NOT NULL GROUP BY 1"
            ),
            &mut ciphertexts,
        )?;
    }
    // A photo's key id is kept beside its body (migration 21), so no body is read.
    add_counts(
        db,
        "SELECT seal_kid, COUNT(*) FROM notify_report_photos WHERE seal_kid IS NOT NULL
         GROUP BY seal_kid",
        &mut ciphertexts,
    )?;
    let mut indexes = BTreeMap::new();
    add_counts(
        db,
        "SELECT index_kid, SUM((email_index IS NOT NULL) + (phone_index IS NOT NULL))
         FROM notify_recipients WHERE erased_at IS NULL AND index_kid IS NOT NULL
         GROUP BY index_kid",
        &mut indexes,
    )?;
    Ok((ciphertexts, indexes))
}

fn add_counts(db: &Db, sql: &str, into: &mut ByKey) -> Result<(), DbError> {
    for row in &db.execute(sql, &[])?.rows {
        let kid = db::text(row, 0, "key id")?;
        let n = u64::try_from(db::integer(row, 1, "count")?).unwrap_or(0);
        if n > 0 {
            *into.entry(kid).or_insert(0) += n;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn a_value_is_held_only_under_exactly_the_target_key_id() {
        let target = Target {
            seal_kid: "r2",
            index_kid: "i2",
        };
        // (sealed text, under the target key)
        let cases = [
            ("v1.r2.bm9uY2U.Y3Q", true),
            ("v1.r1.bm9uY2U.Y3Q", false),
            // a key id that starts like the target's is another key
            ("v1.r22.bm9uY2U.Y3Q", false),
            ("v2.r2.bm9uY2U.Y3Q", false),
            ("", false),
        ];
        for (sealed, held) in cases {
            assert_eq!(target.holds(sealed), held, "{sealed}");
        }
        let (sql, params) = target.elsewhere("d.label");
        assert_eq!(sql, "substr(d.label, 1, ?) <> ?");
        assert_eq!(params[0], ratusz_platform::db::Value::Integer(6));
    }
}
