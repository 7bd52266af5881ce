//! The application root: language and network contexts, the router and the page layout.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::components::offline::{use_network_provider, Network};
use crate::dom;
use crate::i18n::{I18n, Lang};
use crate::pages::{home::HomePage, not_found::NotFoundPage, status::StatusPage};

/// Every page of the app. Paths are also served by the `web` component's SPA fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Routable)]
pub enum Route {
    /// Welcome page.
    #[at("/")]
    Home,
    /// `Stan systemu`: the health of the deployment.
    #[at("/status")]
    Status,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Status => html! { <StatusPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

/// The language to start in: the remembered choice, else Polish.
fn initial_lang() -> Lang {
    dom::stored_lang()
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::Pl)
}

/// The root component.
#[component]
pub fn App() -> Html {
    let lang = use_state(initial_lang);
    let set_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            dom::store_lang(next.code());
            lang.set(next);
        })
    };
    use_effect_with(*lang, |lang| dom::set_document_lang(lang.code()));
    let i18n = I18n {
        lang: *lang,
        set_lang,
    };
    let network = use_network_provider();

    html! {
        <ContextProvider<I18n> context={i18n}>
            <ContextProvider<Network> context={network}>
                <BrowserRouter>
                    <Layout>
                        <Switch<Route> render={switch} />
                    </Layout>
                </BrowserRouter>
            </ContextProvider<Network>>
        </ContextProvider<I18n>>
    }
}
