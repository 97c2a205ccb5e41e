//! Writing output files atomically: a temporary file in the same folder,
//! renamed into place once complete, so a failing or interrupted command
//! leaves nothing half-written behind.
//!
//! Every file the program writes goes through [`AtomicFile`], so rules about
//! where output may go belong here, in one place.

use crate::error::{Error, Result};
use same_file::Handle;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The files this process read its data from, as file identities (device
/// and inode, or the platform's equivalent), with the path they were read by.
static INPUTS: Mutex<Vec<(PathBuf, Handle)>> = Mutex::new(Vec::new());

/// Marks `paths` as inputs of this process: [`AtomicFile`] refuses to write
/// over any of them. They are compared as files, not names, so another
/// spelling of the path, a symbolic or a hard link is caught too. Paths that
/// are not regular files (a missing file, `/dev/stdin`) are left out.
pub fn protect_inputs<'a>(paths: impl IntoIterator<Item = &'a Path>) {
    let mut inputs = INPUTS.lock().unwrap_or_else(PoisonError::into_inner);
    for path in paths {
        if !path.is_file() {
            continue;
        }
        if let Ok(handle) = Handle::from_path(path)
            && !inputs.iter().any(|(_, h)| *h == handle)
        {
            inputs.push((path.to_path_buf(), handle));
        }
    }
}

/// The temporary files this process is writing, so that a signal can remove
/// them before the process ends ([`abandon_temporaries`]).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The folders already swept of stale temporary files by this process.
static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Who hears of a stale temporary file removed (the CLI prints it).
static ON_STALE: std::sync::OnceLock<fn(&Path)> = std::sync::OnceLock::new();

/// Temporary files are `.frontline-<pid>-<random>.tmp`: the process id says
/// whose they are, so a later run can tell a file still being written (its
/// process is alive) from one left by a killed run (SIGKILL, a power cut).
const TEMP_PREFIX: &str = ".frontline-";
const TEMP_SUFFIX: &str = ".tmp";

/// Sets what is done with the path of each stale temporary file removed
/// (once per process; later calls are ignored).
pub fn on_stale_removed(report: fn(&Path)) {
    let _ = ON_STALE.set(report);
}

/// Removes every temporary file this process is writing and keeps any more
/// from being made, for a process about to exit on a signal (SIGINT,
/// SIGTERM): it returns with the registry locked for good, so a writer on
/// another thread blocks instead of starting a new file. Returns how many
/// were removed.
pub fn abandon_temporaries() -> usize {
    let pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
    let removed = pending
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count();
    std::mem::forget(pending);
    removed
}

/// The process that made a temporary file of ours, from its name.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    rest.split_once('-')?.0.parse().ok()
}

/// Whether process `pid` is running. Where that cannot be told (no
/// `/proc`), every process counts as running, so nothing is removed.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Removes the temporary files in `dir` whose process is gone (once per
/// folder and process), telling [`on_stale_removed`]'s reporter of each.
fn sweep_stale(dir: &Path) {
    {
        let mut swept = SWEPT.lock().unwrap_or_else(PoisonError::into_inner);
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid == std::process::id() || is_running(pid) {
            continue;
        }
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(&path).is_ok()
            && let Some(report) = ON_STALE.get()
        {
            report(&path);
        }
    }
}

/// The input `path` is the same file as, if any.
fn input_at(path: &Path) -> Option<PathBuf> {
    let handle = Handle::from_path(path).ok()?;
    let inputs = INPUTS.lock().unwrap_or_else(PoisonError::into_inner);
    inputs
        .iter()
        .find(|(_, h)| *h == handle)
        .map(|(p, _)| p.clone())
}

/// Whether an existing target that is not a regular file is a stream that
/// is written to, not replaced: a terminal, `/dev/null`, `/dev/stdout`, a
/// named pipe. Anything else (a block device, a socket) is refused.
fn is_stream(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        t.is_char_device() || t.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// A file being written: a temporary file beside the one asked for, moved
/// onto it by [`AtomicFile::commit`]; dropped without a commit, the
/// temporary file is removed and the target left as it was.
///
/// A symbolic link is followed (the file it points to is replaced), and a
/// target that is a stream (`/dev/stdout`, a terminal, a named pipe) is
/// written to directly, since it cannot be replaced. Parent folders are
/// created. Errors name the file asked for, never the temporary one.
///
/// What may not be written over is decided here, for every output: a file
/// that is one of the process's inputs ([`protect_inputs`]), and a target
/// that is neither a regular file, a folder (which fails to be written, as
/// any unwritable path does) nor a stream. Both are usage errors.
pub struct AtomicFile {
    /// The file asked for: what errors name.
    path: PathBuf,
    out: BufWriter<File>,
    /// The temporary file and the file it becomes; `None` when the target is
    /// written directly.
    temp: Option<(tempfile::TempPath, PathBuf)>,
    /// The temporary file as registered for a signal's clean-up.
    registered: Option<PathBuf>,
}

impl AtomicFile {
    /// Starts writing `path` (buffered as [`BufWriter`] is by default).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        AtomicFile::with_capacity(path, 8 * 1024)
    }

    /// Starts writing `path` through a buffer of `capacity` bytes (0: every
    /// write goes straight to the file).
    pub fn with_capacity(path: &Path, capacity: usize) -> Result<AtomicFile> {
        // `-` conventionally means stdout; a file named `-` would surprise.
        if path == Path::new("-") {
            return Err(Error::Usage(
                "-: an output named `-` is refused (it would be a file named `-`, not standard output); write to /dev/stdout for that".into(),
            ));
        }
        let target = match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {
                if let Some(input) = input_at(path) {
                    return Err(Error::Usage(format!(
                        "{}: this is one of the command's inputs ({}): writing there would replace it; choose another output file",
                        path.display(),
                        input.display()
                    )));
                }
                path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
            }
            Ok(meta) if !meta.is_dir() && !is_stream(&meta) => {
                return Err(Error::Usage(format!(
                    "{}: not a regular file (a device or a socket): refusing to write over it",
                    path.display()
                )));
            }
            Ok(meta) if !meta.is_dir() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    out: BufWriter::with_capacity(capacity, file),
                    temp: None,
                    registered: None,
                });
            }
            Ok(_) | Err(_) => path.to_path_buf(),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        sweep_stale(dir);
        // Made and registered under the lock, so a signal's clean-up
        // (`abandon_temporaries`) sees every file made before it.
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        let (file, temp) = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)
            .map_err(|e| cannot_write(path, e))?
            .into_parts();
        pending.push(temp.to_path_buf());
        drop(pending);
        Ok(AtomicFile {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(capacity, file),
            registered: Some(temp.to_path_buf()),
            temp: Some((temp, target)),
        })
    }

    /// The file asked for.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the bytes go until the commit: for a program that writes by
    /// path (ffmpeg) rather than through this value.
    pub fn temp_path(&self) -> &Path {
        match &self.temp {
            Some((temp, _)) => temp,
            None => &self.path,
        }
    }

    /// Another handle on the file (sharing its position), for an encoder
    /// that takes its writer by value and drops it when done (the PNG one),
    /// so that this value is still there to commit. Write through one of
    /// the two only.
    pub fn handle(&self) -> Result<File> {
        self.out
            .get_ref()
            .try_clone()
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Flushes the file and moves it into place.
    pub fn commit(mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(&self.path, e))?;
        let Some((temp, target)) = self.temp.take() else {
            return Ok(());
        };
        set_normal_permissions(self.out.get_ref());
        temp.persist(&target).map_err(|e| {
            // Put back, so that dropping `self` removes it.
            self.temp = Some((e.path, target));
            cannot_write(&self.path, e.error)
        })
    }
}

impl Drop for AtomicFile {
    /// Removes the temporary file if it was not moved into place, then
    /// forgets it: in this order, a signal in between finds nothing left.
    fn drop(&mut self) {
        drop(self.temp.take());
        if let Some(registered) = self.registered.take() {
            let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
            pending.retain(|p| *p != registered);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// An error of the temporary file, told as one of the file asked for.
fn cannot_write(path: &Path, e: std::io::Error) -> Error {
    Error::io(
        path,
        std::io::Error::new(e.kind(), format!("cannot write: {}", e.kind())),
    )
}

/// tempfile creates files readable by the owner only; outputs are ordinary files.
fn set_normal_permissions(file: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
}

/// Writes a file atomically; `write` fills it (see [`AtomicFile`]).
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    write(&mut file).map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// Writes several files as one: every file is opened (and checked) before
/// any is written, and they are moved into place only once all are
/// complete, so a refused or unwritable one leaves every target as it was.
pub fn write_together(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut open = Vec::with_capacity(files.len());
    for (path, _) in files {
        open.push(AtomicFile::create(path)?);
    }
    for (file, (path, bytes)) in open.iter_mut().zip(files) {
        file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    }
    open.into_iter().try_for_each(AtomicFile::commit)
}

/// Writes bytes atomically.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |w| w.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn nothing_is_there_until_the_commit_and_nothing_is_left_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"hello").unwrap();
        let temp = f.temp_path().to_path_buf();
        assert_eq!(temp.parent(), path.parent());
        assert!(
            temp.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".frontline-")
        );
        assert!(!path.exists());
        drop(f);
        assert!(names(&dir.path().join("sub")).is_empty());

        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"hello").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert_eq!(names(&dir.path().join("sub")), ["out.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    /// Issue 13, kind 8: the name says whose the file is (so a later run
    /// can tell a stale one), and the file is known to a signal's clean-up
    /// exactly while it exists.
    #[test]
    fn a_temporary_file_is_named_by_its_process_and_registered_while_it_lives() {
        let dir = tempfile::tempdir().unwrap();
        let registered = |p: &Path| PENDING.lock().unwrap().iter().any(|q| q == p);
        let f = AtomicFile::create(&dir.path().join("out.txt")).unwrap();
        let temp = f.temp_path().to_path_buf();
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert_eq!(temp_owner(name), Some(std::process::id()), "{name}");
        assert!(registered(&temp));
        f.commit().unwrap();
        assert!(!registered(&temp));
        let f = AtomicFile::create(&dir.path().join("other.txt")).unwrap();
        let temp = f.temp_path().to_path_buf();
        drop(f);
        assert!(!registered(&temp) && !temp.exists());
        assert_eq!(temp_owner(".frontline-abc.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("target.txt"), "old").unwrap();
        std::os::unix::fs::symlink("target.txt", dir.path().join("link.txt")).unwrap();
        write_bytes(&dir.path().join("link.txt"), b"new").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("target.txt")).unwrap(),
            b"new"
        );
        let link = std::fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
        assert!(link.is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_directly() {
        let mut f = AtomicFile::create(Path::new("/dev/null")).unwrap();
        assert_eq!(f.temp_path(), Path::new("/dev/null"));
        f.write_all(b"x").unwrap();
        f.commit().unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn errors_name_the_file_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::create_dir(&path).unwrap();
        let err = write_bytes(&path, b"x").unwrap_err().to_string();
        assert!(err.contains("out.txt"), "{err}");
        assert!(err.contains("cannot write"), "{err}");
        assert!(!err.contains(".frontline-"), "{err}");
    }
}
