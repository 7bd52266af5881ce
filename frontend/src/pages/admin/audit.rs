//! `/admin/audit` (Dziennik audytu): the audit chain a page at a time, and a server-side
//! verification of the whole chain and its signed checkpoints (`GET /api/audit/verify`).

use ratusz_domain::api::{AuditEntry, AuditVerification, Page};
use ratusz_domain::audit::export::CheckpointStatus;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::error_view::ErrorView;
use crate::i18n::{use_lang, use_texts, Texts};
use crate::messages::format_timestamp;
use crate::pages::admin::Loaded;
use crate::pages::use_page_title;

/// The audit page.
#[component]
pub fn AuditPage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    use_page_title(texts.audit_title);
    // The cursors of the pages before the shown one, for "previous page".
    let history = use_state(Vec::<Option<String>>::new);
    let cursor = use_state(|| None::<String>);
    let page = use_state(|| Loaded::<Page<AuditEntry>>::Loading);
    let verification = use_state(|| None::<Result<AuditVerification, ApiError>>);
    let verifying = use_state(|| false);

    {
        let page = page.clone();
        use_effect_with((*cursor).clone(), move |cursor| {
            page.set(Loaded::Loading);
            let cursor = cursor.clone();
            spawn_local(async move {
                page.set(match api::audit(cursor.as_deref()).await {
                    Ok(p) => Loaded::Ready(p),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_next = {
        let (page, cursor, history) = (page.clone(), cursor.clone(), history.clone());
        Callback::from(move |_: MouseEvent| {
            if let Loaded::Ready(p) = &*page {
                if let Some(next) = &p.next_cursor {
                    let mut h = (*history).clone();
                    h.push((*cursor).clone());
                    history.set(h);
                    cursor.set(Some(next.clone()));
                }
            }
        })
    };
    let on_previous = {
        let (cursor, history) = (cursor.clone(), history.clone());
        Callback::from(move |_: MouseEvent| {
            let mut h = (*history).clone();
            if let Some(previous) = h.pop() {
                history.set(h);
                cursor.set(previous);
            }
        })
    };
    let on_verify = {
        let (verification, verifying) = (verification.clone(), verifying.clone());
        Callback::from(move |_: MouseEvent| {
            if *verifying {
                return;
            }
            verifying.set(true);
            let (verification, verifying) = (verification.clone(), verifying.clone());
            spawn_local(async move {
                let result = api::verify_audit().await;
                verifying.set(false);
                verification.set(Some(result));
            });
        })
    };

    let verify_result = match &*verification {
        _ if *verifying => html! { <p>{ texts.working }</p> },
        None => html! {},
        Some(Err(e)) => html! { <ErrorView error={e.clone()} /> },
        Some(Ok(v)) => html! {
            <div class={if v.valid { "notice notice-ok" } else { "notice notice-alert" }}>
                <p class="notice-text">{ if v.valid { texts.audit_valid } else { texts.audit_invalid } }</p>
                <dl class="facts">
                    <dt>{ texts.audit_entries }</dt><dd>{ v.entries }</dd>
                    <dt>{ texts.audit_head_hash }</dt><dd><code class="hash">{ v.head_hash.clone() }</code></dd>
                    if let Some(seq) = v.first_broken_seq {
                        <dt>{ texts.audit_first_broken }</dt><dd>{ seq }</dd>
                    }
                    if let Some(c) = &v.checkpoints {
                        <dt>{ texts.audit_checkpoints }</dt><dd>{ checkpoint_status(c.status, texts) }</dd>
                        if c.checked > 0 {
                            <dt>{ texts.audit_checkpoints_checked }</dt><dd>{ c.checked }</dd>
                        }
                        if let Some(seq) = c.first_mismatch {
                            <dt>{ texts.audit_checkpoint_mismatch }</dt><dd>{ seq }</dd>
                        }
                    }
                </dl>
            </div>
        },
    };

    html! {
        <>
            <h1>{ texts.audit_title }</h1>
            <p>{ texts.audit_intro }</p>
            <section aria-labelledby="verify-heading" class="panel">
                <h2 id="verify-heading">{ texts.audit_verify_heading }</h2>
                <p><button type="button" class="button" onclick={on_verify}>{ texts.audit_verify }</button></p>
                <div role="status">{ verify_result }</div>
            </section>
            <section aria-labelledby="entries-heading">
                <h2 id="entries-heading">{ texts.audit_entries_heading }</h2>
                { match &*page {
                    Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                    Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                    Loaded::Ready(p) if p.items.is_empty() => html! { <p>{ texts.audit_none }</p> },
                    Loaded::Ready(p) => html! {
                        <div class="table-wrap" role="region" tabindex="0" aria-label={texts.audit_entries_heading}>
                            <table class="data-table">
                                <caption class="visually-hidden">{ texts.audit_entries_heading }</caption>
                                <thead><tr>
                                    <th scope="col">{ texts.audit_seq }</th>
                                    <th scope="col">{ texts.audit_at }</th>
                                    <th scope="col">{ texts.audit_actor }</th>
                                    <th scope="col">{ texts.audit_action }</th>
                                    <th scope="col">{ texts.audit_object }</th>
                                    <th scope="col">{ texts.audit_hash }</th>
                                </tr></thead>
                                <tbody>
                                    { for p.items.iter().map(|e| html! {
                                        <tr>
                                            <th scope="row">{ e.seq }</th>
                                            <td>{ format_timestamp(e.at, lang) }</td>
                                            <td>{ e.actor.clone() }</td>
                                            <td><code>{ e.action.clone() }</code></td>
                                            <td>{ e.object.clone() }</td>
                                            <td><code class="hash">{ short_hash(&e.hash) }</code></td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    },
                } }
                <div class="button-row">
                    if !history.is_empty() {
                        <button type="button" class="button button-secondary" onclick={on_previous}>
                            { texts.previous_page }
                        </button>
                    }
                    if matches!(&*page, Loaded::Ready(p) if p.next_cursor.is_some()) {
                        <button type="button" class="button button-secondary" onclick={on_next}>
                            { texts.next_page }
                        </button>
                    }
                </div>
            </section>
        </>
    }
}

/// The first 12 hex digits of a hash (the full one is in the export).
pub fn short_hash(hash: &str) -> String {
    let short: String = hash.chars().take(12).collect();
    if short.len() < hash.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The signed checkpoints' verdict in words.
fn checkpoint_status(status: CheckpointStatus, texts: &Texts) -> &'static str {
    match status {
        CheckpointStatus::Agree => texts.audit_checkpoints_agree,
        CheckpointStatus::Disagree => texts.audit_checkpoints_disagree,
        CheckpointStatus::None => texts.audit_checkpoints_none,
        CheckpointStatus::Disabled => texts.audit_checkpoints_disabled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_shortened_for_the_table() {
        assert_eq!(short_hash("abcdef0123456789"), "abcdef012345…");
        assert_eq!(short_hash("abc"), "abc");
    }
}
