//! Picking a meeting's members: every account that can sit on a council body (councillors
//! and chairs) as a checkbox list with a name filter, so the clerk ticks several at once —
//! the shared [`AccountPicker`] with the council's words.

use ratusz_domain::api::council::MemberView;
use yew::prelude::*;

use crate::components::account_picker::{AccountPicker, Offered, PickedAccount};
use crate::i18n::use_texts;

/// Props of [`MemberPicker`].
#[derive(Properties, PartialEq)]
pub struct MemberPickerProps {
    /// The chosen members.
    pub selected: Vec<MemberView>,
    /// Called with the new list.
    pub onchange: Callback<Vec<MemberView>>,
    /// The server's or the form's refusal of the member list.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// The filter and one checkbox per councillor or chair.
#[component]
pub fn MemberPicker(props: &MemberPickerProps) -> Html {
    let t = use_texts().council;
    let selected = props
        .selected
        .iter()
        .map(|m| PickedAccount {
            id: m.user_id.clone(),
            name: m.name.clone(),
        })
        .collect::<Vec<_>>();
    let onchange = props.onchange.reform(|picked: Vec<PickedAccount>| {
        picked
            .into_iter()
            .map(|p| MemberView {
                user_id: p.id,
                name: p.name,
            })
            .collect()
    });
    html! {
        <AccountPicker id="member" legend={t.members} offered={Offered::CouncilMembers} multiple=true
            {selected} {onchange} error={props.error.clone()}
            filter_label={t.member_search} none_found={t.members_none_found}
            no_access={t.members_no_search} none_chosen={AttrValue::Static(t.members_empty)} />
    }
}
