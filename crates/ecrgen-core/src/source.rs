//! Spec sources: file names and texts, and byte offset to line/column conversion.

/// One spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as given).
    pub name: String,
    /// The text.
    pub text: String,
}

/// The files of one spec, in the order they are applied (byte order of names).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceSet {
    /// The files.
    pub files: Vec<SourceFile>,
}

impl SourceSet {
    /// A set of one file.
    pub fn single(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            files: vec![SourceFile {
                name: name.into(),
                text: text.into(),
            }],
        }
    }
    /// Adds a file.
    pub fn push(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
        });
    }
}

/// A position as a 0-based line and a 0-based column in the chosen unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 0-based line.
    pub line: u32,
    /// 0-based column.
    pub col: u32,
}

/// Maps byte offsets of one text to lines and columns (in chars or UTF-16 units), after
/// rust-analyzer's `line-index`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of each line start.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`, `\r\n` and a lone `\r`, as LSP counts them, so the
    /// CLI and the language server give every diagnostic the same line.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        Self {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` starts (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Clamps `offset` into the text and back onto a char boundary.
    fn clamp(text: &str, offset: usize) -> usize {
        let mut o = offset.min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// Line and column in Unicode scalar values.
    pub fn char_pos(&self, text: &str, offset: usize) -> LineCol {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let col = text[self.starts[line]..offset].chars().count();
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Line and column in UTF-16 code units (LSP's default).
    pub fn utf16_pos(&self, text: &str, offset: usize) -> LineCol {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let col: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Byte offset of a UTF-16 position (clamped to the line's end).
    pub fn utf16_offset(&self, text: &str, pos: LineCol) -> usize {
        let start = self.line_start(pos.line as usize);
        let end = self.line_end(text, pos.line as usize);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            if units >= pos.col as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// Byte offset of a line and byte column (UTF-8 positions; clamped to the line's end).
    pub fn utf8_offset(&self, text: &str, pos: LineCol) -> usize {
        let start = self.line_start(pos.line as usize);
        let end = self.line_end(text, pos.line as usize);
        Self::clamp(text, (start + pos.col as usize).min(end))
    }

    /// Byte offset of the end of line `line`, before its newline.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let mut end = next.min(text.len());
        if end > self.line_start(line) && text.as_bytes().get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > self.line_start(line) && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a = \"😀x\"\nb";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.utf16_pos(text, x), LineCol { line: 0, col: 7 });
        assert_eq!(idx.char_pos(text, x), LineCol { line: 0, col: 6 });
        assert_eq!(idx.utf16_offset(text, LineCol { line: 0, col: 7 }), x);
        assert_eq!(idx.utf16_pos(text, text.len()), LineCol { line: 1, col: 1 });
    }

    #[test]
    fn every_line_ending_lsp_knows_ends_a_line() {
        let text = "a\nb\r\nc\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let d = text.find('d').unwrap();
        assert_eq!(idx.char_pos(text, d), LineCol { line: 3, col: 0 });
        let c = text.find('c').unwrap();
        assert_eq!(idx.char_pos(text, c), LineCol { line: 2, col: 0 });
    }
}
