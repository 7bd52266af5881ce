//! The printable draft of the minutes (projekt protokołu): attendance, agenda, speeches with
//! times, every vote with its result and named list. The clerk edits it into the final
//! minutes; this is the record the system can vouch for.

use super::html::{clock, date_time, escape_html, floor_kind_pl, mode_pl, page};
use super::result::poll_details;
use crate::api::council::{AttendanceMode, MeetingKind, Minutes, Speech};
use crate::council::quorum::has_quorum;
use std::fmt::Write as _;

/// The printable draft of the minutes (Polish).
pub fn minutes_html(minutes: &Minutes) -> String {
    let m = &minutes.session;
    let kind = match m.kind {
        MeetingKind::Session => "Sesja",
        MeetingKind::Committee => "Posiedzenie komisji",
    };
    let title = format!("Projekt protokołu: {} nr {}", m.title, m.number);
    let mut body = format!(
        "<h1><span class=\"meeting\">Projekt protokołu</span> {} nr {}</h1>\n",
        escape_html(&m.title),
        escape_html(&m.number)
    );
    let when = |at: Option<_>| at.map(date_time).unwrap_or_else(|| "—".to_owned());
    let _ = write!(
        body,
        "<dl>\n<dt>Rodzaj</dt><dd>{kind}</dd>\n<dt>Miejsce</dt><dd>{}</dd>\n\
         <dt>Termin</dt><dd>{}</dd>\n<dt>Otwarcie</dt><dd>{}</dd>\n\
         <dt>Zamknięcie</dt><dd>{}</dd>\n<dt>Ustawowy skład</dt><dd>{}</dd>\n</dl>\n",
        escape_html(&m.location),
        escape_html(&date_time(m.starts_at)),
        escape_html(&when(m.opened_at)),
        escape_html(&when(m.closed_at)),
        m.statutory_members,
    );
    body.push_str(&attendance(minutes));
    body.push_str(&agenda(minutes));
    body.push_str(&speeches(minutes));
    body.push_str(&polls(minutes));
    page(&title, &body)
}

/// The attendance table with the count and whether it made a quorum.
fn attendance(minutes: &Minutes) -> String {
    let present = minutes
        .attendance
        .iter()
        .filter(|a| a.mode != AttendanceMode::Absent)
        .count();
    let present = u32::try_from(present).unwrap_or(u32::MAX);
    let statutory = minutes.session.statutory_members;
    let quorum = if has_quorum(present, statutory) {
        "jest kworum"
    } else {
        "brak kworum"
    };
    let mut out = format!(
        "<h2>Obecność</h2>\n<p>Obecnych na koniec posiedzenia: {present} z {statutory} \
         (ustawowy skład); {quorum}.</p>\n<table>\n<caption>Lista obecności</caption>\n\
         <thead><tr><th scope=\"col\">Lp.</th><th scope=\"col\">Radny</th>\
         <th scope=\"col\">Obecność</th></tr></thead>\n<tbody>\n"
    );
    for (n, a) in (1..).zip(&minutes.attendance) {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{n}</td><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape_html(&a.name),
            mode_pl(a.mode)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The agenda as an ordered list.
fn agenda(minutes: &Minutes) -> String {
    if minutes.agenda.is_empty() {
        return "<h2>Porządek obrad</h2>\n<p>Brak punktów porządku obrad.</p>\n".to_owned();
    }
    let mut out = String::from("<h2>Porządek obrad</h2>\n<ol>\n");
    for item in &minutes.agenda {
        let _ = writeln!(out, "<li>{}</li>", escape_html(&item.title));
    }
    out.push_str("</ol>\n");
    out
}

/// Speeches in order, with Polish times to the second and the agenda item they fell under.
fn speeches(minutes: &Minutes) -> String {
    if minutes.speeches.is_empty() {
        return "<h2>Wystąpienia</h2>\n<p>Nie udzielono głosu.</p>\n".to_owned();
    }
    let mut out = String::from(
        "<h2>Wystąpienia</h2>\n<table>\n<caption>Wystąpienia (czas polski)</caption>\n\
         <thead><tr><th scope=\"col\">Lp.</th><th scope=\"col\">Mówca</th>\
         <th scope=\"col\">Rodzaj</th><th scope=\"col\">Od</th><th scope=\"col\">Do</th>\
         <th scope=\"col\">Punkt porządku obrad</th></tr></thead>\n<tbody>\n",
    );
    for (n, s) in (1..).zip(&minutes.speeches) {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{n}</td><th scope=\"row\">{}</th><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            speaker(s),
            floor_kind_pl(s.kind),
            clock(s.started_at),
            s.ended_at.map(clock).unwrap_or_else(|| "trwa".to_owned()),
            escape_html(item_title(minutes, s)),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The speaker's name, marked when given the floor off the list of members (a guest).
fn speaker(s: &Speech) -> String {
    match s.user_id {
        Some(_) => escape_html(&s.name),
        None => format!("{} (spoza składu)", escape_html(&s.name)),
    }
}

/// The title of the agenda item current during a speech, or a dash.
fn item_title<'a>(minutes: &'a Minutes, s: &Speech) -> &'a str {
    s.item_id
        .as_deref()
        .and_then(|id| minutes.agenda.iter().find(|i| i.id == id))
        .map(|i| i.title.as_str())
        .unwrap_or("—")
}

/// Every closed poll with its result and named list.
fn polls(minutes: &Minutes) -> String {
    if minutes.polls.is_empty() {
        return "<h2>Głosowania</h2>\n<p>Nie przeprowadzono głosowań.</p>\n".to_owned();
    }
    let mut out = String::from("<h2>Głosowania</h2>\n");
    for (n, poll) in (1..).zip(&minutes.polls) {
        let _ = write!(
            out,
            "<section>\n<h3>Głosowanie nr {n}: {}</h3>\n{}</section>\n",
            escape_html(&poll.title),
            poll_details(poll)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::council::{
        CurrentItem, FloorKind, Meeting, MeetingState, MinutesAttendance, SpeakingLimits,
    };
    use crate::council::export::result::tests::{open_result, secret_result};
    use crate::time::Timestamp;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn meeting() -> Meeting {
        Meeting {
            id: "s1".into(),
            title: "Sesja Rady Miasta".into(),
            number: "XII".into(),
            kind: MeetingKind::Session,
            state: MeetingState::Closed,
            starts_at: at("2026-11-23T09:00:00Z"),
            location: "Sala obrad, ul. Rynek 1".into(),
            video_url: None,
            statutory_members: 3,
            member_ids: vec!["u1".into(), "u2".into(), "u3".into()],
            members: vec![],
            chair_id: None,
            speaking_limits: SpeakingLimits::default(),
            allow_vote_change: false,
            list_open: true,
            current_item_id: None,
            agenda: vec![],
            opened_at: Some(at("2026-11-23T09:04:35Z")),
            closed_at: None,
        }
    }

    fn attendee(user: &str, name: &str, mode: AttendanceMode) -> MinutesAttendance {
        MinutesAttendance {
            user_id: user.into(),
            name: name.into(),
            mode,
        }
    }

    fn minutes() -> Minutes {
        Minutes {
            session: meeting(),
            attendance: vec![
                attendee("u1", "Anna Kowalska", AttendanceMode::InPerson),
                attendee("u2", "Jan Nowak", AttendanceMode::Remote),
                attendee("u3", "<script>x()</script>", AttendanceMode::Absent),
            ],
            agenda: vec![
                CurrentItem {
                    id: "i1".into(),
                    title: "Otwarcie sesji".into(),
                },
                CurrentItem {
                    id: "i2".into(),
                    title: "Budżet & <podatki>".into(),
                },
            ],
            speeches: vec![
                Speech {
                    name: "Anna Kowalska".into(),
                    user_id: Some("u1".into()),
                    kind: FloorKind::Normal,
                    started_at: at("2026-11-23T09:10:00Z"),
                    ended_at: Some(at("2026-11-23T09:14:59Z")),
                    item_id: Some("i2".into()),
                },
                Speech {
                    name: "Burmistrz <b>Jan</b>".into(),
                    user_id: None,
                    kind: FloorKind::AdVocem,
                    started_at: at("2026-11-23T09:15:03Z"),
                    ended_at: None,
                    item_id: None,
                },
            ],
            polls: vec![open_result(), secret_result()],
        }
    }

    #[test]
    fn minutes_have_every_section() {
        let html = minutes_html(&minutes());
        for expected in [
            "<html lang=\"pl\">",
            "<title>Projekt protokołu: Sesja Rady Miasta nr XII</title>",
            "<dt>Otwarcie</dt><dd>23.11.2026, godz. 10:04</dd>",
            "<dt>Zamknięcie</dt><dd>—</dd>",
            "Obecnych na koniec posiedzenia: 2 z 3 (ustawowy skład); jest kworum.",
            "<th scope=\"row\">Jan Nowak</th><td>obecny(a) zdalnie</td>",
            "<li>Otwarcie sesji</li>",
            "<td>wystąpienie</td><td>10:10:00</td><td>10:14:59</td><td>Budżet &amp; &lt;podatki&gt;</td>",
            "Burmistrz &lt;b&gt;Jan&lt;/b&gt; (spoza składu)</th><td>ad vocem</td><td>10:15:03</td><td>trwa</td><td>—</td>",
            "<h3>Głosowanie nr 1: Uchwała w sprawie budżetu</h3>",
            "<h3>Głosowanie nr 2: Uchwała w sprawie budżetu</h3>",
            "Imienny wykaz głosowania",
            "operator serwera mógłby w zasadzie je powiązać",
        ] {
            assert!(html.contains(expected), "missing {expected}\n{html}");
        }
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<podatki>"));
    }

    #[test]
    fn empty_minutes_say_so() {
        let mut m = minutes();
        m.agenda.clear();
        m.speeches.clear();
        m.polls.clear();
        m.attendance.truncate(1);
        let html = minutes_html(&m);
        assert!(html.contains("Brak punktów porządku obrad."));
        assert!(html.contains("Nie udzielono głosu."));
        assert!(html.contains("Nie przeprowadzono głosowań."));
        assert!(html.contains("1 z 3 (ustawowy skład); brak kworum."));
    }
}
