//! Event patterns as the CDK builds them (research cdk-ecr.md §3.3): the `Rule` constructor merges
//! the spec's `event_pattern` into an empty pattern, then the repository method merges its own
//! fields in, each time with aws-events' `mergeEventPattern`. The front end runs the merge for
//! the CDK's errors, the emitter for the pattern it writes.

use std::collections::{HashMap, HashSet};

use serde_json::{Number, Value};

use crate::jsjson::{js_json_stringify, js_number};
use crate::logical_id;
use crate::model::{EventKind, Span};
use crate::syntax::{SVal, Val};

/// The CDK's name of the `detail-type` field while patterns are merged (`EventPattern.detailType`);
/// only the rendered pattern says `detail-type`.
const DETAIL_TYPE: &str = "detailType";

/// A value of an event pattern while it is merged.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// The name of the repository with this construct ID (`this.repositoryName`, a token in the
    /// CDK).
    RepositoryName(String),
    /// An array.
    Array(Vec<PatternValue>),
    /// An object, fields in order.
    Object(Vec<Field>),
}

/// A field of a pattern object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// Its value.
    pub value: PatternValue,
    /// Where the spec wrote the field (name to value); `None` for fields a method adds and for
    /// patterns built without spans.
    pub span: Option<Span>,
}

impl Field {
    fn added(name: &str, value: PatternValue) -> Self {
        Self {
            name: name.to_string(),
            value,
            span: None,
        }
    }
}

/// A pattern the CDK refuses: its message, and the spec field it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternError {
    /// The CDK's message.
    pub message: String,
    /// The field of the spec's pattern that causes it.
    pub span: Option<Span>,
}

impl PatternValue {
    /// A pattern value written in the spec; object fields keep their spans.
    pub fn from_sval(v: &SVal) -> Self {
        match &v.val {
            Val::Null => Self::Null,
            Val::Bool(b) => Self::Bool(*b),
            Val::Number(n) => Self::Number(n.clone()),
            Val::Str(s) => Self::String(s.clone()),
            Val::Ref(_) => Self::String(v.to_json().as_str().unwrap_or_default().to_string()),
            Val::List(items) => Self::Array(items.iter().map(Self::from_sval).collect()),
            Val::Object(entries) => Self::Object(
                entries
                    .iter()
                    .map(|(name, name_span, value)| Field {
                        name: name.clone(),
                        value: Self::from_sval(value),
                        span: Some(Span {
                            file: name_span.file,
                            range: name_span.range.start..value.span.range.end,
                        }),
                    })
                    .collect(),
            ),
        }
    }

    /// A pattern value from JSON (no spans).
    pub fn from_json(v: &Value) -> Self {
        match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => Self::Number(n.clone()),
            Value::String(s) => Self::String(s.clone()),
            Value::Array(items) => Self::Array(items.iter().map(Self::from_json).collect()),
            Value::Object(map) => Self::Object(
                map.iter()
                    .map(|(k, v)| Field {
                        name: k.clone(),
                        value: Self::from_json(v),
                        span: None,
                    })
                    .collect(),
            ),
        }
    }

    /// The value as the CDK's `JSON.stringify` shows it in a message; the repository's name is
    /// shown as what its token resolves to, a `Ref` of the repository.
    fn js_text(&self) -> String {
        js_json_stringify(&self.to_json())
    }

    fn to_json(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Number(n) => Value::Number(n.clone()),
            Self::String(s) => Value::String(s.clone()),
            Self::RepositoryName(repo) => {
                serde_json::json!({ "Ref": logical_id(&[repo, "Resource"]) })
            }
            Self::Array(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            Self::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|f| (f.name.clone(), f.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// A string, number or boolean: what `typeof` calls neither `object` nor `undefined`.
    fn is_primitive(&self) -> bool {
        matches!(
            self,
            Self::Bool(_) | Self::Number(_) | Self::String(_) | Self::RepositoryName(_)
        )
    }
}

/// The pattern of a rule of `kind` on the repository `repository` (its construct ID) whose spec
/// pattern is `base`, as the CDK renders it; `Err` is the CDK's refusal.
pub fn merged_pattern(
    kind: &EventKind,
    base: Vec<Field>,
    repository: &str,
) -> Result<Vec<Field>, PatternError> {
    // The spec's `detail-type` is the CDK's `detailType`, the field the methods add to.
    let base = base
        .into_iter()
        .map(|f| {
            if f.name == "detail-type" {
                Field {
                    name: DETAIL_TYPE.to_string(),
                    ..f
                }
            } else {
                f
            }
        })
        .collect();
    let mut pattern = Vec::new();
    merge_event_pattern(&mut pattern, base)?;
    for added in method_patterns(kind, repository) {
        merge_event_pattern(&mut pattern, added)?;
    }
    Ok(render_event_pattern(pattern))
}

/// What the repository method adds, one pattern per `addEventPattern` call, in call order;
/// fields the CDK leaves `undefined` are left out.
fn method_patterns(kind: &EventKind, repository: &str) -> Vec<Vec<Field>> {
    let name = || PatternValue::Array(vec![PatternValue::RepositoryName(repository.to_string())]);
    let strings = |items: &[&str]| {
        PatternValue::Array(
            items
                .iter()
                .map(|s| PatternValue::String((*s).to_string()))
                .collect(),
        )
    };
    let object = |fields: Vec<Field>| PatternValue::Object(fields);
    let cloud_trail_event = || {
        vec![
            Field::added("source", strings(&["aws.ecr"])),
            Field::added(DETAIL_TYPE, strings(&["AWS API Call via CloudTrail"])),
            Field::added(
                "detail",
                object(vec![Field::added(
                    "requestParameters",
                    object(vec![Field::added("repositoryName", name())]),
                )]),
            ),
        ]
    };
    match kind {
        EventKind::Event => vec![vec![
            Field::added("source", strings(&["aws.ecr"])),
            Field::added(
                "detail",
                object(vec![Field::added("repository-name", name())]),
            ),
        ]],
        EventKind::CloudTrailEvent => vec![cloud_trail_event()],
        EventKind::CloudTrailImagePushed { image_tag } => {
            let request = image_tag
                .iter()
                .map(|t| Field::added("imageTag", strings(&[t.as_str()])))
                .collect();
            let detail = vec![
                Field::added("eventName", strings(&["PutImage"])),
                Field::added("requestParameters", object(request)),
            ];
            vec![
                cloud_trail_event(),
                vec![Field::added("detail", object(detail))],
            ]
        }
        EventKind::ImageScanCompleted { image_tags } => {
            let mut detail = vec![
                Field::added("repository-name", name()),
                Field::added("scan-status", strings(&["COMPLETE"])),
            ];
            if let Some(tags) = image_tags {
                detail.push(Field::added(
                    "image-tags",
                    PatternValue::Array(tags.iter().cloned().map(PatternValue::String).collect()),
                ));
            }
            vec![vec![
                Field::added("source", strings(&["aws.ecr"])),
                Field::added(DETAIL_TYPE, strings(&["ECR Image Scan"])),
                Field::added("detail", object(detail)),
            ]]
        }
    }
}

/// `mergeEventPattern(dest, src)`: a field new to `dest` is taken as it is; arrays concatenate
/// (`dest` first) keeping the first of elements with equal JSON; objects merge recursively. A
/// primitive in `src` is refused, and so is an array meeting a non-array.
pub fn merge_event_pattern(dest: &mut Vec<Field>, src: Vec<Field>) -> Result<(), PatternError> {
    // Each name's first field in `dest`: a scan of `dest` per field was quadratic (0.4 s for a
    // pattern of 16,000 fields).
    let mut index: HashMap<String, usize> = HashMap::with_capacity(dest.len() + src.len());
    for (i, d) in dest.iter().enumerate() {
        index.entry(d.name.clone()).or_insert(i);
    }
    for field in src {
        if field.value.is_primitive() {
            return Err(PatternError {
                message: format!(
                    "Invalid event pattern field {{ {}: {} }}. All fields must be arrays",
                    field.name,
                    field.value.js_text()
                ),
                span: field.span,
            });
        }
        match index.get(&field.name) {
            None => {
                index.insert(field.name.clone(), dest.len());
                dest.push(field);
            }
            Some(&i) => merge_field(&mut dest[i], field)?,
        }
    }
    Ok(())
}

/// Merges `added` into the field `existing` of the same name.
fn merge_field(existing: &mut Field, added: Field) -> Result<(), PatternError> {
    let is_array = |v: &PatternValue| matches!(v, PatternValue::Array(_));
    if is_array(&existing.value) != is_array(&added.value) {
        return Err(PatternError {
            message: format!(
                "Invalid event pattern field {}. Type mismatch between existing pattern {} and added pattern {}",
                added.name,
                existing.value.js_text(),
                added.value.js_text()
            ),
            span: existing.span.clone(),
        });
    }
    let span = existing.span.clone();
    match (&mut existing.value, added.value) {
        (PatternValue::Array(items), PatternValue::Array(more)) => {
            let mut merged: Vec<PatternValue> = Vec::with_capacity(items.len() + more.len());
            // A set, not a list: a long list was quadratic.
            let mut texts: HashSet<String> = HashSet::with_capacity(items.len() + more.len());
            for item in items.drain(..).chain(more) {
                if texts.insert(item.js_text()) {
                    merged.push(item);
                }
            }
            *items = merged;
            Ok(())
        }
        (PatternValue::Object(fields), PatternValue::Object(more)) => {
            merge_event_pattern(fields, more)
        }
        // `mergeObject` on a non-object: JavaScript itself fails on the first field it adds.
        (other, PatternValue::Object(more)) => match more.first() {
            None => Ok(()),
            Some(first) => Err(PatternError {
                message: not_an_object(other, &first.name),
                span,
            }),
        },
        // Only a spec that names one field twice (`detail-type` and `detailType`) gets here.
        (_, PatternValue::Null) => Err(PatternError {
            message: "Cannot convert undefined or null to object".to_string(),
            span: added.span,
        }),
        (_, value) => Err(PatternError {
            message: format!(
                "Invalid event pattern '{}', expecting an object or an array",
                value.js_text()
            ),
            span: added.span,
        }),
    }
}

/// JavaScript's `TypeError` for setting property `field` on the primitive or `null` `value`.
fn not_an_object(value: &PatternValue, field: &str) -> String {
    let (kind, text) = match value {
        PatternValue::Null => return format!("Cannot read properties of null (reading '{field}')"),
        PatternValue::Bool(b) => ("boolean", b.to_string()),
        PatternValue::Number(n) => ("number", js_number(n)),
        PatternValue::String(s) => ("string", s.clone()),
        PatternValue::RepositoryName(_) | PatternValue::Array(_) | PatternValue::Object(_) => {
            ("string", value.js_text())
        }
    };
    format!("Cannot create property '{field}' on {kind} '{text}'")
}

/// `renderEventPattern`: `detailType` is written `detail-type`.
fn render_event_pattern(pattern: Vec<Field>) -> Vec<Field> {
    pattern
        .into_iter()
        .map(|f| {
            if f.name == DETAIL_TYPE {
                Field {
                    name: "detail-type".to_string(),
                    ..f
                }
            } else {
                f
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Vec<Field> {
        match PatternValue::from_json(&v) {
            PatternValue::Object(fields) => fields,
            _ => panic!("an object"),
        }
    }

    fn json_of(fields: Vec<Field>) -> Value {
        PatternValue::Object(fields).to_json()
    }

    #[test]
    fn the_spec_list_itself_is_not_deduplicated_until_merged() {
        let mut dest = Vec::new();
        merge_event_pattern(&mut dest, fields(json!({"a": ["x", "x"], "b": ["y"]}))).unwrap();
        assert_eq!(json_of(dest.clone()), json!({"a": ["x", "x"], "b": ["y"]}));
        merge_event_pattern(&mut dest, fields(json!({"a": ["z", "x"]}))).unwrap();
        assert_eq!(json_of(dest), json!({"a": ["x", "z"], "b": ["y"]}));
    }

    #[test]
    fn detail_type_is_merged_as_detail_type_and_written_detail_type() {
        let kind = EventKind::ImageScanCompleted { image_tags: None };
        let p = merged_pattern(&kind, fields(json!({"detail-type": ["X"]})), "Repo").unwrap();
        assert_eq!(
            json_of(p),
            json!({
                "detail-type": ["X", "ECR Image Scan"],
                "source": ["aws.ecr"],
                "detail": {"repository-name": [{"Ref": "Repo02AC86CF"}], "scan-status": ["COMPLETE"]}
            })
        );
        let err = merged_pattern(&kind, fields(json!({"detail-type": "X"})), "Repo").unwrap_err();
        assert_eq!(
            err.message,
            "Invalid event pattern field { detailType: \"X\" }. All fields must be arrays"
        );
    }

    #[test]
    fn a_list_where_the_method_adds_an_object_shows_the_repository_name_as_its_ref() {
        // The CDK prints the name's unresolved token (`${Token[TOKEN.50]}`), which no other
        // program can reproduce; ecrgen prints what it resolves to.
        let err = merged_pattern(&EventKind::Event, fields(json!({"detail": ["x"]})), "Repo")
            .unwrap_err();
        assert_eq!(
            err.message,
            "Invalid event pattern field detail. Type mismatch between existing pattern [\"x\"] and added pattern {\"repository-name\":[{\"Ref\":\"Repo02AC86CF\"}]}"
        );
    }

    #[test]
    fn primitives_and_null_under_a_merged_object_fail_as_in_javascript() {
        let kind = EventKind::CloudTrailEvent;
        let message = |v: Value| {
            merged_pattern(
                &kind,
                fields(json!({"detail": {"requestParameters": v}})),
                "R",
            )
            .unwrap_err()
            .message
        };
        assert_eq!(
            message(json!("x")),
            "Cannot create property 'repositoryName' on string 'x'"
        );
        assert_eq!(
            message(json!(2.0)),
            "Cannot create property 'repositoryName' on number '2'"
        );
        assert_eq!(
            message(json!(false)),
            "Cannot create property 'repositoryName' on boolean 'false'"
        );
        assert_eq!(
            message(Value::Null),
            "Cannot read properties of null (reading 'repositoryName')"
        );
        // Where the method adds nothing, the CDK lets a nested scalar through.
        assert!(merged_pattern(&kind, fields(json!({"detail": {"result": "x"}})), "R").is_ok());
        assert!(merged_pattern(&kind, fields(json!({"account": null})), "R").is_ok());
    }
}
