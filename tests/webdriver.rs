//! A tiny W3C WebDriver client over ChromeDriver (HTTP on localhost, no
//! dependencies beyond serde_json and tempfile): just what the HTML viewer
//! test in animate.rs needs to open a page in headless Chromium, read text,
//! press keys, click, hover and take a screenshot.
//!
//! Chromium and ChromeDriver are Debian's `chromium` and `chromium-driver`,
//! found on the PATH. [`Browser::locate`] says whether they are there; a test
//! that needs them first asks [`Browser::available_for`], which skips the test
//! (with a message on stderr) when they are missing, unless the environment
//! sets `FRONTLINE_REQUIRE_BROWSER=1` (tools/test and so CI do), in which
//! case a missing browser fails the test.
//!
//! Browser plumbing belongs here; what the viewer should do, in animate.rs.
//! Nothing here asserts anything about frontline itself; the tests do.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ARROW_LEFT: &str = "\u{E012}";
pub const ARROW_RIGHT: &str = "\u{E014}";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The variable that turns a missing browser from a skip into a failure.
pub const REQUIRE: &str = "FRONTLINE_REQUIRE_BROWSER";

/// A `file://` URL for a local file.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The first `name` on the PATH that is a file.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Whether the environment asks for the browser tests to run (and so fail
/// when the browser is missing): `FRONTLINE_REQUIRE_BROWSER` set to anything
/// but empty or `0`.
pub fn required() -> bool {
    std::env::var_os(REQUIRE).is_some_and(|v| !v.is_empty() && v != "0")
}

/// A headless Chromium driven through a ChromeDriver child process; both are
/// stopped when it is dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Chromium and ChromeDriver on the PATH, or what is missing.
    pub fn locate() -> Result<(PathBuf, PathBuf), String> {
        match (on_path("chromium"), on_path("chromedriver")) {
            (Some(chromium), Some(driver)) => Ok((chromium, driver)),
            (chromium, driver) => Err([
                chromium.is_none().then_some("chromium"),
                driver.is_none().then_some("chromedriver"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/")),
        }
    }

    /// Checks, before a test does any work, that it can have a browser:
    /// `true` when Chromium and ChromeDriver are on the PATH. When they are
    /// not, says on stderr that `test` is skipped and returns `false`, unless
    /// [`required`], when it panics instead.
    #[track_caller]
    pub fn available_for(test: &str) -> bool {
        let Err(missing) = Browser::locate() else {
            return true;
        };
        if required() {
            panic!(
                "{missing} not found on the PATH, and {REQUIRE} is set: the HTML viewer test \
                 needs Debian's chromium and chromium-driver (tools/test installs them: \
                 apt-get install chromium chromium-driver)"
            );
        }
        // Straight to stderr: the test harness would swallow an eprintln!
        // of a test that passes.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped: {missing} not found; set {REQUIRE}=1 to make this an error"
        );
        false
    }

    /// Starts ChromeDriver and a headless Chromium session (panics when they
    /// cannot be found or started; see [`Browser::available_for`]).
    pub fn start() -> Browser {
        let (chromium, chromedriver) = Browser::locate().unwrap_or_else(|missing| {
            panic!(
                "{missing} not found on the PATH: the HTML viewer test needs Debian's chromium \
                 and chromium-driver (tools/test installs them: apt-get install chromium chromium-driver)"
            )
        });
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start chromedriver");
        let profile = tempfile::Builder::new()
            .prefix("frontline-chromium-")
            .tempdir()
            .unwrap();
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let started = Instant::now();
        while b.call("GET", "/status", None).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000",
                    format!("--user-data-dir={}", b._profile.path().display()),
                ]
            }
        }}});
        let v = b
            .call("POST", "/session", Some(&caps))
            .expect("new session");
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        b
    }

    /// Reads what has arrived, again when a signal interrupts the wait
    /// (a test process gets signals; a bare `read` reports them as errors).
    fn read_some(s: &mut TcpStream, buf: &mut [u8]) -> Result<usize, String> {
        loop {
            match s.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => return r.map_err(|e| e.to_string()),
            }
        }
    }

    /// One WebDriver command; the `value` of its answer.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
        // ChromeDriver keeps the connection open: read by Content-Length.
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let (head, body_start) = loop {
            let n = Self::read_some(&mut s, &mut buf)?;
            if n == 0 {
                return Err("connection closed".into());
            }
            raw.extend_from_slice(&buf[..n]);
            if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break (String::from_utf8_lossy(&raw[..at]).to_string(), at + 4);
            }
        };
        let lower = head.to_ascii_lowercase();
        let chunked = lower.contains("transfer-encoding: chunked");
        let length = lower
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        loop {
            let have = raw.len() - body_start;
            let done = match length {
                Some(n) => have >= n,
                None if chunked => raw.ends_with(b"0\r\n\r\n"),
                None => false,
            };
            if done {
                break;
            }
            let n = Self::read_some(&mut s, &mut buf)?;
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8_lossy(&raw[body_start..]).to_string();
        let mut body: &str = &text;
        let dechunked;
        if chunked {
            dechunked = dechunk(body);
            body = &dechunked;
        }
        let v: Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
        if head.starts_with("HTTP/1.1 2") {
            Ok(v["value"].clone())
        } else {
            Err(format!("{method} {path}: {v}"))
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body.as_ref())
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    pub fn open(&mut self, file: &Path) {
        self.open_url(&file_url(file));
    }

    pub fn open_url(&mut self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
        // A new hash on the same file does not reload: make sure it does.
        self.cmd("POST", "/refresh", Some(json!({})));
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }

    pub fn text(&mut self, css: &str) -> String {
        let id = self.find(css);
        self.cmd("GET", &format!("/element/{id}/text"), None)
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// An attribute of the first element matching `css` ("" when absent).
    pub fn attribute(&mut self, css: &str, name: &str) -> String {
        let id = self.find(css);
        self.cmd("GET", &format!("/element/{id}/attribute/{name}"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Where the first element matching `css` is drawn, in CSS pixels:
    /// x, y, width, height.
    pub fn rect(&mut self, css: &str) -> [f64; 4] {
        let id = self.find(css);
        let r = self.cmd("GET", &format!("/element/{id}/rect"), None);
        ["x", "y", "width", "height"].map(|k| r[k].as_f64().unwrap())
    }

    pub fn press(&mut self, key: &str) {
        self.cmd(
            "POST",
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                    {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
                ]}]}),
            ),
        );
    }

    /// Clicks an element at `fraction` of its width, halfway down.
    pub fn click_at(&mut self, css: &str, fraction: f64) {
        let id = self.find(css);
        let rect = self.cmd("GET", &format!("/element/{id}/rect"), None);
        let w = rect["width"].as_f64().unwrap();
        let x = ((fraction - 0.5) * w).round() as i64;
        self.pointer(json!({ELEMENT: id}), x, true);
    }

    /// Turns the mouse wheel over the middle of an element (`delta_y` < 0:
    /// away from the user, which zooms in).
    pub fn wheel(&mut self, css: &str, delta_y: i64) {
        let id = self.find(css);
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "wheel", "id": "wheel", "actions": [
                {"type": "scroll", "origin": {ELEMENT: id}, "x": 0, "y": 0, "deltaX": 0, "deltaY": delta_y}
            ]}]})),
        );
    }

    /// Drags with the mouse from the middle of an element by (dx, dy) pixels.
    pub fn drag(&mut self, css: &str, dx: i64, dy: i64) {
        let id = self.find(css);
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "pointer", "id": "mouse",
                "parameters": {"pointerType": "mouse"}, "actions": [
                    {"type": "pointerMove", "origin": {ELEMENT: id}, "x": 0, "y": 0},
                    {"type": "pointerDown", "button": 0},
                    {"type": "pointerMove", "origin": "pointer", "x": dx / 2, "y": dy / 2, "duration": 50},
                    {"type": "pointerMove", "origin": "pointer", "x": dx - dx / 2, "y": dy - dy / 2, "duration": 50},
                    {"type": "pointerUp", "button": 0}
                ]}]})),
        );
    }

    /// Two fingers on the middle of an element, `from` pixels apart
    /// horizontally, moved apart to `to` pixels (a pinch that zooms in when
    /// `to` > `from`).
    pub fn pinch(&mut self, css: &str, from: i64, to: i64) {
        let id = self.find(css);
        let finger = |name: &str, sign: i64| {
            json!({"type": "pointer", "id": name, "parameters": {"pointerType": "touch"}, "actions": [
                {"type": "pointerMove", "origin": {ELEMENT: id}, "x": sign * from / 2, "y": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerMove", "origin": {ELEMENT: id}, "x": sign * (from + to) / 4, "y": 0, "duration": 100},
                {"type": "pointerMove", "origin": {ELEMENT: id}, "x": sign * to / 2, "y": 0, "duration": 100},
                {"type": "pointerUp", "button": 0}
            ]})
        };
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [finger("finger1", -1), finger("finger2", 1)]})),
        );
    }

    /// Clicks the middle of the first element matching `css`.
    pub fn click(&mut self, css: &str) {
        self.click_at(css, 0.5);
    }

    pub fn hover_first(&mut self, css: &str) {
        let id = self.find(css);
        self.pointer(json!({ELEMENT: id}), 0, false);
    }

    fn pointer(&mut self, origin: Value, x: i64, click: bool) {
        let mut actions = vec![json!({"type": "pointerMove", "origin": origin, "x": x, "y": 0})];
        if click {
            actions.push(json!({"type": "pointerDown", "button": 0}));
            actions.push(json!({"type": "pointerUp", "button": 0}));
        }
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "pointer", "id": "mouse",
                "parameters": {"pointerType": "mouse"}, "actions": actions}]})),
        );
    }

    pub fn screenshot(&mut self) -> Vec<u8> {
        let b64 = self.cmd("GET", "/screenshot", None);
        base64_decode(b64.as_str().unwrap())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a') as u32 + 26,
            b'0'..=b'9' => (c - b'0') as u32 + 52,
            b'+' => 62,
            b'/' => 63,
            _ => 0,
        }
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for quad in clean.chunks(4) {
        let pad = quad.iter().filter(|&&c| c == b'=').count();
        let n = quad.iter().fold(0u32, |acc, &c| {
            (acc << 6) | if c == b'=' { 0 } else { val(c) }
        }) << (6 * (4 - quad.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    out
}
