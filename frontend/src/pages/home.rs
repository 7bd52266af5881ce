//! `/`: welcome and what works now (and what is only planned).

use yew::prelude::*;

use crate::app::Route;
use crate::components::nav_link::NavLink;
use crate::i18n::use_texts;
use crate::pages::use_page_title;

/// The home page.
#[component]
pub fn HomePage() -> Html {
    let texts = use_texts();
    use_page_title(texts.home_title);
    html! {
        <>
            <h1>{ texts.home_title }</h1>
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
            <p class="status-prompt">
                { texts.home_status_prompt }{ " " }
                <NavLink to={Route::Status}>{ texts.nav_status }</NavLink>
            </p>
        </>
    }
}
