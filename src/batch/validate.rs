//! `--validate`: `terraform fmt -check` and `terraform validate` of every output, offline.
//!
//! The provider is initialised once, from the filesystem mirror (`$ORACLE_TF_MIRROR`, default
//! `/opt/tf-plugins`), in a workspace whose `.terraform` is linked into a scratch copy of each
//! output: the user's folders get no `.terraform` or lock file, and the 700 MB provider is
//! never copied.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone, serde::Serialize)]
pub struct Validation {
    pub fmt_clean: bool,
    pub valid: bool,
    pub error_count: usize,
    /// The first error (or the files `terraform fmt` would change), for the report.
    pub message: String,
}

impl Validation {
    pub fn passed(&self) -> bool {
        self.fmt_clean && self.valid
    }
}

pub struct Validator {
    workspace: PathBuf,
    rc: PathBuf,
    scratch: AtomicUsize,
}

/// The offline provider mirror: `$ORACLE_TF_MIRROR`, default `/opt/tf-plugins`.
pub fn provider_mirror() -> PathBuf {
    std::env::var_os("ORACLE_TF_MIRROR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/tf-plugins"))
}

/// A terraformrc that installs providers from `mirror` only, never from the network, and shares
/// downloaded providers through `plugin_cache` when given.
pub fn offline_terraformrc(mirror: &Path, plugin_cache: Option<&Path>) -> String {
    let cache = plugin_cache.map_or(String::new(), |c| format!("plugin_cache_dir = \"{}\"\n", c.display()));
    format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n{cache}disable_checkpoint = true\n",
        mirror.display()
    )
}

impl Validator {
    /// Checks that terraform and the provider mirror are there and initialises the provider.
    pub fn new() -> Result<Validator, String> {
        let version = Command::new("terraform").arg("version").output();
        if !version.is_ok_and(|o| o.status.success()) {
            return Err("--validate needs `terraform` on PATH, and it was not found".to_string());
        }
        let mirror = provider_mirror();
        if !mirror.is_dir() {
            return Err(format!(
                "--validate needs the provider mirror {} (set ORACLE_TF_MIRROR), and it is missing",
                mirror.display()
            ));
        }
        let workspace = std::env::temp_dir().join(format!("cfn2tf-batch-validate-{}", std::process::id()));
        let validator = Validator {
            rc: workspace.join("terraformrc"),
            workspace,
            scratch: AtomicUsize::new(0),
        };
        validator.init(&mirror)?;
        Ok(validator)
    }

    fn init(&self, mirror: &Path) -> Result<(), String> {
        let io = |e: std::io::Error| format!("cannot prepare {}: {e}", self.workspace.display());
        let cache = self.workspace.join("plugin-cache");
        std::fs::create_dir_all(&cache).map_err(io)?;
        std::fs::write(&self.rc, offline_terraformrc(mirror, Some(&cache))).map_err(io)?;
        std::fs::write(
            self.workspace.join("versions.tf"),
            "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\n",
        )
        .map_err(io)?;
        let out = self.terraform(
            &self.workspace,
            &["init", "-backend=false", "-input=false", "-no-color"],
        )?;
        if !out.status.success() {
            return Err(format!(
                "terraform init of the shared provider failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(())
    }

    fn terraform(&self, dir: &Path, args: &[&str]) -> Result<Output, String> {
        Command::new("terraform")
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", &self.rc)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .output()
            .map_err(|e| format!("cannot run terraform: {e}"))
    }

    /// fmt -check and validate of the files of `dir` (copied to a scratch folder first: the
    /// configuration may read its artefacts, e.g. `filebase64sha256` of a zip).
    pub fn check(&self, dir: &Path) -> Validation {
        let scratch = self
            .workspace
            .join(format!("cfg-{}", self.scratch.fetch_add(1, Ordering::Relaxed)));
        let result = self.check_in(dir, &scratch);
        let _ = std::fs::remove_dir_all(&scratch);
        result.unwrap_or_else(|message| Validation {
            fmt_clean: false,
            valid: false,
            error_count: 1,
            message,
        })
    }

    fn check_in(&self, dir: &Path, scratch: &Path) -> Result<Validation, String> {
        let io = |e: std::io::Error| format!("cannot copy {} for validation: {e}", dir.display());
        std::fs::create_dir_all(scratch).map_err(io)?;
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() {
                std::fs::copy(&path, scratch.join(path.file_name().unwrap_or_default())).map_err(io)?;
            }
        }
        std::os::unix::fs::symlink(self.workspace.join(".terraform"), scratch.join(".terraform")).map_err(io)?;
        std::fs::copy(
            self.workspace.join(".terraform.lock.hcl"),
            scratch.join(".terraform.lock.hcl"),
        )
        .map_err(io)?;

        let fmt = self.terraform(scratch, &["fmt", "-check", "-list=true", "-no-color"])?;
        let fmt_clean = fmt.status.success();
        let validate = self.terraform(scratch, &["validate", "-json", "-no-color"])?;
        let json: serde_json::Value = serde_json::from_slice(&validate.stdout).map_err(|_| {
            format!(
                "terraform validate gave no JSON: {}",
                String::from_utf8_lossy(&validate.stderr).trim()
            )
        })?;
        let error_count = json["error_count"].as_u64().unwrap_or(1) as usize;
        let valid = json["valid"].as_bool() == Some(true) && error_count == 0;
        let first_error = json["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["severity"] == "error")
            .map(|d| {
                let range = &d["range"];
                let at = match range["filename"].as_str() {
                    Some(file) => format!("{file}:{}: ", range["start"]["line"]),
                    None => String::new(),
                };
                let detail = d["detail"].as_str().and_then(|s| s.lines().next()).unwrap_or("");
                format!("{at}{} {detail}", d["summary"].as_str().unwrap_or(""))
                    .trim()
                    .to_string()
            });
        let message = match (first_error, fmt_clean) {
            (Some(e), _) => e,
            (None, false) => format!(
                "terraform fmt would change: {}",
                String::from_utf8_lossy(&fmt.stdout)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (None, true) => String::new(),
        };
        Ok(Validation {
            fmt_clean,
            valid,
            error_count,
            message,
        })
    }
}

impl Drop for Validator {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.workspace);
    }
}
