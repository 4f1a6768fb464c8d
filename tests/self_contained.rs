//! The project carries what its checks need (issue 21): the corpus sample with each template's
//! source and licence, the oracle scripts with every sibling they call, and `migrate --stack`
//! built with the AWS SDK or saying how to get it.

mod common;
use common::*;
use std::collections::BTreeMap;

/// Licences under which a template may be carried, and the file holding each text.
const LICENCES: &[(&str, &str)] = &[("Apache-2.0", "Apache-2.0.txt"), ("MIT-0", "MIT-0.txt")];

#[test]
fn every_sample_template_has_a_manifest_row_and_its_licence() {
    let corpus = repo_root().join("tests/corpus");
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let mut lines = manifest.lines();
    let columns: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let (file, repo, commit, licence) = (column("file"), column("repo"), column("commit"), column("license"));
    let mut rows = BTreeMap::new();
    for line in lines {
        let row: Vec<&str> = line.split('\t').collect();
        let name = row[file].strip_prefix("cfn/").expect("a file of cfn/").to_string();
        assert!(
            !row[repo].is_empty() && row[commit].len() == 40,
            "{name}: repository and commit"
        );
        let text = LICENCES.iter().find(|(id, _)| *id == row[licence]);
        let (_, text) = text.unwrap_or_else(|| panic!("{name}: licence {} is not one we carry", row[licence]));
        assert!(corpus.join("licenses").join(text).is_file(), "{name}: licenses/{text}");
        assert!(
            rows.insert(name.clone(), row[licence].to_string()).is_none(),
            "{name}: two rows"
        );
    }
    let mut files: Vec<String> = std::fs::read_dir(corpus.join("cfn"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        rows.keys().cloned().collect::<Vec<_>>(),
        "files of tests/corpus/cfn = MANIFEST rows"
    );
}

/// Each script the tests run is there, parses, and finds every sibling it calls (`$HERE/x`).
#[test]
fn oracle_scripts_are_complete() {
    for script in [
        "equivalence.sh",
        "cfn-check.sh",
        "deploy-cfn.py",
        "deploy-tf.sh",
        "moto-up.sh",
        "moto-down.sh",
        "snapshot.py",
        "moto_oracle_server.py",
        "tf-validate.sh",
        "score.py",
    ] {
        let path = oracle_tool(script);
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert!(mode & 0o100 != 0, "{script} is executable");
        if script.ends_with(".sh") {
            let o = run(std::process::Command::new("bash").arg("-n").arg(&path));
            assert!(o.status.success(), "{script}: {}", text(&o.stderr));
        }
        for called in source.split("$HERE/").skip(1) {
            let name: String = called
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
                .collect();
            assert!(
                oracle_tool(&name).is_file(),
                "{script} calls {name}, which tools/oracle lacks"
            );
        }
    }
}

#[cfg(not(feature = "aws"))]
#[test]
fn migrate_stack_without_the_sdk_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let o = run(cfn2tf().args(["migrate", "--stack", "lab", "-o"]).arg(&out));
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("without the `aws` feature") && err.contains("--features aws"),
        "{err}"
    );
    assert!(err.contains("--resources"), "the offline form is named: {err}");
    assert!(!out.exists(), "nothing written");
}

/// The SDK is compiled in: `--stack` reaches for CloudFormation (here a closed local port).
#[cfg(feature = "aws")]
#[test]
fn migrate_stack_with_the_sdk_calls_cloudformation() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let o = run(cfn2tf()
        .args(["migrate", "--stack", "lab", "--region", "ap-northeast-2", "-o"])
        .arg(&out)
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_MAX_ATTEMPTS", "1"));
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("CloudFormation GetTemplate failed"), "{err}");
    assert!(!out.exists(), "nothing written");
}
