//! The command line: argument parsing and the edges of the pipeline (reading files, writing
//! output atomically, rendering diagnostics). Exit codes: 0 success, 1 a `--strict` failure,
//! 2 bad input or usage.

use crate::diagnostics::{Diagnostics, Level};
use crate::files::{read_source, text_and_binary_files, write_output_dir, write_output_file};
use crate::source::SourceFile;
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "cfn2tf",
    version,
    about = "Migrate AWS infrastructure code from CloudFormation to Terraform, and prove nothing was lost",
    after_help = "Examples:\n  cfn2tf convert stack.yaml                 print the Terraform to stdout\n  cfn2tf convert stack.yaml -o tf/          write tf/main.tf, tf/variables.tf, ...\n  cat stack.json | cfn2tf convert -         read the template from stdin\n  cfn2tf convert stack.yaml -o tf/ --force  replace what tf/ holds"
)]
pub struct Cli {
    /// Print no progress, summaries or warnings on stderr (results and errors still appear).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Convert a CloudFormation template (YAML or JSON) to Terraform HCL, or Terraform (a .tf file
    /// or a directory of them) to CloudFormation. The direction follows the input.
    #[command(
        after_help = "Examples:\n  cfn2tf convert samples/gateway-endpoint/gateway-endpoint.yaml -o out/\n  cfn2tf convert stack.json --strict      fail on anything not translated\n  cfn2tf convert infra/ -o stack.yaml     Terraform directory -> CloudFormation YAML\n  cfn2tf convert main.tf --format json    Terraform -> CloudFormation JSON on stdout"
    )]
    Convert {
        /// The template, or `-` for stdin.
        input: String,
        /// Output directory (default: print to stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace existing files in the output directory.
        #[arg(long)]
        force: bool,
        /// Fail (exit 1, nothing written) if anything could not be translated.
        #[arg(long)]
        strict: bool,
        /// The output language, when the input's name does not say (`-` is CloudFormation).
        #[arg(long, value_enum)]
        to: Option<Direction>,
        /// CloudFormation output format (default: yaml, or json when -o ends in .json).
        #[arg(long, value_enum)]
        format: Option<CfnFormat>,
        /// Also write the diagnostics as SARIF 2.1.0 here (for code scanning), whether or not
        /// the input converts; replaced only with --force.
        #[arg(long, value_name = "FILE")]
        sarif: Option<PathBuf>,
    },
    /// Move a deployed stack under Terraform without recreating anything: the Terraform, the
    /// stack's parameter values, an import block per resource, retain.yaml and MIGRATION.md.
    #[command(
        after_help = "Examples:\n  cfn2tf migrate --stack lab-stack -o tf/ --region ap-northeast-2\n  cfn2tf migrate stack.yaml --resources resources.json --parameters params.json -o tf/\n  terraform -chdir=tf init && terraform -chdir=tf plan   # N to import, 0 to add, 0 to change, 0 to destroy"
    )]
    Migrate {
        /// The stack's template (offline form, with --resources); omit with --stack.
        template: Option<String>,
        /// Read template, parameters and resources from this stack with the AWS SDK.
        #[arg(long, conflicts_with_all = ["template", "resources", "parameters"])]
        stack: Option<String>,
        /// `aws cloudformation describe-stack-resources` JSON (offline form).
        #[arg(long, requires = "template")]
        resources: Option<PathBuf>,
        /// `aws cloudformation describe-stacks` JSON, for parameter values (offline form).
        #[arg(long, requires = "template")]
        parameters: Option<PathBuf>,
        /// AWS region (default: the SDK's usual chain, e.g. AWS_REGION).
        #[arg(long)]
        region: Option<String>,
        /// Output directory.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace existing files in the output directory.
        #[arg(long)]
        force: bool,
    },
    /// Compare two configurations by meaning (CloudFormation or Terraform on either side).
    /// Exit 0: same meaning; 1: different; 2: error.
    #[command(
        after_help = "Examples:\n  cfn2tf diff stack.yaml tf/                 CloudFormation vs Terraform\n  cfn2tf diff stack.yaml back.yaml           CloudFormation vs CloudFormation\n  cfn2tf diff old-tf/ new-tf/ --explain      and print the routing intent checked\n  cfn2tf diff stack.yaml tf/ --format json --param KeyName=lab --var key_name=lab"
    )]
    Diff {
        /// A template (.yaml, .yml, .json, .template), a .tf file or a directory of .tf files.
        a: PathBuf,
        /// The other side, same choices.
        b: PathBuf,
        /// A CloudFormation parameter value (Name=value); others take their defaults.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// A Terraform variable value (name=value); others take their defaults.
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
        /// Also print the intent (routes, endpoints, rules) that was checked.
        #[arg(long)]
        explain: bool,
        /// Also write the picture of the diff beside the text report as an HTML page.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Replace the --html file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Draw the network (VPCs, subnets, route tables and their targets, endpoints, instances,
    /// security groups) of CloudFormation or Terraform; of two inputs, the picture of their diff.
    #[command(
        after_help = "Examples:\n  cfn2tf graph stack.yaml -o net.svg          a self-contained SVG\n  cfn2tf graph tf/ -o net.html                the picture in an HTML page\n  cfn2tf graph stack.yaml                     Mermaid text on stdout\n  cfn2tf graph stack.yaml tf/ -o diff.svg     what B loses in red, gains in green"
    )]
    Graph {
        /// A template (.yaml, .yml, .json, .template), a .tf file or a directory of .tf files.
        input: PathBuf,
        /// A second input: draw the diff of INPUT (A) and this (B).
        other: Option<PathBuf>,
        /// The file to write (.svg, .html or .mmd); default: Mermaid text on stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The picture's format, when the output's name does not say.
        #[arg(long, value_enum)]
        format: Option<GraphFormat>,
        /// A CloudFormation parameter value (Name=value); others take their defaults.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// A Terraform variable value (name=value); others take their defaults.
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Convert every template under a folder, in parallel, into one Terraform folder each, with a report.
    #[command(
        after_help = "Templates are found recursively (.yaml, .yml, .json, .template); other YAML and JSON files\n(no Resources, Kubernetes manifests, Terraform JSON) are skipped with the reason.\nExit codes: 0 all converted, 1 any refused, failed validation or not written, 2 usage errors.\n\nExamples:\n  cfn2tf batch labs/ -o migrated/ --report report.md\n  cfn2tf batch labs/ -o migrated/ --validate --json report.json --jobs 4\n  cfn2tf batch labs/ -o migrated/ --junit junit.xml    test results for CI\n  cfn2tf batch labs/ -o migrated/ --resume    convert only what changed since the last run"
    )]
    Batch {
        /// The folder of templates.
        input: PathBuf,
        /// The output folder: the input's layout, one Terraform folder per template.
        #[arg(short, long)]
        output: PathBuf,
        /// Templates converted at once (default: the number of cores).
        #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Run `terraform fmt -check` and `terraform validate` on every output (offline provider mirror).
        #[arg(long)]
        validate: bool,
        /// Write the Markdown report here.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Write the JSON report here.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Write the report as JUnit XML here (one test case per template), for CI test views.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Write the findings as SARIF 2.1.0 here, for code scanning (each at its file:line:col).
        #[arg(long, value_name = "FILE")]
        sarif: Option<PathBuf>,
        /// Also print the report on stdout in this format.
        #[arg(long, value_enum)]
        format: Option<crate::batch::ReportFormat>,
        /// Replace existing output.
        #[arg(long)]
        force: bool,
        /// Skip templates whose output is newer than the template; replace stale output.
        #[arg(long)]
        resume: bool,
    },
    /// Print a shell completion script for cfn2tf on stdout.
    #[command(
        after_help = "Examples:\n  cfn2tf completions bash > ~/.local/share/bash-completion/completions/cfn2tf\n  cfn2tf completions zsh > \"${fpath[1]}/_cfn2tf\"\n  cfn2tf completions fish > ~/.config/fish/completions/cfn2tf.fish\n  cfn2tf completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout.
    #[command(
        after_help = "Examples:\n  cfn2tf man > cfn2tf.1 && man ./cfn2tf.1\n  cfn2tf man | gzip > /usr/local/share/man/man1/cfn2tf.1.gz"
    )]
    Man,
}

/// `--quiet`: set once from the command line before anything runs, read by every progress or
/// warning line (a process-wide flag, so library paths need no extra parameter).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Progress, summaries and warnings: stderr unless `--quiet`. Errors use `eprintln!` directly.
macro_rules! note {
    ($($arg:tt)*) => {
        if !quiet() {
            eprintln!($($arg)*);
        }
    };
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Svg,
    Html,
    Mermaid,
}

impl GraphFormat {
    fn of_path(path: &Path) -> Option<GraphFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "svg" => Some(GraphFormat::Svg),
            "html" | "htm" => Some(GraphFormat::Html),
            "mmd" | "mermaid" => Some(GraphFormat::Mermaid),
            _ => None,
        }
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    /// SARIF 2.1.0: each broken intent and difference at its file and line, for code scanning.
    Sarif,
}

/// Which way `convert` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    /// Terraform -> CloudFormation.
    Cfn,
    /// CloudFormation -> Terraform.
    Tf,
}

impl Direction {
    /// Away from the input's language (`files::language_of`).
    pub fn of_input(input: &str) -> Direction {
        match crate::files::language_of(input) {
            crate::files::Language::Terraform => Direction::Cfn,
            crate::files::Language::CloudFormation => Direction::Tf,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CfnFormat {
    Yaml,
    Json,
}

pub fn run(cli: Cli) -> i32 {
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    match cli.command {
        Command::Convert {
            input,
            output,
            force,
            strict,
            to,
            format,
            sarif,
        } => {
            let sarif = sarif.as_deref();
            match to.unwrap_or_else(|| Direction::of_input(&input)) {
                Direction::Tf => convert(&input, output.as_deref(), force, strict, sarif),
                Direction::Cfn => convert_to_cfn(&input, output.as_deref(), force, strict, format, sarif),
            }
        }
        Command::Diff {
            a,
            b,
            params,
            vars,
            format,
            explain,
            html,
            force,
        } => diff(&a, &b, &params, &vars, format, explain, html.as_deref(), force),
        Command::Graph {
            input,
            other,
            output,
            format,
            params,
            vars,
            force,
        } => graph(
            &input,
            other.as_deref(),
            output.as_deref(),
            format,
            &params,
            &vars,
            force,
        ),
        Command::Migrate {
            template,
            stack,
            resources,
            parameters,
            region,
            output,
            force,
        } => migrate(template, stack, resources, parameters, region, &output, force),
        Command::Batch {
            input,
            output,
            jobs,
            validate,
            report,
            json,
            junit,
            sarif,
            format,
            force,
            resume,
        } => crate::batch::run(&crate::batch::Options {
            input,
            output,
            jobs: jobs.map(usize::from),
            validate,
            report_markdown: report,
            report_json: json,
            report_junit: junit,
            report_sarif: sarif,
            stdout_format: format,
            force,
            resume,
            progress: !cli.quiet,
        }),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "cfn2tf", &mut out);
            write_stdout(&String::from_utf8_lossy(&out));
            0
        }
        Command::Man => man(),
    }
}

/// The man page: cfn2tf(1) with every subcommand's options as its own section, since
/// clap_mangen renders one command per page and one page is what `man cfn2tf` finds.
fn man() -> i32 {
    let command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    let rendered = clap_mangen::Man::new(command.clone()).render(&mut out).and_then(|()| {
        for sub in command.get_subcommands() {
            let name = format!("cfn2tf {}", sub.get_name());
            let man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
            // A plain upper-case heading needs no roff escaping.
            out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
            man.render_synopsis_section(&mut out)?;
            man.render_options_section(&mut out)?;
        }
        Ok(())
    });
    if let Err(e) = rendered {
        eprintln!("cfn2tf: error: {e}");
        return 2;
    }
    write_stdout(&String::from_utf8_lossy(&out));
    0
}

/// `--param` and `--var` assignments as the diff takes them.
fn value_options(params: &[String], vars: &[String]) -> Result<crate::diff::Options, String> {
    let assignments = |list: &[String], flag: &str| -> Result<Vec<(String, String)>, String> {
        list.iter()
            .map(|s| match s.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
                _ => Err(format!("cfn2tf: error: {flag} {s}: expected NAME=VALUE")),
            })
            .collect()
    };
    Ok(crate::diff::Options {
        params: assignments(params, "--param")?,
        vars: assignments(vars, "--var")?,
    })
}

/// Exit codes as diff(1): 0 same meaning, 1 different, 2 trouble.
#[allow(clippy::too_many_arguments)]
fn diff(
    a: &Path,
    b: &Path,
    params: &[String],
    vars: &[String],
    format: DiffFormat,
    explain: bool,
    html: Option<&Path>,
    force: bool,
) -> i32 {
    let options = match value_options(params, vars) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let (report, intent_a, intent_b) =
        match crate::diff::diff_with_intent(a, b, &options, crate::terminal::stderr_color()) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("{msg}");
                eprintln!("cfn2tf: diff not done");
                return 2;
            }
        };
    if let Some(file) = html {
        let net = crate::graph::diff_network(&intent_a, &intent_b);
        let page = crate::graph::svg::render_diff_html(&net, &report);
        let inputs = [input_files(a), input_files(b)].concat();
        if let Err(msg) = write_output_file(file, page.as_bytes(), force, &inputs) {
            eprintln!("cfn2tf: error: {msg}");
            return 2;
        }
    }
    match format {
        DiffFormat::Json => match crate::versioned_json(&report) {
            Ok(text) => write_stdout(&format!("{text}\n")),
            Err(e) => {
                eprintln!("cfn2tf: error: {e}");
                return 2;
            }
        },
        DiffFormat::Sarif => write_stdout(&crate::sarif::render(&crate::sarif::from_diff(&report))),
        DiffFormat::Text => {
            write_stdout(&crate::diff::render_text(
                &report,
                crate::terminal::stdout_color(),
                explain,
            ));
        }
    }
    if report.same { 0 } else { 1 }
}

/// `cfn2tf graph`: one input's picture, or two inputs' diff picture.
fn graph(
    input: &Path,
    other: Option<&Path>,
    output: Option<&Path>,
    format: Option<GraphFormat>,
    params: &[String],
    vars: &[String],
    force: bool,
) -> i32 {
    let format = match (format, output) {
        (Some(f), _) => f,
        (None, None) => GraphFormat::Mermaid,
        (None, Some(path)) => match GraphFormat::of_path(path) {
            Some(f) => f,
            None => {
                eprintln!(
                    "cfn2tf: error: {}: cannot tell the picture's format from the name\n  help: end it in .svg, .html or .mmd, or give --format",
                    path.display()
                );
                return 2;
            }
        },
    };
    let drawn = value_options(params, vars).and_then(|options| match other {
        None => {
            let intent = crate::diff::intent_of(input, &options, crate::terminal::stderr_color())?;
            let title = format!("cfn2tf graph {}", input.display());
            Ok((crate::graph::network(&intent), title, None))
        }
        Some(b) => {
            let (report, a, b) = crate::diff::diff_with_intent(input, b, &options, crate::terminal::stderr_color())?;
            let title = format!("cfn2tf diff {} {}", report.a.path, report.b.path);
            Ok((crate::graph::diff_network(&a, &b), title, Some(report)))
        }
    });
    let (net, title, report) = match drawn {
        Ok(d) => d,
        Err(msg) => {
            eprintln!("{msg}");
            eprintln!("cfn2tf: graph not drawn");
            return 2;
        }
    };
    let text = match (format, &report) {
        (GraphFormat::Mermaid, _) => crate::graph::mermaid::render(&net),
        (GraphFormat::Svg, _) => crate::graph::svg::render_svg(&net, &title),
        (GraphFormat::Html, Some(report)) => crate::graph::svg::render_diff_html(&net, report),
        (GraphFormat::Html, None) => crate::graph::svg::render_html(&net, &title),
    };
    match output {
        None => {
            write_stdout(&text);
            0
        }
        Some(file) => match write_output_file(
            file,
            text.as_bytes(),
            force,
            &[input_files(input), other.map(input_files).unwrap_or_default()].concat(),
        ) {
            Ok(()) => {
                note!(
                    "cfn2tf: {}: {} VPC(s), {} node(s), {} arrow(s) -> {}",
                    input.display(),
                    net.frames.len(),
                    net.nodes.len(),
                    net.edges.len(),
                    file.display()
                );
                0
            }
            Err(msg) => {
                eprintln!("cfn2tf: error: {msg}");
                2
            }
        },
    }
}

/// A closed pipe (`| head`) is not an error worth a panic.
fn write_stdout(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub fn print_diagnostics(file: &SourceFile, diags: &Diagnostics) {
    let color = crate::terminal::stderr_color();
    for d in &diags.items {
        match d.level {
            Level::Error => eprintln!("{}", d.render(file, color)),
            Level::Warning => note!("{}", d.one_line(file)),
        }
    }
}

/// `--sarif FILE`: the findings as SARIF, protecting the inputs as every output does. On
/// failure the error is printed and the exit code returned.
fn write_sarif(
    sarif: Option<&Path>,
    findings: &[crate::sarif::Finding],
    force: bool,
    inputs: &[PathBuf],
) -> Result<(), i32> {
    let Some(file) = sarif else { return Ok(()) };
    write_output_file(file, crate::sarif::render(findings).as_bytes(), force, inputs).map_err(|msg| {
        eprintln!("cfn2tf: error: {msg}");
        2
    })
}

fn sarif_of(file: &SourceFile, diags: &Diagnostics) -> Vec<crate::sarif::Finding> {
    diags.items.iter().map(|d| crate::sarif::Finding::of(file, d)).collect()
}

fn convert(input: &str, output: Option<&Path>, force: bool, strict: bool, sarif: Option<&Path>) -> i32 {
    let inputs = [PathBuf::from(input)];
    let file = match crate::files::read_input(input) {
        Ok(f) => f,
        Err(unreadable) => {
            eprintln!("{}", unreadable.render(crate::terminal::stderr_color()));
            let finding = crate::sarif::Finding::of(&unreadable.file, &unreadable.diagnostic);
            return write_sarif(sarif, &[finding], force, &inputs).err().unwrap_or(2);
        }
    };
    let pipeline = match crate::run_pipeline(&file) {
        Ok(p) => p,
        Err(diags) => {
            if let Err(code) = write_sarif(sarif, &sarif_of(&file, &diags), force, &inputs) {
                return code;
            }
            print_diagnostics(&file, &diags);
            eprintln!(
                "cfn2tf: {} not converted: {} error(s); nothing written",
                file.name,
                diags.errors().count()
            );
            return 2;
        }
    };
    if let Err(code) = write_sarif(sarif, &sarif_of(&file, &pipeline.diagnostics), force, &inputs) {
        return code;
    }
    let files = pipeline.render();
    let code = finish_conversion(&file, &pipeline, &files, output, force, strict);
    // The process ends with this conversion: its trees are left to the OS instead of being freed
    // node by node (several percent of converting a template).
    std::mem::forget((pipeline, files, file));
    code
}

/// Reports a conversion and writes (or prints) its files; the exit code.
fn finish_conversion(
    file: &SourceFile,
    pipeline: &crate::Pipeline,
    files: &BTreeMap<String, String>,
    output: Option<&Path>,
    force: bool,
    strict: bool,
) -> i32 {
    let diagnostics = &pipeline.diagnostics;
    let stats = &pipeline.conversion.stats;
    let artefacts = &pipeline.conversion.config.artefacts;
    let warnings = diagnostics.warnings().count();
    // Under --strict the warnings are why it fails, so --quiet does not hide them.
    if strict && warnings > 0 && quiet() {
        QUIET.store(false, std::sync::atomic::Ordering::Relaxed);
    }
    print_diagnostics(file, diagnostics);
    let summary = format!(
        "cfn2tf: {}: {}/{} resources converted, {warnings} warning(s)",
        file.name, stats.resources_converted, stats.resources_total
    );
    if strict && warnings > 0 {
        eprintln!("{summary}; --strict: failing, nothing written");
        return 1;
    }
    match output {
        None => {
            let mut out = String::new();
            for (name, text) in files {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!("# ---- {name}\n{text}"));
            }
            write_stdout(&out);
            for (name, bytes) in artefacts {
                note!(
                    "cfn2tf: warning: {name} ({} bytes) is binary and was not printed: the configuration refers to it, so convert with -o DIR to write it",
                    bytes.len()
                );
            }
            note!("{summary}");
            0
        }
        Some(dir) => match write_output_dir(dir, &text_and_binary_files(files, artefacts), force) {
            Ok(()) => {
                note!("{summary} -> {}", dir.display());
                0
            }
            Err(msg) => {
                eprintln!("cfn2tf: error: {msg}");
                2
            }
        },
    }
}

/// Terraform -> CloudFormation: one template, to stdout or to the file `-o` names.
fn convert_to_cfn(
    input: &str,
    output: Option<&Path>,
    force: bool,
    strict: bool,
    format: Option<CfnFormat>,
    sarif: Option<&Path>,
) -> i32 {
    let findings_of = |findings: &[crate::reverse::Finding], sources: &[SourceFile]| -> Vec<crate::sarif::Finding> {
        findings
            .iter()
            .map(|f| crate::sarif::Finding::of(&sources[f.source], &f.diagnostic))
            .collect()
    };
    let inputs = input_files(Path::new(input));
    let loaded = if input == "-" {
        match read_source(input) {
            Ok(file) => crate::reverse::load_text(file),
            Err(msg) => {
                eprintln!("{msg}");
                return 2;
            }
        }
    } else {
        crate::reverse::load_path(Path::new(input))
    };
    let reversed = match loaded {
        Ok(r) => r,
        Err(failed) => {
            if let Err(code) = write_sarif(sarif, &findings_of(&failed.findings, &failed.sources), force, &inputs) {
                return code;
            }
            eprint!(
                "{}",
                crate::reverse::render_findings(&failed.findings, &failed.sources, crate::terminal::stderr_color())
            );
            let errors = failed
                .findings
                .iter()
                .filter(|f| f.diagnostic.level == Level::Error)
                .count();
            eprintln!("cfn2tf: {input} not converted: {errors} error(s); nothing written");
            return 2;
        }
    };
    if let Err(code) = write_sarif(
        sarif,
        &findings_of(&reversed.findings, &reversed.sources),
        force,
        &inputs,
    ) {
        return code;
    }
    let warnings = reversed.findings.len();
    // As for the forward direction: --strict failures show their warnings even with --quiet.
    if !quiet() || (strict && warnings > 0) {
        eprint!(
            "{}",
            crate::reverse::render_findings(&reversed.findings, &reversed.sources, crate::terminal::stderr_color())
        );
    }
    let summary = format!(
        "cfn2tf: {input}: {} resources, {warnings} warning(s)",
        reversed.template.resources.len()
    );
    if strict && warnings > 0 {
        eprintln!("{summary}; --strict: failing, nothing written");
        return 1;
    }
    let json = match format {
        Some(f) => f == CfnFormat::Json,
        None => output.is_some_and(|o| o.extension().is_some_and(|x| x == "json")),
    };
    let text = if json {
        crate::reverse::to_json(&reversed.template)
    } else {
        crate::reverse::to_yaml(&reversed.template, &reversed.notes)
    };
    match output {
        None => {
            write_stdout(&text);
            note!("{summary}");
            0
        }
        Some(file) => match write_output_file(file, text.as_bytes(), force, &inputs) {
            Ok(()) => {
                note!("{summary} -> {}", file.display());
                0
            }
            Err(msg) => {
                eprintln!("cfn2tf: error: {msg}");
                2
            }
        },
    }
}

fn migrate(
    template: Option<String>,
    stack: Option<String>,
    resources: Option<PathBuf>,
    parameters: Option<PathBuf>,
    region: Option<String>,
    output: &Path,
    force: bool,
) -> i32 {
    let state = match (stack, template, resources) {
        (Some(stack), _, _) => crate::migrate::load_live(&stack, region),
        (None, Some(template), Some(resources)) => match read_source(&template) {
            Ok(file) => crate::migrate::load_offline(file, &resources, parameters.as_deref(), region),
            Err(msg) => Err(msg),
        },
        _ => Err("give --stack NAME, or a template with --resources (and --parameters)".to_string()),
    };
    let state = match state {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("cfn2tf: error: {msg}");
            return 2;
        }
    };
    let migration = match crate::migrate::plan(&state) {
        Ok(m) => m,
        Err(diags) => {
            print_diagnostics(&state.template, &diags);
            eprintln!("cfn2tf: the stack's template does not convert; nothing written");
            return 2;
        }
    };
    print_diagnostics(&state.template, &migration.diagnostics);
    let files = text_and_binary_files(&migration.files, &migration.artefacts);
    if let Err(msg) = write_output_dir(output, &files, force) {
        eprintln!("cfn2tf: error: {msg}");
        return 2;
    }
    for (id, why) in &migration.not_imported {
        note!("cfn2tf: not imported: {id}: {why}");
    }
    note!(
        "cfn2tf: stack {}: {} import block(s), {} not imported -> {} (read MIGRATION.md)",
        state.stack_name,
        migration.imported,
        migration.not_imported.len(),
        output.display()
    );
    0
}

/// The files an input names (a folder's entries), which no output may replace.
fn input_files(path: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(path) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => vec![path.to_path_buf()],
    }
}
