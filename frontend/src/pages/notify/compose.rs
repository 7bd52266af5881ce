//! `/notify/messages/new` (Nowa wiadomość): title, text with placeholders, category, link,
//! channels, the audience, now or later (Polish time); "Podgląd" asks the server who would get
//! it per channel and what the SMS costs (a small group is refused without a number); the
//! send goes with one `Idempotency-Key` per submit and opens the message's page. A template
//! fills the fields.

use ratusz_domain::api::notify_messages::{Category, MessageInput, Preview};
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::{limits, FieldCode};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::audience::AudienceFields;
use super::channels::ChannelChoice;
use super::draft::Draft;
use super::preview::PreviewView;
use super::templates::TemplatePicker;
use super::{category_name, use_notify_texts};
use crate::api::notify_messages as api;
use crate::app::Route;
use crate::components::form::{on_submit, Field, FormMessages, Select};
use crate::council::{js_now_ms, new_idempotency_key};
use crate::i18n::notify_messages::NotifyMessagesTexts;
use crate::i18n::use_texts;
use crate::messages::{error_summary, refused_fields};
use crate::pages::registry::use_districts;
use crate::pages::residents::{error_of, Errors};
use crate::pages::use_page_title;
use crate::problems::notify_messages::{messages_error, messages_field_errors};

/// The labels of the form's fields, in its order, for the error summary.
fn labels(t: &NotifyMessagesTexts) -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", t.field_title),
        ("text", t.field_text),
        ("category", t.field_category),
        ("link", t.field_link),
        ("channels", t.field_channels),
        ("audience", t.audience_kind),
        ("audience.age_min", t.field_age_min),
        ("audience.age_max", t.field_age_max),
        ("audience.sex", t.field_sex),
        ("audience.district_ids", t.field_districts),
        ("audience.street", t.field_street),
        ("audience.postal_codes", t.field_postal_codes),
        ("audience.recipient_ids", t.field_recipient_ids),
        ("send_at", t.field_send_at),
    ]
}

/// The compose page.
#[component]
pub fn NotifyComposePage() -> Html {
    let texts = use_texts();
    let t = use_notify_texts();
    use_page_title(t.compose_title);
    let navigator = use_navigator();
    let districts = use_districts();
    let draft = use_state(Draft::default);
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    let status = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);
    // The input the last preview was asked for, and its answer.
    let preview = use_state(|| None::<(MessageInput, Preview)>);

    // The input, or every refusal the browser can find, shown at once.
    let checked = {
        let (errors, error) = (errors.clone(), error.clone());
        move |draft: &Draft| match draft.input(Timestamp::from_unix_ms(js_now_ms())) {
            Ok(input) => Some(input),
            Err(refused) => {
                let mut said = refused_fields(&refused, texts);
                // A time the form could not read: say what it wants.
                if refused
                    .0
                    .get("send_at")
                    .is_some_and(|i| i.code == FieldCode::Required)
                {
                    said.insert("send_at".to_owned(), t.bad_time.to_owned());
                }
                errors.set(said);
                error.set(Some(texts.form_fix_fields.into()));
                None
            }
        }
    };
    let refused = {
        let (errors, error) = (errors.clone(), error.clone());
        move |e: &crate::api::ApiError| {
            errors.set(messages_field_errors(e, texts, t));
            error.set(Some(messages_error(e, texts, t)));
        }
    };

    let on_preview = {
        let (draft, errors, error, status, busy, preview) = (
            draft.clone(),
            errors.clone(),
            error.clone(),
            status.clone(),
            busy.clone(),
            preview.clone(),
        );
        let (checked, refused) = (checked.clone(), refused.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            status.set(None);
            let Some(input) = checked(&draft) else { return };
            errors.set(Errors::new());
            error.set(None);
            busy.set(true);
            let (busy, preview, status, refused) = (
                busy.clone(),
                preview.clone(),
                status.clone(),
                refused.clone(),
            );
            spawn_local(async move {
                let result = api::preview(&input).await;
                busy.set(false);
                match result {
                    Ok(answer) => {
                        status.set(Some(t.preview_heading));
                        preview.set(Some((input, answer)));
                    }
                    Err(e) => {
                        preview.set(None);
                        refused(&e);
                    }
                }
            });
        })
    };

    let onsubmit = {
        let (draft, errors, error, status, busy, navigator) = (
            draft.clone(),
            errors.clone(),
            error.clone(),
            status.clone(),
            busy.clone(),
            navigator.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            status.set(None);
            let Some(input) = checked(&draft) else { return };
            errors.set(Errors::new());
            error.set(None);
            busy.set(true);
            let key = new_idempotency_key();
            let (busy, navigator, refused) = (busy.clone(), navigator.clone(), refused.clone());
            spawn_local(async move {
                let result = api::create(&input, &key).await;
                busy.set(false);
                match result {
                    Ok(created) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::NotifyMessage { id: created.id });
                        }
                    }
                    Err(e) => refused(&e),
                }
            });
        })
    };

    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |next: Draft| draft.set(next))
    };
    let on_channels = {
        let draft = draft.clone();
        Callback::from(move |channels| {
            draft.set(Draft {
                channels,
                ..(*draft).clone()
            })
        })
    };
    let on_template = {
        let (draft, status) = (draft.clone(), status.clone());
        Callback::from(move |filled: Draft| {
            status.set(Some(t.template_used));
            draft.set(filled);
        })
    };
    let text = |set: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            set(&mut next, value);
            draft.set(next);
        })
    };
    let categories = std::iter::once(("", t.choose_category))
        .chain(
            Category::ALL
                .iter()
                .map(|c| (c.as_str(), category_name(*c, t))),
        )
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect::<Vec<_>>();
    let stale = preview.as_ref().is_some_and(|(asked, _)| {
        draft
            .input(Timestamp::from_unix_ms(js_now_ms()))
            .ok()
            .as_ref()
            != Some(asked)
    });
    let e = &*errors;
    let summary = error_summary(e, &labels(t));
    let shown_status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        (*status).map(AttrValue::Static)
    };
    html! {
        <>
            <p><crate::components::nav_link::NavLink to={Route::NotifyMessages}>
                { t.back_to_list }
            </crate::components::nav_link::NavLink></p>
            <h1>{ t.compose_title }</h1>
            <p>{ t.compose_intro }</p>
            <TemplatePicker draft={(*draft).clone()} on_pick={on_template} />
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                    status={shown_status} />
                <Field id="message_title" label={t.field_title} required=true
                    maxlength={limits::MESSAGE_TITLE_MAX} value={draft.title.clone()}
                    oninput={text(|d, v| d.title = v)} error={error_of(e, "title")} />
                <Field id="message_text" label={t.field_text} required=true multiline=true
                    hint={t.text_hint} maxlength={limits::MESSAGE_TEXT_MAX}
                    value={draft.text.clone()} oninput={text(|d, v| d.text = v)}
                    error={error_of(e, "text")} />
                <Select id="message_category" label={t.field_category} required=true
                    value={draft.category.clone()} options={categories}
                    onchange={text(|d, v| d.category = v)} error={error_of(e, "category")} />
                <Field id="message_link" label={t.field_link} kind="url" hint={t.link_hint}
                    maxlength={limits::URL_MAX} value={draft.link.clone()}
                    oninput={text(|d, v| d.link = v)} error={error_of(e, "link")} />
                <ChannelChoice id_prefix="message" channels={draft.channels.clone()}
                    on_change={on_channels} error={error_of(e, "channels")} />
                <AudienceFields draft={(*draft).clone()} on_change={on_draft.clone()}
                    errors={e.clone()} districts={(*districts).clone()} />
                <When draft={(*draft).clone()} on_change={on_draft} error={error_of(e, "send_at")} />
                <div class="button-row">
                    <button type="button" class="button button-secondary" onclick={on_preview}>
                        { t.preview }
                    </button>
                    <button type="submit" class="button">
                        { if draft.later { t.schedule } else { t.send } }
                    </button>
                </div>
            </form>
            if let Some((asked, answer)) = &*preview {
                <section aria-labelledby="message-preview-heading" class="panel">
                    <h2 id="message-preview-heading">{ t.preview_heading }</h2>
                    <PreviewView preview={*answer} channels={asked.channels.clone()} {stale} />
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PartProps {
    draft: Draft,
    on_change: Callback<Draft>,
    error: Option<AttrValue>,
}

/// Now, or later at a Polish time.
#[component]
fn When(props: &PartProps) -> Html {
    let t = use_notify_texts();
    let radio = |later: bool, id: &'static str, label: &'static str| {
        let (draft, on_change) = (props.draft.clone(), props.on_change.clone());
        let onchange = Callback::from(move |ev: Event| {
            if ev.target_unchecked_into::<HtmlInputElement>().checked() {
                on_change.emit(Draft {
                    later,
                    ..draft.clone()
                });
            }
        });
        html! {
            <div class="check">
                <input type="radio" {id} name="message_when" checked={props.draft.later == later} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let on_time = {
        let (draft, on_change) = (props.draft.clone(), props.on_change.clone());
        Callback::from(move |send_at: String| {
            on_change.emit(Draft {
                send_at,
                ..draft.clone()
            })
        })
    };
    html! {
        <fieldset class="fieldset">
            <legend>{ t.when_heading }</legend>
            { radio(false, "message_now", t.send_now) }
            { radio(true, "message_later", t.send_later) }
            if props.draft.later {
                <Field id="message_send_at" label={t.field_send_at} kind="datetime-local"
                    hint={AttrValue::Static(t.send_at_hint)} value={props.draft.send_at.clone()}
                    oninput={on_time} error={props.error.clone()} />
            }
        </fieldset>
    }
}
