//! Sessions (api.md § Authentication, accounts.md § Login and sessions).
//!
//! The token (HS256, pinned; audience `ratusz`; key from the secret variable
//! `token_signing_key`) carries only the session id. The KV document decides on every request,
//! so logout, a second login, disabling an account or an admin's termination take effect on
//! the very next request. One pointer per account (`user-session`) names the only live session.

use crate::config::{ConfigError, Secret, Vars};
use crate::guard::{Principal, SessionCheck};
use crate::kv::{DocKey, Kv};
use crate::request::ApiRequest;
use crate::ApiError;
use jwt_simple::prelude::*;
use jwt_simple::JWTError;
use ratusz_domain::accounts::session_policy::{SessionPolicy, SessionState};
use ratusz_domain::api::accounts::Role;
use ratusz_domain::time::Timestamp;
use std::collections::HashSet;

/// Name of the session cookie.
pub const COOKIE: &str = "ratusz_session";
/// The `aud` claim of every token.
pub const AUDIENCE: &str = "ratusz";
/// Shortest signing key accepted (bytes): shorter keys are guessable offline.
pub const MIN_KEY_LEN: usize = 32;

/// Why a session ended (kept on the session document so the next request learns why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The account signed in elsewhere.
    Superseded,
    /// The holder signed out.
    Logout,
    /// The password was changed (a new session was issued).
    PasswordChanged,
    /// The account was disabled.
    Disabled,
    /// An administrator ended it.
    Terminated,
    /// A password reset was approved (the old password stopped working).
    ResetApproved,
    /// Idle or absolute timeout.
    Expired,
}

impl EndReason {
    /// The 401 problem a request on an ended session gets.
    pub fn to_error(self) -> ApiError {
        match self {
            EndReason::Superseded => ApiError::unauthenticated_because(
                "session_superseded",
                "Your account was signed in on another device; this session has ended.",
            ),
            EndReason::Expired => ApiError::unauthenticated_because(
                "session_expired",
                "The session has expired. Sign in again.",
            ),
            _ => ApiError::unauthenticated_because(
                "session_ended",
                "The session has ended. Sign in again.",
            ),
        }
    }

    /// The wire name (audit data).
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Superseded => "superseded",
            EndReason::Logout => "logout",
            EndReason::PasswordChanged => "password_changed",
            EndReason::Disabled => "disabled",
            EndReason::Terminated => "terminated",
            EndReason::ResetApproved => "reset_approved",
            EndReason::Expired => "expired",
        }
    }
}

/// The session document in the KV store (`d:session:<sid>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDoc {
    /// The account.
    pub user_id: String,
    /// Its roles when the session started (updated when an admin changes them).
    pub roles: Vec<Role>,
    /// Its unit.
    pub unit_id: String,
    /// A start-password session: only `me`, `password` and `logout`.
    pub must_change_password: bool,
    /// Login time (absolute timeout counts from here).
    pub started_at: Timestamp,
    /// The session's start as stored; the latest request is kept under its own key
    /// (`d:session-seen:<sid>`) and [`SessionStore::check`] answers with the later of the two
    /// (idle timeout counts from there; written at most every 30 s).
    pub last_seen_at: Timestamp,
    /// Set when the session ended, with why.
    #[serde(default)]
    pub ended: Option<EndReason>,
    /// Browser and system from the `User-Agent` at sign-in (`accounts::device`), for technical
    /// support; never the whole header nor the client address.
    #[serde(default)]
    pub device: Option<String>,
}

/// The account's claims a new session starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSubject {
    /// The account.
    pub user_id: String,
    /// Its roles.
    pub roles: Vec<Role>,
    /// Its unit.
    pub unit_id: String,
    /// Start password in use.
    pub must_change_password: bool,
    /// The device's short description (`accounts::device::describe`).
    pub device: String,
}

fn session_key(sid: &str) -> DocKey {
    DocKey::new("session", sid)
}

/// Last-seen lives apart from the session document: a request writes only this key, so it can
/// never write back roles it loaded before an administrator changed them.
fn seen_key(sid: &str) -> DocKey {
    DocKey::new("session-seen", sid)
}

fn pointer_key(user_id: &str) -> DocKey {
    DocKey::new("user-session", user_id)
}

#[derive(Serialize, Deserialize)]
struct SidClaim {
    sid: String,
}

/// The token signer and verifier.
pub struct TokenKey(HS256Key);

impl TokenKey {
    /// The key from the secret (at least [`MIN_KEY_LEN`] bytes).
    pub fn new(secret: &Secret) -> Result<Self, ConfigError> {
        if secret.expose().len() < MIN_KEY_LEN {
            return Err(ConfigError::Invalid {
                name: "token_signing_key".into(),
                reason: format!("must be at least {MIN_KEY_LEN} bytes"),
            });
        }
        Ok(Self(HS256Key::from_bytes(secret.expose().as_bytes())))
    }

    /// The key from the variable `token_signing_key`.
    pub fn from_vars(vars: &dyn Vars) -> Result<Self, ConfigError> {
        Self::new(&Secret::new(vars.required("token_signing_key")?))
    }

    /// A token for session `sid`, valid from `issued_at` until `expires_at`.
    pub fn issue(
        &self,
        sid: &str,
        issued_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<String, ApiError> {
        let iat = Duration::from_secs(secs(issued_at));
        let mut claims = Claims::with_custom_claims(
            SidClaim {
                sid: sid.to_owned(),
            },
            iat,
        )
        .with_audience(AUDIENCE);
        claims.issued_at = Some(iat);
        claims.invalid_before = Some(iat);
        claims.expires_at = Some(Duration::from_secs(secs(expires_at)));
        self.0.authenticate(claims).map_err(ApiError::internal)
    }

    /// The session id of a valid token at `now`; `None` for anything else (bad signature,
    /// another algorithm, `alg: none`, wrong audience, expired, not yet valid).
    pub fn verify(&self, token: &str, now: Timestamp) -> Option<String> {
        self.check(token, now).ok()
    }

    /// Like [`TokenKey::verify`], but says whether an otherwise valid token has only expired
    /// (its `exp` is the session's absolute timeout: the person should hear "session expired").
    pub fn check(&self, token: &str, now: Timestamp) -> Result<String, TokenRefusal> {
        let options = VerificationOptions {
            allowed_audiences: Some(HashSet::from([AUDIENCE.to_owned()])),
            artificial_time: Some(Duration::from_secs(secs(now))),
            time_tolerance: Some(Duration::from_secs(0)),
            max_token_length: Some(4096),
            ..Default::default()
        };
        self.0
            .verify_token::<SidClaim>(token, Some(options))
            .map(|claims| claims.custom.sid)
            .map_err(|e| match e.downcast_ref::<JWTError>() {
                Some(JWTError::TokenHasExpired) => TokenRefusal::Expired,
                _ => TokenRefusal::Invalid,
            })
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Signed by us, for us, but past its `exp` (the absolute session timeout).
    Expired,
    /// Anything else: bad signature, other algorithm, `alg: none`, wrong audience, malformed.
    Invalid,
}

impl TokenRefusal {
    /// The 401 to answer.
    pub fn to_error(self) -> ApiError {
        match self {
            TokenRefusal::Expired => EndReason::Expired.to_error(),
            TokenRefusal::Invalid => ApiError::unauthenticated_because(
                "invalid_token",
                "The session token is not valid. Sign in again.",
            ),
        }
    }
}

fn secs(t: Timestamp) -> u64 {
    u64::try_from(t.unix_seconds()).unwrap_or(0)
}

/// The token a request presents: `Authorization: Bearer …` first, else the cookie.
pub fn presented_token(req: &ApiRequest) -> Option<String> {
    if let Some(auth) = req.header("authorization") {
        let (scheme, token) = auth.trim().split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_owned());
    }
    cookie_value(req.header("cookie")?, COOKIE)
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

/// `Set-Cookie` for a new session token.
pub fn set_cookie(token: &str, max_age_s: i64) -> String {
    format!("{COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={max_age_s}")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0")
}

/// Session storage in the KV store.
pub struct SessionStore {
    kv: Kv,
}

impl SessionStore {
    /// Opens the `default` store.
    pub fn open() -> Result<Self, ApiError> {
        Ok(Self { kv: Kv::open()? })
    }

    /// Starts a session `sid` for `subject` and makes it the account's only one. Returns the
    /// session it replaced, if one was live.
    pub fn start(
        &self,
        sid: &str,
        subject: &SessionSubject,
        now: Timestamp,
    ) -> Result<Option<String>, ApiError> {
        let doc = SessionDoc {
            user_id: subject.user_id.clone(),
            roles: subject.roles.clone(),
            unit_id: subject.unit_id.clone(),
            must_change_password: subject.must_change_password,
            started_at: now,
            last_seen_at: now,
            ended: None,
            device: Some(subject.device.clone()),
        };
        self.kv.set(&session_key(sid), &doc)?;
        let previous: Option<String> = self.kv.get(&pointer_key(&subject.user_id))?;
        // The pointer decides: even if marking the old document fails or races, a request on
        // the old session sees that it is no longer the account's current one.
        self.kv.set(&pointer_key(&subject.user_id), sid)?;
        let Some(old) = previous.filter(|old| old != sid) else {
            return Ok(None);
        };
        Ok(self.mark_ended(&old, EndReason::Superseded)?.then_some(old))
    }

    /// Ends the account's live session, if any, for `reason`. Returns its id.
    pub fn end_for_user(
        &self,
        user_id: &str,
        reason: EndReason,
    ) -> Result<Option<String>, ApiError> {
        let Some(sid) = self.kv.get::<String>(&pointer_key(user_id))? else {
            return Ok(None);
        };
        self.kv.delete(&pointer_key(user_id))?;
        Ok(self.mark_ended(&sid, reason)?.then_some(sid))
    }

    /// Ends session `sid` (logout). Returns whether it was live.
    pub fn end(&self, sid: &str, reason: EndReason) -> Result<bool, ApiError> {
        let Some(doc) = self.kv.get::<SessionDoc>(&session_key(sid))? else {
            return Ok(false);
        };
        if self
            .kv
            .get::<String>(&pointer_key(&doc.user_id))?
            .as_deref()
            == Some(sid)
        {
            self.kv.delete(&pointer_key(&doc.user_id))?;
        }
        self.mark_ended(sid, reason)
    }

    /// Whether the account has a live session now.
    pub fn has_live_session(&self, user_id: &str) -> Result<bool, ApiError> {
        let Some(sid) = self.kv.get::<String>(&pointer_key(user_id))? else {
            return Ok(false);
        };
        Ok(self
            .kv
            .get::<SessionDoc>(&session_key(&sid))?
            .is_some_and(|d| d.ended.is_none()))
    }

    /// The account's live session (its latest last-seen merged in), if any: what technical
    /// support sees of it.
    pub fn live_session(&self, user_id: &str) -> Result<Option<SessionDoc>, ApiError> {
        let Some(sid) = self.kv.get::<String>(&pointer_key(user_id))? else {
            return Ok(None);
        };
        let Some(mut doc) = self.get(&sid)?.filter(|d| d.ended.is_none()) else {
            return Ok(None);
        };
        if let Some(seen) = self.kv.get::<Timestamp>(&seen_key(&sid))? {
            doc.last_seen_at = doc.last_seen_at.max(seen);
        }
        Ok(Some(doc))
    }

    /// Applies new roles / unit to the account's live session (an admin edited the account).
    pub fn update_subject(
        &self,
        user_id: &str,
        roles: &[Role],
        unit_id: &str,
    ) -> Result<(), ApiError> {
        let Some(sid) = self.kv.get::<String>(&pointer_key(user_id))? else {
            return Ok(());
        };
        if let Some(mut doc) = self.kv.get::<SessionDoc>(&session_key(&sid))? {
            doc.roles = roles.to_vec();
            doc.unit_id = unit_id.to_owned();
            self.kv.set(&session_key(&sid), &doc)?;
        }
        Ok(())
    }

    /// The document of session `sid`.
    pub fn get(&self, sid: &str) -> Result<Option<SessionDoc>, ApiError> {
        Ok(self.kv.get(&session_key(sid))?)
    }

    fn mark_ended(&self, sid: &str, reason: EndReason) -> Result<bool, ApiError> {
        let Some(mut doc) = self.kv.get::<SessionDoc>(&session_key(sid))? else {
            return Ok(false);
        };
        if doc.ended.is_some() {
            return Ok(false);
        }
        doc.ended = Some(reason);
        self.kv.set(&session_key(sid), &doc)?;
        self.kv.delete(&seen_key(sid))?;
        Ok(true)
    }

    /// Checks session `sid` at `now` under `policy`: live → the document with its latest
    /// last-seen (touched when due, by writing the separate last-seen key only); otherwise the
    /// 401 to answer.
    pub fn check(
        &self,
        sid: &str,
        policy: &SessionPolicy,
        now: Timestamp,
    ) -> Result<SessionDoc, ApiError> {
        let Some(mut doc) = self.get(sid)? else {
            return Err(ApiError::unauthenticated());
        };
        if let Some(seen) = self.kv.get::<Timestamp>(&seen_key(sid))? {
            doc.last_seen_at = doc.last_seen_at.max(seen);
        }
        if let Some(reason) = doc.ended {
            return Err(reason.to_error());
        }
        if self
            .kv
            .get::<String>(&pointer_key(&doc.user_id))?
            .as_deref()
            != Some(sid)
        {
            return Err(EndReason::Superseded.to_error());
        }
        match policy.state(doc.started_at, doc.last_seen_at, now) {
            SessionState::Live => {}
            SessionState::IdleExpired | SessionState::AbsoluteExpired => {
                self.end(sid, EndReason::Expired)?;
                return Err(EndReason::Expired.to_error());
            }
        }
        if policy.should_touch(doc.last_seen_at, now) {
            // Only the last-seen key: the document may have changed since it was read.
            self.kv.set(&seen_key(sid), &now)?;
        }
        Ok(doc)
    }
}

/// Session timeouts from the variables `session_idle_minutes` (30) and
/// `session_absolute_hours` (12).
pub fn policy_from_vars<V: Vars>(vars: &V) -> Result<SessionPolicy, ConfigError> {
    let idle_min: i64 = vars.parsed_or("session_idle_minutes", 30)?;
    let absolute_h: i64 = vars.parsed_or("session_absolute_hours", 12)?;
    Ok(SessionPolicy {
        idle_s: idle_min.max(1) * 60,
        absolute_s: absolute_h.max(1) * 3600,
    })
}

/// The KV-backed [`SessionCheck`] every component installs.
#[derive(Debug, Default, Clone, Copy)]
pub struct KvSessions;

impl SessionCheck for KvSessions {
    fn resolve(&self, req: &ApiRequest) -> Result<Option<Principal>, ApiError> {
        let Some(token) = presented_token(req) else {
            return Ok(None);
        };
        if token.starts_with(ratusz_domain::notify::device_token::PREFIX) {
            // docs/api/notifications.md: a resident's device token is never a staff session,
            // and says so (`unauthenticated`), rather than looking like a broken session token.
            return Err(ApiError::unauthenticated_because(
                "unauthenticated",
                "A resident's device token is not accepted here: staff sign in.",
            ));
        }
        let vars = crate::config::SpinVars;
        let now = crate::runtime::now();
        let key = TokenKey::from_vars(&vars)?;
        let sid = key.check(&token, now).map_err(TokenRefusal::to_error)?;
        let policy = policy_from_vars(&vars)?;
        let doc = SessionStore::open()?.check(&sid, &policy, now)?;
        Ok(Some(Principal {
            user_id: doc.user_id,
            session_id: sid,
            roles: doc.roles,
            unit_id: doc.unit_id,
            must_change_password: doc.must_change_password,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> TokenKey {
        TokenKey::new(&Secret::new("k".repeat(40))).unwrap()
    }

    const T0: Timestamp = Timestamp::from_unix_ms(1_800_000_000_000);

    #[test]
    fn a_token_carries_the_session_id_until_it_expires() {
        let token = key().issue("sid-1", T0, T0.plus_seconds(60)).unwrap();
        assert_eq!(
            key().verify(&token, T0.plus_seconds(1)).as_deref(),
            Some("sid-1")
        );
        assert_eq!(key().verify(&token, T0.plus_seconds(61)), None);
        assert_eq!(
            key().check(&token, T0.plus_seconds(61)),
            Err(TokenRefusal::Expired)
        );
        assert_eq!(
            key().verify(&token, T0.plus_seconds(-10)),
            None,
            "not before iat"
        );
    }

    #[test]
    fn another_key_or_a_short_key_is_refused() {
        let token = key().issue("sid-1", T0, T0.plus_seconds(60)).unwrap();
        let other = TokenKey::new(&Secret::new("x".repeat(40))).unwrap();
        assert_eq!(other.check(&token, T0), Err(TokenRefusal::Invalid));
        assert!(TokenKey::new(&Secret::new("short")).is_err());
    }

    #[test]
    fn tokens_come_from_bearer_first_then_cookie() {
        let req = ApiRequest::new("GET", "/")
            .with_header("cookie", "a=1; ratusz_session=C")
            .with_header("authorization", "Bearer B");
        assert_eq!(presented_token(&req).as_deref(), Some("B"));
        let req = ApiRequest::new("GET", "/").with_header("cookie", "a=1; ratusz_session=C");
        assert_eq!(presented_token(&req).as_deref(), Some("C"));
        let req = ApiRequest::new("GET", "/").with_header("authorization", "Basic x");
        assert_eq!(presented_token(&req), None);
    }
}
