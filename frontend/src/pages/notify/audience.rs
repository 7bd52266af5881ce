//! The compose form's "to whom": everyone, a filter (age, sex, districts, street, postal
//! codes) or named recipients by id. Each kind shows only its own fields.

use ratusz_domain::api::notify::{District, Sex};
use ratusz_domain::validate::limits;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::draft::{AudienceKind, Draft};
use super::{sex_name, use_notify_texts};
use crate::components::form::{Field, Select};
use crate::pages::residents::{error_of, Errors};

/// Props of [`AudienceFields`].
#[derive(Properties, PartialEq)]
pub struct AudienceFieldsProps {
    /// The form as typed.
    pub draft: Draft,
    /// Called with the changed form.
    pub on_change: Callback<Draft>,
    /// Refusals by field.
    pub errors: Errors,
    /// The city's districts.
    pub districts: Vec<District>,
}

/// The audience fieldset.
#[component]
pub fn AudienceFields(props: &AudienceFieldsProps) -> Html {
    let t = use_notify_texts();
    let draft = &props.draft;
    let e = &props.errors;
    // A change of one text field of the draft.
    let text = |set: fn(&mut Draft, String)| {
        let (draft, on_change) = (draft.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            let mut next = draft.clone();
            set(&mut next, value);
            on_change.emit(next);
        })
    };
    let radio = |kind: AudienceKind, id: &'static str, label: &'static str| {
        let (draft, on_change) = (draft.clone(), props.on_change.clone());
        let onchange = Callback::from(move |ev: Event| {
            if ev.target_unchecked_into::<HtmlInputElement>().checked() {
                on_change.emit(Draft {
                    kind,
                    ..draft.clone()
                });
            }
        });
        html! {
            <div class="check">
                <input type="radio" {id} name="audience_kind" checked={props.draft.kind == kind} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let sexes = std::iter::once(("", t.sex_any))
        .chain(Sex::ALL.iter().map(|s| (s.as_str(), sex_name(*s, t))))
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect::<Vec<_>>();
    html! {
        <fieldset class="fieldset">
            <legend>{ t.audience_kind }</legend>
            { radio(AudienceKind::Everyone, "audience_everyone", t.kind_everyone) }
            { radio(AudienceKind::Filter, "audience_filter", t.kind_filter) }
            { radio(AudienceKind::Individuals, "audience_individuals", t.kind_individuals) }
            if draft.kind == AudienceKind::Filter {
                <p class="hint">{ t.filter_hint }</p>
                if let Some(message) = error_of(e, "audience") {
                    <p class="field-error">{ message }</p>
                }
                <Field id="audience_age_min" label={t.field_age_min} kind="number" inputmode="numeric"
                    value={draft.age_min.clone()} oninput={text(|d, v| d.age_min = v)}
                    error={error_of(e, "audience.age_min")} />
                <Field id="audience_age_max" label={t.field_age_max} kind="number" inputmode="numeric"
                    value={draft.age_max.clone()} oninput={text(|d, v| d.age_max = v)}
                    error={error_of(e, "audience.age_max")} />
                <Select id="audience_sex" label={t.field_sex} value={draft.sex.clone()} options={sexes}
                    onchange={text(|d, v| d.sex = v)} error={error_of(e, "audience.sex")} />
                <Districts draft={draft.clone()} on_change={props.on_change.clone()}
                    districts={props.districts.clone()} error={error_of(e, "audience.district_ids")} />
                <Field id="audience_street" label={t.field_street} hint={t.street_hint}
                    maxlength={limits::STREET_MAX} value={draft.street.clone()}
                    oninput={text(|d, v| d.street = v)} error={error_of(e, "audience.street")} />
                <Field id="audience_postal_codes" label={t.field_postal_codes} hint={t.postal_codes_hint}
                    value={draft.postal_codes.clone()} oninput={text(|d, v| d.postal_codes = v)}
                    error={error_of(e, "audience.postal_codes")} />
            }
            if draft.kind == AudienceKind::Individuals {
                <Field id="audience_recipient_ids" label={t.field_recipient_ids} multiline=true
                    hint={t.recipient_ids_hint} value={draft.recipient_ids.clone()}
                    oninput={text(|d, v| d.recipient_ids = v)}
                    error={error_of(e, "audience.recipient_ids")} />
            }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct DistrictsProps {
    draft: Draft,
    on_change: Callback<Draft>,
    districts: Vec<District>,
    error: Option<AttrValue>,
}

/// The districts as checkboxes (a filter takes any of them).
#[component]
fn Districts(props: &DistrictsProps) -> Html {
    let t = use_notify_texts();
    html! {
        <fieldset class="fieldset">
            <legend>{ t.field_districts }</legend>
            if let Some(message) = &props.error {
                <p class="field-error">{ message.clone() }</p>
            }
            if props.districts.is_empty() {
                <p>{ t.no_districts }</p>
            }
            { for props.districts.iter().map(|d| {
                let id = format!("audience_district_{}", d.id);
                let checked = props.draft.district_ids.contains(&d.id);
                let (draft, on_change, district) =
                    (props.draft.clone(), props.on_change.clone(), d.id.clone());
                let onchange = Callback::from(move |ev: Event| {
                    let on = ev.target_unchecked_into::<HtmlInputElement>().checked();
                    on_change.emit(draft.clone().with_district(&district, on));
                });
                html! {
                    <div class="check">
                        <input type="checkbox" id={id.clone()} {checked} {onchange} />
                        <label for={id}>{ d.name.clone() }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}
