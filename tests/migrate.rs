//! Migrating a live stack: deploy a template with CloudFormation into moto, `cfn2tf migrate
//! --stack` against it, then `terraform plan` on the output against the same moto must import
//! every resource and change nothing, but for the named moto behaviours of each case.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A moto server of the oracle's, stopped when dropped.
struct Moto {
    oracle: PathBuf,
    port: u16,
    state: tempfile::TempDir,
}

impl Moto {
    fn start(oracle: &Path) -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let state = tempfile::tempdir().unwrap();
        let out = run(Command::new("bash")
            .arg(oracle.join("moto-up.sh"))
            .arg(port.to_string())
            .env("ORACLE_STATE_DIR", state.path())
            // moto's recorder writes every request it serves, for `aws_calls`.
            .env("MOTO_ENABLE_RECORDING", "True")
            .env("MOTO_RECORDER_FILEPATH", state.path().join("recording.jsonl")));
        assert!(out.status.success(), "moto did not start: {}", text(&out.stdout));
        Moto {
            oracle: oracle.to_path_buf(),
            port,
            state,
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Forgets the requests recorded so far.
    fn reset_recording(&self) {
        let out = run(Command::new("curl").args([
            "-s",
            "-f",
            "-X",
            "POST",
            &format!("{}/moto-api/recorder/reset-recording", self.endpoint()),
        ]));
        assert!(out.status.success(), "moto's recorder did not reset");
    }

    /// The AWS operations requested since the last reset: the query protocol's `Action`, the
    /// JSON protocol's `X-Amz-Target` operation, or `METHOD path` of a REST call.
    fn aws_calls(&self) -> Vec<String> {
        let recording = std::fs::read_to_string(self.state.path().join("recording.jsonl")).unwrap_or_default();
        recording
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .map(|entry| {
                let body = entry["body"].as_str().unwrap_or_default();
                let body = if entry["body_encoded"].as_bool() == Some(true) {
                    String::from_utf8_lossy(&base64_decode(body)).into_owned()
                } else {
                    body.to_string()
                };
                if let Some(action) = body.split('&').find_map(|p| p.strip_prefix("Action=")) {
                    return action.to_string();
                }
                if let Some(target) = entry["headers"]["X-Amz-Target"].as_str() {
                    return target.rsplit('.').next().unwrap_or(target).to_string();
                }
                format!(
                    "{} {}",
                    entry["method"].as_str().unwrap_or_default(),
                    entry["url"].as_str().unwrap_or_default()
                )
            })
            .collect()
    }

    /// The environment that points the AWS SDK, the CLI and the provider at this moto only.
    fn env(&self, cmd: &mut Command) {
        cmd.env("AWS_ENDPOINT_URL", self.endpoint())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", REGION)
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE");
    }
}

/// Standard base64 (the recorder's encoding of binary bodies).
fn base64_decode(text: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(digit).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk.iter().fold(0u32, |n, d| (n << 6) | u32::from(*d)) << (6 * (4 - chunk.len()));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(chunk.len().saturating_sub(1))
        })
        .collect()
}

/// A read-only AWS operation: a Describe, Get or List (a REST call: a GET or HEAD).
fn is_read_only(call: &str) -> bool {
    ["Describe", "Get", "List", "GET ", "HEAD "]
        .iter()
        .any(|prefix| call.starts_with(prefix))
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(self.oracle.join("moto-down.sh"))
            .arg(self.port.to_string())
            .env("ORACLE_STATE_DIR", self.state.path())
            .output();
    }
}

const REGION: &str = "ap-northeast-2";

fn oracle_dir() -> Option<PathBuf> {
    oracle().map(|script| script.parent().unwrap().to_path_buf())
}

/// How a resource shows in the plan when moto (or the provider) does not read it back as deployed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Change {
    Add,
    Update,
    Replace,
}

/// A planned change that is not cfn2tf's: the resource address, the change, the attributes
/// it touches (exactly; none for Add), those of them that MIGRATION.md predicts (settings of
/// Terraform's own an import cannot read, values left to AWS; not moto's quirks) and the
/// behaviour behind it.
struct Known {
    address: &'static str,
    change: Change,
    attributes: &'static [&'static str],
    predicted: &'static [&'static str],
    why: &'static str,
}

/// A parameter value moto reports wrongly, given to terraform with `-var` instead (`{Output}`
/// is an output of the base network stack).
struct Value {
    variable: &'static str,
    value: &'static str,
    why: &'static str,
}

struct Case {
    /// Repository path, or a corpus template (`common::corpus_template`) with `corpus:`.
    template: &'static str,
    stack: &'static str,
    /// Deploy `tests/migrate/base-network.yaml` first (VPC and subnet ids, exports, /lab/zones).
    base: bool,
    params: &'static [(&'static str, &'static str)],
    imports: usize,
    values: &'static [Value],
    known: &'static [Known],
}

const LIST_PARAMETER: &str = "moto's DescribeStacks reports a List/CommaDelimitedList parameter as the Python repr of the list (`['a', 'b']`); AWS reports `a,b`";
const SSM_PARAMETER: &str = "moto's DescribeStacks reports the resolved value as the ParameterValue of an AWS::SSM::Parameter::Value parameter; AWS reports the parameter name (and ResolvedValue apart)";
const LB_ATTRIBUTES: &str = "moto's DescribeLoadBalancerAttributes returns only access_logs.s3.bucket/prefix, deletion_protection and cross_zone (AWS returns them all), so the provider reads the others as unset and plans its defaults";

/// A load balancer whose attributes moto does not return (`LB_ATTRIBUTES`).
const fn load_balancer_defaults(address: &'static str) -> Known {
    Known {
        address,
        change: Change::Update,
        attributes: LB_UNREAD,
        predicted: &[],
        why: LB_ATTRIBUTES,
    }
}

/// An Auto Scaling group whose Terraform-only settings an import leaves unset (`ASG_SETTINGS`).
const fn asg_settings(address: &'static str) -> Known {
    Known {
        address,
        change: Change::Update,
        attributes: &[
            "capacity_reservation_specification",
            "force_delete",
            "force_delete_warm_pool",
            "ignore_failed_scaling_activities",
            "wait_for_capacity_timeout",
        ],
        predicted: &[
            "force_delete",
            "force_delete_warm_pool",
            "ignore_failed_scaling_activities",
            "wait_for_capacity_timeout",
        ],
        why: ASG_SETTINGS,
    }
}

/// A launch configuration whose monitoring moto leaves unset (`LC_MONITORING`).
const fn launch_configuration_monitoring(address: &'static str) -> Known {
    Known {
        address,
        change: Change::Replace,
        attributes: &["enable_monitoring"],
        predicted: &[],
        why: LC_MONITORING,
    }
}

const LB_UNREAD: &[&str] = &[
    "client_keep_alive",
    "connection_logs",
    "desync_mitigation_mode",
    "drop_invalid_header_fields",
    "enable_http2",
    "enable_tls_version_and_cipher_suite_headers",
    "enable_waf_fail_open",
    "enable_xff_client_port",
    "enable_zonal_shift",
    "idle_timeout",
    "preserve_host_header",
    "xff_header_processing_mode",
];

const LAMBDA_CODE: &str = "the provider does not read filename, publish or source_code_hash back when importing aws_lambda_function (on AWS too): the update uploads the same zip, nothing is recreated";

const SUBSCRIPTION_SETTINGS: &str = "the provider does not read the Terraform-only confirmation_timeout_in_minutes and endpoint_auto_confirms when importing a subscription (on AWS too): the update records their defaults in the state";

const FINAL_SNAPSHOT: &str = "final_snapshot is Terraform's own setting (AWS keeps none, on AWS too): an import leaves it unset, and the in-place update only records it in the state";

const SENSITIVE_MARK: &str = "Terraform: the description embeds the NoEcho Password (a sensitive variable) and imported state is not marked sensitive, so the plan updates the marking only; no value changes";
const ASG_SETTINGS: &str = "the provider leaves the Terraform-only force_delete, force_delete_warm_pool, ignore_failed_scaling_activities and wait_for_capacity_timeout unset when importing (on AWS too), and moto returns no CapacityReservationSpecification";
const LC_MONITORING: &str = "moto's CloudFormation leaves InstanceMonitoring unset when the template omits it (AWS defaults it to true), so enable_monitoring reads false and forces a new launch configuration";

/// A template without parameters that moto reads back faithfully.
const fn imports_only(template: &'static str, stack: &'static str, imports: usize) -> Case {
    Case {
        template,
        stack,
        base: false,
        params: &[],
        imports,
        values: &[],
        known: &[],
    }
}

const CASES: &[Case] = &[
    imports_only(
        "corpus:awslabs__aws-cloudformation-templates__aws__services__SQS__SQSStandardQueue.json",
        "sqs-standard",
        1,
    ),
    imports_only(
        "corpus:awslabs__aws-cloudformation-templates__aws__services__DynamoDB__DynamoDB_Secondary_Indexes.yaml",
        "dynamodb-indexes",
        1,
    ),
    imports_only(
        "corpus:awslabs__aws-cloudformation-templates__aws__services__CloudFormation__FindInMap_Inside_Sub.yaml",
        "findinmap-in-sub",
        2,
    ),
    imports_only(
        "corpus:awslabs__aws-cloudformation-templates__aws__solutions__S3AccessLogs__templates__S3AccessLogs.cfn.yaml",
        "s3-access-logs",
        6,
    ),
    Case {
        template: "samples/gateway-endpoint/gateway-endpoint.yaml",
        stack: "lab-stack",
        base: false,
        params: &[("KeyName", "lab-key")],
        imports: 14,
        values: &[],
        known: &[],
    },
    Case {
        template: "tests/language/attributes.yaml",
        stack: "attributes",
        base: false,
        params: &[],
        imports: 7,
        values: &[],
        known: &[
            asg_settings("aws_autoscaling_group.group"),
            launch_configuration_monitoring("aws_launch_configuration.launch"),
            Known {
                address: "aws_ebs_volume.volume",
                change: Change::Update,
                attributes: &["final_snapshot"],
                predicted: &["final_snapshot"],
                why: FINAL_SNAPSHOT,
            },
        ],
    },
    Case {
        template: "tests/migrate/app-services.yaml",
        stack: "app-services",
        base: false,
        params: &[],
        imports: 18,
        values: &[],
        known: &[
            Known {
                address: "aws_sns_topic_subscription.topic_subscription",
                change: Change::Update,
                attributes: &["confirmation_timeout_in_minutes", "endpoint_auto_confirms"],
                predicted: &["confirmation_timeout_in_minutes", "endpoint_auto_confirms"],
                why: SUBSCRIPTION_SETTINGS,
            },
            Known {
                address: "aws_sns_topic_subscription.alert_topic_sqs",
                change: Change::Update,
                attributes: &["confirmation_timeout_in_minutes", "endpoint_auto_confirms"],
                predicted: &["confirmation_timeout_in_minutes", "endpoint_auto_confirms"],
                why: SUBSCRIPTION_SETTINGS,
            },
        ],
    },
    imports_only("tests/language/cidr.yaml", "cidr", 3),
    imports_only("tests/language/cidr_doc_example.yaml", "cidr-doc-example", 1),
    Case {
        template: "tests/language/everything.yaml",
        stack: "everything",
        base: false,
        params: &[],
        imports: 12,
        values: &[
            Value {
                variable: "ssh_ports",
                value: "[22, 2222]",
                why: LIST_PARAMETER,
            },
            Value {
                variable: "admin_cidrs",
                value: r#"["10.0.0.0/8", "192.168.0.0/16"]"#,
                why: LIST_PARAMETER,
            },
            Value {
                variable: "zones",
                value: r#"["ap-northeast-2a", "ap-northeast-2c"]"#,
                why: LIST_PARAMETER,
            },
        ],
        known: &[],
    },
    imports_only("tests/language/get_azs.yaml", "get-azs", 4),
    Case {
        template: "tests/language/import_value.yaml",
        stack: "import-value",
        base: true,
        params: &[],
        imports: 1,
        values: &[],
        known: &[],
    },
    Case {
        template: "tests/language/join_select_split.yaml",
        stack: "join-select-split",
        base: false,
        params: &[],
        imports: 1,
        values: &[
            Value {
                variable: "names",
                value: r#"["a", "b", "c"]"#,
                why: LIST_PARAMETER,
            },
            Value {
                variable: "ports",
                value: "[80, 443]",
                why: LIST_PARAMETER,
            },
        ],
        known: &[],
    },
    Case {
        template: "tests/language/parameters.yaml",
        stack: "parameters",
        base: true,
        params: &[
            ("VpcId", "{VpcId}"),
            ("SubnetIds", "{SubnetA},{SubnetB}"),
            ("Password", "not-a-secret"),
        ],
        imports: 2,
        values: &[
            Value {
                variable: "ports",
                value: "[80, 443]",
                why: LIST_PARAMETER,
            },
            Value {
                variable: "cidrs",
                value: r#"["10.0.0.0/8"]"#,
                why: LIST_PARAMETER,
            },
            Value {
                variable: "subnet_ids",
                value: r#"["{SubnetA}", "{SubnetB}"]"#,
                why: LIST_PARAMETER,
            },
            Value {
                variable: "ami",
                value: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                why: SSM_PARAMETER,
            },
            Value {
                variable: "zones",
                value: "/lab/zones",
                why: SSM_PARAMETER,
            },
        ],
        known: &[Known {
            address: "aws_security_group.sg",
            change: Change::Update,
            attributes: &[],
            predicted: &[],
            why: SENSITIVE_MARK,
        }],
    },
    imports_only("tests/language/sub_forms.yaml", "sub-forms", 2),
    imports_only(
        "corpus:awslabs__aws-cloudformation-templates__aws__solutions__PersistAZMapping__FindInMapAZs.yaml",
        "find-in-map-azs-yaml",
        22,
    ),
    imports_only(
        "corpus:awslabs__aws-cloudformation-templates__aws__solutions__PersistAZMapping__FindInMapAZs.json",
        "find-in-map-azs-json",
        22,
    ),
    Case {
        template: "corpus:awslabs__aws-cloudformation-templates__aws__services__ECS__FargateLaunchType__clusters__private-vpc.yml",
        stack: "ecs-private-vpc",
        base: false,
        params: &[],
        // Three of its four standalone ingress rules fold into their group's inline rules and
        // come with the group's import, so they have no import block of their own.
        imports: 37,
        values: &[],
        known: &[
            load_balancer_defaults("aws_lb.private_load_balancer"),
            load_balancer_defaults("aws_lb.public_load_balancer"),
        ],
    },
    Case {
        template: "corpus:awslabs__aws-cloudformation-templates__aws__services__ECS__EC2LaunchType__clusters__public-vpc.yml",
        stack: "ecs-public-vpc",
        base: false,
        params: &[],
        // Its two standalone ingress rules fold into their group and come with its import.
        imports: 24,
        values: &[Value {
            variable: "ecsami",
            value: "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
            why: SSM_PARAMETER,
        }],
        known: &[
            asg_settings("aws_autoscaling_group.ecs_auto_scaling_group"),
            launch_configuration_monitoring("aws_launch_configuration.container_instances"),
            load_balancer_defaults("aws_lb.public_load_balancer"),
        ],
    },
    Case {
        template: "corpus:awslabs__aws-cloudformation-templates__aws__solutions__CloudFormationEndpointSignals__cfn-endpoint-creationpolicy.yaml",
        stack: "endpoint-creationpolicy",
        base: false,
        params: &[("EnvironmentName", "lab"), ("KeyName", "lab-key")],
        imports: 25,
        values: &[Value {
            variable: "linux_ami",
            value: "/aws/service/ami-amazon-linux-latest/amzn-ami-hvm-x86_64-gp2",
            why: SSM_PARAMETER,
        }],
        known: &[],
    },
    Case {
        template: "corpus:awslabs__aws-cloudformation-templates__aws__services__EC2__EC2InstanceWithSecurityGroupSample.yaml",
        stack: "instance-with-sg",
        base: false,
        params: &[("KeyName", "lab-key")],
        imports: 2,
        values: &[Value {
            variable: "latest_ami_id",
            value: "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
            why: SSM_PARAMETER,
        }],
        known: &[],
    },
    Case {
        template: "corpus:awslabs__aws-cloudformation-templates__aws__solutions__LambdaStaticIP__lambda-static.cfn.yaml",
        stack: "lambda-static-ip",
        base: false,
        params: &[],
        imports: 25,
        values: &[],
        known: &[Known {
            address: "aws_lambda_function.lambda_function",
            change: Change::Update,
            attributes: &["filename", "publish", "source_code_hash"],
            predicted: &["filename", "publish", "source_code_hash"],
            why: LAMBDA_CODE,
        }],
    },
    Case {
        template: "corpus:awslabs__aws-cloudformation-templates__aws__solutions__VPCPeering__templates__VPCPeering-Requester-Setup.cfn.yaml",
        stack: "vpc-peering-requester",
        base: true,
        params: &[
            ("VPCID", "{VpcId}"),
            ("PeerVPCID", "{PeerVpcId}"),
            ("PeerName", "peer"),
            ("PeerOwnerId", "123456789012"),
            ("PeerRoleARN", "arn:aws:iam::123456789012:role/peer"),
        ],
        imports: 1,
        values: &[],
        known: &[],
    },
];

/// Deploys every case into its own moto, migrates it with `cfn2tf migrate --stack` and checks
/// that `terraform plan` imports every resource and changes nothing, but for the listed moto
/// behaviours; `retain.yaml` adds no cfn-lint error to the template's own.
#[test]
fn stacks_migrate_with_imports_only() {
    // `migrate --stack` reads the stack through the AWS SDK, the cargo feature `aws`.
    if !available("cfn2tf built with the aws feature", cfg!(feature = "aws")) {
        return;
    }
    let Some(oracle) = oracle_dir() else { return };
    let Some(tf) = terraform() else { return };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                while let Some(case) = CASES.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) {
                    let result = migrate_case(case, &oracle, &tf);
                    results.lock().unwrap().push((case.template, result));
                }
            });
        }
    });
    let mut failures = Vec::new();
    let mut migrated = Vec::new();
    for (template, result) in results.into_inner().unwrap() {
        match result {
            Ok(m) => migrated.push(m),
            Err(e) => failures.push(format!("{template}: {e}")),
        }
    }
    // retain.yaml passes cfn-lint, or fails only where the deployed template itself does (a
    // deprecated runtime, a cfn-lint fixture's own errors).
    if cfn_lint().is_some() {
        let files: Vec<&Path> = migrated
            .iter()
            .flat_map(|m| [m.retain.as_path(), m.template.as_path()])
            .collect();
        let errors = lint_errors(&files);
        for (m, pair) in migrated.iter().zip(errors.chunks(2)) {
            let added: Vec<&String> = pair[0].iter().filter(|e| !pair[1].contains(e)).collect();
            if !added.is_empty() {
                failures.push(format!(
                    "{}: retain.yaml adds cfn-lint errors {added:?}",
                    m.template.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn template_path(template: &str) -> PathBuf {
    match template.strip_prefix("corpus:") {
        Some(file) => corpus_template(file),
        None => repo_root().join(template),
    }
}

/// `deploy-cfn.py` into `moto`; Ok with the stack's outputs.
fn deploy(
    moto: &Moto,
    oracle: &Path,
    template: &Path,
    stack: &str,
    params: &[(String, String)],
) -> Result<Vec<(String, String)>, String> {
    let mut cmd = Command::new("python3");
    cmd.arg(oracle.join("deploy-cfn.py")).arg(template).args([
        "--stack-name",
        stack,
        "--region",
        REGION,
        "--endpoint",
        &moto.endpoint(),
    ]);
    for (k, v) in params {
        cmd.arg("--param").arg(format!("{k}={v}"));
    }
    let out = run(&mut cmd);
    let stdout = text(&out.stdout);
    if !out.status.success() {
        return Err(stdout);
    }
    Ok(stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("output ")?.split_once(" = "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

/// Deploys `tests/migrate/base-network.yaml` (exporting `<importer>-Cidr`); Ok with its outputs.
fn base_network(moto: &Moto, oracle: &Path, importer: &str) -> Result<Vec<(String, String)>, String> {
    let base = repo_root().join("tests/migrate/base-network.yaml");
    let param = [("ImporterStack".to_string(), importer.to_string())];
    deploy(moto, oracle, &base, "base-network", &param).map_err(|e| format!("base stack: {e}"))
}

/// `{Output}` -> the base stack's output value.
fn fill_outputs(outputs: &[(String, String)], v: &str) -> String {
    outputs
        .iter()
        .fold(v.to_string(), |acc, (k, out)| acc.replace(&format!("{{{k}}}"), out))
}

/// A migrated case: the output (kept until its retain.yaml is linted) and the template deployed.
struct Migrated {
    _work: tempfile::TempDir,
    retain: PathBuf,
    template: PathBuf,
}

fn migrate_case(case: &Case, oracle: &Path, tf: &Terraform) -> Result<Migrated, String> {
    let moto = Moto::start(oracle);
    let outputs = if case.base {
        base_network(&moto, oracle, case.stack)?
    } else {
        Vec::new()
    };
    let fill = |v: &str| fill_outputs(&outputs, v);
    let template = template_path(case.template);
    let params: Vec<(String, String)> = case.params.iter().map(|(k, v)| (k.to_string(), fill(v))).collect();
    deploy(&moto, oracle, &template, case.stack, &params).map_err(|e| format!("deploy: {e}"))?;
    // The recorder sees writes: the deployment's own CreateStack is there.
    let deployed = moto.aws_calls();
    if !deployed.iter().any(|c| c == "CreateStack") {
        return Err(format!(
            "moto's recorder missed the deployment's CreateStack: {deployed:?}"
        ));
    }
    moto.reset_recording();

    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("tf");
    let mut migrate = cfn2tf();
    migrate
        .args(["migrate", "--stack", case.stack, "--region", REGION, "-o"])
        .arg(&out);
    moto.env(&mut migrate);
    let migrated = run(&mut migrate);
    if !migrated.status.success() {
        return Err(format!("migrate: {}", text(&migrated.stderr)));
    }
    // The read-only promise: every AWS call migrate made is a Describe, Get or List.
    let calls = moto.aws_calls();
    let writes: Vec<&String> = calls.iter().filter(|c| !is_read_only(c)).collect();
    if calls.is_empty() || !writes.is_empty() {
        return Err(format!(
            "migrate made calls other than Describe/Get/List: {writes:?} (of {calls:?})"
        ));
    }
    // A queue's MaximumMessageSize left to AWS is read from SQS, not predicted as a change.
    let deployed_template = std::fs::read_to_string(&template).unwrap_or_default();
    if deployed_template.contains("AWS::SQS::Queue") && !calls.iter().any(|c| c == "GetQueueAttributes") {
        return Err(format!("migrate did not read the queue's attributes: {calls:?}"));
    }
    let tfvars = std::fs::read_to_string(out.join("terraform.tfvars")).map_err(|e| format!("terraform.tfvars: {e}"))?;
    for (k, v) in &params {
        let line = format!("{} = \"{v}\"", cfn2tf::convert::variable_name(k));
        let written = tfvars
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == line);
        let overridden = case
            .values
            .iter()
            .any(|o| o.variable == cfn2tf::convert::variable_name(k));
        if !written && !overridden {
            return Err(format!("terraform.tfvars lacks `{line}`:\n{tfvars}"));
        }
    }
    // Each override must still be needed: moto's value is not the deployed one.
    for o in case.values {
        let value = fill(o.value);
        let line = if value.starts_with('[') {
            format!("{} = {value}", o.variable)
        } else {
            format!("{} = \"{value}\"", o.variable)
        };
        if tfvars
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == line)
        {
            return Err(format!(
                "terraform.tfvars is right about {} now: drop the exception ({})",
                o.variable, o.why
            ));
        }
    }

    tf.use_providers(&out);
    let mut plan = tf.cmd(&out, &["plan", "-input=false", "-no-color", "-out=plan.bin"]);
    for o in case.values {
        plan.arg(format!("-var={}={}", o.variable, fill(o.value)));
    }
    moto.env(&mut plan);
    let planned = run(&mut plan);
    let plan_text = text(&planned.stdout);
    if !planned.status.success() {
        return Err(format!("plan failed:\n{plan_text}{}", text(&planned.stderr)));
    }
    let count = |c: Change| case.known.iter().filter(|k| k.change == c).count();
    let summary = format!(
        "Plan: {} to import, {} to add, {} to change, {} to destroy.",
        case.imports,
        count(Change::Add) + count(Change::Replace),
        count(Change::Update),
        count(Change::Replace)
    );
    // The plan's JSON (a second provider start) is read only when something is to be explained.
    if !case.known.is_empty() || !plan_text.contains(&summary) {
        let mut show = tf.cmd(&out, &["show", "-json", "plan.bin"]);
        moto.env(&mut show);
        let shown: serde_json::Value =
            serde_json::from_slice(&run(&mut show).stdout).map_err(|e| format!("show -json: {e}"))?;
        check_changes(case, &shown).map_err(|e| format!("{e}:\n{plan_text}"))?;
    }
    if !plan_text.contains(&summary) {
        return Err(format!("expected `{summary}`:\n{plan_text}"));
    }
    let guide = std::fs::read_to_string(out.join("MIGRATION.md")).map_err(|e| format!("MIGRATION.md: {e}"))?;
    // The guide predicts each in-place update of Terraform-only settings and of values left to
    // AWS by address and attributes, not moto's quirks.
    let mut expected: Vec<(String, Vec<String>)> = case
        .known
        .iter()
        .filter(|k| !k.predicted.is_empty())
        .map(|k| (k.address.to_string(), sorted(k.predicted)))
        .collect();
    expected.sort();
    let predictions = planned_updates(&guide);
    if predictions != expected {
        return Err(format!(
            "MIGRATION.md predicts {predictions:?}, the plan shows {expected:?}:\n{guide}"
        ));
    }
    let predicted = expected.len();
    let expect = format!(
        "Expect `Plan: {} to import, 0 to add, {predicted} to change, 0 to destroy.`",
        case.imports
    );
    if !guide.contains(&expect) {
        return Err(format!("MIGRATION.md lacks {expect}:\n{guide}"));
    }
    Ok(Migrated {
        _work: work,
        retain: out.join("retain.yaml"),
        template,
    })
}

/// `- `ADDRESS`: `attribute`, ...: why` lines under "## Planned updates" in MIGRATION.md.
fn planned_updates(guide: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = guide
        .split("\n## Planned updates\n")
        .nth(1)
        .unwrap_or_default()
        .split("\n## ")
        .next()
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let mut parts = line.strip_prefix("- ")?.splitn(3, ": ");
            let address = parts.next()?.trim_matches('`').to_string();
            let mut attributes: Vec<String> = parts
                .next()?
                .split(", ")
                .map(|a| a.trim_matches('`').to_string())
                .collect();
            attributes.sort();
            Some((address, attributes))
        })
        .collect();
    out.sort();
    out
}

/// Every planned change other than an import is a listed one, of the listed kind and attributes,
/// and every listed one is planned; as many imports as expected.
fn check_changes(case: &Case, shown: &serde_json::Value) -> Result<(), String> {
    let mut imported = 0;
    let mut unexpected = Vec::new();
    let mut seen = Vec::new();
    for rc in shown["resource_changes"].as_array().into_iter().flatten() {
        let address = rc["address"].as_str().unwrap_or_default();
        let change = &rc["change"];
        if !change["importing"].is_null() {
            imported += 1;
        }
        let actions: Vec<&str> = change["actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
            .collect();
        let (kind, attributes) = match actions.as_slice() {
            ["no-op"] | ["read"] => continue,
            ["create"] => (Change::Add, Vec::new()),
            ["update"] => (Change::Update, changed_attributes(change)),
            _ => (Change::Replace, replacing_attributes(change)),
        };
        match case.known.iter().find(|k| k.address == address) {
            Some(k) if k.change == kind && attributes == sorted(k.attributes) => {
                eprintln!("{}: {address}: {kind:?}, known: {}", case.stack, k.why);
                seen.push(k.address)
            }
            _ => unexpected.push(format!("{address}: {kind:?} of {attributes:?}")),
        }
    }
    let missing: Vec<&str> = case
        .known
        .iter()
        .map(|k| k.address)
        .filter(|a| !seen.contains(a))
        .collect();
    if !unexpected.is_empty() || !missing.is_empty() || imported != case.imports {
        return Err(format!(
            "{imported} imports (expected {}); unexpected changes {unexpected:?}; listed changes not planned {missing:?}",
            case.imports
        ));
    }
    Ok(())
}

/// The top-level attributes that force a replacement.
fn replacing_attributes(change: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = change["replace_paths"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|path| Some(path.get(0)?.as_str()?.to_string()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn sorted(items: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Top-level attributes whose planned value differs from the imported one (values known only
/// after apply are consequences, not causes, and are left out).
fn changed_attributes(change: &serde_json::Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let before = change["before"].as_object().unwrap_or(&empty);
    let after = change["after"].as_object().unwrap_or(&empty);
    let unknown = change["after_unknown"].as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.dedup();
    let mut out: Vec<String> = keys
        .into_iter()
        .filter(|k| unknown.get(*k) != Some(&serde_json::Value::Bool(true)))
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| k.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// cfn-lint's errors for each template, in one run (its start-up is most of its time), as
/// `RULE message` without the location (retain.yaml's lines are shifted).
fn lint_errors(templates: &[&Path]) -> Vec<Vec<String>> {
    let out = run(Command::new("cfn-lint")
        .args(["--regions", REGION, "--format", "parseable", "--"])
        .args(templates));
    let out = text(&out.stdout);
    templates
        .iter()
        .map(|t| {
            let prefix = format!("{}:", t.display());
            out.lines()
                .filter_map(|l| l.strip_prefix(&prefix))
                .filter_map(|l| {
                    // line:column:end line:end column:RULE:message
                    let rest: Vec<&str> = l.splitn(6, ':').collect();
                    (rest.len() == 6 && rest[4].starts_with('E')).then(|| format!("{} {}", rest[4], rest[5]))
                })
                .collect()
        })
        .collect()
}

/// Language and corpus networking templates moto cannot deploy (the README says why), with
/// their parameters and a piece of moto's refusal: once one deploys, it belongs in `CASES`.
type Undeployable = (&'static str, &'static [(&'static str, &'static str)], &'static str);
const UNDEPLOYABLE: &[Undeployable] = &[
    ("tests/language/conditions.yaml", &[], "crashed moto"),
    ("tests/language/find_in_map.yaml", &[], "crashed moto"),
    ("tests/language/json_properties.yaml", &[], "crashed moto"),
    ("tests/language/ref_pseudo.yaml", &[], "crashed moto"),
    (
        "tests/language/getatt_forms.yaml",
        &[],
        "does not support attribute type VpcId",
    ),
    (
        "corpus:awslabs__aws-cloudformation-templates__aws__solutions__VPCFlowLogs__templates__VPCFlowLogsCloudWatch.cfn.yaml",
        &[("VPCID", "{VpcId}"), ("VPCFlowLogsCloudWatchKMSKey", "")],
        "crashed moto",
    ),
    (
        "corpus:awslabs__aws-cloudformation-templates__aws__solutions__VPCFlowLogs__templates__VPCFlowLogsS3.cfn.yaml",
        &[
            ("VPCID", "{VpcId}"),
            ("VPCFlowLogsBucketKMSKey", ""),
            ("S3AccessLogsBucketName", ""),
            ("VPCFlowLogsBucketName", "flowlogs-bucket"),
        ],
        "crashed moto",
    ),
    (
        "corpus:awslabs__aws-cloudformation-templates__aws__solutions__VPCPeering__templates__VPCPeering-Accepter-Role.cfn.yaml",
        &[("PeerOwnerIds", "123456789012")],
        "crashed moto",
    ),
    (
        "corpus:awslabs__aws-cloudformation-templates__aws__services__ElasticLoadBalancing__NetworkLoadBalancerWithEIPs.json",
        &[("VPC", "{VpcId}"), ("Subnet1", "{SubnetA}"), ("Subnet2", "{SubnetB}")],
        "SubnetNotFound",
    ),
];

#[test]
fn undeployable_templates_still_fail_in_moto() {
    let Some(oracle) = oracle_dir() else { return };
    let moto = Moto::start(&oracle);
    let outputs = base_network(&moto, &oracle, "undeployable").unwrap();
    for (i, (template, params, refusal)) in UNDEPLOYABLE.iter().enumerate() {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), fill_outputs(&outputs, v)))
            .collect();
        match deploy(
            &moto,
            &oracle,
            &template_path(template),
            &format!("undeployable-{i}"),
            &params,
        ) {
            Ok(_) => panic!("{template} deploys in moto now: move it to CASES"),
            Err(e) => assert!(e.contains(refusal), "{template}: expected `{refusal}`:\n{e}"),
        }
    }
}

#[test]
fn offline_form_builds_import_ids_from_saved_cli_output() {
    let work = tempfile::tempdir().unwrap();
    let resources = work.path().join("resources.json");
    std::fs::write(
        &resources,
        r#"{"StackResources": [
            {"StackName": "lab", "LogicalResourceId": "CloudNetaVPC", "PhysicalResourceId": "vpc-1", "ResourceType": "AWS::EC2::VPC"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaIGW", "PhysicalResourceId": "igw-1", "ResourceType": "AWS::EC2::InternetGateway"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaIGWAttachment", "PhysicalResourceId": "lab-Cloud-1", "ResourceType": "AWS::EC2::VPCGatewayAttachment"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaPublicRT", "PhysicalResourceId": "rtb-1", "ResourceType": "AWS::EC2::RouteTable"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaPublicSN", "PhysicalResourceId": "subnet-1", "ResourceType": "AWS::EC2::Subnet"},
            {"StackName": "lab", "LogicalResourceId": "DefaultPublicRoute", "PhysicalResourceId": "lab-Defau-1", "ResourceType": "AWS::EC2::Route"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaPublicSNRouteTableAssociation", "PhysicalResourceId": "rtbassoc-1", "ResourceType": "AWS::EC2::SubnetRouteTableAssociation"}
        ]}"#,
    )
    .unwrap();
    let params = work.path().join("stacks.json");
    std::fs::write(
        &params,
        r#"{"Stacks": [{"StackName": "lab", "Parameters": [{"ParameterKey": "KeyName", "ParameterValue": "k"}, {"ParameterKey": "ImageId", "ParameterValue": "ami-1"}]}]}"#,
    )
    .unwrap();
    let out = migrate_offline(
        &repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml"),
        &resources,
        Some(&params),
    );
    assert_imports(
        &out,
        &[
            ("aws_vpc.cloud_neta_vpc", "\"vpc-1\""),
            (
                "aws_internet_gateway_attachment.cloud_neta_igw_attachment",
                "\"igw-1:vpc-1\"",
            ),
            ("aws_route.default_public_route", "\"rtb-1_0.0.0.0/0\""),
            (
                "aws_route_table_association.cloud_neta_public_sn_route_table_association",
                "\"subnet-1/rtb-1\"",
            ),
        ],
    );
    let guide = std::fs::read_to_string(out.join("MIGRATION.md")).unwrap();
    assert!(
        guide.contains("`CloudNetaPrivateRT`: the stack lists no physical resource for it"),
        "{guide}"
    );
    let tfvars = std::fs::read_to_string(out.join("terraform.tfvars")).unwrap();
    assert!(tfvars.contains("image_id = \"ami-1\""), "{tfvars}");
}

/// `cfn2tf migrate TEMPLATE --resources R [--parameters P] -o DIR` beside the resources file.
fn migrate_offline(template: &Path, resources: &Path, parameters: Option<&Path>) -> PathBuf {
    let out = resources.with_file_name("tf");
    let mut cmd = cfn2tf();
    cmd.arg("migrate").arg(template).arg("--resources").arg(resources);
    if let Some(p) = parameters {
        cmd.arg("--parameters").arg(p);
    }
    let o = run(cmd.arg("-o").arg(&out));
    assert!(o.status.success(), "{}", text(&o.stderr));
    out
}

/// imports.tf holds `to = ADDRESS` with `id = ID` (ID as HCL); returns its text.
fn assert_imports(out: &Path, expected: &[(&str, &str)]) -> String {
    let imports = std::fs::read_to_string(out.join("imports.tf")).unwrap();
    for (to, id) in expected {
        assert!(
            imports.contains(&format!("to = {to}\n  id = {id}")),
            "{to} <- {id}:\n{imports}"
        );
    }
    imports
}

/// Standalone rules folded into their group's inline blocks come with the group's import; a rule
/// left standalone is imported by its `sgr-` id.
#[test]
fn folded_security_group_rules_are_imported_with_their_group() {
    let work = tempfile::tempdir().unwrap();
    let resources = work.path().join("resources.json");
    let ids = [
        ("Vpc", "vpc-1", "AWS::EC2::VPC"),
        ("WebGroup", "sg-web", "AWS::EC2::SecurityGroup"),
        ("WebFromItself", "sgr-web", "AWS::EC2::SecurityGroupIngress"),
        ("AppGroup", "sg-app", "AWS::EC2::SecurityGroup"),
        ("AppFromWeb", "sgr-app", "AWS::EC2::SecurityGroupIngress"),
        ("PeerA", "sg-a", "AWS::EC2::SecurityGroup"),
        ("PeerB", "sg-b", "AWS::EC2::SecurityGroup"),
        ("AFromB", "sgr-a", "AWS::EC2::SecurityGroupIngress"),
        ("BFromA", "sgr-b", "AWS::EC2::SecurityGroupIngress"),
    ];
    let items: Vec<String> = ids
        .iter()
        .map(|(id, physical, ty)| {
            format!(r#"{{"StackName": "lab", "LogicalResourceId": "{id}", "PhysicalResourceId": "{physical}", "ResourceType": "{ty}"}}"#)
        })
        .collect();
    std::fs::write(&resources, format!(r#"{{"StackResources": [{}]}}"#, items.join(","))).unwrap();
    let out = migrate_offline(
        &repo_root().join("tests/network/split-security-group-rules.yaml"),
        &resources,
        None,
    );
    let imports = assert_imports(
        &out,
        &[
            ("aws_security_group.web_group", "\"sg-web\""),
            ("aws_security_group.app_group", "\"sg-app\""),
            ("aws_vpc_security_group_ingress_rule.b_from_a", "\"sgr-b\""),
        ],
    );
    assert_eq!(imports.matches("import {").count(), 6, "{imports}");
    for folded in ["sgr-web", "sgr-app", "sgr-a"] {
        assert!(!imports.contains(folded), "{folded}:\n{imports}");
    }
}

/// A role's inline policy and managed policy are imported as their own resources, an EIP through
/// a lookup of its allocation id by the public IP, a security group without a VPC (whose physical
/// id is its name) through a lookup by name, and a cluster keeps its generated name.
#[test]
fn offline_form_imports_companions_lookups_and_generated_names() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("t.yaml");
    std::fs::write(
        &template,
        r#"Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      Policies:
        - PolicyName: logs
          PolicyDocument: {Version: "2012-10-17", Statement: []}
  Ip:
    Type: AWS::EC2::EIP
    Properties:
      Domain: vpc
  Cluster:
    Type: AWS::ECS::Cluster
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: default VPC
  App:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: in a VPC
      VpcId: vpc-0123456789abcdef0
"#,
    )
    .unwrap();
    let resources = work.path().join("resources.json");
    std::fs::write(
        &resources,
        r#"{"StackResources": [
            {"LogicalResourceId": "Role", "PhysicalResourceId": "s-Role-1", "ResourceType": "AWS::IAM::Role"},
            {"LogicalResourceId": "Ip", "PhysicalResourceId": "203.0.113.7", "ResourceType": "AWS::EC2::EIP"},
            {"LogicalResourceId": "Cluster", "PhysicalResourceId": "s-Cluster-2", "ResourceType": "AWS::ECS::Cluster"},
            {"LogicalResourceId": "Web", "PhysicalResourceId": "s-Web-3", "ResourceType": "AWS::EC2::SecurityGroup"},
            {"LogicalResourceId": "App", "PhysicalResourceId": "sg-0123456789abcdef0", "ResourceType": "AWS::EC2::SecurityGroup"}
        ]}"#,
    )
    .unwrap();
    let out = migrate_offline(&template, &resources, None);
    let imports = assert_imports(
        &out,
        &[
            ("aws_iam_role_policy.role_logs", "\"s-Role-1:logs\""),
            (
                "aws_iam_role_policy_attachment.role_read_only_access",
                "\"s-Role-1/arn:aws:iam::aws:policy/ReadOnlyAccess\"",
            ),
            ("aws_eip.ip", "data.aws_eip.import_ip.id"),
            ("aws_security_group.web", "data.aws_security_group.import_web.id"),
            ("aws_security_group.app", "\"sg-0123456789abcdef0\""),
        ],
    );
    assert!(imports.contains("public_ip = \"203.0.113.7\""), "{imports}");
    assert!(imports.contains("name = \"s-Web-3\""), "{imports}");
    assert!(!imports.contains("import_app"), "{imports}");
    let main = std::fs::read_to_string(out.join("main.tf")).unwrap();
    assert!(main.contains("name = \"s-Cluster-2\""), "{main}");
    assert!(!main.contains("-Cluster\""), "{main}");
}

#[test]
fn retain_template_keeps_the_text_and_passes_cfn_lint() {
    let template = repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml");
    let file = cfn2tf::source::SourceFile::new("t.yaml", std::fs::read_to_string(&template).unwrap());
    let root = cfn2tf::parse::parse_template_text(&file, Default::default()).unwrap();
    let retained = cfn2tf::migrate::retain_template(&file, &root);
    assert_eq!(retained.matches("DeletionPolicy: Retain").count(), 14);
    assert_eq!(retained.matches("UpdateReplacePolicy: Retain").count(), 14);
    assert!(
        retained.contains("CloudNetaVPC: # VPC\n    DeletionPolicy: Retain\n"),
        "{retained}"
    );
    // Comments survive: only the two lines per resource were added.
    assert_eq!(retained.lines().count(), file.text.lines().count() + 28);
    let Some(lint) = cfn_lint() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retain.yaml");
    std::fs::write(&path, &retained).unwrap();
    let o = run(Command::new("bash").arg(lint).arg(&path));
    assert!(o.status.success(), "cfn-lint: {}", text(&o.stdout));
}

/// Every companion resource a mapping can produce (a bucket's versioning, a role's policy
/// attachments, a rule's targets) has an import recipe or the reason it cannot be imported, and
/// every recipe names only what migrate can fill: `{Ref}`, `{Item}` of a per-item companion, and
/// properties of the item or of the resource.
#[test]
fn every_companion_has_an_import_recipe_or_a_reason() {
    fn placeholders(recipe: &str) -> Vec<&str> {
        recipe
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect()
    }
    let mut problems = Vec::new();
    let mut companions = 0;
    for m in cfn2tf::mapping::Registry::get().all() {
        // A placeholder is filled from the stack: Ref, a property, or a GetAtt attribute (an ECS
        // service's `Name`).
        let known = |name: &str| name == "Ref" || m.properties.contains_key(name) || m.attributes.contains_key(name);
        for name in m.import.as_deref().map(placeholders).unwrap_or_default() {
            if !known(name) {
                problems.push(format!("{} ({}): import recipe names {{{name}}}", m.cfn, m.file));
            }
        }
        for (property, spec) in &m.properties {
            let rule = spec.rule();
            let Some(companion) = &rule.resource else { continue };
            companions += 1;
            let at = format!("{} {property} -> {} ({})", m.cfn, companion.tf, m.file);
            match (&companion.import, &companion.no_import) {
                (Some(recipe), None) => {
                    for name in placeholders(recipe) {
                        let item = companion.per_item && (name == "Item" || rule.properties.contains_key(name));
                        if !known(name) && !item {
                            problems.push(format!("{at}: import recipe names {{{name}}}"));
                        }
                    }
                }
                (None, Some(_)) => {}
                (None, None) => problems.push(format!("{at}: neither an import recipe nor no_import")),
                (Some(_), Some(_)) => problems.push(format!("{at}: both an import recipe and no_import")),
            }
        }
    }
    assert!(companions >= 17, "only {companions} companions found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Import ids that need what an intrinsic computed are filled from the stack: pseudo parameters
/// (the account and partition from the stack's ARN) in `Fn::Sub` and `Fn::Join`, a `Fn::GetAtt`
/// from the output that shows it, a `Fn::FindInMap`; a bucket's sub-configurations and an
/// `AWS::IAM::Policy` are imported; an SSM parameter is written as the `value` an import reads,
/// read through `nonsensitive()`; what the plan will update is predicted by address.
#[test]
fn offline_form_fills_import_ids_that_intrinsics_computed() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("t.yaml");
    std::fs::write(
        &template,
        r#"Mappings:
  Policies:
    ap-northeast-2: {Managed: AWSLambdaExecute}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/team
        - !Join ["", ["arn:", !Ref "AWS::Partition", ":iam::aws:policy/", !FindInMap [Policies, !Ref "AWS::Region", Managed]]]
        - !GetAtt Managed.PolicyArn
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Version: "2012-10-17", Statement: []}
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument: {Version: "2012-10-17", Statement: []}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: LogDeliveryWrite
      VersioningConfiguration: {Status: Enabled}
  Queue:
    Type: AWS::SQS::Queue
  Setting:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: hello
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - {Protocol: email, Endpoint: ops@example.com}
Outputs:
  ManagedArn:
    Value: !GetAtt Managed.PolicyArn
  SettingValue:
    Value: !GetAtt Setting.Value
"#,
    )
    .unwrap();
    let resources = work.path().join("resources.json");
    std::fs::write(
        &resources,
        r#"{"StackResources": [
            {"LogicalResourceId": "Role", "PhysicalResourceId": "s-Role-1", "ResourceType": "AWS::IAM::Role"},
            {"LogicalResourceId": "Managed", "PhysicalResourceId": "arn:aws-cn:iam::210987654321:policy/s-Managed-2", "ResourceType": "AWS::IAM::ManagedPolicy"},
            {"LogicalResourceId": "Extra", "PhysicalResourceId": "s-Extr-3", "ResourceType": "AWS::IAM::Policy"},
            {"LogicalResourceId": "Bucket", "PhysicalResourceId": "s-bucket-4", "ResourceType": "AWS::S3::Bucket"},
            {"LogicalResourceId": "Queue", "PhysicalResourceId": "https://sqs.cn-north-1.amazonaws.com.cn/210987654321/s-Queue-5", "ResourceType": "AWS::SQS::Queue"},
            {"LogicalResourceId": "Setting", "PhysicalResourceId": "CFN-Setting-6", "ResourceType": "AWS::SSM::Parameter"},
            {"LogicalResourceId": "Topic", "PhysicalResourceId": "arn:aws-cn:sns:cn-north-1:210987654321:s-Topic-7", "ResourceType": "AWS::SNS::Topic"}
        ]}"#,
    )
    .unwrap();
    let stacks = work.path().join("stacks.json");
    std::fs::write(
        &stacks,
        r#"{"Stacks": [{"StackName": "s", "StackId": "arn:aws-cn:cloudformation:cn-north-1:210987654321:stack/s/1",
            "Outputs": [{"OutputKey": "ManagedArn", "OutputValue": "arn:aws-cn:iam::210987654321:policy/s-Managed-2"},
                        {"OutputKey": "SettingValue", "OutputValue": "hello"}]}]}"#,
    )
    .unwrap();
    let out = resources.with_file_name("tf");
    let o = run(cfn2tf()
        .arg("migrate")
        .arg(&template)
        .arg("--resources")
        .arg(&resources)
        .arg("--parameters")
        .arg(&stacks)
        .args(["--region", "ap-northeast-2", "-o"])
        .arg(&out));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let imports = std::fs::read_to_string(out.join("imports.tf")).unwrap();
    for id in [
        "s-Role-1/arn:aws-cn:iam::210987654321:policy/team",
        "s-Role-1/arn:aws-cn:iam::aws:policy/AWSLambdaExecute",
        "s-Role-1/arn:aws-cn:iam::210987654321:policy/s-Managed-2",
        "s-Role-1:extra",
        "s-bucket-4,log-delivery-write",
    ] {
        assert!(imports.contains(&format!("id = \"{id}\"")), "{id}:\n{imports}");
    }
    assert_eq!(imports.matches("id = \"s-bucket-4\"").count(), 2, "{imports}");
    let main = std::fs::read_to_string(out.join("main.tf")).unwrap();
    let setting = main.split("resource \"aws_ssm_parameter\"").nth(1).unwrap();
    let setting = setting.split("\n}").next().unwrap();
    let argument = |name: &str| setting.lines().any(|l| l.trim_start().starts_with(&format!("{name} ")));
    assert!(argument("value") && !argument("insecure_value"), "{main}");
    let outputs = std::fs::read_to_string(out.join("outputs.tf")).unwrap();
    assert!(
        outputs.contains("nonsensitive(aws_ssm_parameter.setting.value)"),
        "{outputs}"
    );
    let guide = std::fs::read_to_string(out.join("MIGRATION.md")).unwrap();
    assert!(
        guide.contains("- `aws_sqs_queue.queue`: `max_message_size`: CHANGES AWS"),
        "{guide}"
    );
    assert!(
        guide.contains("`Topic.Subscription`: the import id is the subscription ARN"),
        "{guide}"
    );
    assert!(
        guide.contains("Expect `Plan: 12 to import, 0 to add, 1 to change, 0 to destroy.`"),
        "{guide}"
    );
}

/// Pseudo parameters that became variables (`stack_name`, `stack_id`) get the stack's values in
/// terraform.tfvars: a plan needs every variable without a default.
#[test]
fn pseudo_parameter_variables_get_the_stack_values() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("stack.yaml");
    std::fs::write(
        &template,
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n        - Key: stack\n          Value: !Ref AWS::StackId\n        - Key: name\n          Value: !Ref AWS::StackName\n",
    )
    .unwrap();
    let resources = work.path().join("resources.json");
    std::fs::write(
        &resources,
        r#"{"StackResources": [{"StackName": "lab", "LogicalResourceId": "Queue", "PhysicalResourceId": "https://sqs.eu-west-1.amazonaws.com/123456789012/lab-Queue-1", "ResourceType": "AWS::SQS::Queue"}]}"#,
    )
    .unwrap();
    let stacks = work.path().join("stacks.json");
    let arn = "arn:aws:cloudformation:eu-west-1:123456789012:stack/lab/0a1b2c3d";
    std::fs::write(
        &stacks,
        format!(r#"{{"Stacks": [{{"StackName": "lab", "StackId": "{arn}"}}]}}"#),
    )
    .unwrap();
    let out = migrate_offline(&template, &resources, Some(&stacks));
    let tfvars = std::fs::read_to_string(out.join("terraform.tfvars")).unwrap();
    assert!(tfvars.contains(&format!("stack_id   = \"{arn}\"")), "{tfvars}");
    assert!(tfvars.contains("stack_name = \"lab\""), "{tfvars}");
}
