//! `/admin/maintenance` (Przerwy techniczne): the maintenance windows; the administrator
//! schedules one (Polish time, inside the night window) and calls one off; support sees them.

use std::collections::BTreeMap;

use ratusz_domain::accounts::local_time;
use ratusz_domain::api::maintenance::{MaintenanceWindowInput, MaintenanceWindows, WindowState};
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::maintenance as api;
use crate::auth::ADMIN_ONLY;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::i18n::maintenance::{texts as maintenance_texts, MaintenanceTexts};
use crate::i18n::{use_lang, use_texts};
use crate::messages::{error_message, error_summary, field_errors, format_timestamp};
use crate::pages::admin::{use_has_role, Loaded};
use crate::pages::use_page_title;

fn state_name(state: WindowState, t: &MaintenanceTexts) -> &'static str {
    match state {
        WindowState::Scheduled => t.state_scheduled,
        WindowState::InProgress => t.state_in_progress,
        WindowState::Ended => t.state_ended,
        WindowState::Cancelled => t.state_cancelled,
    }
}

/// The maintenance page.
#[component]
pub fn MaintenancePage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = maintenance_texts(lang);
    use_page_title(t.title);
    let is_admin = use_has_role(ADMIN_ONLY);
    let reload = use_state(|| 0_u32);
    let windows = use_state(|| Loaded::<MaintenanceWindows>::Loading);
    let start = use_state(String::new);
    let end = use_state(String::new);
    let reason = use_state(String::new);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);

    {
        let windows = windows.clone();
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                windows.set(match api::list().await {
                    Ok(list) => Loaded::Ready(list),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }

    let onsubmit = {
        let (start, end, reason, errors, error, done, busy, reload) = (
            start.clone(),
            end.clone(),
            reason.clone(),
            errors.clone(),
            error.clone(),
            done.clone(),
            busy.clone(),
            reload.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            done.set(None);
            error.set(None);
            // The form speaks Polish time whatever the device's zone; an empty or broken
            // value is named at once, every field together.
            let mut missing = BTreeMap::new();
            let starts_at = local_time::from_input(&start);
            let ends_at = local_time::from_input(&end);
            if starts_at.is_none() {
                missing.insert("starts_at".to_owned(), t.bad_time.to_owned());
            }
            if ends_at.is_none() {
                missing.insert("ends_at".to_owned(), t.bad_time.to_owned());
            }
            let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) else {
                errors.set(missing);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            };
            errors.set(BTreeMap::new());
            busy.set(true);
            let body = MaintenanceWindowInput {
                starts_at,
                ends_at,
                reason: reason.trim().to_owned(),
            };
            let (reason, errors, error, done, busy, reload) = (
                reason.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
                reload.clone(),
            );
            spawn_local(async move {
                let result = api::schedule(&body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        reason.set(String::new());
                        done.set(Some(t.scheduled_done));
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };

    let cancel = {
        let (error, done, reload) = (error.clone(), done.clone(), reload.clone());
        Callback::from(move |id: String| {
            let (error, done, reload) = (error.clone(), done.clone(), reload.clone());
            spawn_local(async move {
                match api::cancel(&id).await {
                    Ok(_) => {
                        error.set(None);
                        done.set(Some(t.cancelled));
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(e) => error.set(Some(error_message(&e, texts))),
                }
            });
        })
    };

    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        (*done).map(AttrValue::Static)
    };
    let summary = error_summary(
        &errors,
        &[
            ("starts_at", t.field_start),
            ("ends_at", t.field_end),
            ("reason", t.field_reason),
        ],
    );
    html! {
        <>
            <h1>{ t.title }</h1>
            <p>{ t.intro }</p>
            { match &*windows {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(list) if list.items.is_empty() => html! { <p>{ t.none }</p> },
                Loaded::Ready(list) => html! {
                    <div class="table-wrap" role="region" tabindex="0" aria-label={t.title}>
                        <table class="data-table">
                            <caption>{ t.title }</caption>
                            <thead><tr>
                                <th scope="col">{ t.col_start }</th>
                                <th scope="col">{ t.col_end }</th>
                                <th scope="col">{ t.col_reason }</th>
                                <th scope="col">{ t.col_state }</th>
                                if is_admin { <th scope="col">{ t.col_action }</th> }
                            </tr></thead>
                            <tbody>
                                { for list.items.iter().map(|w| {
                                    let open = matches!(w.state, WindowState::Scheduled | WindowState::InProgress);
                                    let onclick = {
                                        let (cancel, id) = (cancel.clone(), w.id.clone());
                                        Callback::from(move |_| cancel.emit(id.clone()))
                                    };
                                    html! {
                                        <tr>
                                            <th scope="row">{ format_timestamp(w.starts_at, lang) }</th>
                                            <td>{ format_timestamp(w.ends_at, lang) }</td>
                                            <td>{ w.reason.clone() }</td>
                                            <td>{ state_name(w.state, t) }</td>
                                            if is_admin {
                                                <td>
                                                    if open {
                                                        <button type="button" class="button secondary" {onclick}>{ t.cancel }</button>
                                                    }
                                                </td>
                                            }
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
            } }
            if is_admin {
                <section aria-labelledby="schedule-maintenance-heading" class="panel">
                    <h2 id="schedule-maintenance-heading">{ t.form_heading }</h2>
                    <form class="form" {onsubmit} novalidate=true>
                        <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                        <Field id="maintenance_start" label={t.field_start} kind="datetime-local" required=true
                            hint={AttrValue::Static(t.time_hint)}
                            value={(*start).clone()} oninput={setter(&start)}
                            error={errors.get("starts_at").cloned().map(AttrValue::from)} />
                        <Field id="maintenance_end" label={t.field_end} kind="datetime-local" required=true
                            hint={AttrValue::Static(t.time_hint)}
                            value={(*end).clone()} oninput={setter(&end)}
                            error={errors.get("ends_at").cloned().map(AttrValue::from)} />
                        <Field id="maintenance_reason" label={t.field_reason} required=true
                            maxlength={limits::MAINTENANCE_REASON_MAX}
                            value={(*reason).clone()} oninput={setter(&reason)}
                            error={errors.get("reason").cloned().map(AttrValue::from)} />
                        <div class="button-row">
                            <button type="submit" class="button">{ t.submit }</button>
                        </div>
                    </form>
                </section>
            } else if let Some(message) = (*error).clone() {
                <p role="alert">{ message }</p>
            }
        </>
    }
}
