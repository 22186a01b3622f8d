//! Every input kept in `fixtures/regressions/<target>/` (inputs that once
//! broke a fuzz target, see "Fuzzing" in the README) run through the same
//! invariant checks as the fuzz target, on stable Rust, in `make test`.

mod invariants;

use std::path::Path;

#[test]
fn every_kept_fuzz_input_passes_its_target_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/regressions");
    let mut ran = 0;
    for target in invariants::TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .map(|e| e.expect("readable regressions folder").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| invariants::check(target, &data));
            assert!(
                outcome.is_ok(),
                "{} breaks the {target} invariants (see the panic above)",
                file.display()
            );
            ran += 1;
        }
    }
    assert!(
        ran > 0,
        "no regression inputs found under {}",
        root.display()
    );
}

#[test]
fn regression_folders_are_named_after_fuzz_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/regressions");
    for entry in std::fs::read_dir(&root).expect("fixtures/regressions exists") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            assert!(
                invariants::TARGETS.contains(&name),
                "{} is not the name of a fuzz target {:?}",
                path.display(),
                invariants::TARGETS
            );
        }
    }
}
