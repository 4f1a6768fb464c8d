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
use std::borrow::Cow;
use std::sync::OnceLock;

mod schema;
mod tables;

pub use schema::*;

include!(concat!(env!("OUT_DIR"), "/mapping_files.rs"));

/// Prefix of the file names of generated mappings (`generated/ec2.toml`).
pub const GENERATED_PREFIX: &str = "generated/";

impl ResourceMapping {
    /// Written by tools/mapgen, not curated: conversions that use it say so.
    pub fn is_generated(&self) -> bool {
        self.file.starts_with(GENERATED_PREFIX)
    }

    /// The arguments that carry a DeletionPolicy, when Terraform has them for this resource
    /// (`Snapshot` -> `snapshot_on_delete`).
    pub fn deletion_arguments(&self, policy: &str) -> Option<&IndexMap<String, toml::Value>> {
        (policy == "Snapshot" && !self.snapshot_on_delete.is_empty()).then_some(&self.snapshot_on_delete)
    }
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

    /// The rule's table when it has one, without the copy `rule()` makes (a bare argument name
    /// has no value semantics): for checks run on every resource.
    pub fn table(&self) -> Option<&PropertyRule> {
        match self {
            PropertySpec::Name(_) => None,
            PropertySpec::Rule(r) => Some(r),
        }
    }
}

/// One `[[resource]]` table: where it was written, the two types that index it, and, compiled in,
/// its data as JSON (build.rs has checked it against the types of `schema`); tables read from
/// files by `from_files` are parsed at once and carry none.
#[derive(Clone)]
struct Table {
    file: Cow<'static, str>,
    /// Line of its `[[resource]]` header, for messages.
    line: usize,
    cfn: Cow<'static, str>,
    tf: Cow<'static, str>,
    json: Option<&'static str>,
}

impl Table {
    fn is_generated(&self) -> bool {
        self.file.starts_with(GENERATED_PREFIX)
    }

    fn parse(&self) -> Result<ResourceMapping, String> {
        let json = self.json.ok_or("read from its TOML, not compiled in")?;
        let mut mapping: ResourceMapping = serde_json::from_str(json)
            .map_err(|e| format!("mappings/{} (the [[resource]] at line {}): {e}", self.file, self.line))?;
        mapping.file = self.file.to_string();
        Ok(mapping)
    }
}

/// Every mapping table, indexed by type through sorted lists of positions
/// (`tables::type_indexes`), which build.rs computes for the compiled-in files: start-up then
/// costs less than converting a small template.
pub struct Registry {
    tables: Cow<'static, [Table]>,
    /// Each table's mapping, parsed on first use (a run pays only for the types it converts).
    /// Kept apart from `tables` and boxed so that start-up touches a few pages, not one
    /// `ResourceMapping` per table.
    parsed: Vec<OnceLock<Box<ResourceMapping>>>,
    by_cfn: Cow<'static, [usize]>,
    by_tf: Cow<'static, [usize]>,
}

impl Registry {
    /// The compiled-in mappings.
    pub fn get() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| Registry {
            tables: Cow::Borrowed(MAPPING_TABLES),
            parsed: MAPPING_TABLES.iter().map(|_| OnceLock::new()).collect(),
            by_cfn: Cow::Borrowed(MAPPING_BY_CFN),
            by_tf: Cow::Borrowed(MAPPING_BY_TF),
        })
    }

    /// Loads mapping files and parses every table at once (for tests and tools that read them
    /// all); a curated mapping of a type replaces every generated one of it.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Registry, String> {
        let mut tables = Vec::new();
        let mut parsed = Vec::new();
        for (name, text) in files {
            for t in tables::split_resource_tables(text).map_err(|e| format!("mappings/{name}: {e}"))? {
                let mut mapping = tables::parse_resource_table(&text[t.start..t.end])
                    .map_err(|e| format!("mappings/{name} (the [[resource]] at line {}): {e}", t.line))?;
                mapping.file = name.to_string();
                tables.push(Table {
                    file: Cow::Owned(name.to_string()),
                    line: t.line,
                    cfn: Cow::Owned(t.cfn),
                    tf: Cow::Owned(t.tf),
                    json: None,
                });
                parsed.push(OnceLock::from(Box::new(mapping)));
            }
        }
        let keys: Vec<tables::TableKey> = tables
            .iter()
            .map(|t| tables::TableKey {
                file: &t.file,
                generated: t.is_generated(),
                cfn: &t.cfn,
                tf: &t.tf,
            })
            .collect();
        let (by_cfn, by_tf) = tables::type_indexes(&keys);
        Ok(Registry {
            tables: Cow::Owned(tables),
            parsed,
            by_cfn: Cow::Owned(by_cfn),
            by_tf: Cow::Owned(by_tf),
        })
    }

    fn mapping(&self, i: usize) -> &ResourceMapping {
        self.parsed[i].get_or_init(|| {
            Box::new(
                self.tables[i]
                    .parse()
                    .unwrap_or_else(|e| panic!("bad mapping data: {e}")),
            )
        })
    }

    /// The positions in `sorted` whose key is `wanted`.
    fn matching<'a>(&'a self, sorted: &'a [usize], key: impl Fn(&Table) -> &str, wanted: &str) -> &'a [usize] {
        let from = sorted.partition_point(|&i| key(&self.tables[i]) < wanted);
        let to = from + sorted[from..].partition_point(|&i| key(&self.tables[i]) == wanted);
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
        self.matching(&self.by_cfn, |t| &t.cfn, cfn_type)
            .iter()
            .map(|&i| self.mapping(i))
            .collect()
    }

    /// Every mapping in effect (parses all of them).
    pub fn all(&self) -> impl Iterator<Item = &ResourceMapping> {
        self.by_cfn.iter().map(|&i| self.mapping(i))
    }

    /// The mapping that produces a Terraform type (for the reverse direction); when several
    /// CloudFormation types produce it, the first declared.
    pub fn by_terraform(&self, tf_type: &str) -> Option<&ResourceMapping> {
        let first = *self.matching(&self.by_tf, |t| &t.tf, tf_type).first()?;
        Some(self.mapping(first))
    }

    /// The mapping a Terraform block was made by. Several CloudFormation types can produce one
    /// Terraform type (`aws_route_table_association` for a subnet's and a gateway's association):
    /// the one whose properties read back the most of the block's arguments, the first declared
    /// on a tie.
    pub fn by_terraform_block(&self, block: &crate::tf::Block) -> Option<&ResourceMapping> {
        let tf_type = block.labels.first()?;
        let candidates = self.matching(&self.by_tf, |t| &t.tf, tf_type);
        if candidates.len() < 2 {
            return self.by_terraform(tf_type);
        }
        let arguments: Vec<&str> = block
            .body
            .iter()
            .filter_map(|item| match item {
                crate::tf::BodyItem::Attribute(name, _) => Some(name.as_str()),
                crate::tf::BodyItem::Block(b) => Some(b.ident.as_str()),
                crate::tf::BodyItem::Comment(_) => None,
            })
            .collect();
        let mut best: Option<(usize, &ResourceMapping)> = None;
        for &i in candidates {
            let mapping = self.mapping(i);
            let inverse = mapping.inverse_properties();
            let read_back = arguments.iter().filter(|a| inverse.contains_key(**a)).count();
            if best.is_none_or(|(most, _)| read_back > most) {
                best = Some((read_back, mapping));
            }
        }
        best.map(|(_, mapping)| mapping)
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
        if tf_attribute == "id" && self.ref_attribute.is_some() {
            return match &self.id {
                Some(same) => self.inverse_attribute(same),
                None => Some(InverseAttribute::Ref),
            };
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
        for t in r.tables.iter() {
            t.parse().unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(r.all().count() > 300);
        let vpc = r.resource("AWS::EC2::VPC", |_| false).unwrap();
        assert_eq!(vpc.tf, "aws_vpc");
    }

    /// What a run reads (JSON written by build.rs) is what the TOML says, table by table.
    #[test]
    fn compiled_in_tables_read_as_their_toml() {
        let compiled = Registry::get();
        let from_toml = Registry::from_files(MAPPING_FILES).unwrap();
        assert_eq!(compiled.tables.len(), from_toml.tables.len());
        for i in 0..compiled.tables.len() {
            let (a, b) = (compiled.mapping(i), from_toml.mapping(i));
            assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "mappings/{} line {}",
                b.file,
                from_toml.tables[i].line
            );
        }
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
    fn a_terraform_type_two_cloudformation_types_make_reads_back_by_its_arguments() {
        let r = Registry::get();
        let association = |argument: &str| {
            let mut block = crate::tf::Block::new("resource", &["aws_route_table_association", "a"]);
            block.attr("route_table_id", hcl::Expression::from("rtb"));
            block.attr(argument, hcl::Expression::from("x"));
            r.by_terraform_block(&block).unwrap().cfn.clone()
        };
        assert_eq!(association("subnet_id"), "AWS::EC2::SubnetRouteTableAssociation");
        assert_eq!(association("gateway_id"), "AWS::EC2::GatewayRouteTableAssociation");
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
