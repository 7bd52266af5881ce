//! `notify` component: the resident registry of citizen notifications (ICP) —
//! docs/api/notifications.md, `shared/spec/notifications.md` § Recipients.
//!
//! Thin shell like `auth` and `voting`: parse → authorise → load → the pure rules in
//! `ratusz_domain::notify` → store (SQL only in [`store`], one module per table) → respond.
//! Personal fields are sealed one by one under `resident_data_keys` ([`keys`]) before any
//! transaction and opened after it; e-mail and phone are found through their blind index.
//!
//! Modules by caller: [`public`] (no login: districts, consent text, registration, codes,
//! binding), [`me`] (a bound device's `Authorization: Bearer ntd1.…`), [`staff`] (the staff
//! session: `notifier_admin`'s registry, `notifier`'s counts; every read audited), and [`tick`]
//! (the scheduler: the private `notify-tick` and the token route `/api/notify/tick`).

mod correction;
mod erase;
mod feed;
mod keys;
mod me;
mod messages;
mod public;
mod push_subscription;
mod recipient;
mod reports;
mod rotation;
mod sending;
mod settings;
mod staff;
mod store;
mod templates;
mod tick;
mod withdrawn;

use ratusz_domain::endpoints as ep;
use ratusz_platform::session::KvSessions;
use ratusz_platform::{Access, App, Router};

fn app() -> App {
    let router = Router::new()
        // the scheduled tick: the host's private route and the scheduler's token route
        .route(&ep::TICK, Access::Internal, tick::tick)
        .route(&ep::NOTIFY_TICK, Access::TickToken, tick::tick)
        // public (no login)
        .route(
            &ep::NOTIFY_DISTRICTS,
            Access::Public,
            public::districts::list,
        )
        .route(&ep::NOTIFY_CONSENT, Access::Public, public::consent::get)
        .route(
            &ep::NOTIFY_REGISTER,
            Access::Public,
            public::registrations::create,
        )
        .route(&ep::NOTIFY_CODES, Access::Public, public::codes::request)
        .route(&ep::NOTIFY_BIND, Access::Public, public::bindings::bind)
        // the bound device (its own bearer token, checked in `me`)
        .route(&ep::NOTIFY_ME, Access::Public, me::data::get)
        .route(&ep::NOTIFY_ME_UPDATE, Access::Public, me::data::update)
        .route(&ep::NOTIFY_ME_ERASE, Access::Public, me::data::erase)
        .route(
            &ep::NOTIFY_ME_SUSPEND,
            Access::Public,
            me::suspension::suspend,
        )
        .route(
            &ep::NOTIFY_ME_RESUME,
            Access::Public,
            me::suspension::resume,
        )
        .route(
            &ep::NOTIFY_ME_WITHDRAW,
            Access::Public,
            me::consent::withdraw,
        )
        .route(&ep::NOTIFY_ME_CONSENT, Access::Public, me::consent::give)
        .route(&ep::NOTIFY_ME_UNBIND, Access::Public, me::device::unbind)
        // Web Push: the key (public) and the bound device's subscription
        .route(&ep::NOTIFY_PUSH_KEY, Access::Public, public::push_key::get)
        .route(
            &ep::NOTIFY_ME_PUSH_SUBSCRIBE,
            Access::Public,
            me::push_subscription::put,
        )
        .route(
            &ep::NOTIFY_ME_PUSH_UNSUBSCRIBE,
            Access::Public,
            me::push_subscription::delete,
        )
        // the resident's messages and the public news feed
        .route(&ep::NOTIFY_ME_MESSAGES, Access::Public, me::messages::list)
        .route(&ep::NOTIFY_NEWS, Access::Public, public::news::list)
        // the bound device's reports (its own bearer token, checked in `reports::device`)
        .route_accepting(
            &ep::NOTIFY_ME_REPORT_PHOTO_UPLOAD,
            Access::Public,
            reports::device::ACCEPTED,
            ratusz_domain::validate::limits::REPORT_PHOTO_MAX_BYTES,
            reports::device::upload,
        )
        .route(
            &ep::NOTIFY_ME_REPORT_CREATE,
            Access::Public,
            reports::device::create,
        )
        .route(
            &ep::NOTIFY_ME_REPORTS,
            Access::Public,
            reports::device::list,
        )
        .route(&ep::NOTIFY_ME_REPORT, Access::Public, reports::device::get)
        .route(
            &ep::NOTIFY_ME_REPORT_PHOTO,
            Access::Public,
            reports::device::photo,
        )
        // notifier_admin's reports
        .route(&ep::NOTIFY_REPORTS, Access::Session, reports::staff::list)
        .route(&ep::NOTIFY_REPORT, Access::Session, reports::staff::get)
        .route(
            &ep::NOTIFY_REPORT_PHOTO,
            Access::Session,
            reports::staff::photo,
        )
        .route(
            &ep::NOTIFY_REPORT_STATUS,
            Access::Session,
            reports::staff::move_status,
        )
        .route(
            &ep::NOTIFY_REPORT_REPLY,
            Access::Session,
            reports::staff::reply,
        )
        // notifier's messages: `messages`; the gateways' delivery events: `sending::events`
        .route(
            &ep::NOTIFY_MESSAGE_PREVIEW,
            Access::Session,
            messages::preview::preview,
        )
        .route(
            &ep::NOTIFY_MESSAGE_CREATE,
            Access::Session,
            messages::create::create,
        )
        .route(&ep::NOTIFY_MESSAGES, Access::Session, messages::list::list)
        .route(&ep::NOTIFY_MESSAGE, Access::Session, messages::get::get)
        .route(
            &ep::NOTIFY_MESSAGE_CANCEL,
            Access::Session,
            messages::cancel::cancel,
        )
        .route(
            &ep::NOTIFY_DELIVERY_EVENTS,
            Access::Public,
            sending::events::receive,
        )
        // notifier's message templates: `templates`
        .route(&ep::NOTIFY_TEMPLATES, Access::Session, templates::list)
        .route(
            &ep::NOTIFY_TEMPLATE_CREATE,
            Access::Session,
            templates::create,
        )
        .route(&ep::NOTIFY_TEMPLATE, Access::Session, templates::get)
        .route(
            &ep::NOTIFY_TEMPLATE_UPDATE,
            Access::Session,
            templates::update,
        )
        .route(
            &ep::NOTIFY_TEMPLATE_DELETE,
            Access::Session,
            templates::delete,
        )
        // staff (notifier_admin; the counts also notifier): `staff`
        .route(
            &ep::NOTIFY_RECIPIENT_CREATE,
            Access::Session,
            staff::recipients::create,
        )
        .route(
            &ep::NOTIFY_RECIPIENTS,
            Access::Session,
            staff::recipients::list,
        )
        .route(
            &ep::NOTIFY_RECIPIENT,
            Access::Session,
            staff::recipients::get,
        )
        .route(
            &ep::NOTIFY_RECIPIENT_UPDATE,
            Access::Session,
            staff::recipients::update,
        )
        .route(
            &ep::NOTIFY_RECIPIENT_VERIFY,
            Access::Session,
            staff::verification::decide,
        )
        .route(
            &ep::NOTIFY_CONSENT_DOCUMENT,
            Access::Session,
            staff::consent_document::print,
        )
        .route(
            &ep::NOTIFY_CONSENT_DOCUMENT_MARK,
            Access::Session,
            staff::consent_document::mark,
        )
        .route(
            &ep::NOTIFY_RECIPIENT_SUSPEND,
            Access::Session,
            staff::rights::suspend,
        )
        .route(
            &ep::NOTIFY_RECIPIENT_RESUME,
            Access::Session,
            staff::rights::resume,
        )
        .route(
            &ep::NOTIFY_RECIPIENT_WITHDRAW,
            Access::Session,
            staff::rights::withdraw,
        )
        .route(
            &ep::NOTIFY_RECIPIENT_CODE,
            Access::Session,
            staff::rights::send_code,
        )
        .route(
            &ep::NOTIFY_ERASURE_REQUEST,
            Access::Session,
            staff::erasure::request,
        )
        .route(
            &ep::NOTIFY_ERASURE_CONFIRM,
            Access::Session,
            staff::erasure::confirm,
        )
        .route(
            &ep::NOTIFY_ERASURE_WITHDRAW,
            Access::Session,
            staff::erasure::withdraw,
        )
        .route(
            &ep::NOTIFY_DISTRICT_CREATE,
            Access::Session,
            staff::districts::create,
        )
        .route(
            &ep::NOTIFY_DISTRICT_RENAME,
            Access::Session,
            staff::districts::rename,
        )
        .route(&ep::NOTIFY_STATS, Access::Session, staff::stats::get)
        // the administrator's keys (no personal data)
        .route(&ep::NOTIFY_KEYS, Access::Session, staff::keys::get)
        .route(
            &ep::NOTIFY_KEY_ROTATION,
            Access::Session,
            staff::keys::start,
        );
    App::new(router).with_sessions(KvSessions)
}

/// The wasi:http export. `#[http_component]` expands to the component ABI glue, which is
/// `unsafe` by nature; the allowance is scoped to this module, our own code stays safe.
#[allow(unsafe_code)]
mod export {
    use spin_sdk::http::{IncomingRequest, ResponseOutparam};

    #[spin_sdk::http_component]
    async fn handle(req: IncomingRequest, out: ResponseOutparam) {
        super::app().handle(req, out).await;
        // Messages' sending pass, when the tick or a new message asked for one: after the
        // response, outside any transaction (`sending`).
        crate::sending::run_if_requested().await;
    }
}
