//! Compiles every `mappings/*.toml` into the binary, so a new mapping file needs no code change
//! and the tool never reads mapping data from disk at run time.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("mappings");
    println!("cargo:rerun-if-changed=mappings");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("mappings/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("pub static MAPPING_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        let abs = fs::canonicalize(f).unwrap();
        println!("cargo:rerun-if-changed={}", f.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("mapping_files.rs");
    fs::write(dest, out).unwrap();
}
