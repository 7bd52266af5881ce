//! Table `chat_words`: the keyed word index (tokens only, never a word).

use ratusz_platform::db::{Db, DbError, Value};

/// Indexes `mid` in `cid` under `tokens` (replacing its earlier tokens).
pub fn set(db: &Db, cid: &str, mid: &str, tokens: &[String]) -> Result<(), DbError> {
    clear(db, mid)?;
    for token in tokens {
        db.execute(
            "INSERT OR IGNORE INTO chat_words (token, message_id, conversation_id) VALUES (?, ?, ?)",
            &[Value::from(token.as_str()), Value::from(mid), Value::from(cid)],
        )?;
    }
    Ok(())
}

/// Removes `mid` from the index.
pub fn clear(db: &Db, mid: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM chat_words WHERE message_id = ?",
        &[Value::from(mid)],
    )?;
    Ok(())
}

/// Removes messages `ids` from the index (retention).
pub fn clear_messages(db: &Db, ids: &[String]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let (marks, params) = super::in_list(ids);
    db.execute(
        &format!("DELETE FROM chat_words WHERE message_id IN ({marks})"),
        &params,
    )?;
    Ok(())
}
