//! Byte offsets <-> LSP positions, in the negotiated encoding (UTF-16 by default, UTF-8 when the
//! client offers it). Lines end at `\n`, `\r\n` or a lone `\r`, as LSP 3.17 counts them.
//! Every conversion clamps: a position past the end of a line or of the text never panics.

use std::ops::Range as ByteRange;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The unit of LSP columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

impl Encoding {
    /// Picks UTF-8 when the client offers it, else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Self::Utf8,
            _ => Self::Utf16,
        }
    }

    /// The LSP name of the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Self::Utf16 => PositionEncodingKind::UTF16,
            Self::Utf8 => PositionEncodingKind::UTF8,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Self::Utf16 => c.len_utf16(),
            Self::Utf8 => c.len_utf8(),
        }
    }
}

/// Line starts of one text.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<usize>,
}

impl LineMap {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self { starts }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where `line` starts (the text's end past the last line).
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }

    /// Byte offset where `line`'s content ends, before its line break.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let bytes = text.as_bytes();
        let mut end = next;
        if end > 0 && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > 0 && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end.max(self.line_start(text, line))
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// The LSP position of byte `offset` (clamped into the text and onto a char boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = floor_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        if offset > self.line_end(text, line) {
            // Between the `\r` and `\n` of a CRLF: LSP cannot point there; the break ends here.
            return Position::new(line as u32 + 1, 0);
        }
        let col: usize = text[start..offset].chars().map(|c| enc.width(c)).sum();
        Position::new(line as u32, col as u32)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, text: &str, range: &ByteRange<usize>, enc: Encoding) -> Range {
        Range::new(
            self.position(text, range.start, enc),
            self.position(text, range.end, enc),
        )
    }

    /// The byte offset of an LSP position; a column past the line's end means the line's end, a
    /// line past the last means the text's end, a column inside a character its start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.line_end(text, line);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            let w = enc.width(c);
            if units + w > pos.character as usize {
                return start + i;
            }
            units += w;
        }
        end
    }
}

/// Clamps `offset` into `text` and down onto a char boundary.
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The char index in `rope` of an LSP position, with the same clamping as [`LineMap::offset`].
pub fn rope_char_index(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut content = slice.len_chars();
    if content > 0 && slice.char(content - 1) == '\n' {
        content -= 1;
    }
    if content > 0 && slice.char(content - 1) == '\r' {
        content -= 1;
    }
    let mut units = 0usize;
    for (i, c) in slice.chars().take(content).enumerate() {
        let w = enc.width(c);
        if units + w > pos.character as usize {
            return start + i;
        }
        units += w;
    }
    start + content
}

/// Applies one LSP content change (a range and its new text, or the whole text) to `rope`.
pub fn apply_change(rope: &mut Rope, range: Option<Range>, text: &str, enc: Encoding) {
    match range {
        None => *rope = Rope::from_str(text),
        Some(r) => {
            let a = rope_char_index(rope, r.start, enc);
            let b = rope_char_index(rope, r.end, enc);
            let (start, end) = if a <= b { (a, b) } else { (b, a) };
            rope.remove(start..end);
            rope.insert(start, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns() {
        let text = "d = \"é😀\" x\ny";
        let map = LineMap::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(map.position(text, x, Encoding::Utf16), Position::new(0, 10));
        assert_eq!(map.position(text, x, Encoding::Utf8), Position::new(0, 13));
        assert_eq!(map.offset(text, Position::new(0, 10), Encoding::Utf16), x);
        assert_eq!(map.offset(text, Position::new(0, 13), Encoding::Utf8), x);
        // Inside the surrogate pair: the start of the emoji.
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            map.offset(text, Position::new(0, 7), Encoding::Utf16),
            emoji
        );
        assert_eq!(
            map.position(text, text.len(), Encoding::Utf16),
            Position::new(1, 1)
        );
    }

    #[test]
    fn line_breaks_and_clamping() {
        let text = "ab\r\ncd\ref\ngh";
        let map = LineMap::new(text);
        assert_eq!(map.line_count(), 4);
        assert_eq!(map.offset(text, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(map.offset(text, Position::new(1, 1), Encoding::Utf16), 5);
        assert_eq!(map.offset(text, Position::new(2, 0), Encoding::Utf16), 7);
        assert_eq!(
            map.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        assert_eq!(map.position(text, 2, Encoding::Utf16), Position::new(0, 2));
        assert_eq!(map.position(text, 3, Encoding::Utf16), Position::new(1, 0));
        let mut rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 4);
        apply_change(
            &mut rope,
            Some(Range::new(Position::new(1, 9), Position::new(2, 1))),
            "X",
            Encoding::Utf16,
        );
        assert_eq!(rope.to_string(), "ab\r\ncdXf\ngh");
    }

    #[test]
    fn rope_and_line_map_agree() {
        let text = "a😀b\r\né\rx\n\nlast";
        let map = LineMap::new(text);
        let rope = Rope::from_str(text);
        for line in 0..6u32 {
            for col in 0..6u32 {
                for enc in [Encoding::Utf16, Encoding::Utf8] {
                    let p = Position::new(line, col);
                    let by_map = map.offset(text, p, enc);
                    let by_rope = rope.char_to_byte(rope_char_index(&rope, p, enc));
                    assert_eq!(by_map, by_rope, "{p:?} {enc:?}");
                }
            }
        }
    }
}
