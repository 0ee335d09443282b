//! テーマ: tera テンプレートと静的ファイル。既定テーマはバイナリに埋め込まれており、
//! サイト側の templates/ と static/ が同じ名前のファイルだけを上書きする。
//! Themes. The default theme is embedded in the binary, so `shinchoku` works from any folder;
//! theme folders given on the command line and a site's own `templates/` and `static/` override
//! single files of the layers below them (as in Zola and Hugo).

use crate::diag::codes;
use crate::diag::{Diagnostic, Position};
use crate::memo::Memo;
use crate::output::{OutputFile, Sink, SinkWriter};
use include_dir::{include_dir, Dir};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One layer of a theme, lowest priority first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThemeLayer {
    /// The default theme embedded in the binary.
    Builtin,
    /// A folder with `templates/` and/or `static/`.
    Dir(PathBuf),
}

/// The compiled templates of a theme and its static files.
pub struct Theme {
    templates: Arc<Templates>,
    /// Static files (CSS, JS, images) by output path, after overrides.
    pub static_files: Vec<OutputFile>,
}

/// Compiled templates kept between builds (by `serve`); disabled by default.
#[derive(Default)]
pub struct TemplateCache {
    enabled: bool,
    kept: Option<Arc<Templates>>,
}

impl TemplateCache {
    pub fn enabled() -> Self {
        TemplateCache {
            enabled: true,
            kept: None,
        }
    }
}

/// Compiled templates, with the pages rendered from them when kept between builds.
pub struct Templates {
    /// Different for every compilation (see [`Theme::id`]).
    id: u64,
    /// Template name → (file it came from, text): what the compiled templates were made of.
    texts: BTreeMap<String, (PathBuf, String)>,
    tera: tera::Tera,
    /// Rendered pages by template name and the JSON of their context. The views hold no
    /// floating-point numbers (numbers are formatted text), so the JSON is the exact context.
    pages: Memo<(String, Vec<u8>), Result<Vec<u8>, Diagnostic>>,
}

impl Theme {
    pub fn load(layers: &[ThemeLayer]) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_cached(layers, &mut TemplateCache::default())
    }

    /// Identifies the compiled templates: the same id renders the same page from the same data.
    pub fn id(&self) -> u64 {
        self.templates.id
    }

    /// Ends a build: pages not rendered by it are forgotten at the end of the next one.
    pub fn end_build(&self) {
        self.templates.pages.end_build();
    }

    /// [`Theme::load`], reusing the compiled templates (and the pages rendered with them) kept in
    /// `cache` when no template changed.
    pub fn load_cached(
        layers: &[ThemeLayer],
        cache: &mut TemplateCache,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut files = LayerFiles::default();
        let mut errors = Vec::new();
        for (i, layer) in layers.iter().enumerate() {
            // The theme under the site's own folder (the last layer) is what `default/` names.
            if i > 0 && i + 1 == layers.len() {
                files.keep_as_default();
            }
            match layer {
                ThemeLayer::Builtin => files.add_builtin(),
                ThemeLayer::Dir(dir) => files.add_dir(dir, &mut errors),
            }
        }
        if layers.len() == 1 {
            files.keep_as_default();
        }
        if files.templates.is_empty() {
            errors.push(no_templates(layers));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let static_files = files
            .statics
            .into_iter()
            .map(|(path, contents)| OutputFile { path, contents })
            .collect();
        let templates = files.templates;
        if let Some(t) = cache.kept.as_ref().filter(|t| t.texts == templates) {
            return Ok(Theme {
                templates: Arc::clone(t),
                static_files,
            });
        }
        let compiled = Arc::new(Templates::compile(templates, cache.enabled)?);
        if cache.enabled {
            cache.kept = Some(Arc::clone(&compiled));
        }
        Ok(Theme {
            templates: compiled,
            static_files,
        })
    }

    /// Renders `template` with `context` and the catalogue as `words`: the page's bytes.
    pub(crate) fn render(
        &self,
        template: &str,
        context: impl Serialize,
        words: &SharedWords,
    ) -> Result<Vec<u8>, Diagnostic> {
        let t = &*self.templates;
        let key = t
            .pages
            .is_enabled()
            .then(|| page_key(template, &context, words));
        let render = || {
            let ctx = self.context(context, words)?;
            // Bytes, as the page is written: tera writes only text, so it need not be checked
            // again as UTF-8 (as `render` does).
            let mut page = Vec::with_capacity(PAGE_BYTES);
            (t.tera.render_to(template, &ctx, &mut page))
                .map_err(|e| template_diagnostic(&e, &t.texts))?;
            Ok(page)
        };
        t.pages.get_or(|| key.flatten(), render)
    }

    /// [`render`](Self::render) into `sink` at `path`: as it is rendered, unless the pages are
    /// kept between builds (a page that lists every item of a large plan is tens of megabytes).
    pub(crate) fn render_into(
        &self,
        template: &str,
        context: impl Serialize,
        words: &SharedWords,
        (path, sink): (&str, &dyn Sink),
    ) -> Result<(), Diagnostic> {
        let t = &*self.templates;
        if t.pages.is_enabled() {
            let page = self.render(template, context, words)?;
            return sink.put(path, &page);
        }
        let ctx = self.context(context, words)?;
        let mut out = SinkWriter::new(sink, path);
        let rendered = t.tera.render_to(template, &ctx, &mut out);
        // A write that failed is the sink's error (it fails the rendering too).
        out.finish()?;
        rendered.map_err(|e| template_diagnostic(&e, &t.texts))
    }

    /// The template context of a page's view, with the words. The view goes once it is in the
    /// context (for the pages that list every item, both are megabytes).
    fn context(
        &self,
        view: impl Serialize,
        words: &SharedWords,
    ) -> Result<tera::Context, Diagnostic> {
        let mut ctx = tera::Context::from_serialize(&view)
            .map_err(|e| template_diagnostic(&e, &self.templates.texts))?;
        drop(view);
        ctx.insert_value("words", words.value.clone());
        Ok(ctx)
    }
}

/// A rendered page's key in the page memo: the template, the words and the page's context.
fn page_key(
    template: &str,
    context: &impl Serialize,
    words: &SharedWords,
) -> Option<(String, Vec<u8>)> {
    let mut key = words.digest.to_vec();
    serde_json::to_writer(&mut key, context).ok()?;
    Some((template.to_string(), key))
}

/// The templates and static files of a theme's layers, upper layers replacing files of the
/// lower ones by name.
#[derive(Default)]
struct LayerFiles {
    /// Template name → (file it came from, text).
    templates: BTreeMap<String, (PathBuf, String)>,
    /// Static files by path.
    statics: BTreeMap<String, Vec<u8>>,
}

/// About an item page's size: what a page's buffer starts with.
const PAGE_BYTES: usize = 64 * 1024;

/// The prefix under which a site template finds the theme's own version of a template, to
/// extend it and override single blocks (`{% extends "default/item.html" %}`).
pub const DEFAULT_PREFIX: &str = "default/";

impl LayerFiles {
    /// Makes the templates gathered so far also available as `default/<name>`.
    fn keep_as_default(&mut self) {
        let copies: Vec<_> = self
            .templates
            .iter()
            .filter(|(name, _)| !name.starts_with(DEFAULT_PREFIX))
            .map(|(name, file)| (format!("{DEFAULT_PREFIX}{name}"), file.clone()))
            .collect();
        self.templates.extend(copies);
    }

    fn add_builtin(&mut self) {
        for (path, contents) in builtin_files() {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(contents).into_owned();
                self.templates.insert(
                    name.to_string(),
                    (PathBuf::from("(既定テーマ)").join(&path), text),
                );
            } else if let Some(rel) = path.strip_prefix("static/") {
                self.statics.insert(rel.to_string(), contents.to_vec());
            }
        }
    }

    fn add_dir(&mut self, dir: &Path, errors: &mut Vec<Diagnostic>) {
        for (rel, path) in walk(&dir.join("templates"), errors) {
            if rel.starts_with(DEFAULT_PREFIX) {
                errors.push(reserved_name(&path));
            } else if rel.ends_with(".html") || rel.ends_with(".xml") {
                match crate::content::source::read(&path, &path) {
                    Ok(f) => {
                        self.templates.insert(rel, (path, f.text));
                    }
                    Err(d) => errors.push(d),
                }
            }
        }
        for (rel, path) in walk(&dir.join("static"), errors) {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    self.statics.insert(rel, bytes);
                }
                Err(e) => errors.push(Diagnostic::error(
                    codes::E301,
                    &path,
                    Position::START,
                    format!("テーマのファイルを読めません: {e}"),
                )),
            }
        }
    }
}

/// E303: `templates/default/` would hide the theme's templates that `default/` names.
fn reserved_name(path: &Path) -> Diagnostic {
    Diagnostic::error(
        codes::E303,
        path,
        Position::START,
        "templates/default/ の中のテンプレートは使えません (templates/default/ is reserved)",
    )
    .with_help("「default/」はテーマのテンプレートを指す名前です（{% extends \"default/item.html\" %}）。templates/ の直下に同じ名前で置いてください。docs/theme.md を参照。")
}

/// E300, shown at the first theme folder given (or nowhere for the default theme alone).
fn no_templates(layers: &[ThemeLayer]) -> Diagnostic {
    let shown = layers
        .iter()
        .find_map(|l| match l {
            ThemeLayer::Dir(d) => Some(d.clone()),
            ThemeLayer::Builtin => None,
        })
        .unwrap_or_default();
    Diagnostic::error(codes::E300, &shown, Position::START, "テーマのテンプレートが見つかりません (no templates)")
        .with_help("--theme で templates/ を含むテーマのフォルダーを指定してください（省略すると既定のテーマを使います）。")
}

impl Templates {
    /// Compiles the templates; each compilation gets a new id. `keep_pages` memoises the
    /// rendered pages (for `serve`).
    fn compile(
        templates: BTreeMap<String, (PathBuf, String)>,
        keep_pages: bool,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        tera.register_filter("fill", fill);
        tera.register_filter("code", code);
        tera.add_raw_templates(templates.iter().map(|(n, (_, s))| (n.as_str(), s.as_str())))
            .map_err(|e| vec![template_diagnostic(&e, &templates)])?;
        static COMPILED: AtomicU64 = AtomicU64::new(0);
        Ok(Templates {
            id: COMPILED.fetch_add(1, Ordering::Relaxed) + 1,
            texts: templates,
            tera,
            pages: if keep_pages {
                Memo::enabled()
            } else {
                Memo::default()
            },
        })
    }
}

/// `{{ words.item.count | fill(n=page.count) }}`: a catalogue text with each `{name}` replaced
/// by the keyword argument of that name, so that a sentence keeps the word order of its
/// language. The result is plain text (escaped on output like any other).
fn fill(text: &str, kwargs: tera::Kwargs, _: &tera::State) -> String {
    let values: Vec<(String, String)> = (kwargs.iter())
        .map(|(name, v)| {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            (name.to_string(), v)
        })
        .collect();
    crate::words::fill_with(text, |name| {
        (values.iter())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    })
}

/// `{{ words.opendata.cells_text | code }}`: the text escaped, with each `` `part` `` shown as
/// `<code>part</code>`, so a catalogue entry can name a character without holding HTML.
fn code(text: &str, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    tera::Value::safe_string(&out)
}

/// The catalogue as a template value, made once per page set and shared by every page it
/// renders (a tera map is reference-counted: inserting it into a page's context copies a
/// pointer, not the few hundred words).
pub(crate) struct SharedWords {
    value: tera::Value,
    /// A digest of the catalogue: part of the key of a page kept between builds (in memory,
    /// so the std hasher serves).
    digest: [u8; 8],
}

impl SharedWords {
    pub(crate) fn new(words: &crate::words::Words) -> SharedWords {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        words.hash(&mut h);
        SharedWords {
            value: tera::Value::from_serializable(words),
            digest: h.finish().to_le_bytes(),
        }
    }
}

/// Every file of the embedded default theme, path relative to the theme folder.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    fn visit(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for f in dir.files() {
            out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
        }
        for d in dir.dirs() {
            visit(d, out);
        }
    }
    let mut out = Vec::new();
    visit(&BUILTIN, &mut out);
    out.sort();
    out
}

/// Files under `dir` (relative path with `/`, full path), sorted; hidden files skipped.
fn walk(dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                if !rel.split('/').any(|p| p.starts_with('.')) {
                    out.push((rel, e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::error(
                codes::E301,
                dir,
                Position::START,
                e.to_string(),
            )),
        }
    }
    out
}

/// Template name → (file it came from, text).
type TemplateTexts = BTreeMap<String, (PathBuf, String)>;

/// Template errors point at the template file, line and column: tera 2 reports spans for syntax
/// and rendering errors, names a template for inheritance errors (located here at its
/// `extends`), and joins the reports of its checks (unknown filter, block) into one message,
/// each report with a `--> name:line:col` line.
fn template_diagnostic(e: &tera::Error, texts: &TemplateTexts) -> Diagnostic {
    let file = |name: &str| {
        texts
            .get(name)
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let at_extends = |name: &str| (file(name), extends_position(texts, name));
    let (located, help) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let pos = Position {
                line: r.span().start_line,
                col: r.span().start_col + 1,
            };
            (Some((file(r.filename()), pos)), None)
        }
        tera::ErrorKind::CircularExtend { tpl, .. } => {
            (Some(at_extends(tpl)), Some(circular_help(tpl)))
        }
        tera::ErrorKind::MissingParent { current, .. } => (Some(at_extends(current)), None),
        tera::ErrorKind::CircularInclude { tpl, .. } => (Some((file(tpl), Position::START)), None),
        tera::ErrorKind::Msg(m) => (report_locus(m).map(|(n, pos)| (file(&n), pos)), None),
        _ => (None, None),
    };
    let (file, pos) = located.unwrap_or_else(|| (PathBuf::from("themes"), Position::START));
    let mut msg = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        _ => e.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(
        codes::E302,
        &file,
        pos,
        format!("テンプレートのエラー: {msg} (template error)"),
    )
    .with_help(
        help.as_deref()
            .unwrap_or("テーマのテンプレートを確認してください。docs/theme.md を参照。"),
    )
}

/// A template extending its own name: the site's file hides the theme's one of that name.
fn circular_help(tpl: &str) -> String {
    let base = tpl.strip_prefix(DEFAULT_PREFIX).unwrap_or(tpl);
    format!("既定のテーマの {base} を継ぐには {{% extends \"{DEFAULT_PREFIX}{base}\" %}} と書いてください（同じ名前のテンプレートはサイトのファイル自身を指します）。docs/theme.md を参照。")
}

/// Where `name`'s `{% extends %}` tag is (line 1, column 1 when it has none).
fn extends_position(texts: &TemplateTexts, name: &str) -> Position {
    let Some((_, text)) = texts.get(name) else {
        return Position::START;
    };
    let Some(at) = text.find("extends") else {
        return Position::START;
    };
    let tag = text[..at].rfind("{%").unwrap_or(at);
    let line_start = text[..tag].rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: text[..tag].matches('\n').count() + 1,
        col: text[line_start..tag].chars().count() + 1,
    }
}

/// The first `--> name:line:col` of the reports tera joins into one message.
fn report_locus(message: &str) -> Option<(String, Position)> {
    let rest = message
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = rest.trim_end().rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), Position { line, col }))
}
