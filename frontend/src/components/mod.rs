//! Layout pieces and reusable views shared by the pages.

pub mod error_view;
pub mod layout;
pub mod nav_link;
pub mod offline;
