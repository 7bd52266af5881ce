//! `cargo xtask build-frontend`: builds `frontend/` and `static/` into `frontend/dist`.
//!
//! Steps (see `shared/spec/platform.md`, "Frontend build"; trunk is not used):
//! 1. `cargo build --release --target wasm32-unknown-unknown -p ratusz-frontend`, twice: the
//!    small first bundle, then the office bundle (`--features office`; `frontend/src/bundle.rs`);
//! 2. `wasm-bindgen --target web` (the CLI must match Cargo.lock's `wasm-bindgen`), per bundle;
//! 3. `wasm-opt -Oz` from npm `binaryen`, when installed (optional: ~1.4 % after brotli);
//! 4. esbuild minifies the JS glue, the boot script, the service worker and the CSS;
//! 5. content-hashed names under `/assets/` (`app-…` the first bundle, `office-…` the office
//!    bundle), `static/` copied, `index.html`, the boot script (which picks the bundle by path)
//!    and `sw.js` (precaching both bundles) rendered;
//! 6. every compressible file precompressed to `.gz` (best) and `.br` (quality 11);
//! 7. `_files.json`, the contract with the `web` component:
//!    `{"version": "<hash>", "files": {"/index.html": {"etag", "size", "encodings"}, …}}`.
//!
//! The build is deterministic: the same sources give byte-identical output and names, and the
//! dist directory is recreated each time, so nothing stale survives.
//!
//! Codemap: `tools` finds wasm-bindgen and esbuild, `compile` runs the compilers and minifiers,
//! `assemble` names and collects every servable file (pure: bytes in, files out), `templates`
//! renders `index.html`, the boot script and `sw.js`, `manifest` holds the content hashes and
//! `_files.json`, `precompress` makes the `.gz`/`.br` siblings, `fs` reads the sources and writes
//! the dist, `sizes` reports what a first visit downloads.

mod assemble;
mod compile;
mod fs;
mod manifest;
mod precompress;
mod sizes;
mod templates;
mod tools;

use anyhow::{Context, Result};
use assemble::{assemble, BundleFiles, Compiled};
use compile::Bundle;
use std::path::{Path, PathBuf};
use templates::Templates;

/// The contract file the `web` component reads.
const FILES_JSON: &str = "_files.json";

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
    let wasm_bindgen = tools::find_wasm_bindgen(&paths.root)?;
    let esbuild = tools::ensure_esbuild(&paths.frontend)?;
    let _lock = fs::lock_build(&paths.work_dir())?;

    // Each bundle is built, bound and minified before the next build replaces the artefact.
    let build_bundle = |bundle: Bundle| -> Result<BundleFiles> {
        compile::cargo_build(&paths, bundle)?;
        let (glue, wasm) = compile::run_wasm_bindgen(&paths, &wasm_bindgen, bundle)?;
        Ok(BundleFiles {
            wasm: compile::optimise_wasm(&paths, bundle, wasm)?,
            glue: compile::esbuild_minify(&esbuild, "js", &glue)?,
        })
    };
    let first = build_bundle(Bundle::First)?;
    let office = build_bundle(Bundle::Office)?;
    let css_source = fs::read(&paths.frontend.join("style/app.css"))?;
    let css = compile::esbuild_minify(&esbuild, "css", &css_source)?;

    let web = paths.frontend.join("web");
    let templates = Templates {
        index_html: fs::read_string(&web.join("index.html"))?,
        boot_js: fs::read_string(&web.join("boot.js"))?,
        sw_js: fs::read_string(&web.join("sw.js"))?,
    };
    let statics = fs::read_static_files(&paths.static_dir)?;
    let minify_js = |source: &str| -> Result<String> {
        let bytes = compile::esbuild_minify(&esbuild, "js", source.as_bytes())?;
        String::from_utf8(bytes).context("esbuild produced non-UTF-8 output")
    };
    let dist = assemble(
        Compiled { first, office, css },
        &templates,
        statics,
        &minify_js,
    )?;

    fs::write_dist(&paths.dist, &dist)?;
    sizes::print_sizes(&first_load_sizes(root)?, &office_bundle_sizes(root)?);
    println!("frontend built into {}", paths.dist.display());
    Ok(())
}

/// Sizes of the files a first visit downloads (the page, its assets and what the service
/// worker precaches; not `robots.txt`, not the office bundle): (URL path, raw bytes, gzip
/// bytes, brotli bytes). A file without a compressed sibling is counted at its raw size.
pub fn first_load_sizes(root: &Path) -> Result<Vec<(String, u64, u64, u64)>> {
    sizes::first_load_sizes(&Paths::new(root).dist)
}

/// Sizes of the office bundle's files (its JS glue and wasm), which an office page loads and
/// the service worker precaches after the first load; as [`first_load_sizes`].
pub fn office_bundle_sizes(root: &Path) -> Result<Vec<(String, u64, u64, u64)>> {
    sizes::office_bundle_sizes(&Paths::new(root).dist)
}
