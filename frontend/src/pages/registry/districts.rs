//! `/registry/districts` (Osiedla): the city's districts residents choose from; a new one, and
//! each renamed in place. A name is checked by the domain's text rule before it goes out; a
//! name another district has is the server's 409 `name_taken`.

use ratusz_domain::api::notify::{District, DistrictInput};
use ratusz_domain::validate::{self, limits};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::use_registry_texts;
use crate::api::{notify, registry, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::i18n::{use_texts, Texts};
use crate::messages::{error_message, field_errors};
use crate::pages::admin::Loaded;
use crate::pages::residents::Errors;
use crate::pages::use_page_title;
use crate::problems::invalid_message;

/// What a save tells the page: the announcement, or the refusal.
type Said = Result<&'static str, (String, Option<String>)>;

/// The name as sent, or the refusal of the field.
fn checked(name: &str, texts: &Texts) -> Result<String, (String, Option<String>)> {
    validate::text(name, limits::DISTRICT_NAME_MAX).map_err(|invalid| {
        (
            texts.form_fix_fields.to_owned(),
            Some(invalid_message(&invalid, texts)),
        )
    })
}

/// A refusal of the server: the sentence and the `name` field's, if refused.
fn refusal(error: &ApiError, texts: &'static Texts) -> (String, Option<String>) {
    (
        error_message(error, texts),
        field_errors(error, texts).remove("name"),
    )
}

/// The districts page.
#[component]
pub fn RegistryDistrictsPage() -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    use_page_title(t.districts_title);
    let reload = use_state(|| 0_u32);
    let list = use_state(|| Loaded::<Vec<District>>::Loading);
    let said = use_state(|| None::<Said>);
    {
        let list = list.clone();
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                list.set(match notify::districts().await {
                    Ok(d) => Loaded::Ready(d.items),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_saved = {
        let (said, reload) = (said.clone(), reload.clone());
        Callback::from(move |outcome: Said| {
            if outcome.is_ok() {
                reload.set(reload.wrapping_add(1));
            }
            said.set(Some(outcome));
        })
    };
    let (error, status) = match &*said {
        Some(Ok(done)) => (None, Some(AttrValue::Static(done))),
        Some(Err((message, _))) => (Some(AttrValue::from(message.clone())), None),
        None => (None, None),
    };
    html! {
        <>
            <h1>{ t.districts_title }</h1>
            <p>{ t.districts_intro }</p>
            <FormMessages {error} {status} />
            { match &*list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(items) if items.is_empty() => html! { <p>{ t.districts_none }</p> },
                Loaded::Ready(items) => html! {
                    <ul>
                        { for items.iter().map(|d| html! {
                            <li key={d.id.clone()}>
                                <RenameForm district={d.clone()} on_saved={on_saved.clone()} />
                            </li>
                        }) }
                    </ul>
                },
            } }
            <CreateForm {on_saved} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RenameProps {
    district: District,
    on_saved: Callback<Said>,
}

/// One district with its rename field.
#[component]
fn RenameForm(props: &RenameProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let name = use_state(|| props.district.name.clone());
    let error = use_state(|| None::<String>);
    let id = format!("district_{}", props.district.id);
    let onsubmit = {
        let (name, error, on_saved) = (name.clone(), error.clone(), props.on_saved.clone());
        let district = props.district.id.clone();
        on_submit(move || {
            let body = match checked(&name, texts) {
                Ok(name) => DistrictInput { name },
                Err((message, field)) => {
                    error.set(field.clone());
                    on_saved.emit(Err((message, field)));
                    return;
                }
            };
            let (error, on_saved, district) = (error.clone(), on_saved.clone(), district.clone());
            spawn_local(async move {
                match registry::rename_district(&district, &body).await {
                    Ok(_) => {
                        error.set(None);
                        on_saved.emit(Ok(t.renamed));
                    }
                    Err(e) => {
                        let (message, field) = refusal(&e, texts);
                        error.set(field.clone().or_else(|| Some(message.clone())));
                        on_saved.emit(Err((message, field)));
                    }
                }
            });
        })
    };
    let label = t.rename_label.replace("{name}", &props.district.name);
    html! {
        <form class="form form-inline" {onsubmit} novalidate=true>
            <Field id={id} label={label} maxlength={limits::DISTRICT_NAME_MAX}
                value={(*name).clone()} oninput={setter(&name)}
                error={(*error).clone().map(AttrValue::from)} />
            <div class="button-row">
                <button type="submit" class="button button-secondary"
                    aria-label={format!("{}: {}", t.rename_submit, props.district.name)}>
                    { t.rename_submit }
                </button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct CreateProps {
    on_saved: Callback<Said>,
}

/// A new district.
#[component]
fn CreateForm(props: &CreateProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let name = use_state(String::new);
    let errors = use_state(Errors::new);
    let onsubmit = {
        let (name, errors, on_saved) = (name.clone(), errors.clone(), props.on_saved.clone());
        on_submit(move || {
            let body = match checked(&name, texts) {
                Ok(name) => DistrictInput { name },
                Err((message, field)) => {
                    errors.set(
                        field
                            .iter()
                            .map(|f| ("name".to_owned(), f.clone()))
                            .collect(),
                    );
                    on_saved.emit(Err((message, field)));
                    return;
                }
            };
            let (name, errors, on_saved) = (name.clone(), errors.clone(), on_saved.clone());
            spawn_local(async move {
                match registry::create_district(&body).await {
                    Ok(_) => {
                        name.set(String::new());
                        errors.set(Errors::new());
                        on_saved.emit(Ok(t.district_created));
                    }
                    Err(e) => {
                        let (message, field) = refusal(&e, texts);
                        errors.set(
                            field
                                .iter()
                                .map(|f| ("name".to_owned(), f.clone()))
                                .collect(),
                        );
                        on_saved.emit(Err((message, field)));
                    }
                }
            });
        })
    };
    html! {
        <section aria-labelledby="district-create-heading">
            <h2 id="district-create-heading">{ t.create_district_heading }</h2>
            <form class="form" {onsubmit} novalidate=true>
                <Field id="district_new" label={t.field_district_name} required=true
                    maxlength={limits::DISTRICT_NAME_MAX} value={(*name).clone()}
                    oninput={setter(&name)}
                    error={errors.get("name").cloned().map(AttrValue::from)} />
                <div class="button-row">
                    <button type="submit" class="button">{ t.create_district_submit }</button>
                </div>
            </form>
        </section>
    }
}
