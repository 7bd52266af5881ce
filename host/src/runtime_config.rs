//! Spin runtime config (`--runtime-config-file`): where KV stores and SQLite databases live.

use crate::error::ConfigError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// Backend of one key-value store label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KvConfig {
    /// SQLite file (Spin's `type = "spin"`).
    Sqlite(PathBuf),
    /// Redis or Valkey at this URL.
    Redis(String),
}

/// The parsed runtime config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// Key-value stores by label.
    pub key_value_stores: BTreeMap<String, KvConfig>,
    /// SQLite database files by label.
    pub sqlite_databases: BTreeMap<String, PathBuf>,
}

/// Reads the runtime config file; relative paths resolve against its directory.
pub fn load(path: &Path) -> Result<RuntimeConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    parse(&text, dir).map_err(|e| match e {
        ConfigError::Unreadable { reason, .. } => ConfigError::Unreadable {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    })
}

/// Parses runtime config text.
pub fn parse(text: &str, dir: &Path) -> Result<RuntimeConfig, ConfigError> {
    let root: Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::Unreadable {
            path: PathBuf::from("runtime config"),
            reason: e.to_string(),
        })?;
    let mut out = RuntimeConfig::default();
    for (key, value) in &root {
        match key.as_str() {
            "key_value_store" => {
                for (label, t) in sections(value, key)? {
                    let backend = parse_kv(t, &format!("{key}.{label}"), dir)?;
                    out.key_value_stores.insert(label, backend);
                }
            }
            "sqlite_database" => {
                for (label, t) in sections(value, key)? {
                    let path = parse_sqlite(t, &format!("{key}.{label}"), dir)?;
                    out.sqlite_databases.insert(label, path);
                }
            }
            other => return Err(ConfigError::UnsupportedField(other.to_string())),
        }
    }
    Ok(out)
}

fn sections<'a>(value: &'a Value, key: &str) -> Result<Vec<(String, &'a Table)>, ConfigError> {
    let Value::Table(t) = value else {
        return Err(ConfigError::invalid(key, "expected [key.label] tables"));
    };
    t.iter()
        .map(|(label, v)| match v {
            Value::Table(inner) => Ok((label.clone(), inner)),
            _ => Err(ConfigError::invalid(
                format!("{key}.{label}"),
                "expected a table",
            )),
        })
        .collect()
}

fn field<'a>(t: &'a Table, path: &str, name: &str) -> Result<&'a str, ConfigError> {
    match t.get(name) {
        Some(Value::String(s)) => Ok(s),
        _ => Err(ConfigError::invalid(
            format!("{path}.{name}"),
            "missing or not a string",
        )),
    }
}

fn only(t: &Table, path: &str, allowed: &[&str]) -> Result<(), ConfigError> {
    match t.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ConfigError::UnsupportedField(format!("{path}.{k}"))),
        None => Ok(()),
    }
}

fn parse_kv(t: &Table, path: &str, dir: &Path) -> Result<KvConfig, ConfigError> {
    match field(t, path, "type")? {
        "redis" => {
            only(t, path, &["type", "url"])?;
            let url = field(t, path, "url")?;
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                return Err(ConfigError::invalid(format!("{path}.url"), "expected redis://…"));
            }
            Ok(KvConfig::Redis(url.to_string()))
        }
        "spin" => {
            only(t, path, &["type", "path"])?;
            Ok(KvConfig::Sqlite(dir.join(field(t, path, "path")?)))
        }
        other => Err(ConfigError::invalid(
            format!("{path}.type"),
            format!("'{other}' is not supported by this host (use \"spin\" or \"redis\"); use real Spin"),
        )),
    }
}

fn parse_sqlite(t: &Table, path: &str, dir: &Path) -> Result<PathBuf, ConfigError> {
    match field(t, path, "type")? {
        "spin" => {
            only(t, path, &["type", "path"])?;
            Ok(dir.join(field(t, path, "path")?))
        }
        other => Err(ConfigError::invalid(
            format!("{path}.type"),
            format!("'{other}' is not supported by this host; use real Spin"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_supported_sections() {
        let text = r#"
            [key_value_store.default]
            type = "redis"
            url = "redis://127.0.0.1:6379"
            [key_value_store.local]
            type = "spin"
            path = "kv.db"
            [sqlite_database.default]
            type = "spin"
            path = "/abs/db.sqlite"
        "#;
        let c = parse(text, Path::new("/etc/app")).unwrap();
        assert_eq!(
            c.key_value_stores["default"],
            KvConfig::Redis("redis://127.0.0.1:6379".into())
        );
        assert_eq!(
            c.key_value_stores["local"],
            KvConfig::Sqlite("/etc/app/kv.db".into())
        );
        assert_eq!(
            c.sqlite_databases["default"],
            PathBuf::from("/abs/db.sqlite")
        );
    }

    #[test]
    fn refuses_what_it_cannot_do() {
        let cases = [
            (
                "[sqlite_database.default]\ntype = \"libsql\"\nurl = \"x\"\n",
                "use real Spin",
            ),
            (
                "[key_value_store.default]\ntype = \"azure_cosmos\"\n",
                "not supported",
            ),
            (
                "[key_value_store.default]\ntype = \"redis\"\nurl = \"redis://x\"\nfoo = 1\n",
                "'key_value_store.default.foo'",
            ),
            (
                "[[config_provider]]\ntype = \"vault\"\n",
                "'config_provider'",
            ),
            (
                "[key_value_store.default]\ntype = \"redis\"\nurl = \"http://x\"\n",
                "redis://",
            ),
            ("not toml", "cannot read"),
        ];
        for (text, expected) in cases {
            let err = parse(text, Path::new("/")).unwrap_err().to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }
}
