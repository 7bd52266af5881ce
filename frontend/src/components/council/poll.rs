//! Poll progress while voting runs (how many voted, never how) and the result after close:
//! counts, the outcome with the rule in words, and for open polls the named list with
//! receipts, so every councillor can find their own vote.

use ratusz_domain::api::council::{LivePoll, PollResult, PollState};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::council::{choice_name, screen_text_class};
use crate::i18n::{use_lang, use_texts, Lang};

/// Props of [`PollProgress`].
#[derive(Properties, PartialEq)]
pub struct PollProgressProps {
    /// The poll.
    pub poll: LivePoll,
}

/// "Voted: 7 of 15" with a `<progress>` bar (no inline style needed).
#[component]
pub fn PollProgress(props: &PollProgressProps) -> Html {
    let t = use_texts().council;
    let p = &props.poll;
    let text = format!("{} {} {} {}", t.voted, p.voted, t.of, p.entitled);
    html! {
        <div class="poll-progress">
            <p>{ text.clone() }</p>
            <progress max={p.entitled.max(1).to_string()} value={p.voted.to_string()}
                aria-label={text}></progress>
        </div>
    }
}

/// Props of [`PollResultView`].
#[derive(Properties, PartialEq)]
pub struct PollResultViewProps {
    /// Meeting id.
    pub session_id: AttrValue,
    /// The closed poll.
    pub poll: LivePoll,
    /// The viewer's account, to mark their own row of the named list.
    #[prop_or_default]
    pub me: Option<AttrValue>,
    /// Heading level 2 (pages) or 3 (inside a section).
    #[prop_or_default]
    pub nested: bool,
    /// Which part to show.
    #[prop_or_default]
    pub part: ResultPart,
}

/// A screen with little room shows the result in two places: the outcome where the ballot was,
/// the record (named list, audit hash, downloads) further down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultPart {
    /// Everything.
    #[default]
    Whole,
    /// The heading, the outcome in words and the counts.
    Summary,
    /// The named list or the voters, the audit hash and the downloads, without a heading.
    Record,
}

/// Loads the published result of a closed poll and shows it.
#[component]
pub fn PollResultView(props: &PollResultViewProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let lang = use_lang();
    let result = use_state(|| None::<Result<PollResult, ApiError>>);
    {
        let result = result.clone();
        let key = (
            props.session_id.clone(),
            props.poll.id.clone(),
            props.poll.state,
        );
        use_effect_with(key, move |(sid, pid, state)| {
            if *state == PollState::Closed {
                let (sid, pid) = (sid.clone(), pid.clone());
                spawn_local(async move {
                    result.set(Some(council_api::poll_result(&sid, &pid).await));
                });
            }
        });
    }
    let heading = format!("{} {}", t.result_of, props.poll.title);
    let heading = if props.part == ResultPart::Record {
        html! {}
    } else if props.nested {
        // On the projector a long poll title steps down (`screen_text_class`; no effect elsewhere).
        html! { <h3 class={classes!(screen_text_class(&props.poll.title))}>{ heading }</h3> }
    } else {
        html! { <h2>{ heading }</h2> }
    };
    let body = match &*result {
        None => html! { <p role="status">{ texts.loading }</p> },
        Some(Err(e)) => html! { <ErrorView error={e.clone()} /> },
        Some(Ok(r)) => result_body(r, props, lang),
    };
    html! { <div class="poll-result">{ heading }{ body }</div> }
}

fn result_body(r: &PollResult, props: &PollResultViewProps, lang: Lang) -> Html {
    let t = lang.texts().council;
    let text = match lang {
        Lang::Pl => r.result_text.clone(),
        Lang::En => r.result_text_en.clone(),
    };
    let outcome_class = if r.passed {
        "summary summary-ok"
    } else {
        "summary summary-bad"
    };
    let outcome = if r.passed { t.passed } else { t.failed };
    let counts = [
        (t.choice_for, r.counts.for_),
        (t.choice_against, r.counts.against),
        (t.choice_abstain, r.counts.abstain),
        (t.not_voted, r.counts.not_voted),
    ];
    let sid = props.session_id.to_string();
    let summary = props.part != ResultPart::Record;
    let record = props.part != ResultPart::Summary;
    html! {
        <>
            if summary {
                <p class={outcome_class}><strong>{ outcome }</strong></p>
                <p class="result-text">{ text }</p>
                <dl class="facts counts">
                    { for counts.iter().map(|(label, n)| html! {
                        <div class="count"><dt>{ *label }</dt><dd>{ n }</dd></div>
                    }) }
                    <div class="count"><dt>{ t.entitled }</dt><dd>{ r.entitled }</dd></div>
                </dl>
            }
            if record {
            if let Some(list) = &r.named_list {
                <div class="table-wrap" role="region" tabindex="0" aria-label={t.named_list}>
                    <table class="data-table">
                        <caption>{ t.named_list }</caption>
                        <thead><tr>
                            <th scope="col">{ t.col_councillor }</th>
                            <th scope="col">{ t.col_choice }</th>
                            <th scope="col">{ t.receipt }</th>
                        </tr></thead>
                        <tbody>
                            { for list.iter().map(|v| {
                                let mine = props.me.as_deref() == Some(v.user_id.as_str());
                                html! {
                                    <tr class={classes!(mine.then_some("row-mine"))}>
                                        <th scope="row">
                                            { v.name.clone() }
                                            if mine { { format!(" ({})", t.you) } }
                                        </th>
                                        <td>{ v.choice.map_or(t.not_voted, |c| choice_name(c, t)) }</td>
                                        <td class="receipt-cell">{ v.receipt.clone().unwrap_or_default() }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if let Some(voters) = &r.voters {
                <p>{ t.secret_note }</p>
                <p>{ format!("{}: {}", t.voters_secret, voters.iter().filter(|v| v.voted).map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")) }</p>
            }
            <p class="muted">{ t.audit_hash }{ ": " }<span class="hash">{ r.audit_hash.clone() }</span></p>
            <p class="button-row">
                <a class="button button-secondary" href={council_api::result_page_url(&sid, &r.id)}>{ t.result_page }</a>
                <a class="button button-secondary" href={council_api::result_csv_url(&sid, &r.id)}>{ t.result_csv }</a>
            </p>
            }
        </>
    }
}
