//! Table `notify_templates`: `notifier`'s message templates, as written (docs/decisions.md:
//! a template is written for many before any recipient is chosen).

use super::channel_list;
use ratusz_domain::api::notify_messages::Category;
use ratusz_domain::api::notify_templates::Template;
use ratusz_platform::db::{self, Db, DbError, Row};

const COLUMNS: &str = "id, name, title, text, category, link, channels, created_at, updated_at";

fn read(row: &Row) -> Result<Template, DbError> {
    Ok(Template {
        id: db::text(row, 0, "notify_templates.id")?,
        name: db::text(row, 1, "notify_templates.name")?,
        title: db::text(row, 2, "notify_templates.title")?,
        text: db::text(row, 3, "notify_templates.text")?,
        category: db::wire(row, 4, "notify_templates.category", Category::parse)?,
        link: db::opt_text(row, 5),
        channels: channel_list::parse(
            &db::text(row, 6, "notify_templates.channels")?,
            "notify_templates.channels",
        )?,
        created_at: db::time(row, 7, "notify_templates.created_at")?,
        updated_at: db::time(row, 8, "notify_templates.updated_at")?,
    })
}

/// Every template, by name.
pub fn list(db: &Db) -> Result<Vec<Template>, DbError> {
    db.execute(
        &format!("SELECT {COLUMNS} FROM notify_templates ORDER BY name_key, id"),
        &[],
    )?
    .rows
    .iter()
    .map(read)
    .collect()
}

/// Template `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<Template>, DbError> {
    db.execute(
        &format!("SELECT {COLUMNS} FROM notify_templates WHERE id = ?"),
        &[id.into()],
    )?
    .rows
    .first()
    .map(read)
    .transpose()
}

/// The id of the template whose name has the key `name_key`.
pub fn by_name_key(db: &Db, name_key: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT id FROM notify_templates WHERE name_key = ?",
        &[name_key.into()],
    )?;
    Ok(result.rows.first().and_then(|row| db::opt_text(row, 0)))
}

/// Stores a new template written by `created_by`.
pub fn insert(db: &Db, t: &Template, name_key: &str, created_by: &str) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_templates (id, name, name_key, title, text, category, link, \
         channels, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            t.id.as_str().into(),
            t.name.as_str().into(),
            name_key.into(),
            t.title.as_str().into(),
            t.text.as_str().into(),
            t.category.as_str().into(),
            db::text_or_null(t.link.as_deref()),
            channel_list::to_text(&t.channels).into(),
            created_by.into(),
            t.created_at.into(),
            t.updated_at.into(),
        ],
    )?;
    Ok(())
}

/// Replaces template `t.id`'s fields.
pub fn update(db: &Db, t: &Template, name_key: &str) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_templates SET name = ?, name_key = ?, title = ?, text = ?, category = ?, \
         link = ?, channels = ?, updated_at = ? WHERE id = ?",
        &[
            t.name.as_str().into(),
            name_key.into(),
            t.title.as_str().into(),
            t.text.as_str().into(),
            t.category.as_str().into(),
            db::text_or_null(t.link.as_deref()),
            channel_list::to_text(&t.channels).into(),
            t.updated_at.into(),
            t.id.as_str().into(),
        ],
    )?;
    Ok(())
}

/// Deletes template `id`; whether it was there.
pub fn delete(db: &Db, id: &str) -> Result<bool, DbError> {
    db.execute("DELETE FROM notify_templates WHERE id = ?", &[id.into()])?;
    Ok(db.changes() > 0)
}
