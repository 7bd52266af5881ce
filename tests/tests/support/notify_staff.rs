//! The staff's side of the resident registry in e2e tests: an app with two `notifier_admin`s
//! (four eyes), a `notifier`, and residents registered through the API.

use super::accounts::*;
use serde_json::{json, Value};

/// The first seeded district (migration 11).
pub const CENTRUM: &str = "01JZDSTRCT0000000000000001";
/// The second seeded district.
pub const STARE_MIASTO: &str = "01JZDSTRCT0000000000000002";

/// The app with the registry's staff.
pub struct Registry {
    /// The app.
    pub app: App,
    /// The administrator.
    pub admin: Session,
    /// The council unit (every staff account's).
    pub unit: String,
    /// A `notifier_admin`.
    pub first: Session,
    /// Another `notifier_admin`.
    pub second: Session,
}

impl Registry {
    /// Starts the app and creates both `notifier_admin`s.
    pub fn start() -> Self {
        let app = start();
        let admin = app.bootstrap_admin();
        let unit = app.council_unit(&admin);
        let (_, first) = app.active_user(&admin, &["notifier_admin"], &unit);
        let (_, second) = app.active_user(&admin, &["notifier_admin"], &unit);
        Self {
            app,
            admin,
            unit,
            first,
            second,
        }
    }

    /// A new staff session with `roles`.
    pub fn person(&self, roles: &[&str]) -> Session {
        self.app.active_user(&self.admin, roles, &self.unit).1
    }
}

/// A registration body with a unique e-mail and phone.
pub fn resident(first_name: &str, last_name: &str, district_id: &str) -> Value {
    let n = unique();
    json!({
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": "1961-05-17",
        "sex": "female",
        "address": {
            "street": "Piłsudskiego",
            "number": format!("{}/2", n % 200 + 1),
            "postal_code": "08-110",
            "district_id": district_id,
        },
        "email": format!("mieszkaniec.{n}@example.pl"),
        "phone": format!("+48 601 {:03} {:03}", n / 1000 % 1000, n % 1000),
    })
}

/// Registers `body` as `staff`; the Recipient.
pub fn register(staff: &Session, body: &Value) -> Value {
    let reply = staff.post("/api/notify/recipients", body);
    assert_eq!(reply.status, 201, "registering {body}: {}", reply.text());
    json_of(&reply)
}

/// The ids of a list page.
pub fn ids_of(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page: {page}"))
        .iter()
        .map(|r| str_field(r, "id"))
        .collect()
}
