//! Message templates in the document (`notify`, docs/api/notifications-messages.md § Staff:
//! `notifier`), merged into [`super::document`], with the limits of their fields
//! ([`apply_limits`]: a message's title, text, link and channels, and the name).
#![allow(dead_code)]

use crate::api::notify_templates::{Template, TemplateInput, TemplatePatch, Templates};
use crate::api::Problem;
use crate::validate::limits::{
    MESSAGE_CHANNELS_MAX, MESSAGE_TEXT_MAX, MESSAGE_TITLE_MAX, TEMPLATE_NAME_MAX, URL_MAX,
};
use crate::validate::schema;
use serde_json::{json, Value};
use utoipa::OpenApi;

/// The templates' operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        list_templates,
        create_template,
        get_template,
        update_template,
        delete_template
    ),
    components(schemas(Template, TemplateInput, TemplatePatch, Templates))
)]
pub struct NotifyTemplatesDoc;

/// Every template.
#[utoipa::path(
    get,
    path = "/api/notify/templates",
    tag = "notify",
    operation_id = "notify_list_templates",
    description = "`notifier`'s message templates, by name.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses((status = 200, description = "The templates", body = Templates))
)]
fn list_templates() {}

/// Keep a template.
#[utoipa::path(
    post,
    path = "/api/notify/templates",
    tag = "notify",
    operation_id = "notify_create_template",
    description = "A template to compose messages from. The title and text follow a message's rules: the placeholders `((first_name))`, `((last_name))` and `((district))` only (another is field code `unknown_placeholder` with `params.name`). The name is unique whatever its case. Audited (`template.created`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = TemplateInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The template", body = Template),
        (status = 409, description = "`conflict` rule `name_taken`: another template has this name (whatever the case)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` naming every refused field (e.g. `unknown_placeholder`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_template() {}

/// One template.
#[utoipa::path(
    get,
    path = "/api/notify/templates/{id}",
    tag = "notify",
    operation_id = "notify_get_template",
    description = "One message template.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Template id")),
    responses(
        (status = 200, description = "The template", body = Template),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_template() {}

/// Change a template.
#[utoipa::path(
    patch,
    path = "/api/notify/templates/{id}",
    tag = "notify",
    operation_id = "notify_update_template",
    description = "Changes the fields given; `link: null` clears the link. The result is checked whole, as a new template. Audited (`template.updated`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Template id")),
    request_body(content = TemplatePatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The template", body = Template),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `name_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` naming every refused field", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_template() {}

/// Delete a template.
#[utoipa::path(
    delete,
    path = "/api/notify/templates/{id}",
    tag = "notify",
    operation_id = "notify_delete_template",
    description = "Deletes the template; messages written from it keep their own title and text. Audited (`template.deleted`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Template id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
    )
)]
fn delete_template() {}

fn set(doc: &mut Value, pointer: &str, entries: &[(&str, Value)]) {
    if let Some(prop) = doc.pointer_mut(pointer).and_then(Value::as_object_mut) {
        for (k, v) in entries {
            prop.insert((*k).into(), v.clone());
        }
    }
}

/// Writes the server's limits into both bodies (a patch's fields, when given, obey the same).
pub fn apply_limits(doc: &mut Value) {
    for body in ["TemplateInput", "TemplatePatch"] {
        let props = format!("/components/schemas/{body}/properties");
        let texts = [
            ("name", schema::text(TEMPLATE_NAME_MAX), TEMPLATE_NAME_MAX),
            ("title", schema::text(MESSAGE_TITLE_MAX), MESSAGE_TITLE_MAX),
            (
                "text",
                schema::long_text(MESSAGE_TEXT_MAX),
                MESSAGE_TEXT_MAX,
            ),
        ];
        for (field, pattern, max) in texts {
            set(
                doc,
                &format!("{props}/{field}"),
                &[
                    ("pattern", json!(pattern)),
                    ("x-max-chars", json!(max)),
                    ("minLength", json!(1)),
                ],
            );
        }
        set(
            doc,
            &format!("{props}/link"),
            &[
                ("pattern", json!(schema::https_url())),
                ("x-max-chars", json!(URL_MAX)),
            ],
        );
        set(
            doc,
            &format!("{props}/channels"),
            &[
                ("minItems", json!(1)),
                ("maxItems", json!(MESSAGE_CHANNELS_MAX)),
                ("uniqueItems", json!(true)),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::document_json;

    #[test]
    fn the_document_has_the_templates_with_their_limits() {
        let doc = document_json();
        let create = &doc["paths"]["/api/notify/templates"]["post"];
        for status in ["201", "409", "422"] {
            assert!(create["responses"][status].is_object(), "{status}");
        }
        let one = &doc["paths"]["/api/notify/templates/{id}"];
        for (method, status) in [("get", "200"), ("patch", "200"), ("delete", "204")] {
            assert!(one[method]["responses"][status].is_object(), "{method}");
            assert!(one[method]["responses"]["404"].is_object(), "{method}");
        }
        for body in ["TemplateInput", "TemplatePatch"] {
            let props = &doc["components"]["schemas"][body]["properties"];
            assert_eq!(props["name"]["x-max-chars"], TEMPLATE_NAME_MAX, "{body}");
            assert_eq!(
                props["name"]["pattern"],
                schema::text(TEMPLATE_NAME_MAX),
                "{body}"
            );
            assert_eq!(props["text"]["x-max-chars"], MESSAGE_TEXT_MAX, "{body}");
            assert_eq!(
                props["channels"]["maxItems"], MESSAGE_CHANNELS_MAX,
                "{body}"
            );
            assert_eq!(props["link"]["pattern"], schema::https_url(), "{body}");
        }
        let input = &doc["components"]["schemas"]["TemplateInput"];
        let required: Vec<&str> = input["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for field in ["name", "title", "text", "category", "channels"] {
            assert!(required.contains(&field), "{field}");
        }
        assert!(!required.contains(&"link"));
        let patch = &doc["components"]["schemas"]["TemplatePatch"];
        assert!(patch["required"].as_array().is_none_or(Vec::is_empty));
    }
}
