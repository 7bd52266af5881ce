//! The application root: language, network and auth contexts, the router and the page layout.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::auth::COUNCIL;
#[cfg(feature = "office")]
use crate::auth::{
    CHAT, CLERKS, CONSOLE, NOTIFIERS, NOTIFIER_ADMINS, NOTIFY_STATS, RESET_REQUESTERS,
};
use crate::components::auth::{AuthProvider, Guard};
use crate::components::layout::Layout;
use crate::components::offline::{use_network_provider, Network};
use crate::dom;
use crate::i18n::{I18n, Lang};
#[cfg(feature = "office")]
use crate::pages::admin::{
    audit::AuditPage, health::HealthPage, incident_detail::IncidentDetailPage,
    incidents::IncidentsPage, maintenance::MaintenancePage, resets::ResetsPage, units::UnitsPage,
    user_detail::UserDetailPage, users::UsersPage,
};
#[cfg(feature = "office")]
use crate::pages::chat::{ChatGroupsPage, ChatPage};
#[cfg(feature = "office")]
use crate::pages::council::{
    chair::ChairPage, clerk_edit::ClerkSessionPage, clerk_list::ClerkSessionsPage,
    screen::ScreenPage,
};
use crate::pages::council::{list::SessionsPage, public::PublicSessionsPage, tablet::TabletPage};
#[cfg(feature = "office")]
use crate::pages::notify::{
    compose::NotifyComposePage, list::NotifyMessagesPage, message::NotifyMessagePage,
    templates::NotifyTemplatesPage,
};
#[cfg(feature = "office")]
use crate::pages::registry::{
    districts::RegistryDistrictsPage, list::RegistryListPage, recipient::RegistryRecipientPage,
    register::RegistryRegisterPage, stats::RegistryStatsPage,
};
#[cfg(feature = "office")]
use crate::pages::reports::{
    detail::ReportDetailPage, mine::ReportsMinePage, new::ReportNewPage, queue::ReportQueuePage,
};
#[cfg(feature = "office")]
use crate::pages::residents::{
    bind::ResidentBindPage,
    me::ResidentMePage,
    messages::{ResidentMessagePage, ResidentMessagesPage},
    news::ResidentNewsPage,
    register::ResidentRegisterPage,
};
use crate::pages::{
    home::HomePage, login::LoginPage, not_found::NotFoundPage, password_change::PasswordChangePage,
};
#[cfg(feature = "office")]
use crate::pages::{
    password_claim::PasswordClaimPage, password_lost::PasswordLostPage,
    password_request::PasswordRequestPage, status::StatusPage,
};
#[cfg(feature = "office")]
use crate::{auth::ADMIN_ONLY, pages::admin::resident_keys::ResidentKeysPage};

/// Every page of the app. Paths are also served by the `web` component's SPA fallback.
#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub enum Route {
    /// Welcome page.
    #[at("/")]
    Home,
    /// `Stan systemu`: the health of the deployment.
    #[at("/status")]
    Status,
    /// Sign in.
    #[at("/login")]
    Login,
    /// Change of a start password (forced) or of the current one.
    #[at("/password/change")]
    PasswordChange,
    /// Personal settings: change the password.
    #[at("/settings/password")]
    SettingsPassword,
    /// Public "I lost my password" form.
    #[at("/password/lost")]
    PasswordLost,
    /// A director's (or staff's) reset request for an employee.
    #[at("/password/request-for-employee")]
    PasswordRequest,
    /// Setting a new password with the e-mailed link and the SMS code.
    #[at("/password/claim")]
    PasswordClaim,
    /// Accounts.
    #[at("/admin/users")]
    AdminUsers,
    /// One account.
    #[at("/admin/users/:id")]
    AdminUser {
        /// Account id.
        id: String,
    },
    /// Units.
    #[at("/admin/units")]
    AdminUnits,
    /// Password reset queue.
    #[at("/admin/resets")]
    AdminResets,
    /// Incident register.
    #[at("/admin/incidents")]
    AdminIncidents,
    /// One incident.
    #[at("/admin/incidents/:id")]
    AdminIncident {
        /// Incident id.
        id: String,
    },
    /// Audit chain.
    #[at("/admin/audit")]
    AdminAudit,
    /// Stan serwera: the administrator's health page.
    #[at("/admin/health")]
    AdminHealth,
    /// Przerwy techniczne: maintenance windows.
    #[at("/admin/maintenance")]
    AdminMaintenance,
    /// Klucze danych mieszkańców: the residents' keys and their rotation (admin).
    #[at("/admin/resident-keys")]
    AdminResidentKeys,
    /// Posiedzenia: the meetings the caller may see.
    #[at("/sessions")]
    Sessions,
    /// The councillor's tablet.
    #[at("/sessions/:id")]
    Tablet {
        /// Meeting id.
        id: String,
    },
    /// The chair's console.
    #[at("/sessions/:id/chair")]
    Chair {
        /// Meeting id.
        id: String,
    },
    /// The clerk's meetings.
    #[at("/clerk/sessions")]
    ClerkSessions,
    /// The clerk's meeting editor.
    #[at("/clerk/sessions/:id")]
    ClerkSession {
        /// Meeting id.
        id: String,
    },
    /// The public screen of a meeting (no sign-in).
    #[at("/screen/:id")]
    Screen {
        /// Meeting id.
        id: String,
    },
    /// Published meetings (no sign-in).
    #[at("/public/sessions")]
    PublicSessions,
    /// Powiadomienia dla mieszkańców: a bound device's "Moje dane", else how to start.
    #[at("/residents/me")]
    ResidentMe,
    /// A resident's self-registration (public).
    #[at("/residents/register")]
    ResidentRegister,
    /// Binding this device with a validation code (public).
    #[at("/residents/bind")]
    ResidentBind,
    /// Wiadomości: what was sent to a bound device's resident.
    #[at("/residents/messages")]
    ResidentMessages,
    /// One of them (what a push notification opens).
    #[at("/residents/messages/:id")]
    ResidentMessage {
        /// Message id.
        id: String,
    },
    /// Komunikaty dla mieszkańców: the public news feed.
    #[at("/residents/news")]
    ResidentNews,
    /// Moje zgłoszenia: a bound device's reports.
    #[at("/residents/reports")]
    ResidentReports,
    /// Zgłoś problem: a bound device's new report.
    #[at("/residents/reports/new")]
    ResidentReportNew,
    /// Zgłoszenia mieszkańców: the staff's queue (notifier_admin).
    #[at("/registry/reports")]
    RegistryReports,
    /// One report for the staff.
    #[at("/registry/reports/:id")]
    RegistryReport {
        /// Report id.
        id: String,
    },
    /// Rejestr mieszkańców: the staff's list and search (notifier_admin).
    #[at("/registry/residents")]
    RegistryResidents,
    /// One resident's data and the staff's actions.
    #[at("/registry/residents/:id")]
    RegistryRecipient {
        /// Recipient id.
        id: String,
    },
    /// Staff register a resident at their request.
    #[at("/registry/register")]
    RegistryRegister,
    /// The city's districts.
    #[at("/registry/districts")]
    RegistryDistricts,
    /// The registry's anonymous counts (notifier, notifier_admin).
    #[at("/registry/stats")]
    RegistryStats,
    /// Wiadomości do mieszkańców: the notifier's messages (office bundle).
    #[at("/notify/messages")]
    NotifyMessages,
    /// A new message (before `/notify/messages/:id`: a static segment wins).
    #[at("/notify/messages/new")]
    NotifyCompose,
    /// One message and its progress.
    #[at("/notify/messages/:id")]
    NotifyMessage {
        /// Message id.
        id: String,
    },
    /// The message templates.
    #[at("/notify/templates")]
    NotifyTemplates,
    /// Czat: the council's chat (office bundle).
    #[at("/chat")]
    Chat,
    /// The council office's list of every chat group (before `/chat/:id`: a static segment
    /// wins).
    #[at("/chat/groups")]
    ChatGroups,
    /// One conversation of the chat.
    #[at("/chat/:id")]
    ChatConversation {
        /// Conversation id.
        id: String,
    },
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[cfg(feature = "office")]
fn console(page: Html) -> Html {
    html! { <Guard roles={CONSOLE}>{ page }</Guard> }
}

#[cfg(feature = "office")]
fn registry(page: Html) -> Html {
    html! { <Guard roles={NOTIFIER_ADMINS}>{ page }</Guard> }
}

#[cfg(feature = "office")]
fn notifier(page: Html) -> Html {
    html! { <Guard roles={NOTIFIERS}>{ page }</Guard> }
}

/// The page of a route. Office pages (`bundle::is_office_path`: under `/admin/` and `/clerk/`,
/// the chair's console and the rarely visited pages) exist only in the office bundle: their
/// arms are `#[cfg(feature = "office")]`, and the first bundle hands any office path to the
/// office bundle before matching (see `bundle.rs`).
fn switch(route: Route) -> Html {
    #[cfg(not(feature = "office"))]
    if crate::bundle::is_office_path(&route.to_path()) {
        return html! { <crate::bundle::OfficeBundle /> };
    }
    match route {
        Route::Home => html! { <HomePage /> },
        #[cfg(feature = "office")]
        Route::Status => html! { <StatusPage /> },
        Route::Login => html! { <LoginPage /> },
        Route::PasswordChange => html! {
            <Guard allow_start_password=true><PasswordChangePage forced=true /></Guard>
        },
        Route::SettingsPassword => html! {
            <Guard><PasswordChangePage forced=false /></Guard>
        },
        #[cfg(feature = "office")]
        Route::PasswordLost => html! { <PasswordLostPage /> },
        #[cfg(feature = "office")]
        Route::PasswordRequest => html! {
            <Guard roles={RESET_REQUESTERS}><PasswordRequestPage /></Guard>
        },
        #[cfg(feature = "office")]
        Route::PasswordClaim => html! { <PasswordClaimPage /> },
        #[cfg(feature = "office")]
        Route::AdminUsers => console(html! { <UsersPage /> }),
        #[cfg(feature = "office")]
        Route::AdminUser { id } => console(html! { <UserDetailPage {id} /> }),
        #[cfg(feature = "office")]
        Route::AdminUnits => console(html! { <UnitsPage /> }),
        #[cfg(feature = "office")]
        Route::AdminResets => console(html! { <ResetsPage /> }),
        #[cfg(feature = "office")]
        Route::AdminIncidents => console(html! { <IncidentsPage /> }),
        #[cfg(feature = "office")]
        Route::AdminIncident { id } => console(html! { <IncidentDetailPage {id} /> }),
        #[cfg(feature = "office")]
        Route::AdminAudit => console(html! { <AuditPage /> }),
        #[cfg(feature = "office")]
        Route::AdminHealth => console(html! { <HealthPage /> }),
        #[cfg(feature = "office")]
        Route::AdminMaintenance => console(html! { <MaintenancePage /> }),
        #[cfg(feature = "office")]
        Route::AdminResidentKeys => html! {
            <Guard roles={ADMIN_ONLY}><ResidentKeysPage /></Guard>
        },
        Route::Sessions => html! { <Guard roles={COUNCIL}><SessionsPage /></Guard> },
        Route::Tablet { id } => html! { <Guard><TabletPage id={id} /></Guard> },
        #[cfg(feature = "office")]
        Route::Chair { id } => html! { <Guard><ChairPage id={id} /></Guard> },
        #[cfg(feature = "office")]
        Route::ClerkSessions => html! { <Guard roles={CLERKS}><ClerkSessionsPage /></Guard> },
        #[cfg(feature = "office")]
        Route::ClerkSession { id } => {
            html! { <Guard roles={CLERKS}><ClerkSessionPage id={id} /></Guard> }
        }
        #[cfg(feature = "office")]
        Route::Screen { id } => html! { <ScreenPage id={id} /> },
        Route::PublicSessions => html! { <PublicSessionsPage /> },
        #[cfg(feature = "office")]
        Route::ResidentMe => html! { <ResidentMePage /> },
        #[cfg(feature = "office")]
        Route::ResidentRegister => html! { <ResidentRegisterPage /> },
        #[cfg(feature = "office")]
        Route::ResidentBind => html! { <ResidentBindPage /> },
        #[cfg(feature = "office")]
        Route::ResidentMessages => html! { <ResidentMessagesPage /> },
        #[cfg(feature = "office")]
        Route::ResidentMessage { id } => {
            html! { <ResidentMessagePage id={AttrValue::from(id)} /> }
        }
        #[cfg(feature = "office")]
        Route::ResidentNews => html! { <ResidentNewsPage /> },
        #[cfg(feature = "office")]
        Route::ResidentReports => html! { <ReportsMinePage /> },
        #[cfg(feature = "office")]
        Route::ResidentReportNew => html! { <ReportNewPage /> },
        #[cfg(feature = "office")]
        Route::RegistryReports => registry(html! { <ReportQueuePage /> }),
        #[cfg(feature = "office")]
        Route::RegistryReport { id } => {
            registry(html! { <ReportDetailPage id={AttrValue::from(id)} /> })
        }
        #[cfg(feature = "office")]
        Route::RegistryResidents => registry(html! { <RegistryListPage /> }),
        #[cfg(feature = "office")]
        Route::RegistryRecipient { id } => {
            registry(html! { <RegistryRecipientPage id={AttrValue::from(id)} /> })
        }
        #[cfg(feature = "office")]
        Route::RegistryRegister => registry(html! { <RegistryRegisterPage /> }),
        #[cfg(feature = "office")]
        Route::RegistryDistricts => registry(html! { <RegistryDistrictsPage /> }),
        #[cfg(feature = "office")]
        Route::RegistryStats => {
            html! { <Guard roles={NOTIFY_STATS}><RegistryStatsPage /></Guard> }
        }
        #[cfg(feature = "office")]
        Route::NotifyMessages => notifier(html! { <NotifyMessagesPage /> }),
        #[cfg(feature = "office")]
        Route::NotifyCompose => notifier(html! { <NotifyComposePage /> }),
        #[cfg(feature = "office")]
        Route::NotifyMessage { id } => {
            notifier(html! { <NotifyMessagePage id={AttrValue::from(id)} /> })
        }
        #[cfg(feature = "office")]
        Route::NotifyTemplates => notifier(html! { <NotifyTemplatesPage /> }),
        #[cfg(feature = "office")]
        Route::Chat => html! { <Guard roles={CHAT}><ChatPage /></Guard> },
        #[cfg(feature = "office")]
        Route::ChatGroups => html! { <Guard roles={CLERKS}><ChatGroupsPage /></Guard> },
        #[cfg(feature = "office")]
        Route::ChatConversation { id } => {
            html! { <Guard roles={CHAT}><ChatPage id={Some(AttrValue::from(id))} /></Guard> }
        }
        Route::NotFound => html! { <NotFoundPage /> },
        // The office routes, already handed to the office bundle above.
        #[cfg(not(feature = "office"))]
        _ => html! { <NotFoundPage /> },
    }
}

/// The app inside the chat's live connection (`components::chat_live`), in the office bundle:
/// the navigation's badge and the chat pages share one poll. The first bundle has no chat.
fn with_chat(app: Html) -> Html {
    #[cfg(feature = "office")]
    return html! {
        <crate::components::chat_live::ChatLiveProvider>{ app }</crate::components::chat_live::ChatLiveProvider>
    };
    #[cfg(not(feature = "office"))]
    app
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
    use_effect_with(*lang, |lang| {
        dom::set_document_lang(lang.code());
        api::set_language(lang.code());
    });
    let i18n = I18n {
        lang: *lang,
        set_lang,
    };
    let network = use_network_provider();

    html! {
        <ContextProvider<I18n> context={i18n}>
            <ContextProvider<Network> context={network}>
                <AuthProvider>
                    <BrowserRouter>
                        { with_chat(html! {
                            <Layout>
                                <Switch<Route> render={switch} />
                            </Layout>
                        }) }
                    </BrowserRouter>
                </AuthProvider>
            </ContextProvider<Network>>
        </ContextProvider<I18n>>
    }
}
