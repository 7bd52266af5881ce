//! Running chair and clerk actions: one busy flag, one message pair (alert for a refusal,
//! status for success) and a refresh of the page's data after success — instead of a copy of
//! that plumbing in every button.

use std::future::Future;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::form::FormMessages;
use crate::i18n::{use_texts, Texts};
use crate::messages::error_message;

/// The handle a page keeps.
#[derive(Clone)]
pub struct Actions {
    busy: UseStateHandle<bool>,
    error: UseStateHandle<Option<String>>,
    done: UseStateHandle<Option<&'static str>>,
    after: Callback<()>,
    texts: &'static Texts,
}

impl PartialEq for Actions {
    fn eq(&self, other: &Self) -> bool {
        self.busy == other.busy
            && self.error == other.error
            && self.done == other.done
            && self.after == other.after
            && std::ptr::eq(self.texts, other.texts)
    }
}

impl Actions {
    /// Whether an action is running.
    pub fn busy(&self) -> bool {
        *self.busy
    }

    /// Runs `call` unless one is running; on success says `done` and calls the page's
    /// refresh; a refusal is shown with the server's own detail. `on_error` sees the error
    /// first and may take it over (returning `true`), e.g. to offer a quorum override.
    pub fn run_or<F>(&self, call: F, done: &'static str, on_error: Option<Callback<ApiError, bool>>)
    where
        F: Future<Output = Result<(), ApiError>> + 'static,
    {
        if *self.busy {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        self.done.set(None);
        let this = self.clone();
        spawn_local(async move {
            let result = call.await;
            this.busy.set(false);
            match result {
                Ok(()) => {
                    this.done.set(Some(done));
                    this.after.emit(());
                }
                Err(e) => {
                    let handled = on_error.is_some_and(|cb| cb.emit(e.clone()));
                    if !handled {
                        this.error.set(Some(error_message(&e, this.texts)));
                    }
                    this.after.emit(());
                }
            }
        });
    }

    /// [`Actions::run_or`] without an error handler.
    pub fn run<F>(&self, call: F, done: &'static str)
    where
        F: Future<Output = Result<(), ApiError>> + 'static,
    {
        self.run_or(call, done, None);
    }

    /// Shows a message as if an action had failed (a check before calling the server).
    pub fn refuse(&self, text: String) {
        self.done.set(None);
        self.error.set(Some(text));
    }
}

/// The actions of a page; `after` reloads its data (live view, lists).
#[hook]
pub fn use_actions(after: Callback<()>) -> Actions {
    Actions {
        busy: use_state(|| false),
        error: use_state(|| None),
        done: use_state(|| None),
        after,
        texts: use_texts(),
    }
}

/// Props of [`ActionMessages`].
#[derive(Properties, PartialEq)]
pub struct ActionMessagesProps {
    /// The page's actions.
    pub actions: Actions,
}

/// The alert and status regions of a page's actions.
#[component]
pub fn ActionMessages(props: &ActionMessagesProps) -> Html {
    let texts = use_texts();
    let a = &props.actions;
    let status = if *a.busy {
        Some(AttrValue::Static(texts.working))
    } else {
        (*a.done).map(AttrValue::Static)
    };
    html! { <FormMessages error={(*a.error).clone().map(AttrValue::from)} {status} /> }
}
