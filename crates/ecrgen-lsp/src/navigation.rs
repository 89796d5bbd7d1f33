//! Construct references across a spec's files: what the cursor names, where it is defined,
//! where it is used. Shared by go-to-definition, find-references and hover.

use std::ops::Range;

use crate::scan::Outline;
use crate::workspace::Folder;

/// The block types a reference can name.
pub const KINDS: [&str; 3] = ecrgen_core::schema::REFERABLE_BLOCKS;

/// A construct: block type and ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `repository`, `iam_user` or `iam_role`.
    pub kind: String,
    /// The construct ID.
    pub id: String,
}

/// A place in one file of the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Index into [`Folder::files`].
    pub file: usize,
    /// Byte range.
    pub range: Range<usize>,
}

/// Outlines of all files of a folder.
pub fn outlines(folder: &Folder) -> Vec<Outline> {
    folder.files.iter().map(|f| Outline::of(&f.text)).collect()
}

/// The construct named at `offset`: a reference (`iam_role.Ci`, any part of it) or the label
/// of a top-level `repository`, `iam_user` or `iam_role` block.
pub fn target_at(outline: &Outline, offset: usize) -> Option<Target> {
    if let Some(r) = outline.ref_at(offset) {
        return Some(Target {
            kind: r.parts[0].0.clone(),
            id: r.parts[1].0.clone(),
        });
    }
    outline
        .roots
        .iter()
        .map(|&i| &outline.blocks[i])
        .find_map(|b| {
            let label = b.labels.first()?;
            (KINDS.contains(&b.name.as_str())
                && label.span.start <= offset
                && offset <= label.span.end)
                .then(|| Target {
                    kind: b.name.clone(),
                    id: label.text.clone(),
                })
        })
}

/// Where `target` is defined: the first matching block's label (between the quotes) and the
/// block's whole span.
pub fn definition(outlines: &[Outline], target: &Target) -> Option<(Place, Range<usize>)> {
    outlines.iter().enumerate().find_map(|(file, o)| {
        let b = o.definition(&target.kind, &target.id)?;
        let label = b.labels.first()?;
        Some((
            Place {
                file,
                range: label.inner.clone(),
            },
            b.span(),
        ))
    })
}

/// Every reference to `target` (the `kind.ID` part), in file and source order.
pub fn references(outlines: &[Outline], target: &Target) -> Vec<Place> {
    let mut out = Vec::new();
    for (file, o) in outlines.iter().enumerate() {
        for r in &o.refs {
            if r.parts[0].0 == target.kind && r.parts[1].0 == target.id {
                out.push(Place {
                    file,
                    range: r.target_span(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_references() {
        let text = "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\nrepository \"R\" {\n  grant_pull = [iam_role.Ci]\n  grant_push = [iam_role.Ci, iam_user.Ci]\n}\n";
        let outlines = vec![Outline::of(text)];
        let at = text.find("iam_role.Ci").unwrap() + 10;
        let t = target_at(&outlines[0], at).unwrap();
        assert_eq!(
            t,
            Target {
                kind: "iam_role".into(),
                id: "Ci".into()
            }
        );
        assert_eq!(target_at(&outlines[0], 11), Some(t.clone()));
        let (def, span) = definition(&outlines, &t).unwrap();
        assert_eq!(
            def,
            Place {
                file: 0,
                range: 10..12
            }
        );
        assert_eq!(&text[span], &text[..text.find("}\n").unwrap() + 1]);
        let refs: Vec<&str> = references(&outlines, &t)
            .iter()
            .map(|p| &text[p.range.clone()])
            .collect();
        assert_eq!(refs, ["iam_role.Ci", "iam_role.Ci"]);
    }
}
