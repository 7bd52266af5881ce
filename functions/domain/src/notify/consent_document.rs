//! The paper consent of a staff registration: `to_sign → signed → archived`, nothing else
//! (a self-registration needs none: `not_needed`).

use crate::api::notify::{ConsentDocumentMark, ConsentDocumentState, RegisteredBy};

/// The document state a new recipient starts in.
pub fn initial(registered_by: RegisteredBy) -> ConsentDocumentState {
    match registered_by {
        RegisteredBy::SelfService => ConsentDocumentState::NotNeeded,
        RegisteredBy::Staff => ConsentDocumentState::ToSign,
    }
}

/// The state after staff mark the document; `None` when the step is not allowed (409
/// `conflict` rule `consent_document_state`).
pub fn mark(
    current: ConsentDocumentState,
    mark: ConsentDocumentMark,
) -> Option<ConsentDocumentState> {
    use ConsentDocumentState as S;
    match (current, mark) {
        (S::ToSign, ConsentDocumentMark::Signed) | (S::Signed, ConsentDocumentMark::Archived) => {
            Some(mark.state())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsentDocumentMark as M;
    use ConsentDocumentState as S;

    #[test]
    fn only_forward_one_step() {
        for current in S::ALL {
            for m in M::ALL {
                let expected = match (current, m) {
                    (S::ToSign, M::Signed) => Some(S::Signed),
                    (S::Signed, M::Archived) => Some(S::Archived),
                    _ => None,
                };
                assert_eq!(mark(current, m), expected, "{current} {m}");
            }
        }
        assert_eq!(initial(RegisteredBy::Staff), S::ToSign);
        assert_eq!(initial(RegisteredBy::SelfService), S::NotNeeded);
    }
}
