//! `/admin/incidents/:id`: one incident with its timeline; change status, severity, owner,
//! the personal-data flag, and add a note (`PATCH /api/incidents/:id`).

use std::collections::BTreeMap;

use ratusz_domain::api::accounts::UserView;
use ratusz_domain::api::incidents::{IncidentDetail, IncidentStatus, UpdateIncident};
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::auth::{has_any, CONSOLE};
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Checkbox, Field, FormMessages, Select};
use crate::i18n::{incident_kind_name, incident_status_name, severity_name, use_lang, use_texts};
use crate::messages::{error_message, error_summary, field_errors, format_timestamp};
use crate::pages::admin::incidents::{from_wire, to_wire, SEVERITIES};
use crate::pages::admin::Loaded;
use crate::pages::use_page_title;

const STATUSES: [(IncidentStatus, &str); 3] = [
    (IncidentStatus::Open, "open"),
    (IncidentStatus::InProgress, "in_progress"),
    (IncidentStatus::Closed, "closed"),
];

/// The statuses an incident may move to from `current` (forward only), `current` first.
pub fn reachable_statuses(current: IncidentStatus) -> Vec<IncidentStatus> {
    match current {
        IncidentStatus::Open => vec![
            IncidentStatus::Open,
            IncidentStatus::InProgress,
            IncidentStatus::Closed,
        ],
        IncidentStatus::InProgress => vec![IncidentStatus::InProgress, IncidentStatus::Closed],
        IncidentStatus::Closed => vec![IncidentStatus::Closed],
    }
}

/// Props of [`IncidentDetailPage`].
#[derive(Properties, PartialEq)]
pub struct IncidentDetailPageProps {
    /// Incident id.
    pub id: String,
}

/// The incident page.
#[component]
pub fn IncidentDetailPage(props: &IncidentDetailPageProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    use_page_title(texts.incident_title);
    let reload = use_state(|| 0_u32);
    let incident = use_state(|| Loaded::<IncidentDetail>::Loading);
    let staff = use_state(Vec::<UserView>::new);
    // The account the incident concerns, by name (any account, not only staff).
    let concerned = use_state(|| None::<UserView>);

    {
        let (incident, concerned) = (incident.clone(), concerned.clone());
        use_effect_with((props.id.clone(), *reload), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                let loaded = api::incident(&id).await;
                let account = loaded
                    .as_ref()
                    .ok()
                    .and_then(|i| i.incident.account_id.clone());
                incident.set(match loaded {
                    Ok(i) => Loaded::Ready(i),
                    Err(e) => Loaded::Failed(e),
                });
                if let Some(account) = account {
                    concerned.set(api::user(&account).await.ok());
                }
            });
        });
    }
    {
        let staff = staff.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(page) = api::users("", None).await {
                    staff.set(
                        page.items
                            .into_iter()
                            .filter(|u| has_any(&u.roles, CONSOLE))
                            .collect(),
                    );
                }
            });
        });
    }
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
    };
    let person = |id: &str| {
        staff.iter().find(|u| u.id == id).map_or_else(
            || id.to_owned(),
            |u| format!("{} {}", u.first_name, u.last_name),
        )
    };

    let body = match &*incident {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(detail) => {
            let i = &detail.incident;
            html! {
                <>
                    <dl class="facts">
                        <dt>{ texts.field_incident_kind }</dt><dd>{ incident_kind_name(i.kind, texts) }</dd>
                        <dt>{ texts.field_severity }</dt><dd>{ severity_name(i.severity, texts) }</dd>
                        <dt>{ texts.col_state }</dt><dd>{ incident_status_name(i.status, texts) }</dd>
                        <dt>{ texts.field_owner }</dt>
                        <dd>{ i.owner_id.as_deref().map_or_else(|| texts.none_value.to_owned(), person) }</dd>
                        <dt>{ texts.reporter }</dt><dd>{ person(&i.reporter) }</dd>
                        <dt>{ texts.field_account_id }</dt>
                        <dd>{ match (&i.account_id, &*concerned) {
                            (Some(id), Some(u)) if &u.id == id => format!("{} {} ({})", u.first_name, u.last_name, u.email),
                            (Some(id), _) => id.clone(),
                            (None, _) => texts.none_value.to_owned(),
                        } }</dd>
                        <dt>{ texts.field_personal_data }</dt>
                        <dd>{ if i.personal_data { texts.yes } else { texts.no } }</dd>
                        if let Some(deadline) = i.report_deadline {
                            <dt>{ texts.report_deadline }</dt><dd>{ format_timestamp(deadline, lang) }</dd>
                        }
                        <dt>{ texts.created_at }</dt><dd>{ format_timestamp(i.created_at, lang) }</dd>
                    </dl>
                    if !detail.description.is_empty() {
                        <h2>{ texts.field_description }</h2>
                        <p class="prewrap">{ detail.description.clone() }</p>
                    }
                    <section aria-labelledby="timeline-heading">
                        <h2 id="timeline-heading">{ texts.timeline_heading }</h2>
                        if detail.timeline.is_empty() {
                            <p>{ texts.timeline_empty }</p>
                        } else {
                            <ol class="timeline">
                                { for detail.timeline.iter().map(|note| html! {
                                    <li>
                                        <p class="muted">{ format!("{} — {}", format_timestamp(note.at, lang), person(&note.author)) }</p>
                                        <p class="prewrap">{ note.text.clone() }</p>
                                    </li>
                                }) }
                            </ol>
                        }
                    </section>
                    <UpdateIncidentForm detail={detail.clone()} staff={(*staff).clone()} {on_saved} />
                </>
            }
        }
    };
    let heading = match &*incident {
        Loaded::Ready(d) => format!("{}: {}", texts.incident_title, d.incident.title),
        _ => texts.incident_title.to_owned(),
    };
    html! {
        <>
            <h1>{ heading }</h1>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UpdateIncidentFormProps {
    detail: IncidentDetail,
    staff: Vec<UserView>,
    on_saved: Callback<()>,
}

#[component]
fn UpdateIncidentForm(props: &UpdateIncidentFormProps) -> Html {
    let texts = use_texts();
    let i = &props.detail.incident;
    let status = use_state(|| to_wire(&STATUSES, i.status).to_owned());
    let severity = use_state(|| to_wire(&SEVERITIES, i.severity).to_owned());
    let owner = use_state(|| i.owner_id.clone().unwrap_or_default());
    let personal = use_state(|| i.personal_data);
    let note = use_state(String::new);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let onsubmit = {
        let (status, severity, owner, personal, note) = (
            status.clone(),
            severity.clone(),
            owner.clone(),
            personal.clone(),
            note.clone(),
        );
        let (errors, error, done, busy) =
            (errors.clone(), error.clone(), done.clone(), busy.clone());
        let (before, on_saved) = (props.detail.incident.clone(), props.on_saved.clone());
        on_submit(move || {
            if *busy {
                return;
            }
            let new_status = from_wire(&STATUSES, &status);
            let new_severity = from_wire(&SEVERITIES, &severity);
            let note_text = note.trim().to_owned();
            let body = UpdateIncident {
                status: new_status.filter(|s| *s != before.status),
                severity: new_severity.filter(|s| *s != before.severity),
                owner_id: (!owner.is_empty() && before.owner_id.as_deref() != Some(owner.as_str()))
                    .then(|| (*owner).clone()),
                personal_data: (*personal != before.personal_data).then_some(*personal),
                note: (!note_text.is_empty()).then_some(note_text),
            };
            if body == UpdateIncident::default() {
                error.set(Some(texts.nothing_changed.to_owned()));
                return;
            }
            busy.set(true);
            done.set(false);
            error.set(None);
            errors.set(BTreeMap::new());
            let (note, errors, error, done, busy, on_saved, id) = (
                note.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
                on_saved.clone(),
                before.id.clone(),
            );
            spawn_local(async move {
                let result = api::update_incident(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        note.set(String::new());
                        done.set(true);
                        on_saved.emit(());
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };
    let status_options: Vec<_> = reachable_statuses(i.status)
        .into_iter()
        .map(|s| {
            (
                AttrValue::Static(to_wire(&STATUSES, s)),
                AttrValue::Static(incident_status_name(s, texts)),
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
    let mut owner_options = vec![(AttrValue::Static(""), AttrValue::Static(texts.no_owner))];
    owner_options.extend(props.staff.iter().map(|u| {
        (
            AttrValue::from(u.id.clone()),
            AttrValue::from(format!("{} {}", u.first_name, u.last_name)),
        )
    }));
    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let summary = error_summary(
        &errors,
        &[
            ("status", texts.col_state),
            ("severity", texts.field_severity),
            ("owner_id", texts.field_owner),
            ("personal_data", texts.field_personal_data),
            ("note", texts.field_note),
        ],
    );
    let status_message = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.saved))
    };
    html! {
        <section aria-labelledby="update-incident-heading" class="panel">
            <h2 id="update-incident-heading">{ texts.update_incident_heading }</h2>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                    status={status_message} />
                <Select id="incident_status" label={texts.col_state} value={(*status).clone()}
                    options={status_options} onchange={setter(&status)} error={field_error("status")} />
                <Select id="incident_severity" label={texts.field_severity} value={(*severity).clone()}
                    options={severity_options} onchange={setter(&severity)}
                    error={field_error("severity")} />
                <Select id="incident_owner" label={texts.field_owner} value={(*owner).clone()}
                    options={owner_options} onchange={setter(&owner)} error={field_error("owner_id")} />
                <Checkbox id="incident_personal" label={texts.field_personal_data}
                    checked={*personal}
                    onchange={{ let personal = personal.clone(); Callback::from(move |c| personal.set(c)) }} />
                <Field id="incident_note" label={texts.field_note} multiline=true
                    maxlength={limits::INCIDENT_TEXT_MAX}
                    value={(*note).clone()} oninput={setter(&note)} error={field_error("note")} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.save_changes }</button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_only_moves_forward() {
        assert_eq!(reachable_statuses(IncidentStatus::Open).len(), 3);
        assert_eq!(
            reachable_statuses(IncidentStatus::InProgress),
            vec![IncidentStatus::InProgress, IncidentStatus::Closed]
        );
        assert_eq!(
            reachable_statuses(IncidentStatus::Closed),
            vec![IncidentStatus::Closed]
        );
    }
}
