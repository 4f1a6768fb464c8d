//! `cfn2tf batch`: every template under a folder, converted in parallel by the ordinary pipeline
//! (`crate::pipeline_from_tree`) into a mirrored tree of Terraform folders, optionally validated
//! with terraform, and summarised in a report (Markdown and JSON) with the work list of
//! unsupported types and properties and the cross-stack migration order.
//!
//! One bad template never stops the batch: it is recorded as refused with its located errors.
//! Exit codes: 0 all converted, 1 any refused / failed validation / not written, 2 usage errors.

mod discover;
mod report;
mod stacks;
mod validate;

pub use validate::{offline_terraformrc, provider_mirror};

pub use report::{Report, Status};

use crate::diagnostics::{Diagnostic, Level};
use crate::source::SourceFile;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use report::{Finding, Skipped, TemplateReport, Timing};
use stacks::StackInterface;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};
use validate::Validator;

#[derive(Debug, Clone)]
pub struct Options {
    pub input: PathBuf,
    pub output: PathBuf,
    /// Worker threads (default: the number of cores).
    pub jobs: Option<usize>,
    pub validate: bool,
    pub report_markdown: Option<PathBuf>,
    pub report_json: Option<PathBuf>,
    pub report_junit: Option<PathBuf>,
    pub report_sarif: Option<PathBuf>,
    /// The report also printed on stdout, in this format.
    pub stdout_format: Option<ReportFormat>,
    pub force: bool,
    pub resume: bool,
    /// Progress bar or log lines on stderr (off for benchmarks and library use).
    pub progress: bool,
}

/// The renderings of the report (`--format` prints one on stdout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
    Junit,
    /// SARIF 2.1.0, for code scanning (GitHub shows each result at its line).
    Sarif,
}

impl Report {
    pub fn render(&self, format: ReportFormat) -> Result<String, String> {
        Ok(match format {
            ReportFormat::Markdown => self.to_markdown(),
            ReportFormat::Json => crate::versioned_json(self).map_err(|e| e.to_string())? + "\n",
            ReportFormat::Junit => self.to_junit(),
            ReportFormat::Sarif => crate::sarif::render(&crate::sarif::from_batch(self)),
        })
    }
}

/// terraform validate loads the whole AWS provider schema (hundreds of MB): a few at a time.
const MAX_VALIDATE_JOBS: usize = 4;

/// One template to convert and where its Terraform goes.
struct Job {
    /// Relative to the input folder.
    rel: PathBuf,
    source: PathBuf,
    /// Relative to the output folder.
    out_rel: PathBuf,
}

enum Outcome {
    Template(Box<TemplateReport>, StackInterface),
    Skipped(Skipped),
}

pub fn run(opts: &Options) -> i32 {
    match run_batch(opts) {
        Ok(report) => report.exit_code(),
        Err(message) => {
            eprintln!("cfn2tf: error: {message}");
            2
        }
    }
}

/// Runs the batch and writes the reports; Err is a usage or environment error (exit 2).
pub fn run_batch(opts: &Options) -> Result<Report, String> {
    let started = Instant::now();
    if !opts.input.is_dir() {
        return Err(format!("{} is not a folder of templates", opts.input.display()));
    }
    if opts.output.exists() && !opts.output.is_dir() {
        return Err(format!("{} exists and is not a folder", opts.output.display()));
    }
    let input_canonical = std::fs::canonicalize(&opts.input).map_err(|e| format!("{}: {e}", opts.input.display()))?;
    if std::fs::canonicalize(&opts.output).ok().as_ref() == Some(&input_canonical) {
        return Err("the output folder must not be the input folder".to_string());
    }
    let output_canonical = std::fs::canonicalize(&opts.output).ok();
    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let validator = opts.validate.then(Validator::new).transpose()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| format!("cannot start {jobs} worker threads: {e}"))?;

    let found = discover::discover(&opts.input, output_canonical.as_deref())
        .map_err(|e| format!("cannot read {}: {e}", opts.input.display()))?;
    let plan = plan(&opts.input, found);
    check_report_paths(opts, &plan)?;
    // Two batches into one folder would mix their templates' files: the second is refused.
    let _lock = crate::files::lock_dir(&opts.output)?;

    let convert_started = Instant::now();
    let progress = Progress::new(plan.len(), "converting", opts.progress);
    let outcomes: Vec<Outcome> = pool.install(|| {
        plan.par_iter()
            .map(|job| {
                let outcome = convert_one(job, opts);
                progress.finished(&outcome);
                outcome
            })
            .collect()
    });
    progress.done();
    let convert_seconds = convert_started.elapsed().as_secs_f64();

    let mut templates = Vec::new();
    let mut interfaces = BTreeMap::new();
    let mut skipped = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Template(report, iface) => {
                interfaces.insert(report.template.clone(), iface);
                templates.push(*report);
            }
            Outcome::Skipped(s) => skipped.push(s),
        }
    }

    let validate_started = Instant::now();
    if let Some(validator) = &validator {
        validate_all(validator, &mut templates, opts, jobs)?;
    }
    let validate_seconds = validate_started.elapsed().as_secs_f64();

    let cross_stack = stacks::analyse(&interfaces);
    let position: HashMap<&String, usize> = cross_stack
        .migration_order
        .iter()
        .enumerate()
        .map(|(i, n)| (n, i))
        .collect();
    templates.sort_by_key(|t| position.get(&t.template).copied().unwrap_or(usize::MAX));

    let mut millis: Vec<f64> = templates.iter().map(|t| t.millis).collect();
    millis.sort_by(f64::total_cmp);
    let timing = Timing {
        total_seconds: started.elapsed().as_secs_f64(),
        convert_seconds,
        validate_seconds,
        median_template_millis: millis.get(millis.len() / 2).copied().unwrap_or(0.0),
        templates_per_second: templates.len() as f64 / convert_seconds.max(1e-9),
        jobs,
    };
    let report = Report {
        input: opts.input.display().to_string(),
        output: opts.output.display().to_string(),
        totals: Report::totals(&templates, skipped.len()),
        unsupported_types: Report::blockers(templates.iter().map(|t| &t.unsupported_types)),
        unsupported_properties: Report::blockers(templates.iter().map(|t| &t.unsupported_properties)),
        cross_stack,
        templates,
        skipped,
        timing,
    };
    write_reports(&report, opts)?;
    if opts.progress {
        print_summary(&report, opts);
    }
    Ok(report)
}

/// Mirrors the layout: `a/b/stack.yaml` -> `a/b/stack/`. Output folder names are allocated per
/// folder so that no two templates share one (compared ignoring case, as some file systems
/// do): two templates of one folder with the same stem (`stack.yaml`, `stack.json`) keep their
/// extension in the name, and a stem that is not a plain name (`..yaml`, `...yaml`) becomes its
/// file name with the dots replaced, so every output stays inside the output folder.
fn plan(input: &Path, found: Vec<PathBuf>) -> Vec<Job> {
    let base = |rel: &Path| -> String {
        let stem = rel
            .file_stem()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if stem.is_empty() || stem.chars().all(|c| c == '.') {
            let name = rel
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            name.replace('.', "_")
        } else {
            stem
        }
    };
    let key = |rel: &Path, name: &str| (rel.parent().map(Path::to_path_buf), name.to_lowercase());
    let mut stems: HashMap<(Option<PathBuf>, String), usize> = HashMap::new();
    for rel in &found {
        *stems.entry(key(rel, &base(rel))).or_default() += 1;
    }
    let mut taken = std::collections::HashSet::new();
    found
        .into_iter()
        .map(|rel| {
            let mut name = base(&rel);
            if stems[&key(&rel, &name)] > 1 {
                let ext = rel
                    .extension()
                    .map(|e| e.to_string_lossy().to_string())
                    .unwrap_or_default();
                name = format!("{name}-{ext}");
            }
            let mut candidate = name.clone();
            for n in 2.. {
                if taken.insert(key(&rel, &candidate)) {
                    break;
                }
                candidate = format!("{name}-{n}");
            }
            Job {
                source: input.join(&rel),
                out_rel: rel.with_file_name(candidate),
                rel,
            }
        })
        .collect()
}

fn convert_one(job: &Job, opts: &Options) -> Outcome {
    let started = Instant::now();
    let rel = job.rel.display().to_string();
    let mut report = TemplateReport {
        template: rel.clone(),
        output: job.out_rel.display().to_string(),
        status: Status::Refused,
        resources_converted: 0,
        resources_total: 0,
        terraform_resource_blocks: 0,
        warnings: Vec::new(),
        errors: Vec::new(),
        note: None,
        validation: None,
        unsupported_types: Vec::new(),
        unsupported_properties: Vec::new(),
        exports: Vec::new(),
        imports: Vec::new(),
        picture: None,
        millis: 0.0,
    };
    let file = match crate::files::read_path(&job.source) {
        Ok(file) => file,
        Err(unreadable) => {
            report.errors.push(finding(&unreadable.diagnostic, &unreadable.file));
            report.millis = elapsed_millis(started);
            return Outcome::Template(Box::new(report), StackInterface::default());
        }
    };
    let parsed = crate::parse::parse_template(&file, crate::parse::Limits::default());
    let skip = match &parsed {
        Ok((root, _)) => discover::skip_reason(&file, root),
        Err(_) => discover::skip_reason_unparsed(&file),
    };
    if let Some(reason) = skip {
        return Outcome::Skipped(Skipped { file: rel, reason });
    }
    let converted = match parsed {
        Err(d) => Err(vec![d]),
        Ok((root, warnings)) => crate::pipeline_from_tree(&file, root, warnings)
            .map(|mut p| {
                let template = std::mem::take(&mut p.template);
                (template, p.into_converted())
            })
            .map_err(|diags| diags.items),
    };
    let mut iface = StackInterface::default();
    match converted {
        Err(diags) => {
            report.errors = diags
                .iter()
                .filter(|d| d.level == Level::Error)
                .map(|d| finding(d, &file))
                .collect();
        }
        Ok((template, converted)) => {
            iface = stacks::interface(&template);
            report.exports = iface.exports.iter().map(ToString::to_string).collect();
            report.imports = iface.imports.iter().map(ToString::to_string).collect();
            report.resources_converted = converted.stats.resources_converted;
            report.resources_total = converted.stats.resources_total;
            report.terraform_resource_blocks = converted
                .files
                .values()
                .map(|text| text.lines().filter(|l| l.starts_with("resource \"")).count())
                .sum();
            for d in converted.diagnostics.warnings() {
                match d.code {
                    "convert::unsupported-type" => report.unsupported_types.extend(unsupported_type(d)),
                    "convert::unmapped-property" => report.unsupported_properties.extend(unmapped_property(d)),
                    _ => {}
                }
                report.warnings.push(finding(d, &file));
            }
            report.status = if report.warnings.is_empty() {
                Status::Converted
            } else {
                Status::ConvertedWithWarnings
            };
            let dir = opts.output.join(&job.out_rel);
            // The .tf files and what they refer to (a Lambda function's zipped inline code),
            // and for the Markdown report the network's picture.
            let picture = opts
                .report_markdown
                .as_ref()
                .and_then(|_| network_picture(&job.source, &converted));
            let mut files = crate::files::output_files(&converted);
            if let Some(svg) = &picture {
                files.insert(PICTURE, svg.as_bytes());
            }
            match existing_output(&dir, &job.source, &files) {
                Existing::UpToDate if opts.resume => report.status = Status::UpToDate,
                Existing::Stale if !opts.force && !opts.resume => {
                    report.status = Status::NotWritten;
                    report.note = Some(format!(
                        "{} already holds output; use --force to replace it or --resume to update stale output",
                        dir.display()
                    ));
                }
                Existing::UpToDate if !opts.force => {
                    report.status = Status::NotWritten;
                    report.note = Some(format!(
                        "{} already holds output; use --force to replace it or --resume to skip up-to-date output",
                        dir.display()
                    ));
                }
                _ => match crate::files::write_output_dir(&dir, &files, true) {
                    Err(e) => {
                        report.status = Status::NotWritten;
                        report.note = Some(e);
                    }
                    Ok(()) if picture.is_some() => {
                        report.picture = opts.report_markdown.as_ref().map(|md| link(md, &dir.join(PICTURE)));
                    }
                    Ok(()) => {}
                },
            }
        }
    }
    report.millis = elapsed_millis(started);
    Outcome::Template(Box::new(report), iface)
}

/// The network picture written beside a template's Terraform for the Markdown report.
const PICTURE: &str = "network.svg";

/// The SVG of a template's network (`cfn2tf graph`), for templates that define one.
fn network_picture(template: &Path, converted: &crate::Converted) -> Option<String> {
    let networked = converted
        .files
        .values()
        .any(|tf| tf.contains("resource \"aws_vpc\"") || tf.contains("resource \"aws_subnet\""));
    if !networked {
        return None;
    }
    let intent = crate::diff::intent_of(template, &crate::diff::Options::default(), false).ok()?;
    let title = format!("cfn2tf graph {}", template.display());
    Some(crate::graph::svg::render_svg(&crate::graph::network(&intent), &title))
}

/// `target` as a link from the folder of the report file `report` (relative when they share a
/// root, as links in a Markdown file must be to survive copying the folder).
fn link(report: &Path, target: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let from = absolute(
        report
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    );
    let to = absolute(target);
    let (from, to): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| url_path_segment(&c.as_os_str().to_string_lossy())),
    );
    parts.join("/")
}

/// A path segment as a Markdown link target may hold it: bytes that would end the link or break
/// the table row (`|`, parentheses, spaces, backticks, control characters) percent-encoded.
fn url_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn elapsed_millis(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn finding(d: &Diagnostic, file: &SourceFile) -> Finding {
    Finding {
        location: d.location(file),
        code: d.code,
        message: d.message.clone(),
        place: crate::sarif::Finding::of(file, d).place,
    }
}

/// `resource type AWS::X::Y is not supported yet: ...` -> `AWS::X::Y`.
fn unsupported_type(d: &Diagnostic) -> Option<String> {
    let rest = d.message.strip_prefix("resource type ")?;
    Some(rest.split_whitespace().next()?.to_string())
}

/// `property Name of LogicalId (AWS::X::Y) not translated: ...` -> `AWS::X::Y.Name`.
fn unmapped_property(d: &Diagnostic) -> Option<String> {
    let rest = d.message.strip_prefix("property ")?;
    let (name, rest) = rest.split_once(" of ")?;
    let type_name = rest.split_once(" (")?.1.split_once(") not translated")?.0;
    Some(format!("{type_name}.{name}"))
}

enum Existing {
    None,
    /// Some of the files exist and one of them is older than the template.
    Stale,
    /// All the files exist and are newer than the template.
    UpToDate,
}

fn existing_output(dir: &Path, template: &Path, files: &BTreeMap<&str, &[u8]>) -> Existing {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let times: Vec<Option<SystemTime>> = files.keys().map(|name| modified(&dir.join(name))).collect();
    if times.iter().all(Option::is_none) {
        return Existing::None;
    }
    let source_time = modified(template);
    let all_newer = times
        .iter()
        .all(|t| matches!((t, source_time), (Some(out), Some(src)) if *out >= src));
    if all_newer { Existing::UpToDate } else { Existing::Stale }
}

fn validate_all(
    validator: &Validator,
    templates: &mut [TemplateReport],
    opts: &Options,
    jobs: usize,
) -> Result<(), String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.clamp(1, MAX_VALIDATE_JOBS))
        .build()
        .map_err(|e| format!("cannot start validation threads: {e}"))?;
    let written: Vec<&mut TemplateReport> = templates
        .iter_mut()
        .filter(|t| matches!(t.status, Status::Converted | Status::ConvertedWithWarnings))
        .collect();
    let progress = Progress::new(written.len(), "validating", opts.progress);
    pool.install(|| {
        written.into_par_iter().for_each(|t| {
            let v = validator.check(&opts.output.join(&t.output));
            if !v.passed() {
                t.status = Status::ValidateFailed;
            }
            progress.line(format!(
                "{} {}",
                if v.passed() { "valid" } else { "validate failed" },
                t.template
            ));
            t.validation = Some(v);
        })
    });
    progress.done();
    Ok(())
}

/// A progress bar on a terminal, plain log lines otherwise (CI logs, pipes).
struct Progress {
    enabled: bool,
    bar: Option<ProgressBar>,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress {
    fn new(total: usize, what: &str, enabled: bool) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(&format!(
                "{what} [{{bar:40}}] {{pos}}/{{len}} {{elapsed_precise}} {{wide_msg}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style.progress_chars("=> "));
            bar
        });
        Progress {
            enabled,
            bar,
            total,
            done: Default::default(),
        }
    }

    fn finished(&self, outcome: &Outcome) {
        if !self.enabled {
            return;
        }
        let line = match outcome {
            Outcome::Skipped(s) => format!("skipped {}: {}", s.file, s.reason),
            Outcome::Template(r, _) => {
                let mut line = format!(
                    "{} {}: {}/{} resources, {} warning(s)",
                    r.status.label(),
                    r.template,
                    r.resources_converted,
                    r.resources_total,
                    r.warnings.len()
                );
                if let Some(e) = r.errors.first() {
                    line.push_str(&format!("; {}: {}", e.location, e.message));
                }
                if let Some(note) = &r.note {
                    line.push_str(&format!("; {note}"));
                }
                line
            }
        };
        self.line(line);
    }

    fn line(&self, line: String) {
        if !self.enabled {
            return;
        }
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(line);
            }
            None => eprintln!("[{n}/{}] {line}", self.total),
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Before anything is converted: a report never replaces an existing file without `--force`
/// (or `--resume`, which updates an earlier batch's output), never a template, and the two
/// reports are not one file.
fn check_report_paths(opts: &Options, plan: &[Job]) -> Result<(), String> {
    let templates: Vec<PathBuf> = plan.iter().map(|j| j.source.clone()).collect();
    let reports = report_files(opts);
    for (_, path, _) in &reports {
        crate::files::check_output_file(path, opts.force || opts.resume, &templates)?;
    }
    for (i, (flag, path, _)) in reports.iter().enumerate() {
        for (other, other_path, _) in &reports[i + 1..] {
            if crate::files::same_file(path, other_path) {
                return Err(format!("{flag} and {other} both name {}", path.display()));
            }
        }
    }
    Ok(())
}

/// The report files asked for: the option that names each, its path and its format.
fn report_files(opts: &Options) -> Vec<(&'static str, &Path, ReportFormat)> {
    [
        ("--report", &opts.report_markdown, ReportFormat::Markdown),
        ("--json", &opts.report_json, ReportFormat::Json),
        ("--junit", &opts.report_junit, ReportFormat::Junit),
        ("--sarif", &opts.report_sarif, ReportFormat::Sarif),
    ]
    .into_iter()
    .filter_map(|(flag, path, format)| path.as_deref().map(|p| (flag, p, format)))
    .collect()
}

fn write_reports(report: &Report, opts: &Options) -> Result<(), String> {
    for (_, path, format) in report_files(opts) {
        let text = report.render(format)?;
        crate::files::write_output_file(path, text.as_bytes(), opts.force || opts.resume, &[])?;
    }
    if let Some(format) = opts.stdout_format {
        use std::io::Write;
        // A closed pipe (`| head`) is the reader's choice, not a failed batch.
        let _ = std::io::stdout().lock().write_all(report.render(format)?.as_bytes());
    }
    Ok(())
}

fn print_summary(report: &Report, opts: &Options) {
    let t = &report.totals;
    let mut line = format!(
        "cfn2tf batch: {} template(s): {} converted, {} with warnings, {} refused",
        t.templates, t.converted, t.converted_with_warnings, t.refused
    );
    if t.validated > 0 {
        line.push_str(&format!(
            ", {} failed validation ({} of {} pass terraform validate)",
            t.validate_failed, t.validate_passed, t.validated
        ));
    }
    if t.not_written > 0 {
        line.push_str(&format!(", {} not written (output exists)", t.not_written));
    }
    if t.up_to_date > 0 {
        line.push_str(&format!(", {} up to date", t.up_to_date));
    }
    line.push_str(&format!(
        "; {} skipped (not CloudFormation); resources {}/{}; {:.2} s",
        t.skipped, t.resources_converted, t.resources_total, report.timing.total_seconds
    ));
    for (_, path, _) in report_files(opts) {
        line.push_str(&format!("; report {}", path.display()));
    }
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_list_names_come_from_the_warnings() {
        let d = Diagnostic::warning(
            "convert::unsupported-type",
            "resource type AWS::Foo::Bar is not supported yet: X was not converted",
            None,
        );
        assert_eq!(unsupported_type(&d).as_deref(), Some("AWS::Foo::Bar"));
        let d = Diagnostic::warning(
            "convert::unmapped-property",
            "property Tags of Vpc (AWS::EC2::VPC) not translated: no mapping for it yet",
            None,
        );
        assert_eq!(unmapped_property(&d).as_deref(), Some("AWS::EC2::VPC.Tags"));
    }

    #[test]
    fn same_stems_stay_apart() {
        let jobs = plan(
            Path::new("in"),
            vec!["a/s.json".into(), "a/s.yaml".into(), "b/t.template".into()],
        );
        let outs: Vec<String> = jobs.iter().map(|j| j.out_rel.display().to_string()).collect();
        assert_eq!(outs, ["a/s-json", "a/s-yaml", "b/t"]);
    }

    #[test]
    fn output_folders_stay_inside_and_apart() {
        let found = [
            "...yaml",
            "..yaml",
            "x/..json",
            "S.yaml",
            "s.json",
            "s-json.yaml",
            "._.yaml",
        ];
        let jobs = plan(Path::new("in"), found.iter().map(PathBuf::from).collect());
        let outs: Vec<String> = jobs.iter().map(|j| j.out_rel.display().to_string()).collect();
        assert_eq!(
            outs,
            ["___yaml", "__yaml", "x/__json", "S-yaml", "s-json", "s-json-2", "._"]
        );
        let lower: std::collections::HashSet<String> = outs.iter().map(|o| o.to_lowercase()).collect();
        assert_eq!(lower.len(), outs.len());
        for j in &jobs {
            assert!(
                j.out_rel
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
            );
        }
    }
}
