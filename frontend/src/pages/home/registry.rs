//! The home page for the registry's staff (`notifier_admin`, `notifier`): how many residents
//! wait for verification (the registry's keepers) or are registered (everyone here), from the
//! anonymous counts, with the link to the office page. The registry's screens live in the
//! office bundle; this section carries only the counts' call.

use ratusz_domain::api::notify::NotifyStats;
use ratusz_domain::endpoints;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::i18n::{registry, use_lang, use_texts};
use crate::pages::admin::Loaded;

/// Props of [`RegistryOverview`].
#[derive(Properties, PartialEq)]
pub struct RegistryOverviewProps {
    /// Whether the reader keeps the registry (else they read the counts only).
    pub keeper: bool,
}

/// The registry's section of the home page.
#[component]
pub fn RegistryOverview(props: &RegistryOverviewProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let (heading, waiting, registered) = registry::home(lang);
    let (registry_link, stats_link) = registry::nav_labels(lang);
    let stats = use_state(|| Loaded::<NotifyStats>::Loading);
    {
        let stats = stats.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                stats.set(match crate::api::get(endpoints::NOTIFY_STATS.path).await {
                    Ok(s) => Loaded::Ready(s),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let counts = match &*stats {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(s) if props.keeper => html! {
            <p>{ waiting }{ " " }<strong>{ s.recipients.unverified }</strong></p>
        },
        Loaded::Ready(s) => html! {
            <p>{ registered }{ " " }<strong>{ s.recipients.total }</strong></p>
        },
    };
    html! {
        <section aria-labelledby="home-registry-heading">
            <h2 id="home-registry-heading">{ heading }</h2>
            { counts }
            if props.keeper {
                <p><NavLink to={Route::RegistryResidents}>{ registry_link }</NavLink></p>
            }
            <p><NavLink to={Route::RegistryStats}>{ stats_link }</NavLink></p>
        </section>
    }
}
