//! Splits a mapping file into its `[[resource]]` tables, each a standalone TOML document, with
//! the two type names that index it. build.rs runs this at build time (it includes this file),
//! so a process parses only the tables of the types it meets instead of every mapping file at
//! start-up (that parse was over 90% of converting the seed).

/// One `[[resource]]` table: `text[start..end]` of its file.
pub struct ResourceTable {
    pub start: usize,
    pub end: usize,
    /// 1-based line of the `[[resource]]` header, for messages.
    pub line: usize,
    pub cfn: String,
    pub tf: String,
}

const HEADER: &str = "[[resource]]";

/// The tables of one file, in file order. Cutting at each `[[resource]]` line is exact because
/// TOML attaches every later `[resource.x]` header to the last array element; the whole-file
/// parse proves that no header hides inside a string and nothing stands outside a table.
pub fn split_resource_tables(text: &str) -> Result<Vec<ResourceTable>, String> {
    let whole: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    if let Some(key) = whole.keys().find(|k| k.as_str() != "resource") {
        return Err(format!("`{key}` stands outside a [[resource]] table"));
    }
    let parsed = match whole.get("resource") {
        Some(toml::Value::Array(items)) => items.as_slice(),
        Some(_) => return Err("`resource` must be written as [[resource]] tables".into()),
        None => &[],
    };
    let mut starts = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_end() == HEADER {
            starts.push((offset, index + 1));
        }
        offset += line.len();
    }
    if starts.len() != parsed.len() {
        return Err(format!(
            "{} `{HEADER}` header lines but {} resource tables: write each header alone on its line",
            starts.len(),
            parsed.len()
        ));
    }
    let type_name = |item: &toml::Value, key: &str, line: usize| {
        item.get(key)
            .and_then(toml::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("the [[resource]] at line {line} has no string `{key}`"))
    };
    let mut tables = Vec::with_capacity(parsed.len());
    for (i, (item, &(start, line))) in parsed.iter().zip(&starts).enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |&(next, _)| next);
        tables.push(ResourceTable {
            start,
            end,
            line,
            cfn: type_name(item, "cfn", line)?,
            tf: type_name(item, "tf", line)?,
        });
    }
    Ok(tables)
}

/// A table's text read into the mapping types (`[[resource]]` header included).
pub fn parse_resource_table(text: &str) -> Result<super::schema::ResourceMapping, String> {
    let file: super::schema::MappingFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.resource
        .into_iter()
        .next()
        .ok_or_else(|| "no [[resource]] table".to_string())
}

/// What orders a table in the registry's indexes.
pub struct TableKey<'a> {
    pub file: &'a str,
    pub generated: bool,
    pub cfn: &'a str,
    pub tf: &'a str,
}

/// The registry's two indexes over tables listed in file order, computed at build time for the
/// compiled-in files. `by_cfn`: the tables in effect sorted by CloudFormation type (file order
/// within a type), where a curated mapping of a type replaces every generated one. `by_tf`: the
/// same sorted by Terraform type, the one the reverse direction reads first leading: curated
/// before generated, then by file and CloudFormation type (never by hashing).
pub fn type_indexes(keys: &[TableKey]) -> (Vec<usize>, Vec<usize>) {
    let mut by_cfn: Vec<usize> = (0..keys.len()).collect();
    by_cfn.sort_by_key(|&i| (keys[i].cfn, keys[i].generated, i));
    // Sorted so, a type's curated tables come first and shadow its generated ones.
    let mut curated_type = None;
    by_cfn.retain(|&i| {
        let k = &keys[i];
        if !k.generated {
            curated_type = Some(k.cfn);
        }
        !k.generated || curated_type != Some(k.cfn)
    });
    let mut by_tf = by_cfn.clone();
    by_tf.sort_by_key(|&i| (keys[i].tf, keys[i].generated, keys[i].file, keys[i].cfn));
    (by_cfn, by_tf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_a_standalone_document() {
        let text = "# comment\n[[resource]]\ncfn = \"A::B::C\"\ntf = \"a_c\"\n[resource.properties]\nX = \"x\"\n\n[[resource]]\ncfn = \"A::B::D\"\ntf = \"a_d\"\n";
        let tables = split_resource_tables(text).unwrap();
        assert_eq!(tables.len(), 2);
        assert_eq!(
            (tables[0].cfn.as_str(), tables[0].tf.as_str(), tables[0].line),
            ("A::B::C", "a_c", 2)
        );
        assert!(text[tables[0].start..tables[0].end].contains("X = \"x\""));
        assert_eq!(tables[1].line, 8);
        assert_eq!(tables[1].end, text.len());
        let second: toml::Table = toml::from_str(&text[tables[1].start..tables[1].end]).unwrap();
        assert_eq!(second["resource"][0]["cfn"].as_str(), Some("A::B::D"));
    }

    #[test]
    fn text_that_cannot_be_cut_is_refused() {
        let header_in_string = "[[resource]]\ncfn = \"A\"\ntf = \"a\"\nnote = '''\n[[resource]]\n'''\n";
        let e = split_resource_tables(header_in_string).err().unwrap();
        assert!(e.contains("2 `[[resource]]` header lines but 1"), "{e}");
        let outside = "title = \"x\"\n[[resource]]\ncfn = \"A\"\ntf = \"a\"\n";
        assert!(
            split_resource_tables(outside)
                .err()
                .unwrap()
                .contains("`title` stands outside")
        );
        let untyped = "[[resource]]\ntf = \"a\"\n";
        assert!(
            split_resource_tables(untyped)
                .err()
                .unwrap()
                .contains("no string `cfn`")
        );
    }

    #[test]
    fn curated_tables_shadow_generated_ones_of_their_type() {
        let key = |file, generated, cfn, tf| TableKey {
            file,
            generated,
            cfn,
            tf,
        };
        let keys = [
            key("x.toml", false, "T::B", "t_b"),
            key("generated/x.toml", true, "T::A", "t_a"),
            key("generated/x.toml", true, "T::B", "t_b_generated"),
            key("generated/y.toml", true, "T::A", "t_a"),
        ];
        let (by_cfn, by_tf) = type_indexes(&keys);
        assert_eq!(by_cfn, vec![1, 3, 0]);
        assert_eq!(by_tf, vec![1, 3, 0]);
    }
}
