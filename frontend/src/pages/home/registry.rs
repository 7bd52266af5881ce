//! The home page for the registry's staff (`notifier_admin`, `notifier`): the way to what is
//! theirs — the registry for its keepers, the messages to residents for a notifier, the
//! counts for everyone here. No call and no count:
//! the first bundle is at its size budget, and the counts are one click away on the office
//! page (`docs/decisions.md`, the registry's staff screens).

use yew::prelude::*;

use crate::app::Route;
use crate::components::nav_link::NavLink;
use crate::i18n::{notify_messages, registry, use_lang};

/// Props of [`RegistryOverview`].
#[derive(Properties, PartialEq)]
pub struct RegistryOverviewProps {
    /// Whether the reader keeps the registry (else they read the counts only).
    pub keeper: bool,
    /// Whether the reader sends messages to residents (`notifier`).
    pub sender: bool,
}

/// The registry's section of the home page.
#[component]
pub fn RegistryOverview(props: &RegistryOverviewProps) -> Html {
    let lang = use_lang();
    let (heading, keeper_text, notifier_text) = registry::home(lang);
    let (registry_link, stats_link) = registry::nav_labels(lang);
    html! {
        <section aria-labelledby="home-registry-heading">
            <h2 id="home-registry-heading">{ heading }</h2>
            <p>{ if props.keeper { keeper_text } else { notifier_text } }</p>
            <ul>
                if props.sender {
                    <li><NavLink to={Route::NotifyMessages}>{ notify_messages::nav_label(lang) }</NavLink></li>
                }
                if props.keeper {
                    <li><NavLink to={Route::RegistryResidents}>{ registry_link }</NavLink></li>
                }
                <li><NavLink to={Route::RegistryStats}>{ stats_link }</NavLink></li>
            </ul>
        </section>
    }
}
