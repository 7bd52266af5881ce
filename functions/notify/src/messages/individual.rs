//! A message to one recipient, as a reply to a report is sent (docs/api/notifications-messages.md
//! § Reports): category `other`, audience `individuals` of one, on the recipient's first chosen
//! channel that reaches them in the order push, e-mail, SMS, e-Doręczenia (the domain's
//! `INDIVIDUAL_ORDER`). Its one delivery is queued at once — the audience is fixed — and the
//! sending pass after the response delivers it.

use super::{bump, sealing};
use crate::settings::Env;
use crate::store::deliveries::{self, CountMoves, NewDelivery};
use crate::store::messages::{self, MessageRow};
use crate::store::targets::{self, Wanted};
use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::{
    Audience, AudienceState, Category, DeliveryState, Individuals, MessageState,
};
use ratusz_domain::notify::audience::{self, CleanAudience, INDIVIDUAL_ORDER};
use ratusz_platform::{runtime, ApiError};

/// Queues `title`/`text` to `recipient_id` from staff account `by`; the message's id. A
/// recipient who may not receive (suspended, withdrawn, erased) or whom no chosen channel
/// reaches gets the message without a delivery (it is done at once); 404 for an unknown id.
/// Joins the caller's transaction when inside one.
pub fn queue_individual(
    env: &Env,
    by: &str,
    recipient_id: &str,
    title: &str,
    text: &str,
) -> Result<String, ApiError> {
    let found = targets::by_ids(
        &env.db,
        &[recipient_id.to_owned()],
        &Wanted::default(),
        env.now,
    )?;
    let c = found.into_iter().next().ok_or(ApiError::NotFound)?;
    let one = CleanAudience::Individuals(vec![recipient_id.to_owned()]);
    let reached = if audience::may_receive(&one, c.standing) {
        c.reach.first_channel()
    } else {
        None
    };
    // The message names the channel it would go by even when nothing reaches the resident,
    // so the staff's list shows how it was meant to travel.
    let channel = reached
        .or_else(|| {
            INDIVIDUAL_ORDER
                .into_iter()
                .find(|ch| c.reach.chosen.contains(ch))
        })
        .unwrap_or(Channel::Push);
    let id = runtime::new_id().as_str().to_owned();
    let keys = sealing::keyring()?;
    let row = MessageRow {
        title: sealing::seal(&keys, &id, "title", title)?,
        text: sealing::seal(&keys, &id, "text", text)?,
        category: Category::Other,
        link: None,
        channels: vec![channel],
        audience: Audience::Individuals(Individuals {
            recipient_ids: vec![recipient_id.to_owned()],
        }),
        public: false,
        state: if reached.is_some() {
            MessageState::Sending
        } else {
            MessageState::Done
        },
        send_at: None,
        template_id: None,
        created_by: by.to_owned(),
        created_at: env.now,
        started_at: Some(env.now),
        finished_at: reached.is_none().then_some(env.now),
        cancelled_at: None,
        cancelled_by: None,
        audience_state: AudienceState::Done,
        audience_count: 1,
        audience_cursor: Some(recipient_id.to_owned()),
        id: id.clone(),
    };
    env.db.transaction(|db| -> Result<(), ApiError> {
        messages::insert(db, &row)?;
        if let Some(channel) = reached {
            let delivery = NewDelivery {
                id: runtime::new_id().as_str().to_owned(),
                recipient_id: recipient_id.to_owned(),
                channel,
            };
            deliveries::insert_queued(db, &id, std::slice::from_ref(&delivery), env.now)?;
            let mut moves = CountMoves::default();
            moves.add(&id, channel, DeliveryState::Queued, 1);
            moves.apply(db)?;
        }
        env.audit(
            by,
            "message.created",
            &format!("message:{id}"),
            serde_json::json!({
                "audience": "individuals",
                "channels": [channel.as_str()],
                "state": row.state.as_str(),
            }),
        )?;
        Ok(())
    })?;
    bump(std::slice::from_ref(&id));
    if reached.is_some() {
        crate::sending::request_pass();
    }
    Ok(id)
}
