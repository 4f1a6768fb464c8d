//! Compiles every `mappings/*.toml` (curated) and `mappings/generated/*.toml` (written by
//! tools/mapgen) into the binary, so a new mapping file needs no code change and the tool never
//! reads mapping data from disk at run time. Generated files are named `generated/<file>`; the
//! registry lets a curated mapping replace the generated one for the same type.
use std::{env, fs, path::Path};

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
    println!("cargo:rerun-if-changed=mappings");
    println!("cargo:rerun-if-changed=mappings/generated");
    let curated = toml_files(Path::new("mappings"));
    assert!(!curated.is_empty(), "no mappings/*.toml");
    let generated = toml_files(Path::new("mappings/generated"));
    let mut out = String::from("pub static MAPPING_FILES: &[(&str, &str)] = &[\n");
    for (prefix, files) in [("", &curated), ("generated/", &generated)] {
        for f in files {
            let name = format!("{prefix}{}", f.file_name().unwrap().to_string_lossy());
            let abs = fs::canonicalize(f).unwrap();
            println!("cargo:rerun-if-changed={}", f.display());
            out.push_str(&format!(
                "    ({name:?}, include_str!({:?})),\n",
                abs.display().to_string()
            ));
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("mapping_files.rs");
    fs::write(dest, out).unwrap();
}
