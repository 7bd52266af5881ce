//! The residents' reports (zgłoszenia, docs/api/notifications-messages.md § Reports), office
//! bundle: the bound resident's "Zgłoś problem" (`new`, `/residents/reports/new`) and "Moje
//! zgłoszenia" (`mine`, `/residents/reports`), and `notifier_admin`'s queue (`queue`,
//! `/registry/reports`) and report (`detail`, `/registry/reports/:id`). The rules are the
//! domain's (`ratusz_domain::notify::report`); the server decides who may do what.

pub mod detail;
pub mod mine;
pub mod new;
mod photo;
pub mod queue;

use ratusz_domain::api::notify_reports::{
    ReportCategory, ReportHistoryKind, ReportLocation, ReportStatus,
};
use ratusz_domain::time::Timestamp;
use yew::prelude::*;

use crate::i18n::reports::{self, ReportTexts};
use crate::i18n::{use_lang, Lang};
use crate::messages::format_timestamp;

/// The reports' table of the active language.
#[hook]
pub fn use_report_texts() -> &'static ReportTexts {
    reports::texts(use_lang())
}

/// A category in words.
pub fn category_name(c: ReportCategory, t: &ReportTexts) -> &'static str {
    match c {
        ReportCategory::Roads => t.category_roads,
        ReportCategory::Lighting => t.category_lighting,
        ReportCategory::Waste => t.category_waste,
        ReportCategory::Greenery => t.category_greenery,
        ReportCategory::Safety => t.category_safety,
        ReportCategory::Other => t.category_other,
    }
}

/// A status in words.
pub fn status_name(s: ReportStatus, t: &ReportTexts) -> &'static str {
    match s {
        ReportStatus::New => t.status_new,
        ReportStatus::InProgress => t.status_in_progress,
        ReportStatus::Resolved => t.status_resolved,
        ReportStatus::Rejected => t.status_rejected,
    }
}

/// A size in bytes as people read it (`340 KiB`, `2,4 MiB`).
pub fn size_text(bytes: u64, lang: Lang) -> String {
    const KIB: u64 = 1024;
    if bytes < KIB * KIB {
        return format!("{} KiB", bytes.div_ceil(KIB));
    }
    let tenths = (bytes * 10).div_ceil(KIB * KIB);
    let separator = match lang {
        Lang::Pl => ',',
        Lang::En => '.',
    };
    format!("{}{separator}{} MiB", tenths / 10, tenths % 10)
}

/// A location as text: the coordinates and the words beside them.
pub fn location_text(location: &ReportLocation) -> String {
    let coordinates = format!("{:.5}, {:.5}", location.lat, location.lon);
    match &location.description {
        Some(words) => format!("{words} ({coordinates})"),
        None => coordinates,
    }
}

/// The resident's way to their reports ("Moje dane" shows it on a bound device).
#[component]
pub fn ResidentReportLinks() -> Html {
    let t = use_report_texts();
    html! {
        <ul class="link-list">
            <li>
                <yew_router::prelude::Link<crate::app::Route> to={crate::app::Route::ResidentReportNew}>
                    { t.new_link }
                </yew_router::prelude::Link<crate::app::Route>>
            </li>
            <li>
                <yew_router::prelude::Link<crate::app::Route> to={crate::app::Route::ResidentReports}>
                    { t.mine_link }
                </yew_router::prelude::Link<crate::app::Route>>
            </li>
        </ul>
    }
}

/// One step of a report's history, as both sides show it.
#[derive(Clone, PartialEq)]
pub struct Step {
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub kind: ReportHistoryKind,
    /// The status moved to.
    pub status: Option<ReportStatus>,
    /// A note or a reply.
    pub text: Option<String>,
    /// Who (the staff's view only).
    pub by: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    /// The steps, oldest first.
    pub steps: Vec<Step>,
    /// The heading's id (for `aria-labelledby`).
    pub id: AttrValue,
    /// Under a report's own `h2` (the resident's list): the heading is an `h3`.
    #[prop_or_default]
    pub nested: bool,
}

/// A report's history as an ordered list.
#[component]
pub fn History(props: &HistoryProps) -> Html {
    let t = use_report_texts();
    let lang = use_lang();
    html! {
        <section aria-labelledby={props.id.clone()}>
            if props.nested {
                <h3 id={props.id.clone()}>{ t.history_heading }</h3>
            } else {
                <h2 id={props.id.clone()}>{ t.history_heading }</h2>
            }
            <ol class="report-history">
                { for props.steps.iter().map(|step| {
                    let what = match step.kind {
                        ReportHistoryKind::Created => t.history_created.to_owned(),
                        ReportHistoryKind::Status => t.history_status.replace(
                            "{status}",
                            step.status.map_or("", |s| status_name(s, t)),
                        ),
                        ReportHistoryKind::Reply => t.history_reply.to_owned(),
                    };
                    html! {
                        <li>
                            <p>
                                <strong>{ what }</strong>
                                { " — " }{ format_timestamp(step.at, lang) }
                                if let Some(by) = &step.by {
                                    { " — " }{ by.clone() }
                                }
                            </p>
                            if let Some(text) = &step.text {
                                <p class="report-text">{ text.clone() }</p>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_places_read_as_people_write_them() {
        assert_eq!(size_text(1, Lang::Pl), "1 KiB");
        assert_eq!(size_text(340 * 1024, Lang::En), "340 KiB");
        assert_eq!(size_text(2_516_582, Lang::Pl), "2,4 MiB");
        assert_eq!(size_text(10 * 1024 * 1024, Lang::En), "10.0 MiB");
        let place = ReportLocation {
            lat: 52.1676,
            lon: 22.29,
            description: Some("przy szkole".into()),
        };
        assert_eq!(location_text(&place), "przy szkole (52.16760, 22.29000)");
    }
}
