//! `/api/public/sessions…`: announced meetings for everyone, no login (BIP, the chamber
//! screen). Drafts do not exist here; the video room is left out (it is for members).

use crate::access::{self, Seat};
use crate::meetings::{page, view};
use crate::store::meetings::Visibility;
use crate::store::polls as poll_store;
use crate::Env;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/public/sessions`: published, live and closed meetings, newest start first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let q = ctx.req.page_query()?;
    page(&Env::open(ctx)?, &Visibility::Public, &q)
}

/// `GET /api/public/sessions/{id}`: the meeting as the public sees it (members' names are
/// public — art. 11b u.s.g. — e-mails and the video room are not).
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let m = access::load_public(&env)?;
    // Even a signed-in member reading the public view gets the public shape.
    let seat = Seat::of(None, &m, false);
    Ok(response::ok(&view(&env, &m, &seat)?))
}

/// `GET /api/public/sessions/{id}/polls`: the closed polls with their outcome, oldest first —
/// what a BIP page links to (each result at `…/polls/{pid}`, `.csv`, `.html`). Open and
/// prepared polls are not listed: results are public from the moment a poll closes.
pub fn polls(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let m = access::load_public(&env)?;
    let closed = poll_store::closed(&env.db, &m.id)?
        .iter()
        .map(|p| p.view())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(response::ok(&closed))
}
