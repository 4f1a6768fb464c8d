//! Hostile input through the CLI: an alias bomb and 10,000-deep nesting are refused fast with
//! bounded memory (exit 2, nothing written); a template over CloudFormation's 1 MB limit still
//! converts, with a warning.

mod common;
use common::*;
use std::time::{Duration, Instant};

/// Runs `cfn2tf convert` under a 512 MB address-space limit and returns (exit code, stderr, time).
fn convert_limited(text: &str, name: &str) -> (Option<i32>, String, Duration, bool) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out");
    let started = Instant::now();
    let o = run(std::process::Command::new("sh").arg("-c").arg(format!(
        "ulimit -v 524288 && exec '{}' convert '{}' -o '{}'",
        env!("CARGO_BIN_EXE_cfn2tf"),
        input.display(),
        out.display()
    )));
    (o.status.code(), text_of(&o.stderr), started.elapsed(), out.exists())
}

fn text_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn assert_refused_fast(text: &str, name: &str, needle: &str) {
    let (code, err, took, written) = convert_limited(text, name);
    assert_eq!(code, Some(2), "{name}: {err}");
    assert!(err.contains(needle), "{name}: expected {needle:?}:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!written, "{name}: nothing may be written");
    assert!(took < Duration::from_secs(10), "{name}: took {took:?}");
}

#[test]
fn alias_bomb_is_refused_fast() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    text.push_str("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: *a9\n");
    assert_refused_fast(&text, "bomb.yaml", "YAML aliases expand to more than");
}

#[test]
fn deep_yaml_nesting_is_refused_fast() {
    let depth = 10_000;
    let text = format!("Resources: {}x{}\n", "[".repeat(depth), "]".repeat(depth));
    assert_refused_fast(&text, "deep.yaml", "nesting");
}

#[test]
fn deep_json_nesting_is_refused_fast() {
    let depth = 10_000;
    let text = format!("{{\"Resources\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
    assert_refused_fast(&text, "deep.json", "nesting");
}

#[test]
fn template_over_one_megabyte_converts_with_a_warning() {
    let padding = "x".repeat(1_100_000);
    let text = format!(
        "Metadata:\n  Padding: {padding}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
    );
    let (code, err, _, written) = convert_limited(&text, "big.yaml");
    assert_eq!(code, Some(0), "{err}");
    assert!(written);
    assert!(err.contains("over CloudFormation's limit of 1 MB"), "{err}");
    assert!(err.contains("1/1 resources converted, 1 warning(s)"), "{err}");
}

/// What one hostile run did: exit code, stderr, CPU time (wall time when `/usr/bin/time` is
/// absent: other work on a shared machine must not fail the test) and peak memory (kB).
struct Ran {
    code: Option<i32>,
    stderr: String,
    took: Duration,
    peak_kb: Option<u64>,
}

/// Runs cfn2tf in `dir` with `args` (and `stdin` from a shell redirection when given), under
/// /usr/bin/time when present to read its peak memory.
fn hostile(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Ran {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let timer = std::path::Path::new("/usr/bin/time").exists();
    let script = format!(
        "{}'{}' {}{}",
        if timer {
            "/usr/bin/time -f 'peak-kb %M %U %S' "
        } else {
            ""
        },
        env!("CARGO_BIN_EXE_cfn2tf"),
        quoted.join(" "),
        stdin.map(|s| format!(" < {s}")).unwrap_or_default()
    );
    let started = Instant::now();
    let o = run(std::process::Command::new("sh").arg("-c").arg(script).current_dir(dir));
    // What the user sees: the report on stdout, the messages on stderr.
    let stderr = text_of(&o.stderr) + &text_of(&o.stdout);
    let measured: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("peak-kb "))
        .last()
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    let peak_kb = measured.first().and_then(|n| n.parse().ok());
    let cpu: Option<f64> = match measured.as_slice() {
        [_, user, system] => user
            .parse::<f64>()
            .ok()
            .zip(system.parse::<f64>().ok())
            .map(|(u, s)| u + s),
        _ => None,
    };
    Ran {
        code: o.status.code(),
        took: cpu.map_or_else(|| started.elapsed(), Duration::from_secs_f64),
        stderr,
        peak_kb,
    }
}

impl Ran {
    /// Exit `code`, no panic, under 2 s and 200 MB.
    fn expect(&self, code: i32, needle: &str) -> &Ran {
        assert_eq!(self.code, Some(code), "{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(self.stderr.contains(needle), "expected {needle:?}:\n{}", self.stderr);
        assert!(self.took < Duration::from_secs(2), "took {:?}", self.took);
        if let Some(kb) = self.peak_kb {
            assert!(kb < 200 * 1024, "peak memory {kb} kB");
        }
        self
    }
}

const VPC: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";

#[test]
fn errors_past_column_65530_are_clipped_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.json"), format!("{}x", " ".repeat(70_000))).unwrap();
    hostile(dir.path(), &["convert", "p.json"], None).expect(2, "p.json:1:70001");
    // A located error in a minified one-line template, not a syntax error.
    let minified = format!(
        "{{\"Description\":\"{}\",\"Resources\":{{\"A\":{{\"Type\":\"AWS::EC2::VPC\",\"Properties\":{{\"CidrBlock\":{{\"Ref\":\"Nope\"}}}}}}}}}}",
        "d".repeat(80_000)
    );
    std::fs::write(dir.path().join("min.json"), &minified).unwrap();
    hostile(dir.path(), &["convert", "min.json"], None).expect(2, "min.json:1:");
    hostile(dir.path(), &["diff", "p.json", "min.json"], None).expect(2, "p.json:1:70001");
    std::fs::write(
        dir.path().join("long.tf"),
        format!("locals {{ x = \"{}\" {{ }}", "y".repeat(70_000)),
    )
    .unwrap();
    hostile(dir.path(), &["convert", "long.tf"], None).expect(2, "long.tf:1:");
}

#[test]
fn batch_output_stays_inside_o_and_names_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["...yaml", "..yaml", "....template"] {
        std::fs::write(input.join(name), VPC).unwrap();
    }
    std::fs::write(dir.path().join("main.tf"), "# the user's own file\n").unwrap();
    hostile(dir.path(), &["batch", "in", "-o", "out"], None).expect(0, "3 template(s)");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "# the user's own file\n"
    );
    let outs: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("main.tf").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(outs.len(), 3, "{outs:?}");
}

#[test]
fn reports_never_overwrite_without_force_nor_an_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.yaml"), VPC).unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine\n").unwrap();
    hostile(dir.path(), &["batch", "in", "-o", "out", "--report", "notes.md"], None).expect(2, "--force");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.md")).unwrap(), "mine\n");
    assert!(
        !dir.path().join("out/a").exists(),
        "nothing converted when a report cannot be written"
    );
    for force in [false, true] {
        let mut args = vec!["batch", "in", "-o", "out", "--report", "in/a.yaml"];
        if force {
            args.push("--force");
        }
        hostile(dir.path(), &args, None).expect(2, "never writes over its input");
        assert_eq!(std::fs::read_to_string(dir.path().join("in/a.yaml")).unwrap(), VPC);
    }
    hostile(
        dir.path(),
        &["batch", "in", "-o", "out", "--report", "r", "--json", "./r"],
        None,
    )
    .expect(2, "both name");
    // The reverse direction never writes over the .tf file it reads.
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    )
    .unwrap();
    hostile(
        dir.path(),
        &["convert", "main.tf", "-o", "main.tf", "--to", "cfn", "--force"],
        None,
    )
    .expect(2, "input");
}

#[test]
fn force_removes_stale_output_and_a_failure_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let with_output = format!("{VPC}Outputs:\n  VpcId:\n    Value: !Ref Vpc\n");
    std::fs::write(dir.path().join("a.yaml"), &with_output).unwrap();
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out"], None).expect(0, "-> out");
    assert!(dir.path().join("out/outputs.tf").is_file());
    std::fs::write(dir.path().join("a.yaml"), VPC).unwrap();
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out"], None).expect(2, "--force");
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out", "--force"], None).expect(0, "-> out");
    assert!(
        !dir.path().join("out/outputs.tf").exists(),
        "stale outputs.tf left behind"
    );
    // A path that is a directory: refused before anything is replaced.
    let main_before = std::fs::read_to_string(dir.path().join("out/main.tf")).unwrap();
    std::fs::create_dir_all(dir.path().join("out/variables.tf")).unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        format!("Parameters:\n  Cidr:\n    Type: String\n{VPC}"),
    )
    .unwrap();
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out", "--force"], None).expect(2, "is a directory");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/main.tf")).unwrap(),
        main_before
    );
}

#[test]
fn concurrent_runs_into_one_folder_never_mix() {
    let dir = tempfile::tempdir().unwrap();
    for (name, cidr) in [("a", "10.0.0.0/16"), ("b", "10.1.0.0/16")] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        let text = VPC.replace("10.0.0.0/16", cidr);
        for i in 0..40 {
            std::fs::write(dir.path().join(format!("{name}/t{i}.yaml")), &text).unwrap();
        }
    }
    let spawn = |input: &str| {
        cfn2tf()
            .current_dir(dir.path())
            .args(["batch", input, "-o", "out", "--force"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("a"), spawn("b"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for i in 0..40 {
        let Ok(main) = std::fs::read_to_string(dir.path().join(format!("out/t{i}/main.tf"))) else {
            continue;
        };
        // Each folder holds one template's output whole; a run refused by the lock says so.
        assert!(main.contains("10.0.0.0/16") ^ main.contains("10.1.0.0/16"), "{main}");
    }
    let refused = [&a, &b]
        .iter()
        .filter(|o| text_of(&o.stderr).contains("another cfn2tf run"))
        .count();
    let succeeded = [&a, &b].iter().filter(|o| o.status.success()).count();
    assert_eq!(refused + succeeded, 2, "{}\n{}", text_of(&a.stderr), text_of(&b.stderr));
}

#[test]
fn numbers_keep_their_text_and_diff_tells_them_apart() {
    let dir = tempfile::tempdir().unwrap();
    let template = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      EngineVersion: 5.10\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: 12345678901234567891\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: 0.10\n";
    std::fs::write(dir.path().join("n.yaml"), template).unwrap();
    hostile(dir.path(), &["convert", "n.yaml", "-o", "tf"], None).expect(0, "2/2 resources");
    let main = std::fs::read_to_string(dir.path().join("tf/main.tf")).unwrap();
    for kept in ["\"5.10\"", "\"0.10\"", "12345678901234567891"] {
        assert!(main.contains(kept), "{kept} lost:\n{main}");
    }
    hostile(dir.path(), &["diff", "n.yaml", "tf"], None).expect(0, "No differences");
    std::fs::write(dir.path().join("tf/main.tf"), main.replace("\"5.10\"", "5.1")).unwrap();
    let ran = hostile(dir.path(), &["diff", "n.yaml", "tf"], None);
    assert_eq!(
        ran.code,
        Some(1),
        "5.10 and 5.1 are different engine versions:\n{}",
        ran.stderr
    );
}

#[test]
fn unbounded_input_is_refused_with_bounded_cost() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), &["convert", "-"], Some("/dev/zero")).expect(2, "larger than");
    // One long string aliased thousands of times: the expansion counts bytes, not nodes.
    let mut bomb = format!("Metadata:\n  Big: &big {}\n  Copies:\n", "x".repeat(200_000));
    for _ in 0..3000 {
        bomb.push_str("    - *big\n");
    }
    bomb.push_str(VPC);
    std::fs::write(dir.path().join("bomb.yaml"), bomb).unwrap();
    hostile(dir.path(), &["convert", "bomb.yaml", "-o", "out"], None).expect(2, "YAML aliases expand to more than");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn encodings_and_line_endings_are_read_or_located() {
    let dir = tempfile::tempdir().unwrap();
    let bom_json =
        "\u{feff}{\"Resources\":{\"Vpc\":{\"Type\":\"AWS::EC2::VPC\",\"Properties\":{\"CidrBlock\":\"10.0.0.0/16\"}}}}";
    std::fs::write(dir.path().join("bom.json"), bom_json).unwrap();
    hostile(dir.path(), &["convert", "bom.json"], None).expect(0, "1/1 resources");
    std::fs::write(
        dir.path().join("bom.tf"),
        "\u{feff}resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    )
    .unwrap();
    hostile(dir.path(), &["convert", "bom.tf"], None).expect(0, "1 resources");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(VPC.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    std::fs::write(dir.path().join("u16.yaml"), utf16).unwrap();
    hostile(dir.path(), &["convert", "u16.yaml"], None).expect(2, "u16.yaml:1:1: error: the file is UTF-16");
    std::fs::write(dir.path().join("latin1.tf"), b"locals {\n  x = \"caf\xe9\"\n}\n").unwrap();
    hostile(dir.path(), &["convert", "latin1.tf"], None).expect(2, "latin1.tf:2:11: error: the file is not UTF-8");
    // CR-only and CRLF line endings: the error is on line 6 either way.
    let bad = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Bad: !Ref Nope\n";
    for (name, eol) in [("cr.yaml", "\r"), ("crlf.yaml", "\r\n")] {
        std::fs::write(dir.path().join(name), bad.replace('\n', eol)).unwrap();
        hostile(dir.path(), &["convert", name], None).expect(2, &format!("{name}:6:"));
    }
    std::fs::write(dir.path().join("comments.yaml"), "# only a comment\n# and another\n").unwrap();
    hostile(dir.path(), &["convert", "comments.yaml"], None).expect(2, "comments.yaml:1:1");
}

#[test]
fn reverse_refuses_duplicates_and_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    std::fs::create_dir_all(dir.path().join("dup")).unwrap();
    std::fs::write(dir.path().join("dup/a.tf"), bucket).unwrap();
    std::fs::write(dir.path().join("dup/b.tf"), bucket).unwrap();
    hostile(dir.path(), &["convert", "dup"], None)
        .expect(2, "dup/b.tf:1:1: error: duplicate resource \"aws_s3_bucket\" \"b\"");
    hostile(dir.path(), &["diff", "dup", "dup"], None).expect(2, "already defined at dup/a.tf:1");
    std::fs::write(dir.path().join("vars.tf"), "variable \"v\" {}\n\nvariable \"v\" {}\n").unwrap();
    hostile(dir.path(), &["convert", "vars.tf"], None).expect(2, "vars.tf:3:1: error: duplicate variable");
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    hostile(dir.path(), &["convert", "empty"], None).expect(2, "no .tf files");
}

#[test]
fn doubling_locals_are_bounded_in_reverse() {
    let dir = tempfile::tempdir().unwrap();
    let mut tf = String::from("locals {\n  l0 = \"ab\"\n");
    for i in 1..=60 {
        tf.push_str(&format!("  l{i} = \"${{local.l{0}}}${{local.l{0}}}\"\n", i - 1));
    }
    tf.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.l60\n}\n");
    std::fs::create_dir_all(dir.path().join("tf")).unwrap();
    std::fs::write(dir.path().join("tf/main.tf"), tf).unwrap();
    hostile(dir.path(), &["convert", "tf"], None).expect(2, "grow without bound");
}

#[test]
fn diff_text_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let template = |name: &str| {
        format!("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \"{name}\"\n")
    };
    std::fs::write(dir.path().join("a.yaml"), template("x\\e[2J\\u202Ey")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), template("z")).unwrap();
    let ran = hostile(dir.path(), &["diff", "a.yaml", "b.yaml"], None);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        !ran.stderr.contains('\u{1b}') && !ran.stderr.contains('\u{202e}'),
        "{:?}",
        ran.stderr
    );
    assert!(ran.stderr.contains("\\u{1b}[2J"), "{}", ran.stderr);
}

#[test]
fn batch_markdown_keeps_odd_file_names_in_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    for name in ["a|b.yaml", "c`d.yaml", "e\nf.yaml"] {
        std::fs::write(dir.path().join("in").join(name), VPC).unwrap();
    }
    hostile(dir.path(), &["batch", "in", "-o", "out", "--report", "r.md"], None).expect(0, "3 template(s)");
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("d.yaml") || l.contains("b.yaml") || l.contains("f.yaml"))
        .collect();
    assert_eq!(rows.len(), 3, "{md}");
    for row in rows {
        // Seven cells: eight unescaped pipes.
        let pipes = row.replace("\\|", "").matches('|').count();
        assert_eq!(pipes, 8, "{row}");
    }
}
