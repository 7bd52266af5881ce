//! `--schedule "INTERVAL [COMPONENT] PATH"`: periodic `POST PATH` calls made by the host
//! straight to a component (typically a private one, which has no public route).

use crate::duration;
use crate::manifest::{Manifest, Route};
use std::time::Duration;

/// A parsed `--schedule` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleSpec {
    /// Time between calls.
    pub interval: Duration,
    /// Target component, if named.
    pub component: Option<String>,
    /// Request path (with optional query).
    pub path: String,
}

/// A schedule bound to a component id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Time between calls.
    pub interval: Duration,
    /// Target component.
    pub component: String,
    /// Request path.
    pub path: String,
}

/// Parses `"30s /internal/tick"` or `"30s auth-tick /internal/tick"`.
pub fn parse(text: &str) -> Result<ScheduleSpec, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let (interval, component, path) = match parts.as_slice() {
        [i, p] => (i, None, p),
        [i, c, p] => (i, Some(c.to_string()), p),
        _ => {
            return Err(format!(
                "expected \"INTERVAL [COMPONENT] PATH\", got '{text}'"
            ))
        }
    };
    if !path.starts_with('/') {
        return Err(format!("schedule path '{path}' must start with '/'"));
    }
    Ok(ScheduleSpec {
        interval: duration::parse(interval)?,
        component,
        path: path.to_string(),
    })
}

/// Binds a spec to a component: the named one, else the app's single private component.
pub fn bind(spec: &ScheduleSpec, manifest: &Manifest) -> Result<Schedule, String> {
    let component = match &spec.component {
        Some(c) if manifest.components.contains_key(c) => c.clone(),
        Some(c) => return Err(format!("schedule names unknown component '{c}'")),
        None => {
            let mut private: Vec<&str> = manifest
                .triggers
                .iter()
                .filter(|t| t.route == Route::Private)
                .map(|t| t.component.as_str())
                .collect();
            private.dedup();
            match private.as_slice() {
                [one] => one.to_string(),
                [] => {
                    return Err(
                        "schedule names no component and the app has no private route".into(),
                    )
                }
                _ => {
                    return Err(format!(
                        "schedule names no component and the app has several private ones: {}",
                        private.join(", ")
                    ))
                }
            }
        }
    };
    Ok(Schedule {
        interval: spec.interval,
        component,
        path: spec.path.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn manifest(private: &[&str]) -> Manifest {
        let mut text = String::from("spin_manifest_version = 2\n[application]\nname = \"a\"\n");
        for id in ["pub", "tick", "tock"] {
            text.push_str(&format!("[component.{id}]\nsource = \"x.wasm\"\n"));
        }
        text.push_str("[[trigger.http]]\nroute = \"/...\"\ncomponent = \"pub\"\n");
        for id in private {
            text.push_str(&format!(
                "[[trigger.http]]\nroute = {{ private = true }}\ncomponent = \"{id}\"\n"
            ));
        }
        crate::manifest::parse(&text, Path::new("/")).unwrap()
    }

    #[test]
    fn parsing() {
        let s = parse("30s /internal/tick").unwrap();
        assert_eq!(
            (s.interval, s.component, s.path.as_str()),
            (Duration::from_secs(30), None, "/internal/tick")
        );
        let s = parse("500ms tick /x?y=1").unwrap();
        assert_eq!(s.component.as_deref(), Some("tick"));
        for bad in ["30s", "/x", "30s a b c", "30s tick", "soon /x"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn binding() {
        let spec = parse("1s /t").unwrap();
        assert_eq!(bind(&spec, &manifest(&["tick"])).unwrap().component, "tick");
        assert!(bind(&spec, &manifest(&[])).is_err());
        assert!(bind(&spec, &manifest(&["tick", "tock"]))
            .unwrap_err()
            .contains("several"));
        let named = parse("1s tock /t").unwrap();
        assert_eq!(
            bind(&named, &manifest(&["tick", "tock"]))
                .unwrap()
                .component,
            "tock"
        );
        assert!(bind(&parse("1s nope /t").unwrap(), &manifest(&[])).is_err());
    }
}
