//! `/admin/units` (Jednostki): the units of the municipality; admin creates new ones.

use std::collections::BTreeMap;

use ratusz_domain::api::accounts::{Unit, UnitInput, UnitKind};
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::auth::ADMIN_ONLY;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages, Select};
use crate::i18n::{unit_kind_name, use_texts};
use crate::messages::{error_message, error_summary, field_errors};
use crate::pages::admin::{use_has_role, Loaded};
use crate::pages::use_page_title;

const KINDS: [(UnitKind, &str); 4] = [
    (UnitKind::Council, "council"),
    (UnitKind::School, "school"),
    (UnitKind::Department, "department"),
    (UnitKind::Other, "other"),
];

/// The units page.
#[component]
pub fn UnitsPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.units_title);
    let is_admin = use_has_role(ADMIN_ONLY);
    let reload = use_state(|| 0_u32);
    let units = use_state(|| Loaded::<Vec<Unit>>::Loading);
    let name = use_state(String::new);
    let kind = use_state(|| "department".to_owned());
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    {
        let units = units.clone();
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                units.set(match api::units().await {
                    Ok(list) => Loaded::Ready(list),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }

    let onsubmit = {
        let (name, kind, errors, error, done, busy, reload) = (
            name.clone(),
            kind.clone(),
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
            busy.set(true);
            done.set(false);
            error.set(None);
            errors.set(BTreeMap::new());
            let body = UnitInput {
                name: Some(name.trim().to_owned()),
                kind: KINDS.iter().find(|(_, w)| **w == *kind).map(|(k, _)| *k),
            };
            let (name, errors, error, done, busy, reload) = (
                name.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
                reload.clone(),
            );
            spawn_local(async move {
                let result = api::create_unit(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        name.set(String::new());
                        done.set(true);
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

    let kind_options: Vec<_> = KINDS
        .iter()
        .map(|(k, wire)| {
            (
                AttrValue::Static(wire),
                AttrValue::Static(unit_kind_name(*k, texts)),
            )
        })
        .collect();
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.unit_created))
    };
    let summary = error_summary(
        &errors,
        &[
            ("name", texts.field_unit_name),
            ("kind", texts.field_unit_kind),
        ],
    );
    html! {
        <>
            <h1>{ texts.units_title }</h1>
            { match &*units {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(list) if list.is_empty() => html! { <p>{ texts.units_none }</p> },
                Loaded::Ready(list) => html! {
                    <div class="table-wrap" role="region" tabindex="0" aria-label={texts.units_title}>
                        <table class="data-table">
                            <caption>{ texts.units_title }</caption>
                            <thead><tr>
                                <th scope="col">{ texts.field_unit_name }</th>
                                <th scope="col">{ texts.field_unit_kind }</th>
                            </tr></thead>
                            <tbody>
                                { for list.iter().map(|u| html! {
                                    <tr>
                                        <th scope="row">{ u.name.clone() }</th>
                                        <td>{ unit_kind_name(u.kind, texts) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
            } }
            if is_admin {
                <section aria-labelledby="create-unit-heading" class="panel">
                    <h2 id="create-unit-heading">{ texts.create_unit_heading }</h2>
                    <form class="form" {onsubmit} novalidate=true>
                        <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                        <Field id="unit_name" label={texts.field_unit_name} required=true
                            maxlength={limits::UNIT_NAME_MAX}
                            value={(*name).clone()} oninput={setter(&name)}
                            error={errors.get("name").cloned().map(AttrValue::from)} />
                        <Select id="unit_kind" label={texts.field_unit_kind} value={(*kind).clone()}
                            options={kind_options} onchange={setter(&kind)}
                            error={errors.get("kind").cloned().map(AttrValue::from)} />
                        <div class="button-row">
                            <button type="submit" class="button">{ texts.create_unit_submit }</button>
                        </div>
                    </form>
                </section>
            }
        </>
    }
}
