//! A message's progress: the audience's count, then per channel a progress bar (named by its
//! channel, its value said in words) and the counts of every delivery state.

use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::{AudienceState, ChannelProgress, Progress};
use yew::prelude::*;

use super::{channel_name, use_notify_texts};
use crate::i18n::notify_messages::NotifyMessagesTexts;

/// How far a channel is, in whole percent: deliveries no longer queued over all of them; a
/// channel without any is at 0 while the audience is counted, then at 100 (nobody to reach).
fn percent(p: &ChannelProgress, counting: bool) -> u64 {
    match p.total() {
        0 if counting => 0,
        0 => 100,
        total => p.finished() * 100 / total,
    }
}

/// "{done} of {total} handled".
fn words(p: &ChannelProgress, t: &NotifyMessagesTexts) -> String {
    t.progress_words
        .replace("{done}", &p.finished().to_string())
        .replace("{total}", &p.total().to_string())
}

/// Props of [`ProgressView`].
#[derive(Properties, PartialEq)]
pub struct ProgressViewProps {
    /// The message's channels, in its order.
    pub channels: Vec<Channel>,
    /// Its progress.
    pub progress: Progress,
}

/// The progress section's body.
#[component]
pub fn ProgressView(props: &ProgressViewProps) -> Html {
    let t = use_notify_texts();
    let p = &props.progress;
    let counting = p.audience.state == AudienceState::Counting;
    let audience = match p.audience.state {
        AudienceState::Counting => t.audience_counting.to_owned(),
        AudienceState::Done => t
            .audience_counted
            .replace("{n}", &p.audience.count.to_string()),
    };
    let rows: Vec<(Channel, ChannelProgress)> = props
        .channels
        .iter()
        .filter_map(|c| p.by_channel.get(*c).map(|progress| (*c, *progress)))
        .collect();
    html! {
        <>
            <p>{ audience }</p>
            { for rows.iter().map(|(channel, progress)| bar(*channel, progress, counting, t)) }
            if !rows.is_empty() {
                <div class="table-wrap" role="region" tabindex="0" aria-labelledby="message-progress-heading">
                    <table class="data-table">
                        <caption class="visually-hidden">{ t.progress_heading }</caption>
                        <thead><tr>
                            <th scope="col">{ t.col_channel }</th>
                            <th scope="col">{ t.col_queued }</th>
                            <th scope="col">{ t.col_sent }</th>
                            <th scope="col">{ t.col_delivered }</th>
                            <th scope="col">{ t.col_failed }</th>
                            <th scope="col">{ t.col_skipped }</th>
                            <th scope="col">{ t.col_cancelled }</th>
                        </tr></thead>
                        <tbody>
                            { for rows.iter().map(|(channel, c)| html! {
                                <tr>
                                    <th scope="row">{ channel_name(*channel, t) }</th>
                                    <td>{ c.queued }</td>
                                    <td>{ c.sent }</td>
                                    <td>{ c.delivered }</td>
                                    <td>{ c.failed }</td>
                                    <td>{ c.skipped }</td>
                                    <td>{ c.cancelled }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    }
}

/// One channel's bar: a native `<progress>` with the progressbar role, named by its label.
fn bar(channel: Channel, p: &ChannelProgress, counting: bool, t: &NotifyMessagesTexts) -> Html {
    let value = percent(p, counting).to_string();
    let label_id = format!("progress-{}", channel.as_str());
    let label = t
        .progress_label
        .replace("{channel}", channel_name(channel, t));
    let said = match p.total() {
        0 if counting => t.audience_counting.to_owned(),
        0 => t.progress_empty.to_owned(),
        _ => words(p, t),
    };
    html! {
        <div class="poll-progress">
            <p id={label_id.clone()}>{ label }</p>
            <progress role="progressbar" aria-labelledby={label_id}
                max="100" value={value.clone()}
                aria-valuemin="0" aria-valuemax="100" aria-valuenow={value.clone()}
                aria-valuetext={said.clone()}></progress>
            <p>{ said }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_counts_what_is_no_longer_queued() {
        let none = ChannelProgress::default();
        assert_eq!(percent(&none, true), 0, "nobody yet while counting");
        assert_eq!(percent(&none, false), 100, "nobody to reach");
        let half = ChannelProgress {
            queued: 5,
            sent: 3,
            failed: 1,
            skipped: 1,
            ..ChannelProgress::default()
        };
        assert_eq!(percent(&half, true), 50);
        let done = ChannelProgress {
            delivered: 7,
            cancelled: 3,
            ..ChannelProgress::default()
        };
        assert_eq!(percent(&done, false), 100);
        let t = crate::i18n::notify_messages::texts(crate::i18n::Lang::Pl);
        assert_eq!(words(&half, t), "5 z 10 obsłużono");
    }
}
