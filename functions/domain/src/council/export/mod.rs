//! Renderings of results and minutes: CSV for spreadsheets, printable HTML for BIP.
//!
//! Pure functions from the API types to text. Everything that comes from data is escaped
//! (HTML) or quoted and defused (CSV): names and titles are typed by people and end up in
//! browsers and spreadsheets of third parties.

mod checkpoint;
mod csv;
mod html;
mod minutes;
mod result;

pub use checkpoint::checkpoint_section;
pub use csv::result_csv;
pub use html::escape_html;
pub use minutes::minutes_html;
pub use result::result_html;
