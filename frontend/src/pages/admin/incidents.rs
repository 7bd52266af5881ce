//! `/admin/incidents` (Rejestr incydentów): the register, a page at a time, and a form to
//! register an incident by hand.

use std::collections::BTreeMap;

use ratusz_domain::api::incidents::{CreateIncident, IncidentKind, IncidentView, Severity};
use ratusz_domain::api::Page;
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::account_picker::{AccountPicker, Offered, PickedAccount};
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Checkbox, Field, FormMessages, Select};
use crate::components::nav_link::NavLink;
use crate::i18n::{incident_kind_name, incident_status_name, severity_name, use_lang, use_texts};
use crate::messages::{error_message, error_summary, field_errors, format_timestamp};
use crate::pages::admin::Loaded;
use crate::pages::use_page_title;

/// Kinds with their wire names (for `<select>` values).
pub const KINDS: [(IncidentKind, &str); 5] = [
    (IncidentKind::PasswordLoss, "password_loss"),
    (IncidentKind::Lockout, "lockout"),
    (IncidentKind::ClaimBruteforce, "claim_bruteforce"),
    (IncidentKind::SuspiciousLogin, "suspicious_login"),
    (IncidentKind::Other, "other"),
];

/// Severities with their wire names.
pub const SEVERITIES: [(Severity, &str); 4] = [
    (Severity::Low, "low"),
    (Severity::Medium, "medium"),
    (Severity::High, "high"),
    (Severity::Critical, "critical"),
];

/// The value whose wire name is `wire`.
pub fn from_wire<T: Copy>(table: &[(T, &str)], wire: &str) -> Option<T> {
    table.iter().find(|(_, w)| *w == wire).map(|(v, _)| *v)
}

/// The wire name of `value`.
pub fn to_wire<T: Copy + PartialEq>(table: &[(T, &'static str)], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, w)| *w)
}

/// The incident register page.
#[component]
pub fn IncidentsPage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    use_page_title(texts.incidents_title);
    let reload = use_state(|| 0_u32);
    let list = use_state(|| Loaded::<Page<IncidentView>>::Loading);

    {
        let list = list.clone();
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                list.set(match api::incidents(None).await {
                    Ok(page) => Loaded::Ready(page),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_more = {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| {
            let Loaded::Ready(page) = (*list).clone() else {
                return;
            };
            let Some(cursor) = page.next_cursor.clone() else {
                return;
            };
            let list = list.clone();
            spawn_local(async move {
                if let Ok(next) = api::incidents(Some(&cursor)).await {
                    let mut page = page;
                    page.items.extend(next.items);
                    page.next_cursor = next.next_cursor;
                    list.set(Loaded::Ready(page));
                }
            });
        })
    };
    let on_created = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
    };

    html! {
        <>
            <h1>{ texts.incidents_title }</h1>
            { match &*list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(page) if page.items.is_empty() => html! { <p>{ texts.incidents_none }</p> },
                Loaded::Ready(page) => html! {
                    <>
                        <div class="table-wrap" role="region" tabindex="0" aria-label={texts.incidents_list_caption}>
                            <table class="data-table">
                                <caption>{ texts.incidents_list_caption }</caption>
                                <thead><tr>
                                    <th scope="col">{ texts.field_incident_title }</th>
                                    <th scope="col">{ texts.field_incident_kind }</th>
                                    <th scope="col">{ texts.field_severity }</th>
                                    <th scope="col">{ texts.col_state }</th>
                                    <th scope="col">{ texts.created_at }</th>
                                    <th scope="col">{ texts.report_deadline }</th>
                                </tr></thead>
                                <tbody>
                                    { for page.items.iter().map(|i| html! {
                                        <tr>
                                            <th scope="row">
                                                <NavLink to={Route::AdminIncident { id: i.id.clone() }}>{ i.title.clone() }</NavLink>
                                            </th>
                                            <td>{ incident_kind_name(i.kind, texts) }</td>
                                            <td>{ severity_name(i.severity, texts) }</td>
                                            <td>{ incident_status_name(i.status, texts) }</td>
                                            <td>{ format_timestamp(i.created_at, lang) }</td>
                                            <td>{ i.report_deadline.map_or_else(|| texts.none_value.to_owned(), |at| format_timestamp(at, lang)) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                        if page.next_cursor.is_some() {
                            <p><button type="button" class="button button-secondary" onclick={on_more}>
                                { texts.load_more }
                            </button></p>
                        }
                    </>
                },
            } }
            <CreateIncidentForm {on_created} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CreateIncidentFormProps {
    on_created: Callback<()>,
}

#[component]
fn CreateIncidentForm(props: &CreateIncidentFormProps) -> Html {
    let texts = use_texts();
    let kind = use_state(|| "other".to_owned());
    let severity = use_state(|| "medium".to_owned());
    let title = use_state(String::new);
    let description = use_state(String::new);
    let account = use_state(Vec::<PickedAccount>::new);
    let personal = use_state(|| false);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let onsubmit = {
        let (kind, severity, title, description, account, personal) = (
            kind.clone(),
            severity.clone(),
            title.clone(),
            description.clone(),
            account.clone(),
            personal.clone(),
        );
        let (errors, error, done, busy) =
            (errors.clone(), error.clone(), done.clone(), busy.clone());
        let on_created = props.on_created.clone();
        on_submit(move || {
            if *busy {
                return;
            }
            busy.set(true);
            done.set(false);
            error.set(None);
            errors.set(BTreeMap::new());
            let text = |s: &UseStateHandle<String>| {
                let t = s.trim().to_owned();
                (!t.is_empty()).then_some(t)
            };
            let body = CreateIncident {
                kind: from_wire(&KINDS, &kind).unwrap_or(IncidentKind::Other),
                severity: from_wire(&SEVERITIES, &severity),
                title: title.trim().to_owned(),
                description: text(&description),
                account_id: account.first().map(|a| a.id.clone()),
                personal_data: *personal,
            };
            let (title, description, account, errors, error, done, busy, on_created) = (
                title.clone(),
                description.clone(),
                account.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
                on_created.clone(),
            );
            spawn_local(async move {
                let result = api::create_incident(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        for field in [&title, &description] {
                            field.set(String::new());
                        }
                        account.set(Vec::new());
                        done.set(true);
                        on_created.emit(());
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };
    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let summary = error_summary(
        &errors,
        &[
            ("title", texts.field_incident_title),
            ("kind", texts.field_incident_kind),
            ("severity", texts.field_severity),
            ("description", texts.field_description),
            ("account_id", texts.field_account_id),
            ("personal_data", texts.field_personal_data),
        ],
    );
    let kind_options: Vec<_> = KINDS
        .iter()
        .map(|(k, w)| {
            (
                AttrValue::Static(w),
                AttrValue::Static(incident_kind_name(*k, texts)),
            )
        })
        .collect();
    let severity_options: Vec<_> = SEVERITIES
        .iter()
        .map(|(s, w)| {
            (
                AttrValue::Static(w),
                AttrValue::Static(severity_name(*s, texts)),
            )
        })
        .collect();
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.incident_created))
    };
    html! {
        <section aria-labelledby="create-incident-heading" class="panel">
            <h2 id="create-incident-heading">{ texts.create_incident_heading }</h2>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <Field id="incident_title" label={texts.field_incident_title} required=true
                    maxlength={limits::INCIDENT_TITLE_MAX} value={(*title).clone()} oninput={setter(&title)}
                    error={field_error("title")} />
                <Select id="incident_kind" label={texts.field_incident_kind} value={(*kind).clone()}
                    options={kind_options} onchange={setter(&kind)} error={field_error("kind")} />
                <Select id="incident_severity" label={texts.field_severity} value={(*severity).clone()}
                    options={severity_options} onchange={setter(&severity)}
                    error={field_error("severity")} />
                <Field id="incident_description" label={texts.field_description} multiline=true
                    maxlength={limits::INCIDENT_TEXT_MAX} value={(*description).clone()} oninput={setter(&description)}
                    error={field_error("description")} />
                <AccountPicker id="incident_account" legend={texts.field_account_id}
                    offered={Offered::Everyone} selected={(*account).clone()}
                    onchange={{ let account = account.clone(); Callback::from(move |picked| account.set(picked)) }}
                    error={field_error("account_id")} filter_label={texts.incident_account_filter}
                    none_found={texts.incident_accounts_none_found} no_access={texts.incident_accounts_no_access} />
                <Checkbox id="incident_personal" label={texts.field_personal_data}
                    checked={*personal}
                    onchange={{ let personal = personal.clone(); Callback::from(move |c| personal.set(c)) }} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.create_incident_submit }</button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_the_api() {
        for (kind, wire) in KINDS {
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::Value::from(wire))
            );
            assert_eq!(from_wire(&KINDS, wire), Some(kind));
        }
        for (severity, wire) in SEVERITIES {
            assert_eq!(
                serde_json::to_value(severity).ok(),
                Some(serde_json::Value::from(wire))
            );
            assert_eq!(to_wire(&SEVERITIES, severity), wire);
        }
        assert_eq!(from_wire(&KINDS, "nope"), None);
    }
}
