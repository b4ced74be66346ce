//! The VFS conformance suite (`tests/src/conformance.rs`) on every mount kind the kernel
//! has, each case run through the real kernel and, the same requests, on the host's
//! Linux (`syscall-client --host`: tmpfs for `/tmp`, bind mounts for the host mounts, a
//! read-only bind mount for `ro`).
//!
//! Nothing is skipped silently: a case a mount kind cannot run is in [`EXCLUDED`] with
//! the capability it lacks, and a case where the kernel answers differently from Linux
//! is in [`KNOWN_DIVERGENCES`] with what differs. Both lists must be exactly what the
//! run finds: fixing a divergence fails the test until its entry is removed.

use std::collections::BTreeSet;

use tests::conformance::{
    cases, plan, Bench, MountKind, HOST_RO, HOST_RW, MEMFS, MOUNT_KINDS, TMPFS,
};

/// `(mount kind, case)` pairs not run, because the kind lacks a capability the case
/// needs (the reason is printed with each).
const EXCLUDED: &[(&str, &str)] =
    &[("memfs /tmp", "sparse_write_beyond_1tib"), ("tmpfs /scratch", "sparse_write_beyond_1tib")];

/// `(mount kind, case, how the kernel differs from Linux)`. Empty: on every mount kind
/// the kernel answers every case as Linux does. A new divergence goes here with what
/// differs until it is fixed.
const KNOWN_DIVERGENCES: &[(&str, &str, &str)] = &[];

fn run_kind(kind: MountKind) {
    let all = cases();
    let (run, excluded) = plan(&kind, &all);
    println!("== {}: {} cases run, {} excluded", kind.name, run.len(), excluded.len());
    for (name, why) in &excluded {
        println!("   excluded {name}: {why}");
    }
    let excluded_names: BTreeSet<&str> = excluded.iter().map(|(n, _)| *n).collect();
    let expected_excluded: BTreeSet<&str> =
        EXCLUDED.iter().filter(|(k, _)| *k == kind.name).map(|(_, c)| *c).collect();
    assert_eq!(excluded_names, expected_excluded, "{}: the excluded cases changed", kind.name);

    let results = Bench::new(kind).run(&run);
    assert_eq!(results.len(), run.len());
    let known: BTreeSet<&str> =
        KNOWN_DIVERGENCES.iter().filter(|(k, ..)| *k == kind.name).map(|(_, c, _)| *c).collect();
    let mut diverging = BTreeSet::new();
    let mut report = String::new();
    let mut violations = Vec::new();
    for r in &results {
        if let Some(v) = &r.read_only_violation {
            violations.push(format!("{}: {v}", r.case));
        }
        match &r.divergence {
            None => println!("   agrees   {}", r.case),
            Some(d) => {
                let tag = if known.contains(r.case) { "known" } else { "NEW" };
                println!("   differs  {} ({tag})", r.case);
                diverging.insert(r.case);
                report += &format!("--- {} on {} ({tag})\n{d}", r.case, kind.name);
            }
        }
    }
    println!("{report}");
    assert!(violations.is_empty(), "{}: writes on a read-only mount:\n{violations:#?}", kind.name);
    let new: Vec<_> = diverging.difference(&known).collect();
    let fixed: Vec<_> = known.difference(&diverging).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "{}: the kernel differs from Linux in cases not listed in KNOWN_DIVERGENCES: {new:?}; \
         listed cases that now agree (remove them from the list): {fixed:?}\n{report}",
        kind.name
    );
}

#[test]
fn memfs_tmp_against_tmpfs() {
    run_kind(MEMFS);
}

#[test]
fn tmpfs_mount_against_tmpfs() {
    run_kind(TMPFS);
}

#[test]
fn host_rw_mount_against_a_bind_mount() {
    run_kind(HOST_RW);
}

#[test]
fn host_ro_mount_against_a_read_only_bind_mount() {
    run_kind(HOST_RO);
}

#[test]
fn the_suite_and_its_lists_are_consistent() {
    let all = cases();
    assert!(all.len() >= 40, "only {} cases", all.len());
    let names: BTreeSet<&str> = all.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), all.len(), "case names must be unique");
    assert!(all.iter().all(|c| !c.ops.is_empty()));
    let kinds: BTreeSet<&str> = MOUNT_KINDS.iter().map(|k| k.name).collect();
    let listed = EXCLUDED.iter().copied().chain(KNOWN_DIVERGENCES.iter().map(|(k, c, _)| (*k, *c)));
    for (kind, case) in listed {
        assert!(kinds.contains(kind), "unknown mount kind {kind:?}");
        assert!(names.contains(case), "unknown case {case:?}");
    }
    // Every writing case runs on the read-only mount too (expecting its writes to fail),
    // and only a missing capability other than WRITABLE excludes a case.
    let (run, _) = plan(&HOST_RO, &all);
    assert!(run.iter().filter(|c| c.writes()).count() > 30);
}
