//! Any unknown path.

use yew::prelude::*;

use crate::app::Route;
use crate::components::nav_link::NavLink;
use crate::i18n::use_texts;
use crate::pages::use_page_title;

/// The not-found page.
#[component]
pub fn NotFoundPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.not_found_title);
    html! {
        <>
            <h1>{ texts.not_found_title }</h1>
            <p>{ texts.not_found_text }</p>
            <p><NavLink to={Route::Home} classes={classes!("button")}>{ texts.not_found_home_link }</NavLink></p>
        </>
    }
}
