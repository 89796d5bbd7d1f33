//! A tolerant scanner for half-typed spec files (research §4.4).
//!
//! hcl-edit stops at the first syntax error, so completion, hover, symbols and navigation read
//! the text with this scanner instead: one forward pass that tracks blocks, brackets, strings
//! (which never span lines), interpolations, heredocs and comments, and records block headers,
//! attribute keys, value ranges and references. It never fails: unbalanced braces, stray quotes
//! and junk are skipped. A top-level block type written at column 0 closes any block left open
//! above it, so one missing `}` does not swallow the rest of the file.
//!
//! The pass is linear in the text whatever the input: nothing searches back further than
//! [`MAX_DEPTH`] frames or than the blanks before a token, and what nests deeper than
//! [`MAX_DEPTH`] (hcl-edit's own limit, so such text never parses) is skipped as one token.

use std::ops::Range;

use ecrgen_core::schema::ROOT;

/// How deep blocks, brackets, strings and interpolations nest in the scanner's view; text
/// nested deeper is skipped (brackets counted, nothing recorded). hcl-edit rejects more than 64
/// levels, so no file that parses loses anything.
pub const MAX_DEPTH: usize = 64;

/// A block label as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelItem {
    /// The label text (without quotes).
    pub text: String,
    /// The label including its quotes.
    pub span: Range<usize>,
    /// The text between the quotes.
    pub inner: Range<usize>,
}

/// An attribute `key = value` inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrItem {
    /// The key.
    pub name: String,
    /// Where the key is.
    pub key: Range<usize>,
    /// The value: from after `=` to the end of the last token of the statement.
    pub value: Range<usize>,
}

/// A block `name "label" { ... }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockItem {
    /// Block type.
    pub name: String,
    /// Where the block type is.
    pub name_span: Range<usize>,
    /// Labels.
    pub labels: Vec<LabelItem>,
    /// Offset of the opening `{`.
    pub open: usize,
    /// Offset of the closing `}`, when there is one.
    pub close: Option<usize>,
    /// Where the block ends: after its `}`, or where the scanner gave it up.
    pub end: usize,
    /// Attributes in source order.
    pub attrs: Vec<AttrItem>,
    /// Nested blocks (indices into [`Outline::blocks`]).
    pub children: Vec<usize>,
    /// The enclosing block.
    pub parent: Option<usize>,
}

impl BlockItem {
    /// From the block type to the end of the block.
    pub fn span(&self) -> Range<usize> {
        self.name_span.start..self.end
    }
    /// The first label's text.
    pub fn label(&self) -> Option<&str> {
        self.labels.first().map(|l| l.text.as_str())
    }
    /// The attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&AttrItem> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// A dotted name in a value: `iam_role.Ci`, `repository.Api.repository_uri`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefItem {
    /// Each part and its span.
    pub parts: Vec<(String, Range<usize>)>,
    /// The whole name.
    pub span: Range<usize>,
    /// The block whose attribute holds it.
    pub block: Option<usize>,
}

impl RefItem {
    /// The span of the first two parts (`iam_role.Ci` in `iam_role.Ci.role_arn`).
    pub fn target_span(&self) -> Range<usize> {
        let end = self.parts.get(1).map_or(self.span.end, |(_, r)| r.end);
        self.span.start..end
    }
}

/// Everything the scanner found in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// All blocks, in order of their headers.
    pub blocks: Vec<BlockItem>,
    /// Top-level blocks.
    pub roots: Vec<usize>,
    /// Dotted names whose first part is `repository`, `iam_user` or `iam_role`.
    pub refs: Vec<RefItem>,
}

impl Outline {
    /// Scans a whole text.
    pub fn of(text: &str) -> Self {
        let mut s = Scanner::new(text);
        s.run(text.len());
        s.finish()
    }

    /// The innermost block whose span holds `offset`.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let mut found = None;
        let mut level: &[usize] = &self.roots;
        'down: loop {
            for &i in level {
                let b = &self.blocks[i];
                if b.name_span.start <= offset && offset <= b.end {
                    found = Some(i);
                    level = &b.children;
                    continue 'down;
                }
            }
            return found;
        }
    }

    /// Block type names from the top level down to block `idx`.
    pub fn path(&self, idx: usize) -> Vec<&str> {
        let mut path = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur {
            path.push(self.blocks[i].name.as_str());
            cur = self.blocks[i].parent;
        }
        path.reverse();
        path
    }

    /// The reference whose span holds `offset`.
    pub fn ref_at(&self, offset: usize) -> Option<&RefItem> {
        self.refs
            .iter()
            .find(|r| r.span.start <= offset && offset <= r.span.end)
    }

    /// The top-level block `kind "id"`.
    pub fn definition(&self, kind: &str, id: &str) -> Option<&BlockItem> {
        self.roots
            .iter()
            .map(|&i| &self.blocks[i])
            .find(|b| b.name == kind && b.label() == Some(id))
    }
}

/// Where the cursor is, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// Where an attribute or a nested block starts; `prefix` is the name typed so far.
    Key {
        /// The enclosing block (none at the top level).
        block: Option<usize>,
        /// The text typed so far.
        prefix: Range<usize>,
    },
    /// After `attr =`, directly or inside a list; `prefix` is the name typed so far.
    Value {
        /// The block holding the attribute.
        block: Option<usize>,
        /// The attribute.
        attr: String,
        /// The text typed so far (may hold dots).
        prefix: Range<usize>,
        /// Whether the cursor is inside a list.
        in_list: bool,
    },
    /// Inside a quoted string that is an attribute's value (or an element of its list).
    Str {
        /// The block holding the attribute.
        block: Option<usize>,
        /// The attribute.
        attr: String,
        /// From after the opening quote to the cursor.
        prefix: Range<usize>,
        /// Whether the string is inside a list.
        in_list: bool,
    },
    /// Nowhere completion can help (a comment, a label, an object key...).
    None,
}

/// The completion context at byte `cursor` of `text`, with the whole text's outline (whose
/// block indices the context uses).
pub fn context(text: &str, cursor: usize) -> (Context, Outline) {
    let outline = Outline::of(text);
    let cursor = crate::position::floor_boundary(text, cursor);
    let mut s = Scanner::new(text);
    s.run(cursor);
    let ctx = s.context(cursor);
    let ctx = match ctx {
        Context::Key { block, prefix } => Context::Key {
            block: leave_unclosed(text, &outline, block, prefix.start),
            prefix,
        },
        other => other,
    };
    (ctx, outline)
}

/// In a block left open to the end of the file, a key written at or left of the block's own
/// column belongs to an enclosing block.
fn leave_unclosed(
    text: &str,
    outline: &Outline,
    mut block: Option<usize>,
    at: usize,
) -> Option<usize> {
    let col = column(text, at);
    while let Some(i) = block {
        let b = outline.blocks.get(i)?;
        if b.close.is_some() || col > column(text, b.name_span.start) {
            break;
        }
        block = b.parent;
    }
    block
}

fn column(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    offset - line_start
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Path,
    Str,
    Eq,
    Other,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    /// The file body (`None`) or a block body.
    Body(Option<usize>),
    Object,
    List,
    Paren,
    Str(usize),
    Interp,
}

#[derive(Debug, Clone)]
struct Frame {
    kind: FrameKind,
    /// Statement tokens (bodies only).
    stmt: Vec<Tok>,
    /// The attribute the current statement defines (bodies only).
    attr: Option<usize>,
    /// End of the last token of the current statement, at any depth (bodies only).
    last_end: usize,
    /// The last token at this level (lists, objects, parentheses).
    last: Option<Tok>,
    /// Where the bracket opened.
    open: usize,
    /// Whether `stmt` can be a block header: a name, then names and strings (kept as tokens
    /// arrive, so a `{` after a long statement does not re-read it).
    header: bool,
    /// Whether `stmt` holds an `=`.
    has_eq: bool,
}

impl Frame {
    fn new(kind: FrameKind, open: usize) -> Self {
        Self {
            kind,
            stmt: Vec::new(),
            attr: None,
            last_end: open,
            last: None,
            open,
            header: false,
            has_eq: false,
        }
    }

    /// Adds a token to the statement.
    fn push_tok(&mut self, tok: Tok) {
        self.header = match self.stmt.is_empty() {
            true => tok.kind == Kind::Ident,
            false => self.header && matches!(tok.kind, Kind::Ident | Kind::Str),
        };
        self.has_eq |= tok.kind == Kind::Eq;
        self.stmt.push(tok);
    }

    /// Starts a new statement.
    fn clear_stmt(&mut self) {
        self.stmt.clear();
        self.header = false;
        self.has_eq = false;
    }
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    frames: Vec<Frame>,
    out: Outline,
    /// Whether [`Scanner::run`] stopped inside a comment or a heredoc.
    opaque: bool,
    /// Brackets open beyond [`MAX_DEPTH`] (then the scanner only counts brackets).
    deep: usize,
    /// Where the text nested beyond [`MAX_DEPTH`] started.
    deep_start: usize,
    /// Where the current [`Scanner::run`] stops.
    limit: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80
}

const REF_KINDS: [&str; 3] = ecrgen_core::schema::REFERABLE_BLOCKS;

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            frames: vec![Frame::new(FrameKind::Body(None), 0)],
            out: Outline::default(),
            opaque: false,
            deep: 0,
            deep_start: 0,
            limit: 0,
        }
    }

    fn top(&self) -> &Frame {
        self.frames
            .last()
            .expect("the file body frame is never popped")
    }

    fn top_mut(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the file body frame is never popped")
    }

    /// The innermost body frame.
    fn body_mut(&mut self) -> &mut Frame {
        self.frames
            .iter_mut()
            .rev()
            .find(|f| matches!(f.kind, FrameKind::Body(_)))
            .expect("the file body frame is never popped")
    }

    fn body_block(&self) -> Option<usize> {
        self.frames.iter().rev().find_map(|f| match f.kind {
            FrameKind::Body(b) => Some(b),
            _ => None,
        })?
    }

    /// Whether only blanks precede `offset` on its line. Reads back over the blanks only, so
    /// asking for every token of a long line stays linear.
    fn first_on_line(&self, offset: usize) -> bool {
        let before = &self.bytes[..offset];
        let blanks = before
            .iter()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        blanks == offset || matches!(before[offset - blanks - 1], b'\n' | b'\r')
    }

    /// Opens a frame, or starts skipping when [`MAX_DEPTH`] frames are open already (a string
    /// is then skipped whole, interpolations and all).
    fn push(&mut self, frame: Frame) {
        if self.frames.len() <= MAX_DEPTH {
            self.frames.push(frame);
            return;
        }
        self.deep_start = frame.open;
        match frame.kind {
            FrameKind::Str(_) => {
                self.pos = frame.open;
                self.skip_plain_string();
                let span = self.deep_start..self.pos;
                self.note(Tok {
                    kind: Kind::Str,
                    span,
                });
            }
            _ => self.deep = 1,
        }
    }

    /// Skips the string opening at `pos` up to its closing quote or its line's end, escapes
    /// skipped, interpolations not followed.
    fn skip_plain_string(&mut self) {
        let limit = self.limit;
        self.pos += 1;
        while self.pos < limit && !matches!(self.bytes[self.pos], b'"' | b'\n' | b'\r') {
            self.pos += if self.bytes[self.pos] == b'\\' { 2 } else { 1 };
        }
        if self.pos < limit && self.bytes[self.pos] == b'"' {
            self.pos += 1;
        }
        self.pos = self.pos.min(limit);
    }

    /// One step through text nested beyond [`MAX_DEPTH`]: brackets are counted, strings and
    /// comments skipped; the text ends with the bracket that closes it, with its line when it
    /// is inside a string (quoted strings never span lines), or at a top-level block header at
    /// column 0.
    fn deep_step(&mut self, limit: usize) {
        let b = self.bytes[self.pos];
        let next = self.bytes.get(self.pos + 1).copied();
        match b {
            b'\n' | b'\r'
                if self
                    .frames
                    .iter()
                    .any(|f| matches!(f.kind, FrameKind::Str(_))) =>
            {
                // The newline itself is left to `run`, which ends the strings.
                self.leave_deep();
            }
            b'"' => self.skip_plain_string(),
            b'#' => self.skip_line(limit),
            b'/' if next == Some(b'/') => self.skip_line(limit),
            b'/' if next == Some(b'*') => self.skip_block_comment(limit),
            b'{' | b'[' | b'(' => {
                self.deep += 1;
                self.pos += 1;
            }
            b'}' | b']' | b')' => {
                self.deep -= 1;
                self.pos += 1;
                if self.deep == 0 {
                    self.leave_deep();
                }
            }
            _ if is_ident_start(b)
                && self.at_line_start(self.pos)
                && self.top_level_header_at(self.pos) =>
            {
                // Left to `ident`, which closes everything open above.
                self.leave_deep();
            }
            _ => self.pos += 1,
        }
    }

    /// Ends skipping: the skipped text is one token of the enclosing value.
    fn leave_deep(&mut self) {
        self.deep = 0;
        let span = self.deep_start..self.pos;
        self.note(Tok {
            kind: Kind::Other,
            span,
        });
    }

    /// Whether a top-level block type followed by a header starts at `start`.
    fn top_level_header_at(&self, start: usize) -> bool {
        let mut end = start;
        while end < self.bytes.len() && is_ident_continue(self.bytes[end]) {
            end += 1;
        }
        ROOT.block(&self.text[start..end]).is_some() && self.header_follows(end)
    }

    fn at_line_start(&self, offset: usize) -> bool {
        offset == 0 || matches!(self.bytes[offset - 1], b'\n' | b'\r')
    }

    fn run(&mut self, limit: usize) {
        let limit = limit.min(self.bytes.len());
        self.limit = limit;
        while self.pos < limit {
            if self.deep > 0 {
                self.deep_step(limit);
                continue;
            }
            if let FrameKind::Str(_) = self.top().kind {
                self.string_char(limit);
                continue;
            }
            let b = self.bytes[self.pos];
            let next = self.bytes.get(self.pos + 1).copied();
            match b {
                b'\n' | b'\r' => {
                    // Quoted strings, interpolations included, never span lines.
                    if let Some(first_str) = self
                        .frames
                        .iter()
                        .position(|f| matches!(f.kind, FrameKind::Str(_)))
                    {
                        self.frames.truncate(first_str);
                    }
                    if let FrameKind::Body(_) = self.top().kind {
                        self.end_statement();
                    }
                    self.pos += 1;
                }
                b' ' | b'\t' => self.pos += 1,
                b'#' => self.skip_line(limit),
                b'/' if next == Some(b'/') => self.skip_line(limit),
                b'/' if next == Some(b'*') => self.skip_block_comment(limit),
                b'"' => {
                    let at = self.pos;
                    self.pos += 1;
                    self.push(Frame::new(FrameKind::Str(at), at));
                }
                b'{' => self.open_brace(),
                b'}' => self.close_brace(),
                b'[' => self.open(FrameKind::List),
                b'(' => self.open(FrameKind::Paren),
                b']' => self.close(FrameKind::List),
                b')' => self.close(FrameKind::Paren),
                b'=' if next == Some(b'=') || next == Some(b'>') => self.other(2),
                b'=' => {
                    let at = self.pos;
                    self.pos += 1;
                    self.eq(at);
                }
                b'<' if next == Some(b'<') => self.heredoc(limit),
                _ if is_ident_start(b) => self.ident(limit),
                b'0'..=b'9' => {
                    let start = self.pos;
                    while self.pos < limit
                        && (self.bytes[self.pos].is_ascii_alphanumeric()
                            || self.bytes[self.pos] == b'.')
                    {
                        self.pos += 1;
                    }
                    self.note(Tok {
                        kind: Kind::Other,
                        span: start..self.pos,
                    });
                }
                _ => self.other(1),
            }
        }
    }

    fn finish(mut self) -> Outline {
        while !self.frames.is_empty() {
            if let FrameKind::Body(_) = self.top().kind {
                self.end_statement();
            }
            self.frames.pop();
        }
        self.out
    }

    /// Whether a header (`"label"`s or names, then `{`) follows on this line from `p`.
    fn header_follows(&self, mut p: usize) -> bool {
        let b = self.bytes;
        loop {
            while p < b.len() && matches!(b[p], b' ' | b'\t') {
                p += 1;
            }
            match b.get(p) {
                Some(b'{') => return true,
                Some(b'"') => {
                    p += 1;
                    while p < b.len() && !matches!(b[p], b'"' | b'\n' | b'\r') {
                        p += 1;
                    }
                    if b.get(p) != Some(&b'"') {
                        return false;
                    }
                    p += 1;
                }
                Some(&c) if is_ident_start(c) => {
                    while p < b.len() && is_ident_continue(b[p]) {
                        p += 1;
                    }
                }
                _ => return false,
            }
        }
    }

    /// Gives up every open block and bracket: they end at `at`.
    fn reset_to_top_level(&mut self, at: usize) {
        while self.frames.len() > 1 {
            if let FrameKind::Body(Some(i)) = self.top().kind {
                self.end_statement();
                self.out.blocks[i].end = at;
            }
            self.frames.pop();
        }
        self.top_mut().clear_stmt();
        self.top_mut().attr = None;
    }

    fn other(&mut self, len: usize) {
        let start = self.pos;
        self.pos = (self.pos + len).min(self.bytes.len());
        self.note(Tok {
            kind: Kind::Other,
            span: start..self.pos,
        });
    }

    /// Skips a `/* ... */` comment that starts at `pos`; one that runs past `limit` makes the
    /// rest opaque.
    fn skip_block_comment(&mut self, limit: usize) {
        let end = self.text[self.pos + 2..]
            .find("*/")
            .map_or(self.bytes.len(), |i| self.pos + 2 + i + 2);
        self.opaque = end > limit;
        self.pos = end.min(limit);
    }

    fn skip_line(&mut self, limit: usize) {
        while self.pos < limit && !matches!(self.bytes[self.pos], b'\n' | b'\r') {
            self.pos += 1;
        }
        self.opaque = self.pos == limit;
    }

    fn string_char(&mut self, limit: usize) {
        let b = self.bytes[self.pos];
        let next = self.bytes.get(self.pos + 1).copied();
        match b {
            b'"' => {
                let f = self.frames.pop().expect("a string frame is on top");
                self.pos += 1;
                self.note(Tok {
                    kind: Kind::Str,
                    span: f.open..self.pos,
                });
            }
            // Quoted strings end at the line's end, closed or not.
            b'\n' | b'\r' => {
                self.frames.pop();
            }
            b'\\' => self.pos = (self.pos + 2).min(limit.max(self.pos + 1)),
            b'$' | b'%' if next == Some(b) && self.bytes.get(self.pos + 2) == Some(&b'{') => {
                self.pos += 3
            }
            b'$' | b'%' if next == Some(b'{') => {
                let at = self.pos;
                self.pos += 2;
                self.push(Frame::new(FrameKind::Interp, at));
            }
            _ => self.pos += 1,
        }
    }

    /// Records a token at the current level.
    fn note(&mut self, tok: Tok) {
        let end = tok.span.end;
        let top = self.top_mut();
        match top.kind {
            FrameKind::Body(_) => top.push_tok(tok),
            FrameKind::Str(_) => {}
            _ => top.last = Some(tok),
        }
        self.body_mut().last_end = end;
    }

    fn eq(&mut self, at: usize) {
        let block = self.body_block();
        let top = self.top_mut();
        let FrameKind::Body(_) = top.kind else {
            top.last = Some(Tok {
                kind: Kind::Eq,
                span: at..at + 1,
            });
            return;
        };
        let starts_attr = top.stmt.len() == 1 && top.stmt[0].kind == Kind::Ident;
        let key = top.stmt.first().map(|t| t.span.clone());
        top.push_tok(Tok {
            kind: Kind::Eq,
            span: at..at + 1,
        });
        top.last_end = at + 1;
        if let (true, Some(key), Some(b)) = (starts_attr, key, block) {
            let name = self.text[key.clone()].to_string();
            let attrs = &mut self.out.blocks[b].attrs;
            attrs.push(AttrItem {
                name,
                key,
                value: at + 1..at + 1,
            });
            let idx = attrs.len() - 1;
            self.top_mut().attr = Some(idx);
        }
    }

    fn in_value(&self) -> bool {
        match self.top().kind {
            FrameKind::Body(_) => self.top().has_eq,
            _ => true,
        }
    }

    fn ident(&mut self, limit: usize) {
        let start = self.pos;
        if self.frames.len() > 1 && self.at_line_start(start) {
            let mut end = start;
            while end < self.bytes.len() && is_ident_continue(self.bytes[end]) {
                end += 1;
            }
            if ROOT.block(&self.text[start..end]).is_some() && self.header_follows(end) {
                // A top-level block type at column 0: whatever is still open above was left unclosed.
                self.reset_to_top_level(start);
            }
        }
        if !matches!(self.top().kind, FrameKind::Body(_)) && self.first_on_line(start) {
            let mut end = start;
            while end < self.bytes.len() && is_ident_continue(self.bytes[end]) {
                end += 1;
            }
            let mut next = end;
            while next < self.bytes.len() && matches!(self.bytes[next], b' ' | b'\t') {
                next += 1;
            }
            let assigns =
                self.bytes.get(next) == Some(&b'=') && self.bytes.get(next + 1) != Some(&b'=');
            let in_list = matches!(self.top().kind, FrameKind::List | FrameKind::Paren);
            if (assigns && in_list) || self.header_follows(end) {
                // `name =` or a block header cannot stand in a list (nor a header in an object):
                // the bracket above was left unclosed.
                while !matches!(self.top().kind, FrameKind::Body(_)) {
                    self.frames.pop();
                }
                self.end_statement();
            }
        }
        let value = self.in_value();
        let mut parts = Vec::new();
        loop {
            let s = self.pos;
            while self.pos < limit && is_ident_continue(self.bytes[self.pos]) {
                self.pos += 1;
            }
            parts.push((self.text[s..self.pos].to_string(), s..self.pos));
            if value && self.pos < limit && self.bytes[self.pos] == b'.' {
                self.pos += 1;
                continue;
            }
            break;
        }
        let span = start..self.pos;
        let kind = if parts.len() > 1 {
            Kind::Path
        } else {
            Kind::Ident
        };
        if parts.len() > 1 && REF_KINDS.contains(&parts[0].0.as_str()) && !parts[1].0.is_empty() {
            let block = self.body_block();
            self.out.refs.push(RefItem {
                parts,
                span: span.clone(),
                block,
            });
        }
        self.note(Tok { kind, span });
    }

    fn heredoc(&mut self, limit: usize) {
        let start = self.pos;
        let mut p = self.pos + 2;
        if self.bytes.get(p) == Some(&b'-') {
            p += 1;
        }
        let id_start = p;
        while p < self.bytes.len() && is_ident_continue(self.bytes[p]) {
            p += 1;
        }
        if p == id_start {
            self.other(2);
            return;
        }
        let marker = &self.text[id_start..p];
        let mut end = self.bytes.len();
        let mut line = self.text[p..].find('\n').map(|i| p + i + 1);
        while let Some(ls) = line {
            let le = self.text[ls..]
                .find('\n')
                .map_or(self.bytes.len(), |i| ls + i);
            if self.text[ls..le].trim() == marker {
                end = le;
                break;
            }
            line = (le < self.bytes.len()).then_some(le + 1);
        }
        self.opaque = end > limit;
        self.pos = end.min(limit);
        self.note(Tok {
            kind: Kind::Other,
            span: start..self.pos,
        });
    }

    fn open(&mut self, kind: FrameKind) {
        let at = self.pos;
        self.pos += 1;
        self.push(Frame::new(kind, at));
    }

    /// Closes the innermost `kind` frame of the current body, closing what it holds.
    fn close(&mut self, kind: FrameKind) {
        let at = self.pos;
        self.pos += 1;
        let Some(depth) = self.frames.iter().rposition(|f| {
            f.kind == kind || matches!(f.kind, FrameKind::Body(_) | FrameKind::Interp)
        }) else {
            return;
        };
        if self.frames[depth].kind != kind {
            self.note(Tok {
                kind: Kind::Other,
                span: at..at + 1,
            });
            return;
        }
        let open = self.frames[depth].open;
        self.frames.truncate(depth);
        self.note(Tok {
            kind: Kind::Other,
            span: open..at + 1,
        });
    }

    fn open_brace(&mut self) {
        let at = self.pos;
        self.pos += 1;
        let header = match &self.top().kind {
            FrameKind::Body(_) => {
                let top = self.top();
                (top.header && self.frames.len() <= MAX_DEPTH).then(|| top.stmt.clone())
            }
            _ => None,
        };
        let Some(header) = header else {
            self.push(Frame::new(FrameKind::Object, at));
            return;
        };
        let name_span = header[0].span.clone();
        let name = self.text[name_span.clone()].to_string();
        let labels = header[1..]
            .iter()
            .map(|t| {
                let raw = &self.text[t.span.clone()];
                if t.kind == Kind::Str {
                    let closed = raw.len() >= 2 && raw.ends_with('"');
                    let inner = t.span.start + 1..if closed { t.span.end - 1 } else { t.span.end };
                    LabelItem {
                        text: self.text[inner.clone()].to_string(),
                        span: t.span.clone(),
                        inner,
                    }
                } else {
                    LabelItem {
                        text: raw.to_string(),
                        span: t.span.clone(),
                        inner: t.span.clone(),
                    }
                }
            })
            .collect();
        let parent = self.body_block();
        let idx = self.out.blocks.len();
        self.out.blocks.push(BlockItem {
            name,
            name_span,
            labels,
            open: at,
            close: None,
            end: self.bytes.len(),
            attrs: Vec::new(),
            children: Vec::new(),
            parent,
        });
        match parent {
            Some(p) => self.out.blocks[p].children.push(idx),
            None => self.out.roots.push(idx),
        }
        self.top_mut().clear_stmt();
        self.frames.push(Frame::new(FrameKind::Body(Some(idx)), at));
    }

    fn close_brace(&mut self) {
        let at = self.pos;
        self.pos += 1;
        while matches!(self.top().kind, FrameKind::List | FrameKind::Paren) {
            self.frames.pop();
        }
        match self.top().kind {
            FrameKind::Object | FrameKind::Interp => {
                let f = self.frames.pop().expect("checked above");
                if f.kind == FrameKind::Object {
                    self.note(Tok {
                        kind: Kind::Other,
                        span: f.open..at + 1,
                    });
                }
            }
            FrameKind::Body(Some(i)) => {
                self.end_statement();
                self.frames.pop();
                self.out.blocks[i].close = Some(at);
                self.out.blocks[i].end = at + 1;
                let parent = self.top_mut();
                parent.clear_stmt();
                parent.attr = None;
            }
            FrameKind::Body(None) | FrameKind::Str(_) | FrameKind::List | FrameKind::Paren => {}
        }
    }

    /// Ends the statement of the body on top: its attribute's value ends at its last token.
    fn end_statement(&mut self) {
        let block = self.body_block();
        let top = self.top_mut();
        let attr = top.attr.take();
        let last_end = top.last_end;
        top.clear_stmt();
        if let (Some(a), Some(b)) = (attr, block) {
            let v = &mut self.out.blocks[b].attrs[a].value;
            v.end = last_end.max(v.start);
        }
    }

    /// Classifies the cursor after [`Scanner::run`] stopped at it.
    fn context(&self, cursor: usize) -> Context {
        if self.opaque || self.deep > 0 {
            return Context::None;
        }
        let n = self.frames.len();
        let top = self.top();
        let body_attr = |f: &Frame| -> Option<(Option<usize>, String)> {
            let FrameKind::Body(b) = f.kind else {
                return None;
            };
            match f.stmt.as_slice() {
                [k, e] if k.kind == Kind::Ident && e.kind == Kind::Eq => {
                    Some((b, self.text[k.span.clone()].to_string()))
                }
                _ => None,
            }
        };
        let typed = |t: Option<&Tok>| -> Option<Range<usize>> {
            t.filter(|t| matches!(t.kind, Kind::Ident | Kind::Path) && t.span.end == cursor)
                .map(|t| t.span.clone())
        };
        match top.kind {
            FrameKind::Str(start) => {
                let prefix = start + 1..cursor;
                let below = &self.frames[n - 2];
                if let Some((block, attr)) = body_attr(below) {
                    return Context::Str {
                        block,
                        attr,
                        prefix,
                        in_list: false,
                    };
                }
                if below.kind == FrameKind::List && n >= 3 {
                    if let Some((block, attr)) = body_attr(&self.frames[n - 3]) {
                        return Context::Str {
                            block,
                            attr,
                            prefix,
                            in_list: true,
                        };
                    }
                }
                Context::None
            }
            FrameKind::Body(block) => {
                let (prefix, before) = match typed(top.stmt.last()) {
                    Some(p) => (p, &top.stmt[..top.stmt.len() - 1]),
                    None => (cursor..cursor, &top.stmt[..]),
                };
                match before {
                    [] if !self.text[prefix.clone()].contains('.') => {
                        Context::Key { block, prefix }
                    }
                    [k, e] if k.kind == Kind::Ident && e.kind == Kind::Eq => Context::Value {
                        block,
                        attr: self.text[k.span.clone()].to_string(),
                        prefix,
                        in_list: false,
                    },
                    _ => Context::None,
                }
            }
            FrameKind::List => {
                let Some((block, attr)) = body_attr(&self.frames[n - 2]) else {
                    return Context::None;
                };
                let prefix = typed(top.last.as_ref()).unwrap_or(cursor..cursor);
                Context::Value {
                    block,
                    attr,
                    prefix,
                    in_list: true,
                }
            }
            FrameKind::Object | FrameKind::Paren | FrameKind::Interp => Context::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text_with_cursor: &str) -> (Context, Outline, String) {
        let cursor = text_with_cursor.find('|').unwrap();
        let text = text_with_cursor.replacen('|', "", 1);
        let (c, o) = context(&text, cursor);
        (c, o, text)
    }

    #[test]
    fn outline_of_a_valid_file() {
        let text = "# c\nrepository \"Api\" {\n  image_scan_on_push = true\n  tags = { a = \"b\" }\n  lifecycle_rule {\n    max_image_count = 3\n  }\n  grant_pull = [iam_role.Ci, \"111122223333\"]\n}\noutput \"U\" {\n  value = repository.Api.repository_uri\n}\n";
        let o = Outline::of(text);
        assert_eq!(o.roots, vec![0, 2]);
        let repo = &o.blocks[0];
        assert_eq!(repo.name, "repository");
        assert_eq!(repo.label(), Some("Api"));
        assert_eq!(&text[repo.labels[0].inner.clone()], "Api");
        assert_eq!(
            repo.attrs
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["image_scan_on_push", "tags", "grant_pull"]
        );
        assert_eq!(&text[repo.attrs[1].value.clone()], " { a = \"b\" }");
        assert_eq!(
            &text[repo.attrs[2].value.clone()],
            " [iam_role.Ci, \"111122223333\"]"
        );
        assert_eq!(repo.children, vec![1]);
        assert_eq!(
            &text[repo.span()],
            &text[4..text.find("}\noutput").unwrap() + 1]
        );
        assert_eq!(o.refs.len(), 2);
        assert_eq!(&text[o.refs[0].span.clone()], "iam_role.Ci");
        assert_eq!(&text[o.refs[1].target_span()], "repository.Api");
        assert_eq!(o.path(1), ["repository", "lifecycle_rule"]);
    }

    #[test]
    fn unclosed_block_is_ended_by_a_top_level_header_at_column_zero() {
        let text = "repository \"A\" {\n  image_scan_on_push = true\n\nrepository \"B\" {\n}\n";
        let o = Outline::of(text);
        assert_eq!(o.roots, vec![0, 1]);
        assert_eq!(o.blocks[0].close, None);
        assert_eq!(o.blocks[0].end, text.find("repository \"B\"").unwrap());
        assert_eq!(o.blocks[1].close, Some(text.len() - 2));
    }

    #[test]
    fn contexts() {
        let (c, _, _) = ctx("repository \"R\" {\n  ima|");
        assert_eq!(
            c,
            Context::Key {
                block: Some(0),
                prefix: 19..22
            }
        );
        let (c, _, _) = ctx("repository \"R\" {\n  image_tag_mutability = \"IM|\"\n}");
        assert_eq!(
            c,
            Context::Str {
                block: Some(0),
                attr: "image_tag_mutability".into(),
                prefix: 43..45,
                in_list: false
            }
        );
        let (c, _, _) = ctx("repository \"R\" {\n  grant_pull = [iam_role.C|\n");
        assert_eq!(
            c,
            Context::Value {
                block: Some(0),
                attr: "grant_pull".into(),
                prefix: 33..43,
                in_list: true
            }
        );
        let (c, _, _) = ctx("output \"O\" {\n  value = repository.|\n}");
        assert_eq!(
            c,
            Context::Value {
                block: Some(0),
                attr: "value".into(),
                prefix: 23..34,
                in_list: false
            }
        );
        let (c, _, _) = ctx("repository \"R\" {\n  # ima|\n}");
        assert_eq!(c, Context::None);
        let (c, _, _) = ctx("re|");
        assert_eq!(
            c,
            Context::Key {
                block: None,
                prefix: 0..2
            }
        );
        // A key at column 0 below an unclosed block is a top-level key.
        let (c, _, _) = ctx("repository \"R\" {\n  image_scan_on_push = true\nou|");
        assert_eq!(
            c,
            Context::Key {
                block: None,
                prefix: 45..47
            }
        );
        // An unclosed string ends at the line's end.
        let (c, _, _) = ctx("repository \"R\" {\n  repository_name = \"x\n  ima|\n}");
        assert_eq!(
            c,
            Context::Key {
                block: Some(0),
                prefix: 42..45
            }
        );
    }

    #[test]
    fn unclosed_brackets_end_at_the_next_attribute_or_header() {
        // An unclosed list stops at the next `name =` line.
        let (c, o, _) = ctx("repository \"R\" {\n  grant_pull = [iam_role.\n  grant_push = [|\n}");
        assert_eq!(
            c,
            Context::Value {
                block: Some(0),
                attr: "grant_push".into(),
                prefix: 59..59,
                in_list: true
            }
        );
        assert_eq!(
            o.blocks[0]
                .attrs
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["grant_pull", "grant_push"]
        );
        // An unclosed object stops at a nested block header.
        let o = Outline::of(
            "repository \"R\" {\n  tags = {\n  lifecycle_rule {\n    max_image_count = 1\n  }\n}\n",
        );
        assert_eq!(o.blocks.len(), 2);
        assert_eq!(o.path(1), ["repository", "lifecycle_rule"]);
        assert_eq!(o.blocks[0].close, Some(o.blocks[0].end - 1));
        // An interpolation left open ends with its line.
        let o = Outline::of("stack \"S\" {\n  description = \"${x\n  tags = {}\n}\n");
        assert_eq!(
            o.blocks[0]
                .attrs
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["description", "tags"]
        );
    }

    /// Runs `f` on a thread with a small stack and fails if it takes longer than `secs`.
    fn bounded<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
        let start = std::time::Instant::now();
        let out = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap();
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(secs), "took {took:?}");
        out
    }

    #[test]
    fn pathological_input_is_scanned_in_linear_time() {
        // Each of these took seconds to minutes when every token searched the frame stack or
        // the line back to its start.
        let texts = [
            "f( ".repeat(100_000),
            format!("x = {}{}", "[".repeat(50_000), ")".repeat(50_000)),
            format!("a = {}", "b ".repeat(100_000)),
            format!("a {}1 {}", "\"s\" ".repeat(50_000), "{} ".repeat(50_000)),
            format!("a = {}", "\"${".repeat(100_000)),
            "a {\n".repeat(100_000),
        ];
        for text in texts {
            bounded(5, move || {
                let o = Outline::of(&text);
                let (c, _) = context(&text, text.len());
                assert!(o.blocks.len() <= 100_000);
                c
            });
        }
    }

    #[test]
    fn nesting_beyond_the_limit_is_skipped() {
        let text = format!(
            "repository \"A\" {{\n{}{}  x = [iam_role.Ci]\n}}\nrepository \"B\" {{\n  a = {}1{}\n  b = 1\n}}\n",
            "a {\n".repeat(10_000),
            "}\n".repeat(10_000),
            "[".repeat(1000),
            "]".repeat(1000),
        );
        let o = bounded(5, move || Outline::of(&text));
        let deepest = (0..o.blocks.len()).map(|i| o.path(i).len()).max().unwrap();
        assert_eq!(deepest, MAX_DEPTH);
        let roots: Vec<_> = o.roots.iter().map(|&i| o.blocks[i].label()).collect();
        assert_eq!(roots, [Some("A"), Some("B")]);
        let b = &o.blocks[o.roots[1]];
        assert_eq!(
            b.attrs.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            o.blocks[0]
                .attrs
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["x"]
        );
        // A deep string ends with its line; a deep region left open ends at a top-level header.
        let text = format!(
            "stack \"S\" {{\n  d = {}\n  e = 1\n}}\n",
            "\"${".repeat(1000)
        );
        let o = Outline::of(&text);
        assert_eq!(
            o.blocks[0]
                .attrs
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            ["d", "e"]
        );
        let text = format!(
            "stack \"S\" {{\n  d = {}\nrepository \"R\" {{\n}}\n",
            "{".repeat(1000)
        );
        let o = Outline::of(&text);
        assert_eq!(
            o.roots
                .iter()
                .map(|&i| o.blocks[i].name.as_str())
                .collect::<Vec<_>>(),
            ["stack", "repository"]
        );
        assert_eq!(
            context(&text, text.find("{{{").unwrap() + 900).0,
            Context::None
        );
    }

    #[test]
    fn never_panics_on_junk() {
        let deep = [
            "[\"${".repeat(70),
            format!("{}\n{}", "{(".repeat(70), ")}".repeat(70)),
            format!(
                "{}\"x\\\n/* é */ # {{\n{}",
                "a {\n".repeat(70),
                "}\n".repeat(70)
            ),
            format!("a = {}\"é\\", "${".repeat(70)),
        ];
        let junk = [
            "}}}]]))",
            "\"${",
            "a = <<EOF\n",
            "x { y = [ { \" } ] }",
            "/* ",
            "é😀 = \"é",
            "a.b.c. = {",
            "\r\r\n",
        ];
        for text in junk.iter().map(|s| s.to_string()).chain(deep) {
            let text = text.as_str();
            let o = Outline::of(text);
            for i in 0..=text.len() {
                if text.is_char_boundary(i) {
                    let _ = context(text, i);
                }
            }
            let _ = o;
        }
    }
}
