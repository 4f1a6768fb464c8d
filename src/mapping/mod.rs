//! Stage 3 data: how each CloudFormation type maps to Terraform, read from `mappings/*.toml`
//! (curated) and `mappings/generated/*.toml` (candidates written by tools/mapgen from the
//! CloudFormation and provider schemas), compiled in by build.rs. The same tables serve the
//! forward direction, the reverse direction and the diff, so there is one source of truth.
//!
//! Precedence, per CloudFormation type: if any curated file maps the type, all its generated
//! mappings are ignored (the curated entries replace them whole, never merge property by
//! property), so a curator owns a type completely once they touch it.
//!
//! A property's `tf` may be a dotted path (`expiration.days`): the last part is the argument,
//! the parts before it nested blocks, created once and shared by the properties that name them.

use indexmap::IndexMap;
use serde::Deserialize;
use std::borrow::Cow;
use std::sync::OnceLock;

mod tables;

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
    /// The import id is an attribute CloudFormation does not report: a data source looks the
    /// resource up by the filled `import` recipe, and its `id` is imported.
    #[serde(default)]
    pub import_lookup: Option<ImportLookup>,
    #[serde(default)]
    pub note: Option<String>,
    /// The type has no Terraform counterpart and is left out on purpose, for this reason;
    /// `ref` and `attributes` then hold the HCL that references to it become.
    #[serde(default)]
    pub dropped: Option<String>,
    /// The argument holding a name that CloudFormation generates when the template gives
    /// none and the provider requires: cfn2tf writes `<stack name>-<logical id>`.
    #[serde(default)]
    pub generated_name: Option<String>,
    /// The file this mapping came from (set by the loader), for messages and tests.
    #[serde(skip)]
    pub file: String,
}

/// `data "DATA" { BY = <import recipe> }`, whose `id` is the import id (an EIP's allocation id,
/// looked up by its public IP).
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ImportLookup {
    pub data: String,
    pub by: String,
}

/// Prefix of the file names of generated mappings (`generated/ec2.toml`).
pub const GENERATED_PREFIX: &str = "generated/";

impl ResourceMapping {
    /// Written by tools/mapgen, not curated: conversions that use it say so.
    pub fn is_generated(&self) -> bool {
        self.file.starts_with(GENERATED_PREFIX)
    }
}

#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum PropertySpec {
    /// Just the Terraform argument name; the value is converted by its own shape.
    Name(String),
    Rule(Box<PropertyRule>),
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
    /// Literal values translated on the way (`PublicRead` -> `public-read`); others pass as written.
    #[serde(default)]
    pub values: IndexMap<String, String>,
    /// The property becomes a separate Terraform resource (or one per list item) instead of
    /// an argument of the main one: S3 bucket sub-configurations, IAM inline policies.
    #[serde(default)]
    pub resource: Option<Companion>,
}

/// A Terraform resource that a CloudFormation property becomes, beside the main resource.
/// References to the CloudFormation resource keep pointing at the main one.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    pub tf: String,
    /// Argument -> attribute of the main resource that ties them (`bucket = "id"`).
    #[serde(default)]
    pub link: IndexMap<String, String>,
    /// One resource per item of a list (IAM `Policies`) instead of one for the whole value.
    #[serde(default)]
    pub per_item: bool,
    /// The item property whose literal value names each resource (else its position).
    #[serde(default)]
    pub label: Option<String>,
    /// CloudFormation creates it as part of the main resource, so whatever refers to the main
    /// resource also waits for it (a role's inline policies before the function that uses it).
    #[serde(default)]
    pub ordering: bool,
    /// The `terraform import` id recipe: `{Ref}` is the main resource's physical id, `{Item}`
    /// the list item (per_item), `{Property}` a property of the item, else of the main resource.
    #[serde(default)]
    pub import: Option<String>,
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
    /// A mapping -> one nested block per key, with `name` and `value` (parameter groups).
    Entries,
    /// A list whose single item is the argument (`Roles: [x]` -> `role = x`); further items
    /// are reported.
    Single,
}

impl PropertySpec {
    pub fn rule(&self) -> PropertyRule {
        match self {
            PropertySpec::Name(n) => PropertyRule {
                tf: Some(n.clone()),
                ..Default::default()
            },
            PropertySpec::Rule(r) => (**r).clone(),
        }
    }
}

/// One `[[resource]]` table, parsed the first time its type is asked for.
struct Entry {
    file: Cow<'static, str>,
    text: Cow<'static, str>,
    line: usize,
    cfn: Cow<'static, str>,
    tf: Cow<'static, str>,
    parsed: OnceLock<ResourceMapping>,
}

impl Entry {
    fn is_generated(&self) -> bool {
        self.file.starts_with(GENERATED_PREFIX)
    }

    fn parse(&self) -> Result<ResourceMapping, String> {
        let table: MappingFile = toml::from_str(&self.text)
            .map_err(|e| format!("mappings/{} (the [[resource]] at line {}): {e}", self.file, self.line))?;
        let mut mapping = table.resource.into_iter().next().ok_or("no resource table")?;
        mapping.file = self.file.to_string();
        Ok(mapping)
    }

    fn mapping(&self) -> &ResourceMapping {
        self.parsed
            .get_or_init(|| self.parse().unwrap_or_else(|e| panic!("bad mapping data: {e}")))
    }
}

/// Every mapping table, indexed by type through sorted lists of positions
/// (`tables::type_indexes`), which build.rs computes for the compiled-in files: start-up then
/// costs less than converting a small template.
pub struct Registry {
    entries: Vec<Entry>,
    by_cfn: Cow<'static, [usize]>,
    by_tf: Cow<'static, [usize]>,
}

impl Registry {
    /// The compiled-in mappings; each table is parsed on first use, so a run pays only for the
    /// types it converts (build.rs has split the files into tables).
    pub fn get() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| {
            let entries = MAPPING_TABLES
                .iter()
                .map(|&(file, start, end, line, cfn, tf)| {
                    let (name, text) = MAPPING_FILES[file];
                    Entry {
                        file: Cow::Borrowed(name),
                        text: Cow::Borrowed(&text[start..end]),
                        line,
                        cfn: Cow::Borrowed(cfn),
                        tf: Cow::Borrowed(tf),
                        parsed: OnceLock::new(),
                    }
                })
                .collect();
            Registry {
                entries,
                by_cfn: Cow::Borrowed(MAPPING_BY_CFN),
                by_tf: Cow::Borrowed(MAPPING_BY_TF),
            }
        })
    }

    /// Loads mapping files and parses every table at once (for tests and tools that read them
    /// all); a curated mapping of a type replaces every generated one of it.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Registry, String> {
        let mut entries = Vec::new();
        for (name, text) in files {
            let tables = tables::split_resource_tables(text).map_err(|e| format!("mappings/{name}: {e}"))?;
            for t in tables {
                let entry = Entry {
                    file: Cow::Owned(name.to_string()),
                    text: Cow::Owned(text[t.start..t.end].to_string()),
                    line: t.line,
                    cfn: Cow::Owned(t.cfn),
                    tf: Cow::Owned(t.tf),
                    parsed: OnceLock::new(),
                };
                let _ = entry.parsed.set(entry.parse()?);
                entries.push(entry);
            }
        }
        Ok(Registry::index(entries))
    }

    fn index(entries: Vec<Entry>) -> Registry {
        let keys: Vec<tables::TableKey> = entries
            .iter()
            .map(|e| tables::TableKey {
                file: &e.file,
                generated: e.is_generated(),
                cfn: &e.cfn,
                tf: &e.tf,
            })
            .collect();
        let (by_cfn, by_tf) = tables::type_indexes(&keys);
        Registry {
            entries,
            by_cfn: Cow::Owned(by_cfn),
            by_tf: Cow::Owned(by_tf),
        }
    }

    /// The positions in `sorted` whose key is `wanted`.
    fn matching<'a>(&'a self, sorted: &'a [usize], key: impl Fn(&Entry) -> &str, wanted: &str) -> &'a [usize] {
        let from = sorted.partition_point(|&i| key(&self.entries[i]) < wanted);
        let to = from + sorted[from..].partition_point(|&i| key(&self.entries[i]) == wanted);
        &sorted[from..to]
    }

    /// The mapping for a type; when it has variants, the one whose `when` property is set.
    pub fn resource(&self, cfn_type: &str, has_property: impl Fn(&str) -> bool) -> Option<&ResourceMapping> {
        let mut variants = self.variants(cfn_type);
        if variants.is_empty() {
            variants = self.variants(generic_type(cfn_type)?);
        }
        variants
            .iter()
            .find(|m| m.when.as_deref().is_some_and(&has_property))
            .or_else(|| variants.iter().find(|m| m.when.is_none()))
            .or_else(|| variants.first())
            .copied()
    }

    pub fn variants(&self, cfn_type: &str) -> Vec<&ResourceMapping> {
        self.matching(&self.by_cfn, |e| &e.cfn, cfn_type)
            .iter()
            .map(|&i| self.entries[i].mapping())
            .collect()
    }

    /// Every mapping in effect (parses all of them).
    pub fn all(&self) -> impl Iterator<Item = &ResourceMapping> {
        self.by_cfn.iter().map(|&i| self.entries[i].mapping())
    }

    /// The mapping that produces a Terraform type (for the reverse direction).
    pub fn by_terraform(&self, tf_type: &str) -> Option<&ResourceMapping> {
        let first = *self.matching(&self.by_tf, |e| &e.tf, tf_type).first()?;
        Some(self.entries[first].mapping())
    }
}

/// What a Terraform attribute of a resource is, read back in CloudFormation terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InverseAttribute {
    /// What `Ref` returns.
    Ref,
    /// An `Fn::GetAtt` attribute.
    GetAtt(String),
}

impl ResourceMapping {
    /// The tables read backwards: Terraform argument -> (CloudFormation property, its rule). When
    /// two properties write the same argument, the first declared wins.
    pub fn inverse_properties(&self) -> IndexMap<String, (String, PropertyRule)> {
        inverse(&self.properties)
    }

    /// A Terraform attribute as `Ref` (preferred) or the `Fn::GetAtt` attribute that reads it.
    pub fn inverse_attribute(&self, tf_attribute: &str) -> Option<InverseAttribute> {
        if self.ref_attribute.as_deref() == Some(tf_attribute) {
            return Some(InverseAttribute::Ref);
        }
        // When several attributes read the same argument (a classic ELB's DNSName and
        // CanonicalHostedZoneName), the one spelled like it is meant.
        let spelled = |cfn: &str| cfn.eq_ignore_ascii_case(&tf_attribute.replace('_', ""));
        let mut reading = self.attributes.iter().filter(|(_, tf)| tf.as_str() == tf_attribute);
        let first = reading.clone().next();
        reading
            .find(|(cfn, _)| spelled(cfn))
            .or(first)
            .map(|(cfn, _)| InverseAttribute::GetAtt(cfn.clone()))
    }
}

impl PropertyRule {
    /// The nested tables read backwards (for `block` and `blocks` shapes).
    pub fn inverse_properties(&self) -> IndexMap<String, (String, PropertyRule)> {
        inverse(&self.properties)
    }
}

fn inverse(properties: &IndexMap<String, PropertySpec>) -> IndexMap<String, (String, PropertyRule)> {
    let mut out = IndexMap::new();
    for (cfn, spec) in properties {
        let rule = spec.rule();
        if let Some(tf) = &rule.tf {
            out.entry(tf.clone()).or_insert_with(|| (cfn.clone(), rule.clone()));
        }
    }
    out
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
        // Shadowed generated tables too: a run never reads them, but they must stay valid.
        for e in &r.entries {
            e.parse().unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(r.all().count() > 300);
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

    #[test]
    fn tables_read_backwards() {
        let r = Registry::get();
        let eip = r.by_terraform("aws_eip").unwrap();
        assert_eq!(eip.cfn, "AWS::EC2::EIP");
        assert_eq!(eip.inverse_attribute("public_ip"), Some(InverseAttribute::Ref));
        assert_eq!(
            eip.inverse_attribute("allocation_id"),
            Some(InverseAttribute::GetAtt("AllocationId".into()))
        );
        let sg = r.by_terraform("aws_security_group").unwrap();
        let inv = sg.inverse_properties();
        assert_eq!(inv["description"].0, "GroupDescription");
        let ingress = &inv["ingress"].1;
        assert_eq!(ingress.inverse_properties()["cidr_blocks"].0, "CidrIp");
        assert_eq!(
            ingress.inverse_properties()["security_groups"].0,
            "SourceSecurityGroupId"
        );
    }

    #[test]
    fn a_curated_mapping_replaces_the_generated_ones_of_its_type() {
        let curated = "[[resource]]\ncfn = \"AWS::X::Y\"\ntf = \"aws_curated\"\n";
        let generated = "[[resource]]\ncfn = \"AWS::X::Y\"\ntf = \"aws_generated\"\n\n[[resource]]\ncfn = \"AWS::X::Z\"\ntf = \"aws_z\"\n";
        let r = Registry::from_files(&[("generated/x.toml", generated), ("x.toml", curated)]).unwrap();
        assert_eq!(r.variants("AWS::X::Y").len(), 1);
        let y = r.resource("AWS::X::Y", |_| false).unwrap();
        assert_eq!(y.tf, "aws_curated");
        assert!(!y.is_generated());
        let z = r.resource("AWS::X::Z", |_| false).unwrap();
        assert!(z.is_generated());
        assert_eq!(r.by_terraform("aws_z").unwrap().cfn, "AWS::X::Z");
    }

    #[test]
    fn compiled_in_generated_mappings_do_not_shadow_curated_ones() {
        let r = Registry::get();
        assert!(r.all().any(|m| m.is_generated()), "mappings/generated/ is compiled in");
        for cfn in ["AWS::EC2::VPC", "AWS::EC2::Instance", "AWS::EC2::Subnet"] {
            assert!(r.variants(cfn).iter().all(|m| !m.is_generated()), "{cfn}");
        }
    }
}
