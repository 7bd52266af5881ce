//! `/`: for a visitor, welcome and what works now; for a signed-in person, first what is
//! theirs — a councillor's live and next meetings, the clerk's drafts, the console's reset
//! queue and open incidents, the registry's counts for its staff and a notifier's messages
//! (each section shown by role, from the existing list endpoints).

mod console;
mod meetings;
mod registry;

use yew::prelude::*;

use crate::app::Route;
use crate::auth::{CLERKS, CONSOLE, COUNCIL, NOTIFIERS, NOTIFIER_ADMINS, NOTIFY_STATS};
use crate::components::nav_link::NavLink;
use crate::i18n::use_texts;
use crate::pages::admin::use_has_role;
use crate::pages::use_page_title;

/// The home page.
#[component]
pub fn HomePage() -> Html {
    let texts = use_texts();
    use_page_title(texts.home_title);
    let council = use_has_role(COUNCIL);
    let clerk = use_has_role(CLERKS);
    let console = use_has_role(CONSOLE);
    let notifier = use_has_role(NOTIFY_STATS);
    let keeper = use_has_role(NOTIFIER_ADMINS);
    let sender = use_has_role(NOTIFIERS);
    html! {
        <>
            <h1>{ texts.home_title }</h1>
            if council || clerk {
                <meetings::MeetingsOverview mine={council} drafts={clerk} />
            }
            if console {
                <console::ResetQueue />
                <console::OpenIncidents />
                <p><NavLink to={Route::AdminHealth}>{ texts.health.home_link }</NavLink></p>
            }
            if notifier {
                <registry::RegistryOverview {keeper} {sender} />
            }
            if !(council || clerk || console || notifier) {
                <Welcome />
            }
            <p class="status-prompt">
                { texts.home_status_prompt }{ " " }
                <NavLink to={Route::Status}>{ texts.nav_status }</NavLink>
            </p>
        </>
    }
}

/// What the platform offers, for a visitor (and an account with none of the roles above).
#[component]
fn Welcome() -> Html {
    let texts = use_texts();
    html! {
        <>
            <p class="lead">{ texts.home_intro }</p>
            <section aria-labelledby="modules-heading">
                <h2 id="modules-heading">{ texts.home_modules_heading }</h2>
                <ul class="card-list">
                    { for texts.home_modules.iter().map(|module| html! {
                        <li class="card">
                            <h3>{ module.name }</h3>
                            <p>{ module.description }</p>
                        </li>
                    }) }
                </ul>
                <p class="muted">{ texts.home_modules_note }</p>
            </section>
        </>
    }
}
