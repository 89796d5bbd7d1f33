//! `textDocument/codeAction` quick fixes: the checker's own fixes (did-you-mean replacements),
//! "add missing required attributes" for E0106, and `allow_public_access = true` for E0503.

use std::collections::HashMap;
use std::ops::Range;

use ecrgen_core::lower::codes::PUBLIC_ACCESS;
use ecrgen_core::schema::{block_at_path, AttrSchema, AttrType, BlockSchema};
use ecrgen_core::syntax::codes::MISSING_ATTRIBUTE;
use ecrgen_core::CheckResult;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostics::to_lsp;
use crate::position::{Encoding, LineMap};
use crate::scan::{BlockItem, Outline};

/// A byte-range edit of the current file.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// The quick fixes for the diagnostics of file `file` that touch byte range `range`.
pub fn code_actions(
    uri: &Uri,
    text: &str,
    result: &CheckResult,
    file: usize,
    range: Range<usize>,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let map = LineMap::new(text);
    let outline = Outline::of(text);
    let action =
        |title: String, diag: &ecrgen_core::Diagnostic, edits: Vec<Edit>, preferred: bool| {
            let edits = edits
                .into_iter()
                .map(|e| TextEdit {
                    range: map.range(text, &e.range, enc),
                    new_text: e.text,
                })
                .collect();
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(diag, text, &map, enc)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: preferred.then_some(true),
                ..CodeAction::default()
            })
        };
    let mut out = Vec::new();
    let mut missing_done: Vec<usize> = Vec::new();
    for d in result.diagnostics.iter().filter(|d| d.span.file == file) {
        let span = &d.span.range;
        if span.start > range.end || range.start > span.end {
            continue;
        }
        for fix in d.fixes.iter().filter(|f| f.span.file == file) {
            let edit = Edit {
                range: fix.span.range.clone(),
                text: fix.replacement.clone(),
            };
            out.push(action(fix.title.clone(), d, vec![edit], d.fixes.len() == 1));
        }
        if d.code == MISSING_ATTRIBUTE && !missing_done.contains(&span.start) {
            missing_done.push(span.start);
            if let Some(edit) = add_missing(text, &outline, result, file, span.start) {
                out.push(action(
                    "Add missing required attributes".to_string(),
                    d,
                    vec![edit],
                    false,
                ));
            }
        }
        if d.code == PUBLIC_ACCESS {
            if let Some(edit) = allow_public_access(text, &outline, span.start) {
                out.push(action(
                    "Add `allow_public_access = true` to the repository".to_string(),
                    d,
                    vec![edit],
                    true,
                ));
            }
        }
    }
    out
}

/// A placeholder value for an attribute the user must fill in.
fn placeholder(a: &AttrSchema) -> String {
    match a.ty {
        AttrType::String | AttrType::TrustPrincipal | AttrType::OutputValue => "\"\"".into(),
        AttrType::Bool => "false".into(),
        AttrType::PositiveInteger => "1".into(),
        AttrType::Enum(values) => format!("\"{}\"", values.first().copied().unwrap_or_default()),
        AttrType::StringList | AttrType::PrincipalList => "[]".into(),
        AttrType::StringMap
        | AttrType::EventPattern
        | AttrType::Conditions
        | AttrType::JsonObject => "{}".into(),
    }
}

/// The block whose header starts at `header`, with its schema.
fn block_with_header(
    outline: &Outline,
    header: usize,
) -> Option<(&BlockItem, &'static BlockSchema)> {
    let i = outline
        .blocks
        .iter()
        .position(|b| b.name_span.start == header)?;
    Some((&outline.blocks[i], block_at_path(&outline.path(i))?))
}

/// One edit adding every attribute the E0106 diagnostics at `header` name.
fn add_missing(
    text: &str,
    outline: &Outline,
    result: &CheckResult,
    file: usize,
    header: usize,
) -> Option<Edit> {
    let (block, schema) = block_with_header(outline, header)?;
    let mut names: Vec<&'static AttrSchema> = Vec::new();
    for d in result.diagnostics.iter().filter(|d| {
        d.span.file == file && d.span.range.start == header && d.code == MISSING_ATTRIBUTE
    }) {
        // The attribute is the first `name` in the message that the block has.
        let named = d
            .message
            .split('`')
            .skip(1)
            .step_by(2)
            .find_map(|n| schema.attr(n));
        if let Some(a) = named
            .filter(|a| !names.iter().any(|n| n.name == a.name) && block.attr(a.name).is_none())
        {
            names.push(a);
        }
    }
    if names.is_empty() {
        return None;
    }
    let lines: Vec<String> = names
        .iter()
        .map(|a| format!("{} = {}", a.name, placeholder(a)))
        .collect();
    insert_lines(text, block, &lines)
}

/// Sets `allow_public_access = true` in the repository holding `offset`.
fn allow_public_access(text: &str, outline: &Outline, offset: usize) -> Option<Edit> {
    let mut i = outline.block_at(offset)?;
    while let Some(p) = outline.blocks[i].parent {
        i = p;
    }
    let repo = &outline.blocks[i];
    if repo.name != "repository" {
        return None;
    }
    if let Some(a) = repo.attr("allow_public_access") {
        let raw = &text[a.value.clone()];
        let start = a.value.start + (raw.len() - raw.trim_start().len());
        return Some(Edit {
            range: start..start + raw.trim().len(),
            text: "true".into(),
        });
    }
    insert_lines(text, repo, &["allow_public_access = true".to_string()])
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

fn indent_at(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let len = text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len();
    &text[start..start + len]
}

/// Inserts `lines` as the last lines of `block`'s body, indented like its other lines.
fn insert_lines(text: &str, block: &BlockItem, lines: &[String]) -> Option<Edit> {
    let close = block.close?;
    let outer = indent_at(text, block.name_span.start).to_string();
    let inner = match block.attrs.first() {
        Some(a) if line_start(text, a.key.start) > line_start(text, block.open) => {
            indent_at(text, a.key.start).to_string()
        }
        _ => format!("{outer}  "),
    };
    let body: String = lines.iter().map(|l| format!("{inner}{l}\n")).collect();
    let between = &text[block.open + 1..close];
    if !between.contains(['\n', '\r']) {
        // `name { ... }` on one line: break it up.
        let existing = between.trim();
        let existing = if existing.is_empty() {
            String::new()
        } else {
            format!("{inner}{existing}\n")
        };
        return Some(Edit {
            range: block.open + 1..close,
            text: format!("\n{existing}{body}{outer}"),
        });
    }
    let close_line = line_start(text, close);
    if text[close_line..close].trim().is_empty() {
        Some(Edit {
            range: close_line..close_line,
            text: body,
        })
    } else {
        Some(Edit {
            range: close..close,
            text: format!("\n{}{outer}", body),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &Edit) -> String {
        format!(
            "{}{}{}",
            &text[..e.range.start],
            e.text,
            &text[e.range.end..]
        )
    }

    #[test]
    fn inserts_into_multi_and_single_line_blocks() {
        let text = "repository \"R\" {\n    tags = {}\n}\n";
        let o = Outline::of(text);
        let e = insert_lines(text, &o.blocks[0], &["a = 1".into()]).unwrap();
        assert_eq!(
            apply(text, &e),
            "repository \"R\" {\n    tags = {}\n    a = 1\n}\n"
        );
        let text = "  output \"O\" {}\n";
        let o = Outline::of(text);
        let e = insert_lines(text, &o.blocks[0], &["value = \"\"".into()]).unwrap();
        assert_eq!(apply(text, &e), "  output \"O\" {\n    value = \"\"\n  }\n");
        let text = "grant { actions = [] }";
        let o = Outline::of(text);
        let e = insert_lines(text, &o.blocks[0], &["principals = []".into()]).unwrap();
        assert_eq!(
            apply(text, &e),
            "grant {\n  actions = []\n  principals = []\n}"
        );
    }
}
