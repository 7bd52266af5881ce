//! First start: with no accounts at all, the administrator named by the variable
//! `bootstrap_admin_email` is created (in a council unit) and its start password delivered
//! like any other (e-mail gateway, or the log when none is configured).

use crate::credentials::StartPassword;
use crate::settings::Env;
use crate::store::users::{NewAccount, UserRecord};
use crate::store::{units, users};
use ratusz_domain::api::accounts::{Role, Unit, UnitKind};
use ratusz_domain::validate;
use ratusz_platform::{runtime, ApiError};

/// Creates the bootstrap administrator when the database has no account (cheap otherwise:
/// one indexed count).
pub fn ensure(env: &Env) -> Result<(), ApiError> {
    if users::count(&env.db)? > 0 {
        return Ok(());
    }
    let email = validate::email(&env.settings.bootstrap_admin_email)
        .map_err(|e| ApiError::invalid_field("bootstrap_admin_email", e))?;
    // Hashed before the write lock; wasted only if a parallel first request wins the race.
    let start = StartPassword::new(env)?;
    env.db.transaction(|db| {
        // Checked again under the write lock: parallel first requests create one admin.
        if users::count(db)? > 0 {
            return Ok(());
        }
        let unit = match units::list(db, None, 1)?.into_iter().next() {
            Some(unit) => unit,
            None => {
                let unit = Unit {
                    id: runtime::new_id().as_str().to_owned(),
                    name: "Rada Miasta".into(),
                    kind: UnitKind::Council,
                };
                units::insert(db, &unit, env.now)?;
                unit
            }
        };
        let mut admin = UserRecord::new_account(
            runtime::new_id().as_str().to_owned(),
            NewAccount {
                first_name: "Administrator".into(),
                last_name: "Systemu".into(),
                email,
                phone: None,
                unit_id: unit.id,
                roles: vec![Role::Admin],
            },
            env.now,
        );
        start.install(&mut admin);
        users::insert(db, &admin, env.now)?;
        env.audit(
            "system",
            "user_created",
            &format!("user:{}", admin.id),
            serde_json::json!({"roles": admin.roles, "bootstrap": true}),
        )?;
        start.email(env, &admin)
    })
}
