//! `textDocument/definition`: from a construct reference (or a construct's own label) to the
//! label of the block that defines it, in whichever file of the spec that is.

use tower_lsp_server::ls_types::Location;

use crate::navigation::{self, Place};
use crate::position::{Encoding, LineMap};
use crate::scan::Outline;
use crate::workspace::Folder;

/// The LSP location of a place in the folder.
pub fn location(folder: &Folder, place: &Place, enc: Encoding) -> Location {
    let f = &folder.files[place.file];
    Location {
        uri: f.uri.clone(),
        range: LineMap::new(&f.text).range(&f.text, &place.range, enc),
    }
}

/// Where the construct named at byte `offset` of file `current` is defined.
pub fn definition(
    folder: &Folder,
    current: usize,
    offset: usize,
    enc: Encoding,
) -> Option<Location> {
    let target = navigation::target_at(&Outline::of(&folder.files[current].text), offset)?;
    let outlines = navigation::outlines(folder);
    let (place, _) = navigation::definition(&outlines, &target)?;
    Some(location(folder, &place, enc))
}
