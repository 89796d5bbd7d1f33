//! `textDocument/hover`: schema docs for block types, attributes and enum values; for a
//! reference, the referenced block's text.

use ecrgen_core::schema::{block_at_path, AttrType};
use tower_lsp_server::ls_types::{Hover, HoverContents};

use crate::docs::{self, Doc};
use crate::navigation::{self, KINDS};
use crate::position::LineMap;
use crate::scan::Outline;
use crate::workspace::{ClientConfig, Folder};

/// The hover at byte `offset` of file `current`.
pub fn hover(folder: &Folder, current: usize, offset: usize, cfg: &ClientConfig) -> Option<Hover> {
    let text: &str = &folder.files[current].text;
    let outline = Outline::of(text);
    let (doc, range) = find(folder, current, &outline, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(doc.markup(cfg.hover_markdown)),
        range: Some(LineMap::new(text).range(text, &range, cfg.encoding)),
    })
}

fn within(r: &std::ops::Range<usize>, offset: usize) -> bool {
    r.start <= offset && offset <= r.end
}

fn find(
    folder: &Folder,
    current: usize,
    outline: &Outline,
    offset: usize,
) -> Option<(Doc, std::ops::Range<usize>)> {
    if let Some(r) = outline.ref_at(offset) {
        if KINDS.contains(&r.parts[0].0.as_str()) {
            let target = navigation::Target {
                kind: r.parts[0].0.clone(),
                id: r.parts[1].0.clone(),
            };
            let outlines = navigation::outlines(folder);
            let (place, span) = navigation::definition(&outlines, &target)?;
            let file = &folder.files[place.file];
            return Some((
                docs::reference(&target.kind, &target.id, &file.name, &file.text[span]),
                r.span.clone(),
            ));
        }
    }
    let idx = outline.block_at(offset)?;
    let b = &outline.blocks[idx];
    let schema = block_at_path(&outline.path(idx))?;
    if within(&b.name_span, offset) {
        return Some((docs::block(schema), b.name_span.clone()));
    }
    if let Some(l) = b.labels.iter().find(|l| within(&l.span, offset)) {
        return Some((docs::block(schema), l.span.clone()));
    }
    let text: &str = &folder.files[current].text;
    for a in &b.attrs {
        let Some(attr) = schema.attr(&a.name) else {
            continue;
        };
        if within(&a.key, offset) {
            return Some((docs::attr(attr), a.key.clone()));
        }
        let raw = &text[a.value.clone()];
        let start = a.value.start + (raw.len() - raw.trim_start().len());
        let value = start..start + raw.trim().len();
        if within(&value, offset) {
            let AttrType::Enum(values) = attr.ty else {
                return None;
            };
            let inner = text[value.clone()]
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))?;
            return values
                .contains(&inner)
                .then(|| (docs::enum_value(attr, inner), value));
        }
    }
    None
}
