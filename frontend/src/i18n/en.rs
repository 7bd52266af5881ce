//! English — the second language of the interface.

use super::{Module, Texts};

/// The English table.
pub const TEXTS: Texts = Texts {
    app_name: "Ratusz",
    app_tagline: "A platform for local government",
    lang_name: "English",
    skip_to_content: "Skip to content",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_status: "System status",
    footer_text: "Ratusz — open-source software for municipalities and their residents.",
    footer_license: "Licence EUPL-1.2",
    offline_banner: "You are offline. You are seeing the saved version of the app; \
                     current data will appear when the connection is back.",
    home_title: "Welcome to Ratusz",
    home_intro: "Ratusz is an open platform that helps a municipality run its council's \
                 work and keep residents informed. It runs in the browser on a computer, \
                 a tablet or a phone, even on a weak connection.",
    home_modules_heading: "Modules in preparation",
    home_modules: [
        Module {
            name: "E-session",
            description: "Electronic council sessions: granting the floor, voting \
                          on tablets, quorum and named voting results.",
        },
        Module {
            name: "Secure accounts",
            description: "Accounts created by an administrator, lockout after failed \
                          logins and one active session per person.",
        },
        Module {
            name: "Notifications for residents",
            description: "Messages sent by e-mail, text message, in the app \
                          and through the ePUAP mailbox, respecting the GDPR.",
        },
        Module {
            name: "Council messenger",
            description: "Messages between councillors and the Council Office without \
                          paid external services.",
        },
    ],
    home_modules_note: "These modules do not work yet — they will arrive in later versions.",
    home_status_prompt: "You can already check whether the server is working:",
    status_title: "System status",
    status_intro: "This page checks whether the server answers and whether its data stores work.",
    status_loading: "Checking the system status…",
    status_check_again: "Check again",
    status_overall_ok: "The system is working normally.",
    status_overall_degraded: "The system is working with disruptions.",
    status_unknown: "The state of the system is unknown.",
    status_table_caption: "Check results",
    status_col_component: "Component",
    status_col_state: "State",
    status_col_latency: "Response time",
    status_check_kv: "Key–value store (sessions, counters)",
    status_check_sqlite: "SQLite database",
    status_ok: "Working",
    status_failed: "Not working",
    status_version: "Version",
    latency_unit: "ms",
    decimal_separator: ".",
    error_heading: "The data could not be loaded",
    error_network: "The server cannot be reached. Check your network connection and try again.",
    error_unexpected: "The server sent an unexpected answer. Please try again in a moment.",
    error_status_code: "Response code",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. It may have moved, \
                     or the address contains a mistake.",
    not_found_home_link: "Go to the home page",
};
