//! A recipient's personal fields: every rule with its limit, so a registration, a staff
//! registration and a correction refuse the same things with the same codes, all at once.
//!
//! Refusals beyond the general field codes are `rule`s: `unknown_district` (address.district_id),
//! `consent_outdated` (consent_version), `one_contact_required` (email, when no e-mail, phone
//! or e-Doręczenia address is left), `contact_missing` (code_channel / send_code naming a
//! contact not given), `channel_without_contact` (channels) and `quiet_hours_empty`
//! (quiet_hours: a start equal to the end).

use super::contact::normalize_phone;
use crate::api::notify::{
    AddressInput, Channel, CodeChannel, QuietHours, RecipientInput, RecipientPatch,
    RegistrationInput, Sex,
};
use crate::time::Timestamp;
use crate::validate::limits::{
    ADE_ADDRESS_LEN, BIRTH_YEAR_MIN, HOUSE_NUMBER_MAX, PERSON_NAME_MAX, STREET_MAX,
};
use crate::validate::{self, Checks, FieldCode, FieldErrors, Invalid};

/// A recipient's address, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanAddress {
    /// Street.
    pub street: String,
    /// Number.
    pub number: String,
    /// `NN-NNN`.
    pub postal_code: String,
    /// A known district.
    pub district_id: String,
}

/// Every personal field of a recipient, cleaned and consistent (at least one contact; each
/// chosen channel has its contact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientFields {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// Sex, when given.
    pub sex: Option<Sex>,
    /// Address.
    pub address: CleanAddress,
    /// Canonical e-mail.
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// e-Doręczenia address, upper case.
    pub ade_address: Option<String>,
    /// Channels, sorted, each once.
    pub channels: Vec<Channel>,
    /// Quiet hours (`None`: none).
    pub quiet_hours: Option<QuietHours>,
}

impl RecipientFields {
    /// Whether `other` differs in what staff verified: name, birth date or address.
    pub fn identity_differs(&self, other: &RecipientFields) -> bool {
        self.first_name != other.first_name
            || self.last_name != other.last_name
            || self.birth_date != other.birth_date
            || self.address != other.address
    }

    /// The contact a code goes to over `channel`, if given.
    pub fn contact_for(&self, channel: CodeChannel) -> Option<&str> {
        match channel {
            CodeChannel::Email => self.email.as_deref(),
            CodeChannel::Sms => self.phone.as_deref(),
        }
    }
}

/// What the rules need from outside: the day and the districts that exist.
pub struct FieldContext<'a> {
    /// Now (a birth date may not be after its day).
    pub now: Timestamp,
    /// Whether a district id exists.
    pub district_exists: &'a dyn Fn(&str) -> bool,
}

/// A self-registration: the fields, where the code goes, and the consent version accepted.
pub fn check_registration(
    input: &RegistrationInput,
    consent_version: &str,
    ctx: &FieldContext<'_>,
) -> Result<(RecipientFields, CodeChannel), FieldErrors> {
    let mut checks = Checks::new();
    let raw = RawFields {
        first_name: Some(&input.first_name),
        last_name: Some(&input.last_name),
        birth_date: Some(&input.birth_date),
        sex: input.sex,
        address: Some(&input.address),
        email: input.email.as_deref(),
        phone: input.phone.as_deref(),
        ade_address: input.ade_address.as_deref(),
        channels: input.channels.as_deref(),
        quiet_hours: chosen_quiet_hours(&input.quiet_hours),
    };
    let fields = raw.check(&mut checks, ctx);
    if input.consent_version.trim() != consent_version {
        checks.refuse("consent_version", Invalid::rule("consent_outdated"));
    }
    if let Some(f) = &fields {
        if f.contact_for(input.code_channel).is_none() {
            checks.refuse("code_channel", Invalid::rule("contact_missing"));
        }
    }
    checks
        .finish_with(fields)
        .map(|fields| (fields, input.code_channel))
}

/// A staff registration: the fields and where to send a code now, if anywhere.
pub fn check_staff_registration(
    input: &RecipientInput,
    ctx: &FieldContext<'_>,
) -> Result<(RecipientFields, Option<CodeChannel>), FieldErrors> {
    let mut checks = Checks::new();
    let raw = RawFields {
        first_name: Some(&input.first_name),
        last_name: Some(&input.last_name),
        birth_date: Some(&input.birth_date),
        sex: input.sex,
        address: Some(&input.address),
        email: input.email.as_deref(),
        phone: input.phone.as_deref(),
        ade_address: input.ade_address.as_deref(),
        channels: input.channels.as_deref(),
        quiet_hours: chosen_quiet_hours(&input.quiet_hours),
    };
    let fields = raw.check(&mut checks, ctx);
    if let (Some(f), Some(channel)) = (&fields, input.send_code) {
        if f.contact_for(channel).is_none() {
            checks.refuse("send_code", Invalid::rule("contact_missing"));
        }
    }
    checks
        .finish_with(fields)
        .map(|fields| (fields, input.send_code))
}

/// A correction: `current` with `patch` applied, checked as a whole (a patch that removes the
/// last contact, or a channel's contact, is refused).
pub fn apply_patch(
    current: &RecipientFields,
    patch: &RecipientPatch,
    ctx: &FieldContext<'_>,
) -> Result<RecipientFields, FieldErrors> {
    let address_now = AddressInput {
        street: current.address.street.clone(),
        number: current.address.number.clone(),
        postal_code: current.address.postal_code.clone(),
        district_id: current.address.district_id.clone(),
    };
    let pick = |change: &Option<Option<String>>, now: &Option<String>| match change {
        None => now.clone(),
        Some(value) => value.clone(),
    };
    let email = pick(&patch.email, &current.email);
    let phone = pick(&patch.phone, &current.phone);
    let ade_address = pick(&patch.ade_address, &current.ade_address);
    // Channels follow the contacts when the patch does not name them: a removed contact
    // drops its channel instead of refusing the correction.
    let channels = match &patch.channels {
        Some(list) => list.clone(),
        None => current
            .channels
            .iter()
            .copied()
            .filter(|c| match c {
                Channel::Email => email.is_some(),
                Channel::Sms => phone.is_some(),
                Channel::Edoreczenia => ade_address.is_some(),
                Channel::Push => true,
            })
            .collect(),
    };
    let raw = RawFields {
        first_name: Some(patch.first_name.as_deref().unwrap_or(&current.first_name)),
        last_name: Some(patch.last_name.as_deref().unwrap_or(&current.last_name)),
        birth_date: Some(patch.birth_date.as_deref().unwrap_or(&current.birth_date)),
        sex: patch.sex.unwrap_or(current.sex),
        address: Some(patch.address.as_ref().unwrap_or(&address_now)),
        email: email.as_deref(),
        phone: phone.as_deref(),
        ade_address: ade_address.as_deref(),
        channels: Some(&channels),
        quiet_hours: match &patch.quiet_hours {
            None => current.quiet_hours.clone(),
            Some(change) => change.clone(),
        },
    };
    let mut checks = Checks::new();
    let fields = raw.check(&mut checks, ctx);
    checks.finish_with(fields)
}

/// The fields as given, before any rule.
struct RawFields<'a> {
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    birth_date: Option<&'a str>,
    sex: Option<Sex>,
    address: Option<&'a AddressInput>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    ade_address: Option<&'a str>,
    channels: Option<&'a [Channel]>,
    /// Already resolved: absent at registration is the default.
    quiet_hours: Option<QuietHours>,
}

impl RawFields<'_> {
    fn check(&self, checks: &mut Checks, ctx: &FieldContext<'_>) -> Option<RecipientFields> {
        let first_name = checks.check(
            "first_name",
            required_text(self.first_name, PERSON_NAME_MAX),
        );
        let last_name = checks.check("last_name", required_text(self.last_name, PERSON_NAME_MAX));
        let birth_date = checks.check(
            "birth_date",
            self.birth_date
                .ok_or_else(Invalid::required)
                .and_then(|d| birth_date(d, ctx.now)),
        );
        let address = self.address.and_then(|a| check_address(a, checks, ctx));
        if self.address.is_none() {
            checks.refuse("address", Invalid::required());
        }
        let email = checks.check(
            "email",
            match self.email.map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => validate::email(v).map(Some),
            },
        );
        let phone = checks.check("phone", phone(self.phone));
        let ade_address = checks.check("ade_address", ade_address(self.ade_address));
        let quiet_hours = match &self.quiet_hours {
            None => Some(None),
            Some(q) => check_quiet_hours(q, checks).map(Some),
        };
        let (email, phone, ade_address) = (email?, phone?, ade_address?);
        if email.is_none() && phone.is_none() && ade_address.is_none() {
            checks.refuse("email", Invalid::rule("one_contact_required"));
        }
        let channels = checks.check(
            "channels",
            channels(self.channels, &email, &phone, &ade_address),
        );
        Some(RecipientFields {
            first_name: first_name?,
            last_name: last_name?,
            birth_date: birth_date?,
            sex: self.sex,
            address: address?,
            email,
            phone,
            ade_address,
            channels: channels?,
            quiet_hours: quiet_hours?,
        })
    }
}

/// The quiet hours a registration asks for: absent → [`default_quiet_hours`], `null` → none.
fn chosen_quiet_hours(given: &Option<Option<QuietHours>>) -> Option<QuietHours> {
    match given {
        None => Some(default_quiet_hours()),
        Some(choice) => choice.clone(),
    }
}

/// 22:00–07:00, what a resident has until they choose otherwise (and what a resident
/// registered before quiet hours existed has).
pub fn default_quiet_hours() -> QuietHours {
    QuietHours {
        start: "22:00".to_owned(),
        end: "07:00".to_owned(),
    }
}

/// `HH:MM` (24-hour, two digits each) → minutes since midnight.
pub fn clock_minutes(value: &str) -> Option<u16> {
    let b = value.as_bytes();
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u16::from(c - b'0'))
    };
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    let hours = digit(0)? * 10 + digit(1)?;
    let minutes = digit(3)? * 10 + digit(4)?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// Quiet hours: both ends `HH:MM` (field codes on `quiet_hours.start` / `.end`), and not the
/// same moment (which would mean either never or always: rule `quiet_hours_empty`).
fn check_quiet_hours(q: &QuietHours, checks: &mut Checks) -> Option<QuietHours> {
    let time = |v: &str| clock_minutes(v).ok_or_else(|| Invalid::format("time"));
    let start = checks.check("quiet_hours.start", time(&q.start));
    let end = checks.check("quiet_hours.end", time(&q.end));
    let (start, end) = (start?, end?);
    if start == end {
        checks.refuse("quiet_hours", Invalid::rule("quiet_hours_empty"));
        return None;
    }
    Some(q.clone())
}

fn required_text(value: Option<&str>, max: usize) -> Result<String, Invalid> {
    validate::text(value.unwrap_or_default(), max)
}

fn check_address(
    a: &AddressInput,
    checks: &mut Checks,
    ctx: &FieldContext<'_>,
) -> Option<CleanAddress> {
    let street = checks.check("address.street", validate::text(&a.street, STREET_MAX));
    let number = checks.check(
        "address.number",
        validate::text(&a.number, HOUSE_NUMBER_MAX),
    );
    let postal_code = checks.check("address.postal_code", postal_code(&a.postal_code));
    let district_id = checks.check(
        "address.district_id",
        validate::id(&a.district_id).and_then(|id| {
            if (ctx.district_exists)(&id) {
                Ok(id)
            } else {
                Err(Invalid::rule("unknown_district"))
            }
        }),
    );
    Some(CleanAddress {
        street: street?,
        number: number?,
        postal_code: postal_code?,
        district_id: district_id?,
    })
}

/// A Polish postal code, `NN-NNN`.
pub fn postal_code(value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::required());
    }
    let shape = v.len() == 6
        && v.bytes().enumerate().all(|(i, b)| {
            if i == 2 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if shape {
        Ok(v.to_owned())
    } else {
        Err(Invalid::format("postal_code"))
    }
}

/// A phone in E.164 (see [`normalize_phone`]); blank → `None`.
pub fn phone(value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let typed = validate::phone(Some(v))?.unwrap_or_default();
    normalize_phone(&typed)
        .map(Some)
        .ok_or_else(|| Invalid::format("phone"))
}

/// An e-Doręczenia address `AE:PL-NNNNN-NNNNN-XXXXX-NN` (N a digit, X a letter), upper case;
/// blank → `None`.
pub fn ade_address(value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > ADE_ADDRESS_LEN {
        return Err(Invalid::too_long(ADE_ADDRESS_LEN));
    }
    let upper = v.to_ascii_uppercase();
    let Some(rest) = upper.strip_prefix("AE:PL-") else {
        return Err(Invalid::format("ade_address"));
    };
    let groups: Vec<&str> = rest.split('-').collect();
    let digits = |g: &str, n: usize| g.len() == n && g.bytes().all(|b| b.is_ascii_digit());
    let valid = matches!(groups.as_slice(), [a, b, c, d]
        if digits(a, 5) && digits(b, 5) && c.len() == 5
            && c.bytes().all(|x| x.is_ascii_uppercase()) && digits(d, 2));
    if valid {
        Ok(Some(upper))
    } else {
        Err(Invalid::format("ade_address"))
    }
}

/// A birth date `YYYY-MM-DD`: a real calendar day, from [`BIRTH_YEAR_MIN`] to today (UTC).
pub fn birth_date(value: &str, now: Timestamp) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::required());
    }
    let shape = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let day = shape
        .then(|| Timestamp::parse_rfc3339(&format!("{v}T00:00:00Z")).ok())
        .flatten();
    let Some(day) = day else {
        return Err(Invalid::format("date"));
    };
    let today = now.to_rfc3339().get(..10).unwrap_or_default().to_owned();
    let earliest = format!("{BIRTH_YEAR_MIN}-01-01");
    let too_early = v < earliest.as_str();
    if too_early || day > now {
        return Err(Invalid::out_of_range(earliest, today));
    }
    Ok(v.to_owned())
}

/// The chosen channels, each once and each with its contact; absent → every channel the
/// contacts allow, and push (it reaches the device once one is bound).
fn channels(
    given: Option<&[Channel]>,
    email: &Option<String>,
    phone: &Option<String>,
    ade: &Option<String>,
) -> Result<Vec<Channel>, Invalid> {
    let has = |c: Channel| match c {
        Channel::Email => email.is_some(),
        Channel::Sms => phone.is_some(),
        Channel::Edoreczenia => ade.is_some(),
        Channel::Push => true,
    };
    let Some(given) = given else {
        return Ok(Channel::ALL.into_iter().filter(|c| has(*c)).collect());
    };
    let mut out: Vec<Channel> = Vec::with_capacity(given.len());
    for &c in given {
        if out.contains(&c) {
            return Err(Invalid::new(FieldCode::Duplicate));
        }
        if !has(c) {
            return Err(Invalid::rule("channel_without_contact").with("channel", c));
        }
        out.push(c);
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-12-06T12:00:00Z").unwrap()
    }

    fn ctx_exists(id: &str) -> bool {
        id == "d1"
    }

    fn ctx() -> FieldContext<'static> {
        FieldContext {
            now: now(),
            district_exists: &ctx_exists,
        }
    }

    fn registration() -> RegistrationInput {
        RegistrationInput {
            first_name: " Anna ".into(),
            last_name: "Nowak".into(),
            birth_date: "1980-02-29".into(),
            sex: Some(Sex::Female),
            address: AddressInput {
                street: "Piłsudskiego".into(),
                number: "12A/4".into(),
                postal_code: "08-110".into(),
                district_id: "d1".into(),
            },
            email: Some("Anna.Nowak@Example.PL".into()),
            phone: Some("600 100 200".into()),
            ade_address: None,
            channels: None,
            quiet_hours: None,
            code_channel: CodeChannel::Sms,
            consent_version: "2026-1".into(),
        }
    }

    fn code_of(e: &FieldErrors, field: &str) -> (FieldCode, Option<String>) {
        let invalid = &e.0[field];
        (invalid.code, invalid.params.get("rule").cloned())
    }

    #[test]
    fn a_good_registration_is_cleaned() {
        let (f, channel) = check_registration(&registration(), "2026-1", &ctx()).unwrap();
        assert_eq!(channel, CodeChannel::Sms);
        assert_eq!(f.first_name, "Anna");
        assert_eq!(f.email.as_deref(), Some("anna.nowak@example.pl"));
        assert_eq!(f.phone.as_deref(), Some("+48600100200"));
        assert_eq!(
            f.channels,
            vec![Channel::Email, Channel::Sms, Channel::Push]
        );
    }

    #[test]
    fn every_refusal_is_named_at_once() {
        let mut r = registration();
        r.first_name = "x".repeat(101);
        r.last_name = " ".into();
        r.birth_date = "2027-01-01".into();
        r.address.postal_code = "08110".into();
        r.address.district_id = "nowhere".into();
        r.address.street = "a\u{7}".into();
        r.consent_version = "2025-1".into();
        let e = check_registration(&r, "2026-1", &ctx()).unwrap_err();
        assert_eq!(code_of(&e, "first_name").0, FieldCode::TooLong);
        assert_eq!(code_of(&e, "last_name").0, FieldCode::Required);
        assert_eq!(code_of(&e, "birth_date").0, FieldCode::OutOfRange);
        assert_eq!(
            code_of(&e, "address.postal_code").0,
            FieldCode::InvalidFormat
        );
        assert_eq!(
            code_of(&e, "address.street").0,
            FieldCode::ControlCharacters
        );
        assert_eq!(
            code_of(&e, "address.district_id").1.as_deref(),
            Some("unknown_district")
        );
        assert_eq!(
            code_of(&e, "consent_version").1.as_deref(),
            Some("consent_outdated")
        );
    }

    #[test]
    fn quiet_hours_default_when_absent_none_when_null_and_checked_when_given() {
        let q = |s: &str, e: &str| QuietHours {
            start: s.into(),
            end: e.into(),
        };
        let (f, _) = check_registration(&registration(), "2026-1", &ctx()).unwrap();
        assert_eq!(f.quiet_hours, Some(q("22:00", "07:00")));
        let mut r = registration();
        r.quiet_hours = Some(None);
        let (f, _) = check_registration(&r, "2026-1", &ctx()).unwrap();
        assert_eq!(f.quiet_hours, None);
        // (start, end, the refused field and its code or rule)
        type Refusal = Option<(&'static str, FieldCode, Option<&'static str>)>;
        let cases: [(&str, &str, Refusal); 8] = [
            ("23:30", "06:00", None),
            ("08:00", "16:00", None),
            ("00:00", "23:59", None),
            (
                "07:00",
                "07:00",
                Some(("quiet_hours", FieldCode::Rule, Some("quiet_hours_empty"))),
            ),
            (
                "24:00",
                "07:00",
                Some(("quiet_hours.start", FieldCode::InvalidFormat, None)),
            ),
            (
                "22:00",
                "7:00",
                Some(("quiet_hours.end", FieldCode::InvalidFormat, None)),
            ),
            (
                "22:60",
                "07:00",
                Some(("quiet_hours.start", FieldCode::InvalidFormat, None)),
            ),
            (
                " 22:00",
                "07:00",
                Some(("quiet_hours.start", FieldCode::InvalidFormat, None)),
            ),
        ];
        for (start, end, refused) in cases {
            let mut r = registration();
            r.quiet_hours = Some(Some(q(start, end)));
            match (check_registration(&r, "2026-1", &ctx()), refused) {
                (Ok((f, _)), None) => assert_eq!(f.quiet_hours, Some(q(start, end))),
                (Err(e), Some((field, code, rule))) => {
                    assert_eq!(e.0.len(), 1, "{start}-{end}: {e:?}");
                    assert_eq!(code_of(&e, field), (code, rule.map(str::to_owned)));
                }
                (other, _) => panic!("{start}-{end}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_patch_keeps_changes_or_clears_quiet_hours() {
        let (current, _) = check_registration(&registration(), "2026-1", &ctx()).unwrap();
        let kept = apply_patch(&current, &RecipientPatch::default(), &ctx()).unwrap();
        assert_eq!(kept.quiet_hours, current.quiet_hours);
        let cleared = RecipientPatch {
            quiet_hours: Some(None),
            ..RecipientPatch::default()
        };
        assert_eq!(
            apply_patch(&current, &cleared, &ctx()).unwrap().quiet_hours,
            None
        );
        let changed = RecipientPatch {
            quiet_hours: Some(Some(QuietHours {
                start: "21:15".into(),
                end: "05:45".into(),
            })),
            ..RecipientPatch::default()
        };
        let f = apply_patch(&current, &changed, &ctx()).unwrap();
        assert_eq!(
            f.quiet_hours.map(|q| (q.start, q.end)),
            Some(("21:15".into(), "05:45".into()))
        );
        assert_eq!(clock_minutes("21:15"), Some(21 * 60 + 15));
        assert_eq!(clock_minutes("21:1"), None);
    }

    #[test]
    fn one_contact_is_required_and_the_code_goes_to_a_given_one() {
        let mut r = registration();
        r.email = None;
        r.phone = Some("  ".into());
        let e = check_registration(&r, "2026-1", &ctx()).unwrap_err();
        assert_eq!(
            code_of(&e, "email").1.as_deref(),
            Some("one_contact_required")
        );
        let mut r = registration();
        r.phone = None;
        let e = check_registration(&r, "2026-1", &ctx()).unwrap_err();
        assert_eq!(
            code_of(&e, "code_channel").1.as_deref(),
            Some("contact_missing")
        );
        let mut r = registration();
        r.email = None;
        r.phone = None;
        r.ade_address = Some("ae:pl-12345-67890-abcde-12".into());
        r.code_channel = CodeChannel::Email;
        let e = check_registration(&r, "2026-1", &ctx()).unwrap_err();
        assert!(e.0.contains_key("code_channel") && !e.0.contains_key("email"));
    }

    #[test]
    fn channels_need_their_contact_and_come_once() {
        let mut r = registration();
        r.channels = Some(vec![Channel::Edoreczenia]);
        let e = check_registration(&r, "2026-1", &ctx()).unwrap_err();
        assert_eq!(
            code_of(&e, "channels").1.as_deref(),
            Some("channel_without_contact")
        );
        r.channels = Some(vec![Channel::Sms, Channel::Sms]);
        let e = check_registration(&r, "2026-1", &ctx()).unwrap_err();
        assert_eq!(code_of(&e, "channels").0, FieldCode::Duplicate);
        r.channels = Some(vec![Channel::Sms, Channel::Email]);
        let (f, _) = check_registration(&r, "2026-1", &ctx()).unwrap();
        assert_eq!(f.channels, vec![Channel::Email, Channel::Sms]);
    }

    #[test]
    fn birth_dates() {
        let cases = [
            ("1980-02-29", Ok(())),
            ("2026-12-06", Ok(())),
            ("1900-01-01", Ok(())),
            ("1981-02-29", Err(FieldCode::InvalidFormat)),
            ("1980-13-01", Err(FieldCode::InvalidFormat)),
            ("1980-1-01", Err(FieldCode::InvalidFormat)),
            ("80-01-01", Err(FieldCode::InvalidFormat)),
            ("1980-01-01T00:00:00Z", Err(FieldCode::InvalidFormat)),
            ("1980/01/01", Err(FieldCode::InvalidFormat)),
            ("2026-12-07", Err(FieldCode::OutOfRange)),
            ("1899-12-31", Err(FieldCode::OutOfRange)),
            ("", Err(FieldCode::Required)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                birth_date(text, now()).map(|_| ()).map_err(|e| e.code),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn postal_codes_phones_and_ade_addresses() {
        for (text, ok) in [
            ("08-110", true),
            (" 00-950 ", true),
            ("08110", false),
            ("8-1100", false),
            ("0a-110", false),
            ("08-1100", false),
        ] {
            assert_eq!(postal_code(text).is_ok(), ok, "{text}");
        }
        let phones = [
            ("600100200", Some("+48600100200")),
            ("+48 600-100-200", Some("+48600100200")),
            ("0048600100200", Some("+48600100200")),
            ("48600100200", Some("+48600100200")),
            ("+4915112345678", Some("+4915112345678")),
            ("60010020", None),
            ("+0600100200", None),
            ("abc", None),
        ];
        for (text, expected) in phones {
            assert_eq!(
                phone(Some(text)).ok().flatten().as_deref(),
                expected,
                "{text}"
            );
        }
        assert_eq!(phone(Some("  ")), Ok(None));
        let ade = [
            ("AE:PL-12345-67890-ABCDE-12", true),
            ("ae:pl-12345-67890-abcde-12", true),
            ("AE:PL-1234-67890-ABCDE-12", false),
            ("AE:PL-12345-67890-ABCD1-12", false),
            ("AE:DE-12345-67890-ABCDE-12", false),
            ("AE:PL-12345-67890-ABCDE-12-1", false),
        ];
        for (text, ok) in ade {
            assert_eq!(ade_address(Some(text)).is_ok(), ok, "{text}");
        }
    }

    #[test]
    fn a_patch_applies_to_the_current_fields() {
        let (current, _) = check_registration(&registration(), "2026-1", &ctx()).unwrap();
        let patch: RecipientPatch = serde_json::from_str(r#"{"email":null}"#).unwrap();
        let f = apply_patch(&current, &patch, &ctx()).unwrap();
        assert_eq!(f.email, None);
        assert_eq!(f.channels, vec![Channel::Sms, Channel::Push]);
        assert!(!current.identity_differs(&f));
        let patch: RecipientPatch = serde_json::from_str(r#"{"email":null,"phone":null}"#).unwrap();
        let e = apply_patch(&current, &patch, &ctx()).unwrap_err();
        assert_eq!(
            code_of(&e, "email").1.as_deref(),
            Some("one_contact_required")
        );
        let patch: RecipientPatch = serde_json::from_str(r#"{"last_name":"Kowalska"}"#).unwrap();
        let f = apply_patch(&current, &patch, &ctx()).unwrap();
        assert!(current.identity_differs(&f));
        let patch: RecipientPatch = serde_json::from_str(r#"{"sex":null}"#).unwrap();
        assert_eq!(apply_patch(&current, &patch, &ctx()).unwrap().sex, None);
    }
}
