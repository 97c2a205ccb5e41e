//! Writing output files atomically: a temporary file in the same folder,
//! renamed into place once complete, so a failing command leaves nothing
//! half-written behind.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes a file atomically; `write` fills it. Parent folders are created.
///
/// A symbolic link is followed (the file it points to is replaced), and a
/// target that is not a regular file (`/dev/stdout`, a named pipe) is
/// written to directly, since it cannot be replaced.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let target = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| Error::io(path, e))?;
            return Ok(());
        }
        Ok(_) => path.canonicalize().unwrap_or_else(|_| path.to_path_buf()),
        Err(_) => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Errors name the file asked for, not the temporary one.
    let fail = |e: std::io::Error| {
        Error::io(
            path,
            std::io::Error::new(e.kind(), format!("cannot write: {}", e.kind())),
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".frontline-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered).map_err(|e| Error::io(path, e))?;
        buffered.flush().map_err(|e| Error::io(path, e))?;
    }
    set_normal_permissions(tmp.as_file());
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

/// tempfile creates files readable by the owner only; outputs are ordinary files.
fn set_normal_permissions(file: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
}

/// Writes bytes atomically.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |w| w.write_all(bytes))
}
