//! cfn2tf-mapgen: reads the CloudFormation resource schemas (bundled with cfn-lint) and the
//! hashicorp/aws provider schema, and generates candidate mappings (`mappings/generated/`).
//! A development tool: the shipped cfn2tf binary compiles in its output, never the tool. The
//! schema readers are shared with cfn2tf's schema check test (`tests/mapping_schemas.rs`).

pub mod generate;
pub mod schema;

/// The same PascalCase -> snake_case rule the converter uses for names.
#[path = "../../../src/model/naming.rs"]
pub mod naming;
