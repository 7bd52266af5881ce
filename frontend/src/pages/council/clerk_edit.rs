//! `/clerk/sessions/:id` — the clerk's meeting editor: details and members, publication,
//! the agenda (add, edit, delete, reorder, PDF attachments), attendance marking, and the
//! minutes draft.

use std::rc::Rc;

use ratusz_domain::api::council::{
    AgendaItem, AgendaItemInput, AttendanceMode, AttendanceView, Meeting, MeetingState,
};
use ratusz_domain::council::agenda::ItemText;
use ratusz_domain::validate::limits::{ITEM_DESCRIPTION_MAX, ITEM_TITLE_MAX};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council::{self as council_api, MeetingStep};
use crate::app::Route;
use crate::components::confirm::ConfirmButton;
use crate::components::council::action::{use_actions, ActionMessages, Actions};
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field};
use crate::components::nav_link::NavLink;
use crate::council::{meeting_state_name, moved};
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::messages::refused_fields;
use crate::pages::council::chair::mode_name;
use crate::pages::council::meeting_form::MeetingForm;
use crate::pages::council::{use_meeting, MeetingPageProps};
use crate::pages::use_page_title;

/// Largest attachment the server takes (council.md: ≤ 10 MiB each).
const MAX_ATTACHMENT: f64 = ratusz_domain::validate::limits::ATTACHMENT_MAX_BYTES as f64;

/// The editor.
#[component]
pub fn ClerkSessionPage(props: &MeetingPageProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.editor_title);
    let lang = use_lang();
    let reload = use_state(|| 0_u32);
    let meeting = use_meeting(props.id.clone(), reload.to_string());
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(reload.wrapping_add(1)))
    };
    let actions = use_actions(refresh.clone());
    let meeting = match meeting {
        None => {
            return html! { <><h1>{ t.editor_title }</h1><p role="status">{ texts.loading }</p></> }
        }
        Some(Err(e)) => return html! { <><h1>{ t.editor_title }</h1><ErrorView error={e} /></> },
        Some(Ok(m)) => Rc::new(m),
    };
    let id = props.id.clone();
    let publish = {
        let (actions, id) = (actions.clone(), id.clone());
        Callback::from(move |()| {
            let id = id.clone();
            actions.run(
                async move { council_api::meeting_step(&id, MeetingStep::Publish).await },
                |t| t.published_done,
            );
        })
    };
    let closed = meeting.state == MeetingState::Closed;
    html! {
        <>
            <h1>{ format!("{}: {} {}", t.editor_title, meeting.title, meeting.number) }</h1>
            <ActionMessages actions={actions.clone()} labels={vec![
                ("title", t.item_title),
                ("description", t.item_description),
                ("item_ids", t.agenda_heading),
                ("X-Filename", t.attachment_pdf),
            ]} />
            <dl class="facts">
                <dt>{ texts.col_state }</dt><dd>{ meeting_state_name(meeting.state, t) }</dd>
                <dt>{ t.starts_at }</dt><dd>{ format_timestamp(meeting.starts_at, lang) }</dd>
                <dt>{ t.location }</dt><dd>{ meeting.location.clone() }</dd>
            </dl>
            <p class="button-row">
                if meeting.state == MeetingState::Draft {
                    <ConfirmButton label={t.publish} question={t.publish_question} on_confirm={publish} busy={actions.busy()} />
                }
                <a class="button button-secondary" href={council_api::minutes_url(&id)} target="_blank" rel="noopener">
                    { t.minutes }<span class="visually-hidden">{ format!(" {}", t.new_window) }</span>
                </a>
                <NavLink to={Route::Screen { id: id.to_string() }} classes={classes!("button", "button-secondary")}>{ t.open_screen }</NavLink>
            </p>
            <section class="panel" aria-labelledby="agenda-heading">
                <h2 id="agenda-heading">{ t.agenda_heading }</h2>
                <AgendaEditor meeting={meeting.clone()} actions={actions.clone()} />
            </section>
            if meeting.state != MeetingState::Draft {
                <section class="panel" aria-labelledby="attendance-heading">
                    <h2 id="attendance-heading">{ t.attendance_heading }</h2>
                    <AttendanceEditor id={id.clone()} actions={actions.clone()} revision={*reload} />
                </section>
            }
            if !closed {
                <section class="panel" aria-labelledby="edit-heading">
                    <h2 id="edit-heading">{ t.edit_meeting }</h2>
                    <MeetingForm meeting={(*meeting).clone()} on_saved={refresh.reform(|_| ())} />
                </section>
            }
        </>
    }
}

/// Props of [`AgendaEditor`].
#[derive(Properties, PartialEq)]
struct AgendaEditorProps {
    meeting: Rc<Meeting>,
    actions: Actions,
}

/// The agenda with edit, delete, move and upload per item, and the form for a new item.
#[component]
fn AgendaEditor(props: &AgendaEditorProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let title = use_state(String::new);
    let description = use_state(String::new);
    let editing = use_state(|| None::<String>);
    let m = &props.meeting;
    let id = AttrValue::from(m.id.clone());
    let closed = m.state == MeetingState::Closed;
    let ids: Vec<String> = m.agenda.iter().map(|i| i.id.clone()).collect();

    let add = {
        let (title, description, actions, id) = (
            title.clone(),
            description.clone(),
            props.actions.clone(),
            id.clone(),
        );
        on_submit(move || {
            let body = AgendaItemInput {
                title: Some(title.trim().to_owned()),
                description: Some(description.trim().to_owned()).filter(|d| !d.is_empty()),
            };
            if let Err(e) = ItemText::new(&body) {
                let mut local = refused_fields(&e, texts);
                if body.title.as_deref().is_some_and(str::is_empty) {
                    local.insert("title".to_owned(), t.item_title_required.to_owned());
                }
                actions.refuse_fields(local);
                return;
            }
            title.set(String::new());
            description.set(String::new());
            let id = id.clone();
            actions.run(
                async move { council_api::agenda_add(&id, &body).await },
                |t| t.item_added,
            );
        })
    };
    let items = m.agenda.iter().enumerate().map(|(i, item)| {
        let actions = &props.actions;
        let mover = |up: bool| {
            let order = moved(&ids, i, up);
            let disabled = order.is_none() || closed;
            let (actions, id) = (actions.clone(), id.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(order) = order.clone() {
                    let id = id.clone();
                    actions.run(async move { council_api::agenda_order(&id, order).await }, |t| t.agenda_reordered);
                }
            });
            html! {
                <button type="button" class="button button-secondary" {onclick} {disabled}>
                    { if up { t.move_up } else { t.move_down } }
                    <span class="visually-hidden">{ format!(": {}", item.title) }</span>
                </button>
            }
        };
        let delete = {
            let (actions, id, item_id) = (actions.clone(), id.clone(), item.id.clone());
            Callback::from(move |()| {
                let (id, item_id) = (id.clone(), item_id.clone());
                actions.run(async move { council_api::agenda_delete(&id, &item_id).await }, |t| t.item_deleted);
            })
        };
        let edit = {
            let (editing, item_id) = (editing.clone(), item.id.clone());
            Callback::from(move |_: MouseEvent| editing.set(Some(item_id.clone())))
        };
        let is_editing = editing.as_deref() == Some(item.id.as_str());
        html! {
            <li>
                <span class="agenda-title">{ item.title.clone() }</span>
                if let Some(d) = &item.description { <p class="prewrap">{ d.clone() }</p> }
                if !item.attachments.is_empty() {
                    <ul class="attachments">
                        { for item.attachments.iter().map(|a| html! {
                            <li><a href={council_api::attachment_url(&id, &a.id, false)} download={a.filename.clone()}>
                                { format!("{} ({} kB)", a.filename, a.size.div_ceil(1024)) }
                            </a></li>
                        }) }
                    </ul>
                }
                if !closed {
                    <div class="button-row">
                        { mover(true) }
                        { mover(false) }
                        <button type="button" class="button button-secondary" onclick={edit}>
                            { t.edit }<span class="visually-hidden">{ format!(": {}", item.title) }</span>
                        </button>
                        <ConfirmButton label={format!("{}: {}", t.delete, item.title)} question={t.delete_item_question}
                            danger=true on_confirm={delete} />
                    </div>
                    if is_editing {
                        <ItemEdit session_id={id.clone()} item={item.clone()} actions={actions.clone()}
                            on_done={{ let editing = editing.clone(); Callback::from(move |()| editing.set(None)) }} />
                    }
                    <Upload session_id={id.clone()} item={item.clone()} actions={actions.clone()} />
                }
            </li>
        }
    });
    // The page's actions share one set of refused fields: they belong to the item being
    // edited while one is, else to the form for a new item.
    let add_error = |field: &str| {
        editing
            .is_none()
            .then(|| props.actions.field_error(field))
            .flatten()
    };
    html! {
        <>
            if m.agenda.is_empty() {
                <p class="muted">{ t.agenda_empty }</p>
            } else {
                <ol class="agenda agenda-editor">{ for items }</ol>
            }
            if !closed {
                <form class="form subform" onsubmit={add} novalidate=true aria-labelledby="add-item-heading">
                    <h3 id="add-item-heading">{ t.add_item }</h3>
                    <Field id="item_title" label={t.item_title} required=true maxlength={ITEM_TITLE_MAX}
                        value={(*title).clone()} oninput={setter(&title)} error={add_error("title")} />
                    <Field id="item_description" label={t.item_description} multiline=true
                        maxlength={ITEM_DESCRIPTION_MAX} error={add_error("description")}
                        value={(*description).clone()} oninput={setter(&description)} />
                    <div class="button-row"><button type="submit" class="button">{ t.add_item }</button></div>
                </form>
            }
        </>
    }
}

/// Props of [`ItemEdit`].
#[derive(Properties, PartialEq)]
struct ItemEditProps {
    session_id: AttrValue,
    item: AgendaItem,
    actions: Actions,
    on_done: Callback<()>,
}

/// Editing one item's title and description in place.
#[component]
fn ItemEdit(props: &ItemEditProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let title = use_state(|| props.item.title.clone());
    let description = use_state(|| props.item.description.clone().unwrap_or_default());
    let prefix = format!("edit_{}", props.item.id);
    let current = ItemText {
        title: props.item.title.clone(),
        description: props.item.description.clone(),
    };
    let onsubmit = {
        let (title, description, actions, id, item_id, on_done) = (
            title.clone(),
            description.clone(),
            props.actions.clone(),
            props.session_id.clone(),
            props.item.id.clone(),
            props.on_done.clone(),
        );
        on_submit(move || {
            let body = AgendaItemInput {
                title: Some(title.trim().to_owned()),
                description: Some(description.trim().to_owned()),
            };
            if let Err(e) = current.edited(&body) {
                actions.refuse_fields(refused_fields(&e, texts));
                return;
            }
            let (id, item_id) = (id.clone(), item_id.clone());
            on_done.emit(());
            actions.run(
                async move { council_api::agenda_update(&id, &item_id, &body).await },
                |t| t.item_saved,
            );
        })
    };
    html! {
        <form class="form subform" {onsubmit} novalidate=true>
            <Field id={format!("{prefix}_title")} label={t.item_title} required=true maxlength={ITEM_TITLE_MAX}
                value={(*title).clone()} oninput={setter(&title)} error={props.actions.field_error("title")} />
            <Field id={format!("{prefix}_description")} label={t.item_description} multiline=true
                maxlength={ITEM_DESCRIPTION_MAX} error={props.actions.field_error("description")}
                value={(*description).clone()} oninput={setter(&description)} />
            <div class="button-row"><button type="submit" class="button">{ t.save_item }</button></div>
        </form>
    }
}

/// Props of [`Upload`].
#[derive(Properties, PartialEq)]
struct UploadProps {
    session_id: AttrValue,
    item: AgendaItem,
    actions: Actions,
}

/// A PDF file input and its upload button.
#[component]
fn Upload(props: &UploadProps) -> Html {
    let t = use_texts().council;
    let input = use_node_ref();
    let control_id = format!("upload_{}", props.item.id);
    let onclick = {
        let (input, actions, id, item) = (
            input.clone(),
            props.actions.clone(),
            props.session_id.clone(),
            props.item.id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let file = input
                .cast::<HtmlInputElement>()
                .and_then(|i| i.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else {
                actions.refuse(t.choose_file.to_owned());
                return;
            };
            if file.size() > MAX_ATTACHMENT {
                actions.refuse(t.file_too_large.to_owned());
                return;
            }
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.set_value("");
            }
            let (id, item) = (id.clone(), item.clone());
            actions.run(
                async move { council_api::upload_attachment(&id, &item, file).await },
                |t| t.file_uploaded,
            );
        })
    };
    html! {
        <div class="field upload">
            <label for={control_id.clone()}>{ format!("{} ({})", t.attachment_pdf, props.item.title) }</label>
            <input type="file" id={control_id} accept="application/pdf,.pdf" ref={input} />
            <button type="button" class="button button-secondary" {onclick}>{ t.upload }</button>
        </div>
    }
}

/// Props of [`AttendanceEditor`].
#[derive(Properties, PartialEq)]
struct AttendanceEditorProps {
    id: AttrValue,
    actions: Actions,
    revision: u32,
}

/// Every member with in person / remote / absent buttons (`PUT …/attendance/{user_id}`).
#[component]
fn AttendanceEditor(props: &AttendanceEditorProps) -> Html {
    let t = use_texts().council;
    let view = use_state(|| None::<Result<AttendanceView, crate::api::ApiError>>);
    {
        let view = view.clone();
        use_effect_with((props.id.clone(), props.revision), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move { view.set(Some(council_api::attendance(&id).await)) });
        });
    }
    let a = match &*view {
        None => return html! {},
        Some(Err(e)) => return html! { <ErrorView error={e.clone()} /> },
        Some(Ok(a)) => a,
    };
    let rows = a.members.iter().map(|m| {
        let button = |mode: AttendanceMode| {
            let (actions, id, user) = (props.actions.clone(), props.id.clone(), m.user_id.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                let (id, user) = (id.clone(), user.clone());
                actions.run(async move { council_api::set_attendance(&id, &user, mode).await }, |t| t.attendance_set);
            });
            let pressed = if m.mode == mode { "true" } else { "false" };
            html! {
                <button type="button" class="button button-secondary" aria-pressed={pressed} {onclick}>
                    { mode_name(mode, t) }<span class="visually-hidden">{ format!(": {}", m.name) }</span>
                </button>
            }
        };
        html! {
            <tr>
                <th scope="row">{ m.name.clone() }</th>
                <td>{ mode_name(m.mode, t) }</td>
                <td class="button-row">
                    { button(AttendanceMode::InPerson) }
                    { button(AttendanceMode::Remote) }
                    { button(AttendanceMode::Absent) }
                </td>
            </tr>
        }
    });
    html! {
        <>
            <p>{ format!("{} {} {} {}", t.present, a.present, t.of, a.statutory) }</p>
            <div class="table-wrap" role="region" tabindex="0" aria-label={t.attendance_heading}>
                <table class="data-table">
                    <caption>{ t.attendance_heading }</caption>
                    <thead><tr>
                        <th scope="col">{ t.col_councillor }</th>
                        <th scope="col">{ t.col_mode }</th>
                        <th scope="col">{ t.col_actions }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </>
    }
}
