//! The composer's files: a file input (PDF and images), each chosen file checked here by the
//! server's own rules (`chat::attach::precheck`) and uploaded at once, shown as checking,
//! uploading, ready or refused (in words), each with a button that removes it before the
//! message goes. An upload never sent is purged by the server after an hour, so each uploaded
//! file stays at hand ([`ChosenFiles`]): the queue keeps its bytes with the message
//! (`chat::held`) and uploads it again if the message waits longer.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::chat as chat_api;
use crate::chat::attach::{precheck, FileState, Files, FilesAction, Refusal, HEAD_BYTES};
use crate::i18n::chat::ChatTexts;
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::chat::{chat_error, chat_problem};
use ratusz_domain::api::chat::AttachmentType;
use ratusz_domain::api::Problem;

/// [`Files`] as a Yew reducer.
#[derive(Default, PartialEq)]
pub struct FilesState(pub Files);

impl Reducible for FilesState {
    type Action = FilesAction;

    fn reduce(self: Rc<Self>, action: FilesAction) -> Rc<Self> {
        let mut next = self.0.clone();
        next.apply(action);
        Rc::new(FilesState(next))
    }
}

/// The browser's file behind each uploaded one, by its key in [`Files`] (what the queue keeps).
pub type ChosenFiles = Rc<RefCell<BTreeMap<u32, web_sys::File>>>;

/// The accepted types, for the file input's `accept`.
const ACCEPT: &str = "application/pdf,image/png,image/jpeg,image/webp";

/// The sentence of a refusal made before the upload (the same as the server's).
fn refusal_text(refusal: Refusal, t: &ChatTexts) -> String {
    let problem = match refusal {
        Refusal::Unsupported => return t.attach_unsupported.to_owned(),
        Refusal::TooLarge => return t.attach_too_large.to_owned(),
        Refusal::Content(content) => Problem::new(422, content.code(), ""),
    };
    chat_problem(&problem, t)
        .unwrap_or(t.attach_unsupported)
        .to_owned()
}

/// The first bytes of `file` (empty if the browser cannot read it: the check then refuses).
async fn head_of(file: &web_sys::File) -> Vec<u8> {
    let Ok(blob) = file.slice_with_i32_and_i32(0, HEAD_BYTES) else {
        return Vec::new();
    };
    match JsFuture::from(blob.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Props of [`AttachFiles`].
#[derive(Properties, PartialEq)]
pub struct AttachFilesProps {
    /// Conversation id (uploads belong to it).
    pub cid: AttrValue,
    /// The composer's files.
    pub files: UseReducerHandle<FilesState>,
    /// The browser's files behind them, once uploaded.
    pub chosen: ChosenFiles,
}

/// The file input and the chosen files.
#[component]
pub fn AttachFiles(props: &AttachFilesProps) -> Html {
    let texts = use_texts();
    let t = chat::texts(use_lang());
    let keys = use_memo((), |_| Rc::new(Cell::new(0_u32)));
    let onchange = {
        let (files, cid, keys, chosen) = (
            props.files.clone(),
            props.cid.to_string(),
            keys.clone(),
            props.chosen.clone(),
        );
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else {
                return;
            };
            for i in 0..list.length() {
                let Some(file) = list.item(i) else {
                    continue;
                };
                let key = keys.get() + 1;
                keys.set(key);
                files.dispatch(FilesAction::Add(key, file.name()));
                let (files, cid, chosen) = (files.clone(), cid.clone(), chosen.clone());
                spawn_local(async move {
                    let head = head_of(&file).await;
                    let declared: AttachmentType = match precheck(&file.type_(), file.size(), &head)
                    {
                        Ok(declared) => declared,
                        Err(refusal) => {
                            let said = refusal_text(refusal, t);
                            return files.dispatch(FilesAction::Set(key, FileState::Refused(said)));
                        }
                    };
                    files.dispatch(FilesAction::Set(key, FileState::Uploading));
                    let state = match chat_api::upload(&cid, &file, &file.name(), declared).await {
                        Ok(attachment) => {
                            chosen.borrow_mut().insert(key, file);
                            FileState::Ready(attachment)
                        }
                        Err(e) => FileState::Refused(chat_error(&e, texts, t)),
                    };
                    files.dispatch(FilesAction::Set(key, state));
                });
            }
            // The same file may be chosen again after its removal.
            input.set_value("");
        })
    };
    let items = props.files.0.items.iter().map(|c| {
        let remove = {
            let (files, key) = (props.files.clone(), c.key);
            Callback::from(move |_: MouseEvent| files.dispatch(FilesAction::Remove(key)))
        };
        let (status, refused) = match &c.state {
            FileState::Checking => (t.attach_checking.to_owned(), false),
            FileState::Uploading => (t.attach_uploading.to_owned(), false),
            FileState::Ready(a) => (
                format!("{} ({} KiB)", t.attach_ready, a.size.div_ceil(1024)),
                false,
            ),
            FileState::Refused(said) => (said.clone(), true),
        };
        html! {
            <li key={c.key}>
                <span class="chat-file-name">{ &c.name }</span>{ " — " }
                <span class={classes!(refused.then_some("field-error"))}>{ status }</span>{ " " }
                <button type="button" class="button button-secondary" onclick={remove}>
                    { t.attach_remove.replace("{name}", &c.name) }
                </button>
            </li>
        }
    });
    let busy = props.files.0.busy();
    html! {
        <div class="chat-attach">
            <label for="chat-attach-input">{ t.attach_label }</label>
            <p class="muted" id="chat-attach-hint">{ t.attach_hint }</p>
            <input id="chat-attach-input" type="file" multiple=true accept={ACCEPT}
                aria-describedby="chat-attach-hint" {onchange} />
            if !props.files.0.items.is_empty() {
                <ul class="chat-chosen" aria-label={t.attach_chosen} aria-busy={busy.to_string()}>
                    { for items }
                </ul>
            }
            <p class="visually-hidden" role="status">
                { if busy { t.attach_uploading } else { "" } }
            </p>
        </div>
    }
}
