//! Files in and out, for every command: reading a source (bounded, BOM and line endings
//! normalised, a located error for text that is not UTF-8) and the one writer of output folders
//! and files (paths inside the folder by construction, all files or none, a lock, never an
//! overwrite without `--force`).

use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// The largest source read. CloudFormation itself takes at most 1 MB (from S3; 51,200 bytes
/// inline); a few times that leaves room for generated templates while keeping a read of
/// `/dev/zero` and the memory of one conversion bounded.
pub const MAX_SOURCE_BYTES: usize = 8 << 20;

/// A source that could not be read as text: the diagnostic and the file it points into.
#[derive(Debug)]
pub struct Unreadable {
    pub file: SourceFile,
    pub diagnostic: Diagnostic,
}

impl Unreadable {
    pub fn render(&self, color: bool) -> String {
        self.diagnostic.render(&self.file, color)
    }
}

/// The language an input is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    CloudFormation,
    Terraform,
}

/// The one input detection of convert and diff: a directory or a `.tf` file is Terraform;
/// anything else (stdin `-` included) is a template, whatever its extension, because
/// CloudFormation accepts any file name and the parser says clearly when it is not a template.
pub fn language_of(input: &str) -> Language {
    let path = Path::new(input);
    let tf_extension = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("tf"));
    if input != "-" && (path.is_dir() || tf_extension) {
        Language::Terraform
    } else {
        Language::CloudFormation
    }
}

/// Reads a file (or stdin for `-`) as text; the error is rendered for the terminal.
pub fn read_source(input: &str) -> Result<SourceFile, String> {
    read_input(input).map_err(|e| e.render(crate::terminal::stderr_color()))
}

/// Reads a file (or stdin for `-`) as text, at most `MAX_SOURCE_BYTES`.
pub fn read_input(input: &str) -> Result<SourceFile, Box<Unreadable>> {
    if input == "-" {
        read_bounded("<stdin>", std::io::stdin().lock())
    } else {
        read_path(Path::new(input))
    }
}

pub fn read_path(path: &Path) -> Result<SourceFile, Box<Unreadable>> {
    let name = path.display().to_string();
    match File::open(path) {
        Ok(f) => read_bounded(&name, f),
        Err(e) => Err(unreadable(&name, format!("cannot read the file: {e}"))),
    }
}

fn unreadable(name: &str, message: String) -> Box<Unreadable> {
    Box::new(Unreadable {
        file: SourceFile::new(name, String::new()),
        diagnostic: Diagnostic::error("parse::io", message, None),
    })
}

fn read_bounded(name: &str, reader: impl Read) -> Result<SourceFile, Box<Unreadable>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_SOURCE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(name, format!("cannot read: {e}")))?;
    if bytes.len() > MAX_SOURCE_BYTES {
        let mut u = unreadable(
            name,
            format!(
                "the input is larger than {} MiB, the most cfn2tf reads",
                MAX_SOURCE_BYTES >> 20
            ),
        );
        u.diagnostic.code = "parse::too-large";
        u.diagnostic.help = Some("CloudFormation itself accepts templates of at most 1 MB".to_string());
        return Err(u);
    }
    decode(name, bytes)
}

/// Bytes -> text: a UTF-8 byte order mark dropped, CRLF and CR-only line endings read as LF
/// (as YAML, JSON and HCL read them, so that a reported line is the line an editor shows);
/// UTF-16/32 and other non-UTF-8 bytes a located error.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<Unreadable>> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0));
    if utf16 {
        return Err(Box::new(Unreadable {
            file: SourceFile::new(name, String::new()),
            diagnostic: Diagnostic::error(
                "parse::encoding",
                "the file is UTF-16 or UTF-32 text, not UTF-8",
                Some(Span::new(0, 0)),
            )
            .with_help("save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"),
        }));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(SourceFile::new(name, normalise_line_endings(text))),
        Err(e) => {
            let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default();
            let text = normalise_line_endings(valid);
            let at = text.len();
            Err(Box::new(Unreadable {
                file: SourceFile::new(name, text),
                diagnostic: Diagnostic::error(
                    "parse::encoding",
                    format!(
                        "the file is not UTF-8 text (byte {} is not; is it a binary file?)",
                        e.valid_up_to() + (bytes.len() - body.len())
                    ),
                    Some(Span::new(at, at)),
                )
                .with_help("templates and Terraform files are UTF-8 text"),
            }))
        }
    }
}

fn normalise_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The .tf text and the binary artefacts of a conversion, as the files to write (borrowed: a
/// batch writes thousands).
pub fn output_files(converted: &crate::Converted) -> BTreeMap<&str, &[u8]> {
    text_and_binary_files(&converted.files, &converted.artefacts)
}

pub fn text_and_binary_files<'a>(
    texts: &'a BTreeMap<String, String>,
    binaries: &'a BTreeMap<String, Vec<u8>>,
) -> BTreeMap<&'a str, &'a [u8]> {
    let texts = texts.iter().map(|(name, text)| (name.as_str(), text.as_bytes()));
    texts
        .chain(binaries.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())))
        .collect()
}

/// The list of files the last run wrote into an output folder, one per line; the file is also
/// the folder's lock (held while writing, released by the OS if the process dies).
pub const MANIFEST: &str = ".cfn2tf-files";

/// An output folder locked against other cfn2tf runs until dropped.
pub struct DirLock {
    file: File,
}

/// Creates `dir` if needed and locks it; another run holding the lock is an error, not a wait.
pub fn lock_dir(dir: &Path) -> Result<DirLock, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(MANIFEST);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "another cfn2tf run is writing {}; wait for it to finish",
            dir.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}

impl DirLock {
    /// The files an earlier run wrote here.
    fn written_before(&mut self) -> BTreeSet<String> {
        let mut text = String::new();
        let _ = self.file.read_to_string(&mut text);
        text.lines().filter(|l| is_inside(l)).map(str::to_string).collect()
    }

    fn record<'a>(&mut self, names: impl Iterator<Item = &'a str>) -> std::io::Result<()> {
        let list: String = names.map(|n| format!("{n}\n")).collect();
        self.file.set_len(0)?;
        use std::io::Seek;
        self.file.seek(std::io::SeekFrom::Start(0))?;
        self.file.write_all(list.as_bytes())
    }
}

/// A relative path made only of ordinary names: joined to a folder it stays inside it.
fn is_inside(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` into `dir`, all or none. Without `force` no existing file is replaced; with
/// it, files an earlier run wrote that this one does not are removed (other files in the folder,
/// such as `.terraform/` or a state file, are left alone). A failure on the way puts back what
/// was there. The folder is locked against concurrent runs while this runs.
pub fn write_output_dir<K: AsRef<str>, T: AsRef<[u8]>>(
    dir: &Path,
    files: &BTreeMap<K, T>,
    force: bool,
) -> Result<(), String> {
    if let Some(bad) = files.keys().map(AsRef::as_ref).find(|n| !is_inside(n)) {
        return Err(format!(
            "refusing to write {bad:?}: not a plain path inside {}",
            dir.display()
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} exists and is not a directory", dir.display()));
    }
    let fresh = !dir.exists();
    let mut lock = lock_dir(dir)?;
    let result = replace_files(dir, &mut lock, files, force);
    if result.is_err() && fresh {
        drop(lock);
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

fn replace_files<K: AsRef<str>, T: AsRef<[u8]>>(
    dir: &Path,
    lock: &mut DirLock,
    files: &BTreeMap<K, T>,
    force: bool,
) -> Result<(), String> {
    let new: BTreeSet<&str> = files.keys().map(AsRef::as_ref).collect();
    let earlier = lock.written_before();
    let stale: Vec<&str> = earlier
        .iter()
        .map(String::as_str)
        .filter(|n| !new.contains(n) && dir.join(n).is_file())
        .collect();
    if let Some(n) = new.iter().find(|n| dir.join(n).is_dir()) {
        return Err(format!(
            "{} is a directory; cannot write a file there",
            dir.join(n).display()
        ));
    }
    let clashes: Vec<&str> = new.iter().copied().filter(|n| dir.join(n).exists()).collect();
    if !force && !clashes.is_empty() {
        return Err(format!(
            "{} already holds {}; use --force to replace",
            dir.display(),
            clashes.join(", ")
        ));
    }
    let staging = dir.join(format!(".cfn2tf-new-{}", std::process::id()));
    let backup = dir.join(format!(".cfn2tf-old-{}", std::process::id()));
    let mut moves = Moves::default();
    let result = (|| -> std::io::Result<()> {
        for (name, bytes) in files {
            let path = staging.join(name.as_ref());
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        for name in clashes.iter().chain(&stale) {
            moves.rename(&dir.join(name), &backup.join(name))?;
        }
        for name in &new {
            moves.rename(&staging.join(name), &dir.join(name))?;
        }
        lock.record(new.iter().copied())
    })();
    if result.is_err() {
        moves.undo();
    }
    let _ = std::fs::remove_dir_all(&staging);
    let _ = std::fs::remove_dir_all(&backup);
    result.map_err(|e| format!("cannot write {}: {e}; it holds what it held before", dir.display()))
}

/// Renames done so far, to undo in reverse order when a later one fails.
#[derive(Default)]
struct Moves(Vec<(PathBuf, PathBuf)>);

impl Moves {
    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(from, to)?;
        self.0.push((from.to_path_buf(), to.to_path_buf()));
        Ok(())
    }

    fn undo(&mut self) {
        while let Some((from, to)) = self.0.pop() {
            let _ = std::fs::rename(&to, &from);
        }
    }
}

/// Writes one file whole or not at all (a temporary file renamed into place). An existing file
/// is only replaced with `force`, and never one of `inputs`.
pub fn write_output_file(file: &Path, bytes: &[u8], force: bool, inputs: &[PathBuf]) -> Result<(), String> {
    check_output_file(file, force, inputs)?;
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let staging = parent.join(format!(".{name}.cfn2tf-{}", std::process::id()));
    let result = std::fs::write(&staging, bytes).and_then(|()| std::fs::rename(&staging, file));
    if result.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    result.map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// The checks of `write_output_file`, for callers that check every output before writing any.
pub fn check_output_file(file: &Path, force: bool, inputs: &[PathBuf]) -> Result<(), String> {
    if file.is_dir() {
        return Err(format!("{} is a directory, not a file to write", file.display()));
    }
    if file.file_name().is_none() {
        return Err(format!("{} does not name a file", file.display()));
    }
    if let Some(input) = inputs.iter().find(|i| same_file(i, file)) {
        return Err(format!(
            "{} is an input ({}); cfn2tf never writes over its input",
            file.display(),
            input.display()
        ));
    }
    if file.exists() && !force {
        return Err(format!("{} already exists; use --force to replace it", file.display()));
    }
    Ok(())
}

/// Whether two paths name one file (the second need not exist yet).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = std::fs::canonicalize(p) {
            return Some(c);
        }
        let parent = p
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_bom_are_normalised() {
        let f = decode("t", b"\xEF\xBB\xBFa: 1\r\nb: 2\rc: 3\n".to_vec()).unwrap();
        assert_eq!(f.text, "a: 1\nb: 2\nc: 3\n");
        assert_eq!(f.line_col(f.text.find('c').unwrap()).line, 3);
    }

    #[test]
    fn utf16_and_invalid_bytes_are_located_errors() {
        let e = decode("t", b"\xFF\xFEa\0".to_vec()).unwrap_err();
        assert!(e.diagnostic.message.contains("UTF-16"));
        let e = decode("t", b"a: 1\rb: \xC3\x28\n".to_vec()).unwrap_err();
        assert_eq!(e.file.location(e.diagnostic.span.unwrap().start), "t:2:4");
    }

    #[test]
    fn only_plain_relative_names_are_inside() {
        for bad in ["", "..", "../x", "/etc/x", "a/../../b", "."] {
            assert!(!is_inside(bad), "{bad}");
        }
        assert!(is_inside("lambda/f.zip") && is_inside("main.tf"));
    }

    #[test]
    fn force_removes_stale_files_and_keeps_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let two: BTreeMap<&str, &str> = [("main.tf", "a"), ("outputs.tf", "b")].into();
        write_output_dir(&out, &two, false).unwrap();
        std::fs::write(out.join("backend.tf"), "mine").unwrap();
        assert!(write_output_dir(&out, &two, false).unwrap_err().contains("--force"));
        let one: BTreeMap<&str, &str> = [("main.tf", "c")].into();
        write_output_dir(&out, &one, true).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("main.tf")).unwrap(), "c");
        assert!(!out.join("outputs.tf").exists());
        assert_eq!(std::fs::read_to_string(out.join("backend.tf")).unwrap(), "mine");
    }

    #[test]
    fn a_failure_leaves_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let two: BTreeMap<&str, &str> = [("main.tf", "a"), ("outputs.tf", "b")].into();
        write_output_dir(&out, &two, false).unwrap();
        std::fs::write(out.join("backend.tf"), "mine").unwrap();
        // A file under a path that is a user's file cannot be written: nothing may change.
        let bad: BTreeMap<&str, &str> = [("main.tf", "new"), ("backend.tf/x", "y")].into();
        assert!(write_output_dir(&out, &bad, true).is_err());
        assert_eq!(std::fs::read_to_string(out.join("main.tf")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(out.join("outputs.tf")).unwrap(), "b");
        let names: BTreeSet<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(
            names,
            [MANIFEST, "backend.tf", "main.tf", "outputs.tf"]
                .map(String::from)
                .into()
        );
    }

    #[test]
    fn a_locked_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let _held = lock_dir(dir.path()).unwrap();
        let files: BTreeMap<&str, &str> = [("main.tf", "a")].into();
        assert!(
            write_output_dir(dir.path(), &files, true)
                .unwrap_err()
                .contains("another cfn2tf run")
        );
    }
}
