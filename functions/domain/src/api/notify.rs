//! The resident registry of citizen notifications (docs/api/notifications.md): every shape of
//! the contract, written once for the `notify` component, the frontend and the OpenAPI
//! document. Fields may be added; none is ever renamed (clients outside this repository are
//! written against them).

use crate::time::Timestamp;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Where staff stand on a recipient's data (`unverified` → `verified` by staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Registered, not checked by staff yet.
    Unverified,
    /// Checked by staff (a second person when staff registered them).
    Verified,
    /// Doubtful data: receives public announcements only until verified.
    Restricted,
}

crate::wire_names!(Verification {
    Unverified = "unverified",
    Verified = "verified",
    Restricted = "restricted",
});

/// A way a message reaches a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail (needs `email`).
    Email,
    /// SMS (needs `phone`).
    Sms,
    /// Web Push to the bound device.
    Push,
    /// e-Doręczenia, the state mailbox (needs `ade_address`; part 2 sends).
    Edoreczenia,
}

crate::wire_names!(Channel {
    Email = "email",
    Sms = "sms",
    Push = "push",
    Edoreczenia = "edoreczenia",
});

/// Where a validation code is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeChannel {
    /// To the recipient's e-mail.
    Email,
    /// To the recipient's phone.
    Sms,
}

crate::wire_names!(CodeChannel {
    Email = "email",
    Sms = "sms",
});

/// Whether the recipient's consent stands (zgoda).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Given: messages may be sent.
    Given,
    /// Withdrawn: nothing is sent; the data is erased after `notify_withdrawn_days`.
    Withdrawn,
}

crate::wire_names!(ConsentState {
    Given = "given",
    Withdrawn = "withdrawn",
});

/// The paper consent of a recipient registered by staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentDocumentState {
    /// Self-registered: the consent was given in the app.
    NotNeeded,
    /// Generated, waiting for the person's signature.
    ToSign,
    /// Signed by the person.
    Signed,
    /// Filed away.
    Archived,
}

crate::wire_names!(ConsentDocumentState {
    NotNeeded = "not_needed",
    ToSign = "to_sign",
    Signed = "signed",
    Archived = "archived",
});

/// A consent document's next state, as staff mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentDocumentMark {
    /// The person signed it.
    Signed,
    /// Filed away after signing.
    Archived,
}

crate::wire_names!(ConsentDocumentMark {
    Signed = "signed",
    Archived = "archived",
});

impl ConsentDocumentMark {
    /// The document state this mark leads to.
    pub const fn state(self) -> ConsentDocumentState {
        match self {
            Self::Signed => ConsentDocumentState::Signed,
            Self::Archived => ConsentDocumentState::Archived,
        }
    }
}

/// Sex (płeć), as the person states it; optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}

crate::wire_names!(Sex {
    Female = "female",
    Male = "male",
});

/// Who registered a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegisteredBy {
    /// The person, from the public form.
    #[serde(rename = "self")]
    SelfService,
    /// Staff, at the person's request.
    Staff,
}

crate::wire_names!(RegisteredBy {
    SelfService = "self",
    Staff = "staff",
});

/// Where a key rotation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RotationState {
    /// Batches are being re-sealed.
    Running,
    /// Every field is under the active keys.
    Done,
}

crate::wire_names!(RotationState {
    Running = "running",
    Done = "done",
});

/// Where a staff erasure request stands (only pending ones are shown; a confirmed one is an
/// erased recipient).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErasureState {
    /// Waiting for a second `notifier_admin`.
    Pending,
}

crate::wire_names!(ErasureState { Pending = "pending" });

/// `null` in a PATCH body clears an optional field; absence leaves it: `Some(None)` vs `None`.
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A district of the city (osiedle).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct District {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// `GET /api/notify/districts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Districts {
    /// Every district, by name.
    pub items: Vec<District>,
}

/// `POST /api/notify/districts`, `PATCH /api/notify/districts/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DistrictInput {
    /// Name (≤ 100 characters, unique).
    pub name: String,
}

/// `GET /api/notify/consent`: the consent a registration accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentText {
    /// The version a registration names in `consent_version`.
    pub version: String,
    /// The Polish text (the one signed).
    pub text_pl: String,
    /// A courtesy translation.
    pub text_en: String,
}

/// A recipient's address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Street (or the village's name where there are no streets).
    pub street: String,
    /// House and flat number (`12`, `12A/4`).
    pub number: String,
    /// Postal code `NN-NNN`.
    pub postal_code: String,
    /// One of `GET /api/notify/districts`.
    pub district_id: String,
}

/// A resident's quiet hours in Polish time (`HH:MM`, 24-hour): nothing but a crisis message is
/// delivered from `start` until `end`; `end` before `start` runs past midnight (22:00–07:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// When they begin, `HH:MM`.
    pub start: String,
    /// When they end, `HH:MM` (not equal to `start`).
    pub end: String,
}

/// An address as given in a registration or correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    /// Street (≤ 120 characters).
    pub street: String,
    /// House and flat number (≤ 20 characters).
    pub number: String,
    /// Postal code `NN-NNN`.
    pub postal_code: String,
    /// One of `GET /api/notify/districts`.
    pub district_id: String,
}

/// The consent record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentRecord {
    /// Given or withdrawn.
    pub state: ConsentState,
    /// The version of the consent text given.
    pub version: String,
    /// When it was (last) given.
    pub given_at: Timestamp,
    /// When it was withdrawn.
    pub withdrawn_at: Option<Timestamp>,
}

/// The paper consent document (staff registrations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentDocument {
    /// Where it stands.
    pub state: ConsentDocumentState,
    /// When staff marked it signed.
    pub signed_at: Option<Timestamp>,
    /// When staff marked it archived.
    pub archived_at: Option<Timestamp>,
}

/// A recipient with their personal data (a bound device's own, or `notifier_admin`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// Id (a ULID, not derived from personal data).
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Date of birth `YYYY-MM-DD`.
    pub birth_date: String,
    /// Sex, when given.
    pub sex: Option<Sex>,
    /// Address.
    pub address: Address,
    /// E-mail (canonical form).
    pub email: Option<String>,
    /// Phone, E.164 (`+48…`).
    pub phone: Option<String>,
    /// e-Doręczenia address `AE:PL-NNNNN-NNNNN-XXXXX-NN`.
    pub ade_address: Option<String>,
    /// Chosen channels.
    pub channels: Vec<Channel>,
    /// Quiet hours (`null`: none; the default 22:00–07:00 when not chosen).
    pub quiet_hours: Option<QuietHours>,
    /// Verification.
    pub verification: Verification,
    /// Whether a suspension holds now (nothing is sent).
    pub suspended: bool,
    /// When a suspension with an end ends (`null` with `suspended` = until lifted).
    pub suspended_until: Option<Timestamp>,
    /// Consent.
    pub consent: ConsentRecord,
    /// The paper consent.
    pub consent_document: ConsentDocument,
    /// Whether a device is bound.
    pub device_bound: bool,
    /// Who registered them.
    pub registered_by: RegisteredBy,
    /// Registered.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
    /// (Added with the code.) A staff erasure request waiting for a second `notifier_admin`
    /// (one a staff-recorded withdrawal of consent opened included): on staff reads only,
    /// absent when none is pending and on the device's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erasure_request: Option<ErasureRequest>,
}

/// `POST /api/notify/registrations`: self-registration from the public form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    /// First name (≤ 100).
    pub first_name: String,
    /// Last name (≤ 100).
    pub last_name: String,
    /// Date of birth `YYYY-MM-DD` (not in the future).
    pub birth_date: String,
    /// Sex (optional).
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Address.
    pub address: AddressInput,
    /// E-mail (≤ 254).
    #[serde(default)]
    pub email: Option<String>,
    /// Phone (Polish or E.164).
    #[serde(default)]
    pub phone: Option<String>,
    /// e-Doręczenia address.
    #[serde(default)]
    pub ade_address: Option<String>,
    /// Channels; absent = every channel the contacts allow.
    #[serde(default)]
    pub channels: Option<Vec<Channel>>,
    /// Quiet hours; absent = the default 22:00–07:00, `null` = none.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<QuietHours>))]
    pub quiet_hours: Option<Option<QuietHours>>,
    /// Where the validation code goes (a contact given above).
    pub code_channel: CodeChannel,
    /// The consent version accepted (`GET /api/notify/consent`).
    pub consent_version: String,
}

/// `POST /api/notify/recipients`: staff register a person at their request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecipientInput {
    /// First name (≤ 100).
    pub first_name: String,
    /// Last name (≤ 100).
    pub last_name: String,
    /// Date of birth `YYYY-MM-DD` (not in the future).
    pub birth_date: String,
    /// Sex (optional).
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Address.
    pub address: AddressInput,
    /// E-mail (≤ 254).
    #[serde(default)]
    pub email: Option<String>,
    /// Phone (Polish or E.164).
    #[serde(default)]
    pub phone: Option<String>,
    /// e-Doręczenia address.
    #[serde(default)]
    pub ade_address: Option<String>,
    /// Channels; absent = every channel the contacts allow.
    #[serde(default)]
    pub channels: Option<Vec<Channel>>,
    /// Quiet hours; absent = the default 22:00–07:00, `null` = none.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<QuietHours>))]
    pub quiet_hours: Option<Option<QuietHours>>,
    /// Send a validation code there now (a contact given above).
    #[serde(default)]
    pub send_code: Option<CodeChannel>,
}

/// `PATCH /api/notify/me`, `PATCH /api/notify/recipients/{id}`: absent = unchanged; `null`
/// clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecipientPatch {
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Sex; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Sex>))]
    pub sex: Option<Option<Sex>>,
    /// The whole address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressInput>,
    /// E-mail; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Option<Option<String>>,
    /// Phone; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Option<Option<String>>,
    /// e-Doręczenia address; `null` clears it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ade_address: Option<Option<String>>,
    /// Channels (replaces the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
    /// Quiet hours; `null` = none.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<QuietHours>))]
    pub quiet_hours: Option<Option<QuietHours>>,
}

/// `202` of a registration: where the code went, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationAccepted {
    /// The channel chosen.
    pub code_channel: CodeChannel,
    /// The contact, masked (`j***@p***.pl`, `+48 *** *** 123`).
    pub sent_to: String,
    /// When the code stops working.
    pub expires_at: Timestamp,
}

/// `POST /api/notify/codes`: a new code to a known contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// An e-mail or a phone.
    pub contact: String,
}

/// `202` of `POST /api/notify/codes`: always `{}` (nothing tells whether the contact exists).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequested {}

/// `POST /api/notify/bindings`: bind this device with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BindingRequest {
    /// The e-mail or phone the code went to.
    pub contact: String,
    /// The 8 digits.
    pub code: String,
    /// What the person calls this device (≤ 100).
    #[serde(default)]
    pub device_label: Option<String>,
}

/// `201` of a binding. The token is shown only here.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Binding {
    /// `ntd1.<43 characters base64url>`, sent as `Authorization: Bearer`.
    pub device_token: String,
    /// The recipient's id.
    pub recipient_id: String,
}

impl std::fmt::Debug for Binding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("device_token", &"[redacted]")
            .field("recipient_id", &self.recipient_id)
            .finish()
    }
}

/// `POST …/suspension`: nothing is sent until `until` (absent = until lifted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SuspensionInput {
    /// The end of the suspension (in the future).
    #[serde(default)]
    pub until: Option<Timestamp>,
}

/// `POST /api/notify/me/consent`: consent given again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// The version of `GET /api/notify/consent`.
    pub consent_version: String,
}

/// One row of `GET /api/notify/recipients`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecipientSummary {
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// District.
    pub district_id: String,
    /// Verification.
    pub verification: Verification,
    /// Whether a suspension runs now.
    pub suspended: bool,
    /// Consent.
    pub consent_state: ConsentState,
    /// Paper consent.
    pub consent_document_state: ConsentDocumentState,
    /// Registered.
    pub created_at: Timestamp,
}

/// What is left of an erased recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasedRecipient {
    /// Id (kept for anonymous counts).
    pub id: String,
    /// Always `true`.
    pub erased: bool,
    /// When the data was erased.
    pub erased_at: Timestamp,
}

/// `GET /api/notify/recipients/{id}`: a recipient or what is left of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum RecipientRecord {
    /// With their data.
    Present(Box<Recipient>),
    /// Erased.
    Erased(ErasedRecipient),
}

/// `POST /api/notify/recipients/{id}/verification`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    /// The new state.
    pub decision: Verification,
    /// Why (≤ 1000; recorded in the audit chain).
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/notify/recipients/{id}/consent-document`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentDocumentInput {
    /// `signed` or `archived`.
    pub state: ConsentDocumentMark,
}

/// `POST /api/notify/recipients/{id}/code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeSendInput {
    /// Where to send it (a contact the recipient has).
    pub channel: CodeChannel,
}

/// `202` of a staff code request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// The contact, masked.
    pub sent_to: String,
    /// When the code stops working.
    pub expires_at: Timestamp,
}

/// `POST /api/notify/recipients/{id}/erasure`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureRequestInput {
    /// Why (≤ 1000).
    pub reason: String,
}

/// A pending erasure request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureRequest {
    /// `pending`.
    pub state: ErasureState,
    /// The staff member who asked (account id).
    pub requested_by: String,
    /// When.
    pub requested_at: Timestamp,
}

/// Anonymous counts of recipients.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecipientCounts {
    /// Not erased.
    pub total: u64,
    /// Verified.
    pub verified: u64,
    /// Unverified.
    pub unverified: u64,
    /// Restricted.
    pub restricted: u64,
    /// Suspended now.
    pub suspended: u64,
    /// Consent withdrawn (not erased yet).
    pub withdrawn: u64,
    /// Erased.
    pub erased: u64,
}

/// Recipients of one district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictCount {
    /// District.
    pub district_id: String,
    /// Recipients (not erased).
    pub count: u64,
}

/// `GET /api/notify/stats`: counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotifyStats {
    /// By state.
    pub recipients: RecipientCounts,
    /// By district.
    pub by_district: Vec<DistrictCount>,
    /// Bound devices.
    pub bound_devices: u64,
}

/// A key rotation's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rotation {
    /// Running or done.
    pub state: RotationState,
    /// Started.
    pub started_at: Timestamp,
    /// Rows (residents, reports, photos) re-sealed so far.
    pub done: u64,
    /// Rows (residents, reports, photos) to re-seal.
    pub total: u64,
}

/// `GET /api/notify/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotifyKeys {
    /// The key id that seals now (the keyring's first).
    pub sealing_key_id: String,
    /// The blind index key's id.
    pub index_key_id: String,
    /// Sealed values (the residents' fields and their reports' texts and photos) by the key
    /// that sealed them.
    pub ciphertexts_by_key: BTreeMap<String, u64>,
    /// Blind indexes (of e-mails and phones) by the key that computed them (added to the
    /// contract: the index key rotates as well).
    pub indexes_by_key: BTreeMap<String, u64>,
    /// The last rotation, if any.
    pub rotation: Option<Rotation>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(Verification::ALL, Verification::as_str, Verification::parse);
        assert_serde_matches(Channel::ALL, Channel::as_str, Channel::parse);
        assert_serde_matches(CodeChannel::ALL, CodeChannel::as_str, CodeChannel::parse);
        assert_serde_matches(ConsentState::ALL, ConsentState::as_str, ConsentState::parse);
        assert_serde_matches(
            ConsentDocumentState::ALL,
            ConsentDocumentState::as_str,
            ConsentDocumentState::parse,
        );
        assert_serde_matches(
            ConsentDocumentMark::ALL,
            ConsentDocumentMark::as_str,
            ConsentDocumentMark::parse,
        );
        assert_serde_matches(Sex::ALL, Sex::as_str, Sex::parse);
        assert_serde_matches(RegisteredBy::ALL, RegisteredBy::as_str, RegisteredBy::parse);
        assert_serde_matches(
            RotationState::ALL,
            RotationState::as_str,
            RotationState::parse,
        );
        assert_serde_matches(ErasureState::ALL, ErasureState::as_str, ErasureState::parse);
    }

    #[test]
    fn patch_tells_null_from_absent() {
        let cases = [
            (r#"{}"#, None),
            (r#"{"email":null}"#, Some(None)),
            (r#"{"email":"a@b.pl"}"#, Some(Some("a@b.pl".to_owned()))),
        ];
        for (json, expected) in cases {
            let patch: RecipientPatch = serde_json::from_str(json).unwrap();
            assert_eq!(patch.email, expected, "{json}");
        }
        assert!(serde_json::from_str::<RecipientPatch>(r#"{"id":"x"}"#).is_err());
    }

    #[test]
    fn registration_refuses_unknown_fields_and_keeps_the_contract_names() {
        let json = r#"{"first_name":"Anna","last_name":"Nowak","birth_date":"1980-01-02",
            "address":{"street":"Piłsudskiego","number":"1","postal_code":"08-110","district_id":"d1"},
            "email":"a@b.pl","code_channel":"email","consent_version":"2026-1"}"#;
        let input: RegistrationInput = serde_json::from_str(json).unwrap();
        assert_eq!(input.code_channel, CodeChannel::Email);
        let extra = json.replace("\"email\":\"a@b.pl\"", "\"mail\":\"a@b.pl\"");
        assert!(serde_json::from_str::<RegistrationInput>(&extra).is_err());
        let erased = ErasedRecipient {
            id: "r".into(),
            erased: true,
            erased_at: Timestamp::EPOCH,
        };
        let text = serde_json::to_string(&RecipientRecord::Erased(erased)).unwrap();
        assert_eq!(
            text,
            r#"{"id":"r","erased":true,"erased_at":"1970-01-01T00:00:00.000Z"}"#
        );
    }

    #[test]
    fn a_binding_never_prints_its_token() {
        let b = Binding {
            device_token: "ntd1.secret".into(),
            recipient_id: "r".into(),
        };
        assert!(!format!("{b:?}").contains("secret"));
    }
}
