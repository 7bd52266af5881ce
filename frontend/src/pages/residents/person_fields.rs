//! The personal fields of a registration and of a correction, with `maxlength`s from the
//! domain's limits and each refusal under its control (keyed by the API's field names).

use ratusz_domain::api::notify::District;
use ratusz_domain::validate::limits;
use yew::prelude::*;

use super::draft::Draft;
use super::{error_of, use_resident_texts, Errors};
use crate::components::form::{Field, Select};
use crate::i18n::ResidentTexts;

/// The API field names of [`PersonFields`] with their labels, in the form's order, for a
/// form's summary of refusals (a form adds its own fields after these).
pub fn person_field_labels(r: &ResidentTexts) -> Vec<(&'static str, &'static str)> {
    vec![
        ("first_name", r.field_first_name),
        ("last_name", r.field_last_name),
        ("birth_date", r.field_birth_date),
        ("sex", r.field_sex),
        ("address.street", r.field_street),
        ("address.number", r.field_number),
        ("address.postal_code", r.field_postal_code),
        ("address.district_id", r.field_district),
        ("email", r.field_email),
        ("phone", r.field_phone),
        ("ade_address", r.field_ade),
        ("channels", r.field_channels),
    ]
}

/// Props of [`PersonFields`].
#[derive(Properties, PartialEq)]
pub struct PersonFieldsProps {
    /// What the form holds now.
    pub draft: Draft,
    /// Called with the whole draft after each change.
    pub on_change: Callback<Draft>,
    /// Refusals by API field name.
    pub errors: Errors,
    /// The districts offered.
    pub districts: Vec<District>,
    /// Prefix of the control ids (two forms on one page stay apart).
    pub id_prefix: AttrValue,
}

/// Name, birth date, sex, address and contacts.
#[component]
pub fn PersonFields(props: &PersonFieldsProps) -> Html {
    let r = use_resident_texts();
    let set = |apply: fn(&mut Draft, String)| {
        let (draft, on_change) = (props.draft.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            let mut next = draft.clone();
            apply(&mut next, value);
            on_change.emit(next);
        })
    };
    let id = |name: &str| AttrValue::from(format!("{}_{name}", props.id_prefix));
    let d = &props.draft;
    let e = &props.errors;
    let sexes = vec![
        (AttrValue::Static(""), AttrValue::Static(r.sex_unstated)),
        (AttrValue::Static("female"), AttrValue::Static(r.sex_female)),
        (AttrValue::Static("male"), AttrValue::Static(r.sex_male)),
    ];
    let districts = std::iter::once((AttrValue::Static(""), AttrValue::Static(r.choose_district)))
        .chain(props.districts.iter().map(|district| {
            (
                AttrValue::from(district.id.clone()),
                AttrValue::from(district.name.clone()),
            )
        }))
        .collect::<Vec<_>>();
    html! {
        <>
            <fieldset class="fieldset">
                <legend>{ r.personal_heading }</legend>
                <Field id={id("first_name")} label={r.field_first_name} required=true
                    autocomplete="given-name" maxlength={limits::PERSON_NAME_MAX}
                    value={d.first_name.clone()} oninput={set(|d, v| d.first_name = v)}
                    error={error_of(e, "first_name")} />
                <Field id={id("last_name")} label={r.field_last_name} required=true
                    autocomplete="family-name" maxlength={limits::PERSON_NAME_MAX}
                    value={d.last_name.clone()} oninput={set(|d, v| d.last_name = v)}
                    error={error_of(e, "last_name")} />
                <Field id={id("birth_date")} label={r.field_birth_date} required=true kind="date"
                    autocomplete="bday" value={d.birth_date.clone()}
                    oninput={set(|d, v| d.birth_date = v)} error={error_of(e, "birth_date")} />
                <Select id={id("sex")} label={r.field_sex} value={d.sex.clone()} options={sexes}
                    onchange={set(|d, v| d.sex = v)} error={error_of(e, "sex")} />
            </fieldset>
            <fieldset class="fieldset">
                <legend>{ r.address_heading }</legend>
                <Field id={id("street")} label={r.field_street} required=true
                    autocomplete="address-line1" maxlength={limits::STREET_MAX}
                    value={d.street.clone()} oninput={set(|d, v| d.street = v)}
                    error={error_of(e, "address.street")} />
                <Field id={id("number")} label={r.field_number} required=true
                    autocomplete="address-line2" maxlength={limits::HOUSE_NUMBER_MAX}
                    value={d.number.clone()} oninput={set(|d, v| d.number = v)}
                    error={error_of(e, "address.number")} />
                <Field id={id("postal_code")} label={r.field_postal_code} required=true
                    autocomplete="postal-code" inputmode="numeric" hint={r.postal_code_hint}
                    maxlength={limits::POSTAL_CODE_LEN} value={d.postal_code.clone()}
                    oninput={set(|d, v| d.postal_code = v)}
                    error={error_of(e, "address.postal_code")} />
                <Select id={id("district")} label={r.field_district} required=true
                    value={d.district_id.clone()} options={districts}
                    onchange={set(|d, v| d.district_id = v)}
                    error={error_of(e, "address.district_id")} />
            </fieldset>
            <fieldset class="fieldset">
                <legend>{ r.contact_heading }</legend>
                <p class="hint">{ r.contact_hint }</p>
                <Field id={id("email")} label={r.field_email} kind="email" autocomplete="email"
                    maxlength={limits::EMAIL_MAX} value={d.email.clone()}
                    oninput={set(|d, v| d.email = v)} error={error_of(e, "email")} />
                <Field id={id("phone")} label={r.field_phone} kind="tel" autocomplete="tel"
                    hint={r.phone_hint} maxlength={limits::PHONE_MAX} value={d.phone.clone()}
                    oninput={set(|d, v| d.phone = v)} error={error_of(e, "phone")} />
                <Field id={id("ade_address")} label={r.field_ade} hint={r.ade_hint}
                    maxlength={limits::ADE_ADDRESS_LEN} value={d.ade_address.clone()}
                    oninput={set(|d, v| d.ade_address = v)} error={error_of(e, "ade_address")} />
            </fieldset>
        </>
    }
}
