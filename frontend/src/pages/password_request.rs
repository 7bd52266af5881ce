//! `/password/request-for-employee`: a director asks for a reset of an account of their unit
//! (admin and support record a request made in person the same way).

use yew::prelude::*;

use crate::components::reset_request_form::ResetRequestForm;
use crate::i18n::use_texts;
use crate::pages::use_page_title;

/// The staff reset request page.
#[component]
pub fn PasswordRequestPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.employee_reset_title);
    html! {
        <>
            <h1>{ texts.employee_reset_title }</h1>
            <p>{ texts.employee_reset_intro }</p>
            <ResetRequestForm for_employee=true />
        </>
    }
}
