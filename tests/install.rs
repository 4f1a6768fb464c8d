//! Issue 19's done-when: a fresh clone, `cargo install --path .`, then `cfn2tf completions bash`
//! and the man page work. A release build of the clone takes minutes, so this runs under CI=true
//! (or CFN2TF_INSTALL_TEST=1) and skips otherwise; it builds without the AWS SDK
//! (`--no-default-features`), in target/install-check so that a second run only relinks.

mod common;
use common::*;
use std::process::Command;

fn wanted() -> bool {
    in_ci() || std::env::var("CFN2TF_INSTALL_TEST").is_ok_and(|v| v == "1")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_fresh_clone_installs_and_its_binary_completes_and_has_a_man_page() {
    if !wanted() {
        eprintln!("SKIP: the install of a fresh clone runs with CI=true or CFN2TF_INSTALL_TEST=1");
        return;
    }
    let git = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available("git", git) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("clone");
    // What is committed, as a user's clone has it (not the working tree's edits).
    let out = run(Command::new("git")
        .args(["clone", "--quiet", "--no-hardlinks"])
        .arg(repo_root())
        .arg(&clone));
    assert!(out.status.success(), "git clone: {}", text(&out.stderr));
    let root = dir.path().join("root");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = run(Command::new(cargo)
        .current_dir(&clone)
        .args([
            "install",
            "--path",
            ".",
            "--locked",
            "--quiet",
            "--no-default-features",
            "--root",
        ])
        .arg(&root)
        .env("CARGO_TARGET_DIR", repo_root().join("target/install-check")));
    assert!(out.status.success(), "cargo install --path .: {}", text(&out.stderr));
    let installed = root.join("bin/cfn2tf");
    assert!(installed.is_file(), "cargo install puts the binary in ROOT/bin");

    let out = run(Command::new(&installed).args(["completions", "bash"]));
    assert!(out.status.success());
    let script = text(&out.stdout);
    assert!(
        script.contains("complete -F _cfn2tf"),
        "a bash completion script:\n{script}"
    );
    for sub in ["convert", "diff", "batch", "migrate"] {
        assert!(script.contains(sub), "{sub}");
    }
    // bash itself accepts it.
    let out = run(Command::new("bash").args(["-n", "-c", &script]));
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = run(Command::new(&installed).arg("man"));
    assert!(out.status.success());
    let page = text(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "roff: {}",
        &page[..page.len().min(200)]
    );
    assert!(page.lines().any(|l| l.starts_with(".TH cfn2tf")), "no .TH line");
    assert!(
        page.contains(".SH \"CFN2TF BATCH\""),
        "every subcommand has its section"
    );
}
