//! Every length and range limit of the API, in one place: the components check them, the
//! frontend sets `maxlength` from them and the OpenAPI document publishes them.

/// A first or last name.
pub const PERSON_NAME_MAX: usize = 100;
/// An e-mail address (RFC 5321's path limit minus the angle brackets).
pub const EMAIL_MAX: usize = crate::accounts::email::MAX_LEN;
/// A phone number as typed (digits, spaces, dashes, a leading `+`).
pub const PHONE_MAX: usize = 20;
/// Fewest digits of a phone number.
pub const PHONE_DIGITS_MIN: usize = 7;
/// Most digits of a phone number (E.164).
pub const PHONE_DIGITS_MAX: usize = 15;
/// A password (characters, after NFKC).
pub const PASSWORD_MAX: usize = crate::accounts::password_policy::MAX_CHARS;
/// Bytes of a submitted password before any work is done on it (login, change).
pub const PASSWORD_BYTES_MAX: usize = 1024;
/// An organisational unit's name.
pub const UNIT_NAME_MAX: usize = 200;
/// A reason given by staff (reset request, rejection, lock, override).
pub const REASON_MAX: usize = 1000;
/// A person's name written by staff (proxy at a handover, guest speaker).
pub const PROXY_NAME_MAX: usize = 200;
/// An incident's title.
pub const INCIDENT_TITLE_MAX: usize = 200;
/// An incident's description or timeline note.
pub const INCIDENT_TEXT_MAX: usize = 10_000;
/// Why a maintenance window runs (shown in the banner and the e-mail).
pub const MAINTENANCE_REASON_MAX: usize = 200;
/// A meeting's title.
pub const MEETING_TITLE_MAX: usize = 200;
/// A meeting's number (`"XII"`, `"LXXIV/2026"`).
pub const MEETING_NUMBER_MAX: usize = 20;
/// A meeting's place.
pub const LOCATION_MAX: usize = 200;
/// A video-room link.
pub const URL_MAX: usize = 500;
/// Largest statutory composition (the biggest Polish council, Warsaw's, has 60 seats; 1000
/// leaves room for any assembly without letting a typo build a huge meeting).
pub const STATUTORY_MAX: u32 = 1000;
/// An agenda item's title.
pub const ITEM_TITLE_MAX: usize = 300;
/// An agenda item's description.
pub const ITEM_DESCRIPTION_MAX: usize = 5000;
/// An attachment's file name (with the `.pdf` suffix).
pub const FILENAME_MAX: usize = 200;
/// A speaking limit or extension, in seconds (one hour).
pub const SPEAKING_SECONDS_MAX: u32 = 3600;
/// A poll's title.
pub const POLL_TITLE_MAX: usize = 300;
/// A quorum override's reason.
pub const OVERRIDE_REASON_MAX: usize = 500;
/// Fewest characters of a quorum override's reason (a word, not a keystroke).
pub const OVERRIDE_REASON_MIN: usize = 3;
/// Shortest time limit of a poll, in seconds.
pub const POLL_TIME_LIMIT_MIN_S: u32 = 10;
/// Longest time limit of a poll, in seconds (a day).
pub const POLL_TIME_LIMIT_MAX_S: u32 = 86_400;
/// A guest speaker's name.
pub const GUEST_NAME_MAX: usize = 200;
/// The characters of a document number recorded at a handover (its last four).
pub const DOCUMENT_LAST4_LEN: usize = 4;
/// Bytes of one agenda attachment (council.md: at most 10 MiB each).
pub const ATTACHMENT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// An opaque id in a body (ULIDs are 26 characters; room for other schemes).
pub const ID_MAX: usize = 64;
/// A search text of a list.
pub const SEARCH_MAX: usize = 200;
/// An `Idempotency-Key` header.
pub const IDEMPOTENCY_KEY_MAX: usize = 200;
/// Digits of the audit chain's list cursor (a sequence number; 18 digits never overflow).
pub const SEQ_CURSOR_DIGITS_MAX: usize = 18;
/// A chat message's Markdown source, in characters (messaging.md).
pub const CHAT_TEXT_MAX: usize = 10_000;
/// A chat group's title.
pub const CHAT_TITLE_MAX: usize = 200;
/// Members of one chat conversation given in a request.
pub const CHAT_MEMBERS_MAX: usize = 500;
/// Attachments of one chat message.
pub const CHAT_ATTACHMENTS_PER_MESSAGE_MAX: usize = 10;
/// Bytes of one chat attachment (messaging.md: at most 10 MiB).
pub const CHAT_ATTACHMENT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Messages of one chat page (`GET …/messages`, search).
pub const CHAT_PAGE_MAX: u32 = 100;
/// Messages of one updates answer (then `more: true`).
pub const CHAT_UPDATES_MAX: usize = 200;
/// Fewest characters of a chat search.
pub const CHAT_SEARCH_MIN: usize = 2;
/// Most characters of a chat search.
pub const CHAT_SEARCH_MAX: usize = 200;
/// A Web Push endpoint URL.
pub const PUSH_ENDPOINT_MAX: usize = 1000;
/// A Web Push subscription key (base64url; a P-256 point is 87 characters).
pub const PUSH_KEY_MAX: usize = 200;
/// A resident's street (or village name where there are no streets).
pub const STREET_MAX: usize = 120;
/// A house and flat number (`12A/4`).
pub const HOUSE_NUMBER_MAX: usize = 20;
/// A Polish postal code `NN-NNN`.
pub const POSTAL_CODE_LEN: usize = 6;
/// An e-Doręczenia address `AE:PL-NNNNN-NNNNN-XXXXX-NN`.
pub const ADE_ADDRESS_LEN: usize = 26;
/// A district's name.
pub const DISTRICT_NAME_MAX: usize = 100;
/// What a resident calls their bound device.
pub const DEVICE_LABEL_MAX: usize = 100;
/// A contact (e-mail or phone) given to ask for a code or bind a device.
pub const CONTACT_MAX: usize = EMAIL_MAX;
/// Digits of a resident's validation code.
pub const NOTIFY_CODE_LEN: usize = 8;
/// A consent text's version name.
pub const CONSENT_VERSION_MAX: usize = 40;
/// Earliest birth year a registration accepts (older dates are typos).
pub const BIRTH_YEAR_MIN: i64 = 1900;
/// The oldest age a filter names, in completed years (`age_min`, `age_max`).
pub const AGE_MAX: u32 = 130;
/// A resident's report's description (docs/api/notifications-messages.md § Reports).
pub const REPORT_DESCRIPTION_MAX: usize = 4000;
/// The few words beside a report's coordinates.
pub const REPORT_LOCATION_DESCRIPTION_MAX: usize = 200;
/// A staff reply to a report, and a status move's note.
pub const REPORT_REPLY_MAX: usize = 2000;
/// Bytes of a report's photo (at most 10 MiB).
pub const REPORT_PHOTO_MAX_BYTES: usize = 10 * 1024 * 1024;
/// A message to residents: its title (docs/api/notifications-messages.md).
pub const MESSAGE_TITLE_MAX: usize = 120;
/// A message to residents: its text.
pub const MESSAGE_TEXT_MAX: usize = 2000;
/// A message's channels (each of the four once).
pub const MESSAGE_CHANNELS_MAX: usize = 4;
/// A message template's name.
pub const TEMPLATE_NAME_MAX: usize = 80;
