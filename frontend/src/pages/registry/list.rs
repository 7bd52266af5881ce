//! `/registry/residents` (Rejestr mieszkańców): the recipients, newest first, or found by one
//! kind of search — an exact e-mail or phone (the server's blind index), or a district with
//! an optional part of a name — and the verification state; a page at a time ("more").
//! The search is checked by the domain's rules before it goes out, every refusal at once.

use ratusz_domain::api::notify::{ConsentState, RecipientSummary, Verification};
use ratusz_domain::api::Page;
use ratusz_domain::notify::fields;
use ratusz_domain::validate::{self, limits, Checks, Invalid};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{district_name, document_name, use_districts, use_registry_texts, verification_name};
use crate::api::registry::{self, Search};
use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages, Select};
use crate::components::nav_link::NavLink;
use crate::i18n::{use_lang, use_texts};
use crate::messages::{
    checked_errors, error_message, error_summary, field_errors, format_timestamp,
};
use crate::pages::admin::Loaded;
use crate::pages::residents::{error_of, use_resident_texts, Errors};
use crate::pages::use_page_title;

/// What the search looks by.
#[derive(Clone, Copy, PartialEq)]
enum By {
    All,
    Email,
    Phone,
    District,
}

impl By {
    fn parse(value: &str) -> Self {
        match value {
            "email" => Self::Email,
            "phone" => Self::Phone,
            "district" => Self::District,
            _ => Self::All,
        }
    }
}

/// The search as typed: only the fields of the kind chosen go out.
fn search_of(by: By, text: &[&str; 4], verification: &str) -> Search {
    let value = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let [email, phone, district_id, name] = text;
    let mut search = Search {
        verification: value(verification),
        ..Search::default()
    };
    match by {
        By::All => {}
        By::Email => search.email = Some(email.trim().to_owned()),
        By::Phone => search.phone = Some(phone.trim().to_owned()),
        By::District => {
            search.district_id = Some(district_id.trim().to_owned());
            search.name = value(name);
        }
    }
    search
}

/// The search checked by the shared validators the server's search rules use (the domain's
/// `recipient_search` itself folds names with Unicode tables the frontend does not carry):
/// a well-formed e-mail or phone, a district chosen, a name part of one line.
fn check_search(search: &Search) -> Checks {
    let mut checks = Checks::new();
    if let Some(email) = &search.email {
        checks.check("email", validate::email(email));
    }
    if let Some(phone) = &search.phone {
        let parsed = fields::phone(Some(phone)).and_then(|p| p.ok_or_else(Invalid::required));
        checks.check("phone", parsed);
    }
    if let Some(district) = &search.district_id {
        if district.is_empty() {
            checks.refuse("district_id", Invalid::required());
        }
    }
    if let Some(name) = &search.name {
        checks.check("name", validate::text(name, limits::PERSON_NAME_MAX));
    }
    checks
}

/// The recipients page.
#[component]
pub fn RegistryListPage() -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    use_page_title(t.list_title);
    let districts = use_districts();
    let by = use_state(|| By::All);
    let (email, phone, district, name, verification) = (
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
    );
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    // The search of the shown list and a counter bumped to run it again.
    let shown = use_state(|| (Search::default(), 0_u32));
    let list = use_state(|| Loaded::<Page<RecipientSummary>>::Loading);
    {
        let (list, errors, error) = (list.clone(), errors.clone(), error.clone());
        use_effect_with((*shown).clone(), move |(search, _)| {
            list.set(Loaded::Loading);
            let search = search.clone();
            spawn_local(async move {
                list.set(match registry::list(&search, None).await {
                    Ok(page) => Loaded::Ready(page),
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                        Loaded::Failed(e)
                    }
                });
            });
        });
    }
    let onsearch = {
        let (by, errors, error, shown) = (by.clone(), errors.clone(), error.clone(), shown.clone());
        let (email, phone, district, name, verification) = (
            email.clone(),
            phone.clone(),
            district.clone(),
            name.clone(),
            verification.clone(),
        );
        on_submit(move || {
            let search = search_of(
                *by,
                &[
                    email.as_str(),
                    phone.as_str(),
                    district.as_str(),
                    name.as_str(),
                ],
                &verification,
            );
            let refused = checked_errors(check_search(&search), texts);
            if !refused.is_empty() {
                errors.set(refused);
                error.set(Some(texts.form_fix_fields.into()));
                return;
            }
            errors.set(Errors::new());
            error.set(None);
            shown.set((search, shown.1.wrapping_add(1)));
        })
    };
    let on_more = {
        let (list, shown, error) = (list.clone(), shown.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let Loaded::Ready(page) = &*list else { return };
            let Some(cursor) = page.next_cursor.clone() else {
                return;
            };
            let (list, search, error) = (list.clone(), shown.0.clone(), error.clone());
            spawn_local(async move {
                match registry::list(&search, Some(&cursor)).await {
                    Ok(next) => {
                        if let Loaded::Ready(page) = &*list {
                            let mut items = page.items.clone();
                            items.extend(next.items);
                            list.set(Loaded::Ready(Page {
                                items,
                                next_cursor: next.next_cursor,
                            }));
                        }
                    }
                    Err(e) => error.set(Some(error_message(&e, texts))),
                }
            });
        })
    };

    let kinds = [
        ("all", t.search_all),
        ("email", t.search_email),
        ("phone", t.search_phone),
        ("district", t.search_district),
    ]
    .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
    .to_vec();
    let by_value = match *by {
        By::All => "all",
        By::Email => "email",
        By::Phone => "phone",
        By::District => "district",
    };
    let on_by = {
        let by = by.clone();
        Callback::from(move |v: String| by.set(By::parse(&v)))
    };
    let states = std::iter::once(("", t.any_verification))
        .chain(
            Verification::ALL
                .iter()
                .map(|v| (v.as_str(), verification_name(*v, r))),
        )
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect::<Vec<_>>();
    let district_options =
        std::iter::once((AttrValue::Static(""), AttrValue::Static(r.choose_district)))
            .chain(districts.iter().map(|d| {
                (
                    AttrValue::from(d.id.clone()),
                    AttrValue::from(d.name.clone()),
                )
            }))
            .collect::<Vec<_>>();
    let stats_label = crate::i18n::registry::nav_labels(lang).1;
    let e = &*errors;
    let summary = error_summary(
        e,
        &[
            ("email", r.field_email),
            ("phone", r.field_phone),
            ("district_id", r.field_district),
            ("name", t.field_name_part),
            ("verification", t.field_verification_filter),
        ],
    );
    html! {
        <>
            <h1>{ t.list_title }</h1>
            <p>{ t.list_intro }</p>
            <ul>
                <li><NavLink to={Route::RegistryRegister}>{ t.register_link }</NavLink></li>
                <li><NavLink to={Route::RegistryDistricts}>{ t.districts_link }</NavLink></li>
                <li><NavLink to={Route::RegistryStats}>{ stats_label }</NavLink></li>
                <li>
                    <NavLink to={Route::RegistryReports}>
                        { crate::i18n::reports::texts(lang).queue_title }
                    </NavLink>
                </li>
            </ul>
            <form role="search" class="form" onsubmit={onsearch} novalidate=true
                aria-label={t.search_region}>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} />
                <Select id="search_by" label={t.search_by} value={by_value} options={kinds}
                    onchange={on_by} />
                if *by == By::Email {
                    <Field id="search_email" label={r.field_email} kind="email"
                        maxlength={limits::EMAIL_MAX} value={(*email).clone()}
                        oninput={setter(&email)} error={error_of(e, "email")} />
                }
                if *by == By::Phone {
                    <Field id="search_phone" label={r.field_phone} kind="tel" hint={r.phone_hint}
                        maxlength={limits::PHONE_MAX} value={(*phone).clone()}
                        oninput={setter(&phone)} error={error_of(e, "phone")} />
                }
                if *by == By::District {
                    <Select id="search_district" label={r.field_district}
                        value={(*district).clone()} options={district_options}
                        onchange={setter(&district)} error={error_of(e, "district_id")} />
                    <Field id="search_name" label={t.field_name_part} hint={t.name_part_hint}
                        maxlength={limits::PERSON_NAME_MAX} value={(*name).clone()}
                        oninput={setter(&name)} error={error_of(e, "name")} />
                }
                <Select id="search_verification" label={t.field_verification_filter}
                    value={(*verification).clone()} options={states}
                    onchange={setter(&verification)} error={error_of(e, "verification")} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.search_submit }</button>
                </div>
            </form>
            <section aria-labelledby="registry-results-heading">
                <h2 id="registry-results-heading">{ t.results_heading }</h2>
                <Results list={(*list).clone()} districts={(*districts).clone()} {on_more} />
            </section>
        </>
    }
}

/// The list as it stands: loading, the refusal, nobody, or the table and "more".
#[derive(Properties, PartialEq)]
struct ResultsProps {
    list: Loaded<Page<RecipientSummary>>,
    districts: Vec<ratusz_domain::api::notify::District>,
    on_more: Callback<MouseEvent>,
}

#[component]
fn Results(props: &ResultsProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    let page = match &props.list {
        Loaded::Loading => return html! { <p role="status">{ texts.loading }</p> },
        // A refused search is said by the form's alert; anything else here.
        Loaded::Failed(ApiError::Problem(p)) if p.code == "validation_failed" => {
            return Html::default()
        }
        Loaded::Failed(e) => return html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(page) if page.items.is_empty() => {
            return html! { <p role="status">{ t.none_found }</p> }
        }
        Loaded::Ready(page) => page,
    };
    html! {
        <>
            <p role="status" class="visually-hidden">
                { format!("{}: {}", texts.results_count, page.items.len()) }
            </p>
            <div class="table-wrap" role="region" tabindex="0" aria-label={t.results_heading}>
                <table class="data-table">
                    <caption class="visually-hidden">{ t.results_heading }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ texts.col_name }</th>
                            <th scope="col">{ t.col_district }</th>
                            <th scope="col">{ t.col_verification }</th>
                            <th scope="col">{ t.col_sending }</th>
                            <th scope="col">{ t.col_consent }</th>
                            <th scope="col">{ t.col_document }</th>
                            <th scope="col">{ t.col_registered }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for page.items.iter().map(|p| html! {
                            <tr>
                                <th scope="row">
                                    <NavLink to={Route::RegistryRecipient { id: p.id.clone() }}>
                                        { format!("{} {}", p.first_name, p.last_name) }
                                    </NavLink>
                                </th>
                                <td>{ district_name(&props.districts, &p.district_id) }</td>
                                <td>{ verification_name(p.verification, r) }</td>
                                <td>{ if p.suspended { t.sending_suspended } else { r.sending_on } }</td>
                                <td>{ match p.consent_state {
                                    ConsentState::Given => r.consent_given,
                                    ConsentState::Withdrawn => r.consent_withdrawn,
                                } }</td>
                                <td>{ document_name(p.consent_document_state, t) }</td>
                                <td>{ format_timestamp(p.created_at, lang) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if page.next_cursor.is_some() {
                <p><button type="button" class="button button-secondary" onclick={props.on_more.clone()}>
                    { texts.load_more }
                </button></p>
            }
        </>
    }
}
