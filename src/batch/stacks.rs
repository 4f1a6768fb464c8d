//! Cross-stack awareness: `Fn::ImportValue` names matched to the `Export` names of other
//! templates in the batch, and a migration order that puts exporters before importers.
//!
//! Names are often computed (`!Sub "${AWS::StackName}-VpcId"`, `!Sub "${NetworkStack}-VpcId"`),
//! so each becomes a glob pattern: literal text stays, a parameter with a literal default
//! becomes its default, anything only known at deploy time (the stack name) becomes `*`.
//! An import and an export match when some name fits both patterns.

use crate::model::{Expr, ExprKind, Pseudo, RefTarget, SubPart, Template};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A name pattern: literal text with `*` standing for text known only at deploy time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NamePattern(Vec<Piece>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Piece {
    Char(char),
    Any,
}

impl NamePattern {
    fn push_literal(&mut self, s: &str) {
        self.0.extend(s.chars().map(Piece::Char));
    }

    fn push_any(&mut self) {
        if self.0.last() != Some(&Piece::Any) {
            self.0.push(Piece::Any);
        }
    }

    /// A pattern with no literal text at all would match every name: it says nothing.
    pub fn is_informative(&self) -> bool {
        self.0.iter().any(|p| matches!(p, Piece::Char(_)))
    }

    fn is_literal(&self) -> bool {
        self.0.iter().all(|p| matches!(p, Piece::Char(_)))
    }

    /// Whether an import with this name may be the export `other`. When one side is fully known,
    /// the other must fit it as a glob; when both have unknown parts, they must be written the
    /// same way (`${AWS::StackName}-VpcId` and `${NetworkStack}-VpcId`): two unknowns would
    /// otherwise match almost anything (`LambdaARN-*` and `*-AppBuild`).
    pub fn may_name(&self, other: &NamePattern) -> bool {
        match (self.is_literal(), other.is_literal()) {
            (true, _) => other.fits(&self.0),
            (false, true) => self.fits(&other.0),
            (false, false) => self == other,
        }
    }

    /// Whether the literal `name` fits this glob (greedy, backtracking to the last `*`).
    fn fits(&self, name: &[Piece]) -> bool {
        let glob = &self.0;
        let (mut g, mut n) = (0, 0);
        let mut last_star: Option<(usize, usize)> = None;
        while n < name.len() {
            match glob.get(g) {
                Some(Piece::Any) => {
                    last_star = Some((g, n));
                    g += 1;
                }
                Some(c) if *c == name[n] => {
                    g += 1;
                    n += 1;
                }
                _ => match last_star {
                    Some((star, matched)) => {
                        last_star = Some((star, matched + 1));
                        g = star + 1;
                        n = matched + 1;
                    }
                    None => return false,
                },
            }
        }
        glob[g..].iter().all(|p| *p == Piece::Any)
    }
}

impl std::fmt::Display for NamePattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.0 {
            match p {
                Piece::Char(c) => write!(f, "{c}")?,
                Piece::Any => write!(f, "*")?,
            }
        }
        Ok(())
    }
}

/// The exports and imports of one template.
#[derive(Debug, Default, Clone)]
pub struct StackInterface {
    pub exports: Vec<NamePattern>,
    pub imports: Vec<NamePattern>,
}

pub fn interface(template: &Template) -> StackInterface {
    let mut out = StackInterface::default();
    for o in template.outputs.values() {
        if let Some(name) = &o.export_name {
            out.exports.push(pattern(template, name));
        }
    }
    let mut collect = |e: &Expr| {
        e.walk(&mut |x| {
            if let ExprKind::ImportValue(name) = &x.kind {
                out.imports.push(pattern(template, name));
            }
        })
    };
    for r in template.resources.values() {
        r.properties.iter().for_each(|p| collect(&p.value));
    }
    template.outputs.values().for_each(|o| collect(&o.value));
    template.conditions.values().for_each(|c| collect(&c.expr));
    out.imports.sort();
    out.imports.dedup();
    out
}

fn pattern(template: &Template, e: &Expr) -> NamePattern {
    let mut p = NamePattern(Vec::new());
    append(template, e, &mut p);
    p
}

fn append(template: &Template, e: &Expr, out: &mut NamePattern) {
    match &e.kind {
        ExprKind::String(s) | ExprKind::Number(s) => out.push_literal(s),
        ExprKind::Ref(target) => append_ref(template, target, out),
        ExprKind::Sub { parts, vars } => {
            for part in parts {
                match part {
                    SubPart::Literal(s) => out.push_literal(s),
                    SubPart::Ref(target) => append_ref(template, target, out),
                    SubPart::Var(name) => match vars.iter().find(|(n, _)| n == name) {
                        Some((_, value)) => append(template, value, out),
                        None => out.push_any(),
                    },
                    SubPart::GetAtt(..) => out.push_any(),
                }
            }
        }
        ExprKind::Join { delimiter, items } => match &items.kind {
            ExprKind::List(list) => {
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        out.push_literal(delimiter);
                    }
                    append(template, item, out);
                }
            }
            _ => out.push_any(),
        },
        _ => out.push_any(),
    }
}

fn append_ref(template: &Template, target: &RefTarget, out: &mut NamePattern) {
    match target {
        RefTarget::Parameter(name) => match template.parameters.get(name).and_then(|p| p.default.as_ref()) {
            Some(default) if default.as_literal_str().is_some_and(|s| !s.is_empty()) => {
                out.push_literal(default.as_literal_str().unwrap_or_default())
            }
            _ => out.push_any(),
        },
        RefTarget::Pseudo(Pseudo::NoValue) => {}
        RefTarget::Pseudo(_) | RefTarget::Resource(_) => out.push_any(),
    }
}

/// One import of one template and the templates whose exports may provide it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportLink {
    pub template: String,
    pub import: String,
    /// `(template, export pattern)`; more than one means the match is ambiguous.
    pub providers: Vec<(String, String)>,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct CrossStack {
    pub links: Vec<ImportLink>,
    /// Importer -> the templates it depends on.
    pub depends_on: BTreeMap<String, BTreeSet<String>>,
    /// All templates, every exporter before its importers (then by name).
    pub migration_order: Vec<String>,
    /// Templates left in a dependency cycle (placed last, in name order).
    pub cycle: Vec<String>,
}

/// Matches imports to exports across `stacks` (template name -> interface).
pub fn analyse(stacks: &BTreeMap<String, StackInterface>) -> CrossStack {
    let mut result = CrossStack::default();
    // Exports indexed by pattern: most imports are found by an exact lookup, only the globs
    // (one side fully known, the other with `*`) are scanned.
    let mut exports: HashMap<&NamePattern, Vec<&String>> = HashMap::new();
    for (exporter, iface) in stacks {
        for export in iface.exports.iter().filter(|e| e.is_informative()) {
            exports.entry(export).or_default().push(exporter);
        }
    }
    let literal_exports: Vec<(&NamePattern, &Vec<&String>)> = exports
        .iter()
        .filter(|(e, _)| e.is_literal())
        .map(|(e, t)| (*e, t))
        .collect();
    let glob_exports: Vec<(&NamePattern, &Vec<&String>)> = exports
        .iter()
        .filter(|(e, _)| !e.is_literal())
        .map(|(e, t)| (*e, t))
        .collect();
    for (importer, iface) in stacks {
        for import in &iface.imports {
            let mut providers = Vec::new();
            if import.is_informative() {
                let candidates: Vec<(&NamePattern, &Vec<&String>)> = if import.is_literal() {
                    let exact = exports.get_key_value(import).map(|(e, t)| (*e, t));
                    exact
                        .into_iter()
                        .chain(glob_exports.iter().copied().filter(|(e, _)| import.may_name(e)))
                        .collect()
                } else {
                    let same = exports.get_key_value(import).map(|(e, t)| (*e, t));
                    same.into_iter()
                        .chain(literal_exports.iter().copied().filter(|(e, _)| import.may_name(e)))
                        .collect()
                };
                for (export, exporters) in candidates {
                    for exporter in exporters.iter().filter(|t| **t != importer) {
                        providers.push(((*exporter).clone(), export.to_string()));
                    }
                }
                providers.sort();
                providers.dedup();
            }
            for (exporter, _) in &providers {
                result
                    .depends_on
                    .entry(importer.clone())
                    .or_default()
                    .insert(exporter.clone());
            }
            result.links.push(ImportLink {
                template: importer.clone(),
                import: import.to_string(),
                providers,
            });
        }
    }
    let (order, cycle) = topological_order(stacks.keys().cloned().collect(), &result.depends_on);
    result.migration_order = order;
    result.cycle = cycle;
    result
}

/// Kahn's algorithm, smallest name first among the ready ones, so the order is stable.
fn topological_order(
    names: Vec<String>,
    depends_on: &BTreeMap<String, BTreeSet<String>>,
) -> (Vec<String>, Vec<String>) {
    let mut waiting: BTreeMap<String, BTreeSet<String>> = names
        .iter()
        .map(|n| (n.clone(), depends_on.get(n).cloned().unwrap_or_default()))
        .collect();
    let mut order = Vec::new();
    loop {
        let ready: Vec<String> = waiting
            .iter()
            .filter(|(_, deps)| deps.is_empty())
            .map(|(n, _)| n.clone())
            .collect();
        let Some(next) = ready.into_iter().next() else {
            break;
        };
        waiting.remove(&next);
        for deps in waiting.values_mut() {
            deps.remove(&next);
        }
        order.push(next);
    }
    let cycle: Vec<String> = waiting.into_keys().collect();
    order.extend(cycle.iter().cloned());
    (order, cycle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::parse::{Limits, parse_template_text};
    use crate::source::SourceFile;

    fn iface(text: &str) -> StackInterface {
        let file = SourceFile::new("t.yaml", text.to_string());
        let root = parse_template_text(&file, Limits::default()).unwrap();
        let mut diags = Diagnostics::default();
        let t = crate::model::build_template(&root, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        interface(&t)
    }

    const NETWORK: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\nOutputs:\n  VpcId:\n    Value: !Ref Vpc\n    Export:\n      Name: !Sub '${AWS::StackName}-VpcId'\n";
    const APP: &str = "Parameters:\n  NetworkStack:\n    Type: String\n    Default: network\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: !ImportValue\n        Fn::Sub: '${NetworkStack}-VpcId'\n";
    const OTHER: &str = "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: !ImportValue shared-SubnetId\n";

    #[test]
    fn patterns_keep_literals_and_defaults() {
        assert_eq!(iface(NETWORK).exports[0].to_string(), "*-VpcId");
        assert_eq!(iface(APP).imports[0].to_string(), "network-VpcId");
    }

    #[test]
    fn importers_come_after_exporters() {
        let stacks: BTreeMap<String, StackInterface> = [
            ("a-app.yaml".to_string(), iface(APP)),
            ("b-other.yaml".to_string(), iface(OTHER)),
            ("z-network.yaml".to_string(), iface(NETWORK)),
        ]
        .into();
        let x = analyse(&stacks);
        assert_eq!(x.migration_order, ["b-other.yaml", "z-network.yaml", "a-app.yaml"]);
        assert_eq!(
            x.depends_on["a-app.yaml"].iter().collect::<Vec<_>>(),
            ["z-network.yaml"]
        );
        let unresolved = x.links.iter().find(|l| l.template == "b-other.yaml").unwrap();
        assert!(unresolved.providers.is_empty());
        assert!(x.cycle.is_empty());
    }

    #[test]
    fn imports_match_exports_by_glob_or_by_spelling() {
        let p = |s: &str| {
            let mut n = NamePattern(Vec::new());
            for (i, part) in s.split('*').enumerate() {
                if i > 0 {
                    n.push_any();
                }
                n.push_literal(part);
            }
            n
        };
        assert!(p("*-VpcId").fits(&p("net-VpcId").0));
        assert!(p("a*b*c").fits(&p("aXbYbc").0));
        assert!(!p("*-VpcId").fits(&p("net-SubnetId").0));
        assert!(!p("a:b").fits(&p("a:c").0));
        assert!(p("*").fits(&p("").0));
        assert!(p("net-VpcId").may_name(&p("*-VpcId")));
        assert!(p("*-VpcId").may_name(&p("net-VpcId")));
        assert!(p("*-VpcId").may_name(&p("*-VpcId")));
        assert!(!p("*-AppBuild").may_name(&p("LambdaARN-*")));
        assert!(!p("*-CodeCommitName").may_name(&p("*Name")));
    }
}
