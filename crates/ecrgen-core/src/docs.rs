//! The spec language reference, generated from the schema table (README and `--help` docs).

use std::fmt::Write;

use crate::schema::{BlockSchema, Label, ROOT};

/// The reference of every block and attribute as Markdown.
pub fn reference_markdown() -> String {
    let mut out = String::new();
    for block in ROOT.blocks {
        write_block(&mut out, block, &[]);
    }
    out
}

fn write_block(out: &mut String, b: &BlockSchema, parents: &[&str]) {
    let mut path: Vec<&str> = parents.to_vec();
    path.push(b.name);
    let header = match b.label {
        Label::None => format!("{} {{}}", path.join(" > ")),
        Label::ConstructId(what) => format!("{} \"<{what}>\" {{}}", path.join(" > ")),
    };
    let count = match b.count {
        (min, Some(max)) if min == max => format!("exactly {min}"),
        (min, Some(max)) => format!("{min}..{max}"),
        (min, None) => format!("{min}..n"),
    };
    let _ = writeln!(out, "#### `{header}`\n");
    let _ = writeln!(out, "{} ({count}; CDK: `{}`)\n", b.doc, b.cdk);
    if !b.attrs.is_empty() {
        let _ = writeln!(
            out,
            "| attribute | type | required | default | meaning | CDK |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for a in b.attrs {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | `{}` |",
                a.name,
                a.ty.describe().replace('|', "\\|"),
                if a.required { "yes" } else { "no" },
                a.default.unwrap_or("").replace('|', "\\|"),
                a.doc.replace('|', "\\|"),
                a.cdk.replace('|', "\\|"),
            );
        }
        out.push('\n');
    }
    if !b.blocks.is_empty() {
        let nested: Vec<String> = b.blocks.iter().map(|c| format!("`{}`", c.name)).collect();
        let _ = writeln!(out, "Nested blocks: {}.\n", nested.join(", "));
    }
    let _ = writeln!(out, "```hcl\n{}\n```\n", b.example);
    for child in b.blocks {
        write_block(out, child, &path);
    }
}
