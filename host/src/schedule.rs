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

/// Binds a spec to components: the named one, else every private component of the app (one
/// schedule each, in manifest order). Fanning out keeps the unnamed form working when an app
/// gives several components their own private tick: on Spin each would be driven by its own
/// cron entry, so the host drives them all rather than guessing one.
pub fn bind(spec: &ScheduleSpec, manifest: &Manifest) -> Result<Vec<Schedule>, String> {
    let components = match &spec.component {
        Some(c) if manifest.components.contains_key(c) => vec![c.clone()],
        Some(c) => return Err(format!("schedule names unknown component '{c}'")),
        None => private_components(manifest),
    };
    if components.is_empty() {
        return Err("schedule names no component and the app has no private route".into());
    }
    Ok(components
        .into_iter()
        .map(|component| Schedule {
            interval: spec.interval,
            component,
            path: spec.path.clone(),
        })
        .collect())
}

/// The components with a private route, each once, in the manifest's order.
fn private_components(manifest: &Manifest) -> Vec<String> {
    let mut private: Vec<String> = Vec::new();
    for trigger in manifest
        .triggers
        .iter()
        .filter(|t| t.route == Route::Private)
    {
        if !private.contains(&trigger.component) {
            private.push(trigger.component.clone());
        }
    }
    private
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

    fn components(schedules: Vec<Schedule>) -> Vec<String> {
        schedules.into_iter().map(|s| s.component).collect()
    }

    #[test]
    fn unnamed_binds_the_single_private_component() {
        let spec = parse("1s /t").unwrap();
        let bound = bind(&spec, &manifest(&["tick"])).unwrap();
        assert_eq!(
            bound,
            vec![Schedule {
                interval: Duration::from_secs(1),
                component: "tick".into(),
                path: "/t".into()
            }]
        );
    }

    #[test]
    fn unnamed_fans_out_to_every_private_component_once() {
        let spec = parse("2s /internal/tick").unwrap();
        let bound = bind(&spec, &manifest(&["tock", "tick", "tock"])).unwrap();
        assert_eq!(components(bound.clone()), vec!["tock", "tick"]);
        assert!(bound
            .iter()
            .all(|s| s.interval == Duration::from_secs(2) && s.path == "/internal/tick"));
    }

    #[test]
    fn unnamed_without_a_private_route_is_refused() {
        let err = bind(&parse("1s /t").unwrap(), &manifest(&[])).unwrap_err();
        assert!(err.contains("no private route"), "{err}");
    }

    #[test]
    fn named_binds_only_that_component() {
        let named = parse("1s tock /t").unwrap();
        assert_eq!(
            components(bind(&named, &manifest(&["tick", "tock"])).unwrap()),
            vec!["tock"]
        );
        // A named component need not have a private route (a public one can be driven too).
        assert_eq!(
            components(bind(&parse("1s pub /t").unwrap(), &manifest(&[])).unwrap()),
            vec!["pub"]
        );
        assert!(bind(&parse("1s nope /t").unwrap(), &manifest(&[]))
            .unwrap_err()
            .contains("unknown component"));
    }
}
