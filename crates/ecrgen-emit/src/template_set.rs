//! A target's Tera templates: the built-in ones (compiled in) and a user's overrides of the same
//! file names from a templates directory (SPEC §4 `--templates DIR`). Autoescape is off; the
//! caller registers the filters that write values safely.

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::error::EmitError;

/// The built-in templates of one target.
pub struct TemplateSource {
    /// The target's name in messages ("CloudFormation").
    pub target: &'static str,
    /// (file name, text) of every built-in template.
    pub builtins: &'static [(&'static str, &'static str)],
    /// Where the built-ins are registered in Tera (e.g. `builtin/cfn/`); a template of the same
    /// file name without the prefix (an override) is found first, also by `include`.
    pub prefix: &'static str,
    /// Whether a file name in a templates directory is meant for this target (other files may
    /// belong to other targets and are left alone).
    pub owns: fn(&str) -> bool,
}

/// The loaded templates of one target.
pub struct TemplateSet {
    tera: Tera,
    /// File names overridden by the user, with the file they came from.
    overrides: Vec<(String, PathBuf)>,
}

impl TemplateSet {
    /// Loads the built-ins of `source`, lets `register` add filters, then loads the overrides in
    /// `templates_dir`: every file the target owns, which must name a built-in template.
    pub fn load(
        source: &TemplateSource,
        templates_dir: Option<&Path>,
        register: impl FnOnce(&mut Tera),
    ) -> Result<Self, EmitError> {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        register(&mut tera);
        tera.set_fallback_prefixes([source.prefix])
            .map_err(|e| EmitError::Template {
                template: "(all)".into(),
                message: error_chain(&e),
            })?;
        tera.add_raw_templates(
            source
                .builtins
                .iter()
                .map(|(name, text)| (format!("{}{name}", source.prefix), *text)),
        )
        .map_err(|e| EmitError::Template {
            template: "(built-in)".into(),
            message: error_chain(&e),
        })?;
        let mut overrides = Vec::new();
        if let Some(dir) = templates_dir {
            for (name, path) in override_files(source, dir)? {
                let text = read_template(&path).map_err(|message| EmitError::TemplatesDir {
                    path: path.clone(),
                    message,
                })?;
                tera.add_raw_template(&name, &text)
                    .map_err(|e| EmitError::Template {
                        template: format!("{name} (from {})", path.display()),
                        message: error_chain(&e),
                    })?;
                overrides.push((name, path));
            }
        }
        Ok(Self { tera, overrides })
    }

    /// How a template is named in messages: its file name, and the file of an override.
    pub fn describe(&self, name: &str) -> String {
        match self.overrides.iter().find(|(n, _)| n == name) {
            Some((_, path)) => format!("{name} (from {})", path.display()),
            None => name.to_string(),
        }
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, EmitError> {
        self.tera
            .render(name, context)
            .map_err(|e| EmitError::Template {
                template: self.describe(name),
                message: error_chain(&e),
            })
    }
}

/// The largest template file read (64 MiB, as for spec files).
pub const MAX_TEMPLATE: u64 = 64 * 1024 * 1024;

/// Reads a template file: a regular file (a FIFO would block, a device might never end) of at
/// most [`MAX_TEMPLATE`] bytes.
fn read_template(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let too_big = || format!("larger than the limit of {} MiB", MAX_TEMPLATE >> 20);
    if meta.len() > MAX_TEMPLATE {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    file.take(MAX_TEMPLATE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_TEMPLATE {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| "stream did not contain valid UTF-8".into())
}

/// The override files of `dir` for `source`, sorted by name.
fn override_files(
    source: &TemplateSource,
    dir: &Path,
) -> Result<Vec<(String, PathBuf)>, EmitError> {
    let read_error = |e: std::io::Error| EmitError::TemplatesDir {
        path: dir.to_path_buf(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(source.owns)(&name) {
            continue;
        }
        if !source.builtins.iter().any(|(n, _)| *n == name) {
            let known: Vec<&str> = source.builtins.iter().map(|(n, _)| *n).collect();
            return Err(EmitError::TemplatesDir {
                path: entry.path(),
                message: format!(
                    "`{name}` is not a {} template name; the templates are {}",
                    source.target,
                    known.join(", ")
                ),
            });
        }
        files.push((name, entry.path()));
    }
    files.sort();
    Ok(files)
}

/// The `json` filter of every target: the value as compact JSON text, escaped by serde_json, so
/// no string of the spec can break out of its JSON string. An undefined value (a misspelled key
/// of the render data) is an error rather than a silent `null`.
pub fn json_filter(
    value: &tera::Value,
    _: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    if value.is_undefined() {
        return Err(tera::Error::message(
            "the value is undefined (a key the render data does not have?)",
        ));
    }
    serde_json::to_string(value)
        .map_err(|e| tera::Error::message(format!("value cannot be written as JSON: {e}")))
}

/// Tera's message with the messages of its causes (without Tera's own `error: ` prefix, since
/// the caller reports it as an error already).
fn error_chain(e: &tera::Error) -> String {
    let text = e.to_string();
    let mut message = text.strip_prefix("error: ").unwrap_or(&text).to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    message
}
