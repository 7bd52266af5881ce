//! The auth context: loads the session from `GET /api/auth/me` at start, listens to every
//! 401 the API client meets, and guards the pages that need a session or a role.

use ratusz_domain::api::accounts::Role;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError, Unauthorized};
use crate::app::Route;
use crate::auth::{has_any, Auth, AuthAction, AuthState, SessionEnd};
use crate::components::nav_link::NavLink;
use crate::i18n::use_texts;
use crate::{offline_copies, session_memory};

/// The shared handle: read `.state`, `dispatch` actions.
pub type AuthHandle = UseReducerHandle<Auth>;

/// Props of [`AuthProvider`].
#[derive(Properties, PartialEq)]
pub struct AuthProviderProps {
    /// The app.
    pub children: Html,
}

/// Owns the auth state; mounted once by the app root.
#[component]
pub fn AuthProvider(props: &AuthProviderProps) -> Html {
    // The remembered session paints the right frame at once (session_memory).
    let auth = use_reducer(|| Auth::starting_from(session_memory::recall()));
    use_effect_with(auth.state.clone(), |state| {
        session_memory::follow(state);
        offline_copies::follow(state);
    });
    {
        let dispatcher = auth.dispatcher();
        let remembered = auth.state.session().is_some();
        use_effect_with((), move |_| {
            let watcher = dispatcher.clone();
            api::set_session_watcher(Callback::from(move |event: Unauthorized| {
                watcher.dispatch(AuthAction::Unauthorized {
                    superseded: event.superseded,
                });
            }));
            spawn_local(async move {
                match api::me().await {
                    Ok(Some(me)) => dispatcher.dispatch(AuthAction::Loaded(Box::new(me))),
                    // Offline: who was signed in stays so (the server decides once it answers).
                    Err(ApiError::Network) if remembered => {}
                    Ok(None) | Err(_) => dispatcher.dispatch(AuthAction::NoSession),
                }
            });
        });
    }
    // Nothing is painted until it is known who is here (a remembered session is known at
    // once): a frame painted for a visitor and repainted for a member shifts the whole page
    // (issue 14: layout shift ≤ 0.1). Content appearing is not a shift; content moving is.
    if auth.state == AuthState::Loading {
        return html! {};
    }
    html! {
        <ContextProvider<AuthHandle> context={auth}>
            { props.children.clone() }
        </ContextProvider<AuthHandle>>
    }
}

/// The current auth state (`Loading` when no provider is mounted).
#[hook]
pub fn use_auth_state() -> AuthState {
    use_context::<AuthHandle>().map_or(AuthState::Loading, |auth| auth.state.clone())
}

/// Sends an action to the auth state.
#[hook]
pub fn use_auth_dispatch() -> Callback<AuthAction> {
    let auth = use_context::<AuthHandle>();
    Callback::from(move |action: AuthAction| {
        if let Some(auth) = &auth {
            auth.dispatch(action);
        }
    })
}

/// Props of [`Guard`].
#[derive(Properties, PartialEq)]
pub struct GuardProps {
    /// Roles of which one is needed; empty: any signed-in account.
    #[prop_or_default]
    pub roles: &'static [Role],
    /// The page is open to a start-password session (the forced change).
    #[prop_or_default]
    pub allow_start_password: bool,
    /// The page.
    pub children: Html,
}

/// Shows the page only to who may see it: otherwise a sign-in prompt, a redirect to the
/// forced password change, or a "no access" page. The server checks every call anyway.
#[component]
pub fn Guard(props: &GuardProps) -> Html {
    let texts = use_texts();
    let state = use_auth_state();
    match &state {
        AuthState::Loading => html! {
            <>
                <h1>{ texts.auth_checking_title }</h1>
                <p role="status">{ texts.auth_checking }</p>
            </>
        },
        AuthState::Anonymous { .. } => html! {
            <>
                <h1>{ texts.signin_required_title }</h1>
                <p>{ texts.signin_required_text }</p>
                <p><NavLink to={Route::Login} classes={classes!("button")}>{ texts.sign_in_link }</NavLink></p>
            </>
        },
        AuthState::SignedIn(session)
            if session.must_change_password && !props.allow_start_password =>
        {
            html! { <Redirect<Route> to={Route::PasswordChange} /> }
        }
        AuthState::SignedIn(session)
            if !props.roles.is_empty() && !has_any(&session.user.roles, props.roles) =>
        {
            html! {
                <>
                    <h1>{ texts.forbidden_title }</h1>
                    <p>{ texts.forbidden_text }</p>
                </>
            }
        }
        AuthState::SignedIn(_) => props.children.clone(),
    }
}

/// The notice about a session that ended while this tab was open: an alert for a session
/// superseded on another device or ended by the server, a status line after signing out.
#[component]
pub fn SessionNotice() -> Html {
    let texts = use_texts();
    let state = use_auth_state();
    let ended = match state {
        AuthState::Anonymous { ended } => ended,
        _ => None,
    };
    let alert = match ended {
        Some(SessionEnd::Superseded) => Some(texts.session_superseded),
        Some(SessionEnd::Ended) => Some(texts.session_ended),
        _ => None,
    };
    html! {
        <>
            <div role="alert" class="session-region">
                if let Some(text) = alert {
                    <div class="notice notice-alert">
                        <p class="notice-text">{ text }</p>
                        <p><NavLink to={Route::Login}>{ texts.sign_in_again_link }</NavLink></p>
                    </div>
                }
            </div>
            <div role="status" class="session-region">
                if ended == Some(SessionEnd::SignedOut) {
                    <p class="notice notice-ok">{ texts.signed_out_notice }</p>
                }
            </div>
        </>
    }
}
