//! A burst of edits is coalesced: only the latest version of a document gets checked, on a
//! bounded number of threads (10,000 edits once started about 280 threads and kept 530 MB).
//! Alone in its test binary so the thread count is the server's.

mod common;

use common::{rich_capabilities, TestClient};

/// The peak resident memory of this process, in MiB (`VmHWM`).
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib / 1024)
}

/// The threads of this process.
fn threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_edits_checks_the_latest_version_on_few_threads() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:burst";
    // A spec big enough that a check takes a while.
    let body: String = (0..2000)
        .map(|i| format!("repository \"R{i}\" {{\n  image_scan_on_push = true\n}}\n"))
        .collect();
    c.open(uri, &body).await;
    let before = threads();
    let mut peak = before;
    let edits = 3000;
    for v in 2..=edits {
        c.replace(uri, v, &format!("{body}# edit {v}\n")).await;
        if v % 100 == 0 {
            peak = peak.max(threads());
        }
    }
    c.diagnostics(uri, Some(edits)).await;
    let publications = c.published.iter().filter(|p| p.uri == uri).count();
    assert!(
        publications < edits as usize / 10,
        "{publications} publications for {edits} edits"
    );
    // The runtime's workers, a few blocking threads for checks and the test harness.
    assert!(peak <= before + 8, "{peak} threads (from {before})");
    // Each version is 100 KB: holding on to the 3,000 versions would be 300 MB.
    let mib = peak_mib();
    eprintln!("peak memory after the burst: {mib} MiB");
    assert!(mib < 150, "peak memory {mib} MiB after {edits} edits");
}
