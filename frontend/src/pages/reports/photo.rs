//! The browser's side of a report: the chosen photo checked before any upload by the server's
//! own rule (`ratusz_domain::notify::report::check_photo`: type, ≤ 10 MiB, first bytes) and
//! shown as a `data:` preview (the app's CSP allows `data:` images, not `blob:`), and this
//! device's position, asked for only when the resident presses the button.

use ratusz_domain::api::notify_reports::ReportPhotoType;
use ratusz_domain::notify::report::{check_photo, PhotoRefusal};
use ratusz_domain::validate::limits::REPORT_PHOTO_MAX_BYTES;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How many first bytes the check needs (WebP's signature is the longest, 12).
const HEAD_BYTES: i32 = 16;

/// The type of `file` if the server would take it, checked before a 10 MiB upload.
pub async fn precheck(file: &web_sys::File) -> Result<ReportPhotoType, PhotoRefusal> {
    if file.size() > REPORT_PHOTO_MAX_BYTES as f64 {
        return Err(PhotoRefusal::TooLarge);
    }
    let head = match file.slice_with_i32_and_i32(0, HEAD_BYTES) {
        Ok(blob) => match JsFuture::from(blob.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        },
        Err(_) => Vec::new(),
    };
    check_photo(Some(file.type_().trim()), &head)
}

/// `file` as a `data:` URL for the preview (`None` if the browser cannot read it).
pub async fn preview(file: &web_sys::File) -> Option<String> {
    let reader = web_sys::FileReader::new().ok()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(&resolve));
        reader.set_onerror(Some(&reject));
    });
    reader.read_as_data_url(file).ok()?;
    JsFuture::from(loaded).await.ok()?;
    reader.result().ok()?.as_string()
}

/// This device's position in decimal degrees, after the browser asked the resident; `None`
/// when there is no geolocation, it was refused or it failed.
pub async fn device_position() -> Option<(f64, f64)> {
    let geolocation = web_sys::window()?.navigator().geolocation().ok()?;
    let found = js_sys::Promise::new(&mut |resolve, reject| {
        if geolocation
            .get_current_position_with_error_callback(&resolve, Some(&reject))
            .is_err()
        {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    // `Position` is web-sys's stable name of the DOM's `GeolocationPosition`.
    let position: web_sys::Position = JsFuture::from(found).await.ok()?.unchecked_into();
    let coords = position.coords();
    Some((coords.latitude(), coords.longitude()))
}

/// Whether this browser offers geolocation at all.
pub fn has_geolocation() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().geolocation().is_ok())
}
