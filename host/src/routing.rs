//! The public router, mirroring Spin 3.6: exact routes beat wildcard routes, the longest
//! wildcard prefix wins, `/...` also matches `/`, a trailing slash on the request path is
//! ignored for matching, `:name` segments capture, and a duplicated route keeps the last entry.

use crate::error::ConfigError;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone)]
struct Route {
    component: String,
    /// The route as written in the manifest.
    raw: String,
    /// Base and route joined, one trailing slash removed (Spin reports `/` as empty).
    based: String,
    segments: Vec<Segment>,
    wildcard: bool,
}

/// A route that was declared twice; only the later declaration is reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateRoute {
    /// The duplicated route.
    pub route: String,
    /// The component that lost the route.
    pub replaced: String,
    /// The component that handles it.
    pub effective: String,
}

/// Maps request paths to components.
#[derive(Debug, Clone, Default)]
pub struct Router {
    routes: Vec<Route>,
}

/// The outcome of routing one request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMatch<'r> {
    /// The component to invoke.
    pub component: &'r str,
    /// `spin-matched-route`: the route with the base applied.
    pub based_route: &'r str,
    /// `spin-raw-component-route`: the route as written.
    pub raw_route: &'r str,
    /// `spin-path-info`: the part after a wildcard prefix (empty for exact routes).
    pub path_info: String,
    /// `:name` captures in route order.
    pub params: Vec<(&'r str, String)>,
}

impl RouteMatch<'_> {
    /// `spin-component-route`: the raw route without a trailing `/...`.
    pub fn component_route(&self) -> &str {
        self.raw_route
            .strip_suffix("/...")
            .unwrap_or(self.raw_route)
    }
}

impl Router {
    /// Builds a router from `(route, component)` pairs in manifest order.
    pub fn build<'a>(
        base: &str,
        entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(Self, Vec<DuplicateRoute>), ConfigError> {
        let mut routes: Vec<Route> = Vec::new();
        let mut duplicates = Vec::new();
        for (raw, component) in entries {
            let route = parse_route(base, raw, component)?;
            match routes.iter_mut().find(|r| r.raw == raw) {
                Some(existing) => {
                    duplicates.push(DuplicateRoute {
                        route: raw.to_string(),
                        replaced: existing.component.clone(),
                        effective: component.to_string(),
                    });
                    *existing = route;
                }
                None => routes.push(route),
            }
        }
        Ok((Self { routes }, duplicates))
    }

    /// Finds the component for `path` (no query string), or `None` for a 404.
    pub fn route(&self, path: &str) -> Option<RouteMatch<'_>> {
        let trimmed = path.strip_suffix('/').unwrap_or(path);
        let request: Vec<&str> = match trimmed.strip_prefix('/') {
            Some("") => Vec::new(),
            Some(rest) => rest.split('/').collect(),
            None if trimmed.is_empty() => Vec::new(),
            None => trimmed.split('/').collect(),
        };
        self.routes
            .iter()
            .filter_map(|route| route.matches(&request).map(|params| (route, params)))
            .max_by_key(|(route, _)| route.rank())
            .map(|(route, params)| RouteMatch {
                component: &route.component,
                based_route: &route.based,
                raw_route: &route.raw,
                path_info: route.path_info(&request, path.ends_with('/')),
                params,
            })
    }
}

impl Route {
    fn matches(&self, request: &[&str]) -> Option<Vec<(&str, String)>> {
        let n = self.segments.len();
        if request.len() < n || (!self.wildcard && request.len() != n) {
            return None;
        }
        let mut params = Vec::new();
        for (segment, actual) in self.segments.iter().zip(request) {
            match segment {
                Segment::Literal(lit) if lit == actual => {}
                Segment::Param(name) if !actual.is_empty() => {
                    params.push((name.as_str(), (*actual).to_string()))
                }
                _ => return None,
            }
        }
        Some(params)
    }

    /// Higher is more specific: exact routes first, then more segments, then literals
    /// before parameters, segment by segment.
    fn rank(&self) -> (bool, usize, Vec<bool>) {
        let literals = self
            .segments
            .iter()
            .map(|s| matches!(s, Segment::Literal(_)))
            .collect();
        (!self.wildcard, self.segments.len(), literals)
    }

    fn path_info(&self, request: &[&str], trailing_slash: bool) -> String {
        if !self.wildcard {
            return String::new();
        }
        let rest = request[self.segments.len()..].join("/");
        // Spin keeps a trailing slash in the path info although its matcher ignores it.
        match (rest.is_empty(), trailing_slash) {
            (true, false) => String::new(),
            (true, true) => "/".into(),
            (false, false) => format!("/{rest}"),
            (false, true) => format!("/{rest}/"),
        }
    }
}

fn parse_route(base: &str, raw: &str, component: &str) -> Result<Route, ConfigError> {
    let absolute = if raw.starts_with('/') {
        raw.to_string()
    } else {
        format!("/{raw}")
    };
    let strip_one = |s: &str| s.strip_suffix('/').unwrap_or(s).to_string();
    let based = format!("{}{}", strip_one(base), strip_one(&absolute));
    let (prefix, wildcard) = match based
        .strip_suffix("/...")
        .or_else(|| based.strip_suffix("/*"))
    {
        Some(prefix) => (prefix.to_string(), true),
        None => (based.clone(), false),
    };
    let segments = prefix
        .split('/')
        .skip(1)
        .map(|s| match s.strip_prefix(':') {
            Some(name) if valid_param(name) => Ok(Segment::Param(name.to_string())),
            Some(_) => Err(ConfigError::invalid(
                format!("route '{raw}'"),
                "parameter names use letters, digits, '_' and '-'",
            )),
            None if s.contains("...") || s.contains('*') => Err(ConfigError::invalid(
                format!("route '{raw}'"),
                "a wildcard is only allowed as a trailing '/...'",
            )),
            None => Ok(Segment::Literal(s.to_string())),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Route {
        component: component.to_string(),
        raw: raw.to_string(),
        based,
        segments,
        wildcard,
    })
}

fn valid_param(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
#[path = "routing_tests.rs"]
mod tests;
