//! Who may do what in the accounts area (accounts.md § Roles and units): one table from
//! operation to roles, so a new operation cannot compile without a decision.
//!
//! Unit scoping (a director only for their own unit) is a second, separate check:
//! [`may_request_reset_for`].

use crate::api::accounts::Role;

/// Something a signed-in person asks to do with accounts, units, resets or incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `GET /api/users`.
    ListUsers,
    /// `GET /api/users/{id}` (with sessions and lock state).
    ViewUser,
    /// `POST /api/users`.
    CreateUser,
    /// `PATCH /api/users/{id}`: names, e-mail, phone, unit.
    UpdateUserProfile,
    /// Change an account's roles.
    GrantRoles,
    /// Lock an account by hand.
    LockUser,
    /// `POST /api/users/{id}/unlock`.
    UnlockUser,
    /// Disable an account.
    DisableUser,
    /// Enable a disabled account.
    EnableUser,
    /// `DELETE /api/users/{id}/session`.
    EndUserSession,
    /// `GET /api/units`.
    ListUnits,
    /// Create, rename or remove units.
    ManageUnits,
    /// Request a password reset for someone else's account.
    RequestResetForOthers,
    /// List and read reset requests.
    ViewResets,
    /// Approve or reject a reset request (four eyes checked separately).
    DecideReset,
    /// `GET /api/password-resets/{id}/letter`.
    PrintLetter,
    /// `POST /api/password-resets/{id}/handover`.
    RecordHandover,
    /// `GET /api/incidents`, `GET /api/incidents/{id}`.
    ViewIncidents,
    /// `POST /api/incidents`, `PATCH /api/incidents/{id}`.
    ManageIncidents,
    /// Read the audit chain.
    ViewAudit,
    /// `GET /api/maintenance-windows`.
    ViewMaintenance,
    /// Schedule or call off a maintenance window.
    ManageMaintenance,
    /// `POST /api/audit/checkpoints`: sign the audit chain's head now.
    SignAuditCheckpoint,
    /// `GET /api/system/status`: the administrator's health page.
    ViewSystemStatus,
    /// Use the chat: list one's conversations, start a direct one, read and write where a
    /// member (membership itself is a per-conversation check, docs/api/messaging.md).
    UseChat,
    /// Create group conversations and manage their title and members.
    ManageChatGroups,
    /// The resident registry (docs/api/notifications.md § Staff: `notifier_admin`): register,
    /// list, read, correct, verify, consent documents, suspension, codes, erasure.
    ManageRecipients,
    /// `POST /api/notify/districts`, `PATCH /api/notify/districts/{id}`.
    ManageDistricts,
    /// `GET /api/notify/stats`: anonymous counts.
    ViewNotifyStats,
    /// `GET /api/notify/keys`, `POST /api/notify/keys/rotation`.
    ManageResidentKeys,
    /// The residents' reports (docs/api/notifications-messages.md § Reports): queue, detail,
    /// photo, status, replies.
    HandleReports,
    /// Messages to residents (docs/api/notifications-messages.md § Staff: `notifier`):
    /// compose, preview, send, schedule, cancel, read messages and their progress, templates.
    SendMessages,
}

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 32] = [
        Operation::ListUsers,
        Operation::ViewUser,
        Operation::CreateUser,
        Operation::UpdateUserProfile,
        Operation::GrantRoles,
        Operation::LockUser,
        Operation::UnlockUser,
        Operation::DisableUser,
        Operation::EnableUser,
        Operation::EndUserSession,
        Operation::ListUnits,
        Operation::ManageUnits,
        Operation::RequestResetForOthers,
        Operation::ViewResets,
        Operation::DecideReset,
        Operation::PrintLetter,
        Operation::RecordHandover,
        Operation::ViewIncidents,
        Operation::ManageIncidents,
        Operation::ViewAudit,
        Operation::ViewMaintenance,
        Operation::ManageMaintenance,
        Operation::SignAuditCheckpoint,
        Operation::ViewSystemStatus,
        Operation::UseChat,
        Operation::ManageChatGroups,
        Operation::ManageRecipients,
        Operation::ManageDistricts,
        Operation::ViewNotifyStats,
        Operation::ManageResidentKeys,
        Operation::HandleReports,
        Operation::SendMessages,
    ];
}

/// The roles that may perform `op` (the one table; admin is in every row but the council
/// office's chat groups and the residents' personal data, which only `notifier_admin` sees).
pub const fn allowed_roles(op: Operation) -> &'static [Role] {
    use Operation as O;
    use Role::{Admin, Chair, Clerk, Councillor, Director, Notifier, NotifierAdmin, Support};
    match op {
        // Residents' personal data is the registry staff's alone: the IT administrator runs
        // the system but reads no resident's data (notifications.md § Roles).
        O::ManageRecipients | O::ManageDistricts => &[NotifierAdmin],
        // A report holds what a resident wrote about themselves and where they were: the
        // registry staff's too (notifications.md § Roles).
        O::HandleReports => &[NotifierAdmin],
        // Sending reaches residents but shows nobody's data: the counts are anonymous and
        // the k rule keeps a filter from naming a person (notifications.md § Roles).
        O::SendMessages => &[Notifier],
        // Counts only, no personal data.
        O::ViewNotifyStats => &[Notifier, NotifierAdmin],
        // Rotating the keys re-seals ciphertexts without showing anyone their contents.
        O::ManageResidentKeys => &[Admin],
        // Only the IT administrator shapes accounts and units: support "cannot grant roles".
        O::CreateUser | O::UpdateUserProfile | O::GrantRoles | O::DisableUser | O::EnableUser => {
            &[Admin]
        }
        O::ManageUnits => &[Admin],
        // A checkpoint on demand (before publishing results, say) is the administrator's;
        // support reads and verifies the chain but does not speak for it.
        O::SignAuditCheckpoint => &[Admin],
        // Maintenance stops the system for everyone else: only the IT administrator plans it;
        // technical support sees the plan (system health).
        O::ManageMaintenance => &[Admin],
        O::ViewMaintenance => &[Admin, Support],
        // Technical support sees system health (operations.md).
        O::ViewSystemStatus => &[Admin, Support],
        // Technical assistance: view accounts and sessions, unlock, process resets, incidents.
        O::ViewUser | O::LockUser | O::UnlockUser | O::EndUserSession => &[Admin, Support],
        // The council office picks a meeting's members from the list of accounts.
        O::ListUsers => &[Admin, Support, Clerk],
        O::ViewResets | O::DecideReset | O::PrintLetter | O::RecordHandover => &[Admin, Support],
        O::ViewIncidents | O::ManageIncidents | O::ViewAudit => &[Admin, Support],
        // A director too, for their own unit only (see `may_request_reset_for`).
        O::RequestResetForOthers => &[Admin, Support, Director],
        // Every account belongs to a unit and may see the list.
        O::ListUnits => &[Admin, Support, Director, Clerk, Chair, Councillor],
        // Every staff role chats; what a conversation shows is decided by membership alone.
        O::UseChat => &[Admin, Support, Director, Clerk, Chair, Councillor],
        // Groups are the council office's (messaging.md): the administrator runs IT, not
        // the council's committees and clubs.
        O::ManageChatGroups => &[Clerk],
    }
}

/// Whether someone holding `roles` may perform `op`.
pub fn allowed(roles: &[Role], op: Operation) -> bool {
    roles.iter().any(|role| allowed_roles(op).contains(role))
}

/// Whether someone holding `roles` in `requester_unit` may request a reset for an account in
/// `target_unit`: admin and support for any unit, a director only for their own.
pub fn may_request_reset_for(roles: &[Role], requester_unit: &str, target_unit: &str) -> bool {
    if roles
        .iter()
        .any(|r| matches!(r, Role::Admin | Role::Support))
    {
        return true;
    }
    roles.contains(&Role::Director) && !requester_unit.is_empty() && requester_unit == target_unit
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full table: one column per role in [`Role::ALL`] order
    /// (admin, support, clerk, chair, councillor, director, notifier, notifier_admin);
    /// `x` allowed, `.` denied.
    const TABLE: [(Operation, &str); 32] = [
        (Operation::ListUsers, "xxx....."),
        (Operation::ViewUser, "xx......"),
        (Operation::CreateUser, "x......."),
        (Operation::UpdateUserProfile, "x......."),
        (Operation::GrantRoles, "x......."),
        (Operation::LockUser, "xx......"),
        (Operation::UnlockUser, "xx......"),
        (Operation::DisableUser, "x......."),
        (Operation::EnableUser, "x......."),
        (Operation::EndUserSession, "xx......"),
        (Operation::ListUnits, "xxxxxx.."),
        (Operation::ManageUnits, "x......."),
        (Operation::RequestResetForOthers, "xx...x.."),
        (Operation::ViewResets, "xx......"),
        (Operation::DecideReset, "xx......"),
        (Operation::PrintLetter, "xx......"),
        (Operation::RecordHandover, "xx......"),
        (Operation::ViewIncidents, "xx......"),
        (Operation::ManageIncidents, "xx......"),
        (Operation::ViewAudit, "xx......"),
        (Operation::ViewMaintenance, "xx......"),
        (Operation::ManageMaintenance, "x......."),
        (Operation::SignAuditCheckpoint, "x......."),
        (Operation::ViewSystemStatus, "xx......"),
        (Operation::UseChat, "xxxxxx.."),
        (Operation::ManageChatGroups, "..x....."),
        (Operation::ManageRecipients, ".......x"),
        (Operation::ManageDistricts, ".......x"),
        (Operation::ViewNotifyStats, "......xx"),
        (Operation::ManageResidentKeys, "x......."),
        (Operation::HandleReports, ".......x"),
        (Operation::SendMessages, "......x."),
    ];

    #[test]
    fn role_by_operation_table() {
        assert_eq!(
            TABLE.map(|(op, _)| op),
            Operation::ALL,
            "the table lists every operation once"
        );
        for (op, row) in TABLE {
            for (role, cell) in Role::ALL.into_iter().zip(row.chars()) {
                assert_eq!(allowed(&[role], op), cell == 'x', "{role:?} {op:?}");
            }
        }
    }

    #[test]
    fn several_roles_combine_and_no_roles_allow_nothing() {
        for op in Operation::ALL {
            assert!(!allowed(&[], op), "{op:?}");
            // The office's chat groups are the clerk's alone, sending messages the notifier's.
            if op != Operation::ManageChatGroups && op != Operation::SendMessages {
                assert!(
                    allowed(&[Role::Councillor, Role::Admin, Role::NotifierAdmin], op),
                    "{op:?}"
                );
            }
        }
        assert!(!allowed(&[Role::Admin], Operation::ManageRecipients));
        assert!(allowed(
            &[Role::NotifierAdmin, Role::Notifier],
            Operation::SendMessages
        ));
        assert!(allowed(
            &[Role::Admin, Role::NotifierAdmin],
            Operation::ManageRecipients
        ));
        assert!(allowed(
            &[Role::Councillor, Role::Clerk],
            Operation::ManageChatGroups
        ));
        assert!(allowed(
            &[Role::Clerk, Role::Director],
            Operation::RequestResetForOthers
        ));
        assert!(!allowed(
            &[Role::Clerk, Role::Director],
            Operation::ViewResets
        ));
    }

    #[test]
    fn reset_requests_are_scoped_to_the_directors_unit() {
        let cases: [(&[Role], &str, &str, bool); 9] = [
            (&[Role::Admin], "it", "school-3", true),
            (&[Role::Support], "it", "school-3", true),
            (&[Role::Director], "school-3", "school-3", true),
            (&[Role::Director], "school-3", "school-4", false),
            (&[Role::Director], "", "", false),
            (
                &[Role::Director, Role::Support],
                "school-3",
                "school-4",
                true,
            ),
            (&[Role::Clerk], "council", "council", false),
            (
                &[Role::Chair, Role::Councillor],
                "council",
                "council",
                false,
            ),
            (&[], "council", "council", false),
        ];
        for (roles, mine, theirs, expected) in cases {
            assert_eq!(
                may_request_reset_for(roles, mine, theirs),
                expected,
                "{roles:?} {mine} → {theirs}"
            );
        }
    }
}
