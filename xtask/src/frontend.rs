//! `cargo xtask build-frontend`: builds `frontend/` and `static/` into `frontend/dist`.
//!
//! Steps (see `shared/spec/platform.md`, "Frontend build"; trunk is not used):
//! 1. `cargo build --release --target wasm32-unknown-unknown -p ratusz-frontend`;
//! 2. `wasm-bindgen --target web` (the CLI must match Cargo.lock's `wasm-bindgen`);
//! 3. `wasm-opt -Oz` from npm `binaryen`, when installed (optional: ~1.4 % after brotli);
//! 4. esbuild minifies the JS glue, the boot script, the service worker and the CSS;
//! 5. content-hashed names under `/assets/`, `static/` copied, `index.html` and `sw.js` rendered;
//! 6. every compressible file precompressed to `.gz` (best) and `.br` (quality 11);
//! 7. `_files.json`, the contract with the `web` component:
//!    `{"version": "<hash>", "files": {"/index.html": {"etag", "size", "encodings"}, …}}`.
//!
//! The build is deterministic: the same sources give byte-identical output and names, and the
//! dist directory is recreated each time, so nothing stale survives.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Name of the frontend package and of its wasm artefact.
const PACKAGE: &str = "ratusz-frontend";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The contract file the `web` component reads.
const FILES_JSON: &str = "_files.json";
/// Prefix of every template placeholder; none may survive rendering.
const PLACEHOLDER_PREFIX: &str = "__RATUSZ_";
/// Features the Rust wasm target emits by default; wasm-opt must be told it may keep them.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Where things are.
struct Paths {
    root: PathBuf,
    frontend: PathBuf,
    static_dir: PathBuf,
    dist: PathBuf,
    target_dir: PathBuf,
}

impl Paths {
    fn new(root: &Path) -> Self {
        let frontend = root.join("frontend");
        // The pipeline builds into the workspace's target dir, honouring CARGO_TARGET_DIR.
        let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir),
            _ => root.join("target"),
        };
        Paths {
            root: root.to_path_buf(),
            static_dir: root.join("static"),
            dist: frontend.join("dist"),
            frontend,
            target_dir,
        }
    }

    fn work_dir(&self) -> PathBuf {
        self.target_dir.join("ratusz-frontend-build")
    }
}

/// Builds `frontend/` and `static/` into `frontend/dist`.
pub fn build(root: &Path) -> Result<()> {
    let paths = Paths::new(root);
    let wasm_bindgen = find_wasm_bindgen(&paths.root)?;
    let esbuild = ensure_esbuild(&paths.frontend)?;

    cargo_build(&paths)?;
    let (glue, wasm) = run_wasm_bindgen(&paths, &wasm_bindgen)?;
    let wasm = optimise_wasm(&paths, wasm)?;
    let glue = esbuild_minify(&esbuild, "js", &glue)?;
    let css_source = read(&paths.frontend.join("style/app.css"))?;
    let css = esbuild_minify(&esbuild, "css", &css_source)?;

    let web = paths.frontend.join("web");
    let templates = Templates {
        index_html: read_string(&web.join("index.html"))?,
        boot_js: read_string(&web.join("boot.js"))?,
        sw_js: read_string(&web.join("sw.js"))?,
    };
    let statics = read_static_files(&paths.static_dir)?;
    let minify_js = |source: &str| -> Result<String> {
        let bytes = esbuild_minify(&esbuild, "js", source.as_bytes())?;
        String::from_utf8(bytes).context("esbuild produced non-UTF-8 output")
    };
    let dist = assemble(
        Compiled { wasm, glue, css },
        &templates,
        statics,
        &minify_js,
    )?;

    write_dist(&paths.dist, &dist)?;
    print_sizes(&first_load_sizes(root)?);
    println!("frontend built into {}", paths.dist.display());
    Ok(())
}

/// Sizes of the files a first visit downloads (the page, its assets and what the service
/// worker precaches; not `robots.txt`): (URL path, raw bytes, gzip bytes, brotli bytes).
/// A file without a compressed sibling is counted at its raw size (served as is).
pub fn first_load_sizes(root: &Path) -> Result<Vec<(String, u64, u64, u64)>> {
    let dist = Paths::new(root).dist;
    let manifest_path = dist.join(FILES_JSON);
    let manifest: serde_json::Value = serde_json::from_slice(&read(&manifest_path)?)
        .with_context(|| format!("{} is not JSON", manifest_path.display()))?;
    let files = manifest["files"]
        .as_object()
        .context("_files.json has no `files` object; rebuild with `cargo xtask build-frontend`")?;
    let mut sizes = Vec::new();
    for (url, entry) in files {
        if !is_first_load(url) {
            continue;
        }
        let raw = entry["size"].as_u64().unwrap_or_default();
        let sibling = |ext: &str| -> u64 {
            let path = dist.join(format!("{}.{ext}", url.trim_start_matches('/')));
            std::fs::metadata(path).map_or(raw, |m| m.len())
        };
        sizes.push((url.clone(), raw, sibling("gz"), sibling("br")));
    }
    Ok(sizes)
}

fn is_first_load(url: &str) -> bool {
    url != "/robots.txt"
}

fn print_sizes(sizes: &[(String, u64, u64, u64)]) {
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "first load", "raw", "gzip", "brotli"
    );
    let mut total = (0, 0, 0);
    for (url, raw, gz, br) in sizes {
        println!("{url:<44} {raw:>10} {gz:>10} {br:>10}");
        total = (total.0 + raw, total.1 + gz, total.2 + br);
    }
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "total", total.0, total.1, total.2
    );
}

// ---------------------------------------------------------------------------------------------
// Tools

/// `wasm-bindgen` on PATH or in `$CARGO_HOME/bin`, at the version Cargo.lock pins.
fn find_wasm_bindgen(root: &Path) -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(cargo_home.map(|h| h.join("bin")));
    let Some(binary) = candidates
        .map(|dir| dir.join("wasm-bindgen"))
        .find(|p| p.is_file())
    else {
        bail!("wasm-bindgen is not installed: run `cargo xtask setup`");
    };

    let lock = read_string(&root.join("Cargo.lock"))?;
    let wanted =
        locked_version(&lock, "wasm-bindgen").context("Cargo.lock has no wasm-bindgen entry")?;
    let output = Command::new(&binary)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let reported = String::from_utf8_lossy(&output.stdout);
    // "wasm-bindgen 0.2.130"
    let found = reported.split_whitespace().nth(1).unwrap_or_default();
    if found != wanted {
        bail!(
            "{} is version {found:?} but Cargo.lock pins wasm-bindgen {wanted}: run `cargo xtask setup`",
            binary.display()
        );
    }
    Ok(binary)
}

/// The version of a package in a Cargo.lock (the first entry of that name).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim();
            return version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_owned);
        }
    }
    None
}

/// `frontend/node_modules/.bin/esbuild`, running `npm ci` first when it is missing.
fn ensure_esbuild(frontend: &Path) -> Result<PathBuf> {
    let esbuild = frontend.join("node_modules/.bin/esbuild");
    if esbuild.is_file() {
        return Ok(esbuild);
    }
    println!("installing the frontend build tools (npm ci in frontend/)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(frontend)
        .status()
        .context("esbuild is missing and npm cannot be run: install Node.js and npm (Debian: `apt-get install nodejs npm`), or run `cargo xtask setup`")?;
    if !status.success() {
        bail!("`npm ci` in frontend/ failed ({status})");
    }
    if !esbuild.is_file() {
        bail!("`npm ci` did not install {}", esbuild.display());
    }
    Ok(esbuild)
}

fn cargo_build(paths: &Paths) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--target", WASM_TARGET, "-p", PACKAGE])
        .env("CARGO_TARGET_DIR", &paths.target_dir)
        .current_dir(&paths.root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building {PACKAGE} for {WASM_TARGET} failed (is the target installed? `rustup target add {WASM_TARGET}`)");
    }
    Ok(())
}

/// Runs wasm-bindgen and returns (JS glue, wasm) bytes.
fn run_wasm_bindgen(paths: &Paths, wasm_bindgen: &Path) -> Result<(Vec<u8>, Vec<u8>)> {
    let input = paths
        .target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{PACKAGE}.wasm"));
    let out_dir = paths.work_dir().join("bindgen");
    if out_dir.exists() {
        std::fs::remove_dir_all(&out_dir)
            .with_context(|| format!("cannot clear {}", out_dir.display()))?;
    }
    let status = Command::new(wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-name",
            "app",
            "--out-dir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .status()
        .with_context(|| format!("cannot run {}", wasm_bindgen.display()))?;
    if !status.success() {
        bail!("wasm-bindgen failed ({status})");
    }
    Ok((
        read(&out_dir.join("app.js"))?,
        read(&out_dir.join("app_bg.wasm"))?,
    ))
}

/// `wasm-opt -Oz` from npm `binaryen` when installed; otherwise the input unchanged.
fn optimise_wasm(paths: &Paths, wasm: Vec<u8>) -> Result<Vec<u8>> {
    let wasm_opt = paths.frontend.join("node_modules/.bin/wasm-opt");
    if !wasm_opt.is_file() {
        return Ok(wasm);
    }
    let dir = paths.work_dir();
    let input = dir.join("app.in.wasm");
    let output = dir.join("app.opt.wasm");
    write(&input, &wasm)?;
    let result = Command::new(&wasm_opt)
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status();
    match result {
        Ok(status) if status.success() => read(&output),
        // Optional step: a failing optimiser must not break the build.
        Ok(status) => {
            eprintln!("warning: wasm-opt failed ({status}); using the unoptimised module");
            Ok(wasm)
        }
        Err(error) => {
            eprintln!("warning: cannot run wasm-opt ({error}); using the unoptimised module");
            Ok(wasm)
        }
    }
}

/// Minifies JS (an ES module) or CSS through esbuild's stdin.
fn esbuild_minify(esbuild: &Path, loader: &str, source: &[u8]) -> Result<Vec<u8>> {
    let mut args = vec![
        format!("--loader={loader}"),
        "--minify".to_owned(),
        "--charset=utf8".to_owned(),
        "--legal-comments=none".to_owned(),
        "--log-level=warning".to_owned(),
    ];
    if loader == "js" {
        args.push("--format=esm".to_owned());
    }
    let mut child = Command::new(esbuild)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", esbuild.display()))?;
    {
        let mut stdin = child.stdin.take().context("esbuild has no stdin")?;
        stdin.write_all(source).context("writing to esbuild")?;
    }
    let output = child.wait_with_output().context("waiting for esbuild")?;
    if !output.status.success() {
        bail!("esbuild failed to minify {loader} ({})", output.status);
    }
    Ok(output.stdout)
}

// ---------------------------------------------------------------------------------------------
// Assembly (pure: bytes in, files out)

/// Outputs of the compilers, before naming.
struct Compiled {
    wasm: Vec<u8>,
    glue: Vec<u8>,
    css: Vec<u8>,
}

/// The hand-written sources rendered at build time.
struct Templates {
    index_html: String,
    boot_js: String,
    sw_js: String,
}

/// URL path → identity bytes (sorted, so iteration is deterministic).
type Files = BTreeMap<String, Vec<u8>>;

/// Everything the dist will hold.
#[derive(Debug, PartialEq)]
struct Dist {
    /// Hash of the contents; names the service worker's cache.
    version: String,
    files: Files,
}

/// Names, renders and collects every servable file.
fn assemble(
    compiled: Compiled,
    templates: &Templates,
    statics: Files,
    minify_js: &dyn Fn(&str) -> Result<String>,
) -> Result<Dist> {
    let mut files = Files::new();
    let wasm_name = hashed_name("app", "wasm", &compiled.wasm);
    let js_name = hashed_name("app", "js", &compiled.glue);
    let css_name = hashed_name("app", "css", &compiled.css);

    let boot = render(
        &templates.boot_js,
        &[
            ("__RATUSZ_APP_JS__", &js_name),
            ("__RATUSZ_APP_WASM__", &wasm_name),
        ],
    )?;
    let boot = minify_js(&boot)?.into_bytes();
    let boot_name = hashed_name("boot", "js", &boot);

    let index = render(
        &templates.index_html,
        &[
            ("__RATUSZ_APP_CSS__", &css_name),
            ("__RATUSZ_APP_JS__", &js_name),
            ("__RATUSZ_APP_WASM__", &wasm_name),
            ("__RATUSZ_BOOT_JS__", &boot_name),
        ],
    )?;

    files.insert(format!("/assets/{wasm_name}"), compiled.wasm);
    files.insert(format!("/assets/{js_name}"), compiled.glue);
    files.insert(format!("/assets/{css_name}"), compiled.css);
    files.insert(format!("/assets/{boot_name}"), boot);
    files.insert("/index.html".to_owned(), index.into_bytes());
    for (url, bytes) in statics {
        if files.contains_key(&url) || url == "/sw.js" || url == format!("/{FILES_JSON}") {
            bail!("static{url} collides with a generated file");
        }
        files.insert(url, bytes);
    }

    let version = dist_version(&files, templates.sw_js.as_bytes());
    let sw = render_sw(&templates.sw_js, &version, &precache_list(&files))?;
    files.insert("/sw.js".to_owned(), minify_js(&sw)?.into_bytes());
    Ok(Dist { version, files })
}

/// The first 8 hex digits of the SHA-256 of `bytes`.
fn content_hash8(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))[..8].to_owned()
}

/// `stem-<hash8>.ext`.
fn hashed_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}.{ext}", content_hash8(bytes))
}

/// Replaces each placeholder, which must occur, and refuses to leave any `__RATUSZ_…__`.
fn render(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = template.to_owned();
    for (placeholder, value) in values {
        if !out.contains(placeholder) {
            bail!("template has no {placeholder}");
        }
        out = out.replace(placeholder, value);
    }
    if let Some(at) = out.find(PLACEHOLDER_PREFIX) {
        let rest: String = out[at..].chars().take(40).collect();
        bail!("template placeholder left unrendered: {rest}");
    }
    Ok(out)
}

/// The dist's version: a hash over every file's path and content (sw.js excepted, it embeds
/// this value) and the service-worker template, so any change yields a new cache name.
fn dist_version(files: &Files, sw_template: &[u8]) -> String {
    let mut hasher = Sha256::new();
    for (url, bytes) in files {
        if url == "/sw.js" {
            continue;
        }
        hasher.update(url.as_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(bytes));
    }
    hasher.update(b"sw.js\0");
    hasher.update(Sha256::digest(sw_template));
    hex::encode(hasher.finalize())[..16].to_owned()
}

/// The app shell the service worker precaches: the page, its hashed assets, the manifest and
/// icons. Not sw.js (the browser fetches it itself) and not robots.txt.
fn precache_list(files: &Files) -> Vec<String> {
    files
        .keys()
        .filter(|url| !matches!(url.as_str(), "/sw.js" | "/robots.txt"))
        .filter(|url| !url.starts_with("/api/"))
        .cloned()
        .collect()
}

/// Fills in the service worker's version and precache list.
fn render_sw(template: &str, version: &str, precache: &[String]) -> Result<String> {
    let list = serde_json::to_string(precache)?;
    render(
        template,
        &[
            ("[\"__RATUSZ_PRECACHE__\"]", &list),
            ("__RATUSZ_VERSION__", version),
        ],
    )
}

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
struct Encoded {
    identity: Vec<u8>,
    gzip: Option<Vec<u8>>,
    brotli: Option<Vec<u8>>,
}

fn encode(url: &str, identity: Vec<u8>) -> Result<Encoded> {
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
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// The `_files.json` document.
fn files_manifest(version: &str, files: &BTreeMap<String, Encoded>) -> serde_json::Value {
    let entries: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|(url, file)| {
            let mut encodings = Vec::new();
            if file.brotli.is_some() {
                encodings.push("br");
            }
            if file.gzip.is_some() {
                encodings.push("gzip");
            }
            let etag = hex::encode(Sha256::digest(&file.identity))[..32].to_owned();
            let entry = serde_json::json!({
                "etag": etag,
                "size": file.identity.len(),
                "encodings": encodings,
            });
            (url.clone(), entry)
        })
        .collect();
    serde_json::json!({ "version": version, "files": entries })
}

// ---------------------------------------------------------------------------------------------
// File system

/// Recreates `dist` with every file, its `.gz`/`.br` siblings and `_files.json`.
fn write_dist(dir: &Path, dist: &Dist) -> Result<()> {
    let mut encoded = BTreeMap::new();
    for (url, bytes) in &dist.files {
        encoded.insert(url.clone(), encode(url, bytes.clone())?);
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    for (url, file) in &encoded {
        let path = dir.join(url.trim_start_matches('/'));
        write(&path, &file.identity)?;
        if let Some(gz) = &file.gzip {
            write(&sibling(&path, "gz"), gz)?;
        }
        if let Some(br) = &file.brotli {
            write(&sibling(&path, "br"), br)?;
        }
    }
    let manifest = serde_json::to_vec_pretty(&files_manifest(&dist.version, &encoded))?;
    write(&dir.join(FILES_JSON), &manifest)
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Every file under `static/` (hidden files skipped), keyed by URL path.
fn read_static_files(dir: &Path) -> Result<Files> {
    fn walk(dir: &Path, prefix: &str, out: &mut Files) -> Result<()> {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .collect::<std::io::Result<Vec<_>>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                bail!("non-UTF-8 file name in {}", dir.display());
            };
            if name.starts_with('.') {
                continue;
            }
            let url = format!("{prefix}/{name}");
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), &url, out)?;
            } else {
                out.insert(url, read(&entry.path())?);
            }
        }
        Ok(())
    }
    let mut files = Files::new();
    walk(dir, "", &mut files)?;
    Ok(files)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn read_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> Templates {
        let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/web");
        let load = |name: &str| std::fs::read_to_string(web.join(name)).unwrap_or_default();
        Templates {
            index_html: load("index.html"),
            boot_js: load("boot.js"),
            sw_js: load("sw.js"),
        }
    }

    fn compiled() -> Compiled {
        Compiled {
            wasm: b"\0asm fake module".to_vec(),
            glue: b"export default function init(){}".to_vec(),
            css: b"body{margin:0}".to_vec(),
        }
    }

    fn statics() -> Files {
        Files::from([
            ("/favicon.svg".to_owned(), b"<svg/>".to_vec()),
            ("/icons/icon-192.png".to_owned(), b"png".to_vec()),
            ("/manifest.webmanifest".to_owned(), b"{}".to_vec()),
            ("/robots.txt".to_owned(), b"User-agent: *".to_vec()),
        ])
    }

    fn identity(source: &str) -> Result<String> {
        Ok(source.to_owned())
    }

    fn built() -> Dist {
        match assemble(compiled(), &templates(), statics(), &identity) {
            Ok(dist) => dist,
            Err(e) => panic!("assemble failed: {e:#}"),
        }
    }

    fn text(dist: &Dist, url: &str) -> String {
        String::from_utf8_lossy(dist.files.get(url).map_or(&[][..], Vec::as_slice)).into_owned()
    }

    #[test]
    fn hashed_names_depend_on_content_only() {
        assert_eq!(
            hashed_name("app", "js", b"a"),
            hashed_name("app", "js", b"a")
        );
        assert_ne!(
            hashed_name("app", "js", b"a"),
            hashed_name("app", "js", b"b")
        );
        // SHA-256("abc") starts with ba7816bf.
        assert_eq!(hashed_name("app", "wasm", b"abc"), "app-ba7816bf.wasm");
    }

    #[test]
    fn assembling_twice_gives_identical_files() {
        assert_eq!(built(), built());
    }

    #[test]
    fn index_html_links_the_hashed_assets_and_no_inline_script() {
        let dist = built();
        let index = text(&dist, "/index.html");
        for url in dist.files.keys().filter(|u| u.starts_with("/assets/")) {
            if url.ends_with(".wasm") || url.contains("/app-") || url.contains("/boot-") {
                assert!(index.contains(url.as_str()), "index.html misses {url}");
            }
        }
        assert!(index.contains("<html lang=\"pl\">"));
        assert!(index.contains("<script type=\"module\" src=\"/assets/boot-"));
        assert!(!index.contains("<script>"), "inline script");
        assert!(!index.contains("style="), "inline style");
        assert!(!index.contains(PLACEHOLDER_PREFIX));
    }

    #[test]
    fn boot_script_imports_the_hashed_glue_and_wasm() {
        let dist = built();
        let boot_url = dist.files.keys().find(|u| u.starts_with("/assets/boot-"));
        let boot = text(&dist, boot_url.map_or("", String::as_str));
        let js = hashed_name("app", "js", &compiled().glue);
        let wasm = hashed_name("app", "wasm", &compiled().wasm);
        assert!(boot.contains(&format!("./{js}")), "{boot}");
        assert!(boot.contains(&format!("./{wasm}")), "{boot}");
        assert!(boot.contains("/sw.js"));
    }

    #[test]
    fn service_worker_names_its_cache_after_the_dist_version() {
        let dist = built();
        let sw = text(&dist, "/sw.js");
        assert_eq!(
            dist.version,
            dist_version(&dist.files, templates().sw_js.as_bytes())
        );
        assert_eq!(dist.version.len(), 16);
        assert!(sw.contains(&format!("\"{}\"", dist.version)));
        assert!(!sw.contains(PLACEHOLDER_PREFIX));
    }

    #[test]
    fn any_content_change_changes_the_version() {
        let a = built();
        let mut changed = statics();
        changed.insert("/favicon.svg".to_owned(), b"<svg></svg>".to_vec());
        let b = assemble(compiled(), &templates(), changed, &identity);
        assert_ne!(Some(a.version), b.ok().map(|d| d.version));
    }

    #[test]
    fn precache_holds_the_shell_and_nothing_from_the_api() {
        let dist = built();
        let list = precache_list(&dist.files);
        assert!(list.contains(&"/index.html".to_owned()));
        assert!(list.contains(&"/manifest.webmanifest".to_owned()));
        assert!(list.contains(&"/icons/icon-192.png".to_owned()));
        assert_eq!(list.iter().filter(|u| u.starts_with("/assets/")).count(), 4);
        assert!(!list.contains(&"/sw.js".to_owned()));
        assert!(!list.contains(&"/robots.txt".to_owned()));
        let sw = text(&dist, "/sw.js");
        assert!(sw.contains(&serde_json::to_string(&list).unwrap_or_default()));
    }

    #[test]
    fn the_sw_template_keeps_api_requests_off_the_cache() {
        let sw = templates().sw_js;
        assert!(sw.contains("url.pathname.startsWith(\"/api/\")"));
        assert!(sw.contains("skipWaiting"));
        assert!(sw.contains("clients.claim"));
        assert!(sw.contains("caches.delete"));
    }

    #[test]
    fn static_files_may_not_shadow_generated_ones() {
        let mut clash = statics();
        clash.insert("/index.html".to_owned(), b"x".to_vec());
        assert!(assemble(compiled(), &templates(), clash, &identity).is_err());
        let mut clash = statics();
        clash.insert("/sw.js".to_owned(), b"x".to_vec());
        assert!(assemble(compiled(), &templates(), clash, &identity).is_err());
    }

    #[test]
    fn render_refuses_missing_and_leftover_placeholders() {
        assert!(render("a __RATUSZ_X__", &[("__RATUSZ_X__", "b")]).is_ok());
        assert!(render("a", &[("__RATUSZ_X__", "b")]).is_err());
        assert!(render("__RATUSZ_X__ __RATUSZ_Y__", &[("__RATUSZ_X__", "b")]).is_err());
    }

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
    fn files_manifest_follows_the_web_component_contract() {
        let mut encoded = BTreeMap::new();
        let html = "<!doctype html>".repeat(50).into_bytes();
        encoded.insert(
            "/index.html".to_owned(),
            encode("/index.html", html.clone()).unwrap_or_else(|e| panic!("{e}")),
        );
        encoded.insert(
            "/icons/a.png".to_owned(),
            encode("/icons/a.png", b"png".to_vec()).unwrap_or_else(|e| panic!("{e}")),
        );
        encoded.insert(
            "/robots.txt".to_owned(),
            encode("/robots.txt", b"x".to_vec()).unwrap_or_else(|e| panic!("{e}")),
        );
        let manifest = files_manifest("0123456789abcdef", &encoded);
        assert_eq!(manifest["version"], "0123456789abcdef");
        let index = &manifest["files"]["/index.html"];
        assert_eq!(index["size"], html.len());
        assert_eq!(index["encodings"], serde_json::json!(["br", "gzip"]));
        assert_eq!(index["etag"], hex::encode(Sha256::digest(&html))[..32]);
        assert_eq!(index["etag"].as_str().map(str::len), Some(32));
        // Not compressible, or compression would not pay: served as is.
        assert_eq!(
            manifest["files"]["/icons/a.png"]["encodings"],
            serde_json::json!([])
        );
        assert_eq!(
            manifest["files"]["/robots.txt"]["encodings"],
            serde_json::json!([])
        );
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

    #[test]
    fn locked_version_reads_cargo_lock() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
        assert_eq!(locked_version(lock, "yew"), None);
    }

    #[test]
    fn robots_txt_is_not_counted_as_first_load() {
        assert!(!is_first_load("/robots.txt"));
        assert!(is_first_load("/index.html"));
    }
}
