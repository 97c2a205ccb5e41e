//! `--mp4`: frames piped to ffmpeg (H.264), when ffmpeg is on the PATH. Never
//! required: without it `--mp4` fails before anything is drawn.

use crate::error::{Error, Result};
use resvg::tiny_skia::Pixmap;
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
pub struct Video {
    child: Child,
    stdin: Option<ChildStdin>,
    temp: PathBuf,
    path: PathBuf,
    /// Frames of hold for the last frame, beyond the first.
    hold_repeats: u32,
    rgb: Vec<u8>,
    finished: bool,
}

impl Video {
    /// Starts ffmpeg; one frame every `delay_ms`, the last held `hold_ms`.
    pub fn start(path: &Path, (w, h): (u32, u32), delay_ms: u32, hold_ms: u32) -> Result<Video> {
        let exe = ffmpeg().ok_or_else(|| {
            Error::Usage(
                "--mp4 needs ffmpeg, which is not on the PATH: install it (e.g. apt-get install ffmpeg) or use --gif, --apng or --html".into(),
            )
        })?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "video".into());
        let temp = dir.join(format!(".frontline-{}-{name}.tmp", std::process::id()));
        let delay = delay_ms.max(10);
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
            .arg(&temp)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| Error::io("ffmpeg", e))?;
        let stdin = child.stdin.take();
        Ok(Video {
            child,
            stdin,
            temp,
            path: path.to_path_buf(),
            hold_repeats: (hold_ms / delay).saturating_sub(1),
            rgb: Vec::new(),
            finished: false,
        })
    }

    /// Sends one frame (the last one repeated for the hold).
    pub fn frame(&mut self, pixmap: &Pixmap, last: bool) -> Result<()> {
        self.rgb.clear();
        for px in pixmap.data().chunks_exact(4) {
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
    pub fn finish(mut self) -> Result<()> {
        drop(self.stdin.take());
        let status = self.child.wait().map_err(|e| Error::io("ffmpeg", e))?;
        if !status.success() {
            return Err(Error::Render(format!("ffmpeg failed ({status})")));
        }
        std::fs::rename(&self.temp, &self.path).map_err(|e| Error::io(&self.path, e))?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Video {
    fn drop(&mut self) {
        if !self.finished {
            drop(self.stdin.take());
            let _ = self.child.kill();
            let _ = self.child.wait();
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
