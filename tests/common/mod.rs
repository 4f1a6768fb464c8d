//! Shared test helpers: the real tools (terraform, the moto oracle) are used when present;
//! when absent a test prints why it skips, unless CI=true, where a missing tool fails it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the checkout, when present: a source of larger data (the whole corpus),
/// never a requirement; what the tests need is in the project (`oracle_tool`, `corpus`).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = repo_root().parent()?.join("shared");
    dir.is_dir().then_some(dir)
}

/// A script of the deployment oracle, carried in `tools/oracle` (see its README).
pub fn oracle_tool(name: &str) -> PathBuf {
    repo_root().join("tools/oracle").join(name)
}

/// A corpus template a test names: the project's sample (`tests/corpus/cfn`) holds every one.
pub fn corpus_template(name: &str) -> PathBuf {
    let path = repo_root().join("tests/corpus/cfn").join(name);
    assert!(
        path.is_file(),
        "{name} is not in the project's corpus sample: copy it and its MANIFEST.tsv row into tests/corpus"
    );
    path
}

/// The real-template corpus of the corpus-wide tests.
pub struct Corpus {
    pub dir: PathBuf,
    /// The whole corpus of `../shared`, rather than the project's sample.
    pub whole: bool,
}

/// The whole corpus when `../shared` is beside the checkout, else the project's sample.
pub fn corpus() -> Corpus {
    match shared_dir().map(|s| s.join("corpus/cfn")).filter(|d| d.is_dir()) {
        Some(dir) => Corpus { dir, whole: true },
        None => Corpus {
            dir: repo_root().join("tests/corpus/cfn"),
            whole: false,
        },
    }
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Returns false (after printing the reason) when a test must skip; panics under CI=true.
pub fn available(what: &str, present: bool) -> bool {
    if present {
        return true;
    }
    if in_ci() {
        panic!("{what} is required when CI=true but is missing");
    }
    eprintln!("SKIP: {what} is not available on this machine");
    false
}

pub fn cfn2tf() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cfn2tf"))
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the command runs")
}

/// Runs the command with `input` on its standard input.
pub fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn has_command(name: &str) -> bool {
    Command::new(name)
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn tf_mirror() -> PathBuf {
    cfn2tf::batch::provider_mirror()
}

/// Writes a terraformrc that takes providers only from the offline mirror; returns its path.
pub fn terraform_rc(dir: &Path) -> PathBuf {
    let rc = dir.join("terraformrc");
    std::fs::write(&rc, cfn2tf::batch::offline_terraformrc(&tf_mirror(), None)).unwrap();
    rc
}

/// terraform with the offline provider mirror, or None (with a printed reason) to skip.
pub fn terraform() -> Option<Terraform> {
    let ok = has_command("terraform") && tf_mirror().is_dir();
    available("terraform with the hashicorp/aws provider mirror", ok).then(Terraform::shared)
}

pub struct Terraform {
    /// An initialised workspace whose `.terraform` is linked into every checked config.
    workspace: PathBuf,
    rc: PathBuf,
}

impl Terraform {
    fn shared() -> Terraform {
        static WS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
        let (workspace, rc) = WS
            .get_or_init(|| {
                let ws = tempfile::Builder::new().prefix("cfn2tf-tfws").tempdir().unwrap().keep();
                let rc = terraform_rc(&ws);
                std::fs::write(
                    ws.join("main.tf"),
                    "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\n",
                )
                .unwrap();
                let out = Command::new("terraform")
                    .args(["init", "-backend=false", "-input=false", "-no-color"])
                    .current_dir(&ws)
                    .env("TF_CLI_CONFIG_FILE", &rc)
                    .env("CHECKPOINT_DISABLE", "1")
                    .output()
                    .unwrap();
                assert!(out.status.success(), "terraform init failed: {}", text(&out.stdout));
                (ws, rc)
            })
            .clone();
        Terraform { workspace, rc }
    }

    /// `terraform ARGS` in `dir`, with the offline provider mirror; run it with `run`.
    pub fn cmd(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new("terraform");
        cmd.args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", &self.rc)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1");
        cmd
    }

    fn command(&self, dir: &Path, args: &[&str]) -> Output {
        run(&mut self.cmd(dir, args))
    }

    /// Makes `dir` initialised without `terraform init`: the shared workspace's providers are
    /// linked in (many configs can then run side by side without racing on a plugin cache).
    pub fn use_providers(&self, dir: &Path) {
        std::os::unix::fs::symlink(self.workspace.join(".terraform"), dir.join(".terraform")).unwrap();
        std::fs::copy(
            self.workspace.join(".terraform.lock.hcl"),
            dir.join(".terraform.lock.hcl"),
        )
        .unwrap();
    }

    /// `terraform fmt -check`; Err with the diff when a file would change.
    pub fn fmt_check(&self, dir: &Path) -> Result<(), String> {
        let out = self.command(dir, &["fmt", "-check", "-diff", "-no-color", "-recursive"]);
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{}{}", text(&out.stdout), text(&out.stderr)))
        }
    }

    /// `terraform validate` against the real provider schema (the config is copied first).
    pub fn validate(&self, dir: &Path) -> Result<(), String> {
        let work = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, work.path().join(path.file_name().unwrap())).unwrap();
            }
        }
        self.use_providers(work.path());
        let out = self.command(work.path(), &["validate", "-no-color"]);
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{}{}", text(&out.stdout), text(&out.stderr)))
        }
    }
}

fn python_imports(modules: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The moto deployment oracle (`tools/oracle/equivalence.sh`), or None to skip.
pub fn oracle() -> Option<PathBuf> {
    let ok = python_imports("moto, boto3") && has_command("terraform") && tf_mirror().is_dir();
    available(
        "the moto oracle (python3 with moto and boto3, terraform with the provider mirror; scripts/setup)",
        ok,
    )
    .then(|| oracle_tool("equivalence.sh"))
}

/// Deploys the template and the Terraform into moto and compares; Ok when EQUAL.
pub fn equivalent(
    script: &Path,
    template: &Path,
    tf_dir: &Path,
    params: &[(&str, &str)],
    vars: &[(&str, &str)],
) -> Result<String, String> {
    let mut cmd = Command::new("bash");
    cmd.arg(script).arg(template).arg(tf_dir);
    for (k, v) in params {
        cmd.arg("--param").arg(format!("{k}={v}"));
    }
    for (k, v) in vars {
        cmd.arg("--var").arg(format!("{k}={v}"));
    }
    let out = run(&mut cmd);
    let stdout = text(&out.stdout);
    let last = stdout.lines().last().unwrap_or("").to_string();
    if out.status.success() && last.contains("EQUIVALENCE: EQUAL") {
        Ok(last)
    } else {
        Err(format!("{stdout}{}", text(&out.stderr)))
    }
}

/// Converts a template into a fresh directory with the CLI; panics with stderr on failure.
pub fn convert_to_dir(template: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let o = run(cfn2tf().arg("convert").arg(template).arg("-o").arg(&out));
    assert!(
        o.status.success(),
        "convert {} failed:\n{}",
        template.display(),
        text(&o.stderr)
    );
    dir
}

/// cfn-lint through `tools/oracle/cfn-check.sh`, or None (with a printed reason) to skip.
pub fn cfn_lint() -> Option<PathBuf> {
    let lint = Command::new("cfn-lint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    available("cfn-lint (scripts/setup installs it)", lint).then(|| oracle_tool("cfn-check.sh"))
}

/// Lints a CloudFormation template; Ok with the verdict line when it has no errors.
pub fn cfn_check(script: &Path, template: &Path) -> Result<String, String> {
    let out = run(Command::new("bash").arg(script).arg(template));
    let stdout = text(&out.stdout);
    let last = stdout.lines().last().unwrap_or("").to_string();
    if out.status.success() && last.contains("CFN-CHECK: PASS") {
        Ok(last)
    } else {
        Err(format!("{stdout}{}", text(&out.stderr)))
    }
}
