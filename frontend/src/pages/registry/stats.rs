//! `/registry/stats` (Statystyki powiadomień): the registry's anonymous counts, for `notifier`
//! and `notifier_admin` — no names, no personal data.

use ratusz_domain::api::notify::NotifyStats;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{district_name, use_districts, use_registry_texts, verification_name};
use crate::api::registry;
use crate::components::error_view::ErrorView;
use crate::i18n::use_texts;
use crate::pages::admin::Loaded;
use crate::pages::residents::use_resident_texts;
use crate::pages::use_page_title;
use ratusz_domain::api::notify::Verification;

/// The counts page.
#[component]
pub fn RegistryStatsPage() -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    use_page_title(t.stats_title);
    let districts = use_districts();
    let stats = use_state(|| Loaded::<NotifyStats>::Loading);
    {
        let stats = stats.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                stats.set(match registry::stats().await {
                    Ok(s) => Loaded::Ready(s),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let body = match &*stats {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(s) => {
            let c = &s.recipients;
            let row = |term: &'static str, n: u64| html! { <><dt>{ term }</dt><dd>{ n }</dd></> };
            html! {
                <>
                    <dl class="facts">
                        { row(t.stats_total, c.total) }
                        { row(verification_name(Verification::Verified, r), c.verified) }
                        { row(verification_name(Verification::Unverified, r), c.unverified) }
                        { row(verification_name(Verification::Restricted, r), c.restricted) }
                        { row(t.stats_suspended, c.suspended) }
                        { row(t.stats_withdrawn, c.withdrawn) }
                        { row(t.stats_erased, c.erased) }
                        { row(t.stats_bound, s.bound_devices) }
                    </dl>
                    <section aria-labelledby="stats-district-heading">
                        <h2 id="stats-district-heading">{ t.stats_by_district }</h2>
                        <div class="table-wrap" role="region" tabindex="0" aria-label={t.stats_by_district}>
                            <table class="data-table">
                                <caption class="visually-hidden">{ t.stats_by_district }</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{ t.col_district }</th>
                                        <th scope="col">{ t.stats_count }</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    { for s.by_district.iter().map(|d| html! {
                                        <tr>
                                            <th scope="row">{ district_name(&districts, &d.district_id) }</th>
                                            <td>{ d.count }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    </section>
                </>
            }
        }
    };
    html! {
        <>
            <h1>{ t.stats_title }</h1>
            <p>{ t.stats_intro }</p>
            { body }
        </>
    }
}
