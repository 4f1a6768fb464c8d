//! Local modules inlined into the calling configuration.
//!
//! This is a configuration-level rewrite, so it lives in `tf` rather than in `reverse`: both
//! readers of Terraform need the one flat configuration, the reverse direction (one template)
//! and the diff (resources paired by name). Each module instance's resources, data sources and
//! locals are renamed with the call's name as prefix (`aws_subnet.this` of `module "vpc"` is
//! `aws_subnet.vpc_this`, whose logical ID reads back as `VpcThis`); its variables become
//! locals holding the call's arguments (rewritten in the caller's names) or their defaults; its
//! outputs become locals that `module.vpc.<output>` reads; and `path.module` is the module's
//! folder relative to the root one, the value Terraform gives it. Nested modules are inlined the
//! same way, bounded by `MAX_DEPTH` and `MAX_INSTANCES` (a cycle is refused where it closes).
//!
//! A module variable's `validation` becomes a `check` block of the same condition (reported by
//! the reader, not dropped). Remote modules (registry, git, http) and modules with `count` /
//! `for_each` are located errors: the first have no folder to read until `terraform get`, the
//! second would repeat every resource of the module.

use super::load::{LoadError, load_folder};
use super::{Block, BodyItem, Config, Expression, FileKind};
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};
use hcl::expr::{ObjectKey, TemplateExpr, Traversal, TraversalOperator, Variable};
use hcl::template::{Directive, Element};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Modules calling modules deeper than this are refused (a cycle through copies of one folder
/// under other paths ends here too).
const MAX_DEPTH: usize = 16;
/// Module instances read in one configuration, against fan-out (every module calling several).
const MAX_INSTANCES: usize = 256;

/// The configuration with every local module call replaced by the module's blocks; the module
/// files are appended to `sources`.
pub(super) fn inline(config: Config, root: &Path, sources: &mut Vec<SourceFile>) -> Result<Config, LoadError> {
    if !config.blocks.iter().any(|(_, b)| b.ident == "module") {
        return Ok(config);
    }
    let blocks: Vec<Block> = config.blocks.into_iter().map(|(_, b)| b).collect();
    let mut inliner = Inliner {
        sources,
        taken: HashSet::new(),
        instances: 0,
    };
    for b in &blocks {
        for name in defined_names(b) {
            inliner.taken.insert(name);
        }
    }
    let root_scope = Scope {
        root: true,
        ..Scope::default()
    };
    let stack = vec![canonical(root)];
    let tree = inliner.instance(blocks, root, Path::new(""), root_scope, &stack)?;
    let mut out = Config::default();
    inliner.emit(tree, &Extras::default(), &mut out)?;
    Ok(out)
}

/// What an instance's names become.
#[derive(Default)]
struct Scope {
    /// The root configuration: only `module.` references are rewritten.
    root: bool,
    /// The names' prefix (`vpc`, `vpc_subnets`).
    prefix: String,
    /// The module's folder relative to the root one, for `path.module`.
    folder: String,
    vars: HashMap<String, String>,
    locals: HashMap<String, String>,
    /// (type, name) -> name, for resources and (under "data") data sources.
    resources: HashMap<(String, String), String>,
    data: HashMap<(String, String), String>,
    /// This instance's outputs -> the locals holding them.
    outputs: HashMap<String, String>,
    /// Module call -> its outputs' locals.
    calls: HashMap<String, HashMap<String, String>>,
    /// Module call -> the addresses of every resource it declares (nested too), for
    /// `depends_on = [module.x]`.
    members: HashMap<String, Vec<(String, String)>>,
    /// Module calls with no instance (`count = 0`, `for_each` over a known empty collection)
    /// -> the module as a whole object: `[]` or `{}`.
    empty_calls: HashMap<String, Expression>,
    /// Module calls with `count = 1`, whose outputs are read through `[0]`.
    single_calls: HashSet<String>,
}

/// One module instance read and named, with the instances it calls.
struct Instance {
    scope: Scope,
    blocks: Vec<Block>,
    children: Vec<(Block, Instance)>,
}

/// What a module call adds to every resource inside it: `depends_on` and the provider it passes.
#[derive(Default, Clone)]
struct Extras {
    depends_on: Vec<Expression>,
    /// `aws` / `aws.alias` inside the module -> the caller's provider reference.
    providers: Vec<(String, Expression)>,
}

struct Inliner<'s> {
    sources: &'s mut Vec<SourceFile>,
    /// Names in use (`local.x`, `aws_vpc.x`, `data.aws_region.x`), so that a renamed one is new.
    taken: HashSet<String>,
    instances: usize,
}

/// The names a top-level block defines, as `taken` keys.
fn defined_names(b: &Block) -> Vec<String> {
    match (b.ident.as_str(), b.labels.as_slice()) {
        ("resource", [t, n]) => vec![format!("{t}.{n}")],
        ("data", [t, n]) => vec![format!("data.{t}.{n}")],
        ("locals", _) => b
            .body
            .iter()
            .filter_map(|i| match i {
                BodyItem::Attribute(n, _) => Some(format!("local.{n}")),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The types a CloudFormation parameter holds: a root variable of another type is fixed at its
/// default by the reverse direction (see `reverse::fold`), so its default is its value here too.
const PARAMETER_TYPES: &[&str] = &[
    "string",
    "number",
    "bool",
    "list(string)",
    "set(string)",
    "list(number)",
    "set(number)",
];

/// A `count` / `for_each` of the root configuration known to make no instance: `0`, `[]`, `{}`,
/// a `for` over such a collection, a local holding one, or a root variable that no parameter
/// can hold whose default is an empty collection (`map(any)`, `default = {}`).
fn known_empty(e: &Expression, blocks: &[Block], depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    match e {
        Expression::Number(n) => n.as_f64() == Some(0.0),
        Expression::Array(a) => a.is_empty(),
        Expression::Object(o) => o.is_empty(),
        Expression::Parenthesis(p) => known_empty(p, blocks, depth + 1),
        Expression::ForExpr(f) => known_empty(&f.collection_expr, blocks, depth + 1),
        Expression::Conditional(c) => {
            known_empty(&c.true_expr, blocks, depth + 1) && known_empty(&c.false_expr, blocks, depth + 1)
        }
        Expression::Traversal(t) => {
            let (Expression::Variable(root), [TraversalOperator::GetAttr(name)]) = (&t.expr, t.operators.as_slice())
            else {
                return false;
            };
            match root.as_str() {
                "local" => blocks
                    .iter()
                    .filter(|b| b.ident == "locals")
                    .find_map(|b| b.attribute(name.as_str()))
                    .is_some_and(|v| known_empty(v, blocks, depth + 1)),
                "var" => blocks
                    .iter()
                    .find(|b| b.ident == "variable" && b.labels.first().is_some_and(|l| l == name.as_str()))
                    .is_some_and(|v| {
                        let fixed = v
                            .attribute("type")
                            .map(crate::emit::inline_text)
                            .is_some_and(|t| !PARAMETER_TYPES.contains(&t.as_str()));
                        fixed
                            && v.attribute("default").is_some_and(|d| {
                                matches!(d, Expression::Array(_) | Expression::Object(_))
                                    && known_empty(d, blocks, depth + 1)
                            })
                    }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `a/./b/../c` -> `a/c`, lexically (a folder is named as the user wrote it, not resolved).
fn tidy(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if out
                    .components()
                    .next_back()
                    .is_some_and(|l| matches!(l, Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A module's folder as Terraform spells `path.module`: relative to the root, `/`-separated.
fn module_path(p: &Path) -> String {
    let parts: Vec<String> = tidy(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A module source Terraform reads from a local folder.
fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../") || s == "." || s == ".."
}

impl Inliner<'_> {
    /// A located error at a block (and a word on its lines, when given).
    fn error(&self, b: &Block, needle: Option<&str>, code: &'static str, message: String, help: &str) -> LoadError {
        let origin = b.origin.clone().unwrap_or_else(|| super::Origin {
            file: String::new(),
            line: 1,
        });
        let file = self
            .sources
            .iter()
            .find(|s| s.name == origin.file)
            .cloned()
            .unwrap_or_else(|| SourceFile::new(origin.file.clone(), String::new()));
        let line_start = file.offset_of(origin.line, 0);
        let text = file.line_text(origin.line);
        let mut span = Span::new(line_start, line_start + text.len());
        if let Some(needle) = needle {
            let mut line = origin.line;
            let last = file.text.lines().count();
            while line <= last && line < origin.line + 2000 {
                let t = file.line_text(line);
                if line > origin.line && t.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    break;
                }
                if let Some(col) = t.find(needle) {
                    let at = file.offset_of(line, 0) + col;
                    span = Span::new(at, at + needle.len());
                    break;
                }
                line += 1;
            }
        }
        let d = Diagnostic::error(code, message, Some(span)).with_help(help);
        Box::new((file, d))
    }

    /// A new name `base`, `base_2`, ... in a namespace (`local.`, `aws_vpc.`).
    fn fresh(&mut self, namespace: &str, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 1;
        while self.taken.contains(&format!("{namespace}{name}")) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.taken.insert(format!("{namespace}{name}"));
        name
    }

    /// Reads the module calls of `blocks` (recursively) and names this instance's own blocks.
    fn instance(
        &mut self,
        blocks: Vec<Block>,
        dir: &Path,
        folder: &Path,
        mut scope: Scope,
        stack: &[PathBuf],
    ) -> Result<Instance, LoadError> {
        if !scope.root {
            scope.folder = module_path(folder);
            for b in &blocks {
                let prefix = scope.prefix.clone();
                match (b.ident.as_str(), b.labels.as_slice()) {
                    ("variable", [v]) => {
                        let name = self.fresh("local.", &format!("{prefix}_var_{v}"));
                        scope.vars.insert(v.clone(), name);
                    }
                    ("output", [o]) => {
                        let name = self.fresh("local.", &format!("{prefix}_output_{o}"));
                        scope.outputs.insert(o.clone(), name);
                    }
                    ("locals", _) => {
                        for item in &b.body {
                            if let BodyItem::Attribute(l, _) = item {
                                let name = self.fresh("local.", &format!("{prefix}_{l}"));
                                scope.locals.insert(l.clone(), name);
                            }
                        }
                    }
                    ("resource", [t, n]) => {
                        let name = self.fresh(&format!("{t}."), &format!("{prefix}_{n}"));
                        scope.resources.insert((t.clone(), n.clone()), name);
                    }
                    ("data", [t, n]) => {
                        let name = self.fresh(&format!("data.{t}."), &format!("{prefix}_{n}"));
                        scope.data.insert((t.clone(), n.clone()), name);
                    }
                    _ => {}
                }
            }
        }
        let mut children = Vec::new();
        for call in blocks.iter().filter(|b| b.ident == "module") {
            let name = call.labels.first().cloned().unwrap_or_default();
            let mut empty = None;
            for meta in ["count", "for_each"] {
                if let Some(e) = call.attribute(meta) {
                    if scope.root && known_empty(e, &blocks, 0) {
                        empty = Some(if meta == "count" {
                            Expression::Array(Vec::new())
                        } else {
                            Expression::Object(hcl::Object::new())
                        });
                        continue;
                    }
                    // `count = 1`: one instance, read as `module.x[0].out`.
                    if meta == "count" && matches!(e, Expression::Number(n) if n.as_f64() == Some(1.0)) {
                        scope.single_calls.insert(name.clone());
                        continue;
                    }
                    return Err(self.error(
                        call,
                        Some(meta),
                        "tf::module-repeated",
                        format!("module \"{name}\" uses {meta}: every resource of the module would be repeated, which a template cannot"),
                        "call the module once per instance (one module block each), or convert the module's folder on its own",
                    ));
                }
            }
            if let Some(whole) = empty {
                scope.empty_calls.insert(name, whole);
                continue;
            }
            let source = match call.attribute("source") {
                Some(Expression::String(s)) => s.clone(),
                _ => {
                    return Err(self.error(
                        call,
                        Some("source"),
                        "tf::module-source",
                        format!("module \"{name}\" has no literal source"),
                        "Terraform requires `source` to be a literal string",
                    ));
                }
            };
            if !is_local_source(&source) {
                return Err(self.error(
                    call,
                    Some("source"),
                    "tf::remote-module",
                    format!("module \"{name}\" comes from \"{source}\", which is not a local folder"),
                    &format!("run `terraform get` in the root folder: Terraform downloads the module to .terraform/modules/{name} (.terraform/modules/modules.json lists each module's folder); then set `source = \"./.terraform/modules/{name}\"`, or copy that folder beside the configuration and point source at it, and convert again"),
                ));
            }
            let child_dir = tidy(&dir.join(&source));
            let child_canonical = canonical(&child_dir);
            if stack.contains(&child_canonical) {
                return Err(self.error(
                    call,
                    Some("source"),
                    "tf::module-cycle",
                    format!("module \"{name}\" calls \"{source}\", a module that is already being read above it: the modules call each other without end"),
                    "break the cycle: a module cannot contain itself",
                ));
            }
            if stack.len() > MAX_DEPTH {
                return Err(self.error(
                    call,
                    Some("source"),
                    "tf::module-depth",
                    format!("module \"{name}\" is nested more than {MAX_DEPTH} modules deep"),
                    "flatten the modules: cfn2tf inlines at most this many levels",
                ));
            }
            self.instances += 1;
            if self.instances > MAX_INSTANCES {
                return Err(self.error(
                    call,
                    None,
                    "tf::module-count",
                    format!("more than {MAX_INSTANCES} module instances in one configuration"),
                    "convert the modules' folders separately",
                ));
            }
            if !child_dir.is_dir() {
                return Err(self.error(
                    call,
                    Some("source"),
                    "tf::module-folder",
                    format!("module \"{name}\": {} is not a folder", child_dir.display()),
                    "the source of a local module is a folder relative to the calling configuration's",
                ));
            }
            let (child_config, child_sources) = load_folder(&child_dir)?;
            self.sources.extend(child_sources);
            let child_blocks: Vec<Block> = child_config.blocks.into_iter().map(|(_, b)| b).collect();
            let child_scope = Scope {
                prefix: if scope.root {
                    name.clone()
                } else {
                    format!("{}_{name}", scope.prefix)
                },
                ..Scope::default()
            };
            let mut child_stack = stack.to_vec();
            child_stack.push(child_canonical);
            let child = self.instance(
                child_blocks,
                &child_dir,
                &folder.join(&source),
                child_scope,
                &child_stack,
            )?;
            scope.calls.insert(name.clone(), child.scope.outputs.clone());
            scope.members.insert(name, child.members());
            children.push((call.clone(), child));
        }
        Ok(Instance {
            scope,
            blocks,
            children,
        })
    }

    /// Writes an instance's blocks, renamed, into `out`, and its modules' after them.
    fn emit(&mut self, instance: Instance, extras: &Extras, out: &mut Config) -> Result<(), LoadError> {
        let Instance {
            scope,
            blocks,
            children,
        } = instance;
        for b in &blocks {
            let renamed = match b.ident.as_str() {
                "module" => continue,
                "variable" | "terraform" if !scope.root => continue,
                "output" if !scope.root => {
                    let Some(local) = b.labels.first().and_then(|o| scope.outputs.get(o)) else {
                        continue;
                    };
                    let mut l = Block::new("locals", &[]);
                    l.origin = b.origin.clone();
                    let value = b.attribute("value").cloned().unwrap_or(Expression::Null);
                    l.attr(local, self.rewrite(&scope, &value, b)?);
                    l
                }
                _ => self.rewrite_block(&scope, b, extras)?,
            };
            out.push(FileKind::for_block(&renamed.ident), renamed);
        }
        for (call, child) in children {
            let inputs = self.inputs(&scope, &call, &child)?;
            for l in inputs {
                out.push(FileKind::Locals, l);
            }
            let child_extras = self.call_extras(&scope, &call, extras)?;
            self.emit(child, &child_extras, out)?;
        }
        Ok(())
    }

    /// The module's variables as locals: the call's arguments (in the caller's names), else
    /// the defaults.
    fn inputs(&mut self, caller: &Scope, call: &Block, child: &Instance) -> Result<Vec<Block>, LoadError> {
        let name = call.labels.first().cloned().unwrap_or_default();
        const META: &[&str] = &["source", "version", "providers", "depends_on", "count", "for_each"];
        for item in &call.body {
            if let BodyItem::Attribute(a, _) = item
                && !META.contains(&a.as_str())
                && !child.scope.vars.contains_key(a)
            {
                return Err(self.error(
                    call,
                    Some(a),
                    "tf::module-argument",
                    format!("module \"{name}\" has no variable \"{a}\""),
                    "Terraform refuses an argument the module does not declare",
                ));
            }
        }
        let mut out = Vec::new();
        for v in child.blocks.iter().filter(|b| b.ident == "variable") {
            let Some(var) = v.labels.first() else { continue };
            let Some(local) = child.scope.vars.get(var) else {
                continue;
            };
            let given = call.attribute(var).filter(|e| {
                // A null argument to a non-nullable variable takes the default.
                !(**e == Expression::Null && matches!(v.attribute("nullable"), Some(Expression::Bool(false))))
            });
            let (value, origin) = match (given, v.attribute("default")) {
                (Some(e), _) => (self.rewrite(caller, e, call)?, call.origin.clone()),
                (None, Some(d)) => (self.rewrite(&child.scope, d, v)?, v.origin.clone()),
                (None, None) => {
                    return Err(self.error(
                        call,
                        None,
                        "tf::module-argument",
                        format!("module \"{name}\" needs a value for its variable \"{var}\", which has no default"),
                        &format!("add `{var} = ...` to the module block"),
                    ));
                }
            };
            let mut l = Block::new("locals", &[]);
            l.origin = origin;
            l.attr(local, value);
            out.push(l);
            // A validation checks the value the call gives: kept as the `check` it amounts to,
            // which the reader reports where it is rather than dropping it.
            for validation in v.blocks("validation") {
                let mut assert = Block::new("assert", &[]);
                assert.origin = validation.origin.clone();
                assert.body = self.rewrite_body(&child.scope, &validation.body, validation)?;
                let mut check = Block::new("check", &[local]);
                check.origin = validation.origin.clone();
                check.body.push(BodyItem::Block(assert));
                out.push(check);
            }
        }
        Ok(out)
    }

    /// The call's `depends_on` and `providers`, composed with the caller's own.
    fn call_extras(&mut self, caller: &Scope, call: &Block, outer: &Extras) -> Result<Extras, LoadError> {
        let mut extras = Extras {
            depends_on: outer.depends_on.clone(),
            providers: Vec::new(),
        };
        if let Some(Expression::Array(items)) = call.attribute("depends_on") {
            let items = self.depends_on(caller, items, call)?;
            extras.depends_on.extend(items);
        }
        match call.attribute("providers") {
            Some(Expression::Object(o)) => {
                for (k, v) in o {
                    let key = match k {
                        ObjectKey::Identifier(i) => i.to_string(),
                        ObjectKey::Expression(e) => crate::emit::inline_text(e),
                        _ => continue,
                    };
                    let value = outer
                        .provider(&crate::emit::inline_text(v))
                        .unwrap_or_else(|| v.clone());
                    extras.providers.push((key, value));
                }
            }
            // Without a `providers` map the module gets the caller's default provider.
            _ => extras.providers = outer.providers.iter().filter(|(k, _)| k == "aws").cloned().collect(),
        }
        Ok(extras)
    }

    fn depends_on(&mut self, scope: &Scope, items: &[Expression], b: &Block) -> Result<Vec<Expression>, LoadError> {
        let mut out = Vec::new();
        for item in items {
            if let Expression::Traversal(t) = item
                && let Expression::Variable(root) = &t.expr
                && root.as_str() == "module"
                && let [TraversalOperator::GetAttr(m)] = t.operators.as_slice()
            {
                if scope.empty_calls.contains_key(m.as_str()) {
                    continue;
                }
                let Some(members) = scope.members.get(m.as_str()) else {
                    return Err(self.undeclared_module(b, m.as_str()));
                };
                out.extend(members.iter().map(|(ty, n)| super::traversal(&[ty, n])));
                continue;
            }
            out.push(self.rewrite(scope, item, b)?);
        }
        Ok(out)
    }

    fn undeclared_module(&self, b: &Block, m: &str) -> LoadError {
        self.error(
            b,
            Some(m),
            "tf::module-reference",
            format!("module.{m} is not declared here"),
            "a module's outputs are read where the module block is",
        )
    }

    fn rewrite_block(&mut self, scope: &Scope, b: &Block, extras: &Extras) -> Result<Block, LoadError> {
        let mut out = b.clone();
        match (b.ident.as_str(), b.labels.as_slice()) {
            ("resource", [t, n]) if !scope.root => {
                out.labels[1] = scope.resources[&(t.clone(), n.clone())].clone();
            }
            ("data", [t, n]) if !scope.root => {
                out.labels[1] = scope.data[&(t.clone(), n.clone())].clone();
            }
            _ => {}
        }
        out.body = self.rewrite_body(scope, &b.body, b)?;
        if b.ident == "locals" && !scope.root {
            for item in &mut out.body {
                if let BodyItem::Attribute(n, _) = item {
                    *n = scope.locals[n.as_str()].clone();
                }
            }
        }
        if matches!(b.ident.as_str(), "resource" | "data") {
            self.apply_extras(&mut out, extras);
        }
        Ok(out)
    }

    fn apply_extras(&self, b: &mut Block, extras: &Extras) {
        let own = b.attribute("provider").map(crate::emit::inline_text);
        if let Some(p) = extras.provider(own.as_deref().unwrap_or("aws")) {
            b.body
                .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "provider"));
            b.attr("provider", p);
        }
        if b.ident == "resource" && !extras.depends_on.is_empty() {
            let mut deps = match b.attribute("depends_on") {
                Some(Expression::Array(items)) => items.clone(),
                _ => Vec::new(),
            };
            deps.extend(extras.depends_on.iter().cloned());
            b.body
                .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "depends_on"));
            b.attr("depends_on", Expression::Array(deps));
        }
    }

    fn rewrite_body(&mut self, scope: &Scope, body: &[BodyItem], b: &Block) -> Result<Vec<BodyItem>, LoadError> {
        let mut out = Vec::with_capacity(body.len());
        for item in body {
            out.push(match item {
                BodyItem::Attribute(n, Expression::Array(items)) if n == "depends_on" => {
                    BodyItem::Attribute(n.clone(), Expression::Array(self.depends_on(scope, items, b)?))
                }
                // A provider reference is the module's own name for it (mapped by `providers`).
                BodyItem::Attribute(n, e) if n == "provider" => BodyItem::Attribute(n.clone(), e.clone()),
                BodyItem::Attribute(n, e) => BodyItem::Attribute(n.clone(), self.rewrite(scope, e, b)?),
                BodyItem::Block(inner) => {
                    let mut inner_out = inner.clone();
                    inner_out.body = self.rewrite_body(scope, &inner.body, b)?;
                    BodyItem::Block(inner_out)
                }
                BodyItem::Comment(c) => BodyItem::Comment(c.clone()),
            });
        }
        Ok(out)
    }

    /// An expression in the instance's names.
    fn rewrite(&mut self, scope: &Scope, e: &Expression, b: &Block) -> Result<Expression, LoadError> {
        Ok(match e {
            Expression::Array(items) => Expression::Array(
                items
                    .iter()
                    .map(|i| self.rewrite(scope, i, b))
                    .collect::<Result<_, _>>()?,
            ),
            Expression::Object(o) => {
                let mut out = hcl::Object::new();
                for (k, v) in o {
                    let k = match k {
                        ObjectKey::Expression(ke) if !matches!(ke, Expression::Variable(_)) => {
                            ObjectKey::Expression(self.rewrite(scope, ke, b)?)
                        }
                        other => other.clone(),
                    };
                    out.insert(k, self.rewrite(scope, v, b)?);
                }
                Expression::Object(out)
            }
            Expression::TemplateExpr(t) => self.rewrite_template(scope, t, b)?,
            Expression::Traversal(t) => self.rewrite_traversal(scope, t, b)?,
            Expression::FuncCall(f) => {
                let mut f = f.clone();
                for a in f.args.iter_mut() {
                    *a = self.rewrite(scope, a, b)?;
                }
                Expression::FuncCall(f)
            }
            Expression::Parenthesis(p) => Expression::Parenthesis(Box::new(self.rewrite(scope, p, b)?)),
            Expression::Conditional(c) => {
                let mut c = c.clone();
                c.cond_expr = self.rewrite(scope, &c.cond_expr, b)?;
                c.true_expr = self.rewrite(scope, &c.true_expr, b)?;
                c.false_expr = self.rewrite(scope, &c.false_expr, b)?;
                Expression::Conditional(c)
            }
            Expression::Operation(op) => {
                let mut op = op.clone();
                match op.as_mut() {
                    hcl::expr::Operation::Unary(u) => u.expr = self.rewrite(scope, &u.expr, b)?,
                    hcl::expr::Operation::Binary(bin) => {
                        bin.lhs_expr = self.rewrite(scope, &bin.lhs_expr, b)?;
                        bin.rhs_expr = self.rewrite(scope, &bin.rhs_expr, b)?;
                    }
                }
                Expression::Operation(op)
            }
            Expression::ForExpr(f) => {
                let mut f = f.clone();
                f.collection_expr = self.rewrite(scope, &f.collection_expr, b)?;
                if let Some(k) = &f.key_expr {
                    f.key_expr = Some(self.rewrite(scope, k, b)?);
                }
                f.value_expr = self.rewrite(scope, &f.value_expr, b)?;
                if let Some(c) = &f.cond_expr {
                    f.cond_expr = Some(self.rewrite(scope, c, b)?);
                }
                Expression::ForExpr(f)
            }
            other => other.clone(),
        })
    }

    fn rewrite_traversal(&mut self, scope: &Scope, t: &Traversal, b: &Block) -> Result<Expression, LoadError> {
        let mut t = t.clone();
        for op in t.operators.iter_mut() {
            if let TraversalOperator::Index(i) = op {
                *i = self.rewrite(scope, i, b)?;
            }
        }
        let Expression::Variable(root) = &t.expr else {
            t.expr = self.rewrite(scope, &t.expr, b)?;
            return Ok(Expression::Traversal(Box::new(t)));
        };
        let attr = |i: usize| match t.operators.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.to_string()),
            _ => None,
        };
        let local = |name: &str, rest: &[TraversalOperator]| {
            let mut out = Traversal::new(
                Variable::unchecked("local"),
                vec![TraversalOperator::GetAttr(hcl::Identifier::unchecked(name))],
            );
            out.operators.extend(rest.iter().cloned());
            Ok(Expression::Traversal(Box::new(out)))
        };
        let root = root.as_str().to_string();
        if root == "module" {
            let Some(m) = attr(0) else {
                return Err(self.undeclared_module(b, "module"));
            };
            if let Some(whole) = scope.empty_calls.get(&m) {
                if t.operators.len() == 1 {
                    return Ok(whole.clone());
                }
                return Err(self.error(
                    b,
                    Some(&m),
                    "tf::module-reference",
                    format!("module \"{m}\" has no instances (its count or for_each is empty), so module.{m} has no outputs to read"),
                    "read it only when the module has instances, or give the module a single instance",
                ));
            }
            let Some(outputs) = scope.calls.get(&m) else {
                return Err(self.undeclared_module(b, &m));
            };
            let first = usize::from(
                scope.single_calls.contains(&m)
                    && matches!(t.operators.get(1), Some(TraversalOperator::Index(Expression::Number(n))) if n.as_f64() == Some(0.0)),
            );
            let attr = |i: usize| match t.operators.get(i + first) {
                Some(TraversalOperator::GetAttr(a)) => Some(a.to_string()),
                _ => None,
            };
            let Some(o) = attr(1) else {
                return Err(self.error(
                    b,
                    Some(&m),
                    "tf::module-reference",
                    format!("module.{m} is read as a whole object"),
                    "read one output at a time (`module.name.output`)",
                ));
            };
            let Some(local_name) = outputs.get(&o) else {
                return Err(self.error(
                    b,
                    Some(&o),
                    "tf::module-reference",
                    format!("module \"{m}\" has no output \"{o}\""),
                    "Terraform reads only the outputs a module declares",
                ));
            };
            return local(local_name, &t.operators[2 + first..]);
        }
        if scope.root {
            return Ok(Expression::Traversal(Box::new(t)));
        }
        let missing = |this: &Self, what: String| {
            Err(this.error(
                b,
                None,
                "tf::module-reference",
                format!("{what} is not declared in module {}", scope.folder),
                "Terraform reads only what the module itself declares",
            ))
        };
        match root.as_str() {
            "var" | "local" => {
                let Some(name) = attr(0) else {
                    return Ok(Expression::Traversal(Box::new(t)));
                };
                let names = if root == "var" { &scope.vars } else { &scope.locals };
                match names.get(&name) {
                    Some(n) => local(n, &t.operators[1..]),
                    None => missing(self, format!("{root}.{name}")),
                }
            }
            "data" => {
                let (Some(ty), Some(n)) = (attr(0), attr(1)) else {
                    return Ok(Expression::Traversal(Box::new(t)));
                };
                match scope.data.get(&(ty.clone(), n.clone())) {
                    Some(new) => {
                        t.operators[1] = TraversalOperator::GetAttr(hcl::Identifier::unchecked(new));
                        Ok(Expression::Traversal(Box::new(t)))
                    }
                    None => missing(self, format!("data.{ty}.{n}")),
                }
            }
            "path" => match attr(0).as_deref() {
                Some("module") if t.operators.len() == 1 => Ok(Expression::String(scope.folder.clone())),
                Some("root") if t.operators.len() == 1 => Ok(Expression::String(".".into())),
                _ => Ok(Expression::Traversal(Box::new(t))),
            },
            ty => {
                if let Some(n) = attr(0)
                    && let Some(new) = scope.resources.get(&(ty.to_string(), n))
                {
                    t.operators[0] = TraversalOperator::GetAttr(hcl::Identifier::unchecked(new));
                }
                Ok(Expression::Traversal(Box::new(t)))
            }
        }
    }

    /// A string template with its interpolations rewritten; one that became all literal text
    /// (`"${path.module}/x"`) is a plain string.
    fn rewrite_template(&mut self, scope: &Scope, t: &TemplateExpr, b: &Block) -> Result<Expression, LoadError> {
        let raw = match t {
            TemplateExpr::QuotedString(s) => s.as_str(),
            TemplateExpr::Heredoc(h) => h.template.as_str(),
        };
        let Ok(template) = raw.parse::<hcl::Template>() else {
            return Ok(Expression::TemplateExpr(Box::new(t.clone())));
        };
        let rewritten = self.rewrite_elements(scope, &template, b)?;
        if rewritten == template {
            return Ok(Expression::TemplateExpr(Box::new(t.clone())));
        }
        if let TemplateExpr::QuotedString(_) = t
            && rewritten.elements().iter().all(|e| matches!(e, Element::Literal(_)))
        {
            let text: String = rewritten
                .elements()
                .iter()
                .map(|e| match e {
                    Element::Literal(s) => s.as_str(),
                    _ => "",
                })
                .collect();
            return Ok(Expression::String(text));
        }
        let text = rewritten.to_string();
        Ok(Expression::TemplateExpr(Box::new(match t {
            TemplateExpr::QuotedString(_) => TemplateExpr::QuotedString(text),
            TemplateExpr::Heredoc(h) => {
                let mut h = h.clone();
                h.template = text;
                TemplateExpr::Heredoc(h)
            }
        })))
    }

    fn rewrite_elements(&mut self, scope: &Scope, t: &hcl::Template, b: &Block) -> Result<hcl::Template, LoadError> {
        let mut out: Vec<Element> = Vec::new();
        for el in t.elements() {
            let new = match el {
                Element::Literal(s) => Element::Literal(s.clone()),
                Element::Interpolation(i) => match self.rewrite(scope, &i.expr, b)? {
                    // Literal text now (`path.module`): part of the text around it.
                    Expression::String(s) if i.strip == hcl::template::Strip::None => Element::Literal(s),
                    e => {
                        let mut i = i.clone();
                        i.expr = e;
                        Element::Interpolation(i)
                    }
                },
                Element::Directive(d) => {
                    let mut d = d.clone();
                    match d.as_mut() {
                        Directive::If(d) => {
                            d.cond_expr = self.rewrite(scope, &d.cond_expr, b)?;
                            d.true_template = self.rewrite_elements(scope, &d.true_template, b)?;
                            if let Some(f) = &d.false_template {
                                d.false_template = Some(self.rewrite_elements(scope, f, b)?);
                            }
                        }
                        Directive::For(d) => {
                            d.collection_expr = self.rewrite(scope, &d.collection_expr, b)?;
                            d.template = self.rewrite_elements(scope, &d.template, b)?;
                        }
                    }
                    Element::Directive(d)
                }
            };
            match (out.last_mut(), new) {
                (Some(Element::Literal(prev)), Element::Literal(s)) => prev.push_str(&s),
                (_, new) => out.push(new),
            }
        }
        Ok(out.into_iter().collect())
    }
}

impl Extras {
    fn provider(&self, key: &str) -> Option<Expression> {
        self.providers.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
}

impl Instance {
    /// Every resource this instance and the modules it calls declare, renamed.
    fn members(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .scope
            .resources
            .iter()
            .map(|((t, _), n)| (t.clone(), n.clone()))
            .collect();
        out.sort();
        for (_, child) in &self.children {
            out.extend(child.members());
        }
        out
    }
}
