//! `/admin/resident-keys` (Klucze danych mieszkańców): the administrator sees which key ids
//! seal and index the residents' data now, how many values each key id holds, and starts the
//! rotation that re-seals everything under the first keys; while it runs the page polls
//! `GET /api/notify/keys` every [`POLL_MS`] and shows the progress. Key ids and counts only:
//! the administrator reads no resident's data.

use std::collections::BTreeSet;

use gloo::timers::callback::Interval;
use ratusz_domain::api::notify::{NotifyKeys, Rotation, RotationState};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::resident_keys as api;
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::i18n::resident_keys::{progress, texts as keys_texts, ResidentKeysTexts};
use crate::i18n::{use_lang, use_texts, Lang};
use crate::messages::{error_message, format_timestamp};
use crate::pages::admin::Loaded;
use crate::pages::use_page_title;

/// How often the page asks while a rotation runs: a tick moves one batch, so a few seconds
/// show each step without loading the server.
pub const POLL_MS: u32 = 3_000;

/// Whether `error` is the 409 of a rotation already running.
fn already_running(error: &ApiError) -> bool {
    matches!(error, ApiError::Problem(p)
        if p.code == "conflict"
            && p.params.get("rule").map(String::as_str) == Some("rotation_running"))
}

/// The page.
#[component]
pub fn ResidentKeysPage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = keys_texts(lang);
    use_page_title(t.title);
    let keys = use_state(|| Loaded::<NotifyKeys>::Loading);
    // Bumped by the poll and after a start; each value runs one request.
    let round = use_state(|| 0_u32);
    let busy = use_state(|| false);
    let notice = use_state(|| None::<&'static str>);
    let error = use_state(|| None::<String>);
    {
        let keys = keys.clone();
        use_effect_with(*round, move |_| {
            spawn_local(async move {
                match api::keys().await {
                    Ok(k) => keys.set(Loaded::Ready(k)),
                    // A failed poll keeps the last numbers on screen.
                    Err(e) if !matches!(*keys, Loaded::Ready(_)) => keys.set(Loaded::Failed(e)),
                    Err(_) => {}
                }
            });
        });
    }
    let running = matches!(&*keys, Loaded::Ready(k)
        if k.rotation.as_ref().is_some_and(|r| r.state == RotationState::Running));
    {
        let round = round.clone();
        use_effect_with(running, move |running| {
            let timer =
                running.then(|| Interval::new(POLL_MS, move || round.set(round.wrapping_add(1))));
            move || drop(timer)
        });
    }
    let on_start = {
        let (busy, notice, error, round) =
            (busy.clone(), notice.clone(), error.clone(), round.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            notice.set(None);
            error.set(None);
            let (busy, notice, error, round) =
                (busy.clone(), notice.clone(), error.clone(), round.clone());
            spawn_local(async move {
                let result = api::start_rotation().await;
                busy.set(false);
                match result {
                    Ok(_) => notice.set(Some(t.started)),
                    Err(e) if already_running(&e) => error.set(Some(t.already_running.into())),
                    Err(e) => error.set(Some(error_message(&e, texts))),
                }
                round.set(round.wrapping_add(1));
            });
        })
    };
    html! {
        <>
            <h1>{ t.title }</h1>
            <p>{ t.intro }</p>
            { match &*keys {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(k) => html! { <KeysView keys={k.clone()} {lang} /> },
            } }
            <section aria-labelledby="keys-start" class="panel">
                <h2 id="keys-start">{ t.start }</h2>
                <p>{ t.start_hint }</p>
                <p>
                    <button type="button" class="button" onclick={on_start}
                        disabled={*busy || running}>
                        { if *busy { t.starting } else { t.start } }
                    </button>
                </p>
                <div role="status">
                    if let Some(n) = *notice { <p>{ n }</p> }
                </div>
                <div role="alert">
                    if let Some(e) = &*error { <p class="form-error">{ e.clone() }</p> }
                </div>
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct KeysViewProps {
    keys: NotifyKeys,
    lang: Lang,
}

#[component]
fn KeysView(props: &KeysViewProps) -> Html {
    let t = keys_texts(props.lang);
    let k = &props.keys;
    let kids: BTreeSet<&String> = k
        .ciphertexts_by_key
        .keys()
        .chain(k.indexes_by_key.keys())
        .collect();
    let mark = |kid: &str, active: &str| {
        if kid == active {
            format!(" {}", t.active_mark)
        } else {
            String::new()
        }
    };
    html! {
        <>
            <section aria-labelledby="keys-active" class="panel">
                <h2 id="keys-active">{ t.keys_heading }</h2>
                <dl class="facts">
                    <dt>{ t.sealing_key }</dt><dd><code>{ k.sealing_key_id.clone() }</code></dd>
                    <dt>{ t.index_key }</dt><dd><code>{ k.index_key_id.clone() }</code></dd>
                </dl>
            </section>
            <section aria-labelledby="keys-counts" class="panel">
                <h2 id="keys-counts">{ t.counts_heading }</h2>
                if kids.is_empty() {
                    <p>{ t.no_data }</p>
                } else {
                    <div class="table-wrap" role="region" tabindex="0" aria-labelledby="keys-counts">
                        <table class="data-table">
                            <caption class="visually-hidden">{ t.counts_heading }</caption>
                            <thead><tr>
                                <th scope="col">{ t.col_key }</th>
                                <th scope="col">{ t.col_ciphertexts }</th>
                                <th scope="col">{ t.col_indexes }</th>
                            </tr></thead>
                            <tbody>
                                { for kids.iter().map(|kid| html! {
                                    <tr>
                                        <th scope="row"><code>{ (*kid).clone() }</code></th>
                                        <td>{ format!("{}{}",
                                            k.ciphertexts_by_key.get(*kid).copied().unwrap_or(0),
                                            mark(kid, &k.sealing_key_id)) }</td>
                                        <td>{ format!("{}{}",
                                            k.indexes_by_key.get(*kid).copied().unwrap_or(0),
                                            mark(kid, &k.index_key_id)) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </section>
            <section aria-labelledby="keys-rotation" class="panel">
                <h2 id="keys-rotation">{ t.rotation_heading }</h2>
                { match &k.rotation {
                    None => html! { <p>{ t.rotation_none }</p> },
                    Some(r) => rotation_view(r, t, props.lang),
                } }
            </section>
        </>
    }
}

fn rotation_view(r: &Rotation, t: &ResidentKeysTexts, lang: Lang) -> Html {
    let running = r.state == RotationState::Running;
    let total = r.total.max(1);
    let percent = r.done.min(total) * 100 / total;
    let percent = if r.total == 0 { 100 } else { percent };
    let words = progress(t, r.done, r.total);
    html! {
        <>
            <p><strong>{ if running { t.rotation_running } else { t.rotation_done } }</strong></p>
            <p>{ format!("{} {}", t.started_at, format_timestamp(r.started_at, lang)) }</p>
            <p id="keys-progress-label">{ t.progress_label }</p>
            <progress role="progressbar" aria-labelledby="keys-progress-label"
                max="100" value={percent.to_string()}
                aria-valuemin="0" aria-valuemax="100" aria-valuenow={percent.to_string()}
                aria-valuetext={words.clone()}></progress>
            <p>{ words }</p>
            if running { <p class="muted">{ t.polling_hint }</p> }
        </>
    }
}
