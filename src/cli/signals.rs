//! Ctrl-C, SIGTERM and SIGHUP (ctrlc's `termination` feature; SIGTERM is
//! what `timeout`, systemd and CI send), the same for every command: the
//! temporary files of outputs being written are removed and the command
//! ends with status 130, so an interrupted run leaves no partial file and
//! no leftover (issue 13, kind 8). A command that can stop cleanly on its
//! own (`animate`: complete frames only) asks for the first signal as a
//! flag instead ([`cooperate`]); a second one ends it as above.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Set when a command stops on its own at the first signal.
static COOPERATIVE: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Installs the handler (once, before any command runs), and tells of the
/// stale temporary files that outputs find and remove.
pub fn install() {
    // An error here means a handler is already set: nothing more to do.
    let _ = ctrlc::set_handler(on_signal);
    frontline::output::on_stale_removed(|path| {
        say!(
            "frontline: removed {}, a temporary file left by a run that was killed",
            path.display()
        );
    });
}

/// The first signal sets the returned flag instead of ending the process;
/// the command checks it and stops cleanly.
pub fn cooperate() -> Arc<AtomicBool> {
    COOPERATIVE
        .get_or_init(|| Arc::new(AtomicBool::new(false)))
        .clone()
}

fn on_signal() {
    if let Some(cancel) = COOPERATIVE.get()
        && !cancel.swap(true, Ordering::SeqCst)
    {
        return;
    }
    let removed = frontline::output::abandon_temporaries();
    // Files completed before the signal stay (animate's frames, one of
    // several outputs): only unfinished ones are removed.
    say!(
        "frontline: interrupted: no partial file left{}",
        if removed > 0 {
            format!(
                " ({removed} unfinished file{} removed)",
                frontline::words::plural(removed)
            )
        } else {
            String::new()
        }
    );
    std::process::exit(130);
}
