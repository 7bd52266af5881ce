//! Step 3, `letter` route: recording who collected the printed letter (the holder, or a proxy
//! with form F-01) and the identity document shown — only its kind and last 4 characters.

use super::{four_eyes, holder, load, object, reload};
use crate::incident_log;
use crate::settings::Env;
use crate::store::resets;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::accounts::reset_policy::ResetStep;
use ratusz_domain::api::resets::{
    CollectedBy, HandoverRequest, HandoverView, ResetDelivery, ResetStatus,
};
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::{self, limits::PROXY_NAME_MAX, Checks, Invalid};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// Exactly the last characters of a document number, letters or digits, upper-cased.
fn last4(value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    if v.chars().count() == ratusz_domain::validate::limits::DOCUMENT_LAST4_LEN
        && v.chars().all(|c| c.is_ascii_alphanumeric())
    {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(Invalid::format("document_last4"))
    }
}

/// The handover to store, or 422 naming every bad field. Pure.
pub fn validated(
    body: &HandoverRequest,
    recorded_by: &str,
    at: Timestamp,
) -> Result<HandoverView, ApiError> {
    let mut checks = Checks::new();
    let proxy_name = match body.collected_by {
        // The holder needs no proxy: a name sent anyway is not kept.
        CollectedBy::Holder => Some(None),
        CollectedBy::Proxy => checks
            .check(
                "proxy_name",
                validate::text(body.proxy_name.as_deref().unwrap_or(""), PROXY_NAME_MAX),
            )
            .map(Some),
    };
    let document_last4 = checks.check("document_last4", last4(&body.document_last4));
    let (proxy_name, document_last4) = checks.finish_with(proxy_name.zip(document_last4))?;
    Ok(HandoverView {
        collected_by: body.collected_by,
        proxy_name,
        document_kind: body.document_kind,
        document_last4,
        recorded_by: recorded_by.to_owned(),
        at,
    })
}

/// `POST /api/password-resets/{id}/handover` (admin, support; not the approver nor the holder).
pub fn handover(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::RecordHandover)?;
    let body: HandoverRequest = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let view = validated(&body, &p.user_id, env.now)?;
    let reset = load(&env)?;
    four_eyes(
        &reset,
        &holder(&env, &reset)?,
        ResetStep::RecordHandover,
        &p,
    )?;
    env.db.transaction(|_| {
        let current = resets::by_id(&env.db, &reset.id)?.ok_or(ApiError::NotFound)?;
        let ready = current.delivery == ResetDelivery::Letter
            && current.status == ResetStatus::Approved
            && current.letter_printed_at.is_some();
        if !ready {
            return Err(ApiError::conflict(
                "conflict",
                "Only a printed letter that has not been handed over yet can be handed over.",
            )
            .with_param("rule", "not_awaiting_handover"));
        }
        resets::set_handover(&env.db, &reset.id, &view)?;
        let by = view.collected_by.as_str();
        env.audit(
            &p.user_id,
            "reset_handover",
            &object(&reset.id),
            serde_json::json!({"user": reset.user_id, "collected_by": by, "document_kind": view.document_kind}),
        )?;
        incident_log::note(
            &env,
            &reset.incident_id,
            &p.user_id,
            &format!("List wydany / letter handed over ({by})."),
        )
    })?;
    Ok(response::ok(&reload(&env, &reset.id)?.view()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::api::resets::DocumentKind;

    fn body(by: CollectedBy, proxy: Option<&str>, last4: &str) -> HandoverRequest {
        HandoverRequest {
            collected_by: by,
            proxy_name: proxy.map(str::to_owned),
            document_kind: DocumentKind::IdCard,
            document_last4: last4.to_owned(),
        }
    }

    fn fields(r: Result<HandoverView, ApiError>) -> Vec<String> {
        match r {
            Ok(_) => Vec::new(),
            Err(e) => e.to_problem().errors.into_keys().collect(),
        }
    }

    #[test]
    fn handover_validation_table() {
        let long = "x".repeat(201);
        let cases: [(CollectedBy, Option<&str>, &str, &[&str]); 9] = [
            (CollectedBy::Holder, None, "1234", &[]),
            (CollectedBy::Holder, Some("ignored"), "ab12", &[]),
            (CollectedBy::Proxy, Some("Jan Nowak"), "AB12", &[]),
            (CollectedBy::Proxy, None, "1234", &["proxy_name"]),
            (CollectedBy::Proxy, Some("  "), "1234", &["proxy_name"]),
            (CollectedBy::Proxy, Some(&long), "1234", &["proxy_name"]),
            (CollectedBy::Holder, None, "123", &["document_last4"]),
            (CollectedBy::Holder, None, "12-4", &["document_last4"]),
            (
                CollectedBy::Proxy,
                None,
                "12345",
                &["document_last4", "proxy_name"],
            ),
        ];
        for (by, proxy, last4, expected) in cases {
            assert_eq!(
                fields(validated(&body(by, proxy, last4), "s", Timestamp::EPOCH)),
                expected,
                "{by:?} {proxy:?} {last4}"
            );
        }
    }

    #[test]
    fn the_holder_keeps_no_proxy_name_and_last4_is_upper_case() {
        let v = validated(
            &body(CollectedBy::Holder, Some("x"), " ab12 "),
            "s",
            Timestamp::EPOCH,
        )
        .ok();
        assert_eq!(v.as_ref().and_then(|v| v.proxy_name.clone()), None);
        assert_eq!(v.map(|v| v.document_last4), Some("AB12".to_owned()));
    }
}
