//! `POST /api/notify/messages/preview`: who a draft would reach — the audience's count and,
//! per channel, who would get it — and, when it goes by SMS, the encoding, segments and cost
//! over the SMS audience with each recipient's placeholders filled. A filter matching fewer
//! than `notify_min_audience` is refused without the count (the k rule).

use super::{create, notifier};
use crate::keys::ResidentKeys;
use crate::sending::targeting::{self, Target};
use crate::store::districts;
use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::{MessageInput, Preview, PreviewAudience};
use ratusz_domain::notify::age::Day;
use ratusz_domain::notify::message_input;
use ratusz_domain::notify::placeholders::{self, PlaceholderValues};
use ratusz_domain::notify::sms_estimate::SmsEstimator;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;
use std::collections::HashMap;

/// Residents read per batch of the preview's pass.
const BATCH: u32 = 2_000;

/// `POST /api/notify/messages/preview` → 200 preview, 422 `validation_failed` or
/// `audience_too_small`.
pub fn preview(ctx: &Ctx) -> Result<Response, ApiError> {
    let n = notifier(ctx)?;
    let input: MessageInput = ctx.req.json()?;
    let clean = message_input::check(&input, n.env.now)?;
    create::check_references(&n.env.db, &clean, n.env.now)?;
    let keys = ResidentKeys::load()?;
    let by_sms = clean.channels.contains(&Channel::Sms);
    let names = by_sms && placeholders::has_placeholders(&clean.text);
    let district_names: HashMap<String, String> = if names {
        districts::list(&n.env.db)?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect()
    } else {
        HashMap::new()
    };
    let target = Target {
        audience: &clean.audience,
        channels: &clean.channels,
        today: Day::in_poland(n.env.now),
        names,
        now: n.env.now,
    };
    let mut audience = PreviewAudience::default();
    for c in &clean.channels {
        *audience.by_channel.slot(*c) = Some(0);
    }
    let mut sms = by_sms.then(|| SmsEstimator::new(&clean.text));
    let mut after: Option<String> = None;
    loop {
        let batch = targeting::batch(&n.env.db, &keys, &target, after.as_deref(), BATCH)?;
        for m in &batch.matched {
            audience.count += 1;
            for c in &m.channels {
                if let Some(count) = audience.by_channel.slot(*c).as_mut() {
                    *count += 1;
                }
            }
            if let (Some(estimator), true) = (sms.as_mut(), m.channels.contains(&Channel::Sms)) {
                let (first, last) = m.names.clone().unwrap_or_default();
                let district = district_names
                    .get(&m.district_id)
                    .map_or("", String::as_str);
                estimator.add(&PlaceholderValues {
                    first_name: &first,
                    last_name: &last,
                    district,
                });
            }
        }
        if batch.exhausted {
            break;
        }
        after = batch.cursor;
    }
    create::k_rule(
        &clean.audience,
        audience.count,
        n.env.settings.messages.min_audience,
    )?;
    let price = n.env.settings.messages.sms_segment_price_grosze;
    Ok(response::ok(&Preview {
        audience,
        sms: sms.map(|e| e.finish(price)),
    }))
}
