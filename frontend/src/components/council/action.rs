//! Running chair and clerk actions: one busy flag, one message pair (alert for a refusal,
//! status for success) and a refresh of the page's data after success — instead of a copy of
//! that plumbing in every button. A confirmation is kept as which text to say ([`Said`]), not
//! as the text, so it follows a language switch, and it goes away by itself after a few
//! seconds: an old "Attendance recorded." next to the ballot only misleads. A server's refusal
//! is kept as the error and put in words when shown, so it follows a language switch too.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::form::FormMessages;
use crate::i18n::{use_texts, CouncilTexts, Texts};
use crate::messages::{error_message, error_summary, field_errors};

/// Which confirmation to show (`|t| t.checked_in`): rendered with the language of the moment.
pub type Said = fn(&'static CouncilTexts) -> &'static str;

/// How long a confirmation stays on screen.
const CONFIRMATION_MS: u32 = 6_000;

/// The confirmation of one action; equal only to itself (the serial), so two actions with the
/// same text are two changes of the status region.
#[derive(Clone, Copy)]
struct Done {
    serial: u32,
    said: Said,
}

impl PartialEq for Done {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

/// The handle a page keeps.
#[derive(Clone)]
pub struct Actions {
    busy: UseStateHandle<bool>,
    /// The server's refusal, kept as the error (not its text) so it follows a language switch.
    refused: UseStateHandle<Option<ApiError>>,
    /// A refusal found before sending (already in words).
    error: UseStateHandle<Option<String>>,
    /// Field → message of the last refusal (a 422 or a check before sending).
    fields: UseStateHandle<BTreeMap<String, String>>,
    done: UseStateHandle<Option<Done>>,
    /// The serial of the newest confirmation, and the timer that takes it away.
    serial: Rc<Cell<u32>>,
    expiry: Rc<RefCell<Option<Timeout>>>,
    after: Callback<()>,
    texts: &'static Texts,
}

impl PartialEq for Actions {
    fn eq(&self, other: &Self) -> bool {
        self.busy == other.busy
            && self.refused == other.refused
            && self.error == other.error
            && self.fields == other.fields
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
    /// refresh; a refusal is shown translated, with every refused field. `on_error` sees the error
    /// first and may take it over (returning `true`), e.g. to offer a quorum override.
    pub fn run_or<F>(&self, call: F, done: Said, on_error: Option<Callback<ApiError, bool>>)
    where
        F: Future<Output = Result<(), ApiError>> + 'static,
    {
        if *self.busy {
            return;
        }
        self.busy.set(true);
        self.refused.set(None);
        self.error.set(None);
        self.fields.set(BTreeMap::new());
        self.done.set(None);
        let this = self.clone();
        spawn_local(async move {
            let result = call.await;
            this.busy.set(false);
            match result {
                Ok(()) => {
                    this.confirm(done);
                    this.after.emit(());
                }
                Err(e) => {
                    let handled = on_error.is_some_and(|cb| cb.emit(e.clone()));
                    if !handled {
                        this.refused.set(Some(e));
                    }
                    this.after.emit(());
                }
            }
        });
    }

    /// [`Actions::run_or`] without an error handler.
    pub fn run<F>(&self, call: F, done: Said)
    where
        F: Future<Output = Result<(), ApiError>> + 'static,
    {
        self.run_or(call, done, None);
    }

    /// Shows `said` and takes it away after [`CONFIRMATION_MS`] unless a newer one replaced it.
    fn confirm(&self, said: Said) {
        let serial = self.serial.get().wrapping_add(1);
        self.serial.set(serial);
        self.done.set(Some(Done { serial, said }));
        let (done, current) = (self.done.clone(), self.serial.clone());
        let timer = Timeout::new(CONFIRMATION_MS, move || {
            if current.get() == serial {
                done.set(None);
            }
        });
        // Replacing the handle cancels the previous timer; unmounting drops it too.
        *self.expiry.borrow_mut() = Some(timer);
    }

    /// Shows a message as if an action had failed (a check before calling the server).
    pub fn refuse(&self, text: String) {
        self.done.set(None);
        self.refused.set(None);
        self.fields.set(BTreeMap::new());
        self.error.set(Some(text));
    }

    /// Shows every field refused by a check before calling the server, all at once.
    pub fn refuse_fields(&self, fields: BTreeMap<String, String>) {
        self.done.set(None);
        self.refused.set(None);
        self.error.set(Some(self.texts.form_fix_fields.to_owned()));
        self.fields.set(fields);
    }

    /// The message of one refused field, for its control.
    pub fn field_error(&self, field: &str) -> Option<AttrValue> {
        self.refused_fields(self.texts)
            .remove(field)
            .map(AttrValue::from)
    }

    /// Field → message of the last refusal, in the language of `texts`.
    fn refused_fields(&self, texts: &'static Texts) -> BTreeMap<String, String> {
        match &*self.refused {
            Some(e) => field_errors(e, texts),
            None => (*self.fields).clone(),
        }
    }

    /// The last refusal in words, in the language of `texts`.
    fn refusal(&self, texts: &'static Texts) -> Option<String> {
        match &*self.refused {
            Some(e) => Some(error_message(e, texts)),
            None => (*self.error).clone(),
        }
    }
}

/// The actions of a page; `after` reloads its data (live view, lists).
#[hook]
pub fn use_actions(after: Callback<()>) -> Actions {
    Actions {
        busy: use_state(|| false),
        refused: use_state(|| None),
        error: use_state(|| None),
        fields: use_state(BTreeMap::new),
        done: use_state(|| None),
        serial: use_memo((), |()| Cell::new(0_u32)),
        expiry: use_mut_ref(|| None),
        after,
        texts: use_texts(),
    }
}

/// Props of [`ActionMessages`].
#[derive(Properties, PartialEq)]
pub struct ActionMessagesProps {
    /// The page's actions.
    pub actions: Actions,
    /// Field → label of the page's forms, for the list of refused fields.
    #[prop_or_default]
    pub labels: Vec<(&'static str, &'static str)>,
}

/// The alert and status regions of a page's actions.
#[component]
pub fn ActionMessages(props: &ActionMessagesProps) -> Html {
    let texts = use_texts();
    let a = &props.actions;
    let status = if *a.busy {
        Some(AttrValue::Static(texts.working))
    } else {
        (*a.done).map(|d| AttrValue::Static((d.said)(texts.council)))
    };
    let fields = error_summary(&a.refused_fields(texts), &props.labels);
    html! { <FormMessages error={a.refusal(texts).map(AttrValue::from)} {fields} {status} /> }
}
