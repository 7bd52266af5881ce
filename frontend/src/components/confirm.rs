//! A button whose action asks for confirmation in place (no modal: the question and the two
//! answers appear next to it, and focus moves to the question's confirm button).

use yew::prelude::*;

use crate::i18n::use_texts;

/// Props of [`ConfirmButton`].
#[derive(Properties, PartialEq, Clone)]
pub struct ConfirmButtonProps {
    /// The button's text (its accessible name).
    pub label: AttrValue,
    /// The question asked before acting.
    pub question: AttrValue,
    /// Runs when confirmed.
    pub on_confirm: Callback<()>,
    /// Style as a dangerous action.
    #[prop_or_default]
    pub danger: bool,
    /// Ignore clicks while a request is running.
    #[prop_or_default]
    pub busy: bool,
}

/// A button that asks "are you sure?" before `on_confirm`.
#[component]
pub fn ConfirmButton(props: &ConfirmButtonProps) -> Html {
    let texts = use_texts();
    let asking = use_state(|| false);
    let confirm_ref = use_node_ref();
    let opener_ref = use_node_ref();
    // Set when the question closes, so focus returns to the button that opened it (and not
    // on the first render).
    let return_focus = use_mut_ref(|| false);

    {
        let (confirm_ref, opener_ref) = (confirm_ref.clone(), opener_ref.clone());
        let return_focus = return_focus.clone();
        use_effect_with(*asking, move |asking| {
            let target = if *asking {
                *return_focus.borrow_mut() = true;
                Some(confirm_ref)
            } else if return_focus.replace(false) {
                Some(opener_ref)
            } else {
                None
            };
            if let Some(element) = target.and_then(|r| r.cast::<web_sys::HtmlElement>()) {
                let _ = element.focus();
            }
        });
    }

    let class = if props.danger {
        "button button-danger"
    } else {
        "button button-secondary"
    };
    if !*asking {
        let open = {
            let asking = asking.clone();
            let busy = props.busy;
            Callback::from(move |_: MouseEvent| {
                if !busy {
                    asking.set(true);
                }
            })
        };
        return html! {
            <button type="button" {class} ref={opener_ref} onclick={open}
                aria-disabled={props.busy.then_some("true")}>
                { props.label.clone() }
            </button>
        };
    }
    let confirm = {
        let asking = asking.clone();
        let on_confirm = props.on_confirm.clone();
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            on_confirm.emit(());
        })
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(false))
    };
    html! {
        <div class="confirm" role="group" aria-label={props.label.clone()}>
            <p class="confirm-question">{ props.question.clone() }</p>
            <div class="button-row">
                <button type="button" {class} ref={confirm_ref} onclick={confirm}>
                    { format!("{}: {}", texts.confirm_yes, props.label) }
                </button>
                <button type="button" class="button button-secondary" onclick={cancel}>
                    { texts.confirm_cancel }
                </button>
            </div>
        </div>
    }
}
