//! The compose form's preview: how many would get the message, per channel, and for SMS the
//! encoding, the characters and segments of the text as written, and the estimated cost.

use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::{Preview, SmsEncodingName, SmsPreview};
use yew::prelude::*;

use super::{channel_name, money, use_notify_texts};
use crate::i18n::use_texts;

/// Props of [`PreviewView`].
#[derive(Properties, PartialEq)]
pub struct PreviewViewProps {
    /// The server's preview.
    pub preview: Preview,
    /// The channels it was asked for, in order.
    pub channels: Vec<Channel>,
    /// The form changed since (the numbers may no longer hold).
    pub stale: bool,
}

/// The preview panel's body.
#[component]
pub fn PreviewView(props: &PreviewViewProps) -> Html {
    let t = use_notify_texts();
    let audience = &props.preview.audience;
    html! {
        <>
            if props.stale { <p class="form-error">{ t.preview_stale }</p> }
            <p><strong>{ t.preview_count.replace("{n}", &audience.count.to_string()) }</strong></p>
            <h3>{ t.preview_by_channel }</h3>
            <dl class="facts">
                { for props.channels.iter().map(|c| html! {
                    <>
                        <dt>{ channel_name(*c, t) }</dt>
                        <dd>{ audience.by_channel.get(*c).unwrap_or(0) }</dd>
                    </>
                }) }
            </dl>
            if let Some(sms) = &props.preview.sms {
                <Sms sms={*sms} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SmsProps {
    sms: SmsPreview,
}

#[component]
fn Sms(props: &SmsProps) -> Html {
    let t = use_notify_texts();
    let separator = use_texts().decimal_separator;
    let s = &props.sms;
    let encoding = match s.encoding {
        SmsEncodingName::Gsm7 => t.encoding_gsm7,
        SmsEncodingName::Ucs2 => t.encoding_ucs2,
    };
    html! {
        <>
            <h3>{ t.sms_heading }</h3>
            <dl class="facts">
                <dt>{ t.sms_encoding }</dt><dd>{ encoding }</dd>
                <dt>{ t.sms_characters }</dt><dd>{ s.characters }</dd>
                <dt>{ t.sms_segments }</dt><dd>{ s.segments }</dd>
                <dt>{ t.sms_messages }</dt><dd>{ s.messages }</dd>
                <dt>{ t.sms_segments_total }</dt><dd>{ s.segments_total }</dd>
                <dt>{ t.sms_segment_price }</dt><dd>{ money(s.segment_price_grosze, t, separator) }</dd>
                <dt>{ t.sms_cost }</dt><dd>{ money(s.estimated_cost_grosze, t, separator) }</dd>
            </dl>
        </>
    }
}
