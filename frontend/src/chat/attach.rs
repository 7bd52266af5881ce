//! Files chosen for a message, checked before any upload by the same rules the server
//! applies (`ratusz_domain::chat::attachment`): one of the four types, at most 10 MiB, and the
//! first bytes what the type says. A refusal here saves a 10 MiB upload the server would
//! refuse anyway; the server still checks everything.

use ratusz_domain::api::chat::{Attachment, AttachmentType};
use ratusz_domain::chat::attachment::{check_content, ContentRefusal};
use ratusz_domain::validate::limits::CHAT_ATTACHMENT_MAX_BYTES;

/// How many first bytes [`precheck`] needs (WebP's signature is the longest, 12).
pub const HEAD_BYTES: i32 = 16;

/// Why a file is refused before its upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not one of the four types (the server's 415).
    Unsupported,
    /// Over 10 MiB (the server's 413).
    TooLarge,
    /// The content is not what the type says (the server's 422 `not_a_pdf`/`not_an_image`).
    Content(ContentRefusal),
}

/// The type the browser gives a file (`File.type`), if it is one the chat takes.
pub fn declared_type(media_type: &str) -> Result<AttachmentType, Refusal> {
    AttachmentType::parse(media_type.trim()).ok_or(Refusal::Unsupported)
}

/// The whole check: type, size, then the first bytes against the type.
pub fn precheck(media_type: &str, size: f64, head: &[u8]) -> Result<AttachmentType, Refusal> {
    let declared = declared_type(media_type)?;
    if size > CHAT_ATTACHMENT_MAX_BYTES as f64 {
        return Err(Refusal::TooLarge);
    }
    check_content(declared, head).map_err(Refusal::Content)?;
    Ok(declared)
}

/// Where a chosen file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Its first bytes are being read.
    Checking,
    /// Sent to the server, no answer yet.
    Uploading,
    /// Uploaded: joins the message when it is sent.
    Ready(Attachment),
    /// Refused (here or by the server): the sentence to show.
    Refused(String),
}

/// A file chosen in the composer.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// Local key (the order it was chosen in).
    pub key: u32,
    /// The file's name.
    pub name: String,
    /// Where it stands.
    pub state: FileState,
}

/// The composer's files: what may be sent and whether to wait.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Files {
    /// In the order chosen.
    pub items: Vec<Chosen>,
}

/// A change to [`Files`].
pub enum FilesAction {
    /// A file was chosen (its key, its name).
    Add(u32, String),
    /// A file's new state.
    Set(u32, FileState),
    /// Removed by its button.
    Remove(u32),
    /// The message went (into the queue): start afresh.
    Clear,
}

impl Files {
    /// Applies `action`.
    pub fn apply(&mut self, action: FilesAction) {
        match action {
            FilesAction::Add(key, name) => self.items.push(Chosen {
                key,
                name,
                state: FileState::Checking,
            }),
            FilesAction::Set(key, state) => {
                if let Some(item) = self.items.iter_mut().find(|c| c.key == key) {
                    item.state = state;
                }
            }
            FilesAction::Remove(key) => self.items.retain(|c| c.key != key),
            FilesAction::Clear => self.items.clear(),
        }
    }

    /// Whether a file is still being checked or uploaded (the message waits for it).
    pub fn busy(&self) -> bool {
        self.items
            .iter()
            .any(|c| matches!(c.state, FileState::Checking | FileState::Uploading))
    }

    /// The uploaded files, in the order chosen.
    pub fn ready(&self) -> Vec<Attachment> {
        self.items
            .iter()
            .filter_map(|c| match &c.state {
                FileState::Ready(a) => Some(a.clone()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn the_servers_rules_decide_before_the_upload() {
        let mib = 1024.0 * 1024.0;
        type Case<'a> = (&'a str, f64, &'a [u8], Result<AttachmentType, Refusal>);
        let cases: [Case; 8] = [
            ("application/pdf", 1000.0, PDF, Ok(AttachmentType::Pdf)),
            ("image/png", 10.0 * mib, PNG, Ok(AttachmentType::Png)),
            ("image/png", 10.0 * mib + 1.0, PNG, Err(Refusal::TooLarge)),
            ("text/html", 10.0, b"<html>", Err(Refusal::Unsupported)),
            ("", 10.0, PDF, Err(Refusal::Unsupported)),
            ("image/gif", 10.0, b"GIF89a", Err(Refusal::Unsupported)),
            (
                "application/pdf",
                10.0,
                PNG,
                Err(Refusal::Content(ContentRefusal::NotAPdf)),
            ),
            (
                "image/jpeg",
                10.0,
                PDF,
                Err(Refusal::Content(ContentRefusal::NotAnImage)),
            ),
        ];
        for (media_type, size, head, expected) in cases {
            assert_eq!(precheck(media_type, size, head), expected, "{media_type}");
        }
    }

    #[test]
    fn files_wait_until_uploaded_and_removed_ones_go() {
        let mut files = Files::default();
        let (a, b) = (1, 2);
        files.apply(FilesAction::Add(a, "a.pdf".into()));
        files.apply(FilesAction::Add(b, "b.png".into()));
        assert!(files.busy());
        files.apply(FilesAction::Set(a, FileState::Uploading));
        files.apply(FilesAction::Set(b, FileState::Refused("no".into())));
        assert!(files.busy());
        let uploaded = Attachment {
            id: "f1".into(),
            name: "a.pdf".into(),
            content_type: AttachmentType::Pdf,
            size: 10,
        };
        files.apply(FilesAction::Set(a, FileState::Ready(uploaded.clone())));
        assert!(!files.busy());
        assert_eq!(files.ready(), vec![uploaded]);
        files.apply(FilesAction::Remove(a));
        assert!(files.ready().is_empty());
        assert_eq!(files.items.len(), 1);
        files.apply(FilesAction::Clear);
        assert!(files.items.is_empty());
    }
}
