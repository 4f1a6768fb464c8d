//! Compiles every `mappings/*.toml` (curated) and `mappings/generated/*.toml` (written by
//! tools/mapgen) into the binary, so a new mapping file needs no code change and the tool never
//! reads mapping data from disk at run time. Generated files are named `generated/<file>`; the
//! registry lets a curated mapping replace the generated one for the same type.
//!
//! Each file is also split here into its `[[resource]]` tables, indexed by CloudFormation and
//! Terraform type, so that a run parses only the tables it uses, and each table is read into the
//! mapping types and stored as JSON, which parses several times faster than TOML; a table that
//! does not fit the types fails the build.
use std::{env, fs, path::Path};

#[path = "src/mapping/tables.rs"]
mod tables;

// The types, for checking each table and storing it as JSON; the build reads no field itself.
#[allow(dead_code)]
#[path = "src/mapping/schema.rs"]
mod schema;

fn toml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn main() {
    link_without_position_independence();
    println!("cargo:rerun-if-changed=mappings");
    println!("cargo:rerun-if-changed=mappings/generated");
    println!("cargo:rerun-if-changed=src/mapping/tables.rs");
    let curated = toml_files(Path::new("mappings"));
    assert!(!curated.is_empty(), "no mappings/*.toml");
    let generated = toml_files(Path::new("mappings/generated"));
    let mut files = String::from("pub static MAPPING_FILES: &[(&str, &str)] = &[\n");
    let mut index = String::from("static MAPPING_TABLES: &[Table] = &[\n");
    let mut keys: Vec<(String, bool, String, String)> = Vec::new();
    for (prefix, paths) in [("", &curated), ("generated/", &generated)] {
        for f in paths {
            let name = format!("{prefix}{}", f.file_name().unwrap().to_string_lossy());
            println!("cargo:rerun-if-changed={}", f.display());
            // Relative to the crate's folder when the crate is compiled, not an absolute path of
            // this run: a clone of the project sharing the target folder (.ci/run does) leaves
            // this output behind, and must not point the checkout at the clone's files.
            files.push_str(&format!(
                "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/mappings/{name}\"))),\n"
            ));
            let text = fs::read_to_string(f).unwrap();
            let tables = tables::split_resource_tables(&text).unwrap_or_else(|e| panic!("mappings/{name}: {e}"));
            for t in tables {
                let mapping = tables::parse_resource_table(&text[t.start..t.end])
                    .unwrap_or_else(|e| panic!("mappings/{name} (the [[resource]] at line {}): {e}", t.line));
                let json = serde_json::to_string(&mapping).unwrap();
                keys.push((name.clone(), !prefix.is_empty(), t.cfn.clone(), t.tf.clone()));
                index.push_str(&format!(
                    "    Table {{ file: Cow::Borrowed({name:?}), line: {}, cfn: Cow::Borrowed({:?}), \
                     tf: Cow::Borrowed({:?}), json: Some({json:?}) }},\n",
                    t.line, t.cfn, t.tf
                ));
            }
        }
    }
    files.push_str("];\n");
    index.push_str("];\n");
    let keys: Vec<tables::TableKey> = keys
        .iter()
        .map(|(file, generated, cfn, tf)| tables::TableKey {
            file,
            generated: *generated,
            cfn,
            tf,
        })
        .collect();
    let (by_cfn, by_tf) = tables::type_indexes(&keys);
    index.push_str(&format!("static MAPPING_BY_CFN: &[usize] = &{by_cfn:?};\n"));
    index.push_str(&format!("static MAPPING_BY_TF: &[usize] = &{by_tf:?};\n"));
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("mapping_files.rs");
    fs::write(dest, files + &index).unwrap();
}

/// On Linux with glibc the cfn2tf binary is linked as a fixed-address executable (`-no-pie`):
/// the dynamic loader then has no relative relocations to apply at start-up (4,274 in the
/// release build, each a write that may fault a page in, on every run). Of what the former
/// statically linked `dist` build did, this is the part a plain `cargo install` can do: a
/// static glibc needs
/// `-C target-feature=+crt-static`, which cargo would also apply to proc macros, which cannot be
/// static. It applies to the binary only (`-bins`), never to the library or to build scripts.
fn link_without_position_independence() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
