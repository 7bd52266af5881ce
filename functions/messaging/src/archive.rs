//! `GET /api/chat/conversations/{cid}/export`: the whole kept conversation for the archive,
//! as JSON or (with `Accept: text/html`) a printable page under the one strict CSP of
//! component HTML. Members; for a group also the council office. Each export is in the audit
//! chain (`chat.exported`: who, which conversation, how many messages — never contents).
//! (The module is `archive`: `export` is the name of the wasi:http export in `lib.rs`.)

use crate::access::{self, chatter};
use crate::settings::Env;
use crate::store::{conversations, messages};
use crate::views;
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::accounts::local_time::format_pl;
use ratusz_domain::api::chat::{ChatExport, ChatPerson, ConversationKind, Message};
use ratusz_platform::accounts_view;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The export.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = conversations::by_id(&env.db, env.param("cid")?)?.ok_or(ApiError::NotFound)?;
    let member = access::is_member(&env, &c, &p)?;
    let office =
        c.kind == ConversationKind::Group && authz::allowed(&p.roles, Operation::ManageChatGroups);
    if !member && !office {
        return Err(ApiError::NotFound);
    }
    let rows = messages::all(&env.db, &c.id)?;
    let count = rows.len();
    let export = ChatExport {
        conversation: views::conversation(&env, &c, &p, member)?,
        messages: views::messages(&env, rows)?,
        exported_at: env.now,
        exported_by: ChatPerson {
            user_id: p.user_id.clone(),
            name: accounts_view::display_name(&env.db, &p.user_id)?
                .unwrap_or_else(|| p.user_id.clone()),
        },
    };
    let html = ctx
        .req
        .header("accept")
        .is_some_and(|a| a.contains("text/html"));
    env.db.transaction(|_| {
        env.audit(
            &p.user_id,
            "chat.exported",
            &format!("chat_conversation:{}", c.id),
            serde_json::json!({ "messages": count, "format": if html { "html" } else { "json" } }),
        )
        .map(drop)
    })?;
    if html {
        Ok(response::html_document(page(&export), "private, no-store"))
    } else {
        let mut resp = response::ok(&export);
        resp.set_header("cache-control", "private, no-store");
        Ok(resp)
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The printable page: names and times escaped, each message's server rendering (the safe
/// subset, the same HTML the app inserts), times in Polish time.
fn page(export: &ChatExport) -> String {
    let c = &export.conversation;
    let title = match (&c.title, c.kind) {
        (Some(title), _) => title.clone(),
        (None, ConversationKind::Council) => "Kanał rady".to_owned(),
        (None, _) => c
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let members = c
        .members
        .iter()
        .map(|m| escape(&m.name))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"pl\"><head><meta charset=\"utf-8\">\
         <title>Rozmowa: {title}</title></head><body>\n<h1>Rozmowa: {title}</h1>\n\
         <p>Uczestnicy: {members}</p>\n<p>Wyeksportowano {at} przez {by}.</p>\n",
        title = escape(&title),
        at = escape(&format_pl(export.exported_at)),
        by = escape(&export.exported_by.name),
    );
    for m in &export.messages {
        out.push_str(&message(m));
    }
    out.push_str("</body></html>\n");
    out
}

fn message(m: &Message) -> String {
    let mut head = format!(
        "<article><h2>{} — {}",
        escape(&m.author.name),
        escape(&format_pl(m.created_at))
    );
    if let Some(edited) = m.edited_at {
        head.push_str(&format!(" (edytowano {})", escape(&format_pl(edited))));
    }
    head.push_str("</h2>\n");
    let body = if m.deleted {
        "<p><em>Wiadomość usunięta.</em></p>\n".to_owned()
    } else {
        let reply = m
            .reply_to
            .as_ref()
            .map(|r| {
                format!(
                    "<blockquote><p>{}: {}</p></blockquote>\n",
                    escape(&r.author_name),
                    escape(&r.excerpt)
                )
            })
            .unwrap_or_default();
        format!("{reply}{}", m.html)
    };
    format!("{head}{body}</article>\n")
}
