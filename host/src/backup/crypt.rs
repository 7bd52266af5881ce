//! The encrypted file of a backup set: AES-256-GCM over 64 KiB chunks, streamed.
//!
//! Layout: `RTZBAK01`, an 8-byte random nonce prefix, then each chunk sealed on its own
//! (ciphertext + 16-byte tag). Chunk `i` has the nonce `prefix ‖ i (u32 big-endian)` and the
//! associated data `magic ‖ prefix ‖ name ‖ last`, where `name` is the file's name in its set
//! and `last` is 1 on the final chunk (which may be empty) and 0 otherwise. So a chunk cannot be
//! altered, moved, dropped or moved to another file, a file cut at a chunk boundary lacks its
//! final flag, and bytes after the final chunk are refused.

use super::key::BackupKey;
use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, Payload};
use aes_gcm::Nonce;
use std::io::{self, BufRead, BufReader, Read, Write};

/// The first bytes of every encrypted backup file.
pub const MAGIC: &[u8; 8] = b"RTZBAK01";
/// Plaintext bytes per chunk.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// Random bytes of the nonce before the chunk counter.
pub const PREFIX_BYTES: usize = 8;
const TAG_BYTES: usize = 16;

/// Why a file does not decrypt.
#[derive(Debug, thiserror::Error)]
pub enum CryptError {
    /// The header is not ours.
    #[error("not an encrypted ratusz backup file")]
    NotABackup,
    /// A chunk fails authentication.
    #[error(
        "chunk {0} does not authenticate: wrong backup key, or the file was altered or truncated"
    )]
    Unauthentic(u32),
    /// The file ends without its final chunk.
    #[error("the file is truncated (its final chunk is missing)")]
    Truncated,
    /// More than 2^32 chunks (256 TiB).
    #[error("the file is too large for one backup file")]
    TooLarge,
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Encrypts `input` into `output` as the set's file `name`; returns the plaintext length.
pub fn encrypt(
    key: &BackupKey,
    prefix: [u8; PREFIX_BYTES],
    name: &str,
    input: impl Read,
    mut output: impl Write,
) -> Result<u64, CryptError> {
    let cipher = key.cipher();
    let mut reader = BufReader::with_capacity(CHUNK_BYTES, input);
    let mut chunk = vec![0_u8; CHUNK_BYTES];
    output.write_all(MAGIC)?;
    output.write_all(&prefix)?;
    let mut counter: u32 = 0;
    let mut total: u64 = 0;
    loop {
        let n = read_full(&mut reader, &mut chunk)?;
        let last = n < CHUNK_BYTES || reader.fill_buf()?.is_empty();
        let sealed = cipher
            .encrypt(
                &nonce(prefix, counter),
                Payload {
                    msg: &chunk[..n],
                    aad: &associated_data(prefix, name, last),
                },
            )
            .map_err(|_| CryptError::TooLarge)?;
        output.write_all(&sealed)?;
        total += n as u64;
        if last {
            output.flush()?;
            return Ok(total);
        }
        counter = counter.checked_add(1).ok_or(CryptError::TooLarge)?;
    }
}

/// Decrypts the set's file `name` from `input` into `output`; returns the plaintext length.
/// Plaintext is written chunk by chunk as each authenticates: on an error, discard `output`.
pub fn decrypt(
    key: &BackupKey,
    name: &str,
    input: impl Read,
    mut output: impl Write,
) -> Result<u64, CryptError> {
    let cipher = key.cipher();
    let mut reader = BufReader::with_capacity(CHUNK_BYTES + TAG_BYTES, input);
    let mut header = [0_u8; MAGIC.len() + PREFIX_BYTES];
    if read_full(&mut reader, &mut header)? < header.len() || &header[..MAGIC.len()] != MAGIC {
        return Err(CryptError::NotABackup);
    }
    let mut prefix = [0_u8; PREFIX_BYTES];
    prefix.copy_from_slice(&header[MAGIC.len()..]);
    let mut sealed = vec![0_u8; CHUNK_BYTES + TAG_BYTES];
    let mut counter: u32 = 0;
    let mut total: u64 = 0;
    loop {
        let n = read_full(&mut reader, &mut sealed)?;
        if n < TAG_BYTES {
            return Err(CryptError::Truncated);
        }
        let last = n < sealed.len() || reader.fill_buf()?.is_empty();
        let plain = cipher
            .decrypt(
                &nonce(prefix, counter),
                Payload {
                    msg: &sealed[..n],
                    aad: &associated_data(prefix, name, last),
                },
            )
            .map_err(|_| CryptError::Unauthentic(counter))?;
        output.write_all(&plain)?;
        total += plain.len() as u64;
        if last {
            output.flush()?;
            return Ok(total);
        }
        counter = counter.checked_add(1).ok_or(CryptError::TooLarge)?;
    }
}

fn nonce(prefix: [u8; PREFIX_BYTES], counter: u32) -> Nonce<U12> {
    let mut bytes = [0_u8; 12];
    bytes[..PREFIX_BYTES].copy_from_slice(&prefix);
    bytes[PREFIX_BYTES..].copy_from_slice(&counter.to_be_bytes());
    Nonce::from(bytes)
}

fn associated_data(prefix: [u8; PREFIX_BYTES], name: &str, last: bool) -> Vec<u8> {
    let mut aad = Vec::with_capacity(MAGIC.len() + PREFIX_BYTES + name.len() + 1);
    aad.extend_from_slice(MAGIC);
    aad.extend_from_slice(&prefix);
    aad.extend_from_slice(name.as_bytes());
    aad.push(u8::from(last));
    aad
}

/// Reads until `buf` is full or the input ends; the number of bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIX: [u8; PREFIX_BYTES] = *b"\x01\x02\x03\x04\x05\x06\x07\x08";

    fn key() -> BackupKey {
        BackupKey::from_bytes([7; 32])
    }

    fn sealed(plain: &[u8], name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        encrypt(&key(), PREFIX, name, plain, &mut out).unwrap();
        out
    }

    fn opened(file: &[u8], key: &BackupKey, name: &str) -> Result<Vec<u8>, CryptError> {
        let mut out = Vec::new();
        decrypt(key, name, file, &mut out).map(|_| out)
    }

    fn plaintext(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        for len in [
            0,
            1,
            CHUNK_BYTES - 1,
            CHUNK_BYTES,
            CHUNK_BYTES + 1,
            3 * CHUNK_BYTES,
        ] {
            let plain = plaintext(len);
            let file = sealed(&plain, "a.db.enc");
            let chunks = len.div_ceil(CHUNK_BYTES).max(1);
            assert_eq!(file.len(), 16 + len + chunks * TAG_BYTES, "len {len}");
            assert_eq!(
                opened(&file, &key(), "a.db.enc").unwrap(),
                plain,
                "len {len}"
            );
        }
    }

    #[test]
    fn refuses_a_wrong_key_another_name_and_any_altered_byte() {
        let file = sealed(&plaintext(2 * CHUNK_BYTES + 10), "a.db.enc");
        let other = BackupKey::from_bytes([8; 32]);
        assert!(matches!(
            opened(&file, &other, "a.db.enc"),
            Err(CryptError::Unauthentic(0))
        ));
        assert!(matches!(
            opened(&file, &key(), "b.db.enc"),
            Err(CryptError::Unauthentic(0))
        ));
        for at in [8, 16, 17, 16 + CHUNK_BYTES + 20, file.len() - 1] {
            let mut bad = file.clone();
            bad[at] ^= 0x40;
            assert!(
                opened(&bad, &key(), "a.db.enc").is_err(),
                "flipped byte {at}"
            );
        }
        let mut bad = file.clone();
        bad[0] = b'X';
        assert!(matches!(
            opened(&bad, &key(), "a.db.enc"),
            Err(CryptError::NotABackup)
        ));
    }

    #[test]
    fn refuses_truncation_anywhere_and_trailing_bytes() {
        let file = sealed(&plaintext(2 * CHUNK_BYTES + 10), "a.db.enc");
        let boundary = 16 + CHUNK_BYTES + TAG_BYTES;
        for len in [0, 10, 16, 20, boundary, 2 * boundary, file.len() - 1] {
            assert!(
                opened(&file[..len], &key(), "a.db.enc").is_err(),
                "cut at {len}"
            );
        }
        let mut longer = file.clone();
        longer.extend_from_slice(&[0; 40]);
        assert!(opened(&longer, &key(), "a.db.enc").is_err());
        // Whole chunks with the final one dropped: the one before it is not marked last.
        let exact = sealed(&plaintext(2 * CHUNK_BYTES), "a.db.enc");
        assert_eq!(exact.len(), 16 + 2 * (CHUNK_BYTES + TAG_BYTES));
        assert!(opened(&exact[..16 + CHUNK_BYTES + TAG_BYTES], &key(), "a.db.enc").is_err());
    }
}
