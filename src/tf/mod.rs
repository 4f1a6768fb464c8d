//! The Terraform side of the model: blocks, attributes (hcl-rs expressions) and the
//! `# cfn2tf:` comments that mark what was not translated. Produced by `convert`, printed by
//! `emit`; the reverse direction reads HCL into the same types.

mod load;
mod modules;

pub use hcl::Expression;
use hcl::expr::{FuncCall, Traversal, TraversalOperator, Variable};
pub use load::{load_path, load_text};

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub ident: String,
    pub labels: Vec<String>,
    pub body: Vec<BodyItem>,
    /// Comment lines written just above the block.
    pub comments: Vec<String>,
    /// Where the block came from (the CloudFormation resource, or the .tf file it was read from).
    pub origin: Option<Origin>,
}

/// A source location, for messages that point at either side of a conversion or a diff.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyItem {
    Attribute(String, Expression),
    Block(Block),
    /// A `# ...` line inside the body.
    Comment(String),
}

impl Block {
    pub fn new(ident: &str, labels: &[&str]) -> Block {
        Block {
            ident: ident.to_string(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            body: Vec::new(),
            comments: Vec::new(),
            origin: None,
        }
    }

    /// A top-level item made of its comments only (an ident of "" prints no block).
    pub fn comment_only() -> Block {
        Block::new("", &[])
    }

    pub fn attr(&mut self, name: &str, value: Expression) {
        self.body.push(BodyItem::Attribute(name.to_string(), value));
    }

    pub fn comment(&mut self, text: impl Into<String>) {
        self.body.push(BodyItem::Comment(text.into()));
    }

    pub fn attribute(&self, name: &str) -> Option<&Expression> {
        self.body.iter().find_map(|i| match i {
            BodyItem::Attribute(n, e) if n == name => Some(e),
            _ => None,
        })
    }

    pub fn has_attribute(&self, name: &str) -> bool {
        self.attribute(name).is_some()
    }

    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> {
        self.body.iter().filter_map(move |i| match i {
            BodyItem::Block(b) if b.ident == ident => Some(b),
            _ => None,
        })
    }
}

/// Terraform's endpoint association resources and the `aws_vpc_endpoint` argument each one
/// stands for (one fact, used by the reverse direction and the diff).
pub const ENDPOINT_ASSOCIATIONS: &[(&str, &str, &str)] = &[
    (
        "aws_vpc_endpoint_route_table_association",
        "route_table_id",
        "route_table_ids",
    ),
    ("aws_vpc_endpoint_subnet_association", "subnet_id", "subnet_ids"),
    (
        "aws_vpc_endpoint_security_group_association",
        "security_group_id",
        "security_group_ids",
    ),
];

/// Deprecated arguments provider 5.x still accepts, as (resource type, argument, value, the
/// argument and value that say it now): an EIP's `vpc = true` is `domain = "vpc"`.
const DEPRECATED_ARGUMENTS: &[(&str, &str, bool, &str, &str)] = &[("aws_eip", "vpc", true, "domain", "vpc")];

/// Nested blocks the provider also takes in attribute syntax (`route = [{ ... }]`, its
/// "attributes as blocks" mode), where every field must be given and `""`, `null` or `[]` stand
/// for unset.
const ATTRIBUTES_AS_BLOCKS: &[(&str, &str)] = &[
    ("aws_route_table", "route"),
    ("aws_default_route_table", "route"),
    ("aws_security_group", "ingress"),
    ("aws_security_group", "egress"),
    ("aws_default_security_group", "ingress"),
    ("aws_default_security_group", "egress"),
    ("aws_network_acl", "ingress"),
    ("aws_network_acl", "egress"),
    ("aws_default_network_acl", "ingress"),
    ("aws_default_network_acl", "egress"),
];

/// A resource block in the spelling the provider documents now (the reverse direction and the
/// diff read hand-written Terraform through it): deprecated arguments replaced (`vpc = false`
/// is the provider's default and goes), and nested blocks given in attribute syntax written as
/// blocks without their placeholder fields. An empty list (`route = []`: none) stays.
pub fn current_spelling(block: &mut Block) {
    let (Some(ty), "resource") = (block.labels.first().cloned(), block.ident.as_str()) else {
        return;
    };
    let mut body = Vec::with_capacity(block.body.len());
    for item in std::mem::take(&mut block.body) {
        match item {
            BodyItem::Attribute(name, Expression::Array(items))
                if !items.is_empty()
                    && items.iter().all(|i| matches!(i, Expression::Object(_)))
                    && ATTRIBUTES_AS_BLOCKS.contains(&(ty.as_str(), name.as_str())) =>
            {
                for item in items {
                    let Expression::Object(fields) = item else { continue };
                    let mut nested = Block::new(&name, &[]);
                    nested.origin = block.origin.clone();
                    for (key, value) in fields {
                        let unset = match &value {
                            Expression::Null => true,
                            Expression::String(s) => s.is_empty(),
                            Expression::Array(a) => a.is_empty(),
                            _ => false,
                        };
                        let key = match key {
                            hcl::ObjectKey::Identifier(i) => i.to_string(),
                            hcl::ObjectKey::Expression(Expression::String(s)) => s,
                            _ => continue,
                        };
                        if !unset {
                            nested.attr(&key, value);
                        }
                    }
                    body.push(BodyItem::Block(nested));
                }
            }
            other => body.push(other),
        }
    }
    block.body = body;
    for &(t, old, value, new, new_value) in DEPRECATED_ARGUMENTS {
        if t != ty {
            continue;
        }
        let Some(at) = block
            .body
            .iter()
            .position(|i| matches!(i, BodyItem::Attribute(n, _) if n == old))
        else {
            continue;
        };
        let BodyItem::Attribute(_, Expression::Bool(given)) = &block.body[at] else {
            continue;
        };
        let current = Expression::String(new_value.to_string());
        match (*given == value, block.attribute(new)) {
            (true, None) => block.body[at] = BodyItem::Attribute(new.to_string(), current),
            // Said twice alike, or the provider's default: the current argument is all of it.
            (true, Some(e)) if *e == current => {
                block.body.remove(at);
            }
            (false, _) => {
                block.body.remove(at);
            }
            // Both, and contradicting: left for the provider to refuse.
            (true, Some(_)) => {}
        }
    }
}

/// Which output file a top-level block belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Versions,
    Variables,
    Locals,
    Data,
    Main,
    Outputs,
}

impl FileKind {
    /// The file a top-level block goes in, by its kind.
    pub fn for_block(ident: &str) -> FileKind {
        match ident {
            "terraform" | "provider" => FileKind::Versions,
            "variable" => FileKind::Variables,
            "locals" => FileKind::Locals,
            "data" => FileKind::Data,
            "output" => FileKind::Outputs,
            _ => FileKind::Main,
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Versions => "versions.tf",
            FileKind::Variables => "variables.tf",
            FileKind::Locals => "locals.tf",
            FileKind::Data => "data.tf",
            FileKind::Main => "main.tf",
            FileKind::Outputs => "outputs.tf",
        }
    }
}

/// A whole Terraform configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub blocks: Vec<(FileKind, Block)>,
    /// Binary files the configuration refers to by path, written beside the .tf files
    /// (a Lambda function's zipped inline code): file name -> bytes.
    pub artefacts: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Config {
    pub fn push(&mut self, kind: FileKind, block: Block) {
        self.blocks.push((kind, block));
    }

    pub fn resources(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|(_, b)| b.ident == "resource")
            .map(|(_, b)| b)
    }
}

/// `a.b.c` as a traversal expression.
pub fn traversal(path: &[&str]) -> Expression {
    let (root, rest) = path.split_first().expect("a traversal has a root");
    Expression::Traversal(Box::new(Traversal::new(
        Variable::unchecked(*root),
        rest.iter()
            .map(|p| TraversalOperator::GetAttr(hcl::Identifier::unchecked(*p)))
            .collect::<Vec<_>>(),
    )))
}

/// `expr[index]`.
pub fn index(expr: Expression, index: Expression) -> Expression {
    match expr {
        Expression::Traversal(t) => {
            let mut t = *t;
            t.operators.push(TraversalOperator::Index(index));
            Expression::Traversal(Box::new(t))
        }
        other => Expression::Traversal(Box::new(Traversal::new(
            Expression::Parenthesis(Box::new(other)),
            vec![TraversalOperator::Index(index)],
        ))),
    }
}

/// A type constraint (`string`, `list(number)`) as an expression.
pub fn type_constraint(ty: &str) -> Expression {
    match ty.split_once('(') {
        Some((constructor, inner)) => call(
            constructor,
            vec![type_constraint(inner.strip_suffix(')').unwrap_or(inner))],
        ),
        None => Expression::Variable(Variable::unchecked(ty)),
    }
}

pub fn call(name: &str, args: Vec<Expression>) -> Expression {
    let mut f = FuncCall::new(hcl::Identifier::unchecked(name));
    f.args = args;
    Expression::FuncCall(Box::new(f))
}

/// An object built in linear time: `hcl::Object::insert` compares the new key with every key
/// already there, quadratic for a mapping or a tag list of tens of thousands of entries.
#[derive(Default)]
pub struct ObjectBuilder {
    entries: Vec<(hcl::ObjectKey, Expression)>,
    /// Each key's text -> its entry.
    index: std::collections::HashMap<String, usize>,
}

impl ObjectBuilder {
    /// Adds an entry; a key already there keeps its place and takes the new value, and the
    /// result is false.
    pub fn insert(&mut self, key: hcl::ObjectKey, value: Expression) -> bool {
        let text = match &key {
            hcl::ObjectKey::Identifier(i) => i.to_string(),
            hcl::ObjectKey::Expression(Expression::String(s)) => s.clone(),
            other => crate::emit::inline_text(&Expression::Object(hcl::Object::from([(
                other.clone(),
                Expression::Null,
            )]))),
        };
        match self.index.entry(text) {
            std::collections::hash_map::Entry::Occupied(e) => {
                self.entries[*e.get()].1 = value;
                false
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(self.entries.len());
                self.entries.push((key, value));
                true
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn finish(self) -> hcl::Object<hcl::ObjectKey, Expression> {
        // SAFETY: `insert` keeps one entry per key text, and equal keys have equal text.
        unsafe { hcl::Object::from_vec_unchecked(self.entries) }
    }
}
