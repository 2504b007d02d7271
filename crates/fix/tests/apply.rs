//! Writing a fix: atomic per file, backups of what it replaced, and a
//! failed write leaves every file old or new; a rerun completes the job.

use tfready_fix::{apply, Change};

#[test]
fn a_failing_write_leaves_old_or_new_files_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.tf", "old a\n"),
        ("b.tf", "old b\n"),
        ("c.tf", "old c\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let changes: Vec<Change> = ["a.tf", "b.tf", "c.tf"]
        .iter()
        .map(|n| Change {
            path: n.to_string(),
            before: Some(format!("old {}\n", &n[..1])),
            after: format!("new {}\n", &n[..1]),
        })
        .collect();
    for fail_at in 0..3 {
        // Reset.
        for c in &changes {
            std::fs::write(dir.path().join(&c.path), c.before.as_ref().unwrap()).unwrap();
        }
        let mut n = 0;
        let err = tfready_fix::apply_with(dir.path(), &changes, &mut |p, t| {
            n += 1;
            if n == fail_at + 1 {
                return Err(std::io::Error::other("disk full"));
            }
            tfready_fix::write_atomic(p, t)
        })
        .unwrap_err();
        assert_eq!(err.written.len(), fail_at);
        for c in &changes {
            let text = std::fs::read_to_string(dir.path().join(&c.path)).unwrap();
            assert!(
                text == c.after || Some(&text) == c.before.as_ref(),
                "{}: partial content {text:?}",
                c.path
            );
        }
        // No temporary files are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("tfready-tmp"))
            .collect();
        assert!(leftovers.is_empty());
        // A rerun (with the remaining changes) completes.
        let remaining: Vec<Change> = changes
            .iter()
            .filter(|c| std::fs::read_to_string(dir.path().join(&c.path)).unwrap() != c.after)
            .cloned()
            .collect();
        apply(dir.path(), &remaining).unwrap();
        for c in &changes {
            assert_eq!(
                std::fs::read_to_string(dir.path().join(&c.path)).unwrap(),
                c.after
            );
        }
    }
    // Backups of what was replaced exist and nothing was deleted.
    assert!(dir.path().join(".tfready/backup").is_dir());
}
