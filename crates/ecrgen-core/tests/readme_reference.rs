//! The README's spec language reference is the one generated from the schema table.
//! Run with `UPDATE_README=1` to rewrite it.

use std::path::PathBuf;

const BEGIN: &str = "<!-- BEGIN SPEC REFERENCE (generated from the schema table) -->\n";
const END: &str = "<!-- END SPEC REFERENCE -->";

#[test]
fn readme_reference_matches_schema_table() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme
        .find(BEGIN)
        .expect("README has the reference start marker")
        + BEGIN.len();
    let end = readme
        .find(END)
        .expect("README has the reference end marker");
    let generated = ecrgen_core::docs::reference_markdown();
    if readme[start..end] != generated {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..start], generated, &readme[end..]);
            std::fs::write(&path, updated).expect("write README.md");
        } else {
            panic!("README.md's spec reference is stale: run `UPDATE_README=1 cargo test -p ecrgen-core --test readme_reference`");
        }
    }
}
