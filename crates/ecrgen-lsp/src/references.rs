//! `textDocument/references`: every `kind.ID` reference to the construct at the cursor, across
//! the spec's files, optionally preceded by its definition's label.

use tower_lsp_server::ls_types::Location;

use crate::definition::location;
use crate::navigation;
use crate::position::Encoding;
use crate::scan::Outline;
use crate::workspace::Folder;

/// The references to the construct named at byte `offset` of file `current`.
pub fn references(
    folder: &Folder,
    current: usize,
    offset: usize,
    declaration: bool,
    enc: Encoding,
) -> Option<Vec<Location>> {
    let target = navigation::target_at(&Outline::of(&folder.files[current].text), offset)?;
    let outlines = navigation::outlines(folder);
    let mut places = Vec::new();
    if declaration {
        places.extend(navigation::definition(&outlines, &target).map(|(p, _)| p));
    }
    places.extend(navigation::references(&outlines, &target));
    Some(places.iter().map(|p| location(folder, p, enc)).collect())
}
