//! Table `chat_counter`: the one chat change number. Every write that a client's updates poll
//! must see (a message sent, edited or deleted, a member joining, a read marker moving) takes
//! the next number inside its transaction, so the numbers follow the commit order.

use ratusz_platform::db::{self, Db, DbError};

/// The next change number (call inside the writing transaction).
pub fn next(db: &Db) -> Result<i64, DbError> {
    db.execute("UPDATE chat_counter SET seq = seq + 1 WHERE id = 1", &[])?;
    let result = db.execute("SELECT seq FROM chat_counter WHERE id = 1", &[])?;
    result
        .rows
        .first()
        .map(|row| db::integer(row, 0, "chat_counter.seq"))
        .unwrap_or_else(|| Err(DbError::Decode("chat_counter row missing".into())))
}
