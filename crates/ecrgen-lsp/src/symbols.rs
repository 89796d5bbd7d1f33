//! `textDocument/documentSymbol`: the hierarchical outline of blocks and attributes, from the
//! scanner, so it is there even while the file does not parse.

use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use crate::position::{Encoding, LineMap};
use crate::scan::Outline;

/// The outline of `text`.
pub fn symbols(text: &str, enc: Encoding) -> Vec<DocumentSymbol> {
    let outline = Outline::of(text);
    let map = LineMap::new(text);
    outline
        .roots
        .iter()
        .map(|&i| block(&outline, i, text, &map, enc))
        .collect()
}

fn kind(name: &str, labelled: bool) -> SymbolKind {
    match name {
        "stack" => SymbolKind::NAMESPACE,
        "repository" => SymbolKind::MODULE,
        "iam_user" | "iam_role" => SymbolKind::OBJECT,
        "output" => SymbolKind::VARIABLE,
        _ if labelled => SymbolKind::EVENT,
        _ => SymbolKind::STRUCT,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
fn block(outline: &Outline, i: usize, text: &str, map: &LineMap, enc: Encoding) -> DocumentSymbol {
    let b = &outline.blocks[i];
    let label = b.labels.first().filter(|l| !l.text.is_empty());
    let (name, detail, selection) = match label {
        Some(l) => (l.text.clone(), Some(b.name.clone()), l.inner.clone()),
        None => (b.name.clone(), None, b.name_span.clone()),
    };
    let mut children: Vec<DocumentSymbol> = b
        .attrs
        .iter()
        .map(|a| DocumentSymbol {
            name: a.name.clone(),
            detail: None,
            kind: SymbolKind::FIELD,
            tags: None,
            deprecated: None,
            range: map.range(text, &(a.key.start..a.value.end), enc),
            selection_range: map.range(text, &a.key, enc),
            children: None,
        })
        .collect();
    children.extend(
        b.children
            .iter()
            .map(|&c| block(outline, c, text, map, enc)),
    );
    children.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    DocumentSymbol {
        name,
        detail,
        kind: kind(&b.name, label.is_some()),
        tags: None,
        deprecated: None,
        range: map.range(text, &b.span(), enc),
        selection_range: map.range(text, &selection, enc),
        children: Some(children),
    }
}
