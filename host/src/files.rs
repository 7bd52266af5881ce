//! Component `files`: what each component sees of the host filesystem (read-only).
//!
//! A single directory mapped with `{ source, destination }` is preopened as it is. Anything
//! else (globs, single files, several mounts, `exclude_files`) is copied once at start-up into
//! `<state-dir>/files/<component>/`, which is preopened at `/`.

use crate::error::ConfigError;
use crate::manifest::{ComponentDecl, FileMount};
use std::path::{Path, PathBuf};

/// One directory made visible to the guest: `(host path, guest path)`.
pub type Preopen = (PathBuf, String);

/// Prepares the preopens of one component.
pub fn prepare(
    id: &str,
    decl: &ComponentDecl,
    manifest_dir: &Path,
    state_dir: &Path,
) -> Result<Vec<Preopen>, ConfigError> {
    if let [FileMount::Mapping {
        source,
        destination,
    }] = decl.files.as_slice()
    {
        if source.is_dir() && decl.exclude_files.is_empty() {
            return Ok(vec![(source.clone(), destination.clone())]);
        }
    }
    if decl.files.is_empty() {
        return Ok(Vec::new());
    }
    let staged = state_dir.join("files").join(id);
    let io = |e: std::io::Error| ConfigError::Unreadable {
        path: staged.clone(),
        reason: e.to_string(),
    };
    if staged.exists() {
        std::fs::remove_dir_all(&staged).map_err(io)?;
    }
    std::fs::create_dir_all(&staged).map_err(io)?;
    let excludes = decl
        .exclude_files
        .iter()
        .map(|p| {
            glob::Pattern::new(p).map_err(|e| {
                ConfigError::invalid(format!("component.{id}.exclude_files"), e.to_string())
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    for mount in &decl.files {
        match mount {
            FileMount::Pattern(pattern) => {
                stage_glob(id, pattern, manifest_dir, &excludes, &staged)?
            }
            FileMount::Mapping {
                source,
                destination,
            } => {
                let target = staged.join(destination.trim_start_matches('/'));
                copy_tree(source, &target)?;
            }
        }
    }
    Ok(vec![(staged, "/".to_string())])
}

fn stage_glob(
    id: &str,
    pattern: &str,
    manifest_dir: &Path,
    excludes: &[glob::Pattern],
    staged: &Path,
) -> Result<(), ConfigError> {
    let full = manifest_dir.join(pattern);
    let field = format!("component.{id}.files");
    let matches = glob::glob(&full.to_string_lossy())
        .map_err(|e| ConfigError::invalid(&field, e.to_string()))?;
    for entry in matches {
        let path = entry.map_err(|e| ConfigError::invalid(&field, e.to_string()))?;
        if !path.is_file() {
            continue;
        }
        let Ok(relative) = path.strip_prefix(manifest_dir) else {
            continue;
        };
        if excludes.iter().any(|x| x.matches_path(relative)) {
            continue;
        }
        copy_tree(&path, &staged.join(relative))?;
    }
    Ok(())
}

/// Copies a file or a directory tree to `target`.
fn copy_tree(source: &Path, target: &Path) -> Result<(), ConfigError> {
    let io = |e: std::io::Error| ConfigError::Unreadable {
        path: source.to_path_buf(),
        reason: e.to_string(),
    };
    if !source.exists() {
        return Err(ConfigError::MissingFile(source.to_path_buf()));
    }
    if source.is_file() {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::copy(source, target).map_err(io)?;
        return Ok(());
    }
    std::fs::create_dir_all(target).map_err(io)?;
    for entry in std::fs::read_dir(source).map_err(io)? {
        let entry = entry.map_err(io)?;
        copy_tree(&entry.path(), &target.join(entry.file_name()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn single_directory_is_preopened_in_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("dist")).unwrap();
        let decl = ComponentDecl {
            files: vec![FileMount::Mapping {
                source: dir.path().join("dist"),
                destination: "/".into(),
            }],
            ..Default::default()
        };
        let pre = prepare("web", &decl, dir.path(), &dir.path().join(".spin")).unwrap();
        assert_eq!(pre, vec![(dir.path().join("dist"), "/".to_string())]);
    }

    #[test]
    fn globs_and_files_are_staged_with_excludes() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("static/a.txt"), "a");
        write(&dir.path().join("static/secret.key"), "k");
        write(&dir.path().join("one.txt"), "1");
        let decl = ComponentDecl {
            files: vec![
                FileMount::Pattern("static/**/*".into()),
                FileMount::Mapping {
                    source: dir.path().join("one.txt"),
                    destination: "/etc/one.txt".into(),
                },
            ],
            exclude_files: vec!["**/*.key".into()],
            ..Default::default()
        };
        let state = dir.path().join(".spin");
        let pre = prepare("web", &decl, dir.path(), &state).unwrap();
        let root = state.join("files/web");
        assert_eq!(pre, vec![(root.clone(), "/".to_string())]);
        assert!(root.join("static/a.txt").is_file());
        assert!(!root.join("static/secret.key").exists());
        assert_eq!(
            std::fs::read_to_string(root.join("etc/one.txt")).unwrap(),
            "1"
        );
    }

    #[test]
    fn missing_source_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let decl = ComponentDecl {
            files: vec![FileMount::Mapping {
                source: dir.path().join("nope"),
                destination: "/x".into(),
            }],
            ..Default::default()
        };
        let err = prepare("web", &decl, dir.path(), dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("nope"), "{err}");
    }
}
