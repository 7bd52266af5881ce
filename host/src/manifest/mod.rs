//! Reads a Spin manifest (v2) into a plain model, refusing every field this host does not
//! implement so an app never runs with a silently ignored setting.

mod toml_walk;

use crate::error::ConfigError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};
use toml_walk::{join, only_keys, opt_bool, opt_str, opt_table, req_str, str_list, str_map};

/// The parts of `spin.toml` this host runs.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Directory holding the manifest; relative paths resolve against it.
    pub dir: PathBuf,
    /// `application.name`.
    pub name: String,
    /// `application.trigger.http.base`, `/` when absent.
    pub base: String,
    /// Application variables by name.
    pub variables: BTreeMap<String, VariableDecl>,
    /// HTTP triggers in manifest order (order matters for duplicate routes).
    pub triggers: Vec<HttpTrigger>,
    /// Components by id.
    pub components: BTreeMap<String, ComponentDecl>,
}

/// An application variable declaration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariableDecl {
    /// Value used when no provider has one.
    pub default: Option<String>,
    /// Start-up fails when no provider has a value.
    pub required: bool,
    /// The value is never logged.
    pub secret: bool,
}

/// Where a trigger is reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A public route pattern such as `/api/...`.
    Path(String),
    /// `{ private = true }`: not in the public router; reachable by the scheduler only.
    Private,
}

/// One `[[trigger.http]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrigger {
    /// The route.
    pub route: Route,
    /// The component id it invokes.
    pub component: String,
}

/// A `files` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileMount {
    /// A glob relative to the manifest directory, mounted at `/` under its relative path.
    Pattern(String),
    /// A file or directory mounted at `destination`.
    Mapping {
        /// Absolute host path.
        source: PathBuf,
        /// Absolute guest path.
        destination: String,
    },
}

/// One `[component.X]` table.
#[derive(Debug, Clone, Default)]
pub struct ComponentDecl {
    /// Absolute path of the wasm file.
    pub source: PathBuf,
    /// Files mounted read-only into the guest.
    pub files: Vec<FileMount>,
    /// Globs excluded from `files` patterns.
    pub exclude_files: Vec<String>,
    /// Key-value store labels the component may open.
    pub key_value_stores: Vec<String>,
    /// SQLite database labels the component may open.
    pub sqlite_databases: Vec<String>,
    /// Raw `allowed_outbound_hosts` entries (may contain `{{ var }}` templates).
    pub allowed_outbound_hosts: Vec<String>,
    /// Guest environment variables.
    pub environment: Vec<(String, String)>,
    /// Component variables: name to template over app variables.
    pub variables: Vec<(String, String)>,
}

const TOP_KEYS: &[&str] = &[
    "spin_manifest_version",
    "application",
    "variables",
    "trigger",
    "component",
];
const APP_KEYS: &[&str] = &["name", "version", "description", "authors", "trigger"];
const VARIABLE_KEYS: &[&str] = &["default", "required", "secret"];
const TRIGGER_KEYS: &[&str] = &["route", "component", "id"];
const COMPONENT_KEYS: &[&str] = &[
    "source",
    "description",
    "files",
    "exclude_files",
    "key_value_stores",
    "sqlite_databases",
    "allowed_outbound_hosts",
    "environment",
    "variables",
    "build",
];

/// Reads and validates the manifest at `path`.
pub fn load(path: &Path) -> Result<Manifest, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let dir = path
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    parse(&text, &dir).map_err(|e| match e {
        ConfigError::Unreadable { reason, .. } => ConfigError::Unreadable {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    })
}

/// Parses manifest text; `dir` is the directory relative paths resolve against.
pub fn parse(text: &str, dir: &Path) -> Result<Manifest, ConfigError> {
    let root: Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::Unreadable {
            path: PathBuf::from("spin.toml"),
            reason: e.to_string(),
        })?;
    only_keys(&root, "", TOP_KEYS)?;
    match root.get("spin_manifest_version") {
        Some(Value::Integer(2)) => {}
        Some(Value::String(s)) if s == "2" => {}
        _ => {
            return Err(ConfigError::invalid(
                "spin_manifest_version",
                "only manifest version 2 is supported",
            ))
        }
    }
    let app = opt_table(&root, "", "application")?
        .ok_or_else(|| ConfigError::invalid("application", "missing [application] table"))?;
    only_keys(app, "application", APP_KEYS)?;
    let name = req_str(app, "application", "name")?;
    let base = parse_base(app)?;
    let variables = parse_variables(&root)?;
    let triggers = parse_triggers(&root)?;
    let components = parse_components(&root, dir)?;
    for trigger in &triggers {
        if !components.contains_key(&trigger.component) {
            return Err(ConfigError::invalid(
                "trigger.http.component",
                format!("no [component.{}] table", trigger.component),
            ));
        }
    }
    Ok(Manifest {
        dir: dir.to_path_buf(),
        name,
        base,
        variables,
        triggers,
        components,
    })
}

fn parse_base(app: &Table) -> Result<String, ConfigError> {
    let Some(trigger) = opt_table(app, "application", "trigger")? else {
        return Ok("/".into());
    };
    only_keys(trigger, "application.trigger", &["http"])?;
    let Some(http) = opt_table(trigger, "application.trigger", "http")? else {
        return Ok("/".into());
    };
    only_keys(http, "application.trigger.http", &["base"])?;
    Ok(opt_str(http, "application.trigger.http", "base")?.unwrap_or_else(|| "/".into()))
}

fn parse_variables(root: &Table) -> Result<BTreeMap<String, VariableDecl>, ConfigError> {
    let mut out = BTreeMap::new();
    let Some(vars) = opt_table(root, "", "variables")? else {
        return Ok(out);
    };
    for (name, value) in vars {
        let path = join("variables", name);
        if !is_variable_name(name) {
            return Err(ConfigError::invalid(
                path,
                "variable names use lowercase letters, digits and '_', starting with a letter",
            ));
        }
        let Value::Table(t) = value else {
            return Err(ConfigError::invalid(path, "expected a table"));
        };
        only_keys(t, &path, VARIABLE_KEYS)?;
        let decl = VariableDecl {
            default: opt_str(t, &path, "default")?,
            required: opt_bool(t, &path, "required")?,
            secret: opt_bool(t, &path, "secret")?,
        };
        if decl.required && decl.default.is_some() {
            return Err(ConfigError::invalid(
                path,
                "cannot be both required and have a default",
            ));
        }
        if !decl.required && decl.default.is_none() {
            return Err(ConfigError::invalid(
                path,
                "must be required or have a default",
            ));
        }
        out.insert(name.clone(), decl);
    }
    Ok(out)
}

/// Spin's rule for variable names: `[a-z][a-z0-9_]*`.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn parse_triggers(root: &Table) -> Result<Vec<HttpTrigger>, ConfigError> {
    let Some(trigger) = opt_table(root, "", "trigger")? else {
        return Ok(Vec::new());
    };
    only_keys(trigger, "trigger", &["http"])?;
    let Some(list) = trigger.get("http") else {
        return Ok(Vec::new());
    };
    let Value::Array(list) = list else {
        return Err(ConfigError::invalid(
            "trigger.http",
            "expected [[trigger.http]] entries",
        ));
    };
    list.iter()
        .enumerate()
        .map(|(i, entry)| parse_trigger(entry, &format!("trigger.http[{i}]")))
        .collect()
}

fn parse_trigger(entry: &Value, path: &str) -> Result<HttpTrigger, ConfigError> {
    let Value::Table(t) = entry else {
        return Err(ConfigError::invalid(path, "expected a table"));
    };
    only_keys(t, path, TRIGGER_KEYS)?;
    let route = match t.get("route") {
        Some(Value::String(s)) => Route::Path(s.clone()),
        Some(Value::Table(r)) => {
            let rpath = join(path, "route");
            only_keys(r, &rpath, &["private"])?;
            if !opt_bool(r, &rpath, "private")? {
                return Err(ConfigError::invalid(
                    rpath,
                    "must be a string pattern or { private = true }",
                ));
            }
            Route::Private
        }
        _ => {
            return Err(ConfigError::invalid(
                join(path, "route"),
                "missing or not a string",
            ))
        }
    };
    let component = match t.get("component") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Table(_)) => {
            return Err(ConfigError::invalid(
                join(path, "component"),
                "inline component tables are not supported by this host; \
                 declare [component.<id>] and refer to it by id",
            ))
        }
        _ => {
            return Err(ConfigError::invalid(
                join(path, "component"),
                "missing component id",
            ))
        }
    };
    Ok(HttpTrigger { route, component })
}

fn parse_components(
    root: &Table,
    dir: &Path,
) -> Result<BTreeMap<String, ComponentDecl>, ConfigError> {
    let mut out = BTreeMap::new();
    let Some(components) = opt_table(root, "", "component")? else {
        return Ok(out);
    };
    for (id, value) in components {
        let path = join("component", id);
        let Value::Table(t) = value else {
            return Err(ConfigError::invalid(path, "expected a table"));
        };
        out.insert(id.clone(), parse_component(t, &path, dir)?);
    }
    Ok(out)
}

fn parse_component(t: &Table, path: &str, dir: &Path) -> Result<ComponentDecl, ConfigError> {
    only_keys(t, path, COMPONENT_KEYS)?;
    let source = match t.get("source") {
        Some(Value::String(s)) => dir.join(s),
        Some(Value::Table(_)) => {
            return Err(ConfigError::invalid(
                join(path, "source"),
                "only a local file path is supported by this host",
            ))
        }
        _ => {
            return Err(ConfigError::invalid(
                join(path, "source"),
                "missing wasm file path",
            ))
        }
    };
    Ok(ComponentDecl {
        source,
        files: parse_files(t, path, dir)?,
        exclude_files: str_list(t, path, "exclude_files")?,
        key_value_stores: str_list(t, path, "key_value_stores")?,
        sqlite_databases: str_list(t, path, "sqlite_databases")?,
        allowed_outbound_hosts: str_list(t, path, "allowed_outbound_hosts")?,
        environment: str_map(t, path, "environment")?,
        variables: parse_component_variables(t, path)?,
    })
}

fn parse_component_variables(t: &Table, path: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let vars = str_map(t, path, "variables")?;
    for (name, _) in &vars {
        if !is_variable_name(name) {
            return Err(ConfigError::invalid(
                join(&join(path, "variables"), name),
                "variable names use lowercase letters, digits and '_', starting with a letter",
            ));
        }
    }
    Ok(vars)
}

fn parse_files(t: &Table, path: &str, dir: &Path) -> Result<Vec<FileMount>, ConfigError> {
    let Some(value) = t.get("files") else {
        return Ok(Vec::new());
    };
    let field = join(path, "files");
    let Value::Array(items) = value else {
        return Err(ConfigError::invalid(field, "expected a list"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok(FileMount::Pattern(s.clone())),
            Value::Table(m) => {
                only_keys(m, &field, &["source", "destination"])?;
                let destination = req_str(m, &field, "destination")?;
                if !destination.starts_with('/') {
                    return Err(ConfigError::invalid(
                        join(&field, "destination"),
                        "must be an absolute path",
                    ));
                }
                Ok(FileMount::Mapping {
                    source: dir.join(req_str(m, &field, "source")?),
                    destination,
                })
            }
            _ => Err(ConfigError::invalid(
                &field,
                "expected a glob or { source, destination }",
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests;
