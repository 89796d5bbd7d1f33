//! `textDocument/formatting` through `ecrgen fmt`'s formatter. A file that does not parse gets
//! no edits (and no error); otherwise one edit replaces the lines that change.

use tower_lsp_server::ls_types::TextEdit;

use crate::position::{Encoding, LineMap};

/// The edits that format `text`.
pub fn format(text: &str, enc: Encoding) -> Vec<TextEdit> {
    let Ok(formatted) = ecrgen_core::format_source(text) else {
        return Vec::new();
    };
    if formatted == text {
        return Vec::new();
    }
    let old: Vec<&str> = text.split_inclusive('\n').collect();
    let new: Vec<&str> = formatted.split_inclusive('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let start: usize = old[..prefix].iter().map(|l| l.len()).sum();
    let end: usize = text.len()
        - old[old.len() - suffix..]
            .iter()
            .map(|l| l.len())
            .sum::<usize>();
    let new_text: String = new[prefix..new.len() - suffix].concat();
    let map = LineMap::new(text);
    vec![TextEdit {
        range: map.range(text, &(start..end), enc),
        new_text,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    #[test]
    fn one_edit_for_the_changed_lines() {
        let text = "# keep\nrepository \"R\" {\n  image_scan_on_push=true\n}\n";
        let edits = format(text, Encoding::Utf16);
        assert_eq!(
            edits,
            vec![TextEdit {
                range: Range::new(Position::new(2, 0), Position::new(3, 0)),
                new_text: "  image_scan_on_push = true\n".into()
            }]
        );
        assert_eq!(
            format("repository \"R\" {\n  ima\n}\n", Encoding::Utf16),
            vec![]
        );
        assert_eq!(format("# keep\n", Encoding::Utf16), vec![]);
    }
}
