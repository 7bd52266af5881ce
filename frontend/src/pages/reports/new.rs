//! `/residents/reports/new` ("Zgłoś problem"): a bound resident's report — category,
//! description, an optional photo (checked and previewed before its upload) and an optional
//! place (this device's position, read only when the resident presses the button, or typed
//! coordinates). Each press sends with its own `Idempotency-Key`, so a press repeated by a
//! flaky network makes one report.

use ratusz_domain::api::notify_reports::{
    ReportCategory, ReportInput, ReportLocationInput, ReportPhotoType,
};
use ratusz_domain::notify::report::{check_report, PhotoRefusal};
use ratusz_domain::validate::limits::{REPORT_DESCRIPTION_MAX, REPORT_LOCATION_DESCRIPTION_MAX};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::photo::{device_position, has_geolocation, precheck, preview};
use super::{category_name, size_text, use_report_texts};
use crate::api::notify::{self as resident_api, INVALID_TOKEN};
use crate::api::notify_reports as api;
use crate::app::Route;
use crate::components::form::{on_submit, setter, Field, FormMessages, Select};
use crate::council::new_idempotency_key;
use crate::i18n::reports::ReportTexts;
use crate::i18n::{use_lang, use_texts, Lang};
use crate::messages::{error_message, error_summary, field_errors, refused_fields};
use crate::pages::use_page_title;

/// The chosen photo.
#[derive(Clone, PartialEq)]
enum Photo {
    None,
    Checking,
    /// Checked here; `uploaded` once the server took it (reused by a second press).
    Ready {
        file: web_sys::File,
        kind: ReportPhotoType,
        preview: Option<String>,
        uploaded: Option<String>,
    },
    Refused(&'static str),
}

/// The "Zgłoś problem" page.
#[component]
pub fn ReportNewPage() -> Html {
    let t = use_report_texts();
    use_page_title(t.new_title);
    let bound = use_state(|| None::<bool>);
    {
        let bound = bound.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { bound.set(Some(resident_api::is_bound().await)) });
        });
    }
    let body = match *bound {
        None => html! {},
        Some(false) => html! { <NotBound /> },
        Some(true) => html! { <ReportForm /> },
    };
    html! {
        <>
            <h1>{ t.new_title }</h1>
            { body }
        </>
    }
}

#[component]
fn NotBound() -> Html {
    let t = use_report_texts();
    html! {
        <>
            <p>{ t.not_bound }</p>
            <p><Link<Route> to={Route::ResidentMe}>{ t.go_to_my_data }</Link<Route>></p>
        </>
    }
}

/// Parses a typed coordinate: blank → none, else a number (comma or point).
fn coordinate(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim().replace(',', ".").replace('−', "-");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<f64>().map(Some).map_err(|_| ())
}

#[component]
fn ReportForm() -> Html {
    let t = use_report_texts();
    let texts = use_texts();
    let lang = use_lang();
    let category = use_state(|| ReportCategory::Roads.as_str().to_owned());
    let description = use_state(String::new);
    let lat = use_state(String::new);
    let lon = use_state(String::new);
    let place = use_state(String::new);
    let photo = use_state(|| Photo::None);
    let position_note = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let errors = use_state(Errors::new);
    let notice = use_state(|| None::<&'static str>);
    let input_key = use_state(|| 0_u32);

    let on_file = {
        let photo = photo.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                photo.set(Photo::None);
                return;
            };
            photo.set(Photo::Checking);
            let photo = photo.clone();
            spawn_local(async move {
                photo.set(match precheck(&file).await {
                    Ok(kind) => Photo::Ready {
                        preview: preview(&file).await,
                        file,
                        kind,
                        uploaded: None,
                    },
                    Err(PhotoRefusal::TooLarge) => Photo::Refused(t.photo_too_large),
                    Err(_) => Photo::Refused(t.photo_wrong_type),
                });
            });
        })
    };
    let remove_photo = {
        let (photo, input_key) = (photo.clone(), input_key.clone());
        Callback::from(move |_: MouseEvent| {
            photo.set(Photo::None);
            // A fresh input forgets the chosen file.
            input_key.set(*input_key + 1);
        })
    };
    let locate = {
        let (lat, lon, position_note) = (lat.clone(), lon.clone(), position_note.clone());
        Callback::from(move |_: MouseEvent| {
            position_note.set(Some(t.location_locating));
            let (lat, lon, position_note) = (lat.clone(), lon.clone(), position_note.clone());
            spawn_local(async move {
                match device_position().await {
                    Some((la, lo)) => {
                        lat.set(format!("{la:.6}"));
                        lon.set(format!("{lo:.6}"));
                        position_note.set(Some(t.location_found));
                    }
                    None => position_note.set(Some(t.location_failed)),
                }
            });
        })
    };

    let submit = {
        let (category, description, lat, lon, place, photo) = (
            category.clone(),
            description.clone(),
            lat.clone(),
            lon.clone(),
            place.clone(),
            photo.clone(),
        );
        let (busy, error, errors, notice, input_key) = (
            busy.clone(),
            error.clone(),
            errors.clone(),
            notice.clone(),
            input_key.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            notice.set(None);
            let mut refused = Errors::new();
            let (la, lo) = (coordinate(&lat), coordinate(&lon));
            if la.is_err() {
                refused.insert("location.lat".into(), t.coordinate_not_a_number.into());
            }
            if lo.is_err() {
                refused.insert("location.lon".into(), t.coordinate_not_a_number.into());
            }
            let location = match (la, lo) {
                (Ok(Some(lat)), Ok(Some(lon))) => Some(ReportLocationInput {
                    lat,
                    lon,
                    description: Some((*place).clone()).filter(|p| !p.trim().is_empty()),
                }),
                (Ok(None), Ok(None)) => None,
                (Ok(_), Ok(_)) => {
                    refused.insert("location.lat".into(), t.coordinates_both.into());
                    None
                }
                _ => None,
            };
            let Some(category) = ReportCategory::parse(&category) else {
                return;
            };
            let input = ReportInput {
                category,
                description: (*description).clone(),
                location,
                photo_id: None,
            };
            if let Err(found) = check_report(&input) {
                refused.extend(refused_fields(&found, texts));
            }
            if let Photo::Refused(why) = *photo {
                refused.insert("photo".into(), why.into());
            }
            if !refused.is_empty() {
                errors.set(refused);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            busy.set(true);
            error.set(None);
            errors.set(Errors::new());
            let (photo, description, lat, lon, place) = (
                photo.clone(),
                description.clone(),
                lat.clone(),
                lon.clone(),
                place.clone(),
            );
            let (busy, error, errors, notice, input_key) = (
                busy.clone(),
                error.clone(),
                errors.clone(),
                notice.clone(),
                input_key.clone(),
            );
            spawn_local(async move {
                let mut input = input;
                if let Photo::Ready {
                    file,
                    kind,
                    preview,
                    uploaded,
                } = (*photo).clone()
                {
                    let id = match uploaded {
                        Some(id) => id,
                        None => match api::upload_photo(file.clone(), kind).await {
                            Ok(done) => {
                                photo.set(Photo::Ready {
                                    file,
                                    kind,
                                    preview,
                                    uploaded: Some(done.photo_id.clone()),
                                });
                                done.photo_id
                            }
                            Err(e) => {
                                busy.set(false);
                                error.set(Some(error_message(&e, texts)));
                                return;
                            }
                        },
                    };
                    input.photo_id = Some(id);
                }
                match api::create(&input, &new_idempotency_key()).await {
                    Ok(_) => {
                        description.set(String::new());
                        lat.set(String::new());
                        lon.set(String::new());
                        place.set(String::new());
                        photo.set(Photo::None);
                        input_key.set(*input_key + 1);
                        notice.set(Some(t.sent));
                    }
                    Err(e) if e.code() == INVALID_TOKEN => {
                        error.set(Some(t.not_bound.to_owned()));
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
                busy.set(false);
            });
        })
    };

    let err = |field: &str| errors.get(field).cloned().map(AttrValue::from);
    let summary = error_summary(
        &errors,
        &[
            ("description", t.field_description),
            ("photo", t.field_photo),
            ("photo_id", t.field_photo),
            ("location.lat", t.field_lat),
            ("location.lon", t.field_lon),
            ("location.description", t.field_place),
        ],
    );
    let status = if *busy {
        Some(AttrValue::Static(t.sending))
    } else {
        notice.map(AttrValue::Static)
    };
    let categories = ReportCategory::ALL
        .iter()
        .map(|c| {
            (
                AttrValue::Static(c.as_str()),
                AttrValue::Static(category_name(*c, t)),
            )
        })
        .collect::<Vec<_>>();
    let photo_error = match &*photo {
        Photo::Refused(why) => Some(AttrValue::Static(why)),
        _ => err("photo_id"),
    };
    let photo_described = if photo_error.is_some() {
        "report-photo-hint report-photo-error"
    } else {
        "report-photo-hint"
    };
    html! {
        <>
            <p>{ t.new_intro }</p>
            <p><Link<Route> to={Route::ResidentReports}>{ t.mine_link }</Link<Route>></p>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
            <form onsubmit={submit} novalidate=true>
                <Select id="report-category" label={t.field_category} value={(*category).clone()}
                    options={categories} onchange={setter(&category)} required=true />
                <Field id="report-description" label={t.field_description} multiline=true
                    value={(*description).clone()} oninput={setter(&description)} required=true
                    maxlength={REPORT_DESCRIPTION_MAX} error={err("description")} />
                <div class="field">
                    <label for="report-photo">{ t.field_photo }</label>
                    <p id="report-photo-hint" class="hint">{ t.photo_hint }</p>
                    if let Some(message) = &photo_error {
                        <p id="report-photo-error" class="field-error">{ message.clone() }</p>
                    }
                    <input key={*input_key} id="report-photo" name="report-photo" type="file"
                        accept="image/jpeg,image/png,image/webp" onchange={on_file}
                        aria-describedby={photo_described}
                        aria-invalid={photo_error.as_ref().map(|_| "true")} />
                </div>
                { photo_view(&photo, t, lang, remove_photo) }
                <fieldset>
                    <legend>{ t.location_legend }</legend>
                    <p class="hint">{ t.location_hint }</p>
                    if has_geolocation() {
                        <button type="button" class="button-secondary" onclick={locate}>
                            { t.location_use_device }
                        </button>
                    } else {
                        <p>{ t.location_unavailable }</p>
                    }
                    <p role="status" class="form-status-region">
                        { position_note.map(AttrValue::Static).unwrap_or_default() }
                    </p>
                    <Field id="report-lat" label={t.field_lat} value={(*lat).clone()}
                        oninput={setter(&lat)} inputmode="decimal" error={err("location.lat")} />
                    <Field id="report-lon" label={t.field_lon} value={(*lon).clone()}
                        oninput={setter(&lon)} inputmode="decimal" error={err("location.lon")} />
                    <Field id="report-place" label={t.field_place} value={(*place).clone()}
                        oninput={setter(&place)} maxlength={REPORT_LOCATION_DESCRIPTION_MAX}
                        error={err("location.description")} />
                </fieldset>
                <button type="submit" disabled={*busy}>{ t.submit }</button>
            </form>
        </>
    }
}

/// A form's refusals: API field name → sentence.
type Errors = std::collections::BTreeMap<String, String>;

fn photo_view(
    photo: &Photo,
    t: &'static ReportTexts,
    lang: Lang,
    remove: Callback<MouseEvent>,
) -> Html {
    match photo {
        Photo::Checking => html! { <p role="status">{ t.photo_checking }</p> },
        Photo::Ready { file, preview, .. } => html! {
            <div class="report-photo-preview">
                if let Some(src) = preview {
                    <img src={src.clone()} alt={t.photo_preview_alt} />
                }
                <p>{ t.photo_attached.replace("{size}", &size_text(file.size() as u64, lang)) }</p>
                <button type="button" class="button-secondary" onclick={remove}>
                    { t.photo_remove }
                </button>
            </div>
        },
        Photo::None | Photo::Refused(_) => html! {},
    }
}
