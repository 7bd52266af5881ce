//! Who reads what: only members read a conversation or learn that it exists — anyone else,
//! administrators and support included, gets 404. Membership of a direct or group
//! conversation is its rows; membership of the council-wide channel *is* the role
//! (councillor, chair, clerk), read from the session on every request, so granting or
//! revoking the role (or disabling the account, which ends its sessions) takes effect on the
//! next request without any sync job (docs/decisions.md).

use crate::settings::Env;
use crate::store::conversations::{self, ConversationRow, NewConversation};
use crate::store::members;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::chat::ConversationKind;
use ratusz_platform::accounts_view::{self, AccountWithRoles};
use ratusz_platform::{runtime, ApiError, Principal};

/// The roles whose holders are in the council-wide channel.
pub const COUNCIL_ROLES: [Role; 3] = [Role::Councillor, Role::Chair, Role::Clerk];

/// Whether `roles` put their holder in the council-wide channel.
pub fn in_council(roles: &[Role]) -> bool {
    roles.iter().any(|r| COUNCIL_ROLES.contains(r))
}

/// The signed-in caller with a chat role (401 / 403 otherwise).
pub fn chatter(env: &Env) -> Result<Principal, ApiError> {
    env.require(Operation::UseChat).cloned()
}

/// The council-wide channel, created on first need (one row: a unique index keeps two
/// racing creations to one).
pub fn council_channel(env: &Env) -> Result<ConversationRow, ApiError> {
    if let Some(row) = conversations::council(&env.db)? {
        return Ok(row);
    }
    let id = runtime::new_id();
    env.db.transaction(|db| {
        conversations::insert(
            db,
            &NewConversation {
                id: id.as_str(),
                kind: ConversationKind::Council,
                title: None,
                direct_pair: None,
                created_by: "system",
            },
            env.now,
        )
        .map_err(ApiError::from)
    })?;
    conversations::council(&env.db)?.ok_or_else(|| ApiError::internal("council channel missing"))
}

/// The ids of every conversation `p` may read.
pub fn visible_ids(env: &Env, p: &Principal) -> Result<Vec<String>, ApiError> {
    let mut ids = members::conversations_of(&env.db, &p.user_id)?;
    if in_council(&p.roles) {
        ids.push(council_channel(env)?.id);
    }
    Ok(ids)
}

/// Whether `p` is a member of `c`.
pub fn is_member(env: &Env, c: &ConversationRow, p: &Principal) -> Result<bool, ApiError> {
    Ok(match c.kind {
        ConversationKind::Council => in_council(&p.roles),
        _ => members::is_member(&env.db, &c.id, &p.user_id)?,
    })
}

/// Conversation `:cid` if `p` is a member; 404 otherwise (also when it does not exist).
pub fn load_member(env: &Env, p: &Principal) -> Result<ConversationRow, ApiError> {
    let c = conversations::by_id(&env.db, env.param("cid")?)?.ok_or(ApiError::NotFound)?;
    if is_member(env, &c, p)? {
        Ok(c)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The members of `c` with their accounts: the role holders for the council channel, the
/// rows otherwise (accounts gone from the directory are left out).
pub fn members_of(env: &Env, c: &ConversationRow) -> Result<Vec<AccountWithRoles>, ApiError> {
    if c.kind == ConversationKind::Council {
        return Ok(accounts_view::active_with_any_role(
            &env.db,
            &COUNCIL_ROLES,
        )?);
    }
    let ids = members::of(&env.db, &c.id)?;
    let mut found = accounts_view::with_roles_by_ids(&env.db, &ids)?;
    found.sort_by(|a, b| {
        a.account
            .display_name
            .cmp(&b.account.display_name)
            .then_with(|| a.account.id.cmp(&b.account.id))
    });
    Ok(found)
}

/// Whether `account` may be put in a conversation: active, with a chat role.
pub fn may_chat(account: &AccountWithRoles) -> bool {
    account.account.active
        && ratusz_domain::accounts::authz::allowed(&account.roles, Operation::UseChat)
}
