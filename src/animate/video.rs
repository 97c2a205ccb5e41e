//! `--mp4`: frames piped to ffmpeg (H.264), when ffmpeg is on the PATH. Never
//! required: without it `--mp4` fails before anything is drawn. ffmpeg
//! writes the temporary file of an [`AtomicFile`] by its path.

use super::frame::{FrameOut, Output};
use super::options::Options;
use crate::error::{Error, Result};
use crate::output::AtomicFile;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

/// ffmpeg's path, if it is on the PATH.
pub fn ffmpeg() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("ffmpeg"))
        .find(|p| p.is_file())
}

/// A running ffmpeg encoding to a temporary file beside the target.
pub(crate) struct Video {
    child: Child,
    stdin: Option<ChildStdin>,
    /// What ffmpeg writes; moved into place once it has succeeded.
    file: Option<AtomicFile>,
    total: usize,
    /// Frames of hold for the last frame, beyond the first.
    hold_repeats: u32,
    rgb: Vec<u8>,
}

impl Video {
    /// Starts ffmpeg; one frame every `delay_ms`, the last held `hold_ms`.
    pub fn open(path: &Path, options: &Options, (w, h): (u32, u32)) -> Result<Video> {
        let exe = ffmpeg().ok_or_else(|| {
            Error::Usage(
                "an MP4 video needs ffmpeg, which is not on the PATH: install it (e.g. apt-get install ffmpeg)".into(),
            )
        })?;
        let file = AtomicFile::create(path)?;
        let delay = options.delay_ms.max(10);
        let mut child = Command::new(exe)
            .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo"])
            .args(["-pixel_format", "rgb24", "-video_size", &format!("{w}x{h}")])
            .args(["-framerate", &format!("1000/{delay}"), "-i", "-"])
            .args(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white"])
            .args([
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                "-movflags",
                "+faststart",
            ])
            .args(["-f", "mp4"])
            .arg(file.temp_path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| Error::io("ffmpeg", e))?;
        let stdin = child.stdin.take();
        Ok(Video {
            child,
            stdin,
            file: Some(file),
            total: options.dates.len(),
            hold_repeats: (options.hold_ms / delay).saturating_sub(1),
            rgb: Vec::new(),
        })
    }
}

impl Output for Video {
    /// Sends one frame (the last one repeated for the hold).
    fn frame(&mut self, f: &FrameOut) -> Result<()> {
        let Some(px) = &f.pixels else {
            return Ok(());
        };
        let last = f.index + 1 == self.total;
        self.rgb.clear();
        for px in px.rgba.data().chunks_exact(4) {
            self.rgb.extend_from_slice(&px[..3]);
        }
        let repeats = if last { 1 + self.hold_repeats } else { 1 };
        let stdin = self.stdin.as_mut().expect("ffmpeg stdin");
        for _ in 0..repeats {
            stdin
                .write_all(&self.rgb)
                .map_err(|e| Error::Render(format!("ffmpeg stopped: {e}")))?;
        }
        Ok(())
    }

    /// Waits for ffmpeg and moves the video into place.
    fn finish(mut self: Box<Self>) -> Result<()> {
        drop(self.stdin.take());
        let status = self.child.wait().map_err(|e| Error::io("ffmpeg", e))?;
        if !status.success() {
            return Err(Error::Render(format!("ffmpeg failed ({status})")));
        }
        match self.file.take() {
            Some(file) => file.commit(),
            None => Ok(()),
        }
    }
}

impl Drop for Video {
    /// Unfinished: ffmpeg is stopped before its file is removed.
    fn drop(&mut self) {
        if self.file.is_some() {
            drop(self.stdin.take());
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
