//! `cfn2tf diff`: the seed against its own conversion, mutants that break an intent (exit 1,
//! the intent named in the first line), rephrasings that keep the meaning (exit 0), and the
//! properties diff(A, A) = nothing and diff(A, B) = diff(B, A) with sides swapped.

mod common;

use cfn2tf::diff::{ChangeKind, Options, Report};
use common::{cfn2tf, convert_to_dir, corpus, equivalent, oracle, repo_root, run, text};
use std::path::{Path, PathBuf};

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

/// The seed converted by the CLI, and its main.tf text.
fn converted_seed() -> (tempfile::TempDir, String) {
    let dir = convert_to_dir(&seed());
    let main = std::fs::read_to_string(dir.path().join("tf/main.tf")).unwrap();
    (dir, main)
}

/// A copy of the converted seed whose main.tf is `main`.
fn variant(dir: &tempfile::TempDir, name: &str, main: &str) -> PathBuf {
    let out = dir.path().join(name);
    std::fs::create_dir_all(&out).unwrap();
    for f in std::fs::read_dir(dir.path().join("tf")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, out.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(out.join("main.tf"), main).unwrap();
    out
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the converted seed no longer contains {from:?}");
    text.replacen(from, to, 1)
}

fn diff(a: &Path, b: &Path) -> (i32, String, String) {
    let o = run(cfn2tf().arg("diff").arg(a).arg(b));
    (o.status.code().unwrap_or(-1), text(&o.stdout), text(&o.stderr))
}

fn assert_same(a: &Path, b: &Path) {
    let (code, out, err) = diff(a, b);
    assert_eq!(code, 0, "expected the same meaning:\n{out}{err}");
    assert!(out.contains("No differences in meaning"), "{out}");
}

/// Exit 1, and the first line names the broken intent.
fn assert_broken(a: &Path, b: &Path, first_line: &[&str]) -> String {
    let (code, out, err) = diff(a, b);
    assert_eq!(code, 1, "expected a difference:\n{out}{err}");
    assert!(!out.contains('\x1b'), "no colour when stdout is not a terminal");
    let first = out.lines().next().unwrap_or_default();
    for needle in first_line {
        assert!(
            first.contains(needle),
            "first line {first:?} does not name {needle:?}\n{out}"
        );
    }
    out
}

#[test]
fn seed_and_its_conversion_mean_the_same() {
    let (dir, _) = converted_seed();
    assert_same(&seed(), &dir.path().join("tf"));
    let o = run(cfn2tf()
        .arg("diff")
        .arg(seed())
        .arg(dir.path().join("tf"))
        .arg("--explain"));
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out.contains("subnet 10.0.1.0/24 (cloud_neta_private_sn): ")
            && out.contains("com.amazonaws.<region>.s3 -> vpce com.amazonaws.<region>.s3"),
        "--explain prints the routing intent:\n{out}"
    );
    assert!(out.contains("0.0.0.0/0 -> igw cloud_neta_igw"), "{out}");
}

#[test]
fn mutant_endpoint_loses_a_route_table() {
    let (dir, main) = converted_seed();
    let m = replace(
        &main,
        "[aws_route_table.cloud_neta_public_rt.id, aws_route_table.cloud_neta_private_rt.id]",
        "[aws_route_table.cloud_neta_public_rt.id]",
    );
    let out = assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &[
            "VPC endpoint com.amazonaws.<region>.s3 no longer serves route table cloud_neta_private_rt",
            "subnet 10.0.1.0/24 loses its S3 route",
        ],
    );
    assert!(out.contains("route_table_ids"), "the property is listed too:\n{out}");
    assert!(
        out.contains("gateway-endpoint.yaml:156") && out.contains("main.tf:"),
        "both locations:\n{out}"
    );
}

#[test]
fn mutant_route_target_igw_to_nat() {
    let (dir, main) = converted_seed();
    let m = replace(
        &main,
        "gateway_id             = aws_internet_gateway.cloud_neta_igw.id",
        "nat_gateway_id         = aws_nat_gateway.nat.id",
    ) + "\nresource \"aws_eip\" \"nat\" {\n  domain = \"vpc\"\n}\n\nresource \"aws_nat_gateway\" \"nat\" {\n  allocation_id = aws_eip.nat.id\n  subnet_id     = aws_subnet.cloud_neta_public_sn.id\n}\n";
    let out = assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &[
            "subnet 10.0.0.0/24 (cloud_neta_public_sn)",
            "traffic to 0.0.0.0/0 now goes to nat nat in subnet 10.0.0.0/24",
            "instead of igw cloud_neta_igw",
        ],
    );
    assert!(out.contains("+ aws_nat_gateway.nat only in B"), "{out}");
}

#[test]
fn mutant_subnet_moved_to_another_route_table() {
    let (dir, main) = converted_seed();
    let m = replace(
        &main,
        "route_table_id = aws_route_table.cloud_neta_private_rt.id\n  subnet_id      = aws_subnet.cloud_neta_private_sn.id",
        "route_table_id = aws_route_table.cloud_neta_public_rt.id\n  subnet_id      = aws_subnet.cloud_neta_private_sn.id",
    );
    let out = assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &[
            "subnet 10.0.1.0/24 (cloud_neta_private_sn) moved from route table cloud_neta_private_rt to cloud_neta_public_rt",
        ],
    );
    assert!(
        out.contains("gains a route to 0.0.0.0/0 (-> igw cloud_neta_igw)"),
        "{out}"
    );
}

#[test]
fn mutant_wrong_az_index() {
    let (dir, main) = converted_seed();
    let m = replace(&main, "available.names[2]", "available.names[1]");
    assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &[
            "subnet 10.0.1.0/24 (cloud_neta_private_sn)",
            "availability zone is <az 1> instead of <az 2>",
        ],
    );
}

/// A zone of another region (a provider alias for it, as `Fn::GetAZs eu-west-1` converts) is
/// not the same zone of the stack's region.
#[test]
fn mutant_az_of_another_region() {
    let (dir, main) = converted_seed();
    let m = replace(&main, "available.names[2]", "eu_west_1.names[2]")
        + "\nprovider \"aws\" {\n  alias  = \"eu_west_1\"\n  region = \"eu-west-1\"\n}\n\ndata \"aws_availability_zones\" \"eu_west_1\" {\n  provider = aws.eu_west_1\n}\n";
    assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &[
            "subnet 10.0.1.0/24 (cloud_neta_private_sn)",
            "availability zone is <az 2 of eu-west-1> instead of <az 2>",
        ],
    );
}

#[test]
fn mutant_dropped_egress_rule() {
    let (dir, main) = converted_seed();
    let start = main.find("  egress {").unwrap();
    let end = start + main[start..].find("  }\n").unwrap() + 4;
    let m = format!("{}{}", &main[..start], &main[end..]);
    assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &["security group cloud_neta_security_group loses its egress rule: all traffic to 0.0.0.0/0"],
    );
}

#[test]
fn mutant_changed_cidr() {
    let (dir, main) = converted_seed();
    let m = replace(
        &main,
        "cidr_block        = \"10.0.1.0/24\"",
        "cidr_block        = \"10.0.2.0/24\"",
    );
    assert_broken(
        &seed(),
        &variant(&dir, "m", &m),
        &["subnet 10.0.1.0/24 (cloud_neta_private_sn): cidr is 10.0.2.0/24 instead of 10.0.1.0/24"],
    );
}

#[test]
fn rephrasing_reordered_route_table_ids() {
    let (dir, main) = converted_seed();
    let m = replace(
        &main,
        "[aws_route_table.cloud_neta_public_rt.id, aws_route_table.cloud_neta_private_rt.id]",
        "[aws_route_table.cloud_neta_private_rt.id, aws_route_table.cloud_neta_public_rt.id]",
    );
    assert_same(&seed(), &variant(&dir, "r", &m));
}

#[test]
fn rephrasing_tags_in_another_order() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(seed()).unwrap();
    let yaml = replace(
        &yaml,
        "        - Key: Name\n          Value: CloudNeta-VPC\n",
        "        - Key: Name\n          Value: CloudNeta-VPC\n        - Key: Env\n          Value: lab\n",
    );
    let template = dir.path().join("tagged.yaml");
    std::fs::write(&template, yaml).unwrap();
    let tf = convert_to_dir(&template);
    let main = std::fs::read_to_string(tf.path().join("tf/main.tf")).unwrap();
    let m = replace(
        &main,
        "Name = \"CloudNeta-VPC\"\n    Env  = \"lab\"",
        "Env  = \"lab\"\n    Name = \"CloudNeta-VPC\"",
    );
    assert_same(&template, &variant(&tf, "r", &m));
    let other = replace(&main, "Env  = \"lab\"", "Env  = \"prod\"");
    assert_broken(&template, &variant(&tf, "m", &other), &[]);
}

#[test]
fn rephrasing_igw_attached_inline() {
    let (dir, main) = converted_seed();
    let start = main.find("# CloudNetaIGWAttachment").unwrap();
    let end = start + main[start..].find("}\n\n").unwrap() + 3;
    let m = format!("{}{}", &main[..start], &main[end..]);
    let m = replace(
        &m,
        "resource \"aws_internet_gateway\" \"cloud_neta_igw\" {\n",
        "resource \"aws_internet_gateway\" \"cloud_neta_igw\" {\n  vpc_id = aws_vpc.cloud_neta_vpc.id\n",
    );
    let m = replace(
        &m,
        "depends_on             = [aws_internet_gateway_attachment.cloud_neta_igw_attachment]",
        "depends_on             = [aws_internet_gateway.cloud_neta_igw]",
    );
    assert_same(&seed(), &variant(&dir, "r", &m));
}

#[test]
fn rephrasing_inline_routes() {
    let (dir, main) = converted_seed();
    let start = main.find("# DefaultPublicRoute").unwrap();
    let end = start + main[start..].find("}\n\n").unwrap() + 3;
    let m = format!("{}{}", &main[..start], &main[end..]);
    let m = replace(
        &m,
        "resource \"aws_route_table\" \"cloud_neta_public_rt\" {\n  vpc_id = aws_vpc.cloud_neta_vpc.id\n",
        "resource \"aws_route_table\" \"cloud_neta_public_rt\" {\n  vpc_id = aws_vpc.cloud_neta_vpc.id\n  route {\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = aws_internet_gateway.cloud_neta_igw.id\n  }\n",
    );
    assert_same(&seed(), &variant(&dir, "r", &m));
    // The same shape with another target is a difference, named on the subnet.
    let wrong = replace(
        &m,
        "gateway_id = aws_internet_gateway.cloud_neta_igw.id\n  }",
        "gateway_id = \"local\"\n  }",
    );
    assert_broken(
        &seed(),
        &variant(&dir, "m", &wrong),
        &["subnet 10.0.0.0/24", "traffic to 0.0.0.0/0"],
    );
}

#[test]
fn rephrasing_user_data_base64() {
    let (dir, main) = converted_seed();
    let start = main.find("user_data              = <<EOT\n").unwrap();
    let end = start + main[start..].find("\nEOT\n").unwrap() + 5;
    let heredoc = &main[start + "user_data              = ".len()..end];
    let m = format!(
        "{}user_data_base64       = base64encode({heredoc})\n{}",
        &main[..start],
        &main[end..]
    );
    assert_same(&seed(), &variant(&dir, "r", &m));
    // A literal base64 string of the same text is the same too.
    let text_start = start + "user_data              = <<EOT\n".len();
    let script = &main[text_start..end - 4];
    let encoded = base64(script.as_bytes());
    let literal = format!(
        "{}user_data_base64       = \"{encoded}\"\n{}",
        &main[..start],
        &main[end..]
    );
    assert_same(&seed(), &variant(&dir, "r2", &literal));
    let changed = replace(
        &main,
        "echo \"qwe123\"\necho \"qwe123\"",
        "echo \"qwe123\"\necho \"other\"",
    );
    assert_broken(&seed(), &variant(&dir, "m", &changed), &[]);
}

fn base64(bytes: &[u8]) -> String {
    let o = std::process::Command::new("base64")
        .arg("-w0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .expect("base64(1) runs");
    text(&o.stdout).trim().to_string()
}

#[test]
fn rephrasing_security_group_rules_as_resources() {
    let (dir, main) = converted_seed();
    let start = main.find("  egress {").unwrap();
    let end = start + main[start..].find("  }\n").unwrap() + 4;
    let m = format!("{}{}", &main[..start], &main[end..])
        + "\nresource \"aws_vpc_security_group_egress_rule\" \"all\" {\n  security_group_id = aws_security_group.cloud_neta_security_group.id\n  ip_protocol       = \"-1\"\n  cidr_ipv4         = \"0.0.0.0/0\"\n}\n\nresource \"aws_security_group_rule\" \"ssh\" {\n  type              = \"ingress\"\n  security_group_id = aws_security_group.cloud_neta_security_group.id\n  protocol          = \"6\"\n  from_port         = \"22\"\n  to_port           = 22\n  cidr_blocks       = [\"0.0.0.0/0\"]\n}\n";
    assert_same(&seed(), &variant(&dir, "r", &m));
}

#[test]
fn rephrasing_endpoint_route_table_association() {
    let (dir, main) = converted_seed();
    let m = replace(
        &main,
        "[aws_route_table.cloud_neta_public_rt.id, aws_route_table.cloud_neta_private_rt.id]",
        "[aws_route_table.cloud_neta_public_rt.id]",
    ) + "\nresource \"aws_vpc_endpoint_route_table_association\" \"private\" {\n  vpc_endpoint_id = aws_vpc_endpoint.endpoint.id\n  route_table_id  = aws_route_table.cloud_neta_private_rt.id\n}\n";
    assert_same(&seed(), &variant(&dir, "r", &m));
}

#[test]
fn cfn_vs_cfn_changed_route_table_list() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(seed()).unwrap();
    let copy = dir.path().join("copy.yaml");
    std::fs::write(&copy, &yaml).unwrap();
    assert_same(&seed(), &copy);
    let changed = replace(
        &yaml,
        "        - !Ref CloudNetaPublicRT\n        - !Ref CloudNetaPrivateRT\n",
        "        - !Ref CloudNetaPublicRT\n",
    );
    std::fs::write(&copy, changed).unwrap();
    assert_broken(
        &seed(),
        &copy,
        &["VPC endpoint com.amazonaws.<region>.s3 no longer serves route table cloud_neta_private_rt"],
    );
}

#[test]
fn json_format_gives_the_same_as_data() {
    let (dir, main) = converted_seed();
    let m = replace(&main, "available.names[2]", "available.names[1]");
    let b = variant(&dir, "m", &m);
    let o = run(cfn2tf().arg("diff").arg(seed()).arg(&b).arg("--format").arg("json"));
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(json["same"], false);
    assert_eq!(json["intent"][0]["kind"], "subnet");
    assert_eq!(json["intent"][0]["fact"], "availability zone");
    assert_eq!(json["intent"][0]["a"], "<az 2>");
    assert_eq!(json["intent"][0]["b"], "<az 1>");
    assert_eq!(json["resources"][0]["attribute"], "availability_zone");
    assert!(
        json["resources"][0]["a_origin"]
            .as_str()
            .unwrap()
            .ends_with("gateway-endpoint.yaml:36")
    );
}

#[test]
fn parameters_and_variables_are_applied() {
    let (dir, _) = converted_seed();
    let tf = dir.path().join("tf");
    let with = |args: &[&str]| {
        let o = run(cfn2tf().arg("diff").arg(seed()).arg(&tf).args(args));
        (o.status.code(), text(&o.stdout), text(&o.stderr))
    };
    assert_eq!(with(&["--param", "KeyName=lab", "--var", "key_name=lab"]).0, Some(0));
    let (code, out, _) = with(&["--param", "KeyName=lab", "--var", "key_name=other"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("key_name") && out.contains("- lab") && out.contains("+ other"),
        "{out}"
    );
    let (code, _, err) = with(&["--param", "NoSuchParam=x"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no parameter named NoSuchParam on either side"), "{err}");
    assert_eq!(with(&["--var", "broken"]).0, Some(2));
}

#[test]
fn count_zero_resources_do_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tf");
    let b = dir.path().join("b.tf");
    std::fs::write(
        &a,
        "variable \"make\" {\n  default = false\n}\nlocals {\n  on = var.make\n}\nresource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\nresource \"aws_subnet\" \"s\" {\n  count      = local.on ? 1 : 0\n  vpc_id     = aws_vpc.v.id\n  cidr_block = \"10.0.0.0/24\"\n}\n",
    )
    .unwrap();
    std::fs::write(&b, "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n").unwrap();
    assert_same(&a, &b);
    let o = run(cfn2tf().arg("diff").arg(&a).arg(&b).args(["--var", "make=true"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).starts_with("subnet 10.0.0.0/24 (s) exists only in A"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn errors_exit_2_with_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tf");
    std::fs::write(&bad, "resource \"aws_vpc\" \"v\" {\n  cidr_block = \n}\n").unwrap();
    let (code, _, err) = diff(&seed(), &bad);
    assert_eq!(code, 2);
    assert!(err.contains("bad.tf:2"), "{err}");
    let original = repo_root().join("samples/gateway-endpoint/gateway-endpoint.original.yaml");
    let (code, _, err) = diff(&original, &seed());
    assert_eq!(code, 2);
    assert!(err.contains("gateway-endpoint.original.yaml:8"), "{err}");
    let (code, _, _) = diff(&seed(), &dir.path().join("missing.yaml"));
    assert_eq!(code, 2);
    let (code, _, _) = diff(&seed(), &dir.path().join("what.txt"));
    assert_eq!(code, 2);
}

/// Every template the project holds (samples, tests with the corpus sample), and the whole
/// corpus when `../shared` is present.
fn templates() -> Vec<PathBuf> {
    let mut dirs = vec![repo_root().join("samples"), repo_root().join("tests")];
    let corpus = corpus();
    if corpus.whole {
        dirs.push(corpus.dir);
    }
    let mut out = Vec::new();
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json" || x == "template")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn library_diff(a: &Path, b: &Path) -> Report {
    cfn2tf::diff::diff(a, b, &Options::default(), false).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn diff_of_a_template_with_itself_and_with_its_conversion_is_empty() {
    let mut checked = 0;
    for t in templates() {
        let Ok(text) = std::fs::read_to_string(&t) else {
            continue;
        };
        if cfn2tf::cfn_to_tf(&cfn2tf::source::SourceFile::new(t.display().to_string(), text)).is_err() {
            continue; // bad-input fixtures: not templates that convert
        }
        let same = library_diff(&t, &t);
        assert!(
            same.same,
            "diff({0}, {0}) is not empty: {1:?}",
            t.display(),
            same.intent
        );
        let dir = convert_to_dir(&t);
        let report = library_diff(&t, &dir.path().join("tf"));
        assert!(
            report.same,
            "{} vs its conversion:\n{}",
            t.display(),
            cfn2tf::diff::render_text(&report, false, false)
        );
        checked += 1;
    }
    assert!(checked >= 1, "no template was checked");
    eprintln!("diff(A, A) and diff(A, convert(A)) empty for {checked} templates");
}

/// The differences as side-neutral data, with A and B swapped when `swap`.
fn facts(r: &Report, swap: bool) -> Vec<String> {
    let mut out = Vec::new();
    for c in &r.intent {
        let (a, b) = if swap { (&c.b, &c.a) } else { (&c.a, &c.b) };
        out.push(format!("{:?} {} {} {a:?} {b:?}", c.kind, c.subject, c.fact));
    }
    for c in &r.resources {
        let change = match (&c.change, swap) {
            (ChangeKind::OnlyInA, true) => ChangeKind::OnlyInB,
            (ChangeKind::OnlyInB, true) => ChangeKind::OnlyInA,
            (k, _) => k.clone(),
        };
        let mut names = vec![c.name.clone(), c.b_name.clone().unwrap_or_else(|| c.name.clone())];
        names.sort();
        let (a, b) = if swap { (&c.b, &c.a) } else { (&c.a, &c.b) };
        out.push(format!("{change:?} {} {names:?} {:?} {a:?} {b:?}", c.ty, c.attribute));
    }
    out.sort();
    out
}

#[test]
fn diff_is_symmetric() {
    let (dir, main) = converted_seed();
    let mutants = [
        replace(&main, "available.names[2]", "available.names[1]"),
        replace(
            &main,
            "[aws_route_table.cloud_neta_public_rt.id, aws_route_table.cloud_neta_private_rt.id]",
            "[aws_route_table.cloud_neta_public_rt.id]",
        ),
        replace(
            &main,
            "gateway_id             = aws_internet_gateway.cloud_neta_igw.id",
            "nat_gateway_id         = aws_nat_gateway.nat.id",
        ) + "\nresource \"aws_nat_gateway\" \"nat\" {\n  subnet_id = aws_subnet.cloud_neta_public_sn.id\n}\n",
        replace(
            &main,
            "cidr_block        = \"10.0.1.0/24\"",
            "cidr_block        = \"10.0.2.0/24\"",
        ),
    ];
    for (i, m) in mutants.iter().enumerate() {
        let b = variant(&dir, &format!("m{i}"), m);
        for a in [seed(), dir.path().join("tf")] {
            let ab = library_diff(&a, &b);
            let ba = library_diff(&b, &a);
            assert!(!ab.same);
            assert_eq!(facts(&ab, false), facts(&ba, true), "mutant {i} vs {}", a.display());
        }
    }
}

fn idiomatic() -> PathBuf {
    repo_root().join("tests/fixtures/diff/idiomatic-seed")
}

#[test]
fn hand_written_terraform_with_other_names_means_the_same_as_the_seed() {
    assert_same(&seed(), &idiomatic());
    assert_same(&idiomatic(), &seed());
    let (dir, _) = converted_seed();
    assert_same(&dir.path().join("tf"), &idiomatic());
}

#[test]
fn hand_written_terraform_mutants_name_the_intent() {
    let dir = tempfile::tempdir().unwrap();
    let main = std::fs::read_to_string(idiomatic().join("main.tf")).unwrap();
    let write = |name: &str, text: &str| {
        let d = dir.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("main.tf"), text).unwrap();
        d
    };
    // The private route table's endpoint association is gone.
    let start = main
        .find("resource \"aws_vpc_endpoint_route_table_association\" \"private\"")
        .unwrap();
    let dropped = format!("{}{}", &main[..start], &main[start..].split_once("}\n").unwrap().1);
    assert_broken(
        &seed(),
        &write("no-assoc", &dropped),
        &[
            "VPC endpoint com.amazonaws.<region>.s3 no longer serves route table cloud_neta_private_rt: subnet 10.0.1.0/24 loses its S3 route",
        ],
    );
    // The ssh rule now allows one address only.
    let narrowed = replace(
        &main,
        "from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = \"0.0.0.0/0\"",
        "from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = \"203.0.113.7/32\"",
    );
    let out = assert_broken(
        &seed(),
        &write("ssh", &narrowed),
        &["security group cloud_neta_security_group loses its ingress rule: tcp 22 from 0.0.0.0/0"],
    );
    assert!(
        out.contains("gains an ingress rule: tcp 22 from 203.0.113.7/32"),
        "{out}"
    );
    assert!(
        !out.contains("aws_instance"),
        "the instances still pair with theirs:\n{out}"
    );
}

/// The diff's verdict on the hand-written Terraform agrees with deploying both into moto.
#[test]
fn same_meaning_agrees_with_the_deployment_oracle() {
    let Some(script) = oracle() else { return };
    assert_same(&seed(), &idiomatic());
    let verdict = equivalent(
        &script,
        &seed(),
        &idiomatic(),
        &[("KeyName", "lab")],
        &[("key_name", "lab")],
    );
    assert!(verdict.is_ok(), "{}", verdict.unwrap_err());
}

#[test]
fn parameters_decide_conditional_resources() {
    let template = repo_root().join("tests/fixtures/diff/conditional-subnet.yaml");
    let dir = convert_to_dir(&template);
    let tf = dir.path().join("tf");
    let with = |args: &[&str]| {
        let o = run(cfn2tf().arg("diff").arg(&template).arg(&tf).args(args));
        (o.status.code(), text(&o.stdout))
    };
    assert_eq!(with(&[]).0, Some(0));
    let (code, out) = with(&["--param", "WithPrivateSubnet=true"]);
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with("subnet 10.1.1.0/24 (private_subnet) exists only in A"),
        "{out}"
    );
    assert_eq!(
        with(&["--param", "WithPrivateSubnet=true", "--var", "with_private_subnet=true"]).0,
        Some(0)
    );
}

/// diff and convert share one input detection: a template is read whatever its extension, as
/// `convert` reads it, and a file that is no template gets the parser's located error.
#[test]
fn templates_with_any_extension_are_read_as_convert_reads_them() {
    let (dir, _) = converted_seed();
    let renamed = dir.path().join("lab.cfn");
    std::fs::copy(seed(), &renamed).unwrap();
    assert_same(&renamed, &dir.path().join("tf"));

    let not_a_template = dir.path().join("notes.txt");
    std::fs::write(&not_a_template, "just: some\nyaml: here\n").unwrap();
    let (code, out, err) = diff(&not_a_template, &renamed);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("notes.txt:"), "the error names the file: {err}");
    assert!(!err.contains("cannot tell whether"), "{err}");
}
