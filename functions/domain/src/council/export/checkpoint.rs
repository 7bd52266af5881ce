//! The audit checkpoint at the foot of every BIP result page (docs/api/operations.md § Audit
//! checkpoints): a printed page kept by a reader is a copy of the checkpoint outside the
//! database, which a later export must agree with.

use super::html::{date_time, escape_html};
use crate::audit::checkpoint::Checkpoint;
use std::fmt::Write as _;

/// The section (Polish) with the newest checkpoint, or a sentence saying none is published.
pub fn checkpoint_section(checkpoint: Option<&Checkpoint>) -> String {
    let mut out = String::from(
        "<section aria-labelledby=\"checkpoint\">\n\
         <h2 id=\"checkpoint\">Podpisany punkt kontrolny łańcucha audytu</h2>\n",
    );
    let Some(c) = checkpoint else {
        out.push_str(
            "<p>Nie opublikowano jeszcze podpisanego punktu kontrolnego łańcucha audytu.</p>\n\
             </section>\n",
        );
        return out;
    };
    let _ = write!(
        out,
        "<p>Łańcuch audytu liczył {seq} wpisów, gdy ten punkt podpisano kluczem Ed25519 gminy. \
         Każda późniejsza kopia łańcucha musi zawierać wpis nr {seq} z tym skrótem; \
         wydruk tej strony pozwala to sprawdzić (<code>cargo xtask verify-audit</code>).</p>\n\
         <dl>\n<dt>Numer wpisu</dt><dd>{seq}</dd>\n\
         <dt>Skrót wpisu (SHA-256)</dt><dd><code>{hash}</code></dd>\n\
         <dt>Podpisano</dt><dd>{at}</dd>\n\
         <dt>Identyfikator klucza</dt><dd><code>{key_id}</code></dd>\n\
         <dt>Klucz publiczny</dt><dd><code>{public_key}</code></dd>\n\
         <dt>Podpis</dt><dd><code>{signature}</code></dd>\n</dl>\n</section>\n",
        seq = c.sequence,
        hash = escape_html(&c.head_hash),
        at = escape_html(&date_time(c.at)),
        key_id = escape_html(&c.key_id),
        public_key = escape_html(&c.public_key),
        signature = escape_html(&c.signature),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    #[test]
    fn shows_every_field_escaped() {
        let c = Checkpoint {
            sequence: 42,
            head_hash: "ab".repeat(32),
            at: Timestamp::from_unix_ms(1_700_000_000_000),
            signature: "c2ln<x>".into(),
            key_id: "0123456789abcdef".into(),
            public_key: "cHVi".into(),
        };
        let html = checkpoint_section(Some(&c));
        for part in [
            "wpis nr 42",
            &"ab".repeat(32),
            "0123456789abcdef",
            "cHVi",
            "c2ln&lt;x&gt;",
            "14.11.2023",
        ] {
            assert!(html.contains(part), "{part}: {html}");
        }
        assert!(!html.contains("<x>"));
    }

    #[test]
    fn says_when_none_is_published() {
        let html = checkpoint_section(None);
        assert!(html.contains("Nie opublikowano"), "{html}");
        assert!(html.contains("<h2 id=\"checkpoint\">"));
    }
}
