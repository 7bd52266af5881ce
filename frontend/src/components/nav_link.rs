//! A client-side link that marks the current page with `aria-current="page"`.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

/// Props of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Target page.
    pub to: Route,
    /// CSS classes of the anchor.
    #[prop_or_default]
    pub classes: Classes,
    /// Link content (its accessible name).
    #[prop_or_default]
    pub children: Html,
}

/// A real `<a href>` (so it works with middle-click, copy link, and without the router) that
/// navigates inside the app on a plain click.
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let to = props.to.clone();
    let href = to.to_path();
    let aria_current = (current.as_ref() == Some(&to)).then_some("page");
    let onclick = Callback::from(move |e: MouseEvent| {
        let modified = e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key();
        if modified || e.button() != 0 {
            return;
        }
        if let Some(navigator) = &navigator {
            e.prevent_default();
            navigator.push(&to);
        }
    });
    html! {
        <a {href} class={props.classes.clone()} aria-current={aria_current} {onclick}>
            { props.children.clone() }
        </a>
    }
}
