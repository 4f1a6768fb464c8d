//! The mapping files' data types. build.rs includes this file too: it reads each `[[resource]]`
//! table of `mappings/` into these types and stores it as JSON, which a run parses several times
//! faster than TOML, into the same types (so the TOML's meaning, order included, is kept).
//! Fields left at their default are not written: a table parses in proportion to what it says.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MappingFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) resource: Vec<ResourceMapping>,
}

/// One CloudFormation type (or one variant of it) and its Terraform resource.
#[derive(Debug, Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ResourceMapping {
    pub cfn: String,
    pub tf: String,
    /// A variant is chosen when this CloudFormation property is set (e.g. a
    /// VPCGatewayAttachment with `InternetGatewayId` vs one with `VpnGatewayId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The Terraform attribute that CloudFormation's `Ref` returns; absent when unknown.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub ref_attribute: Option<String>,
    /// The Terraform attribute the provider's `id` equals, where that is not what `Ref` returns
    /// (an EIP's `id` is its allocation id, an ECS cluster's its ARN). Absent, `id` is the
    /// physical id, which is what `Ref` returns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Fn::GetAtt` attribute -> Terraform attribute, or an HCL expression where the shapes
    /// differ: `{self}` is the resource's address (`[{self}.ipv6_cidr_block]` wraps a string
    /// in a list, `"http://${{self}.endpoint}"` adds a prefix), `{companion:TYPE}` the address of
    /// the companion resource of that type (absent: a located warning, and a reference that
    /// `terraform validate` refuses), `{associated:TYPE}` the list of the resources of that type
    /// made from template resources that `Ref` this one (`[]` when there are none).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub attributes: IndexMap<String, String>,
    /// `Fn::GetAtt` attributes with no Terraform counterpart, and why: a GetAtt of one is a
    /// located warning and a reference that `terraform validate` refuses, never a guess.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub unsupported_attributes: IndexMap<String, String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, PropertySpec>,
    /// Behaviour that data cannot express, implemented in `convert::rules`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Properties with no Terraform counterpart, and why (reported, never silent).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub unsupported: IndexMap<String, String>,
    /// Terraform arguments written with a fixed value, to keep CloudFormation's behaviour
    /// where the provider's default differs.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fixed: IndexMap<String, toml::Value>,
    /// Terraform arguments with which destroying the resource takes a final snapshot, as
    /// `DeletionPolicy: Snapshot` does (written only for that policy).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub snapshot_on_delete: IndexMap<String, toml::Value>,
    /// The `terraform import` id recipe, e.g. `{RouteTableId}_{DestinationCidrBlock}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<String>,
    /// The import id is an attribute CloudFormation does not report: a data source looks the
    /// resource up by the filled `import` recipe, and its `id` is imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_lookup: Option<ImportLookup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The type has no Terraform counterpart and is left out on purpose, for this reason;
    /// `ref` and `attributes` then hold the HCL that references to it become.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<String>,
    /// The argument holding a name that CloudFormation generates when the template gives
    /// none and the provider requires: cfn2tf writes `<stack name>-<logical id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_name: Option<GeneratedName>,
    /// Terraform-only arguments an import cannot read (a Lambda function's `filename`): the
    /// first plan after the import sets them, in the state only; `cfn2tf migrate` predicts it.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub unread: IndexMap<String, Unread>,
    /// Argument -> the sensitive attribute an import reads its deployed value into (an SSM
    /// parameter's `insecure_value` -> `value`): `cfn2tf migrate` writes that one instead, and
    /// references read it through `nonsensitive()`, so the plan after the import is empty.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub import_reads: IndexMap<String, String>,
    /// The file this mapping came from (set by the loader), for messages and tests.
    #[serde(skip)]
    pub file: String,
}

/// `data "DATA" { BY = <import recipe> }`, whose `id` is the import id (an EIP's allocation id,
/// looked up by its public IP).
#[derive(Debug, Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ImportLookup {
    pub data: String,
    pub by: String,
    /// A filled recipe that starts with this is already the import id, and is not looked up (a
    /// security group's physical id is its id in a VPC, its name otherwise; names cannot start
    /// with `sg-`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless_prefix: Option<String>,
}

/// Written as a string or as a table. Deserialized by hand: serde's `untagged` buffers every
/// value and builds an error message for each variant that does not fit, which was most of the
/// cost of reading a mapping.
#[derive(Debug, Serialize, Clone)]
#[serde(untagged)]
pub enum PropertySpec {
    /// Just the Terraform argument name; the value is converted by its own shape.
    Name(String),
    Rule(Box<PropertyRule>),
}

impl<'de> Deserialize<'de> for PropertySpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpecVisitor;
        impl<'de> serde::de::Visitor<'de> for SpecVisitor {
            type Value = PropertySpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a Terraform argument name or a table")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<PropertySpec, E> {
                Ok(PropertySpec::Name(name.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<PropertySpec, M::Error> {
                let rule = PropertyRule::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(PropertySpec::Rule(Box::new(rule)))
            }
        }
        deserializer.deserialize_any(SpecVisitor)
    }
}

#[derive(Debug, Deserialize, Serialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct PropertyRule {
    pub tf: Option<String>,
    #[serde(default, skip_serializing_if = "Shape::is_default")]
    pub shape: Shape,
    /// Nested properties, for `block` and `blocks` shapes.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, PropertySpec>,
    /// Nested properties with no counterpart, and why.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub unsupported: IndexMap<String, String>,
    /// Fixed arguments written into each nested block.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fixed: IndexMap<String, toml::Value>,
    /// Custom conversion in `convert::rules`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Literal values translated on the way (`PublicRead` -> `public-read`); others pass as written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub values: IndexMap<String, String>,
    /// CloudFormation stores the value lower-cased (an RDS instance identifier) and the provider
    /// refuses capitals: a literal is written lower-cased, a computed value through `lower()`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lower_case: bool,
    /// The property becomes a separate Terraform resource (or one per list item) instead of
    /// an argument of the main one: S3 bucket sub-configurations, IAM inline policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Companion>,
    /// Left unset in the template, the property takes AWS's default, which the provider's
    /// default for the argument does not match: why, for the plan after an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_differs: Option<String>,
    /// The provider's value for the argument when a configuration leaves it out, for a property
    /// CloudFormation requires (a security group's description is "Managed by Terraform"): the
    /// reverse direction writes it. A string, or `{ ref = "AWS::Region" }` for a pseudo parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_default: Option<toml::Value>,
    /// CloudFormation's documented default where the provider requires a value (an instance's
    /// `InstanceType` is m1.small): written when the template leaves the property out, and the
    /// `unless` property too (a launch template gives its own type); read back as no property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent: Option<AbsentDefault>,
}

/// A value written for a property the template leaves out (`PropertyRule::absent`).
#[derive(Debug, Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct AbsentDefault {
    pub value: toml::Value,
    /// Another property that, when set, supplies the value itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<String>,
}

/// Where a generated name goes: the argument (`generated_name = "name"`), or the argument and
/// that AWS accepts no capitals in it (`{ tf = "name", lower_case = true }`: an ECR repository,
/// a Redshift cluster), so the name is written through `lower()`, as CloudFormation lower-cases
/// its own.
#[derive(Debug, Deserialize, Serialize, Clone)]
#[serde(untagged)]
pub enum GeneratedName {
    Argument(String),
    LowerCase { tf: String, lower_case: bool },
}

impl GeneratedName {
    pub fn argument(&self) -> &str {
        match self {
            GeneratedName::Argument(tf) | GeneratedName::LowerCase { tf, .. } => tf,
        }
    }

    pub fn lower_case(&self) -> bool {
        matches!(self, GeneratedName::LowerCase { lower_case: true, .. })
    }
}

/// A Terraform resource that a CloudFormation property becomes, beside the main resource.
/// References to the CloudFormation resource keep pointing at the main one.
#[derive(Debug, Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    pub tf: String,
    /// Argument -> attribute of the main resource that ties them (`bucket = "id"`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub link: IndexMap<String, String>,
    /// One resource per item of a list (IAM `Policies`) instead of one for the whole value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_item: bool,
    /// The item property whose literal value names each resource (else its position).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// CloudFormation creates it as part of the main resource, so whatever refers to the main
    /// resource also waits for it (a role's inline policies before the function that uses it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordering: bool,
    /// The `terraform import` id recipe: `{Ref}` is the main resource's physical id, `{Item}`
    /// the list item (per_item), `{Property}` a property of the item, else of the main resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<String>,
    /// Why it cannot be imported, when it has no `import` recipe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_import: Option<String>,
    /// The import id is one CloudFormation does not report (an inline SNS subscription's ARN):
    /// `migrate --stack` lists the main resource's children with a read-only call and imports
    /// the one whose fields equal these item properties as deployed. Without the listing (saved
    /// CLI output) `no_import` says what to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub import_listed_by: Vec<String>,
    /// Terraform-only arguments an import cannot read, as `ResourceMapping::unread`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub unread: IndexMap<String, Unread>,
}

/// When the plan after an import sets an argument the import could not read.
#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Unread {
    /// When the configuration writes it (a Lambda function's `filename`).
    Written,
    /// Always: the provider fills its default where the configuration says nothing.
    Default,
}

#[derive(Debug, Deserialize, Serialize, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Converted as it is (strings, numbers, lists, maps).
    #[default]
    Value,
    /// A number written as a string in CloudFormation (`FromPort: '80'`).
    Number,
    /// A boolean written as a string (`'true'`).
    Bool,
    /// A `[{Key, Value}]` list -> a `tags` map.
    Tags,
    /// A mapping -> one nested block.
    Block,
    /// A list of mappings -> repeated nested blocks.
    Blocks,
    /// A JSON document (object or string) -> `jsonencode(...)`.
    Json,
    /// A single value -> a one-element list (`CidrIp` -> `cidr_blocks`).
    List,
    /// A mapping of strings -> a map argument (keys kept as written).
    Map,
    /// A mapping whose nested properties become arguments of the enclosing block
    /// (`PortRange: {From, To}` -> `from_port`, `to_port`).
    Flatten,
    /// A mapping -> one nested block per key, with `name` and `value` (parameter groups).
    Entries,
    /// A list whose single item is the argument (`Roles: [x]` -> `role = x`); further items
    /// are reported.
    Single,
}

impl Shape {
    fn is_default(&self) -> bool {
        *self == Shape::default()
    }
}
