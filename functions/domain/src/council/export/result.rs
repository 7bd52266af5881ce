//! The printable result page for BIP (art. 14 ust. 4 u.s.g.: the named list of an open vote
//! is published without delay).

use super::checkpoint::checkpoint_section;
use super::html::{choice_pl, date_time, escape_html, page, poll_kind_pl};
use crate::api::council::{NamedVote, PollResult, SecretVoter};
use crate::audit::checkpoint::Checkpoint;
use std::fmt::Write as _;

/// The printable BIP page of a result (Polish), with the audit chain hash and the newest
/// signed checkpoint of the chain.
pub fn result_html(
    result: &PollResult,
    meeting_title: &str,
    meeting_number: &str,
    checkpoint: Option<&Checkpoint>,
) -> String {
    let meeting = format!("{meeting_title} nr {meeting_number}");
    let mut body = format!(
        "<h1><span class=\"meeting\">{}</span> Głosowanie: {}</h1>\n",
        escape_html(&meeting),
        escape_html(&result.title)
    );
    body.push_str(&poll_details(result));
    body.push_str(&checkpoint_section(checkpoint));
    let title = format!("Wynik głosowania: {} ({meeting})", result.title);
    page(&title, &body)
}

/// Everything about a closed poll below its heading: outcome, facts, counts, the named list
/// (or the secret poll's voters with the honest notice), the audit hash. Shared with the
/// minutes.
pub(super) fn poll_details(result: &PollResult) -> String {
    let (class, verdict) = if result.passed {
        ("passed", "Wynik: PRZYJĘTO")
    } else {
        ("failed", "Wynik: ODRZUCONO")
    };
    let mut out = format!(
        "<p class=\"outcome {class}\">{verdict}</p>\n<p>{}</p>\n",
        escape_html(&result.result_text)
    );
    let _ = write!(
        out,
        "<dl>\n<dt>Rodzaj głosowania</dt><dd>{}</dd>\n\
         <dt>Uprawnionych do głosowania</dt><dd>{}</dd>\n\
         <dt>Otwarto</dt><dd>{}</dd>\n<dt>Zamknięto</dt><dd>{}</dd>\n</dl>\n",
        poll_kind_pl(result.kind),
        result.entitled,
        escape_html(&date_time(result.opened_at)),
        escape_html(&date_time(result.closed_at)),
    );
    out.push_str(&counts_table(result));
    if let Some(list) = &result.named_list {
        out.push_str(&named_list_table(list));
    }
    if let Some(voters) = &result.voters {
        out.push_str(&secret_voters(voters));
    }
    let _ = writeln!(
        out,
        "<p>Skrót SHA-256 wpisu tego wyniku w łańcuchu audytu: <code>{}</code></p>",
        escape_html(&result.audit_hash)
    );
    out
}

/// The counts as a table with row headers (read out properly by screen readers).
fn counts_table(result: &PollResult) -> String {
    let c = result.counts;
    let rows = [
        ("Za", c.for_),
        ("Przeciw", c.against),
        ("Wstrzymało się", c.abstain),
        ("Nie głosowało", c.not_voted),
    ];
    let mut out = String::from(
        "<table>\n<caption>Wyniki głosowania</caption>\n\
         <thead><tr><th scope=\"col\">Głos</th><th scope=\"col\">Liczba</th></tr></thead>\n<tbody>\n",
    );
    for (label, n) in rows {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{label}</th><td class=\"num\">{n}</td></tr>"
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The named list with each vote's receipt, so every councillor can check their own.
fn named_list_table(list: &[NamedVote]) -> String {
    let mut out = String::from(
        "<table>\n<caption>Imienny wykaz głosowania</caption>\n<thead><tr>\
         <th scope=\"col\">Lp.</th><th scope=\"col\">Radny</th><th scope=\"col\">Głos</th>\
         <th scope=\"col\">Kod potwierdzenia</th></tr></thead>\n<tbody>\n",
    );
    for (n, vote) in (1..).zip(list) {
        let receipt = vote
            .receipt
            .as_deref()
            .map(|r| format!("<code>{}</code>", escape_html(r)))
            .unwrap_or_else(|| "—".to_owned());
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{n}</td><th scope=\"row\">{}</th><td>{}</td><td>{receipt}</td></tr>",
            escape_html(&vote.name),
            choice_pl(vote.choice),
        );
    }
    out.push_str(
        "</tbody>\n</table>\n<p>Radny może sprawdzić, że jego głos zapisano tak, jak go \
         oddał: kod potwierdzenia wyświetlony na tablecie po oddaniu głosu musi być taki sam \
         jak kod przy jego nazwisku.</p>\n",
    );
    out
}

/// Who voted in a secret poll (never how), with the honest notice.
fn secret_voters(voters: &[SecretVoter]) -> String {
    let mut out = String::from(
        "<p class=\"notice\">Głosowanie tajne: wykaz pokazuje, kto oddał głos, ale nie jak \
         głosował. System przechowuje karty oddzielnie od listy głosujących, jednak operator \
         serwera mógłby w zasadzie je powiązać. Głosowania tajne wymagane ustawą nadal \
         przeprowadza się na kartach papierowych.</p>\n\
         <table>\n<caption>Lista głosujących</caption>\n<thead><tr><th scope=\"col\">Lp.</th>\
         <th scope=\"col\">Radny</th><th scope=\"col\">Oddał(a) głos</th></tr></thead>\n<tbody>\n",
    );
    for (n, voter) in (1..).zip(voters) {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{n}</td><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape_html(&voter.name),
            if voter.voted { "tak" } else { "nie" },
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::api::council::{Choice, Counts, Majority, MajorityBase, MajorityRule, PollKind};
    use crate::time::Timestamp;

    fn vote(user: &str, name: &str, choice: Option<Choice>, receipt: Option<&str>) -> NamedVote {
        NamedVote {
            user_id: user.to_owned(),
            name: name.to_owned(),
            choice,
            receipt: receipt.map(str::to_owned),
        }
    }

    /// An open poll: two votes and a non-voter with a formula for a name.
    pub(crate) fn open_result() -> PollResult {
        PollResult {
            id: "p1".into(),
            session_id: "s1".into(),
            title: "Uchwała w sprawie budżetu".into(),
            kind: PollKind::Open,
            majority: Majority {
                rule: MajorityRule::Simple,
                base: MajorityBase::Cast,
                fraction: None,
            },
            counts: Counts {
                for_: 1,
                against: 1,
                abstain: 0,
                not_voted: 1,
            },
            entitled: 3,
            passed: false,
            result_text: "Wniosek odrzucony: 1 za, 1 przeciw, 0 wstrzymujących się.".into(),
            result_text_en: "Failed: 1 for, 1 against, 0 abstentions.".into(),
            named_list: Some(vec![
                vote("u1", "Anna Kowalska", Some(Choice::For), Some("ABCDEFGH12")),
                vote(
                    "u2",
                    "Nowak; Jan",
                    Some(Choice::Against),
                    Some("ZZZZZZZZZZ"),
                ),
                vote("u3", "=cmd|' /C calc'!A0", None, None),
            ]),
            voters: None,
            audit_hash: "ab".repeat(32),
            opened_at: Timestamp::from_unix_ms(1_795_424_400_000),
            closed_at: Timestamp::from_unix_ms(1_795_424_460_000),
        }
    }

    /// A secret poll: who voted, not how.
    pub(crate) fn secret_result() -> PollResult {
        let voter = |user: &str, name: &str, voted| SecretVoter {
            user_id: user.to_owned(),
            name: name.to_owned(),
            voted,
        };
        PollResult {
            kind: PollKind::Secret,
            named_list: None,
            voters: Some(vec![
                voter("u1", "Anna Kowalska", true),
                voter("u2", "Jan Nowak", false),
            ]),
            passed: true,
            ..open_result()
        }
    }

    #[test]
    fn open_result_page_has_the_named_list_and_the_hash() {
        let html = result_html(&open_result(), "Sesja Rady Miasta", "XII", None);
        for expected in [
            "<html lang=\"pl\">",
            "<title>Wynik głosowania: Uchwała w sprawie budżetu (Sesja Rady Miasta nr XII)</title>",
            "<h1><span class=\"meeting\">Sesja Rady Miasta nr XII</span> Głosowanie: Uchwała w sprawie budżetu</h1>",
            "Wynik: ODRZUCONO",
            "Wniosek odrzucony: 1 za, 1 przeciw",
            "<th scope=\"row\">Nie głosowało</th><td class=\"num\">1</td>",
            "<th scope=\"row\">Anna Kowalska</th><td>ZA</td><td><code>ABCDEFGH12</code></td>",
            "<th scope=\"row\">Nowak; Jan</th><td>PRZECIW</td>",
            "<td>nie głosował(a)</td><td>—</td>",
            "<dt>Uprawnionych do głosowania</dt><dd>3</dd>",
            "<dt>Otwarto</dt><dd>23.11.2026, godz. 10:00</dd>",
            "@media print",
        ] {
            assert!(html.contains(expected), "missing {expected}\n{html}");
        }
        assert!(html.contains(&format!("<code>{}</code>", "ab".repeat(32))));
        assert!(!html.contains("Głosowanie tajne"));
    }

    #[test]
    fn secret_result_page_shows_voters_and_the_honest_notice() {
        let html = result_html(&secret_result(), "Sesja", "1", None);
        assert!(html.contains("Wynik: PRZYJĘTO"));
        assert!(html.contains("operator serwera mógłby w zasadzie je powiązać"));
        assert!(html.contains("na kartach papierowych"));
        assert!(html.contains("<th scope=\"row\">Jan Nowak</th><td>nie</td>"));
        assert!(!html.contains("Imienny wykaz"));
        assert!(!html.contains("<td>ZA</td>"));
    }

    #[test]
    fn everything_from_data_is_escaped() {
        let mut result = open_result();
        result.title = "<b>Budżet</b>".into();
        result.result_text = "x < y & z".into();
        result.audit_hash = "\"><img src=x>".into();
        if let Some(list) = result.named_list.as_mut() {
            list[0].name = "<script>alert(1)</script>".into();
            list[0].receipt = Some("<i>".into());
        }
        let html = result_html(&result, "<Sesja>", "</h1>", None);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>Budżet"));
        assert!(!html.contains("<i>"));
        assert!(!html.contains("<Sesja>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;Sesja&gt; nr &lt;/h1&gt;"));
        assert!(html.contains("x &lt; y &amp; z"));
    }
}
