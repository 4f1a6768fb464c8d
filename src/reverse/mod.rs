//! Terraform -> CloudFormation, the reverse direction. Owns reading a `tf::Config` (from
//! `tf::load_path`) back into the CloudFormation model (`model::Template`):
//! - `idioms`: Terraform-only shapes rewritten into the shape CloudFormation has (an internet
//!   gateway's `vpc_id`, inline routes, endpoint associations, security group rule resources);
//! - `inputs`: variables -> Parameters, locals -> Mappings / Conditions / inlined values, data
//!   sources -> pseudo parameters and functions, outputs -> Outputs;
//! - `resources`: resources through the mapping tables read backwards (one source of truth), with
//!   `rules` the inverse of the named forward rules;
//! - `companions`: resources the forward direction splits off a CloudFormation resource (an S3
//!   bucket's versioning, a role's inline policies) folded back into it, by the same tables;
//! - `gather`: properties that read several arguments (`flatten`, named rules, dotted paths);
//! - `expr`: Terraform expressions -> intrinsics;
//! - `iterate`: `count`, `for_each` and `dynamic` over known collections written out first, one
//!   resource (or nested block) per element;
//! - `emit`: the model printed as YAML with short-form tags, or as JSON.
//!
//! Local modules are inlined before this by `tf::load_path`. Nothing is dropped silently: what
//! has no CloudFormation counterpart is a located error (remote modules, `count` / `for_each` over
//! deploy-time values, functions without a counterpart) or a located
//! warning that is also written as a `# cfn2tf:` comment in the YAML.

mod cidr;
mod cloudfront;
mod companions;
mod emit;
mod expr;
mod fold;
mod gather;
mod idioms;
mod inputs;
mod iterate;
mod lambda;
mod network;
mod optional;
mod resources;
mod rules;
mod templated;

pub use emit::{to_json, to_yaml};
pub use expr::data_stand_in;

use crate::diagnostics::{Diagnostic, Level};
use crate::mapping::{Registry, ResourceMapping};
use crate::model::{Expr, Template};
use crate::source::{SourceFile, Span};
use crate::tf::{Block, BodyItem, Config, Expression, Origin};
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::Path;

/// A diagnostic in one of the Terraform files that were read.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index into the sources.
    pub source: usize,
    pub diagnostic: Diagnostic,
}

/// A Terraform configuration read back as CloudFormation.
#[derive(Debug)]
pub struct Reversed {
    pub template: Template,
    /// Logical ID -> where its Terraform block is (`file:line`).
    pub origins: IndexMap<String, Origin>,
    /// Comments for the YAML output.
    pub notes: Notes,
    /// Warnings (a result with errors is a `Failed`).
    pub findings: Vec<Finding>,
    pub sources: Vec<SourceFile>,
}

/// Why a configuration was not converted: at least one error among the findings.
#[derive(Debug)]
pub struct Failed {
    pub findings: Vec<Finding>,
    pub sources: Vec<SourceFile>,
}

/// Comment lines for the YAML output, keyed by section and name (`Resources`, `Vpc`); the
/// template's own notes are under ("", "").
#[derive(Debug, Default, Clone)]
pub struct Notes {
    pub items: IndexMap<(String, String), Vec<String>>,
}

impl Notes {
    pub fn get(&self, section: &str, name: &str) -> &[String] {
        self.items
            .get(&(section.to_string(), name.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn push(&mut self, section: &str, name: &str, text: String) {
        self.items
            .entry((section.to_string(), name.to_string()))
            .or_default()
            .push(text);
    }
}

/// Renders findings as the CLI shows them: errors in full (source line, caret, hint), warnings
/// on one line each.
pub fn render_findings(findings: &[Finding], sources: &[SourceFile], color: bool) -> String {
    let mut out = String::new();
    for f in findings {
        let file = &sources[f.source];
        match f.diagnostic.level {
            Level::Error => out.push_str(&f.diagnostic.render(file, color)),
            Level::Warning => out.push_str(&f.diagnostic.one_line(file)),
        }
        out.push('\n');
    }
    out
}

/// A `.tf` file or a directory of them -> the CloudFormation model. This is the entry point for
/// anything that compares Terraform with CloudFormation (the diff loads a Terraform side with it).
pub fn load_path(path: &Path) -> Result<Reversed, Failed> {
    match crate::tf::load_path(path) {
        Ok((config, sources)) => reverse(&config, sources),
        Err(failed) => {
            let (source, diagnostic) = *failed;
            Err(Failed {
                findings: vec![Finding { source: 0, diagnostic }],
                sources: vec![source],
            })
        }
    }
}

/// Terraform text (e.g. stdin) -> the CloudFormation model.
pub fn load_text(source: SourceFile) -> Result<Reversed, Failed> {
    match crate::tf::load_text(&source) {
        Ok(config) => reverse(&config, vec![source]),
        Err(diagnostic) => Err(Failed {
            findings: vec![Finding { source: 0, diagnostic }],
            sources: vec![source],
        }),
    }
}

/// A Terraform configuration -> the CloudFormation model.
pub fn reverse(config: &Config, sources: Vec<SourceFile>) -> Result<Reversed, Failed> {
    let mut r = Reverser::new(&sources);
    let blocks = idioms::rewrite(&mut r, config);
    r.run(&blocks);
    let Reverser {
        template,
        origins,
        notes,
        findings,
        ..
    } = r;
    if findings.iter().any(|f| f.diagnostic.level == Level::Error) {
        return Err(Failed { findings, sources });
    }
    Ok(Reversed {
        template,
        origins,
        notes,
        findings,
        sources,
    })
}

/// For the diff, which compares what a configuration builds: the configuration with its
/// `count`, `for_each` and `dynamic` blocks written out as the reverse direction writes them
/// (copies named by address, `public[0]`), every variable at its given value (`--var`) or its
/// default. What cannot be written out stays as it is, for the diff to report.
pub fn write_out_copies(config: &Config, values: &[(String, String)]) -> Config {
    if !config
        .blocks
        .iter()
        .any(|(_, b)| b.ident == "resource" && iterate::repeats(b))
    {
        return config.clone();
    }
    let sources = Vec::new();
    let mut r = Reverser::new(&sources);
    let blocks: Vec<Block> = config.blocks.iter().map(|(_, b)| b.clone()).collect();
    for b in blocks.iter().filter(|b| b.ident == "variable") {
        let Some(name) = b.labels.first() else { continue };
        let list = b
            .attribute("type")
            .map(crate::emit::inline_text)
            .is_some_and(|t| t.starts_with("list") || t.starts_with("set"));
        let value = match values.iter().find(|(n, _)| n == name) {
            // As the diff reads `--var`: a list is comma-separated.
            Some((_, given)) if list => Some(hcl::Value::Array(
                given
                    .split(',')
                    .map(|s| hcl::Value::String(s.trim().to_string()))
                    .collect(),
            )),
            Some((_, given)) => Some(hcl::Value::String(given.clone())),
            None => b.attribute("default").and_then(|d| r.eval(d, &mut Vec::new()).ok()),
        };
        if let Some(v) = value {
            r.variables.insert(name.clone(), Variable::Fixed(v));
        }
    }
    let locals: Vec<&Block> = blocks.iter().filter(|b| b.ident == "locals").collect();
    r.classify_locals(&locals);
    let expanded = iterate::expand(&mut r, &blocks, true);
    Config {
        blocks: expanded
            .into_iter()
            .map(|b| (crate::tf::FileKind::for_block(&b.ident), b))
            .collect(),
        artefacts: config.artefacts.clone(),
    }
}

/// Where something is, for a message: the block it is in and, when known, a word to find on
/// the block's lines (an argument name, a function name).
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub origin: Option<Origin>,
    pub needle: Option<String>,
}

impl At {
    pub fn block(b: &Block) -> At {
        At {
            origin: b.origin.clone(),
            needle: None,
        }
    }

    pub fn arg(b: &Block, name: &str) -> At {
        At {
            origin: b.origin.clone(),
            needle: Some(name.to_string()),
        }
    }

    pub fn with(&self, needle: &str) -> At {
        At {
            origin: self.origin.clone(),
            needle: Some(needle.to_string()),
        }
    }
}

/// A resource's CloudFormation identity, decided before any reference is translated.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub logical_id: String,
    pub mapping: Option<&'static ResourceMapping>,
    /// The resource's `Condition`, when its `count` is `cond ? 1 : 0`.
    pub condition: Option<String>,
}

/// What a `local` value becomes.
#[derive(Debug, Clone)]
pub(crate) enum Local {
    Mapping(String),
    Condition(String),
    /// Inlined wherever it is used (CloudFormation has no locals).
    Inline(Expression, Option<Origin>),
}

/// What a variable becomes.
#[derive(Debug, Clone)]
pub(crate) enum Variable {
    Parameter(String),
    Pseudo(crate::model::Pseudo),
    /// A type no parameter holds (`map(string)`, `object(...)`, `any`): fixed at its default,
    /// whose value is folded wherever it is read (see `fold`).
    Fixed(hcl::Value),
    /// Such a type without a default: already reported, its uses are not.
    Refused,
}

/// `provider "aws" { alias = ..., region = ... }` and nothing else.
pub(crate) struct RegionProvider {
    pub region: String,
    block: Block,
    /// A zones data source reads through it (else it is warned about as any alias).
    pub read: bool,
}

/// What a data source becomes.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    Region,
    CallerIdentity,
    Partition,
    /// The zones of the stack's region (None), or of a named one (a provider alias for it).
    AvailabilityZones(Option<String>),
    Export(Expression, Option<Origin>),
    /// An SSM parameter read through a parameter of type `AWS::SSM::Parameter::Value<...>`.
    Ssm(String),
    /// No counterpart: each attribute used stands in as a parameter.
    Other,
}

pub(crate) struct Reverser<'s> {
    sources: &'s [SourceFile],
    registry: &'static Registry,
    pub findings: Vec<Finding>,
    pub template: Template,
    pub origins: IndexMap<String, Origin>,
    pub notes: Notes,
    /// `aws_vpc.main` -> its CloudFormation identity.
    pub targets: HashMap<String, Target>,
    pub variables: HashMap<String, Variable>,
    pub locals: IndexMap<String, Local>,
    pub data: HashMap<String, Data>,
    /// Provider aliases that only set a region (`eu_west_1`): `Fn::GetAZs` of that region when
    /// a zones data source reads through them.
    region_providers: HashMap<String, RegionProvider>,
    /// Resource and data blocks by address (`aws_vpc.main`), for values known before deployment.
    pub tf_blocks: HashMap<String, Block>,
    /// Variable defaults, for values known before deployment.
    pub var_defaults: HashMap<String, Expression>,
    /// Locals being inlined, to stop a cycle.
    inlining: Vec<String>,
    /// Locals inlined so far, against `expr::MAX_INLINED`.
    inlined: usize,
    /// Every name in use (parameters, conditions, mappings, resources), for unique new names.
    used_names: HashMap<&'static str, std::collections::HashSet<String>>,
    sub_vars: usize,
    /// Every local's expression, for folding known values.
    pub local_exprs: HashMap<String, Expression>,
    /// Whether a local reads a fixed variable (or has no intrinsic), memoised.
    local_worth: HashMap<String, bool>,
    /// Locals being evaluated, to stop a cycle.
    folding_locals: Vec<String>,
    /// Expression nodes evaluated so far, against `fold::MAX_FOLD_STEPS`.
    fold_steps: usize,
    fold_budget_reported: bool,
    /// Fixed maps read by a parameter -> their Mapping.
    fixed_mappings: HashMap<String, String>,
}

impl<'s> Reverser<'s> {
    fn new(sources: &'s [SourceFile]) -> Reverser<'s> {
        Reverser {
            sources,
            registry: Registry::get(),
            findings: Vec::new(),
            template: Template::default(),
            origins: IndexMap::new(),
            notes: Notes::default(),
            targets: HashMap::new(),
            variables: HashMap::new(),
            locals: IndexMap::new(),
            data: HashMap::new(),
            region_providers: HashMap::new(),
            tf_blocks: HashMap::new(),
            var_defaults: HashMap::new(),
            inlining: Vec::new(),
            inlined: 0,
            used_names: Default::default(),
            sub_vars: 0,
            local_exprs: HashMap::new(),
            local_worth: HashMap::new(),
            folding_locals: Vec::new(),
            fold_steps: 0,
            fold_budget_reported: false,
            fixed_mappings: HashMap::new(),
        }
    }

    fn run(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.check_top_level(b);
        }
        for b in blocks.iter().filter(|b| b.ident == "data") {
            self.data_source(b);
        }
        self.unused_region_providers();
        for b in blocks.iter().filter(|b| b.ident == "variable") {
            self.variable(b, blocks);
        }
        self.ssm_parameters(blocks);
        let locals: Vec<&Block> = blocks.iter().filter(|b| b.ident == "locals").collect();
        self.classify_locals(&locals);
        // `count`, `for_each` and `dynamic` over known collections written out (`iterate`).
        let expanded = iterate::expand(self, blocks, false);
        let blocks = expanded.as_slice();
        // Values known at conversion time written out before anything reads the arguments.
        let folded: Vec<Block> = blocks
            .iter()
            .filter(|b| b.ident == "resource")
            .map(|b| self.fold_block(b))
            .collect();
        let resources: Vec<&Block> = folded.iter().collect();
        let (resources, folded) = companions::split(self, resources);
        self.plan_targets(&resources);
        companions::register(self, &folded);
        self.mappings_and_conditions(&locals);
        for b in &resources {
            self.resource(b);
        }
        companions::fold(self, &folded, &resources);
        idioms::after(self, &resources);
        for b in blocks.iter().filter(|b| b.ident == "output") {
            self.output(b);
        }
    }

    /// Blocks other than variables, locals, data, resources and outputs.
    fn check_top_level(&mut self, b: &Block) {
        match b.ident.as_str() {
            "variable" | "locals" | "data" | "resource" | "output" => {}
            "terraform" => {
                let lines: Vec<&str> = b
                    .comments
                    .iter()
                    .filter_map(|c| c.strip_prefix(crate::convert::DESCRIPTION_COMMENT.trim_end()))
                    .map(|l| l.strip_prefix(' ').unwrap_or(l))
                    .collect();
                if !lines.is_empty() {
                    self.template.description = Some(lines.join("\n"));
                }
            }
            "provider" => {
                if let Some((alias, region)) = region_alias(b) {
                    let block = b.clone();
                    self.region_providers.insert(
                        alias,
                        RegionProvider {
                            region,
                            block,
                            read: false,
                        },
                    );
                } else if let Some(alias) = b.attribute("alias") {
                    let at = At::arg(b, "alias");
                    let alias = crate::emit::inline_text(alias);
                    self.warn(
                        "reverse::provider-alias",
                        format!("provider alias {alias}: a CloudFormation stack deploys into one account and region"),
                        &at,
                    );
                }
                if b.blocks("default_tags").next().is_some() {
                    let at = At::arg(b, "default_tags");
                    self.warn(
                        "reverse::default-tags",
                        "provider default_tags are not part of a template: pass them as stack tags (`aws cloudformation deploy --tags`)",
                        &at,
                    );
                }
            }
            // Modules are inlined when a folder is read (`tf::load_path`); text has no folder.
            "module" => {
                let name = b.labels.first().cloned().unwrap_or_default();
                self.error_with_help(
                    "reverse::module",
                    format!("module \"{name}\": a module is read from its folder, and this text (stdin) has none"),
                    &At::block(b),
                    "convert the configuration's folder (or a .tf file in it): its local modules are inlined",
                );
            }
            // A module variable's validation arrives as one (see `tf::modules`).
            "check" => {
                self.warn(
                    "reverse::check",
                    "`check` block (or a module variable's validation): Terraform's assertion has no CloudFormation counterpart, so it is not checked",
                    &At::block(b),
                );
            }
            "moved" | "import" | "removed" => {
                let at = At::block(b);
                self.warn(
                    "reverse::state-block",
                    format!(
                        "`{}` block: it acts on Terraform state and has no CloudFormation counterpart",
                        b.ident
                    ),
                    &at,
                );
            }
            other => {
                let at = At::block(b);
                self.warn(
                    "reverse::unknown-block",
                    format!("`{other}` block has no CloudFormation counterpart"),
                    &at,
                );
            }
        }
    }

    /// A region-only provider alias that no zones data source reads is a provider alias
    /// like any other.
    fn unused_region_providers(&mut self) {
        let mut unused: Vec<(String, Block)> = self
            .region_providers
            .iter()
            .filter(|(_, p)| !p.read)
            .map(|(alias, p)| (alias.clone(), p.block.clone()))
            .collect();
        unused.sort_by(|a, b| a.0.cmp(&b.0));
        for (alias, b) in unused {
            self.warn(
                "reverse::provider-alias",
                format!("provider alias \"{alias}\": a CloudFormation stack deploys into one account and region"),
                &At::arg(&b, "alias"),
            );
        }
    }

    // ---- names

    /// A logical ID (parameters and resources share them) not used yet: `base`, else `base2`, ...
    pub fn unique_name(&mut self, base: &str) -> String {
        self.unique_in("", base)
    }

    /// A name not used yet in a namespace of its own (`Conditions`, `Mappings`, `Outputs`).
    pub fn unique_in(&mut self, namespace: &'static str, base: &str) -> String {
        let base = if base.is_empty() { "Unnamed" } else { base };
        let used = self.used_names.entry(namespace).or_default();
        let mut name = base.to_string();
        let mut n = 1;
        while used.contains(&name) {
            n += 1;
            name = format!("{base}{n}");
        }
        used.insert(name.clone());
        name
    }

    /// True when any section already has this name (a new resource name then says its type,
    /// so `Nat` the condition and `NatEIP` the address read apart).
    pub fn is_used(&self, name: &str) -> bool {
        self.used_names.values().any(|u| u.contains(name))
    }

    pub fn next_sub_var(&mut self) -> String {
        self.sub_vars += 1;
        format!("Var{}", self.sub_vars)
    }

    // ---- findings

    fn locate(&self, at: &At) -> (usize, Option<Span>) {
        let Some(origin) = &at.origin else {
            return (0, None);
        };
        let Some(idx) = self.sources.iter().position(|s| s.name == origin.file) else {
            return (0, None);
        };
        let file = &self.sources[idx];
        let start = file.offset_of(origin.line, 0);
        if let Some(needle) = &at.needle {
            // Search the block's own lines: up to the next line that starts a top-level block.
            let mut line = origin.line;
            loop {
                let text = file.line_text(line);
                if line > origin.line && text.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    break;
                }
                if let Some(col) = find_word(text, needle) {
                    let off = file.offset_of(line, 0) + col;
                    return (idx, Some(Span::new(off, off + needle.len())));
                }
                line += 1;
                if line > origin.line + 2000 || file.offset_of(line, 0) >= file.text.len() {
                    break;
                }
            }
        }
        let text = file.line_text(origin.line);
        let indent = text.len() - text.trim_start().len();
        (idx, Some(Span::new(start + indent, start + text.len())))
    }

    fn push(&mut self, d: Diagnostic, at: &At) {
        let (source, span) = self.locate(at);
        let mut d = d;
        d.span = span;
        if !self.findings.iter().any(|f| f.source == source && f.diagnostic == d) {
            self.findings.push(Finding { source, diagnostic: d });
        }
    }

    pub fn warn(&mut self, code: &'static str, message: impl Into<String>, at: &At) {
        self.push(Diagnostic::warning(code, message, None), at);
    }

    pub fn error(&mut self, code: &'static str, message: impl Into<String>, at: &At) {
        self.push(Diagnostic::error(code, message, None), at);
    }

    pub fn error_with_help(&mut self, code: &'static str, message: impl Into<String>, at: &At, help: &str) {
        self.push(Diagnostic::error(code, message, None).with_help(help), at);
    }

    /// `file:line` for a comment in the output.
    pub fn at_text(&self, at: &At) -> String {
        let (source, span) = self.locate(at);
        match (self.sources.get(source), span) {
            (Some(file), Some(span)) => {
                let name = Path::new(&file.name)
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_else(|| file.name.clone());
                format!("{name}:{}", file.line_col(span.start).line)
            }
            _ => "?".to_string(),
        }
    }

    /// A warning that is also a `# cfn2tf:` comment above a template entry.
    pub fn warn_noted(&mut self, code: &'static str, message: String, at: &At, section: &str, name: &str) {
        let note = format!("cfn2tf: {message} ({})", self.at_text(at));
        self.notes.push(section, name, note);
        self.warn(code, message, at);
    }
}

/// The column of `needle` on a line as a whole word (not inside a longer name).
fn find_word(text: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before_ok = !text[..start].chars().next_back().is_some_and(is_word);
        let after_ok = !text[end..].chars().next().is_some_and(is_word);
        if before_ok && after_ok {
            return Some(start);
        }
        from = end;
    }
    None
}

/// `provider "aws" { alias = "eu_west_1", region = "eu-west-1" }` (nothing else): the alias and
/// the region, as the forward direction writes for `Fn::GetAZs` of a named region.
fn region_alias(b: &Block) -> Option<(String, String)> {
    if b.labels.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let mut alias = None;
    let mut region = None;
    for item in &b.body {
        match item {
            BodyItem::Attribute(n, Expression::String(v)) if n == "alias" => alias = Some(v.clone()),
            BodyItem::Attribute(n, Expression::String(v)) if n == "region" => region = Some(v.clone()),
            BodyItem::Comment(_) => {}
            _ => return None,
        }
    }
    alias.zip(region)
}

/// An expression with no source position (the model's spans point into CloudFormation text).
pub(crate) fn x(kind: crate::model::ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}
