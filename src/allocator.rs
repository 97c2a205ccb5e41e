//! The binary's allocator: mimalloc, tuned for the two phases of a run.
//!
//! Loading a large dataset makes millions of small allocations (JSON
//! values, names, rows), which mimalloc serves in about half the CPU time
//! of the system's allocator (docs/performance.md, "Scale, third pass").
//! While loading a large dataset, freed memory goes back to the system at
//! once: rows are read, resolved and dropped in quick phases, and with
//! mimalloc's usual 10 ms delay the peak memory of a million events rose
//! from 400 to 510 MB.
//! Once loaded, drawing frames allocates and frees the same large buffers
//! again and again: they are kept for a second, so each frame does not
//! fault in (and the kernel zero) fresh pages.
#![allow(unsafe_code)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, in milliseconds (the 16th option of
/// `mi_option_e` in its `mimalloc.h`, v2 and v3 alike; the sys crate names
/// no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Inputs from this size are loaded with freed memory returned at once.
/// Below it, returning pages only to fault them in again costs more than
/// the memory it saves: the 5k set (7.7 MB) loads in 130 ms instead of
/// 165 ms, at a peak of 138 MB instead of 81 MB; the 50k set (78 MB) keeps
/// its peak of under 400 MB.
const EAGER_FROM_BYTES: u64 = 32 << 20;

/// Call before loading `input_bytes` of data files: a large dataset's
/// freed memory goes back to the system at once.
pub fn loading(input_bytes: u64) {
    if input_bytes >= EAGER_FROM_BYTES {
        set_purge_delay(0);
    }
}

/// Freed memory is kept for a second: the setting for drawing, and for
/// loading small datasets (call at start and once the dataset is loaded).
pub fn loaded() {
    set_purge_delay(1000);
}

fn set_purge_delay(milliseconds: i64) {
    // SAFETY: sets one of mimalloc's documented options to a documented
    // value; it changes only when freed pages are returned to the system.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, milliseconds as _) }
}
