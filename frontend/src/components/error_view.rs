//! Shows why an API call failed: a problem's title and detail, or a translated explanation.

use yew::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_texts;

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    /// The failure to explain.
    pub error: ApiError,
}

/// A generic error panel. Problem titles and details are written to be shown to people
/// (see `api.md`); other failures get a text from the translation table.
#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let texts = use_texts();
    let (heading, detail, status) = match &props.error {
        ApiError::Problem(problem) | ApiError::Throttled { problem, .. } => (
            problem.title.clone(),
            problem.detail.clone(),
            Some(problem.status),
        ),
        ApiError::Network => (
            texts.error_heading.to_owned(),
            texts.error_network.to_owned(),
            None,
        ),
        ApiError::Unexpected { status } => (
            texts.error_heading.to_owned(),
            texts.error_unexpected.to_owned(),
            Some(*status),
        ),
    };
    html! {
        <div class="error-view">
            <h2>{ heading }</h2>
            if !detail.is_empty() {
                <p>{ detail }</p>
            }
            if let Some(status) = status {
                <p class="muted">{ format!("{}: {status}", texts.error_status_code) }</p>
            }
        </div>
    }
}
