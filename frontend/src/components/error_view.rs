//! Shows why an API call failed, in the active language (a problem by its code, never its
//! English title or detail).

use yew::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_texts;
use crate::messages::error_message;

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    /// The failure to explain.
    pub error: ApiError,
}

/// A generic error panel: a heading, the translated explanation and the status code.
#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let texts = use_texts();
    let detail = error_message(&props.error, texts);
    html! {
        <div class="error-view">
            <h2>{ texts.error_heading }</h2>
            <p>{ detail }</p>
            if let Some(status) = props.error.status() {
                <p class="muted">{ format!("{}: {status}", texts.error_status_code) }</p>
            }
        </div>
    }
}
