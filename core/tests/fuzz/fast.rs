//! The fast runner: a plain loop over seeded byte mutations of real files, for the targets that
//! call one parser on small inputs and must reach ten million cases within the script's budget.
//! proptest's runner costs more per case than these parsers do (its strategy tree, its chunked
//! runners); here a case is a 64-bit number, its input a pure function of it.
//!
//! - Case `n`'s input comes from an RNG seeded with `n` alone (proptest's XorShift `TestRng`),
//!   so any case can be made again without having been kept.
//! - A case fails when the check returns an error or panics. The input is shrunk (byte ranges
//!   cut while it still fails), saved under `core/tests/fuzz/findings/<target>/`, and the run
//!   stops. Every run, plain `cargo test` included, first replays every saved input of its
//!   target: a finding stays a regression case once it is fixed.
//! - A watchdog thread stops a case that runs more than [`HANG_SECONDS`] or takes the process
//!   past [`RSS_LIMIT_BYTES`] of resident memory, and one allocation of more than
//!   [`ALLOCATION_LIMIT_BYTES`] stops the run at once ([`Guard`]): each such input is saved as
//!   a finding too, before the process exits with status 3.

use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};

use super::env_number;

/// A case running longer than this is a hang (the parsers take microseconds on these inputs).
pub const HANG_SECONDS: u64 = 10;
/// Resident memory past this is a blow-up: the budget for any input.
pub const RSS_LIMIT_BYTES: u64 = 1 << 30;
/// One allocation larger than this is a blow-up, stopped before it is made.
pub const ALLOCATION_LIMIT_BYTES: usize = 1 << 30;

/// The case under way (`u64::MAX`: none), for the watchdog and the allocation guard.
static CURRENT_CASE: AtomicU64 = AtomicU64::new(u64::MAX);
/// Saves case `n`'s input as a finding, saying why.
type SaveCase = Box<dyn Fn(u64, &str) + Send + Sync>;
/// The saver of the target under way; set when a target starts.
static SAVE_CASE: OnceLock<SaveCase> = OnceLock::new();
/// Set once an allocation over the limit was asked for, so the guard reports only once.
static OVERSIZED: AtomicBool = AtomicBool::new(false);

/// The system allocator, refusing one allocation over [`ALLOCATION_LIMIT_BYTES`] during a case
/// of a fast target: it saves that case's input and exits, where the allocation would have
/// aborted the run without saying which input asked for it.
pub struct Guard;

// SAFETY: every allocation is the system allocator's; the guard only decides to exit instead.
unsafe impl GlobalAlloc for Guard {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOCATION_LIMIT_BYTES {
            oversized(layout.size());
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOCATION_LIMIT_BYTES {
            oversized(layout.size());
        }
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > ALLOCATION_LIMIT_BYTES {
            oversized(new_size);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// An allocation over the limit during a case: save that case and exit. Outside a fast target's
/// case, or the second time, the allocation goes ahead (and fails as it would have).
fn oversized(bytes: usize) {
    let case = CURRENT_CASE.load(Ordering::SeqCst);
    if case == u64::MAX || OVERSIZED.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(save) = SAVE_CASE.get() {
        save(case, &format!("asked for one allocation of {bytes} bytes"));
        std::process::exit(3);
    }
}

/// The RNG of case `n`: XorShift seeded from `n` alone.
pub fn case_rng(n: u64) -> TestRng {
    let mut seed = [0u8; 16];
    seed[..8].copy_from_slice(&n.to_le_bytes());
    seed[8..].copy_from_slice(&(!n).rotate_left(17).to_le_bytes());
    TestRng::from_seed(RngAlgorithm::XorShift, &seed)
}

/// A number in `0..n` (`n > 0`).
pub fn below(rng: &mut TestRng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// One to seven byte-level edits of `base` into `out`: flips, inserts, deletes, duplicated
/// ranges and `tokens` spliced in, as [`super::Edit`] does for the proptest targets.
pub fn mutate(rng: &mut TestRng, base: &[u8], tokens: &[&str], out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(base);
    for _ in 0..1 + below(rng, 7) {
        let len = out.len();
        let at = below(rng, len + 1);
        match below(rng, 5) {
            0 if len > 0 => out[at.min(len - 1)] ^= 1 + below(rng, 255) as u8,
            1 => out.insert(at, rng.next_u32() as u8),
            2 => {
                let to = (at + 1 + below(rng, 16)).min(len);
                out.drain(at.min(to)..to);
            }
            3 if !tokens.is_empty() => {
                let token = tokens[below(rng, tokens.len())];
                out.splice(at..at, token.bytes());
            }
            _ => {
                let to = (at + 1 + below(rng, 64)).min(len);
                let copy = out[at.min(to)..to].to_vec();
                out.splice(to..to, copy);
            }
        }
    }
}

/// Where a target's findings are kept: `core/tests/fuzz/findings/<target>/`.
fn findings_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/findings")
        .join(target)
}

/// Runs `check` on `input`: its error, or the panic's message.
fn run_check(check: &(dyn Fn(&[u8]) -> Result<(), String> + Sync), input: &[u8]) -> Option<String> {
    match catch_unwind(AssertUnwindSafe(|| check(input))) {
        Ok(Ok(())) => None,
        Ok(Err(message)) => Some(message),
        Err(panic) => Some(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}

/// A smaller input that still fails: byte ranges cut, halving their length, while it fails.
fn shrink(check: &(dyn Fn(&[u8]) -> Result<(), String> + Sync), input: &[u8]) -> Vec<u8> {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut best = input.to_vec();
    let mut cut = best.len() / 2;
    let mut tries = 0;
    while cut > 0 && tries < 4000 {
        let mut at = 0;
        while at + cut <= best.len() && tries < 4000 {
            tries += 1;
            let mut smaller = best[..at].to_vec();
            smaller.extend_from_slice(&best[at + cut..]);
            if run_check(check, &smaller).is_some() {
                best = smaller;
            } else {
                at += cut;
            }
        }
        cut /= 2;
    }
    std::panic::set_hook(quiet);
    best
}

/// Saves a failing input under the target's findings, named by its hash; the path.
fn save_finding(target: &str, input: &[u8]) -> PathBuf {
    let dir = findings_dir(target);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    // FNV-1a: a stable name, so the same finding saved twice is one file.
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("{hash:016x}.bin"));
    std::fs::write(&path, input).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// Replays every saved finding of `target`: each must now pass.
fn replay_findings(target: &str, check: &(dyn Fn(&[u8]) -> Result<(), String> + Sync)) -> usize {
    let Ok(entries) = std::fs::read_dir(findings_dir(target)) else {
        return 0;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in &paths {
        let input = std::fs::read(path).unwrap();
        if let Some(message) = run_check(check, &input) {
            panic!(
                "fuzz target {target}: finding {} fails again: {message}",
                path.display()
            );
        }
    }
    paths.len()
}

/// Resident memory of this process, from `/proc/self/statm` (Linux; 0 elsewhere).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// Runs fast target `name`: replays its findings, then `PROPTEST_CASES` cases (else
/// `default_cases`) of `input(case_rng(n), &mut buffer)` through `check`, stopping early once
/// `FUZZ_SECONDS` have passed, and prints how many ran in the line `scripts/fuzz.sh` reads.
/// Cases are numbered from `FUZZ_FROM` (else 0), so a later run can try new ones.
pub fn fuzz_fast(
    name: &'static str,
    default_cases: u64,
    input: impl Fn(&mut TestRng, &mut Vec<u8>) + Send + Sync + 'static,
    check: impl Fn(&[u8]) -> Result<(), String> + Sync + 'static,
) {
    let replayed = replay_findings(name, &check);
    let total = env_number("PROPTEST_CASES").unwrap_or(default_cases);
    let first = env_number("FUZZ_FROM").unwrap_or(0);
    let budget = env_number("FUZZ_SECONDS").map(Duration::from_secs);
    let input = std::sync::Arc::new(input);
    let make = {
        let input = input.clone();
        move |n: u64| {
            let mut bytes = Vec::new();
            input(&mut case_rng(n), &mut bytes);
            bytes
        }
    };
    // The watchdog and the guard save a case without the check (it hung or blew up).
    let saver = {
        let make = make.clone();
        move |n: u64, why: &str| {
            let path = save_finding(name, &make(n));
            eprintln!(
                "fuzz target {name}: case {n} {why}; input saved as {}",
                path.display()
            );
        }
    };
    // One target per test binary process is what the script runs; under `cargo test` the
    // first fast target's saver stays, which only matters for a hang or blow-up there.
    let _ = SAVE_CASE.set(Box::new(saver));
    let finished = AtomicBool::new(false);
    let start = Instant::now();
    let done = std::thread::scope(|scope| {
        scope.spawn(|| watchdog(&finished));
        let mut bytes = Vec::new();
        let mut done = 0u64;
        for n in first..first.saturating_add(total) {
            if n % 1024 == 0 && budget.is_some_and(|b| start.elapsed() >= b) {
                break;
            }
            input(&mut case_rng(n), &mut bytes);
            CURRENT_CASE.store(n, Ordering::Relaxed);
            if let Some(message) = run_check(&check, &bytes) {
                CURRENT_CASE.store(u64::MAX, Ordering::SeqCst);
                finished.store(true, Ordering::SeqCst);
                let small = shrink(&check, &bytes);
                let path = save_finding(name, &small);
                panic!(
                    "fuzz target {name}: case {n} failed after {done} passing cases: {message}\n\
                     shrunk to {} bytes, saved as {}: {:?}",
                    small.len(),
                    path.display(),
                    String::from_utf8_lossy(&small)
                );
            }
            done += 1;
        }
        CURRENT_CASE.store(u64::MAX, Ordering::SeqCst);
        finished.store(true, Ordering::SeqCst);
        done
    });
    eprintln!(
        "fuzz target {name}: {done} cases in {:.1} s, no failure ({replayed} findings replayed)",
        start.elapsed().as_secs_f64()
    );
}

/// Watches the case under way until `finished`: one that runs past [`HANG_SECONDS`], or takes
/// resident memory past [`RSS_LIMIT_BYTES`], is saved as a finding and the process exits.
fn watchdog(finished: &AtomicBool) {
    let mut last = (u64::MAX, Instant::now());
    while !finished.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
        let case = CURRENT_CASE.load(Ordering::SeqCst);
        if case != last.0 {
            last = (case, Instant::now());
        }
        let why = if case == u64::MAX {
            None
        } else if last.1.elapsed() > Duration::from_secs(HANG_SECONDS) {
            Some(format!("ran past {HANG_SECONDS} s"))
        } else if resident_bytes() > RSS_LIMIT_BYTES {
            Some(format!("took resident memory past {RSS_LIMIT_BYTES} bytes"))
        } else {
            None
        };
        if let (Some(why), Some(save)) = (why, SAVE_CASE.get()) {
            save(case, &why);
            std::process::exit(3);
        }
    }
}
