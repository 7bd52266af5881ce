//! Application variables: where their values come from and how component templates over
//! them are expanded.
//!
//! Providers, highest priority first: `--variable k=v`, the process environment
//! (`SPIN_VARIABLE_<NAME>`), the `.env` file next to the manifest (same `SPIN_VARIABLE_<NAME>`
//! keys, as Spin's dotenv provider reads them), then the declared `default`.

use crate::error::ConfigError;
use crate::manifest::VariableDecl;
use std::collections::BTreeMap;
use std::fmt;

/// A resolved value that remembers whether it is secret, so it is never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Value {
    /// The value.
    pub value: String,
    /// Declared `secret = true` (or derived from a secret variable).
    pub secret: bool,
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret {
            f.write_str("Value(<secret>)")
        } else {
            write!(f, "Value({:?})", self.value)
        }
    }
}

/// The raw values offered by each provider, keyed by variable name.
#[derive(Debug, Default, Clone)]
pub struct Providers {
    /// `--variable k=v` pairs.
    pub cli: BTreeMap<String, String>,
    /// The process environment (all of it; only `SPIN_VARIABLE_*` keys are consulted).
    pub env: BTreeMap<String, String>,
    /// Key-value pairs read from `.env`.
    pub dotenv: BTreeMap<String, String>,
}

/// The environment key Spin uses for a variable.
pub fn env_key(name: &str) -> String {
    format!("SPIN_VARIABLE_{}", name.to_ascii_uppercase())
}

/// Resolves every application variable, failing on the first required one without a value.
pub fn resolve(
    decls: &BTreeMap<String, VariableDecl>,
    providers: &Providers,
) -> Result<BTreeMap<String, Value>, ConfigError> {
    for name in providers.cli.keys() {
        if !decls.contains_key(name) {
            return Err(ConfigError::invalid(
                format!("--variable {name}"),
                "no such variable in [variables]",
            ));
        }
    }
    let mut out = BTreeMap::new();
    for (name, decl) in decls {
        let key = env_key(name);
        let value = providers
            .cli
            .get(name)
            .or_else(|| providers.env.get(&key))
            .or_else(|| providers.dotenv.get(&key))
            .or(decl.default.as_ref())
            .cloned()
            .ok_or_else(|| ConfigError::MissingVariable(name.clone()))?;
        out.insert(
            name.clone(),
            Value {
                value,
                secret: decl.secret,
            },
        );
    }
    Ok(out)
}

/// Expands `{{ name }}` references to application variables. The result is secret when any
/// referenced variable is.
pub fn expand(template: &str, vars: &BTreeMap<String, Value>) -> Result<Value, String> {
    let mut out = String::new();
    let mut secret = false;
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed '{{{{' in '{template}'"))?;
        let name = after[..end].trim();
        let value = vars
            .get(name)
            .ok_or_else(|| format!("'{name}' is not an application variable"))?;
        out.push_str(&value.value);
        secret |= value.secret;
        rest = &after[end + 2..];
    }
    if rest.contains("}}") {
        return Err(format!("unopened '}}}}' in '{template}'"));
    }
    out.push_str(rest);
    Ok(Value { value: out, secret })
}

/// Parses a `.env` file: `KEY=VALUE` lines, optional `export `, `#` comments, and single- or
/// double-quoted values.
pub fn parse_dotenv(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (key, value) = line.split_once('=')?;
            Some((key.trim().to_string(), unquote(value.trim())))
        })
        .collect()
}

fn unquote(value: &str) -> String {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return value[1..value.len() - 1].to_string();
        }
    }
    // Unquoted values may carry a trailing comment.
    match value.find(" #") {
        Some(i) => value[..i].trim_end().to_string(),
        None => value.to_string(),
    }
}

/// Parses one `--variable k=v` argument.
pub fn parse_cli_pair(arg: &str) -> Result<(String, String), String> {
    let (k, v) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE, got '{arg}'"))?;
    Ok((k.trim().to_string(), v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(default: Option<&str>, required: bool, secret: bool) -> VariableDecl {
        VariableDecl {
            default: default.map(str::to_string),
            required,
            secret,
        }
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn provider_priority() {
        let decls: BTreeMap<_, _> = [("a".to_string(), decl(Some("default"), false, false))].into();
        // (cli, env, dotenv, expected)
        let cases = [
            (Some("cli"), Some("env"), Some("dotenv"), "cli"),
            (None, Some("env"), Some("dotenv"), "env"),
            (None, None, Some("dotenv"), "dotenv"),
            (None, None, None, "default"),
        ];
        for (cli, env, dotenv, expected) in cases {
            let p = Providers {
                cli: cli.map(|v| map(&[("a", v)])).unwrap_or_default(),
                env: env
                    .map(|v| map(&[("SPIN_VARIABLE_A", v)]))
                    .unwrap_or_default(),
                dotenv: dotenv
                    .map(|v| map(&[("SPIN_VARIABLE_A", v)]))
                    .unwrap_or_default(),
            };
            assert_eq!(resolve(&decls, &p).unwrap()["a"].value, expected);
        }
    }

    #[test]
    fn missing_required_variable_is_named() {
        let decls: BTreeMap<_, _> =
            [("token_signing_key".to_string(), decl(None, true, true))].into();
        let err = resolve(&decls, &Providers::default())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "variable 'token_signing_key' is required but has no value"
        );
    }

    #[test]
    fn unknown_cli_variable_is_refused() {
        let p = Providers {
            cli: map(&[("nope", "1")]),
            ..Default::default()
        };
        assert!(resolve(&BTreeMap::new(), &p)
            .unwrap_err()
            .to_string()
            .contains("nope"));
    }

    #[test]
    fn templates_expand_and_propagate_secrecy() {
        let vars: BTreeMap<_, _> = [
            (
                "origin".to_string(),
                Value {
                    value: "http://gw".into(),
                    secret: false,
                },
            ),
            (
                "key".to_string(),
                Value {
                    value: "s3cret".into(),
                    secret: true,
                },
            ),
        ]
        .into();
        let cases = [
            ("{{ origin }}", "http://gw", false),
            ("{{origin}}/x", "http://gw/x", false),
            ("plain", "plain", false),
            ("Bearer {{ key }}", "Bearer s3cret", true),
        ];
        for (template, value, secret) in cases {
            let v = expand(template, &vars).unwrap();
            assert_eq!((v.value.as_str(), v.secret), (value, secret), "{template}");
        }
        assert!(expand("{{ nope }}", &vars).is_err());
        assert!(expand("{{ origin", &vars).is_err());
        assert_eq!(
            format!("{:?}", expand("{{ key }}", &vars).unwrap()),
            "Value(<secret>)"
        );
    }

    #[test]
    fn dotenv_parsing() {
        let text = "# comment\nSPIN_VARIABLE_A=1\nexport SPIN_VARIABLE_B=\"two words\"\nC='x' \nD=v # note\n\nbad line\n";
        let m = parse_dotenv(text);
        assert_eq!(m["SPIN_VARIABLE_A"], "1");
        assert_eq!(m["SPIN_VARIABLE_B"], "two words");
        assert_eq!(m["C"], "x");
        assert_eq!(m["D"], "v");
        assert_eq!(m.len(), 4);
    }
}
