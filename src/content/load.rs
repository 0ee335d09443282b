//! 読み込み段階: content/ を走査し、site.toml と全項目を解析・検証してモデルを作る。
//! Load phase: walk the content folder, parse every file (in parallel) and assemble the [`Plan`].

use crate::content::source;
use crate::diag::codes;
use crate::diag::{self, Diagnostic, Position};
use crate::model::{ActionItem, Plan};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// The result of loading: a plan when there were no errors, and every diagnostic either way.
pub struct Loaded {
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
    pub files_read: usize,
}

pub use crate::content::item_memo::ItemMemo;

pub fn load(content_dir: &Path) -> Loaded {
    load_cached(content_dir, &ItemMemo::default())
}

/// Finishes (or undoes) a `survey import` that was killed while writing the item files, so that
/// the content is read as all of the import or none of it (content::journal).
fn recover(content_dir: &Path) -> Result<(), Diagnostic> {
    crate::content::journal::recover(content_dir).map(|_| ()).map_err(|e| {
        let dir = content_dir.join(crate::content::journal::DIR);
        Diagnostic::in_file(
            codes::E735,
            &dir,
            format!("中断された取り込みを完了できません: {e} (cannot complete an interrupted import)"),
        )
        .with_help("content/items/ の権限と空き容量を確かめてから、もう一度実行してください。完了するまで、サイトは作りません。")
    })
}

/// [`load`], parsing only the item files whose text (or site.toml's) changed since `memo` saw them.
pub fn load_cached(content_dir: &Path, memo: &ItemMemo) -> Loaded {
    if let Err(d) = recover(content_dir) {
        return Loaded {
            plan: None,
            diagnostics: vec![d],
            files_read: 0,
        };
    }
    let mut diagnostics = Vec::new();
    let (plan, mut site_diagnostics) = read_site(content_dir, memo);
    diagnostics.append(&mut site_diagnostics);
    let (item_paths, mut walk_diagnostics) = item_files(&content_dir.join("items"));
    diagnostics.append(&mut walk_diagnostics);
    let files_read = item_paths.len() + 1;
    let Some(mut plan) = plan else {
        // Without site.toml the items cannot be checked; still report unreadable files.
        diag::sort(&mut diagnostics);
        return Loaded {
            plan: None,
            diagnostics,
            files_read,
        };
    };

    let items = parse_items(&item_paths, &plan, memo, &mut diagnostics);
    plan.items = unique_by_id(items, &mut diagnostics);
    crate::content::record::load_all(content_dir, &mut plan, &mut diagnostics);
    if plan.items.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(
            Diagnostic::warning(
                codes::W203,
                &content_dir.join("items"),
                Position::START,
                "取組項目のファイルが 1 つもありません",
            )
            .with_help("content/items/ に 1 項目 1 ファイルで .md を置いてください。"),
        );
    }
    diag::sort(&mut diagnostics);
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        plan: ok.then_some(plan),
        diagnostics,
        files_read,
    }
}

/// Reads and parses site.toml, forgetting the memo's items when its text changed.
fn read_site(content_dir: &Path, memo: &ItemMemo) -> (Option<Plan>, Vec<Diagnostic>) {
    match read_site_text(content_dir) {
        Ok(f) => memo.site(&f, crate::content::config::parse_with_warnings),
        Err(d) => (None, vec![d]),
    }
}

/// site.toml's text, once it is known to be a readable file inside content/.
fn read_site_text(content_dir: &Path) -> Result<source::SourceFile, Diagnostic> {
    let site_path = content_dir.join("site.toml");
    if std::fs::symlink_metadata(&site_path).is_err() {
        return Err(Diagnostic::error(
            codes::E005,
            &site_path,
            Position::START,
            "site.toml がありません (site.toml not found)",
        )
        .with_help("--content で content フォルダーを指定するか、`shinchoku init` で雛形を作ってください。"));
    }
    inside_content(content_dir, &site_path)?;
    source::read(&site_path, &site_path)
}

/// Reads and parses every item file in parallel (or takes it from `memo`), adding their
/// diagnostics to `diagnostics` in path order.
fn parse_items(
    paths: &[PathBuf],
    plan: &Plan,
    memo: &ItemMemo,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<ActionItem>> {
    let results: Vec<_> = paths
        .par_iter()
        .map(|path| {
            let parsed = memo.item(path, |file| crate::content::item::parse(file, plan));
            parsed.unwrap_or_else(|d| (None, vec![d]))
        })
        .collect();
    memo.keep(paths);

    let mut items = Vec::new();
    for (item, mut ds) in results {
        diagnostics.append(&mut ds);
        items.extend(item);
    }
    items
}

/// The items in plan order, without duplicate ids: each later file is reported against the
/// first one.
fn unique_by_id(
    items: Vec<Arc<ActionItem>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<ActionItem>> {
    let mut first_by_key: BTreeMap<(Vec<usize>, u32), PathBuf> = BTreeMap::new();
    let mut unique = Vec::with_capacity(items.len());
    for item in items {
        let key = (item.place.clone(), item.number);
        if let Some(first) = first_by_key.get(&key) {
            diagnostics.push(
                Diagnostic::error(
                    codes::E128,
                    &item.source,
                    item.id_position,
                    format!("id「{}」は {} と重複しています", item.id, first.display()),
                )
                .with_help("id は項目ごとに違う値にしてください。"),
            );
        } else {
            first_by_key.insert(key, item.source.clone());
            unique.push(item);
        }
    }
    unique.sort_by(|a, b| (&a.place, a.number).cmp(&(&b.place, b.number)));
    unique
}

/// Every `*.md` under items/, sorted by path. Editor backups and hidden files are skipped;
/// anything else is reported so a misplaced file does not vanish silently. Symbolic links are
/// followed while they stay inside content/ (E170 otherwise); a FIFO or a device named `.md`
/// is kept for [`source::read`] to refuse (E171).
fn item_files(dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut paths = Vec::new();
    let mut diagnostics = Vec::new();
    if !dir.is_dir() {
        return (paths, diagnostics);
    }
    let content_dir = dir.parent().unwrap_or(dir);
    let mut links = Links::default();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diagnostics.push(walk_error(dir, &e));
                continue;
            }
        };
        let linked = links.may_lead_outside(&entry);
        if entry.file_type().is_dir() || skipped(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let outside = linked.then(|| inside_content(content_dir, entry.path()).err());
        if let Some(d) = outside.flatten() {
            diagnostics.push(d);
        } else if entry
            .file_name()
            .to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".md")
        {
            paths.push(entry.into_path());
        } else {
            diagnostics.push(
                Diagnostic::warning(
                    codes::W202,
                    entry.path(),
                    Position::START,
                    "拡張子が .md ではないため読み込みませんでした",
                )
                .with_help(
                    "取組項目なら拡張子を .md にしてください。画像などは assets/ に置きます。",
                ),
            );
        }
    }
    (paths, diagnostics)
}

/// Which entries of the walk of items/ may lead outside content/ (E170): symbolic links
/// (items/ itself too: the walk's first entry) and whatever is reached through one. Only they are
/// resolved: resolving every item's path costs system calls for each folder on the way, on every
/// build and every save in `serve`.
#[derive(Default)]
struct Links {
    /// Folders reached through a symbolic link, so far in the walk.
    linked: Vec<PathBuf>,
}

impl Links {
    fn may_lead_outside(&mut self, entry: &walkdir::DirEntry) -> bool {
        let path = entry.path();
        if self.linked.iter().any(|l| path.starts_with(l)) {
            return true;
        }
        if !entry.path_is_symlink() {
            return false;
        }
        if entry.file_type().is_dir() {
            self.linked.push(path.to_path_buf());
        }
        true
    }
}

/// Editor backups, hidden and system files: never items, never reported.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name.ends_with('~') || name == "Thumbs.db"
}

/// A folder that cannot be read, or a symbolic link that leads nowhere or round in a loop.
fn walk_error(dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(dir);
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if e.loop_ancestor().is_some() || is_link {
        return Diagnostic::error(
            codes::E170,
            path,
            Position::START,
            "シンボリックリンクのリンク先がないか、リンクが循環しています (broken or looping symbolic link)",
        )
        .with_help("リンクを削除するか、content/ の中にある実際のファイルを指すように作り直してください。");
    }
    Diagnostic::error(
        codes::E001,
        path,
        Position::START,
        format!("読み込めません: {e}"),
    )
}

/// A content file must be inside content/ once symbolic links are resolved: a link to
/// elsewhere would publish a file nobody put in the content folder (E170).
fn inside_content(content_dir: &Path, path: &Path) -> Result<(), Diagnostic> {
    let root = std::fs::canonicalize(content_dir);
    let target = std::fs::canonicalize(path);
    let (Ok(root), Ok(target)) = (root, target) else {
        return Err(Diagnostic::error(
            codes::E170,
            path,
            Position::START,
            "シンボリックリンクのリンク先がありません (broken symbolic link)",
        )
        .with_help(
            "リンクを削除するか、content/ の中にある実際のファイルを指すように作り直してください。",
        ));
    };
    if target.starts_with(&root) {
        return Ok(());
    }
    Err(Diagnostic::error(
        codes::E170,
        path,
        Position::START,
        format!(
            "シンボリックリンクが content/ の外（{}）を指しています (symbolic link leads outside content/)",
            target.display()
        ),
    )
    .with_help("内容のファイルは content/ の中に置いてください。ほかの場所のファイルを使うなら、リンクではなく写しを置きます。"))
}
