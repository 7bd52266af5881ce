//! The endpoint catalogue: every HTTP operation the functions answer, in one list.
//!
//! Components route *these constants* (the platform router takes a `&'static Endpoint`), and a
//! test of the `openapi` module checks that every public entry is in the OpenAPI document — so
//! an endpoint cannot be served without being catalogued, nor catalogued without being documented.

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// Who can reach an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// Routed from the internet; documented in OpenAPI.
    Public,
    /// Reached only through a private route (the host's scheduler, service chaining).
    Internal,
}

/// One operation: method, path pattern and a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: HttpMethod,
    /// Path pattern, `:name` for a parameter segment (as in `spin.toml`).
    pub path: &'static str,
    /// One line for people (also the OpenAPI summary).
    pub summary: &'static str,
    /// Public or internal.
    pub exposure: Exposure,
}

impl Endpoint {
    /// The path in OpenAPI's template syntax (`/api/users/{id}`).
    pub fn openapi_path(&self) -> String {
        self.path
            .split('/')
            .map(|seg| match seg.strip_prefix(':') {
                Some(name) => format!("{{{name}}}"),
                None => seg.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// `GET /api/health`: can this deployment serve requests (KV and SQLite round trips)?
pub const HEALTH: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/health",
    summary: "Health of the deployment (key-value store and database round trips)",
    exposure: Exposure::Public,
};

/// `GET /api/openapi.json`: this API described as OpenAPI 3.1.
pub const OPENAPI: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/openapi.json",
    summary: "The OpenAPI 3.1 document of this API",
    exposure: Exposure::Public,
};

/// `POST /internal/tick`: periodic work (migrations now; outbox retries and expiries later).
pub const TICK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/internal/tick",
    summary: "Scheduled tick: runs periodic work",
    exposure: Exposure::Internal,
};

/// Every endpoint, public and internal.
pub const ALL: &[&Endpoint] = &[&HEALTH, &OPENAPI, &TICK];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_path_uses_braces_for_parameters() {
        let e = Endpoint {
            path: "/api/sessions/:id/polls/:pid",
            ..HEALTH
        };
        assert_eq!(e.openapi_path(), "/api/sessions/{id}/polls/{pid}");
        assert_eq!(HEALTH.openapi_path(), "/api/health");
    }

    #[test]
    fn catalogue_has_no_duplicates() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(
                    a.method != b.method || a.path != b.path,
                    "{} {} twice",
                    a.method.as_str(),
                    a.path
                );
            }
        }
    }
}
