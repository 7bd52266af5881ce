//! The page frame: skip link, header (name, language switch, navigation), offline banner,
//! `<main id="main">` and footer.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::nav_link::NavLink;
use crate::components::offline::OfflineBanner;
use crate::dom;
use crate::i18n::{use_texts, I18n, Lang};

/// Id of the main landmark, target of the skip link and of focus after navigation.
pub const MAIN_ID: &str = "main";

/// Props of [`Layout`].
#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    /// The page.
    pub children: Html,
}

/// The frame around every page.
#[component]
pub fn Layout(props: &LayoutProps) -> Html {
    let texts = use_texts();
    let route = use_route::<Route>();
    let first_render = use_memo((), |_| Rc::new(Cell::new(true)));

    // After an in-app navigation, move focus to the new page's content so keyboard and
    // screen-reader users are not left on the link they activated. Not on the first load.
    use_effect_with(route, move |_| {
        if !first_render.replace(false) {
            dom::focus_element(MAIN_ID);
        }
    });

    html! {
        <>
            <a class="skip-link" href={format!("#{MAIN_ID}")}>{ texts.skip_to_content }</a>
            <header class="site-header">
                <div class="container header-bar">
                    <NavLink to={Route::Home} classes={classes!("brand")}>
                        <img class="brand-logo" src="/favicon.svg" alt="" width="40" height="40" />
                        <span class="brand-text">
                            <span class="brand-name">{ texts.app_name }</span>
                            <span class="brand-tagline">{ texts.app_tagline }</span>
                        </span>
                    </NavLink>
                    <LangSwitch />
                </div>
                <PrimaryNav />
            </header>
            <OfflineBanner />
            <main id={MAIN_ID} class="container page" tabindex="-1">
                { props.children.clone() }
            </main>
            <footer class="site-footer">
                <div class="container">
                    <p>{ texts.footer_text }</p>
                    <p>{ texts.footer_license }</p>
                </div>
            </footer>
        </>
    }
}

/// The primary navigation.
#[component]
fn PrimaryNav() -> Html {
    let texts = use_texts();
    html! {
        <nav class="primary-nav" aria-label={texts.nav_label}>
            <ul class="container nav-list">
                <li><NavLink to={Route::Home}>{ texts.nav_home }</NavLink></li>
                <li><NavLink to={Route::Status}>{ texts.nav_status }</NavLink></li>
            </ul>
        </nav>
    }
}

/// One button that switches to the other language. Its name is that language's own name in
/// that language ("English" / "Polski", with a matching `lang`), as users look for it.
#[component]
fn LangSwitch() -> Html {
    let i18n = use_context::<I18n>();
    let current = i18n.as_ref().map_or(Lang::Pl, |ctx| ctx.lang);
    let target = current.other();
    let onclick = Callback::from(move |_: MouseEvent| {
        if let Some(ctx) = &i18n {
            ctx.set_lang.emit(target);
        }
    });
    html! {
        <button type="button" class="button button-secondary lang-switch"
            lang={target.code()} {onclick}>
            { target.texts().lang_name }
        </button>
    }
}
