//! `voting` component: council meetings, agenda and attachments, attendance and quorum, floor
//! control, polls and votes, live documents, public results and the draft minutes
//! (`shared/spec/council.md`).
//!
//! Thin shell like `auth`: every request goes through [`ratusz_platform::App`] (parse → guard
//! with the KV session check → handler → one error mapping). Handlers: load the meeting and the
//! caller's [`access::Seat`] → check → call the pure rules in `ratusz_domain::council` (field
//! rules, lifecycle, poll state machine, floor, casting) → store (SQL only in [`store`],
//! accounts only through `ratusz_platform::accounts_view`) → bump the live [`revision`] →
//! respond. Transactions hold only the reads and writes that must be atomic: documents,
//! receipts and attachment bodies are prepared before them, responses built after.

mod access;
mod agenda;
mod attachments;
mod attendance;
mod floor;
mod live;
mod meetings;
mod minutes;
mod polls;
mod public;
mod refusal;
mod results;
mod revision;
mod store;
mod votes;

use ratusz_domain::endpoints as ep;
use ratusz_platform::session::KvSessions;
use ratusz_platform::{Access, App, Router};

/// The per-request environment (database, time, caller, path parameters, audit). No settings
/// of its own: the receipt key is read only by a cast, not on every live poll.
type Env = ratusz_platform::Env<()>;

/// Largest PDF attachment (council.md: ≤ 10 MiB each).
pub const ATTACHMENT_LIMIT: usize = ratusz_domain::validate::limits::ATTACHMENT_MAX_BYTES;

fn app() -> App {
    let router = Router::new()
        // meetings (clerk prepares, chair runs)
        .route(&ep::SESSIONS_CREATE, Access::Session, meetings::create)
        .route(&ep::SESSIONS_LIST, Access::Session, meetings::list)
        .route(&ep::SESSION_GET, Access::Session, meetings::get)
        .route(&ep::SESSION_UPDATE, Access::Session, meetings::update)
        .route(&ep::SESSION_PUBLISH, Access::Session, meetings::publish)
        .route(&ep::SESSION_OPEN, Access::Session, meetings::open)
        .route(&ep::SESSION_CLOSE, Access::Session, meetings::close)
        // agenda and attachments
        .route(&ep::AGENDA_ADD, Access::Session, agenda::add)
        .route(&ep::AGENDA_UPDATE, Access::Session, agenda::update)
        .route(&ep::AGENDA_DELETE, Access::Session, agenda::delete)
        .route(&ep::AGENDA_ORDER, Access::Session, agenda::order)
        .route(&ep::AGENDA_CURRENT, Access::Session, agenda::current)
        .route_accepting(
            &ep::ATTACHMENT_UPLOAD,
            Access::Session,
            &["application/pdf"],
            ATTACHMENT_LIMIT,
            attachments::upload,
        )
        .route(&ep::ATTACHMENT_GET, Access::Session, attachments::get)
        // attendance
        .route(&ep::ATTENDANCE_GET, Access::Session, attendance::get)
        .route(
            &ep::ATTENDANCE_CHECK_IN,
            Access::Session,
            attendance::check_in,
        )
        .route(&ep::ATTENDANCE_SET, Access::Session, attendance::set)
        // floor
        .route(&ep::FLOOR_REQUEST, Access::Session, floor::request)
        .route(&ep::FLOOR_WITHDRAW, Access::Session, floor::withdraw)
        .route(&ep::FLOOR_GRANT, Access::Session, floor::grant)
        .route(&ep::FLOOR_END, Access::Session, floor::end)
        .route(&ep::FLOOR_EXTEND, Access::Session, floor::extend)
        .route(&ep::FLOOR_ORDER, Access::Session, floor::order)
        .route(&ep::FLOOR_CLOSE, Access::Session, floor::close_list)
        .route(&ep::FLOOR_REOPEN, Access::Session, floor::reopen_list)
        // polls and votes
        .route(&ep::POLLS_CREATE, Access::Session, polls::create)
        .route(&ep::POLLS_LIST, Access::Session, polls::list)
        .route(&ep::POLL_GET, Access::Session, polls::get)
        .route(&ep::POLL_OPEN, Access::Session, polls::open)
        .route(&ep::POLL_CLOSE, Access::Session, polls::close)
        .route(&ep::VOTE_CAST, Access::Session, votes::cast)
        // live, minutes
        .route(&ep::LIVE, Access::Session, live::member)
        .route(&ep::MINUTES, Access::Session, minutes::get)
        // public (no login)
        .route(&ep::PUBLIC_SESSIONS, Access::Public, public::list)
        .route(&ep::PUBLIC_SESSION, Access::Public, public::get)
        .route(&ep::PUBLIC_POLLS, Access::Public, public::polls)
        .route(&ep::PUBLIC_LIVE, Access::Public, live::public)
        .route(&ep::PUBLIC_POLL, Access::Public, results::json)
        .route(&ep::PUBLIC_POLL_CSV, Access::Public, results::csv)
        .route(&ep::PUBLIC_POLL_HTML, Access::Public, results::html)
        .route(
            &ep::PUBLIC_ATTACHMENT,
            Access::Public,
            attachments::get_public,
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
        super::app().handle(req, out).await
    }
}
