//! End-to-end: the staff list's pass over one district (`GET /api/notify/recipients?
//! district_id=…` with `age_min` / `age_max` and `name`) on the real host — ages in completed
//! years on the day it is in Poland (moved across a Warsaw midnight with the test clock),
//! combined with a name, paged; malformed or inverted ages refused naming the parameter with
//! nothing recorded; and SQLite's plan of the pass's batch statement walks the district index
//! in order without sorting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::accounts::local_time::warsaw_offset_s;
use ratusz_domain::notify::age::Day;
use ratusz_domain::notify::at_rest;
use ratusz_domain::time::Timestamp;
use support::accounts::*;
use support::notify_staff::*;

fn iso(d: Day) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// `day` `years` earlier (the same month and day; the test moves its clock off 29 February
/// and its eve first, see `off_the_leap_day`).
fn years_before(day: Day, years: i64) -> Day {
    Day {
        year: day.year - years,
        ..day
    }
}

/// The instant Poland's day `day` starts.
fn polish_midnight(day: Day) -> Timestamp {
    let utc_midnight = Timestamp::parse_rfc3339(&format!("{}T00:00:00Z", iso(day))).unwrap();
    utc_midnight.plus_seconds(-warsaw_offset_s(utc_midnight.plus_seconds(-3_600)))
}

/// The day after `day` in Poland.
fn next_day(day: Day) -> Day {
    Day::in_poland(polish_midnight(day).plus_seconds(36 * 3_600))
}

/// Whether `day` or the day after is 29 February: 65 years before a leap day is no day, and
/// the test's birthdays are the same month and day years back.
fn near_leap_day(day: Day) -> bool {
    let tomorrow = next_day(day);
    (day.month, day.day) == (2, 29) || (tomorrow.month, tomorrow.day) == (2, 29)
}

/// Seconds in a day.
const DAY_S: i64 = 24 * 3_600;

fn registered(staff: &Session, first: &str, last: &str, district: &str, born: Day) -> String {
    let mut body = resident(first, last, district);
    body["birth_date"] = iso(born).into();
    str_field(&register(staff, &body), "id")
}

fn list(staff: &Session, query: &str) -> Vec<String> {
    ids_of(&staff.get_ok(&format!("/api/notify/recipients?{query}")))
}

#[test]
fn staff_filter_a_district_by_age_on_the_day_in_poland() {
    let r = Registry::start();
    let (user, staff) = r.app.active_user(&r.admin, &["notifier_admin"], &r.unit);
    let now = Timestamp::from_unix_ms(
        i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis(),
        )
        .unwrap(),
    )
    .plus_seconds(r.app.host.clock_offset_s());
    // Not within minutes of a Polish midnight, so the day cannot turn while residents register.
    let until_midnight = polish_midnight(next_day(Day::in_poland(now))).ms_since(now) / 1000;
    let mut now = if until_midnight < 600 {
        r.app.advance_clock(until_midnight + 600);
        now.plus_seconds(until_midnight + 600)
    } else {
        now
    };
    // On 28 or 29 February of a leap year the clock moves on a day at a time (the same time
    // of day: no Polish clock change falls near February's end), so the test checks the same
    // things every day of the year instead of passing without checking; the leap day's own
    // age rule is the domain's table tests'.
    while near_leap_day(Day::in_poland(now)) {
        r.app.advance_clock(DAY_S);
        now = now.plus_seconds(DAY_S);
    }
    let today = Day::in_poland(now);
    let tomorrow = next_day(today);
    let forty = registered(&staff, "Anna", "Nowak", CENTRUM, years_before(today, 40));
    let forty_tomorrow = registered(
        &staff,
        "Piotr",
        "Nowak",
        CENTRUM,
        years_before(tomorrow, 40),
    );
    let sixty_five = registered(&staff, "Zofia", "Wójcik", CENTRUM, years_before(today, 65));
    let elsewhere = registered(
        &staff,
        "Ewa",
        "Nowak",
        STARE_MIASTO,
        years_before(today, 40),
    );

    let age = |q: &str| list(&staff, &format!("district_id={CENTRUM}&{q}"));
    assert_eq!(age("age_min=40&age_max=40"), [forty.as_str()]);
    assert_eq!(age("age_max=39"), [forty_tomorrow.as_str()]);
    assert_eq!(
        age("age_min=40"),
        [sixty_five.as_str(), forty.as_str()],
        "newest first"
    );
    assert_eq!(age("age_min=66").len(), 0);
    assert_eq!(
        list(&staff, &format!("district_id={STARE_MIASTO}&age_max=40")),
        [elsewhere.as_str()]
    );
    // with a name: both must match
    assert_eq!(
        age("age_max=50&name=nowak"),
        [forty_tomorrow.as_str(), forty.as_str()]
    );
    assert_eq!(age("age_min=41&name=nowak").len(), 0);
    assert_eq!(age("age_min=40&name=zofia"), [sixty_five.as_str()]);
    // paged
    let page = staff.get_ok(&format!(
        "/api/notify/recipients?district_id={CENTRUM}&age_min=0&limit=2"
    ));
    assert_eq!(
        ids_of(&page),
        [sixty_five.as_str(), forty_tomorrow.as_str()]
    );
    let cursor = str_field(&page, "next_cursor");
    let rest = staff.get_ok(&format!(
        "/api/notify/recipients?district_id={CENTRUM}&age_min=0&limit=2&cursor={cursor}"
    ));
    assert_eq!(ids_of(&rest), [forty.as_str()]);
    assert!(rest["next_cursor"].is_null());
    assert_eq!(rest["items"][0]["first_name"], "Anna");

    // A minute before Poland's midnight the day has not turned; a minute after, Piotr is 40,
    // while the UTC date is still today's (Poland is ahead of UTC).
    let midnight = polish_midnight(tomorrow);
    r.app
        .advance_clock(midnight.plus_seconds(-60).ms_since(now) / 1000);
    let staff = r.app.login(&user.email, STRONG_PASSWORD);
    let age = |q: &str| list(&staff, &format!("district_id={CENTRUM}&{q}"));
    assert_eq!(age("age_min=40&age_max=40"), [forty.as_str()]);
    r.app.advance_clock(120);
    assert_eq!(
        age("age_min=40&age_max=40"),
        [forty_tomorrow.as_str(), forty.as_str()]
    );
    assert_eq!(age("age_max=39").len(), 0);
}

#[test]
fn malformed_ages_are_refused_naming_the_parameter_and_nothing_is_recorded() {
    let r = Registry::start();
    registered(
        &r.first,
        "Anna",
        "Nowak",
        CENTRUM,
        Day::parse("1961-05-17").unwrap(),
    );
    let reads = |r: &Registry| {
        r.app
            .audit(&r.admin)
            .iter()
            .filter(|e| e["action"] == "recipient.read")
            .count()
    };
    let before = reads(&r);
    let cases = [
        (
            format!("district_id={CENTRUM}&age_min=abc"),
            "age_min",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_min=-1"),
            "age_min",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_min=4.5"),
            "age_min",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_max=131"),
            "age_max",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_max=99999999999999999999999"),
            "age_max",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_min=50&age_max=40"),
            "age_max",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_min="),
            "age_min",
            "out_of_range",
        ),
        (
            format!("district_id={CENTRUM}&age_max=%2018"),
            "age_max",
            "out_of_range",
        ),
        ("age_min=18".to_owned(), "district_id", "required"),
        ("email=a%40b.pl&age_max=18".to_owned(), "age_max", "rule"),
    ];
    for (query, field, code) in &cases {
        let reply = r.first.get(&format!("/api/notify/recipients?{query}"));
        assert_problem(&reply, 422, "validation_failed");
        assert_eq!(
            json_of(&reply)["fields"][field]["code"],
            *code,
            "{query}: {}",
            reply.text()
        );
    }
    let inverted = r.first.get(&format!(
        "/api/notify/recipients?district_id={CENTRUM}&age_min=50&age_max=40"
    ));
    assert_eq!(
        json_of(&inverted)["fields"]["age_max"]["params"]["min"],
        "50"
    );
    assert_eq!(reads(&r), before, "a refused list reads nobody");
    // Other parameters left empty are no filter; the ages are integers and were refused above.
    assert_eq!(
        list(
            &r.first,
            &format!("district_id={CENTRUM}&name=&verification=")
        )
        .len(),
        1
    );
}

#[test]
fn the_district_batch_walks_the_index_in_order_without_sorting() {
    let r = Registry::start();
    registered(
        &r.first,
        "Anna",
        "Nowak",
        CENTRUM,
        Day::parse("1961-05-17").unwrap(),
    );
    let db = rusqlite::Connection::open(r.app.database_path()).unwrap();
    let columns: [&[&str]; 4] = [
        &[],
        &["birth_date"],
        &["first_name", "last_name"],
        &["birth_date", "first_name", "last_name"],
    ];
    for sealed in columns {
        let sql = format!("EXPLAIN QUERY PLAN {}", at_rest::district_batch_sql(sealed));
        let mut stmt = db.prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map(
                rusqlite::params![
                    CENTRUM,
                    at_rest::ABOVE_EVERY_ID,
                    "verified",
                    "verified",
                    500
                ],
                |row| row.get::<_, String>(3),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(
            plan.contains("USING INDEX notify_recipients_district_id (district_id=? AND id<?)"),
            "{sealed:?}: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{sealed:?}: {plan}");
    }
}
