//! The clerk's meeting form, for a new meeting (`POST /api/sessions`) and for changes
//! (`PATCH /api/sessions/:id`).

use std::collections::BTreeMap;

use ratusz_domain::accounts::local_time;
use ratusz_domain::api::council::{
    Meeting, MeetingCreate, MeetingKind, MeetingPatch, MemberView, SpeakingLimits,
};
use ratusz_domain::validate::limits::{
    LOCATION_MAX, MEETING_NUMBER_MAX, MEETING_TITLE_MAX, SPEAKING_SECONDS_MAX, URL_MAX,
};
use ratusz_domain::validate::{self, Checks};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::components::form::{error_id, setter, Checkbox, Field, FormMessages, Select};
use crate::i18n::use_texts;
use crate::messages::{checked_errors, error_message, error_summary, field_errors};
use crate::pages::council::members::MemberPicker;

/// The server's names of the three speaking limits (normal, ad vocem, formal motion).
const LIMIT_FIELDS: [&str; 3] = [
    "speaking_limits.normal",
    "speaking_limits.ad_vocem",
    "speaking_limits.formal_motion",
];

/// Props of [`MeetingForm`].
#[derive(Properties, PartialEq)]
pub struct MeetingFormProps {
    /// The meeting being edited; `None` creates one.
    #[prop_or_default]
    pub meeting: Option<Meeting>,
    /// Called with the meeting id after a save.
    pub on_saved: Callback<String>,
}

/// Title, number, kind, start, place, video room, statutory composition, members, chair.
#[component]
pub fn MeetingForm(props: &MeetingFormProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let m = props.meeting.as_ref();
    let title = use_state(|| m.map(|m| m.title.clone()).unwrap_or_default());
    let number = use_state(|| m.map(|m| m.number.clone()).unwrap_or_default());
    let kind = use_state(|| match m.map(|m| m.kind) {
        Some(MeetingKind::Committee) => "committee".to_owned(),
        _ => "session".to_owned(),
    });
    let starts = use_state(|| {
        m.map(|m| local_time::to_input(m.starts_at))
            .unwrap_or_default()
    });
    let location = use_state(|| m.map(|m| m.location.clone()).unwrap_or_default());
    let video = use_state(|| m.and_then(|m| m.video_url.clone()).unwrap_or_default());
    let statutory = use_state(|| {
        m.map(|m| m.statutory_members.to_string())
            .unwrap_or_default()
    });
    let members = use_state(|| {
        m.map(|m| {
            if m.members.is_empty() {
                m.member_ids
                    .iter()
                    .map(|id| MemberView {
                        user_id: id.clone(),
                        name: id.clone(),
                    })
                    .collect()
            } else {
                m.members.clone()
            }
        })
        .unwrap_or_default()
    });
    let chair = use_state(|| m.and_then(|m| m.chair_id.clone()).unwrap_or_default());
    let limits = use_state(|| {
        let l = m.map(|m| m.speaking_limits).unwrap_or_default();
        [l.normal, l.ad_vocem, l.formal_motion].map(|s| s.to_string())
    });
    let allow_change = use_state(|| m.is_some_and(|m| m.allow_vote_change));
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let editing = m.map(|m| m.id.clone());

    let onsubmit = {
        let (title, number, kind, starts, location, video, statutory, members, chair) = (
            title.clone(),
            number.clone(),
            kind.clone(),
            starts.clone(),
            location.clone(),
            video.clone(),
            statutory.clone(),
            members.clone(),
            chair.clone(),
        );
        let (limits, allow_change) = (limits.clone(), allow_change.clone());
        let (errors, error, busy, done, on_saved) = (
            errors.clone(),
            error.clone(),
            busy.clone(),
            done.clone(),
            props.on_saved.clone(),
        );
        let editing = editing.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            // Every mistake at once: the shared validators for the texts, then the parsing.
            let mut checks = Checks::new();
            checks.check("title", validate::text(&title, MEETING_TITLE_MAX));
            checks.check("number", validate::text(&number, MEETING_NUMBER_MAX));
            checks.check("location", validate::text(&location, LOCATION_MAX));
            checks.check("video_url", validate::https_url(Some(video.as_str())));
            let mut local = checked_errors(checks, texts);
            let starts_at = local_time::from_input(&starts);
            if starts_at.is_none() {
                local.insert("starts_at".to_owned(), t.starts_required.to_owned());
            }
            let statutory_members = statutory.trim().parse::<u32>().ok();
            if statutory_members.is_none() {
                local.insert(
                    "statutory_members".to_owned(),
                    t.statutory_invalid.to_owned(),
                );
            }
            let speaking_limits = parse_limits(&limits);
            if speaking_limits.is_none() {
                local.insert("speaking_limits".to_owned(), t.limits_invalid.to_owned());
            }
            let (true, Some(starts_at), Some(statutory_members), Some(speaking_limits)) = (
                local.is_empty(),
                starts_at,
                statutory_members,
                speaking_limits,
            ) else {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            };
            busy.set(true);
            done.set(false);
            error.set(None);
            errors.set(BTreeMap::new());
            let kind = if *kind == "committee" {
                MeetingKind::Committee
            } else {
                MeetingKind::Session
            };
            let member_ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
            let video_url = video.trim().to_owned();
            let chair_id = chair.trim().to_owned();
            let allow_vote_change = *allow_change;
            let (title, number, location) = (
                title.trim().to_owned(),
                number.trim().to_owned(),
                location.trim().to_owned(),
            );
            let (errors, error, busy, done, on_saved, editing) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                done.clone(),
                on_saved.clone(),
                editing.clone(),
            );
            spawn_local(async move {
                let result = match &editing {
                    Some(id) => {
                        let patch = MeetingPatch {
                            title: Some(title),
                            number: Some(number),
                            kind: Some(kind),
                            starts_at: Some(starts_at),
                            location: Some(location),
                            video_url: Some(video_url),
                            statutory_members: Some(statutory_members),
                            member_ids: Some(member_ids),
                            chair_id: Some(chair_id),
                            speaking_limits: Some(speaking_limits),
                            allow_vote_change: Some(allow_vote_change),
                        };
                        council_api::update_session(id, &patch)
                            .await
                            .map(|()| id.clone())
                    }
                    None => {
                        let create = MeetingCreate {
                            title,
                            number,
                            kind,
                            starts_at,
                            location,
                            video_url: (!video_url.is_empty()).then_some(video_url),
                            statutory_members,
                            member_ids,
                            chair_id: (!chair_id.is_empty()).then_some(chair_id),
                            speaking_limits: Some(speaking_limits),
                            allow_vote_change: Some(allow_vote_change),
                        };
                        council_api::create_session(&create).await.map(|m| m.id)
                    }
                };
                busy.set(false);
                match result {
                    Ok(id) => {
                        done.set(true);
                        on_saved.emit(id);
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };

    let err = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let limit_kinds = [t.kind_normal, t.kind_ad_vocem, t.kind_formal_motion];
    let limit_labels = limit_kinds.map(|kind| format!("{} ({kind})", t.limit_seconds));
    let mut labels = vec![
        ("title", t.meeting_title),
        ("number", t.meeting_number),
        ("kind", t.meeting_kind),
        ("starts_at", t.starts_at),
        ("location", t.location),
        ("video_url", t.video_url),
        ("statutory_members", t.statutory_members),
        ("member_ids", t.members),
        ("chair_id", t.chair),
        ("speaking_limits", t.speaking_limits),
    ];
    labels.extend(
        LIMIT_FIELDS
            .iter()
            .zip(&limit_labels)
            .map(|(f, l)| (*f, l.as_str())),
    );
    let summary = error_summary(&errors, &labels);
    let form_id = if editing.is_some() {
        "meeting-edit-form"
    } else {
        "meeting-create-form"
    };
    let kinds = vec![
        (
            AttrValue::Static("session"),
            AttrValue::Static(t.kind_session),
        ),
        (
            AttrValue::Static("committee"),
            AttrValue::Static(t.kind_committee),
        ),
    ];
    let mut chairs = vec![(AttrValue::Static(""), AttrValue::Static(t.any_chair))];
    chairs.extend(members.iter().map(|m| {
        (
            AttrValue::from(m.user_id.clone()),
            AttrValue::from(m.name.clone()),
        )
    }));
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.saved))
    };
    let on_members = {
        let members = members.clone();
        Callback::from(move |list: Vec<MemberView>| members.set(list))
    };
    html! {
        <div class="form">
            <form id={form_id} class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <Field id="meeting_title" label={t.meeting_title} required=true maxlength={MEETING_TITLE_MAX}
                    value={(*title).clone()} oninput={setter(&title)} error={err("title")} />
                <Field id="meeting_number" label={t.meeting_number} required=true maxlength={MEETING_NUMBER_MAX}
                    value={(*number).clone()} oninput={setter(&number)} error={err("number")} hint={t.number_hint} />
                <Select id="meeting_kind" label={t.meeting_kind} value={(*kind).clone()} options={kinds}
                    onchange={setter(&kind)} error={err("kind")} />
                <Field id="meeting_starts" label={t.starts_at} kind="datetime-local" required=true
                    value={(*starts).clone()} oninput={setter(&starts)} error={err("starts_at")} />
                <Field id="meeting_location" label={t.location} required=true maxlength={LOCATION_MAX}
                    value={(*location).clone()} oninput={setter(&location)} error={err("location")} />
                <Field id="meeting_video" label={t.video_url} kind="url" maxlength={URL_MAX}
                    value={(*video).clone()} oninput={setter(&video)} error={err("video_url")} hint={t.video_hint} />
                <Field id="meeting_statutory" label={t.statutory_members} kind="number" inputmode="numeric" required=true
                    value={(*statutory).clone()} oninput={setter(&statutory)} error={err("statutory_members")} />
            </form>
            <MemberPicker selected={(*members).clone()} onchange={on_members} error={err("member_ids")} />
            <Select id="meeting_chair" label={t.chair} value={(*chair).clone()} options={chairs}
                onchange={setter(&chair)} error={err("chair_id")} />
            <fieldset class="fieldset"
                aria-describedby={err("speaking_limits").map(|_| error_id("speaking_limits"))}>
                <legend>{ t.speaking_limits }</legend>
                if let Some(e) = err("speaking_limits") {
                    <p id={error_id("speaking_limits")} class="field-error">{ e }</p>
                }
                { for limit_labels.iter().enumerate().map(|(i, label)| {
                    let value = limits[i].clone();
                    let limits = limits.clone();
                    let oninput = Callback::from(move |text: String| {
                        let mut next = (*limits).clone();
                        next[i] = text;
                        limits.set(next);
                    });
                    html! {
                        <Field id={format!("limit_{i}")} label={label.clone()}
                            kind="number" inputmode="numeric" {value} {oninput}
                            error={err(LIMIT_FIELDS[i])} />
                    }
                }) }
            </fieldset>
            <Checkbox id="allow_vote_change" label={t.allow_vote_change} checked={*allow_change}
                onchange={{ let a = allow_change.clone(); Callback::from(move |v: bool| a.set(v)) }} />
            <div class="button-row">
                <button type="submit" form={form_id} class="button">
                    { if editing.is_some() { texts.save_changes } else { t.create_meeting } }
                </button>
            </div>
        </div>
    }
}

/// The three speaking limits in seconds (1–[`SPEAKING_SECONDS_MAX`] each), or `None` when one
/// is not a number.
fn parse_limits(values: &[String; 3]) -> Option<SpeakingLimits> {
    let mut parsed = [0_u32; 3];
    for (slot, text) in parsed.iter_mut().zip(values) {
        *slot = text
            .trim()
            .parse()
            .ok()
            .filter(|s| (1..=SPEAKING_SECONDS_MAX).contains(s))?;
    }
    let [normal, ad_vocem, formal_motion] = parsed;
    Some(SpeakingLimits {
        normal,
        ad_vocem,
        formal_motion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaking_limits_are_whole_seconds_up_to_an_hour() {
        let text = |a: &str, b: &str, c: &str| [a.to_owned(), b.to_owned(), c.to_owned()];
        assert_eq!(
            parse_limits(&text("300", " 60 ", "60")),
            Some(SpeakingLimits {
                normal: 300,
                ad_vocem: 60,
                formal_motion: 60
            })
        );
        assert_eq!(parse_limits(&text("300", "", "60")), None);
        assert_eq!(parse_limits(&text("0", "60", "60")), None);
        assert_eq!(parse_limits(&text("3601", "60", "60")), None);
        assert_eq!(parse_limits(&text("5 min", "60", "60")), None);
    }
}
