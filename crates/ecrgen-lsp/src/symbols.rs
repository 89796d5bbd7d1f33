//! `textDocument/documentSymbol`: the hierarchical outline of blocks and attributes, from the
//! scanner, so it is there even while the file does not parse.

use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use crate::position::{Encoding, LineMap};
use crate::scan::Outline;

/// Symbols nest at most this deep; the blocks below are listed flat under their ancestor at
/// this depth. Each level costs the response two levels of JSON (a symbol, its `children`), and
/// clients reading it with serde_json refuse more than 128, so the scanner's 64 levels
/// ([`crate::scan::MAX_DEPTH`]) would be too many.
pub const MAX_DEPTH: usize = 32;

/// The outline of `text`.
pub fn symbols(text: &str, enc: Encoding) -> Vec<DocumentSymbol> {
    let outline = Outline::of(text);
    let map = LineMap::new(text);
    let ctx = Ctx {
        outline: &outline,
        text,
        map: &map,
        enc,
    };
    outline.roots.iter().map(|&i| ctx.block(i, 1)).collect()
}

/// What every symbol is made from.
struct Ctx<'a> {
    outline: &'a Outline,
    text: &'a str,
    map: &'a LineMap,
    enc: Encoding,
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

impl Ctx<'_> {
    /// The symbol of block `i` at nesting `depth` (1 at the top level), with its attributes and
    /// nested blocks.
    fn block(&self, i: usize, depth: usize) -> DocumentSymbol {
        let mut symbol = self.flat(i);
        let children = symbol.children.get_or_insert_with(Vec::new);
        let b = &self.outline.blocks[i];
        if depth < MAX_DEPTH {
            children.extend(b.children.iter().map(|&c| self.block(c, depth + 1)));
        } else {
            // Every block below, in source order, without nesting (an explicit stack: no
            // recursion on the way down either).
            let mut stack: Vec<usize> = b.children.iter().rev().copied().collect();
            while let Some(c) = stack.pop() {
                children.push(self.flat(c));
                stack.extend(self.outline.blocks[c].children.iter().rev());
            }
        }
        children.sort_by_key(|s| (s.range.start.line, s.range.start.character));
        symbol
    }

    /// The symbol of block `i` with its attributes but no nested blocks.
    fn flat(&self, i: usize) -> DocumentSymbol {
        block(self.outline, i, self.text, self.map, self.enc)
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
    let children: Vec<DocumentSymbol> = b
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

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(symbols: &[DocumentSymbol]) -> usize {
        symbols
            .iter()
            .map(|s| 1 + s.children.as_deref().map_or(0, depth))
            .max()
            .unwrap_or(0)
    }

    fn count(symbols: &[DocumentSymbol]) -> usize {
        symbols
            .iter()
            .map(|s| 1 + s.children.as_deref().map_or(0, count))
            .sum()
    }

    #[test]
    fn deep_blocks_are_flattened_below_the_limit() {
        let text = format!("{}{}", "a {\n  x = 1\n".repeat(40), "}\n".repeat(40));
        let symbols = symbols(&text, Encoding::Utf16);
        // 32 nested blocks, the 8 deeper ones beside each other, then their attributes.
        assert_eq!(depth(&symbols), MAX_DEPTH + 2);
        assert_eq!(count(&symbols), 80);
        let json = serde_json::to_string(
            &serde_json::json!({ "jsonrpc": "2.0", "id": 1, "result": symbols }),
        )
        .unwrap();
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "serde_json clients can read it"
        );
    }
}
