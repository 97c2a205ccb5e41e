//! The `frontline` binary: parses the command line and hands over to the library.
#![deny(unsafe_code)]

mod cli;

/// mimalloc: loading a large dataset makes millions of small allocations
/// (JSON values, names, rows), which it serves in about half the CPU time
/// of the system's allocator (docs/performance.md, "Scale, third pass").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    return_freed_memory_at_once();
    cli::main()
}

/// mimalloc's `mi_option_purge_delay` (the 16th option of `mi_option_e` in
/// its `mimalloc.h`, v2 and v3 alike; the sys crate names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once rather than 10 ms later:
/// loading frees and allocates in quick phases (rows read, then joined,
/// then resolved), and with the delay the peak memory of a million events
/// rose from 400 to 510 MB.
#[allow(unsafe_code)]
fn return_freed_memory_at_once() {
    // SAFETY: sets one of mimalloc's documented options to a documented
    // value, before any thread is started; it changes only when freed
    // pages are returned to the system.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}
