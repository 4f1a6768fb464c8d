//! Stage 3 data: how each CloudFormation type maps to Terraform, read from `mappings/*.toml`
//! (compiled in by build.rs). The same tables serve the forward direction, the reverse
//! direction and the diff, so there is one source of truth.

use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/mapping_files.rs"));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    resource: Vec<ResourceMapping>,
}

/// One CloudFormation type (or one variant of it) and its Terraform resource.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ResourceMapping {
    pub cfn: String,
    pub tf: String,
    /// A variant is chosen when this CloudFormation property is set (e.g. a
    /// VPCGatewayAttachment with `InternetGatewayId` vs one with `VpnGatewayId`).
    #[serde(default)]
    pub when: Option<String>,
    /// The Terraform attribute that CloudFormation's `Ref` returns; absent when unknown.
    #[serde(default, rename = "ref")]
    pub ref_attribute: Option<String>,
    /// `Fn::GetAtt` attribute -> Terraform attribute.
    #[serde(default)]
    pub attributes: IndexMap<String, String>,
    #[serde(default)]
    pub properties: IndexMap<String, PropertySpec>,
    /// Behaviour that data cannot express, implemented in `convert::rules`.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Properties with no Terraform counterpart, and why (reported, never silent).
    #[serde(default)]
    pub unsupported: IndexMap<String, String>,
    /// Terraform arguments written with a fixed value, to keep CloudFormation's behaviour
    /// where the provider's default differs.
    #[serde(default)]
    pub fixed: IndexMap<String, toml::Value>,
    /// The `terraform import` id recipe, e.g. `{RouteTableId}_{DestinationCidrBlock}`.
    #[serde(default)]
    pub import: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The type has no Terraform counterpart and is left out on purpose, for this reason;
    /// `ref` and `attributes` then hold the HCL that references to it become.
    #[serde(default)]
    pub dropped: Option<String>,
    /// The file this mapping came from (set by the loader), for messages and tests.
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum PropertySpec {
    /// Just the Terraform argument name; the value is converted by its own shape.
    Name(String),
    Rule(PropertyRule),
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct PropertyRule {
    pub tf: Option<String>,
    #[serde(default)]
    pub shape: Shape,
    /// Nested properties, for `block` and `blocks` shapes.
    #[serde(default)]
    pub properties: IndexMap<String, PropertySpec>,
    /// Nested properties with no counterpart, and why.
    #[serde(default)]
    pub unsupported: IndexMap<String, String>,
    /// Fixed arguments written into each nested block.
    #[serde(default)]
    pub fixed: IndexMap<String, toml::Value>,
    /// Custom conversion in `convert::rules`.
    #[serde(default)]
    pub rule: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, Default, PartialEq, Eq)]
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
}

impl PropertySpec {
    pub fn rule(&self) -> PropertyRule {
        match self {
            PropertySpec::Name(n) => PropertyRule {
                tf: Some(n.clone()),
                ..Default::default()
            },
            PropertySpec::Rule(r) => r.clone(),
        }
    }
}

pub struct Registry {
    by_cfn: HashMap<String, Vec<ResourceMapping>>,
}

impl Registry {
    /// The compiled-in mappings (parsed once per process).
    pub fn get() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| Registry::from_files(MAPPING_FILES).unwrap_or_else(|e| panic!("bad mapping data: {e}")))
    }

    pub fn from_files(files: &[(&str, &str)]) -> Result<Registry, String> {
        let mut by_cfn: HashMap<String, Vec<ResourceMapping>> = HashMap::new();
        for (name, text) in files {
            let file: MappingFile = toml::from_str(text).map_err(|e| format!("mappings/{name}: {e}"))?;
            for mut m in file.resource {
                m.file = name.to_string();
                by_cfn.entry(m.cfn.clone()).or_default().push(m);
            }
        }
        Ok(Registry { by_cfn })
    }

    /// The mapping for a type; when it has variants, the one whose `when` property is set.
    pub fn resource(&self, cfn_type: &str, has_property: impl Fn(&str) -> bool) -> Option<&ResourceMapping> {
        let variants = self
            .by_cfn
            .get(cfn_type)
            .or_else(|| self.by_cfn.get(generic_type(cfn_type)?))?;
        variants
            .iter()
            .find(|m| m.when.as_deref().is_some_and(&has_property))
            .or_else(|| variants.iter().find(|m| m.when.is_none()))
            .or_else(|| variants.first())
    }

    pub fn variants(&self, cfn_type: &str) -> &[ResourceMapping] {
        self.by_cfn.get(cfn_type).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn all(&self) -> impl Iterator<Item = &ResourceMapping> {
        self.by_cfn.values().flatten()
    }

    /// Every mapping that produces a Terraform type (for the reverse direction).
    pub fn by_terraform(&self, tf_type: &str) -> Option<&ResourceMapping> {
        self.all().find(|m| m.tf == tf_type)
    }
}

/// Types that CloudFormation defines by pattern: every `Custom::Name` is a custom resource.
fn generic_type(cfn_type: &str) -> Option<&'static str> {
    cfn_type
        .starts_with("Custom::")
        .then_some("AWS::CloudFormation::CustomResource")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_mappings_parse() {
        let r = Registry::get();
        assert!(r.all().count() > 10);
        let vpc = r.resource("AWS::EC2::VPC", |_| false).unwrap();
        assert_eq!(vpc.tf, "aws_vpc");
    }

    #[test]
    fn variants_are_chosen_by_the_property_that_is_set() {
        let r = Registry::get();
        let igw = r
            .resource("AWS::EC2::VPCGatewayAttachment", |p| p == "InternetGatewayId")
            .unwrap();
        assert_eq!(igw.tf, "aws_internet_gateway_attachment");
        let vgw = r
            .resource("AWS::EC2::VPCGatewayAttachment", |p| p == "VpnGatewayId")
            .unwrap();
        assert_eq!(vgw.tf, "aws_vpn_gateway_attachment");
    }
}
