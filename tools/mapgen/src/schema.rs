//! The two schemas as the generator and the schema check test see them: CloudFormation resource
//! types from cfn-lint (JSON Schema with `$ref`s into `definitions`) and Terraform resources from
//! `terraform providers schema -json` (attributes with cty types, nested block types).

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every CloudFormation resource type cfn-lint knows in us-east-1.
pub struct CfnSchemas {
    pub cfn_lint_version: String,
    pub types: BTreeMap<String, CfnType>,
}

pub struct CfnType {
    pub name: String,
    schema: Value,
    /// The `Fn::GetAtt` names cfn-lint accepts (dotted for nested ones, e.g. `Endpoint.Address`).
    pub getatts: Vec<String>,
}

/// What a CloudFormation schema node holds, after `$ref`s are followed.
#[derive(Debug, Clone, Copy)]
pub enum CfnKind<'a> {
    String,
    Integer,
    Number,
    Boolean,
    /// An object with declared properties.
    Object(&'a Map<String, Value>),
    /// A list; the item node (unresolved).
    Array(&'a Value),
    /// An object whose keys are free (`patternProperties`): a map.
    Map,
    /// Free-form JSON: an object without declared properties, or "object or string"
    /// (policy documents).
    Json,
    /// Anything else (`oneOf` alternatives without a type, ...): no shape is claimed.
    Unknown,
}

impl CfnKind<'_> {
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            CfnKind::String | CfnKind::Integer | CfnKind::Number | CfnKind::Boolean
        )
    }
}

impl CfnSchemas {
    /// Reads the dump written by `cfn_schemas.py`.
    pub fn from_dump(text: &str) -> Result<CfnSchemas, String> {
        let mut root: Value = serde_json::from_str(text).map_err(|e| format!("cfn-lint schema dump: {e}"))?;
        let version = root["cfn_lint"].as_str().unwrap_or("?").to_string();
        let Some(Value::Object(types)) = root.get_mut("types").map(Value::take) else {
            return Err("cfn-lint schema dump has no `types`".into());
        };
        let types = types
            .into_iter()
            .map(|(name, mut entry)| {
                let getatts = entry["getatts"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
                    .unwrap_or_default();
                let schema = entry["schema"].take();
                (name.clone(), CfnType { name, schema, getatts })
            })
            .collect();
        Ok(CfnSchemas {
            cfn_lint_version: version,
            types,
        })
    }

    /// Dumps cfn-lint's schemas with python3 into `cache` (once) and reads them. Err says why
    /// they are not available (no python3, no cfn-lint).
    pub fn load_cached(cache: &Path) -> Result<CfnSchemas, String> {
        if !cache.is_file() {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("cfn_schemas.py");
            if let Some(dir) = cache.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let partial = cache.with_extension("partial");
            let out = Command::new("python3")
                .arg(&script)
                .arg(&partial)
                .output()
                .map_err(|e| format!("python3: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "python3 with cfn-lint: {}",
                    String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("failed")
                ));
            }
            std::fs::rename(&partial, cache).map_err(|e| format!("{}: {e}", cache.display()))?;
        }
        let text = std::fs::read_to_string(cache).map_err(|e| format!("{}: {e}", cache.display()))?;
        CfnSchemas::from_dump(&text)
    }

    pub fn get(&self, name: &str) -> Option<&CfnType> {
        self.types.get(name)
    }
}

impl CfnType {
    /// Follows `$ref`s (JSON pointers into this schema) to the node they name.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return node;
            };
            match self.schema.pointer(reference.trim_start_matches('#')) {
                Some(target) => node = target,
                None => return &Value::Null,
            }
        }
        node
    }

    pub fn kind<'a>(&'a self, node: &'a Value) -> CfnKind<'a> {
        let node = self.resolve(node);
        let types: Vec<&str> = match node.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if let Some(Value::Object(props)) = node.get("properties")
            && (types.is_empty() || types == ["object"])
        {
            return CfnKind::Object(props);
        }
        if types == ["array"] || (types.is_empty() && node.get("items").is_some()) {
            return CfnKind::Array(node.get("items").unwrap_or(&Value::Null));
        }
        if types.contains(&"object") {
            if types.len() == 1 && node.get("patternProperties").is_some() {
                return CfnKind::Map;
            }
            return CfnKind::Json;
        }
        match types.as_slice() {
            ["string"] => CfnKind::String,
            ["integer"] => CfnKind::Integer,
            ["number"] => CfnKind::Number,
            ["boolean"] => CfnKind::Boolean,
            // e.g. ["string", "integer"]: CloudFormation accepts either as text.
            ts if !ts.is_empty() && !ts.contains(&"array") => CfnKind::String,
            _ => CfnKind::Unknown,
        }
    }

    /// The whole schema, for the keywords readers other than the generator need (cfn-lint's
    /// `requiredXor`, `dependentExcluded`, ...).
    pub fn root(&self) -> &Value {
        &self.schema
    }

    /// The top-level properties.
    pub fn properties(&self) -> &Map<String, Value> {
        self.schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY_MAP)
    }

    /// The properties of an object node, or of the items of a list of objects.
    pub fn nested_properties<'a>(&'a self, node: &'a Value) -> Option<&'a Map<String, Value>> {
        match self.kind(node) {
            CfnKind::Object(props) => Some(props),
            CfnKind::Array(items) => match self.kind(items) {
                CfnKind::Object(props) => Some(props),
                _ => None,
            },
            _ => None,
        }
    }

    fn property_names(&self, key: &str) -> Vec<String> {
        self.schema
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|p| p.trim_start_matches("/properties/").replace('/', "."))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Top-level required properties.
    pub fn required(&self) -> Vec<String> {
        self.schema
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
            .unwrap_or_default()
    }

    /// The properties that identify a resource (what `Ref` returns when there is one).
    pub fn primary_identifier(&self) -> Vec<String> {
        self.property_names("primaryIdentifier")
    }

    pub fn read_only(&self) -> Vec<String> {
        self.property_names("readOnlyProperties")
    }

    /// The top-level properties CloudFormation stores lower-cased: its `propertyTransform`
    /// says exactly `$lowercase(Name)` (e.g. an RDS instance's `DBInstanceIdentifier`).
    pub fn lower_cased(&self) -> Vec<String> {
        let Some(Value::Object(transforms)) = self.schema.get("propertyTransform") else {
            return Vec::new();
        };
        transforms
            .iter()
            .filter_map(|(pointer, transform)| {
                let name = pointer.strip_prefix("/properties/")?;
                // Exactly `$lowercase(Name)`: `$lowercase(Name) $OR Name` may keep the case.
                (!name.contains('/') && transform.as_str()? == format!("$lowercase({name})")).then(|| name.to_string())
            })
            .collect()
    }

    /// The schema node of a dotted attribute (`Endpoint.Address`).
    pub fn attribute_node(&self, dotted: &str) -> Option<&Value> {
        let mut props = self.properties();
        let mut node = None;
        for part in dotted.split('.') {
            let n = props.get(part)?;
            node = Some(n);
            props = match self.kind(n) {
                CfnKind::Object(p) => p,
                _ => &*EMPTY_MAP,
            };
        }
        node
    }
}

static EMPTY_MAP: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// The hashicorp/aws provider's resources.
pub struct TfSchema {
    pub provider: String,
    pub resources: BTreeMap<String, TfBlock>,
}

#[derive(Debug, Clone, Default)]
pub struct TfBlock {
    pub attributes: BTreeMap<String, TfAttribute>,
    pub blocks: BTreeMap<String, TfBlockType>,
}

#[derive(Debug, Clone)]
pub struct TfAttribute {
    pub ty: TfType,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
}

impl TfAttribute {
    /// Written in configuration (not computed-only).
    pub fn settable(&self) -> bool {
        self.required || self.optional
    }
}

#[derive(Debug, Clone)]
pub struct TfBlockType {
    /// `single`, `list`, `set`, `map` or `group`.
    pub nesting: String,
    pub block: TfBlock,
    pub min_items: u64,
    /// 0 when unlimited.
    pub max_items: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TfType {
    String,
    Number,
    Bool,
    List(Box<TfType>),
    Set(Box<TfType>),
    Map(Box<TfType>),
    /// An object with its attribute types (empty for nested-type attributes and tuples).
    Object(BTreeMap<String, TfType>),
    Dynamic,
}

impl TfType {
    fn parse(v: &Value) -> TfType {
        match v {
            Value::String(s) => match s.as_str() {
                "string" => TfType::String,
                "number" => TfType::Number,
                "bool" => TfType::Bool,
                _ => TfType::Dynamic,
            },
            Value::Array(parts) => {
                let inner = || Box::new(parts.get(1).map(TfType::parse).unwrap_or(TfType::Dynamic));
                match parts.first().and_then(Value::as_str) {
                    Some("list") => TfType::List(inner()),
                    Some("set") => TfType::Set(inner()),
                    Some("map") => TfType::Map(inner()),
                    Some("object") => TfType::Object(
                        parts
                            .get(1)
                            .and_then(Value::as_object)
                            .map(|fields| fields.iter().map(|(k, v)| (k.clone(), TfType::parse(v))).collect())
                            .unwrap_or_default(),
                    ),
                    Some("tuple") => TfType::Object(BTreeMap::new()),
                    _ => TfType::Dynamic,
                }
            }
            _ => TfType::Dynamic,
        }
    }

    pub fn is_primitive(&self) -> bool {
        matches!(self, TfType::String | TfType::Number | TfType::Bool)
    }

    /// A list or set (of anything).
    pub fn is_collection(&self) -> bool {
        matches!(self, TfType::List(_) | TfType::Set(_))
    }

    /// The fields of a list or set of objects: the provider's "attributes as blocks" (e.g. a
    /// security group's `ingress`), which configuration may write as nested blocks.
    pub fn block_fields(&self) -> Option<&BTreeMap<String, TfType>> {
        match self {
            TfType::List(t) | TfType::Set(t) => match t.as_ref() {
                TfType::Object(fields) if !fields.is_empty() => Some(fields),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn element(&self) -> Option<&TfType> {
        match self {
            TfType::List(t) | TfType::Set(t) | TfType::Map(t) => Some(t),
            _ => None,
        }
    }
}

impl TfBlock {
    fn parse(v: &Value) -> TfBlock {
        let mut block = TfBlock::default();
        if let Some(attrs) = v.get("attributes").and_then(Value::as_object) {
            for (name, a) in attrs {
                let flag = |k: &str| a.get(k).and_then(Value::as_bool).unwrap_or(false);
                // Attributes with a nested type (plugin framework) are written as values, not blocks.
                let ty = match a.get("nested_type") {
                    Some(n) => match n.get("nesting_mode").and_then(Value::as_str) {
                        Some("list") => TfType::List(Box::new(TfType::Object(BTreeMap::new()))),
                        Some("set") => TfType::Set(Box::new(TfType::Object(BTreeMap::new()))),
                        Some("map") => TfType::Map(Box::new(TfType::Object(BTreeMap::new()))),
                        _ => TfType::Object(BTreeMap::new()),
                    },
                    None => a.get("type").map(TfType::parse).unwrap_or(TfType::Dynamic),
                };
                block.attributes.insert(
                    name.clone(),
                    TfAttribute {
                        ty,
                        required: flag("required"),
                        optional: flag("optional"),
                        computed: flag("computed"),
                    },
                );
            }
        }
        if let Some(types) = v.get("block_types").and_then(Value::as_object) {
            for (name, b) in types {
                let num = |k: &str| b.get(k).and_then(Value::as_u64).unwrap_or(0);
                block.blocks.insert(
                    name.clone(),
                    TfBlockType {
                        nesting: b["nesting_mode"].as_str().unwrap_or("list").to_string(),
                        block: TfBlock::parse(&b["block"]),
                        min_items: num("min_items"),
                        max_items: num("max_items"),
                    },
                );
            }
        }
        block
    }
}

impl TfSchema {
    /// Reads `terraform providers schema -json` output (the hashicorp/aws provider in it).
    pub fn from_json(text: &str) -> Result<TfSchema, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| format!("provider schema: {e}"))?;
        let (provider, schema) = root["provider_schemas"]
            .as_object()
            .and_then(|p| p.iter().find(|(name, _)| name.ends_with("hashicorp/aws")))
            .ok_or("the provider schema has no hashicorp/aws provider")?;
        let resources = schema["resource_schemas"]
            .as_object()
            .ok_or("the provider schema has no resource_schemas")?
            .iter()
            .map(|(name, r)| (name.clone(), TfBlock::parse(&r["block"])))
            .collect();
        Ok(TfSchema {
            provider: provider.clone(),
            resources,
        })
    }

    /// Dumps the provider schema with terraform and the offline mirror into `cache` (once) and
    /// reads it. Err says why it is not available.
    pub fn load_cached(cache: &Path, mirror: &Path) -> Result<TfSchema, String> {
        if !cache.is_file() {
            let json = dump_provider_schema(cache.with_extension("ws"), mirror)?;
            std::fs::write(cache, json).map_err(|e| format!("{}: {e}", cache.display()))?;
        }
        let text = std::fs::read_to_string(cache).map_err(|e| format!("{}: {e}", cache.display()))?;
        TfSchema::from_json(&text)
    }
}

/// `terraform init` against the mirror in `workspace`, then `terraform providers schema -json`.
fn dump_provider_schema(workspace: PathBuf, mirror: &Path) -> Result<String, String> {
    if !mirror.is_dir() {
        return Err(format!("no provider mirror at {}", mirror.display()));
    }
    std::fs::create_dir_all(&workspace).map_err(|e| format!("{}: {e}", workspace.display()))?;
    let rc = workspace.join("terraformrc");
    std::fs::write(
        &rc,
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/*/*\"]\n  }}\n}}\ndisable_checkpoint = true\n",
            mirror.display()
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        workspace.join("main.tf"),
        "terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\n",
    )
    .map_err(|e| e.to_string())?;
    let terraform = |args: &[&str]| {
        Command::new("terraform")
            .args(args)
            .current_dir(&workspace)
            .env("TF_CLI_CONFIG_FILE", &rc)
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .map_err(|e| format!("terraform: {e}"))
    };
    let init = terraform(&["init", "-backend=false", "-input=false", "-no-color"])?;
    if !init.status.success() {
        return Err(format!("terraform init: {}", String::from_utf8_lossy(&init.stderr)));
    }
    let schema = terraform(&["providers", "schema", "-json"])?;
    if !schema.status.success() {
        return Err(format!(
            "terraform providers schema: {}",
            String::from_utf8_lossy(&schema.stderr)
        ));
    }
    String::from_utf8(schema.stdout).map_err(|e| e.to_string())
}
