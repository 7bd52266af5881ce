//! Queuing e-mails and SMS to account holders through the platform's outbox.

use crate::settings::Env;
use crate::store::users::UserRecord;
use ratusz_domain::accounts::messages::Message;
use ratusz_domain::outbox::Channel;
use ratusz_platform::outbox::{self, OutgoingMessage};
use ratusz_platform::ApiError;

/// Queues an e-mail to the account's address.
pub fn email(env: &Env, user: &UserRecord, message: Message) -> Result<(), ApiError> {
    email_to(env, &user.email, message)
}

/// Queues an e-mail to `to`.
pub fn email_to(env: &Env, to: &str, message: Message) -> Result<(), ApiError> {
    outbox::enqueue(
        &env.db,
        &OutgoingMessage {
            channel: Channel::Email,
            to: to.to_owned(),
            subject: message.subject,
            text: message.text,
        },
        env.now,
    )?;
    Ok(())
}

/// Queues an SMS to the account's registered phone (none registered → nothing sent).
pub fn sms(env: &Env, user: &UserRecord, message: Message) -> Result<bool, ApiError> {
    let Some(phone) = user.phone.as_deref() else {
        return Ok(false);
    };
    outbox::enqueue(
        &env.db,
        &OutgoingMessage {
            channel: Channel::Sms,
            to: phone.to_owned(),
            subject: String::new(),
            text: message.text,
        },
        env.now,
    )?;
    Ok(true)
}
