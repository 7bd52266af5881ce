//! Form controls with their labels, hints and errors wired for assistive technology: every
//! control has a `<label>`, an error is linked by `aria-describedby` and flagged with
//! `aria-invalid`, and each form has one alert region and one status region that are always in
//! the DOM (so a screen reader announces when they fill).

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The id of a control's error message.
pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// The id of a control's hint.
pub fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

/// `aria-describedby` for a control: its hint and its error, when present.
pub fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [
        has_hint.then(|| hint_id(id)),
        has_error.then(|| error_id(id)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Props of [`Field`].
#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    /// The control's id (also the `name`).
    pub id: AttrValue,
    /// Visible label (the accessible name).
    pub label: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// Called with the new value on every input.
    pub oninput: Callback<String>,
    /// `type` of the input.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// `autocomplete` token.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// `inputmode`.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// `maxlength`: take it from `ratusz_domain::validate::limits`, so the form and the server
    /// cannot disagree.
    #[prop_or_default]
    pub maxlength: Option<usize>,
    /// Required field.
    #[prop_or_default]
    pub required: bool,
    /// Help shown under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The error for this field.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Render as a multi-line text area.
    #[prop_or_default]
    pub multiline: bool,
}

/// A labelled text input (or text area).
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let id = props.id.to_string();
    let describedby = described_by(&id, props.hint.is_some(), props.error.is_some());
    let invalid = props.error.as_ref().map(|_| "true");
    let maxlength = props.maxlength.map(|n| n.to_string());
    let control = if props.multiline {
        let oninput = props
            .oninput
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
        html! {
            <textarea id={props.id.clone()} name={props.id.clone()} rows="4"
                value={props.value.clone()} {oninput} required={props.required}
                maxlength={maxlength.clone()}
                aria-invalid={invalid} aria-describedby={describedby} />
        }
    } else {
        let oninput = props
            .oninput
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input id={props.id.clone()} name={props.id.clone()} type={props.kind.clone()}
                value={props.value.clone()} {oninput} required={props.required}
                autocomplete={props.autocomplete.clone()} inputmode={props.inputmode.clone()}
                maxlength={maxlength.clone()}
                aria-invalid={invalid} aria-describedby={describedby} />
        }
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p id={hint_id(&id)} class="hint">{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p id={error_id(&id)} class="field-error">{ error.clone() }</p>
            }
            { control }
        </div>
    }
}

/// Props of [`Select`].
#[derive(Properties, PartialEq, Clone)]
pub struct SelectProps {
    /// The control's id.
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    /// Selected value.
    pub value: AttrValue,
    /// (value, text) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Called with the new value.
    pub onchange: Callback<String>,
    /// Required field.
    #[prop_or_default]
    pub required: bool,
    /// The error for this field.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// A labelled `<select>`.
#[component]
pub fn Select(props: &SelectProps) -> Html {
    let id = props.id.to_string();
    let describedby = described_by(&id, false, props.error.is_some());
    let invalid = props.error.as_ref().map(|_| "true");
    let onchange = props
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(error) = &props.error {
                <p id={error_id(&id)} class="field-error">{ error.clone() }</p>
            }
            <select id={props.id.clone()} name={props.id.clone()} {onchange}
                required={props.required} aria-invalid={invalid} aria-describedby={describedby}>
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ text.clone() }</option>
                }) }
            </select>
        </div>
    }
}

/// Props of [`Checkbox`].
#[derive(Properties, PartialEq, Clone)]
pub struct CheckboxProps {
    /// The control's id.
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    /// Checked.
    pub checked: bool,
    /// Called with the new state.
    pub onchange: Callback<bool>,
}

/// A labelled checkbox (the label is the click target too, ≥ 44 px high).
#[component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let onchange = props
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <div class="check">
            <input type="checkbox" id={props.id.clone()} name={props.id.clone()}
                checked={props.checked} {onchange} />
            <label for={props.id.clone()}>{ props.label.clone() }</label>
        </div>
    }
}

/// Props of [`FormMessages`].
#[derive(Properties, PartialEq, Clone)]
pub struct FormMessagesProps {
    /// What went wrong (announced assertively).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Every refused field, listed under the error (see `messages::error_summary`).
    #[prop_or_default]
    pub fields: Vec<String>,
    /// What went right or is happening (announced politely).
    #[prop_or_default]
    pub status: Option<AttrValue>,
}

/// The alert and status regions of a form; both stay in the DOM so changes are announced.
/// The alert lists every refused field, so a person learns all their mistakes at once.
#[component]
pub fn FormMessages(props: &FormMessagesProps) -> Html {
    html! {
        <>
            <div role="alert" class="form-alert-region">
                if let Some(error) = &props.error {
                    <div class="form-error">
                        <p>{ error.clone() }</p>
                        if !props.fields.is_empty() {
                            <ul class="form-error-list">
                                { for props.fields.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                            </ul>
                        }
                    </div>
                }
            </div>
            <div role="status" class="form-status-region">
                if let Some(status) = &props.status {
                    <p class="form-success">{ status.clone() }</p>
                }
            </div>
        </>
    }
}

/// A setter callback for a `use_state` string.
pub fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |value: String| state.set(value))
}

/// The `onsubmit` of a form: never lets the browser submit, runs `action` instead.
pub fn on_submit(action: impl Fn() + 'static) -> Callback<SubmitEvent> {
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        action();
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_is_described_by_its_hint_and_its_error() {
        assert_eq!(described_by("email", false, false), None);
        assert_eq!(
            described_by("email", true, false).as_deref(),
            Some("email-hint")
        );
        assert_eq!(
            described_by("email", true, true).as_deref(),
            Some("email-hint email-error")
        );
        assert_eq!(
            described_by("code", false, true).as_deref(),
            Some("code-error")
        );
    }
}
