//! Who is signed in, as a pure state machine, and what each role may see.
//!
//! The server decides every request (the session lives in its KV store); this state only
//! chooses what to show. It starts from `GET /api/auth/me` and changes on login, logout,
//! password change and on any `401` an API call meets.

use std::rc::Rc;

use ratusz_domain::api::accounts::{MeResponse, Role, UserView};
use yew::Reducible;

/// Why a session this tab held is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The account was signed in on another device (`401 session_superseded`).
    Superseded,
    /// Any other end: timeout, termination by an administrator, disabled account.
    Ended,
    /// The user signed out here.
    SignedOut,
}

/// The signed-in account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The account.
    pub user: UserView,
    /// A start password is in use: only the password change is open.
    pub must_change_password: bool,
}

impl Session {
    /// Whether the account holds any of `roles`.
    pub fn has_any(&self, roles: &[Role]) -> bool {
        has_any(&self.user.roles, roles)
    }
}

/// What the app knows about the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthState {
    /// `GET /api/auth/me` has not answered yet.
    Loading,
    /// Nobody is signed in; `ended` says why a session of this tab ended, to tell the user.
    Anonymous {
        /// Why the last session ended, if it ended while this tab was open.
        ended: Option<SessionEnd>,
    },
    /// Signed in.
    SignedIn(Rc<Session>),
}

impl AuthState {
    /// The session, when signed in.
    pub fn session(&self) -> Option<&Session> {
        match self {
            AuthState::SignedIn(session) => Some(session),
            _ => None,
        }
    }

    /// The signed-in roles (empty when anonymous).
    pub fn roles(&self) -> &[Role] {
        self.session().map_or(&[], |s| s.user.roles.as_slice())
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthAction {
    /// `me` answered with a session.
    Loaded(Box<MeResponse>),
    /// `me` answered without one (or could not be asked).
    NoSession,
    /// A login succeeded.
    LoggedIn(Box<Session>),
    /// The password was changed: the start password is gone.
    PasswordChanged,
    /// The user signed out.
    LoggedOut,
    /// Some call met a 401.
    Unauthorized {
        /// With code `session_superseded`.
        superseded: bool,
    },
}

/// The reducer behind the auth context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// The current state.
    pub state: AuthState,
}

impl Default for Auth {
    fn default() -> Self {
        Self {
            state: AuthState::Loading,
        }
    }
}

impl Auth {
    /// Signed in as `remembered` (the server's last answer) until it says otherwise, or
    /// loading.
    pub fn starting_from(remembered: Option<Session>) -> Self {
        Self {
            state: remembered.map_or(AuthState::Loading, |s| AuthState::SignedIn(Rc::new(s))),
        }
    }
}

/// The next state: pure, so every transition is unit-tested.
pub fn next_state(state: &AuthState, action: AuthAction) -> AuthState {
    match action {
        AuthAction::Loaded(me) => AuthState::SignedIn(Rc::new(Session {
            user: me.user,
            must_change_password: me.must_change_password,
        })),
        AuthAction::NoSession => match state {
            // A 401 seen while `me` was pending already explained the end; keep it.
            AuthState::Anonymous { ended } => AuthState::Anonymous { ended: *ended },
            _ => AuthState::Anonymous { ended: None },
        },
        AuthAction::LoggedIn(session) => AuthState::SignedIn(Rc::new(*session)),
        AuthAction::PasswordChanged => match state {
            AuthState::SignedIn(session) => AuthState::SignedIn(Rc::new(Session {
                must_change_password: false,
                user: UserView {
                    must_change_password: false,
                    ..session.user.clone()
                },
            })),
            other => other.clone(),
        },
        AuthAction::LoggedOut => AuthState::Anonymous {
            ended: Some(SessionEnd::SignedOut),
        },
        // Superseded is worth saying even to a tab that had not loaded its session yet: the
        // cookie it holds belonged to a session another device replaced.
        AuthAction::Unauthorized { superseded: true } => AuthState::Anonymous {
            ended: Some(SessionEnd::Superseded),
        },
        AuthAction::Unauthorized { superseded: false } => match state {
            AuthState::SignedIn(_) => AuthState::Anonymous {
                ended: Some(SessionEnd::Ended),
            },
            AuthState::Anonymous { ended } => AuthState::Anonymous { ended: *ended },
            AuthState::Loading => AuthState::Anonymous { ended: None },
        },
    }
}

impl Reducible for Auth {
    type Action = AuthAction;

    fn reduce(self: Rc<Self>, action: AuthAction) -> Rc<Self> {
        let state = next_state(&self.state, action);
        if state == self.state {
            self
        } else {
            Rc::new(Auth { state })
        }
    }
}

/// Whether `held` contains any of `wanted`.
pub fn has_any(held: &[Role], wanted: &[Role]) -> bool {
    wanted.iter().any(|role| held.contains(role))
}

/// Roles that see the admin console (accounts, resets, incidents, audit).
pub const CONSOLE: &[Role] = &[Role::Admin, Role::Support];
/// Roles that register accounts, grant roles, edit accounts, disable/enable and create units.
pub const ADMIN_ONLY: &[Role] = &[Role::Admin];
/// Roles that may file a reset request for someone else.
pub const RESET_REQUESTERS: &[Role] = &[Role::Director, Role::Admin, Role::Support];

/// Roles that take part in council meetings (the meetings list and the tablet).
pub const COUNCIL: &[Role] = &[Role::Councillor, Role::Chair, Role::Clerk, Role::Admin];
/// Roles that use the council's chat (`docs/api/messaging.md` § Who may do what).
pub const CHAT: &[Role] = &[
    Role::Councillor,
    Role::Chair,
    Role::Clerk,
    Role::Director,
    Role::Admin,
    Role::Support,
];
/// Roles that run meetings from the chair's console (a councillor named chair of one meeting
/// reaches it from the tablet; the server decides per meeting).
pub const CHAIRS: &[Role] = &[Role::Chair, Role::Admin];
/// Roles of the council office: meetings, agenda, attendance, minutes.
pub const CLERKS: &[Role] = &[Role::Clerk, Role::Admin];
/// Roles that keep the resident registry (`/registry/…`; docs/api/notifications.md § Staff).
pub const NOTIFIER_ADMINS: &[Role] = &[Role::NotifierAdmin];
/// Roles that write and send messages to residents (`/notify/…`;
/// docs/api/notifications-messages.md § Staff: `notifier`).
pub const NOTIFIERS: &[Role] = &[Role::Notifier];
/// Roles that read the registry's anonymous counts (`/registry/stats`).
pub const NOTIFY_STATS: &[Role] = &[Role::Notifier, Role::NotifierAdmin];

/// A link of the primary navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavItem {
    /// `/`.
    Home,
    /// `/status`.
    Status,
    /// `/public/sessions`: published meetings, for everyone.
    PublicSessions,
    /// `/sessions`: the meetings of the signed-in member, chair or clerk.
    Sessions,
    /// `/chat`: the council's chat (office bundle; the link hands over).
    Chat,
    /// `/login`.
    Login,
    /// `/password/lost`.
    LostPassword,
    /// `/settings/password`.
    ChangePassword,
    /// `/password/request-for-employee`.
    RequestForEmployee,
    /// `/admin/users`.
    Users,
    /// `/admin/units`.
    Units,
    /// `/admin/resets`.
    Resets,
    /// `/admin/incidents`.
    Incidents,
    /// `/admin/audit`.
    Audit,
    /// `/admin/maintenance`.
    Maintenance,
    /// `/registry/residents`: the resident registry (office bundle; the link hands over).
    Registry,
    /// `/registry/stats`: the registry's counts.
    RegistryStats,
    /// `/notify/messages`: messages to residents (office bundle; the link hands over).
    NotifyMessages,
}

/// The navigation a visitor sees: anonymous → sign in and lost password; a start-password
/// session → only what it may use; others by role.
pub fn nav_items(state: &AuthState) -> Vec<NavItem> {
    let mut items = vec![NavItem::Home, NavItem::Status, NavItem::PublicSessions];
    let Some(session) = state.session() else {
        // While `me` is pending, a visitor's items: without a remembered session this is
        // almost always a visitor, and the navigation must not change height (layout shift).
        items.extend([NavItem::Login, NavItem::LostPassword]);
        return items;
    };
    if session.must_change_password {
        return items;
    }
    if session.has_any(COUNCIL) {
        items.push(NavItem::Sessions);
    }
    if session.has_any(CHAT) {
        items.push(NavItem::Chat);
    }
    if session.has_any(NOTIFIER_ADMINS) {
        items.push(NavItem::Registry);
    }
    if session.has_any(NOTIFIERS) {
        items.push(NavItem::NotifyMessages);
    }
    if session.has_any(NOTIFY_STATS) {
        items.push(NavItem::RegistryStats);
    }
    items.push(NavItem::ChangePassword);
    if session.has_any(RESET_REQUESTERS) {
        items.push(NavItem::RequestForEmployee);
    }
    if session.has_any(CONSOLE) {
        items.extend([
            NavItem::Users,
            NavItem::Units,
            NavItem::Resets,
            NavItem::Incidents,
            NavItem::Audit,
            NavItem::Maintenance,
        ]);
    }
    items
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ratusz_domain::api::accounts::AccountStatus;
    use ratusz_domain::time::Timestamp;

    pub(crate) fn user(roles: &[Role]) -> UserView {
        UserView {
            id: "u1".into(),
            first_name: "Anna".into(),
            last_name: "Nowak".into(),
            email: "anna@example.pl".into(),
            phone: None,
            unit_id: "unit1".into(),
            roles: roles.to_vec(),
            status: AccountStatus::Active,
            lock: None,
            must_change_password: false,
            created_at: Timestamp::EPOCH,
            last_login_at: None,
            has_session: true,
            session: None,
        }
    }

    fn signed_in(roles: &[Role], must_change_password: bool) -> AuthState {
        AuthState::SignedIn(Rc::new(Session {
            user: user(roles),
            must_change_password,
        }))
    }

    #[test]
    fn superseded_is_told_whatever_the_state() {
        for state in [
            AuthState::Loading,
            AuthState::Anonymous { ended: None },
            signed_in(&[Role::Councillor], false),
        ] {
            assert_eq!(
                next_state(&state, AuthAction::Unauthorized { superseded: true }),
                AuthState::Anonymous {
                    ended: Some(SessionEnd::Superseded)
                },
                "{state:?}"
            );
        }
    }

    #[test]
    fn another_401_ends_a_session_but_is_silent_for_an_anonymous_visitor() {
        let action = AuthAction::Unauthorized { superseded: false };
        assert_eq!(
            next_state(&signed_in(&[Role::Clerk], false), action.clone()),
            AuthState::Anonymous {
                ended: Some(SessionEnd::Ended)
            }
        );
        assert_eq!(
            next_state(&AuthState::Loading, action.clone()),
            AuthState::Anonymous { ended: None }
        );
        let superseded = AuthState::Anonymous {
            ended: Some(SessionEnd::Superseded),
        };
        assert_eq!(next_state(&superseded, action), superseded);
        // `me` failing after the 401 must not erase the reason.
        assert_eq!(next_state(&superseded, AuthAction::NoSession), superseded);
    }

    #[test]
    fn login_logout_and_password_change() {
        let session = Session {
            user: user(&[Role::Admin]),
            must_change_password: true,
        };
        let state = next_state(
            &AuthState::Anonymous {
                ended: Some(SessionEnd::Superseded),
            },
            AuthAction::LoggedIn(Box::new(session)),
        );
        assert!(state.session().is_some_and(|s| s.must_change_password));
        let state = next_state(&state, AuthAction::PasswordChanged);
        assert!(state.session().is_some_and(|s| !s.must_change_password));
        assert_eq!(
            next_state(&state, AuthAction::LoggedOut),
            AuthState::Anonymous {
                ended: Some(SessionEnd::SignedOut)
            }
        );
    }

    #[test]
    fn navigation_follows_the_roles() {
        use NavItem::*;
        let console = [Users, Units, Resets, Incidents, Audit];
        assert_eq!(
            nav_items(&AuthState::Loading),
            vec![Home, Status, PublicSessions, Login, LostPassword]
        );
        assert_eq!(
            nav_items(&AuthState::Anonymous { ended: None }),
            vec![Home, Status, PublicSessions, Login, LostPassword]
        );
        assert_eq!(
            nav_items(&signed_in(&[Role::Admin], true)),
            vec![Home, Status, PublicSessions],
            "a start-password session only changes its password"
        );
        assert_eq!(
            nav_items(&signed_in(&[Role::Councillor, Role::Chair], false)),
            vec![Home, Status, PublicSessions, Sessions, Chat, ChangePassword]
        );
        assert_eq!(
            nav_items(&signed_in(&[Role::Director], false)),
            vec![
                Home,
                Status,
                PublicSessions,
                Chat,
                ChangePassword,
                RequestForEmployee
            ]
        );
        for role in [Role::Councillor, Role::Chair, Role::Clerk, Role::Admin] {
            assert!(
                nav_items(&signed_in(&[role], false)).contains(&Sessions),
                "{role:?}"
            );
        }
        assert!(!nav_items(&signed_in(&[Role::Support], false)).contains(&Sessions));
        for role in [Role::Admin, Role::Support] {
            let items = nav_items(&signed_in(&[role], false));
            assert!(items.contains(&RequestForEmployee));
            for item in console {
                assert!(items.contains(&item), "{role:?} sees {item:?}");
            }
        }
        let clerk = nav_items(&signed_in(&[Role::Clerk], false));
        assert!(!clerk.contains(&Users) && !clerk.contains(&Audit));
        // Every staff role chats; an account with none of those roles does not.
        for role in CHAT {
            assert!(
                nav_items(&signed_in(&[*role], false)).contains(&Chat),
                "{role:?}"
            );
        }
        assert!(!nav_items(&signed_in(&[], false)).contains(&Chat));
    }

    #[test]
    fn the_registry_is_linked_for_its_keepers_and_the_counts_for_notifiers() {
        let admin = nav_items(&signed_in(&[Role::NotifierAdmin], false));
        assert!(admin.contains(&NavItem::Registry) && admin.contains(&NavItem::RegistryStats));
        let notifier = nav_items(&signed_in(&[Role::Notifier], false));
        assert!(!notifier.contains(&NavItem::Registry));
        assert!(notifier.contains(&NavItem::RegistryStats));
        for role in [Role::Admin, Role::Support, Role::Clerk, Role::Councillor] {
            let items = nav_items(&signed_in(&[role], false));
            assert!(!items.contains(&NavItem::Registry), "{role:?}");
            assert!(!items.contains(&NavItem::RegistryStats), "{role:?}");
        }
    }

    #[test]
    fn the_messages_are_linked_for_notifiers_only() {
        let notifier = nav_items(&signed_in(&[Role::Notifier], false));
        assert!(notifier.contains(&NavItem::NotifyMessages));
        for role in [
            Role::NotifierAdmin,
            Role::Admin,
            Role::Support,
            Role::Clerk,
            Role::Councillor,
        ] {
            let items = nav_items(&signed_in(&[role], false));
            assert!(!items.contains(&NavItem::NotifyMessages), "{role:?}");
        }
    }

    #[test]
    fn role_groups() {
        assert!(has_any(&[Role::Support], CONSOLE));
        assert!(!has_any(&[Role::Support], ADMIN_ONLY));
        assert!(has_any(&[Role::Director], RESET_REQUESTERS));
        assert!(!has_any(&[], CONSOLE));
        assert!(has_any(&[Role::Chair], CHAIRS) && !has_any(&[Role::Councillor], CHAIRS));
        assert!(has_any(&[Role::Clerk], CLERKS) && !has_any(&[Role::Chair], CLERKS));
    }
}
