//! `/password/lost` (Nie pamiętam hasła): the holder's own reset request, without signing in.
//! The answer is always the same, whether the account exists or not.

use yew::prelude::*;

use crate::components::reset_request_form::ResetRequestForm;
use crate::i18n::use_texts;
use crate::pages::use_page_title;

/// The public reset request page.
#[component]
pub fn PasswordLostPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.lost_title);
    html! {
        <>
            <h1>{ texts.lost_title }</h1>
            <p>{ texts.lost_intro }</p>
            <ResetRequestForm />
        </>
    }
}
