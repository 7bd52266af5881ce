//! Quiet hours on "Moje dane": whether and when (Polish time) notifications wait, sent as a
//! `PATCH /api/notify/me` of `quiet_hours` alone (`null` when switched off). The server's rule
//! (two `HH:MM`, not equal) is said back through the page's messages like every refusal.

use ratusz_domain::api::notify::{QuietHours, Recipient, RecipientPatch};
use yew::prelude::*;

use super::me_actions::{run, ActionsProps};
use super::use_resident_texts;
use crate::api::notify;
use crate::components::form::{on_submit, setter, Checkbox, Field};
use crate::i18n::{use_texts, ResidentTexts};

/// "22:00–07:00", or "none".
pub fn quiet_hours_text(recipient: &Recipient, r: &ResidentTexts) -> String {
    match &recipient.quiet_hours {
        Some(q) => format!("{}–{}", q.start, q.end),
        None => r.quiet_none.to_owned(),
    }
}

/// The section: the hours now, and a form to change or switch them off.
#[component]
pub fn QuietHoursSection(props: &ActionsProps) -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let current = props.recipient.quiet_hours.clone();
    let on = use_state(|| current.is_some());
    let start = use_state(|| {
        current
            .as_ref()
            .map_or_else(|| "22:00".to_owned(), |q| q.start.clone())
    });
    let end = use_state(|| {
        current
            .as_ref()
            .map_or_else(|| "07:00".to_owned(), |q| q.end.clone())
    });
    let onsubmit = {
        let (on, start, end) = (on.clone(), start.clone(), end.clone());
        let on_outcome = props.on_outcome.clone();
        on_submit(move || {
            let hours = (*on).then(|| QuietHours {
                start: start.trim().to_owned(),
                end: end.trim().to_owned(),
            });
            let patch = RecipientPatch {
                quiet_hours: Some(hours),
                ..RecipientPatch::default()
            };
            let call = async move { notify::correct(&patch).await };
            run(call, r.quiet_saved, texts, on_outcome.clone());
        })
    };
    let toggle = {
        let on = on.clone();
        Callback::from(move |checked: bool| on.set(checked))
    };
    html! {
        <section aria-labelledby="quiet-heading">
            <h2 id="quiet-heading">{ r.quiet_heading }</h2>
            <p>{ r.quiet_intro }</p>
            <p>{ r.quiet_label }{ ": " }<strong>{ quiet_hours_text(&props.recipient, r) }</strong></p>
            <form class="form" {onsubmit} novalidate=true>
                <Checkbox id="quiet_enabled" label={r.quiet_enabled} checked={*on}
                    onchange={toggle} />
                if *on {
                    <Field id="quiet_start" label={r.quiet_start} kind="time"
                        value={(*start).clone()} oninput={setter(&start)} />
                    <Field id="quiet_end" label={r.quiet_end} kind="time"
                        value={(*end).clone()} oninput={setter(&end)} />
                }
                <div class="button-row">
                    <button type="submit" class="button">{ r.quiet_submit }</button>
                </div>
            </form>
        </section>
    }
}
