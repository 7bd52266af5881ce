//! Precompression: `.gz` (best) and `.br` (quality 11) siblings for every compressible file.

use anyhow::Result;
use std::io::Write;

/// Files worth precompressing (PNG and other already-compressed formats are not).
fn is_compressible(url: &str) -> bool {
    const EXTENSIONS: [&str; 9] = [
        "html",
        "js",
        "css",
        "wasm",
        "json",
        "webmanifest",
        "svg",
        "txt",
        "xml",
    ];
    url.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

/// One file of the dist with its precompressed siblings (kept only when smaller).
pub(super) struct Encoded {
    pub(super) identity: Vec<u8>,
    pub(super) gzip: Option<Vec<u8>>,
    pub(super) brotli: Option<Vec<u8>>,
}

pub(super) fn encode(url: &str, identity: Vec<u8>) -> Result<Encoded> {
    if !is_compressible(url) {
        return Ok(Encoded {
            identity,
            gzip: None,
            brotli: None,
        });
    }
    let smaller = |bytes: Vec<u8>| (bytes.len() < identity.len()).then_some(bytes);
    let gzip = smaller(gzip(&identity)?);
    let brotli = smaller(brotli(&identity)?);
    Ok(Encoded {
        identity,
        gzip,
        brotli,
    })
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    // GzEncoder writes mtime 0 and no file name: the output depends on the input only.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        // The largest standard window (16 MiB): ~0.3 % smaller wasm than the default 22.
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressible_files_are_chosen_by_extension() {
        for url in [
            "/index.html",
            "/assets/app-1.wasm",
            "/manifest.webmanifest",
            "/robots.txt",
            "/favicon.svg",
        ] {
            assert!(is_compressible(url), "{url}");
        }
        for url in ["/icons/icon-192.png", "/noext", "/a.woff2"] {
            assert!(!is_compressible(url), "{url}");
        }
    }

    #[test]
    fn precompressed_siblings_decode_to_the_original() {
        use std::io::Read;
        let original = "Zażółć gęślą jaźń. ".repeat(100).into_bytes();
        let file = encode("/a.txt", original.clone()).unwrap_or_else(|e| panic!("{e}"));
        let mut gunzipped = Vec::new();
        let gz = file.gzip.unwrap_or_default();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut gunzipped)
            .unwrap_or_default();
        assert_eq!(gunzipped, original);
        let mut unbrotlied = Vec::new();
        let br = file.brotli.unwrap_or_default();
        brotli::BrotliDecompress(&mut &br[..], &mut unbrotlied).unwrap_or_default();
        assert_eq!(unbrotlied, original);
        // Deterministic: no timestamps in the gzip header.
        assert_eq!(gzip(&original).ok(), gzip(&original).ok());
    }
}
