//! `/notify/templates` (Szablony wiadomości): the templates, each editable in place and
//! deletable after a confirmation, and the form that adds one (a taken name is refused with
//! its own sentence); and [`TemplatePicker`], compose's "Użyj szablonu", which fills the form
//! from one.

use std::collections::BTreeMap;

use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::Category;
use ratusz_domain::api::notify_templates::{Template, TemplateInput, TemplatePatch};
use ratusz_domain::notify::template_fields;
use ratusz_domain::validate::{limits, FieldErrors, Invalid};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::channels::ChannelChoice;
use super::draft::{optional, Draft};
use super::{category_name, channel_list, use_notify_texts};
use crate::api::notify_templates as api;
use crate::api::ApiError;
use crate::app::Route;
use crate::components::confirm::ConfirmButton;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, Field, FormMessages, Select};
use crate::components::nav_link::NavLink;
use crate::i18n::notify_messages::NotifyMessagesTexts;
use crate::i18n::{use_lang, use_texts};
use crate::messages::{error_summary, format_timestamp, refused_fields};
use crate::pages::admin::Loaded;
use crate::pages::residents::{error_of, Errors};
use crate::pages::use_page_title;
use crate::problems::notify_messages::{messages_error, messages_field_errors};

/// A template's form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
struct TemplateDraft {
    name: String,
    title: String,
    text: String,
    category: String,
    link: String,
    channels: Vec<Channel>,
}

impl TemplateDraft {
    fn of(template: &Template) -> Self {
        Self {
            name: template.name.clone(),
            title: template.title.clone(),
            text: template.text.clone(),
            category: template.category.as_str().to_owned(),
            link: template.link.clone().unwrap_or_default(),
            channels: template.channels.clone(),
        }
    }

    /// The input, or every refused field: no category chosen, then the domain's rules of a
    /// template (`notify::template_fields::check`, the server's own).
    fn input(&self) -> Result<TemplateInput, FieldErrors> {
        let category = Category::parse(&self.category);
        let input = TemplateInput {
            name: self.name.trim().to_owned(),
            title: self.title.trim().to_owned(),
            text: self.text.trim().to_owned(),
            // Only sent when a category was chosen (refused below otherwise).
            category: category.unwrap_or(Category::Other),
            link: optional(&self.link),
            channels: self.channels.clone(),
        };
        let mut refused = template_fields::check(&input).map_or_else(|e| e.0, |_| BTreeMap::new());
        if category.is_none() {
            refused.insert("category".to_owned(), Invalid::required());
        }
        if refused.is_empty() {
            Ok(input)
        } else {
            Err(FieldErrors(refused))
        }
    }
}

/// The form's labels in its order.
fn labels(t: &NotifyMessagesTexts) -> [(&'static str, &'static str); 6] {
    [
        ("name", t.field_name),
        ("title", t.field_title),
        ("text", t.field_text),
        ("category", t.field_category),
        ("link", t.field_link),
        ("channels", t.field_channels),
    ]
}

/// The templates, once loaded.
#[hook]
fn use_templates(round: u32) -> UseStateHandle<Loaded<Vec<Template>>> {
    let templates = use_state(|| Loaded::Loading);
    {
        let templates = templates.clone();
        use_effect_with(round, move |_| {
            spawn_local(async move {
                templates.set(match api::list().await {
                    Ok(list) => Loaded::Ready(list.items),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    templates
}

/// The templates page.
#[component]
pub fn NotifyTemplatesPage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = use_notify_texts();
    use_page_title(t.templates_title);
    let round = use_state(|| 0_u32);
    let templates = use_templates(*round);
    // The template being edited (`None`: the form adds one).
    let editing = use_state(|| None::<Template>);
    let notice = use_state(|| None::<&'static str>);
    let list_error = use_state(|| None::<String>);
    let reload = {
        let round = round.clone();
        Callback::from(move |_: ()| round.set(round.wrapping_add(1)))
    };
    let on_saved = {
        let (editing, notice, reload) = (editing.clone(), notice.clone(), reload.clone());
        Callback::from(move |said: &'static str| {
            editing.set(None);
            notice.set(Some(said));
            reload.emit(());
        })
    };
    let on_stop = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(None))
    };
    let delete = {
        let (notice, list_error, reload, editing) = (
            notice.clone(),
            list_error.clone(),
            reload.clone(),
            editing.clone(),
        );
        Callback::from(move |id: String| {
            let (notice, list_error, reload, editing) = (
                notice.clone(),
                list_error.clone(),
                reload.clone(),
                editing.clone(),
            );
            spawn_local(async move {
                match api::delete(&id).await {
                    Ok(()) => {
                        if editing.as_ref().is_some_and(|e| e.id == id) {
                            editing.set(None);
                        }
                        list_error.set(None);
                        notice.set(Some(t.deleted));
                        reload.emit(());
                    }
                    Err(e) => list_error.set(Some(messages_error(&e, texts, t))),
                }
            });
        })
    };
    let body = match &*templates {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(items) if items.is_empty() => html! { <p>{ t.templates_none }</p> },
        Loaded::Ready(items) => html! {
            <div class="table-wrap" role="region" tabindex="0" aria-label={t.templates_title}>
                <table class="data-table">
                    <caption class="visually-hidden">{ t.templates_title }</caption>
                    <thead><tr>
                        <th scope="col">{ t.col_name }</th>
                        <th scope="col">{ t.col_title }</th>
                        <th scope="col">{ t.col_category }</th>
                        <th scope="col">{ t.col_channels }</th>
                        <th scope="col">{ t.col_updated }</th>
                        <th scope="col">{ t.col_actions }</th>
                    </tr></thead>
                    <tbody>
                        { for items.iter().map(|template| {
                            let edit = {
                                let (editing, notice, template) =
                                    (editing.clone(), notice.clone(), template.clone());
                                Callback::from(move |_: MouseEvent| {
                                    notice.set(None);
                                    editing.set(Some(template.clone()));
                                })
                            };
                            let on_delete = {
                                let (delete, id) = (delete.clone(), template.id.clone());
                                Callback::from(move |_: ()| delete.emit(id.clone()))
                            };
                            html! {
                                <tr>
                                    <th scope="row">{ template.name.clone() }</th>
                                    <td>{ template.title.clone() }</td>
                                    <td>{ category_name(template.category, t) }</td>
                                    <td>{ channel_list(&template.channels, t) }</td>
                                    <td>{ format_timestamp(template.updated_at, lang) }</td>
                                    <td>
                                        <div class="button-row">
                                            <button type="button" class="button button-secondary"
                                                aria-label={format!("{}: {}", t.edit, template.name)}
                                                onclick={edit}>{ t.edit }</button>
                                            <ConfirmButton label={format!("{}: {}", t.delete, template.name)}
                                                question={t.delete_question.replace("{name}", &template.name)}
                                                on_confirm={on_delete} danger=true />
                                        </div>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    let heading = match &*editing {
        Some(template) => t.template_edit_heading.replace("{name}", &template.name),
        None => t.template_new_heading.to_owned(),
    };
    html! {
        <>
            <p><NavLink to={Route::NotifyMessages}>{ t.back_to_list }</NavLink></p>
            <h1>{ t.templates_title }</h1>
            <p>{ t.templates_intro }</p>
            <div role="status">
                if let Some(n) = *notice { <p class="form-success">{ n }</p> }
            </div>
            <div role="alert">
                if let Some(e) = &*list_error { <p class="form-error">{ e.clone() }</p> }
            </div>
            { body }
            <section aria-labelledby="template-form-heading" class="panel">
                <h2 id="template-form-heading">{ heading }</h2>
                <TemplateForm key={editing.as_ref().map_or_else(String::new, |e| e.id.clone())}
                    editing={(*editing).clone()} {on_saved} {on_stop} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TemplateFormProps {
    editing: Option<Template>,
    on_saved: Callback<&'static str>,
    on_stop: Callback<()>,
}

/// Adds a template, or saves the one being edited.
#[component]
fn TemplateForm(props: &TemplateFormProps) -> Html {
    let texts = use_texts();
    let t = use_notify_texts();
    let draft = use_state(|| {
        props
            .editing
            .as_ref()
            .map_or_else(TemplateDraft::default, TemplateDraft::of)
    });
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, error, busy) =
            (draft.clone(), errors.clone(), error.clone(), busy.clone());
        let (on_saved, editing) = (props.on_saved.clone(), props.editing.clone());
        on_submit(move || {
            if *busy {
                return;
            }
            let input = match draft.input() {
                Ok(input) => input,
                Err(refused) => {
                    errors.set(refused_fields(&refused, texts));
                    error.set(Some(texts.form_fix_fields.into()));
                    return;
                }
            };
            errors.set(Errors::new());
            error.set(None);
            busy.set(true);
            let (errors, error, busy, on_saved, draft) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                on_saved.clone(),
                draft.clone(),
            );
            let id = editing.as_ref().map(|e| e.id.clone());
            spawn_local(async move {
                let result = match &id {
                    Some(id) => api::update(id, &TemplatePatch::from(input))
                        .await
                        .map(|_| t.template_saved),
                    None => api::create(&input).await.map(|_| t.template_created),
                };
                busy.set(false);
                match result {
                    Ok(said) => {
                        draft.set(TemplateDraft::default());
                        on_saved.emit(said);
                    }
                    Err(e) => refuse(&e, &errors, &error, texts, t),
                }
            });
        })
    };
    let text = |set: fn(&mut TemplateDraft, String)| setter_of(&draft, set);
    let on_channels = {
        let draft = draft.clone();
        Callback::from(move |channels| {
            draft.set(TemplateDraft {
                channels,
                ..(*draft).clone()
            })
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
    let e = &*errors;
    let summary = error_summary(e, &labels(t));
    let status = busy.then_some(AttrValue::Static(texts.working));
    let stop = props.on_stop.reform(|_: MouseEvent| ());
    html! {
        <form class="form" {onsubmit} novalidate=true>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
            <Field id="template_name" label={t.field_name} required=true
                maxlength={limits::TEMPLATE_NAME_MAX} value={draft.name.clone()}
                oninput={text(|d, v| d.name = v)} error={error_of(e, "name")} />
            <Field id="template_title" label={t.field_title} required=true
                maxlength={limits::MESSAGE_TITLE_MAX} value={draft.title.clone()}
                oninput={text(|d, v| d.title = v)} error={error_of(e, "title")} />
            <Field id="template_text" label={t.field_text} required=true multiline=true
                hint={t.text_hint} maxlength={limits::MESSAGE_TEXT_MAX}
                value={draft.text.clone()} oninput={text(|d, v| d.text = v)}
                error={error_of(e, "text")} />
            <Select id="template_category" label={t.field_category} required=true
                value={draft.category.clone()} options={categories}
                onchange={text(|d, v| d.category = v)} error={error_of(e, "category")} />
            <Field id="template_link" label={t.field_link} kind="url" hint={t.link_hint}
                maxlength={limits::URL_MAX} value={draft.link.clone()}
                oninput={text(|d, v| d.link = v)} error={error_of(e, "link")} />
            <ChannelChoice id_prefix="template" channels={draft.channels.clone()}
                on_change={on_channels} error={error_of(e, "channels")} />
            <div class="button-row">
                <button type="submit" class="button">
                    { if props.editing.is_some() { t.template_save } else { t.template_create } }
                </button>
                if props.editing.is_some() {
                    <button type="button" class="button button-secondary" onclick={stop}>
                        { t.cancel_edit }
                    </button>
                }
            </div>
        </form>
    }
}

/// A setter of one text field of the template's draft.
fn setter_of(
    draft: &UseStateHandle<TemplateDraft>,
    set: fn(&mut TemplateDraft, String),
) -> Callback<String> {
    let draft = draft.clone();
    Callback::from(move |value: String| {
        let mut next = (*draft).clone();
        set(&mut next, value);
        draft.set(next);
    })
}

/// A refused save, said on the form.
fn refuse(
    e: &ApiError,
    errors: &UseStateHandle<Errors>,
    error: &UseStateHandle<Option<String>>,
    texts: &'static crate::i18n::Texts,
    t: &'static NotifyMessagesTexts,
) {
    errors.set(messages_field_errors(e, texts, t));
    error.set(Some(messages_error(e, texts, t)));
}

/// Props of [`TemplatePicker`].
#[derive(Properties, PartialEq)]
pub struct TemplatePickerProps {
    /// The compose form as typed.
    pub draft: Draft,
    /// Called with the form filled from the chosen template.
    pub on_pick: Callback<Draft>,
}

/// Compose's "Użyj szablonu": a list of the templates; choosing one fills the title, text,
/// category, link and channels and records the template. Nothing when there are none.
#[component]
pub fn TemplatePicker(props: &TemplatePickerProps) -> Html {
    let t = use_notify_texts();
    let templates = use_templates(0);
    let Loaded::Ready(items) = &*templates else {
        return Html::default();
    };
    if items.is_empty() {
        return Html::default();
    }
    let options = std::iter::once((AttrValue::Static(""), AttrValue::Static(t.no_template)))
        .chain(items.iter().map(|i| {
            (
                AttrValue::from(i.id.clone()),
                AttrValue::from(i.name.clone()),
            )
        }))
        .collect::<Vec<_>>();
    let onchange = {
        let (items, draft, on_pick) = (items.clone(), props.draft.clone(), props.on_pick.clone());
        Callback::from(move |id: String| {
            let Some(template) = items.iter().find(|i| i.id == id) else {
                return;
            };
            on_pick.emit(Draft {
                template_id: Some(template.id.clone()),
                title: template.title.clone(),
                text: template.text.clone(),
                category: template.category.as_str().to_owned(),
                link: template.link.clone().unwrap_or_default(),
                channels: template.channels.clone(),
                ..draft.clone()
            });
        })
    };
    let value = props.draft.template_id.clone().unwrap_or_default();
    html! {
        <Select id="message_template" label={t.use_template} {value} {options} {onchange} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::validate::FieldCode;

    #[test]
    fn a_template_form_needs_a_category_and_trims() {
        let draft = TemplateDraft {
            name: " Wywóz śmieci ".into(),
            title: "Wywóz".into(),
            text: "Jutro wywóz ((district)).".into(),
            category: "event".into(),
            link: " ".into(),
            channels: vec![Channel::Sms],
        };
        let input = draft.input().unwrap();
        assert_eq!(input.name, "Wywóz śmieci");
        assert_eq!(input.category, Category::Event);
        assert_eq!(input.link, None);
        let refused = TemplateDraft::default().input().unwrap_err().0;
        let fields: Vec<(&str, FieldCode)> =
            refused.iter().map(|(f, i)| (f.as_str(), i.code)).collect();
        assert_eq!(
            fields,
            [
                ("category", FieldCode::Required),
                ("channels", FieldCode::Required),
                ("name", FieldCode::Required),
                ("text", FieldCode::Required),
                ("title", FieldCode::Required),
            ]
        );
    }
}
