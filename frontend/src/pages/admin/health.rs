//! `/admin/health` (Stan serwera): `GET /api/system/status` for the administrator and
//! technical support — schema, database size, the e-mail/SMS queue, the session store and
//! the audit chain — refreshed every [`REFRESH_MS`] while the page is open.

use gloo::timers::callback::Interval;
use ratusz_domain::api::system::age_seconds;
use ratusz_domain::api::{OutboxStatus, SystemStatus};
use ratusz_domain::time::Timestamp;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::app::Route;
use crate::auth::ADMIN_ONLY;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::i18n::resident_keys::texts as keys_texts;
use crate::i18n::{format_latency_ms, use_lang, use_texts, HealthTexts, Lang};
use crate::messages::format_timestamp;
use crate::pages::admin::{use_has_role, Loaded};
use crate::pages::use_page_title;

/// A modest interval: the numbers change slowly and each refresh costs a KV and a few SQL
/// round trips.
pub const REFRESH_MS: u32 = 30_000;

/// The health page.
#[component]
pub fn HealthPage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    use_page_title(texts.health.title);
    let status = use_state(|| Loaded::<SystemStatus>::Loading);
    let refreshing = use_state(|| false);
    // Bumped by the button and by the timer; each value runs one request.
    let round = use_state(|| 0_u32);
    {
        let (status, refreshing) = (status.clone(), refreshing.clone());
        use_effect_with(*round, move |_| {
            refreshing.set(true);
            spawn_local(async move {
                let result = api::system_status().await;
                refreshing.set(false);
                match result {
                    Ok(s) => status.set(Loaded::Ready(s)),
                    Err(e) => status.set(Loaded::Failed(e)),
                }
            });
        });
    }
    {
        let round = round.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(REFRESH_MS, move || round.set(round.wrapping_add(1)));
            move || drop(timer)
        });
    }
    let on_refresh = {
        let round = round.clone();
        Callback::from(move |_: MouseEvent| round.set(round.wrapping_add(1)))
    };
    let is_admin = use_has_role(ADMIN_ONLY);
    let t = texts.health;
    html! {
        <>
            <h1>{ t.title }</h1>
            <p>{ t.intro }</p>
            <p class="muted">{ t.auto_refresh }</p>
            <p>
                <button type="button" class="button" onclick={on_refresh} disabled={*refreshing}>
                    { if *refreshing { t.refreshing } else { t.refresh } }
                </button>
            </p>
            { match &*status {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(s) => html! { <StatusView status={s.clone()} {lang} {is_admin} /> },
            } }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct StatusViewProps {
    status: SystemStatus,
    lang: Lang,
    /// Whether the viewer is the administrator (the residents' keys are theirs alone).
    is_admin: bool,
}

#[component]
fn StatusView(props: &StatusViewProps) -> Html {
    let texts = use_texts();
    let t = texts.health;
    let (s, lang) = (&props.status, props.lang);
    let kv_class = if s.kv.ok {
        "summary summary-ok"
    } else {
        "summary summary-bad"
    };
    html! {
        <>
            <p class="muted">{ format!("{}: {}", t.checked_at, format_timestamp(s.server_time, lang)) }</p>
            <section aria-labelledby="health-server" class="panel">
                <h2 id="health-server">{ t.server_heading }</h2>
                <dl class="facts">
                    <dt>{ t.version }</dt><dd>{ s.version.clone() }</dd>
                    <dt>{ t.server_time }</dt><dd>{ format_timestamp(s.server_time, lang) }</dd>
                </dl>
            </section>
            <section aria-labelledby="health-kv" class="panel">
                <h2 id="health-kv">{ t.kv_heading }</h2>
                <p class={kv_class}>{ if s.kv.ok { t.kv_ok } else { t.kv_failed } }</p>
                <dl class="facts">
                    <dt>{ t.kv_latency }</dt><dd>{ format_latency_ms(s.kv.latency_us, texts) }</dd>
                </dl>
            </section>
            <section aria-labelledby="health-outbox" class="panel">
                <h2 id="health-outbox">{ t.outbox_heading }</h2>
                <dl class="facts">
                    <dt>{ t.outbox_pending }</dt><dd>{ s.outbox.pending }</dd>
                    <dt>{ t.outbox_sent }</dt><dd>{ s.outbox.sent }</dd>
                    <dt>{ t.outbox_expired }</dt><dd>{ s.outbox.expired }</dd>
                    <dt>{ t.outbox_oldest }</dt><dd>{ oldest_waiting(&s.outbox, s.server_time, lang, t) }</dd>
                </dl>
            </section>
            <section aria-labelledby="health-audit" class="panel">
                <h2 id="health-audit">{ t.audit_heading }</h2>
                <dl class="facts">
                    <dt>{ t.audit_length }</dt><dd>{ s.audit.length }</dd>
                    <dt>{ t.audit_head }</dt>
                    <dd>{ s.audit.head_at.map_or_else(|| t.audit_empty.to_owned(), |at| format_timestamp(at, lang)) }</dd>
                </dl>
                <p><NavLink to={Route::AdminAudit}>{ t.audit_link }</NavLink></p>
            </section>
            if props.is_admin {
                <section aria-labelledby="health-keys" class="panel">
                    <h2 id="health-keys">{ keys_texts(lang).link }</h2>
                    <p><NavLink to={Route::AdminResidentKeys}>{ keys_texts(lang).link }</NavLink></p>
                </section>
            }
            <section aria-labelledby="health-database" class="panel">
                <h2 id="health-database">{ t.database_heading }</h2>
                <dl class="facts">
                    <dt>{ t.schema_version }</dt><dd>{ s.schema.version }</dd>
                    <dt>{ t.database_size }</dt><dd>{ megabytes(s.database.size_bytes, lang) }</dd>
                    <dt>{ t.journal_mode }</dt><dd><code>{ s.database.journal_mode.clone() }</code></dd>
                </dl>
                <details>
                    <summary>{ format!("{} ({})", t.migrations, s.schema.migrations.len()) }</summary>
                    <div class="table-wrap" role="region" tabindex="0" aria-label={t.migrations}>
                        <table class="data-table">
                            <caption class="visually-hidden">{ t.migrations }</caption>
                            <thead><tr>
                                <th scope="col">{ t.migration_version }</th>
                                <th scope="col">{ t.migration_name }</th>
                                <th scope="col">{ t.migration_applied }</th>
                            </tr></thead>
                            <tbody>
                                { for s.schema.migrations.iter().map(|m| html! {
                                    <tr>
                                        <th scope="row">{ m.version }</th>
                                        <td><code>{ m.name.clone() }</code></td>
                                        <td>{ format_timestamp(m.applied_at, lang) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </details>
            </section>
        </>
    }
}

/// "8.12.2026, 10:15 — waiting 12 minutes", or "nothing waits".
fn oldest_waiting(outbox: &OutboxStatus, now: Timestamp, lang: Lang, t: &HealthTexts) -> String {
    match outbox.oldest_pending_at {
        None => t.outbox_none_waiting.to_owned(),
        Some(at) => format!(
            "{} — {} {} {}",
            format_timestamp(at, lang),
            t.waiting_for,
            age_seconds(now, at) / 60,
            t.minutes_short
        ),
    }
}

/// Bytes as megabytes with one decimal, in the language's notation (Polish decimal comma).
pub fn megabytes(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    let text = format!("{}.{} MB", tenths / 10, tenths % 10);
    match lang {
        Lang::Pl => text.replace('.', ","),
        Lang::En => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_megabytes_with_the_languages_decimal_mark() {
        let cases = [
            (0, "0,0 MB", "0.0 MB"),
            (1_048_576, "1,0 MB", "1.0 MB"),
            (1_572_864, "1,5 MB", "1.5 MB"),
            (104_857_600, "100,0 MB", "100.0 MB"),
        ];
        for (bytes, pl, en) in cases {
            assert_eq!(megabytes(bytes, Lang::Pl), pl);
            assert_eq!(megabytes(bytes, Lang::En), en);
        }
    }
}
