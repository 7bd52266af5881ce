//! The channels of a message or a template, one checkbox each, in the contract's order.

use ratusz_domain::api::notify::Channel;
use yew::prelude::*;

use super::draft::toggle;
use super::{channel_name, use_notify_texts};

/// Props of [`ChannelChoice`].
#[derive(Properties, PartialEq)]
pub struct ChannelChoiceProps {
    /// Prefix of the checkboxes' ids (one form per prefix).
    pub id_prefix: AttrValue,
    /// The channels chosen.
    pub channels: Vec<Channel>,
    /// Called with the channels after a change.
    pub on_change: Callback<Vec<Channel>>,
    /// The refusal of the field.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// The channels fieldset.
#[component]
pub fn ChannelChoice(props: &ChannelChoiceProps) -> Html {
    let t = use_notify_texts();
    html! {
        <fieldset class="fieldset">
            <legend>{ t.field_channels }</legend>
            if let Some(message) = &props.error {
                <p class="field-error">{ message.clone() }</p>
            }
            { for Channel::ALL.iter().map(|channel| {
                let (chosen, on_change, channel) =
                    (props.channels.clone(), props.on_change.clone(), *channel);
                let onchange = Callback::from(move |on: bool| on_change.emit(toggle(&chosen, channel, on)));
                html! {
                    <crate::components::form::Checkbox
                        id={format!("{}_channel_{}", props.id_prefix, channel.as_str())}
                        label={channel_name(channel, t)}
                        checked={props.channels.contains(&channel)} {onchange} />
                }
            }) }
        </fieldset>
    }
}
