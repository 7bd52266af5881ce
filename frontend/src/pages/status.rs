//! `/status` (Stan systemu): asks `GET /api/health` and shows each dependency.

use ratusz_domain::api::{HealthCheck, HealthReport, HealthStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::error_view::ErrorView;
use crate::components::offline::use_network_report;
use crate::i18n::{format_latency_ms, use_texts, Texts};
use crate::pages::use_page_title;

/// What the page currently knows.
#[derive(Clone, PartialEq)]
enum Health {
    Loading,
    // Boxed: a report (with a dependency's problem) is much larger than the other states.
    Loaded(Box<HealthReport>),
    Failed(ApiError),
}

/// The status page.
#[component]
pub fn StatusPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.status_title);
    let health = use_state(|| Health::Loading);
    // Bumped by "Check again"; every value runs one request.
    let attempt = use_state(|| 0_u32);
    let report_network = use_network_report();

    {
        let health = health.clone();
        use_effect_with(*attempt, move |_| {
            health.set(Health::Loading);
            spawn_local(async move {
                let result = api::health().await;
                report_network.emit(!matches!(&result, Err(e) if e.is_network()));
                health.set(match result {
                    Ok(report) => Health::Loaded(Box::new(report)),
                    Err(error) => Health::Failed(error),
                });
            });
        });
    }

    let loading = *health == Health::Loading;
    let on_check_again = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(attempt.wrapping_add(1)))
    };
    let summary = match &*health {
        Health::Loading => texts.status_loading,
        Health::Loaded(report) if report.status == HealthStatus::Ok => texts.status_overall_ok,
        Health::Loaded(_) => texts.status_overall_degraded,
        Health::Failed(_) => texts.status_unknown,
    };
    let summary_class = match &*health {
        Health::Loading => "summary",
        Health::Loaded(report) if report.status == HealthStatus::Ok => "summary summary-ok",
        _ => "summary summary-bad",
    };

    html! {
        <>
            <h1>{ texts.status_title }</h1>
            <p>{ texts.status_intro }</p>
            // Short, polite announcement of each outcome; the details below are not live.
            <p class={summary_class} role="status" aria-busy={loading.to_string()}>{ summary }</p>
            { match &*health {
                Health::Loading => html! {},
                Health::Loaded(report) => html! { <HealthTable report={(**report).clone()} /> },
                Health::Failed(error) => html! { <ErrorView error={error.clone()} /> },
            } }
            <p>
                <button type="button" class="button" onclick={on_check_again}>
                    { texts.status_check_again }
                </button>
            </p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct HealthTableProps {
    report: HealthReport,
}

/// One row per dependency, with its state and round-trip time.
#[component]
fn HealthTable(props: &HealthTableProps) -> Html {
    let texts = use_texts();
    let checks = &props.report.checks;
    html! {
        <>
            <table class="status-table">
                <caption>{ texts.status_table_caption }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ texts.status_col_component }</th>
                        <th scope="col">{ texts.status_col_state }</th>
                        <th scope="col" class="numeric">{ texts.status_col_latency }</th>
                    </tr>
                </thead>
                <tbody>
                    { check_row(texts.status_check_kv, &checks.kv, texts) }
                    { check_row(texts.status_check_sqlite, &checks.sqlite, texts) }
                </tbody>
            </table>
            <p class="muted">{ format!("{}: {}", texts.status_version, props.report.version) }</p>
        </>
    }
}

fn check_row(name: &'static str, check: &HealthCheck, texts: &'static Texts) -> Html {
    let (state, class) = if check.ok {
        (texts.status_ok, "state state-ok")
    } else {
        (texts.status_failed, "state state-bad")
    };
    html! {
        <tr>
            <th scope="row">{ name }</th>
            <td><span class={class}>{ state }</span></td>
            <td class="numeric">{ format_latency_ms(check.latency_us, texts) }</td>
        </tr>
    }
}
