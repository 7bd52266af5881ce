//! The OpenAPI 3.1 document of the API (`GET /api/openapi.json`), generated from the shared
//! types with utoipa.
//!
//! Adding an endpoint: add it to [`crate::endpoints`], describe it with a `#[utoipa::path]`
//! stub below and list the stub in [`ApiDoc`]. The test `every_public_endpoint_is_documented`
//! fails until all three agree.

use crate::api::{HealthCheck, HealthChecks, HealthReport, HealthStatus, Problem, TickReport};
use crate::audit::{AuditEntry, AuditVerification};
use crate::endpoints::{self, Exposure, HttpMethod};
use crate::id::Id;
use crate::time::Timestamp;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::OpenApi;

/// The generated description; use [`document`], which also applies the catalogue.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ratusz API",
        description = "Council sessions, account security and notifications for Polish municipalities. \
                       Errors are RFC 9457 problems (`application/problem+json`) with a stable `code`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    paths(health, openapi_json),
    components(schemas(
        HealthReport, HealthChecks, HealthCheck, HealthStatus, Problem, TickReport,
        AuditEntry, AuditVerification, Id, Timestamp
    )),
    tags((name = "system", description = "Health and self-description of the deployment"))
)]
pub struct ApiDoc;

/// Health of the deployment.
#[utoipa::path(
    get,
    path = "/api/health",
    tag = "system",
    operation_id = "health",
    responses(
        (status = 200, description = "Every dependency answered", body = HealthReport),
        (status = 503, description = "At least one dependency failed", body = HealthReport),
    )
)]
#[allow(dead_code)]
fn health() {}

/// The OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "system",
    operation_id = "openapi",
    responses(
        (status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn openapi_json() {}

/// The OpenAPI 3.1 document, with summaries from the endpoint catalogue.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for endpoint in endpoints::ALL
        .iter()
        .filter(|e| e.exposure == Exposure::Public)
    {
        let item = doc.paths.paths.get_mut(&endpoint.openapi_path());
        if let Some(op) = item.and_then(|item| operation_mut(item, endpoint.method)) {
            op.summary = Some(endpoint.summary.to_owned());
        }
    }
    doc
}

/// The operation of `item` for `method`, if documented.
pub fn operation_mut(item: &mut PathItem, method: HttpMethod) -> Option<&mut Operation> {
    match method {
        HttpMethod::Get => item.get.as_mut(),
        HttpMethod::Post => item.post.as_mut(),
        HttpMethod::Put => item.put.as_mut(),
        HttpMethod::Patch => item.patch.as_mut(),
        HttpMethod::Delete => item.delete.as_mut(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json() -> serde_json::Value {
        let text = document().to_json().unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    }

    #[test]
    fn document_is_openapi_3_1_and_lists_the_system_endpoints() {
        let doc = json();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/health"]["get"].is_object());
        assert!(doc["paths"]["/api/openapi.json"]["get"].is_object());
        assert!(doc["components"]["schemas"]["HealthReport"].is_object());
        assert!(doc["components"]["schemas"]["Problem"].is_object());
    }

    #[test]
    fn every_public_endpoint_is_documented_and_no_internal_one_is() {
        let doc = json();
        for e in endpoints::ALL {
            let method = e.method.as_str().to_ascii_lowercase();
            let op = &doc["paths"][e.openapi_path()][&method];
            match e.exposure {
                Exposure::Public => {
                    assert!(
                        op.is_object(),
                        "{} {} missing from OpenAPI",
                        e.method.as_str(),
                        e.path
                    );
                    assert_eq!(op["summary"], e.summary);
                }
                Exposure::Internal => assert!(op.is_null(), "{} is internal", e.path),
            }
        }
    }

    #[test]
    fn every_documented_operation_is_catalogued() {
        let doc = json();
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            for method in item
                .as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                let known = endpoints::ALL.iter().any(|e| {
                    e.openapi_path() == path && e.method.as_str().eq_ignore_ascii_case(&method)
                });
                assert!(
                    known,
                    "{method} {path} is documented but not in endpoints::ALL"
                );
            }
        }
    }
}
