//! The properties the fuzz targets check (`fuzz/fuzz_targets/`), shared with the regression test
//! that replays every saved input (`fuzz_regressions.rs`), so a crash found once stays fixed.
//! Each takes arbitrary bytes and panics when a property does not hold.

#![allow(dead_code)]

pub mod session;

use std::str::FromStr;

use ecrgen_core::{check, format_source, SourceSet};
use ecrgen_emit::{render_cfn, render_tf_json, render_tf_module, EmitError, RenderOptions};
use ecrgen_lsp::position::{apply_change, floor_boundary, Encoding, LineMap};
use ecrgen_lsp::workspace::{ClientConfig, Folder, FolderKey};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, Uri};

/// Spec text from fuzz bytes (invalid UTF-8 replaced, as a reader of the file would).
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Every diagnostic lies inside its file, on character boundaries.
fn assert_sound(sources: &SourceSet, result: &ecrgen_core::CheckResult) {
    for d in &result.diagnostics {
        let text = sources.files[d.span.file].text.as_str();
        let r = &d.span.range;
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "{} range {r:?} outside {} bytes",
            d.code,
            text.len()
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{} range {r:?} splits a character",
            d.code
        );
    }
}

/// Parse, check and every emitter: no panic, sound diagnostics that do not depend on whether the
/// file is parsed whole or in runs of top-level blocks, and for a valid spec output
/// that is deterministic and parses as what it claims to be. An emitter may refuse a spec
/// (too many resources, a name Terraform cannot take), never crash on it.
pub fn check_and_emit(data: &[u8]) {
    let sources = SourceSet::single("fuzz.ecr.hcl", text_of(data));
    let result = check(&sources);
    assert_sound(&sources, &result);
    assert_eq!(
        result.spec.is_some(),
        !result.has_errors(),
        "a model exactly when there is no error"
    );
    let whole = ecrgen_core::check::check_parsing_whole_files(&sources);
    assert_eq!(
        result.diagnostics, whole.diagnostics,
        "reading in runs of blocks changed the diagnostics"
    );
    assert_eq!(
        result.spec, whole.spec,
        "reading in runs of blocks changed the model"
    );
    let Some(spec) = result.spec else { return };
    // What `check` announces for one target is exactly what that target's emitter refuses.
    let checked = ecrgen_emit::check(&sources);
    let announced = |target| {
        checked
            .diagnostics
            .iter()
            .any(|d| ecrgen_emit::targets::target_of(d) == Some(target))
    };
    let plannable = ecrgen_emit::build_plan(&spec).is_ok();
    let opts = RenderOptions::default();
    let refused = |e: &EmitError| {
        matches!(
            e,
            EmitError::RenderedInvalid { .. } | EmitError::Template { .. }
        )
    };
    let cfn = render_cfn(&spec, &opts);
    if plannable {
        assert_eq!(
            matches!(cfn, Err(EmitError::TooManyResources { .. })),
            announced(ecrgen_emit::targets::Target::CloudFormation),
            "check and --target cfn disagree about the resource limit"
        );
    }
    match cfn {
        Ok(text) => {
            serde_json::from_str::<serde_json::Value>(&text)
                .expect("CloudFormation output is JSON");
            assert_eq!(
                render_cfn(&spec, &opts).ok(),
                Some(text),
                "CloudFormation output is deterministic"
            );
        }
        Err(e) => assert!(
            !refused(&e),
            "built-in templates rendered invalid output: {e}"
        ),
    }
    let module = render_tf_module(&spec, &opts);
    if plannable {
        assert_eq!(
            matches!(&module, Err(EmitError::Invalid { .. })),
            announced(ecrgen_emit::targets::Target::Terraform),
            "check and --target tf disagree about Terraform names: {module:?}"
        );
    }
    match module {
        Ok(module) => {
            let stream = module.hcl_stream();
            hcl_edit::parser::parse_body(&stream).expect("the module is HCL");
            assert_eq!(
                render_tf_module(&spec, &opts).ok(),
                Some(module),
                "the module is deterministic"
            );
        }
        Err(e) => assert!(
            !refused(&e),
            "built-in templates rendered invalid output: {e}"
        ),
    }
    match render_tf_json(&spec, &opts) {
        Ok(text) => {
            serde_json::from_str::<serde_json::Value>(&text)
                .expect("Terraform JSON output is JSON");
        }
        Err(e) => assert!(
            !refused(&e),
            "built-in templates rendered invalid output: {e}"
        ),
    }
}

/// fmt is idempotent and keeps what `check` says (the same diagnostic codes, in order).
pub fn fmt_idempotent(data: &[u8]) {
    let text = text_of(data);
    let Ok(formatted) = format_source(&text) else {
        return;
    };
    assert_eq!(
        format_source(&formatted).as_ref(),
        Ok(&formatted),
        "fmt is idempotent"
    );
    let codes = |t: &str| -> Vec<&'static str> {
        check(&SourceSet::single("fuzz.ecr.hcl", t.to_string()))
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(
        codes(&formatted),
        codes(&text),
        "fmt changed what check reports"
    );
}

/// Reads fuzz bytes as a language-server session: the first segment (up to 0xFF) is the
/// document, each further segment an edit: start line, start column, end line, end column,
/// flags (bit 0: UTF-8 positions instead of UTF-16), then the inserted text. Columns and lines
/// may lie past the end, as a confused client may send them.
struct Session {
    text: String,
    edits: Vec<(Range, String, Encoding)>,
}

impl Session {
    fn parse(data: &[u8]) -> Self {
        let mut segments = data.split(|b| *b == 0xFF);
        let text = text_of(segments.next().unwrap_or_default());
        let edits = segments
            .filter(|s| s.len() >= 5)
            .map(|s| {
                let pos = |line: u8, column: u8| Position {
                    line: u32::from(line),
                    character: u32::from(column),
                };
                let range = Range {
                    start: pos(s[0], s[1]),
                    end: pos(s[2], s[3]),
                };
                let enc = if s[4] & 1 == 1 {
                    Encoding::Utf8
                } else {
                    Encoding::Utf16
                };
                (range, text_of(&s[5..]), enc)
            })
            .collect();
        Self { text, edits }
    }
}

/// Incremental edits, then every request on the result: nothing panics, the document stays
/// valid text, and the diagnostics are `check`'s with ranges inside the document.
pub fn lsp_edits(data: &[u8]) {
    let session = Session::parse(data);
    let mut rope = Rope::from_str(&session.text);
    for (range, inserted, enc) in &session.edits {
        apply_change(&mut rope, Some(*range), inserted, *enc);
    }
    let text = rope.to_string();
    let uri = Uri::from_str("untitled:fuzz").expect("a URI");
    let folder = Folder::snapshot(
        &FolderKey::Single(uri.clone()),
        1,
        vec![(uri.clone(), text.clone().into(), 1)],
    );
    let result = check(&folder.source_set());
    assert_sound(&folder.source_set(), &result);
    let map = LineMap::new(&text);
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        let published = ecrgen_lsp::diagnostics::for_file(&result, 0, &text, enc);
        assert_eq!(
            published.len(),
            result
                .diagnostics
                .iter()
                .filter(|d| d.span.file == 0)
                .count()
        );
        for d in &published {
            assert!(
                (d.range.end.line as usize) < map.line_count().max(1),
                "diagnostic past the last line: {d:?}"
            );
        }
        let _ = ecrgen_lsp::symbols::symbols(&text, enc);
        let _ = ecrgen_lsp::formatting::format(&text, enc);
    }
    let cfg = ClientConfig::default();
    // Requests at a few places picked by the input, snapped to character boundaries.
    let picks = data
        .iter()
        .take(8)
        .map(|b| floor_boundary(&text, (*b as usize * text.len()) / 255));
    for offset in picks.chain([0, text.len()]) {
        let _ = ecrgen_lsp::completion::complete(&folder, 0, offset, &cfg);
        let _ = ecrgen_lsp::hover::hover(&folder, 0, offset, &cfg);
        let _ = ecrgen_lsp::definition::definition(&folder, 0, offset, Encoding::Utf16);
        let _ = ecrgen_lsp::references::references(&folder, 0, offset, true, Encoding::Utf16);
        let _ = ecrgen_lsp::code_action::code_actions(
            &uri,
            &text,
            &result,
            0,
            offset..offset,
            Encoding::Utf16,
        );
    }
}
