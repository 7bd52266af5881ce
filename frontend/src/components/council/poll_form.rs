//! The chair's form for a new poll: title, open or secret, a majority preset, the agenda item
//! (the current one unless the chair picks another, so the BIP page names it) and a time limit.
//! Every mistake is named at once, by the server's own rules (`NewPoll::from_create`).

use ratusz_domain::api::council::{AgendaItem, PollCreate, PollKind};
use ratusz_domain::council::poll::NewPoll;
use ratusz_domain::validate::limits::POLL_TITLE_MAX;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::components::council::action::Actions;
use crate::components::form::{on_submit, setter, Field, Select};
use crate::council::MajorityPreset;
use crate::i18n::use_texts;
use crate::messages::refused_fields;

/// Props of [`PollForm`].
#[derive(Properties, PartialEq)]
pub struct PollFormProps {
    /// The console's action runner (its field errors are this form's).
    pub actions: Actions,
    /// Meeting id.
    pub id: AttrValue,
    /// The current agenda item: what a new poll is about unless the chair picks another.
    pub current: Option<String>,
    /// The agenda, for the item a poll is about.
    pub items: Vec<AgendaItem>,
}

/// A new poll: title, open/secret, majority preset, agenda item, time limit.
#[component]
pub fn PollForm(props: &PollFormProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let title = use_state(String::new);
    let kind = use_state(|| "open".to_owned());
    let preset = use_state(|| MajorityPreset::Simple.code().to_owned());
    let item = use_state(String::new);
    {
        // Follows the current item (the BIP page names the item a poll was about).
        let item = item.clone();
        use_effect_with(props.current.clone(), move |current| {
            item.set(current.clone().unwrap_or_default());
        });
    }
    let limit = use_state(String::new);
    let onsubmit = {
        let (title, kind, preset, item, limit) = (
            title.clone(),
            kind.clone(),
            preset.clone(),
            item.clone(),
            limit.clone(),
        );
        let (actions, id) = (props.actions.clone(), props.id.clone());
        on_submit(move || {
            let limit_text = limit.trim();
            let time_limit_s = limit_text.parse::<u32>().ok();
            let body = PollCreate {
                title: title.trim().to_owned(),
                kind: if *kind == "secret" {
                    PollKind::Secret
                } else {
                    PollKind::Open
                },
                majority: MajorityPreset::from_code(&preset)
                    .unwrap_or(MajorityPreset::Simple)
                    .majority(),
                options: None,
                item_id: (!item.is_empty()).then(|| (*item).clone()),
                time_limit_s,
            };
            // Every mistake at once, by the server's own rules.
            let mut local = NewPoll::from_create(&body)
                .err()
                .map(|e| refused_fields(&e, texts))
                .unwrap_or_default();
            if body.title.is_empty() {
                local.insert("title".to_owned(), t.poll_title_required.to_owned());
            }
            if !limit_text.is_empty() && time_limit_s.is_none() {
                local.insert("time_limit_s".to_owned(), t.time_limit_invalid.to_owned());
            }
            if !local.is_empty() {
                actions.refuse_fields(local);
                return;
            }
            title.set(String::new());
            let id = id.clone();
            actions.run(
                async move { council_api::create_poll(&id, &body).await },
                |t| t.poll_created,
            );
        })
    };
    let presets: Vec<_> = MajorityPreset::ALL
        .iter()
        .map(|p| (AttrValue::Static(p.code()), AttrValue::Static(p.name(t))))
        .collect();
    let kinds = vec![
        (AttrValue::Static("open"), AttrValue::Static(t.kind_open)),
        (
            AttrValue::Static("secret"),
            AttrValue::Static(t.kind_secret),
        ),
    ];
    let mut items = vec![(AttrValue::Static(""), AttrValue::Static(t.no_item))];
    items.extend(props.items.iter().map(|i| {
        (
            AttrValue::from(i.id.clone()),
            AttrValue::from(i.title.clone()),
        )
    }));
    html! {
        <form class="form subform" {onsubmit} novalidate=true aria-labelledby="poll-form-heading">
            <h3 id="poll-form-heading">{ t.new_poll }</h3>
            <Field id="poll_title" label={t.poll_title} required=true maxlength={POLL_TITLE_MAX}
                value={(*title).clone()} oninput={setter(&title)}
                error={props.actions.field_error("title")} />
            <Select id="poll_kind" label={t.poll_kind} value={(*kind).clone()} options={kinds} onchange={setter(&kind)} />
            <Select id="poll_majority" label={t.majority} value={(*preset).clone()} options={presets} onchange={setter(&preset)}
                error={props.actions.field_error("majority")} />
            <Select id="poll_item" label={t.poll_item} value={(*item).clone()} options={items} onchange={setter(&item)}
                error={props.actions.field_error("item_id")} />
            <Field id="poll_limit" label={t.time_limit} kind="number" inputmode="numeric"
                value={(*limit).clone()} oninput={setter(&limit)} hint={t.time_limit_hint}
                error={props.actions.field_error("time_limit_s")} />
            <div class="button-row">
                <button type="submit" class="button">{ t.create_poll }</button>
            </div>
        </form>
    }
}
