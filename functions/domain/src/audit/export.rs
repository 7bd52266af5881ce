//! The chain's export and its check against checkpoints: what `cargo xtask verify-audit`
//! and `GET /api/audit/verify` decide (docs/api/operations.md § Audit checkpoints).

use super::checkpoint::Checkpoint;
use super::{AuditEntry, AuditVerification, GENESIS_HASH};
use serde::{Deserialize, Serialize};

/// One page of `GET /api/audit/export`; an export file is these pages concatenated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditExportPage {
    /// Entries in `seq` order after the cursor.
    pub entries: Vec<AuditEntry>,
    /// Checkpoints whose `sequence` falls in this page's range (on the last page also those
    /// beyond it).
    pub checkpoints: Vec<Checkpoint>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// How the stored chain compares with the stored checkpoints (`GET /api/audit/verify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckpointStatus {
    /// Every checkpoint signed by the configured key matches the chain.
    Agree,
    /// At least one does not (a changed hash, a bad signature, a shorter chain).
    Disagree,
    /// None stored yet.
    None,
    /// No signing key is configured: checkpoints are off.
    Disabled,
}

/// The checkpoint part of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckpointAgreement {
    /// The verdict.
    pub status: CheckpointStatus,
    /// How many checkpoints were compared.
    pub checked: u64,
    /// `sequence` of the newest checkpoint compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_sequence: Option<u64>,
    /// `sequence` of the first checkpoint that does not agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_mismatch: Option<u64>,
}

impl CheckpointAgreement {
    /// Checkpoints are off.
    pub fn disabled() -> Self {
        Self {
            status: CheckpointStatus::Disabled,
            checked: 0,
            newest_sequence: None,
            first_mismatch: None,
        }
    }
}

/// Why a checkpoint does not vouch for the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointFault {
    /// Signed by a key the verifier was not told to trust.
    UntrustedKey {
        /// The checkpoint's sequence.
        sequence: u64,
        /// The key it names.
        key_id: String,
    },
    /// The signature does not verify under the key it names.
    BadSignature {
        /// The checkpoint's sequence.
        sequence: u64,
    },
    /// The chain's entry at `sequence` has another hash: it was rewritten.
    HashMismatch {
        /// The checkpoint's sequence.
        sequence: u64,
        /// The hash the checkpoint signed.
        signed: String,
        /// The hash the chain holds.
        found: String,
    },
    /// The chain skips the checkpointed entry.
    EntryMissing {
        /// The checkpoint's sequence.
        sequence: u64,
    },
    /// The chain ends before the checkpoint: its tail was cut off.
    ChainShorter {
        /// The checkpoint's sequence.
        sequence: u64,
        /// `seq` of the chain's last entry (0 when empty).
        last_seq: u64,
    },
}

impl CheckpointFault {
    /// The checkpoint the fault is about.
    pub fn sequence(&self) -> u64 {
        match self {
            Self::UntrustedKey { sequence, .. }
            | Self::BadSignature { sequence }
            | Self::HashMismatch { sequence, .. }
            | Self::EntryMissing { sequence }
            | Self::ChainShorter { sequence, .. } => *sequence,
        }
    }
}

impl std::fmt::Display for CheckpointFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UntrustedKey { sequence, key_id } => write!(
                f,
                "checkpoint {sequence} is signed by key {key_id}, which is not trusted"
            ),
            Self::BadSignature { sequence } => {
                write!(f, "checkpoint {sequence}: the signature does not verify")
            }
            Self::HashMismatch {
                sequence,
                signed,
                found,
            } => write!(
                f,
                "entry {sequence} was rewritten: the checkpoint signed {signed}, the chain holds {found}"
            ),
            Self::EntryMissing { sequence } => {
                write!(f, "entry {sequence}, covered by a checkpoint, is missing")
            }
            Self::ChainShorter { sequence, last_seq } => write!(
                f,
                "the chain ends at entry {last_seq} but a checkpoint covers entry {sequence}: it was truncated"
            ),
        }
    }
}

/// The verdict over a chain and its checkpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportReport {
    /// The links alone.
    pub chain: AuditVerification,
    /// Checkpoints compared with the chain (signature good and key trusted).
    pub checked: u64,
    /// The newest checkpoint's sequence among those given.
    pub newest_sequence: Option<u64>,
    /// Everything wrong with the checkpoints, in sequence order.
    pub faults: Vec<CheckpointFault>,
}

impl ExportReport {
    /// Valid when every link holds and no checkpoint is at fault.
    pub fn valid(&self) -> bool {
        self.chain.valid && self.faults.is_empty()
    }

    /// The checkpoint part as the verification endpoint reports it.
    pub fn agreement(&self) -> CheckpointAgreement {
        let status = if !self.faults.is_empty() {
            CheckpointStatus::Disagree
        } else if self.checked == 0 {
            CheckpointStatus::None
        } else {
            CheckpointStatus::Agree
        };
        CheckpointAgreement {
            status,
            checked: self.checked,
            newest_sequence: self.newest_sequence,
            first_mismatch: self.faults.iter().map(CheckpointFault::sequence).min(),
        }
    }
}

/// Compares a chain fed in `seq` order with checkpoints whose signatures were already judged
/// (see [`judge_signatures`]): each checkpointed entry must be present with the signed hash,
/// and the chain must reach the newest checkpoint.
#[derive(Debug, Clone)]
pub struct CheckpointedVerifier {
    chain: super::ChainVerifier,
    /// Still to meet, sorted by sequence, consumed from the front.
    pending: std::collections::VecDeque<Checkpoint>,
    checked: u64,
    newest_sequence: Option<u64>,
    last_seq: u64,
    faults: Vec<CheckpointFault>,
}

impl CheckpointedVerifier {
    /// A verifier for `checkpoints` (trusted, signatures good) and the faults found so far.
    pub fn new(mut checkpoints: Vec<Checkpoint>, faults: Vec<CheckpointFault>) -> Self {
        checkpoints.sort_by_key(|c| c.sequence);
        let newest_sequence = checkpoints.last().map(|c| c.sequence);
        let mut verifier = Self {
            chain: super::ChainVerifier::new(),
            pending: checkpoints.into(),
            checked: 0,
            newest_sequence,
            last_seq: 0,
            faults,
        };
        // A checkpoint of the empty chain is met before any entry.
        verifier.meet(0, GENESIS_HASH);
        verifier
    }

    /// The next entry of the chain.
    pub fn push(&mut self, entry: &AuditEntry) {
        self.chain.push(entry);
        self.last_seq = entry.seq;
        self.meet(entry.seq, &entry.hash);
    }

    fn meet(&mut self, seq: u64, hash: &str) {
        while let Some(cp) = self.pending.front() {
            if cp.sequence > seq {
                break;
            }
            self.checked += 1;
            if cp.sequence < seq {
                self.faults.push(CheckpointFault::EntryMissing {
                    sequence: cp.sequence,
                });
            } else if cp.head_hash != hash {
                self.faults.push(CheckpointFault::HashMismatch {
                    sequence: cp.sequence,
                    signed: cp.head_hash.clone(),
                    found: hash.to_owned(),
                });
            }
            self.pending.pop_front();
        }
    }

    /// The verdict: checkpoints beyond the chain's end mean it was cut short.
    pub fn finish(mut self) -> ExportReport {
        for cp in self.pending.drain(..) {
            self.checked += 1;
            self.faults.push(CheckpointFault::ChainShorter {
                sequence: cp.sequence,
                last_seq: self.last_seq,
            });
        }
        self.faults.sort_by_key(CheckpointFault::sequence);
        ExportReport {
            chain: self.chain.finish(),
            checked: self.checked,
            newest_sequence: self.newest_sequence,
            faults: self.faults,
        }
    }
}

/// Splits checkpoints into those that vouch (trusted key, good signature) and the faults of
/// the others. Duplicates (the same checkpoint from the export and from a saved file) count
/// once.
#[cfg(feature = "checkpoints")]
pub fn judge_signatures(
    checkpoints: Vec<Checkpoint>,
    trusted: &[super::checkpoint::TrustedKey],
) -> (Vec<Checkpoint>, Vec<CheckpointFault>) {
    let mut good: Vec<Checkpoint> = Vec::new();
    let mut faults = Vec::new();
    for cp in checkpoints {
        if good.contains(&cp) {
            continue;
        }
        match trusted.iter().find(|k| k.names(&cp)) {
            None => faults.push(CheckpointFault::UntrustedKey {
                sequence: cp.sequence,
                key_id: cp.key_id.clone(),
            }),
            Some(key) if !key.verifies(&cp) => faults.push(CheckpointFault::BadSignature {
                sequence: cp.sequence,
            }),
            Some(_) => good.push(cp),
        }
    }
    (good, faults)
}

/// Checks an export against its own checkpoints and `saved` ones (kept outside the database)
/// under the `trusted` keys.
#[cfg(feature = "checkpoints")]
pub fn verify_export(
    pages: &[AuditExportPage],
    saved: &[Checkpoint],
    trusted: &[super::checkpoint::TrustedKey],
) -> ExportReport {
    let all: Vec<Checkpoint> = pages
        .iter()
        .flat_map(|p| p.checkpoints.iter().cloned())
        .chain(saved.iter().cloned())
        .collect();
    let (good, faults) = judge_signatures(all, trusted);
    let mut verifier = CheckpointedVerifier::new(good, faults);
    pages
        .iter()
        .flat_map(|p| p.entries.iter())
        .for_each(|e| verifier.push(e));
    verifier.finish()
}

/// Why an export file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportParseError(pub String);

impl std::fmt::Display for ExportParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not an audit export: {}", self.0)
    }
}

impl std::error::Error for ExportParseError {}

/// Reads an export file: the pages of `GET /api/audit/export` one after another.
pub fn parse_export(text: &str) -> Result<Vec<AuditExportPage>, ExportParseError> {
    let pages = serde_json::Deserializer::from_str(text)
        .into_iter::<AuditExportPage>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ExportParseError(e.to_string()))?;
    if pages.is_empty() {
        return Err(ExportParseError("the file holds no page".into()));
    }
    Ok(pages)
}

#[cfg(test)]
#[cfg(feature = "checkpoints")]
mod tests {
    use super::*;
    use crate::audit::checkpoint::{CheckpointSigner, TrustedKey};
    use crate::audit::{append, entry_hash, AuditEvent, ChainHead};
    use crate::time::Timestamp;
    use serde_json::json;

    const SEED: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    const OTHER_SEED: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    fn chain(n: u64) -> Vec<AuditEntry> {
        let mut head = ChainHead::genesis();
        (0..n)
            .map(|i| {
                let event = AuditEvent::new("user:1", "vote.cast", format!("poll:{i}"))
                    .with_data(json!({"n": i}));
                let e = append(&head, Timestamp::from_unix_ms(i as i64 * 1000), event);
                head = ChainHead::from(&e);
                e
            })
            .collect()
    }

    fn sign(entries: &[AuditEntry], seq: u64, seed: &str) -> Checkpoint {
        let head = match seq {
            0 => ChainHead::genesis(),
            s => ChainHead::from(&entries[s as usize - 1]),
        };
        CheckpointSigner::from_seed_base64(seed)
            .unwrap()
            .sign(&head, Timestamp::from_unix_ms(99_000))
    }

    /// What an attacker with database access does: rewrite entry `seq` and rehash the rest.
    fn rewrite_and_rehash(entries: &[AuditEntry], seq: usize) -> Vec<AuditEntry> {
        let mut out = entries.to_vec();
        out[seq - 1].data = json!({"n": "forged"});
        let mut prev = out[seq - 1].prev_hash.clone();
        for e in out.iter_mut().skip(seq - 1) {
            e.prev_hash = prev;
            e.hash = entry_hash(e);
            prev = e.hash.clone();
        }
        out
    }

    fn page(entries: Vec<AuditEntry>, checkpoints: Vec<Checkpoint>) -> AuditExportPage {
        AuditExportPage {
            entries,
            checkpoints,
            next_cursor: None,
        }
    }

    #[test]
    fn verify_export_table() {
        let good = chain(6);
        let key = CheckpointSigner::from_seed_base64(SEED)
            .unwrap()
            .public_key();
        let cp4 = sign(&good, 4, SEED);
        let cp6 = sign(&good, 6, SEED);
        let rewritten = rewrite_and_rehash(&good, 3);
        let mut forged_cp = cp4.clone();
        forged_cp.head_hash = rewritten[3].hash.clone();
        type Case = (
            &'static str,
            Vec<AuditEntry>,
            Vec<Checkpoint>,
            Vec<Checkpoint>,
            bool,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                "untouched, two checkpoints",
                good.clone(),
                vec![cp4.clone(), cp6.clone()],
                vec![],
                true,
                "",
            ),
            (
                "untouched, saved checkpoint only",
                good.clone(),
                vec![],
                vec![cp6.clone()],
                true,
                "",
            ),
            (
                "same checkpoint in export and saved",
                good.clone(),
                vec![cp6.clone()],
                vec![cp6.clone()],
                true,
                "",
            ),
            (
                "empty chain, genesis checkpoint",
                vec![],
                vec![sign(&[], 0, SEED)],
                vec![],
                true,
                "",
            ),
            (
                "no checkpoints: links only",
                good.clone(),
                vec![],
                vec![],
                true,
                "",
            ),
            (
                "rewritten and rehashed, checkpoint in export",
                rewritten.clone(),
                vec![cp4.clone()],
                vec![],
                false,
                "HashMismatch",
            ),
            (
                "rewritten, checkpoints deleted, saved one catches it",
                rewritten.clone(),
                vec![],
                vec![cp6.clone()],
                false,
                "HashMismatch",
            ),
            (
                "truncated tail, saved checkpoint",
                good[..4].to_vec(),
                vec![cp4.clone()],
                vec![cp6.clone()],
                false,
                "ChainShorter",
            ),
            (
                "entry missing under a checkpoint",
                [&good[..3], &good[4..]].concat(),
                vec![cp4.clone()],
                vec![],
                false,
                "EntryMissing",
            ),
            (
                "checkpoint under another key",
                good.clone(),
                vec![sign(&good, 6, OTHER_SEED)],
                vec![],
                false,
                "UntrustedKey",
            ),
            (
                "checkpoint edited to match the rewrite",
                rewritten.clone(),
                vec![forged_cp],
                vec![],
                false,
                "BadSignature",
            ),
        ];
        for (name, entries, in_export, saved, valid, fault) in cases {
            let report = verify_export(
                &[page(entries, in_export)],
                &saved,
                std::slice::from_ref(&key),
            );
            assert_eq!(report.valid(), valid, "{name}: {:?}", report.faults);
            let kinds: Vec<String> = report
                .faults
                .iter()
                .map(|f| {
                    format!("{f:?}")
                        .split([' ', '{'])
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect();
            if fault.is_empty() {
                assert!(kinds.is_empty(), "{name}: {kinds:?}");
            } else {
                assert!(kinds.iter().any(|k| k == fault), "{name}: {kinds:?}");
            }
        }
    }

    #[test]
    fn the_rewrite_keeps_every_link_valid_so_only_a_checkpoint_catches_it() {
        let rewritten = rewrite_and_rehash(&chain(6), 3);
        assert!(crate::audit::verify(&rewritten).valid);
    }

    #[test]
    fn agreement_reports_status_and_first_mismatch() {
        let good = chain(5);
        let key = CheckpointSigner::from_seed_base64(SEED)
            .unwrap()
            .public_key();
        let cps = vec![sign(&good, 2, SEED), sign(&good, 5, SEED)];
        let ok = verify_export(
            &[page(good.clone(), cps.clone())],
            &[],
            std::slice::from_ref(&key),
        );
        let a = ok.agreement();
        assert_eq!(
            (a.status, a.checked, a.newest_sequence, a.first_mismatch),
            (CheckpointStatus::Agree, 2, Some(5), None)
        );
        let cut = verify_export(
            &[page(good[..3].to_vec(), cps)],
            &[],
            std::slice::from_ref(&key),
        );
        let a = cut.agreement();
        assert_eq!(
            (a.status, a.first_mismatch),
            (CheckpointStatus::Disagree, Some(5))
        );
        assert!(
            cut.chain.valid,
            "truncation leaves every remaining link valid"
        );
        let none = verify_export(&[page(good, vec![])], &[], &[key]);
        assert_eq!(none.agreement().status, CheckpointStatus::None);
    }

    #[test]
    fn export_pages_concatenate_into_one_file() {
        let good = chain(3);
        let key = CheckpointSigner::from_seed_base64(SEED)
            .unwrap()
            .public_key();
        let first = AuditExportPage {
            entries: good[..2].to_vec(),
            checkpoints: vec![sign(&good, 2, SEED)],
            next_cursor: Some("2".into()),
        };
        let last = page(good[2..].to_vec(), vec![sign(&good, 3, SEED)]);
        let text = format!(
            "{}\n{}\n",
            serde_json::to_string(&first).unwrap(),
            serde_json::to_string(&last).unwrap()
        );
        let pages = parse_export(&text).unwrap();
        assert_eq!(pages.len(), 2);
        let report = verify_export(&pages, &[], &[key]);
        assert!(report.valid() && report.checked == 2 && report.chain.entries == 3);
    }

    #[test]
    fn unreadable_exports_are_refused() {
        for text in ["", "   ", "{", "[]", r#"{"entries": 5, "checkpoints": []}"#] {
            assert!(parse_export(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn trusted_key_parsing_refuses_non_keys() {
        assert!(TrustedKey::from_base64("AQID").is_err());
        assert!(TrustedKey::from_base64("%%%").is_err());
    }
}
