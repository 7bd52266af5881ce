//! Small helpers to read a `toml::Table` field by field, so every error names the dotted path
//! of the field at fault (`component.web.foo`) rather than a line number.

use crate::error::ConfigError;
use toml::{Table, Value};

/// Joins a parent path and a key into a dotted path.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Refuses any key of `table` not in `allowed`, naming the first one found.
pub fn only_keys(table: &Table, path: &str, allowed: &[&str]) -> Result<(), ConfigError> {
    match table.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(ConfigError::UnsupportedField(join(path, key))),
        None => Ok(()),
    }
}

/// An optional string field.
pub fn opt_str(table: &Table, path: &str, key: &str) -> Result<Option<String>, ConfigError> {
    match table.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ConfigError::invalid(join(path, key), "expected a string")),
    }
}

/// A required string field.
pub fn req_str(table: &Table, path: &str, key: &str) -> Result<String, ConfigError> {
    opt_str(table, path, key)?
        .ok_or_else(|| ConfigError::invalid(join(path, key), "missing required field"))
}

/// An optional boolean field, `false` when absent.
pub fn opt_bool(table: &Table, path: &str, key: &str) -> Result<bool, ConfigError> {
    match table.get(key) {
        None => Ok(false),
        Some(Value::Boolean(b)) => Ok(*b),
        Some(_) => Err(ConfigError::invalid(
            join(path, key),
            "expected true or false",
        )),
    }
}

/// An optional table field.
pub fn opt_table<'a>(
    table: &'a Table,
    path: &str,
    key: &str,
) -> Result<Option<&'a Table>, ConfigError> {
    match table.get(key) {
        None => Ok(None),
        Some(Value::Table(t)) => Ok(Some(t)),
        Some(_) => Err(ConfigError::invalid(join(path, key), "expected a table")),
    }
}

/// An optional list of strings, empty when absent.
pub fn str_list(table: &Table, path: &str, key: &str) -> Result<Vec<String>, ConfigError> {
    let Some(value) = table.get(key) else {
        return Ok(Vec::new());
    };
    let field = join(path, key);
    let Value::Array(items) = value else {
        return Err(ConfigError::invalid(field, "expected a list of strings"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.clone()),
            _ => Err(ConfigError::invalid(&field, "expected a list of strings")),
        })
        .collect()
}

/// A table whose values must all be strings (e.g. `environment`, component `variables`).
pub fn str_map(table: &Table, path: &str, key: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let Some(inner) = opt_table(table, path, key)? else {
        return Ok(Vec::new());
    };
    let path = join(path, key);
    inner
        .iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k.clone(), s.clone())),
            _ => Err(ConfigError::invalid(join(&path, k), "expected a string")),
        })
        .collect()
}
