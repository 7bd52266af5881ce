//! The page frame: skip link, header (name, language switch, account), navigation by role,
//! offline banner, `<main id="main">` with the session notice, and footer.

use std::cell::Cell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::auth::{nav_items, AuthAction, AuthState, NavItem};
use crate::components::auth::{use_auth_dispatch, use_auth_state, SessionNotice};
use crate::components::maintenance_banner::MaintenanceBanner;
use crate::components::nav_link::NavLink;
use crate::components::offline::OfflineBanner;
use crate::dom;
use crate::i18n::{use_texts, I18n, Lang, Texts};

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
    // The chamber projector is a full screen seen from the back of the room: no site chrome
    // (a sign-in link on the wall invites nobody), only the page.
    let bare = matches!(route, Some(Route::Screen { .. }));
    let first_render = use_memo((), |_| Rc::new(Cell::new(true)));

    // After an in-app navigation, move focus to the new page's heading so keyboard and
    // screen-reader users are not left on the link they activated. Not on the first load.
    use_effect_with(route, move |_| {
        if !first_render.replace(false) {
            dom::focus_page_heading(MAIN_ID);
        }
    });

    if bare {
        return html! {
            <>
                <OfflineBanner />
                <MaintenanceBanner />
                <main id={MAIN_ID} class="bare-page" tabindex="-1">{ props.children.clone() }</main>
            </>
        };
    }
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
                    <div class="header-tools">
                        <AccountBox />
                        <LangSwitch />
                    </div>
                </div>
                <PrimaryNav />
            </header>
            <OfflineBanner />
            <MaintenanceBanner />
            <main id={MAIN_ID} class="container page" tabindex="-1">
                <SessionNotice />
                { props.children.clone() }
            </main>
            <footer class="site-footer">
                <div class="container">
                    <p>{ texts.footer_text }</p>
                    <p><NavLink to={Route::ResidentMe}>{ texts.footer_residents }</NavLink></p>
                    <p>{ texts.footer_license }</p>
                </div>
            </footer>
        </>
    }
}

/// The route and link text of a navigation item.
fn nav_target(item: NavItem, texts: &'static Texts, lang: Lang) -> (Route, &'static str) {
    match item {
        NavItem::Home => (Route::Home, texts.nav_home),
        NavItem::Status => (Route::Status, texts.nav_status),
        NavItem::PublicSessions => (Route::PublicSessions, texts.council.nav_public_sessions),
        NavItem::Sessions => (Route::Sessions, texts.council.nav_sessions),
        NavItem::Chat => (Route::Chat, crate::i18n::chat::nav_label(lang).0),
        NavItem::Login => (Route::Login, texts.nav_login),
        NavItem::LostPassword => (Route::PasswordLost, texts.nav_lost_password),
        NavItem::ChangePassword => (Route::SettingsPassword, texts.nav_change_password),
        NavItem::RequestForEmployee => (Route::PasswordRequest, texts.nav_request_for_employee),
        NavItem::Users => (Route::AdminUsers, texts.nav_users),
        NavItem::Units => (Route::AdminUnits, texts.nav_units),
        NavItem::Resets => (Route::AdminResets, texts.nav_resets),
        NavItem::Incidents => (Route::AdminIncidents, texts.nav_incidents),
        NavItem::Audit => (Route::AdminAudit, texts.nav_audit),
        NavItem::Registry => (
            Route::RegistryResidents,
            crate::i18n::registry::nav_labels(lang).0,
        ),
        NavItem::RegistryStats => (
            Route::RegistryStats,
            crate::i18n::registry::nav_labels(lang).1,
        ),
        NavItem::NotifyMessages => (
            Route::NotifyMessages,
            crate::i18n::notify_messages::nav_label(lang),
        ),
        NavItem::Maintenance => (
            Route::AdminMaintenance,
            crate::i18n::maintenance::texts(lang).nav,
        ),
    }
}

/// The primary navigation: what the signed-in roles may use.
#[component]
fn PrimaryNav() -> Html {
    let texts = use_texts();
    let lang = crate::i18n::use_lang();
    let state = use_auth_state();
    html! {
        <nav class="primary-nav" aria-label={texts.nav_label}>
            <ul class="container nav-list">
                { for nav_items(&state).into_iter().map(|item| {
                    let (to, text) = nav_target(item, texts, lang);
                    let badge = if item == NavItem::Chat { chat_badge() } else { Html::default() };
                    html! { <li><NavLink {to}>{ text }{ badge }</NavLink></li> }
                }) }
            </ul>
        </nav>
    }
}

/// The chat link's unread badge: the office bundle polls the chat (`chat_live.rs`); the first
/// bundle carries no chat code and shows the link alone.
fn chat_badge() -> Html {
    #[cfg(feature = "office")]
    return html! { <crate::components::chat_badge::ChatBadge /> };
    #[cfg(not(feature = "office"))]
    Html::default()
}

/// Who is signed in, and the logout button.
#[component]
fn AccountBox() -> Html {
    let texts = use_texts();
    let state = use_auth_state();
    let dispatch = use_auth_dispatch();
    let navigator = use_navigator();
    let AuthState::SignedIn(session) = state else {
        return html! {};
    };
    let onclick = Callback::from(move |_: MouseEvent| {
        let dispatch = dispatch.clone();
        let navigator = navigator.clone();
        spawn_local(async move {
            crate::offline_copies::withdraw_push().await;
            // Whatever the answer (even a 401: the session is gone either way), this tab is
            // signed out now.
            let _ = api::logout().await;
            dispatch.emit(AuthAction::LoggedOut);
            if let Some(navigator) = navigator {
                navigator.push(&Route::Login);
            }
        });
    });
    let name = format!("{} {}", session.user.first_name, session.user.last_name);
    html! {
        <div class="account-box">
            <span class="account-name">{ texts.signed_in_as }{ " " }<strong>{ name }</strong></span>
            <button type="button" class="button button-secondary" {onclick}>{ texts.logout }</button>
        </div>
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
