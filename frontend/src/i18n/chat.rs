//! The chat screens' strings (`/chat`, `/chat/:id`), one table per language like the main
//! [`super::Texts`]. Office bundle only: the first bundle carries just the navigation's label
//! ([`nav_label`]).

use super::Lang;

/// The navigation's link to the chat and its unread badge (both bundles).
pub fn nav_label(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Pl => ("Czat", "nieprzeczytane"),
        Lang::En => ("Chat", "unread"),
    }
}

/// Every string of the chat screens.
#[cfg(feature = "office")]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ChatTexts {
    pub title: &'static str,
    pub conversations: &'static str,
    pub none: &'static str,
    pub council_channel: &'static str,
    /// "{n}" unread messages, after the conversation's name.
    pub unread: &'static str,
    /// "{n}" unread mentions of the reader.
    pub mentions: &'static str,
    pub no_messages: &'static str,
    pub you: &'static str,
    pub back: &'static str,
    pub members: &'static str,
    pub load_older: &'static str,
    pub edited: &'static str,
    pub deleted: &'static str,
    pub reply: &'static str,
    /// Above a reply: "in reply to {name}".
    pub reply_to: &'static str,
    pub replying_to: &'static str,
    pub cancel_reply: &'static str,
    pub edit: &'static str,
    pub edit_label: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub delete_question: &'static str,
    pub composer_label: &'static str,
    pub composer_hint: &'static str,
    pub send: &'static str,
    pub mention: &'static str,
    pub mention_filter: &'static str,
    pub mention_none: &'static str,
    pub pending: &'static str,
    pub refused: &'static str,
    pub discard: &'static str,
    /// "{at}": when the copy was kept.
    pub offline_copy: &'static str,
    pub new_heading: &'static str,
    pub new_direct_filter: &'static str,
    pub new_direct_hint: &'static str,
    pub new_direct_none: &'static str,
    pub write_to: &'static str,
    pub group_heading: &'static str,
    pub group_title: &'static str,
    pub group_members: &'static str,
    pub group_create: &'static str,
    pub group_manage: &'static str,
    pub group_rename: &'static str,
    pub group_save_members: &'static str,
    pub members_filter: &'static str,
    pub members_none_found: &'static str,
    pub members_no_access: &'static str,
    pub members_none_chosen: &'static str,
    pub saved: &'static str,
    /// "{name}": announced once per new message from someone else.
    pub announce_new: &'static str,
    pub conflict_edit_window_closed: &'static str,
    pub conflict_message_deleted: &'static str,
    pub conflict_not_a_group: &'static str,
    pub rule_unknown_account: &'static str,
    pub rule_own_account: &'static str,
    pub not_an_image: &'static str,
    /// Before a message's files.
    pub attachments: &'static str,
    /// The conversation's printable export (`GET …/export` as HTML).
    pub export: &'static str,
}

/// The table of `lang`.
#[cfg(feature = "office")]
pub fn texts(lang: Lang) -> &'static ChatTexts {
    match lang {
        Lang::Pl => &PL,
        Lang::En => &EN,
    }
}

#[cfg(feature = "office")]
const PL: ChatTexts = ChatTexts {
    title: "Czat",
    conversations: "Rozmowy",
    none: "Nie masz jeszcze żadnej rozmowy.",
    council_channel: "Cała rada",
    unread: "nieprzeczytane: {n}",
    mentions: "wzmianki o Tobie: {n}",
    no_messages: "Brak wiadomości.",
    you: "Ty",
    back: "Wszystkie rozmowy",
    members: "Uczestnicy",
    load_older: "Wcześniejsze wiadomości",
    edited: "edytowano",
    deleted: "Wiadomość usunięta.",
    reply: "Odpowiedz",
    reply_to: "W odpowiedzi na wiadomość: {name}",
    replying_to: "Odpowiadasz na wiadomość:",
    cancel_reply: "Anuluj odpowiedź",
    edit: "Edytuj",
    edit_label: "Nowa treść wiadomości",
    save: "Zapisz",
    cancel: "Anuluj",
    delete: "Usuń",
    delete_question: "Usunąć tę wiadomość?",
    composer_label: "Wiadomość",
    composer_hint: "Markdown: **pogrubienie**, *kursywa*, listy, odnośniki. Ctrl+Enter wysyła.",
    send: "Wyślij",
    mention: "Wspomnij osobę",
    mention_filter: "Szukaj wśród uczestników",
    mention_none: "Nikt nie pasuje.",
    pending: "oczekuje na wysłanie",
    refused: "nie wysłano:",
    discard: "Odrzuć",
    offline_copy: "Kopia z {at} — brak połączenia, rozmowy mogą być nieaktualne.",
    new_heading: "Nowa rozmowa",
    new_direct_filter: "Imię lub nazwisko",
    new_direct_hint: "Osoby z Twoich rozmów, w tym z kanału całej rady.",
    new_direct_none: "Nikt nie pasuje.",
    write_to: "Napisz do:",
    group_heading: "Nowa grupa",
    group_title: "Nazwa grupy",
    group_members: "Członkowie grupy",
    group_create: "Utwórz grupę",
    group_manage: "Zarządzanie grupą",
    group_rename: "Zmień nazwę",
    group_save_members: "Zapisz członków",
    members_filter: "Szukaj konta (imię, nazwisko, e-mail)",
    members_none_found: "Nie znaleziono kont.",
    members_no_access: "Nie masz dostępu do listy kont.",
    members_none_chosen: "Nie wybrano nikogo.",
    saved: "Zapisano.",
    announce_new: "Nowa wiadomość od: {name}",
    conflict_edit_window_closed:
        "Wiadomość można poprawić lub usunąć tylko w ciągu 15 minut od wysłania.",
    conflict_message_deleted: "Ta wiadomość została już usunięta.",
    conflict_not_a_group: "Nazwę i członków ma tylko grupa utworzona przez biuro rady.",
    rule_unknown_account: "To konto nie istnieje, jest nieaktywne albo nie korzysta z czatu.",
    rule_own_account: "Nie można rozpocząć rozmowy z samym sobą.",
    not_an_image: "Plik nie jest obrazem podanego typu.",
    attachments: "Załączniki:",
    export: "Wersja do druku (archiwum)",
};

#[cfg(feature = "office")]
const EN: ChatTexts = ChatTexts {
    title: "Chat",
    conversations: "Conversations",
    none: "You have no conversations yet.",
    council_channel: "Whole council",
    unread: "unread: {n}",
    mentions: "mentions of you: {n}",
    no_messages: "No messages.",
    you: "You",
    back: "All conversations",
    members: "Members",
    load_older: "Earlier messages",
    edited: "edited",
    deleted: "Message deleted.",
    reply: "Reply",
    reply_to: "In reply to a message by {name}",
    replying_to: "You are replying to:",
    cancel_reply: "Cancel reply",
    edit: "Edit",
    edit_label: "New text of the message",
    save: "Save",
    cancel: "Cancel",
    delete: "Delete",
    delete_question: "Delete this message?",
    composer_label: "Message",
    composer_hint: "Markdown: **bold**, *italics*, lists, links. Ctrl+Enter sends.",
    send: "Send",
    mention: "Mention someone",
    mention_filter: "Search the members",
    mention_none: "Nobody matches.",
    pending: "waiting to be sent",
    refused: "not sent:",
    discard: "Discard",
    offline_copy: "Copy from {at} — offline, conversations may be out of date.",
    new_heading: "New conversation",
    new_direct_filter: "First or last name",
    new_direct_hint: "People from your conversations, the whole-council channel included.",
    new_direct_none: "Nobody matches.",
    write_to: "Write to:",
    group_heading: "New group",
    group_title: "Group name",
    group_members: "Group members",
    group_create: "Create group",
    group_manage: "Managing the group",
    group_rename: "Rename",
    group_save_members: "Save members",
    members_filter: "Search accounts (name, e-mail)",
    members_none_found: "No accounts found.",
    members_no_access: "You may not list accounts.",
    members_none_chosen: "Nobody chosen.",
    saved: "Saved.",
    announce_new: "New message from: {name}",
    conflict_edit_window_closed:
        "A message can be corrected or deleted only within 15 minutes of sending.",
    conflict_message_deleted: "This message has already been deleted.",
    conflict_not_a_group: "Only a group created by the council office has a name and members.",
    rule_unknown_account: "This account does not exist, is inactive or does not use the chat.",
    rule_own_account: "You cannot start a conversation with yourself.",
    not_an_image: "The file is not an image of the stated type.",
    attachments: "Attachments:",
    export: "Printable version (archive)",
};

#[cfg(all(test, feature = "office"))]
mod tests {
    use super::*;

    #[test]
    fn both_languages_fill_every_string_and_differ() {
        let pl = serde_json::to_value(&PL).unwrap_or_default();
        let en = serde_json::to_value(&EN).unwrap_or_default();
        let fields = pl.as_object().map(|o| o.len()).unwrap_or(0);
        assert!(fields > 50);
        for (key, value) in pl.as_object().into_iter().flatten() {
            let (p, e) = (value.as_str().unwrap_or(""), en[key].as_str().unwrap_or(""));
            assert!(!p.is_empty(), "pl {key}");
            assert!(!e.is_empty(), "en {key}");
            assert_ne!(p, e, "{key} is not translated");
            // The same placeholders in both languages.
            for name in ["{n}", "{name}", "{at}"] {
                assert_eq!(p.contains(name), e.contains(name), "{key} {name}");
            }
        }
    }
}
