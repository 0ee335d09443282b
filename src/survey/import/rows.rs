//! 調査票の行: どの取組項目・指標の行か、書き出したすべての行が 1 回ずつ元の位置にあるか、
//! 灰色のセルが書き出したときのままか。 / The rows of a returned table: what each is about,
//! whether every row export wrote is there once and in its place, and whether its locked cells
//! hold what export writes from the item files (which are the truth for them).

use super::{row_name, Checker, RowTarget, Table};
use crate::diag::{cell_name, codes};
use crate::model::ActionItem;
use crate::model::Indicator;
use crate::survey::export::{self, Row};
use crate::survey::sheet::{self, Cell, Column, RowKind, Wording, COLUMNS};
use std::collections::{BTreeMap, BTreeSet};

/// The rows export writes for the department, and each one's place by its key; with the same
/// rows in the other wordings import knows (a locked cell in any of them is unchanged).
struct Expected<'p> {
    rows: Vec<Row<'p>>,
    index: BTreeMap<(String, RowKind, String), usize>,
    others: Vec<Vec<Row<'p>>>,
}

impl<'p> Expected<'p> {
    fn new(rows: Vec<Row<'p>>, others: Vec<Vec<Row<'p>>>) -> Expected<'p> {
        let index = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let name = row.indicator.map(|i| i.name.clone()).unwrap_or_default();
                ((row.item.id.clone(), row.kind, name), i)
            })
            .collect();
        Expected {
            rows,
            index,
            others,
        }
    }

    /// The sheet row where export put its `i`-th row.
    fn sheet_row(i: usize) -> u32 {
        sheet::FIRST_DATA_ROW + i as u32
    }
}

impl<'a> Checker<'a> {
    /// Every data row, then whether each expected row was there once and in its place.
    pub(super) fn check_rows(&mut self, t: &Table, department: &str) {
        let [own, others @ ..] = Wording::known(self.plan);
        let expected = Expected::new(
            export::rows_in(self.plan, own, department, self.year),
            (others.iter())
                .map(|wd| export::rows_in(self.plan, *wd, department, self.year))
                .collect(),
        );
        // (sheet row, place in `expected`) of each row found, first copies only.
        let mut found: Vec<(u32, usize)> = Vec::new();
        let mut in_this_table = BTreeSet::new();
        for r in sheet::FIRST_DATA_ROW..t.rows.len() as u32 {
            let Some(i) = self.check_row(t, r, department, &expected) else {
                continue;
            };
            if in_this_table.insert(i) {
                found.push((r, i));
            }
        }
        self.check_missing(t, &expected, &found);
        self.check_moved(t, &expected, &found);
    }

    /// One data row: what it is about, its locked cells, then each of its fill-in cells.
    /// Returns its place among the expected rows.
    fn check_row(
        &mut self,
        t: &Table,
        r: u32,
        department: &str,
        expected: &Expected,
    ) -> Option<usize> {
        let cells = t.rows.get(r as usize)?;
        if cells.iter().all(Cell::is_empty) {
            return None;
        }
        let target = self.row_target(t, r, department)?;
        let i = *expected.index.get(&target.key())?;
        if self.first_sighting(t, r, &target) {
            self.check_locked(t, r, expected, i);
            for col in COLUMNS {
                if let Column::Input(field) = col {
                    self.check_input(t, r, col, field, &target);
                }
            }
        }
        Some(i)
    }

    /// The row's kind, item and (on an indicator row) indicator; None after an error.
    fn row_target(&mut self, t: &Table, r: u32, department: &str) -> Option<RowTarget<'a>> {
        let kind_text = t.text(r, Column::Kind.index());
        let Some(kind) = RowKind::from_label(&kind_text, &Wording::known(self.plan)) else {
            let msg = format!("区分「{kind_text}」が読めません（「取組」か「指標」のはずです） (altered sheet: unknown row kind)");
            let help = "行を追加・削除しないでください。";
            self.error(t.at(r, Column::Kind.index()), (codes::E712, msg, help));
            return None;
        };
        let (index, item) = self.row_item(t, r, department)?;
        let indicator = match kind {
            RowKind::Item => None,
            RowKind::Indicator => Some(self.row_indicator(t, r, item)?),
        };
        Some(RowTarget {
            kind,
            index,
            item,
            indicator,
        })
    }

    /// The action item named by the row's id, which must be one of `department`'s.
    fn row_item(&mut self, t: &Table, r: u32, department: &str) -> Option<(usize, &'a ActionItem)> {
        let at = t.at(r, Column::Id.index());
        let Some(id) = t.cell(r, Column::Id.index()).text() else {
            let msg = "番号が空です (altered sheet: no item id)".to_string();
            self.error(at, (codes::E712, msg, "行を追加しないでください。"));
            return None;
        };
        let plan = self.plan;
        let Some((index, item)) = plan.items.iter().enumerate().find(|(_, i)| i.id == id) else {
            let msg = format!("取組項目「{id}」はありません (no such action item)");
            let help = "content/items/ の項目と番号を確かめてください。項目の番号が変わったときは survey export で作り直します。";
            self.error(at, (codes::E716, msg, help));
            return None;
        };
        if !item.has_department(department) {
            let msg = format!(
                "取組項目「{id}」の担当課は「{}」です。この調査票は「{department}」のものです (item of another department)",
                item.departments.join("・")
            );
            let help = "担当課が変わったときは survey export で作り直してください。";
            self.error(at, (codes::E717, msg, help));
            return None;
        }
        Some((index, item))
    }

    /// The item's indicator named in the row, with its position in the item.
    fn row_indicator(
        &mut self,
        t: &Table,
        r: u32,
        item: &'a ActionItem,
    ) -> Option<(usize, &'a Indicator)> {
        let name = t.text(r, Column::Name.index());
        let found = item
            .indicators
            .iter()
            .enumerate()
            .find(|(_, i)| i.name == name);
        if found.is_none() {
            let msg = format!(
                "取組項目「{}」に指標「{name}」はありません (no such indicator)",
                item.id
            );
            let help = "指標名を変えないでください。計画の指標名が変わったときは survey export で作り直します。";
            self.error(t.at(r, Column::Name.index()), (codes::E718, msg, help));
        }
        found
    }

    /// Records the row as seen; false, after an error, when the same row came before (in this
    /// table or another one).
    fn first_sighting(&mut self, t: &Table, r: u32, target: &RowTarget) -> bool {
        let at = t.at(r, Column::Id.index());
        if let Some(first) = self.seen.get(&target.key()) {
            let msg = format!(
                "{}の行が 2 回あります（もう 1 つは {first}） (the same row twice)",
                row_name(target.item, target.indicator())
            );
            let help = "行をコピーして増やさないでください。同じ担当課の調査票は 1 回に 1 つだけ取り込んでください。";
            self.error(at, (codes::E719, msg, help));
            return false;
        }
        self.seen.insert(target.key(), at.locate());
        true
    }

    /// The row's locked (grey) cells hold what export writes from the item files, in one of
    /// the wordings import knows.
    fn check_locked(&mut self, t: &Table, r: u32, expected: &Expected, i: usize) {
        let row = &expected.rows[i];
        for (c, col) in COLUMNS.iter().enumerate() {
            if matches!(col, Column::Input(_)) {
                continue;
            }
            let (found, wrote) = (t.cell(r, c as u16), &row.cells[c]);
            let same = |wrote: &Cell| comparable(found) == comparable(wrote);
            if same(wrote) || expected.others.iter().any(|rows| same(&rows[i].cells[c])) {
                continue;
            }
            let msg = format!(
                "灰色のセル（{}）が「{}」から「{}」に書き換えられています。このセルは取り込みません (a locked cell was changed)",
                col.header(self.year),
                shown(wrote),
                shown(found)
            );
            let help = "灰色のセルは項目ファイルの内容です。直すときは項目ファイルを直接直し、調査票のセルは元に戻してもらってください。書き出した後に項目ファイルを直したときは、survey export で作り直した調査票に記入し直してもらいます。";
            self.error(t.at(r, c as u16), (codes::E730, msg, help));
        }
    }

    /// Each expected row that is not in the table, at the cell where export put it.
    fn check_missing(&mut self, t: &Table, expected: &Expected, found: &[(u32, usize)]) {
        let present: BTreeSet<usize> = found.iter().map(|&(_, i)| i).collect();
        for (i, row) in expected.rows.iter().enumerate() {
            if present.contains(&i) {
                continue;
            }
            let r = Expected::sheet_row(i);
            let msg = format!(
                "{}の行がありません（書き出したときは {} 行目） (a row is missing)",
                row_name(row.item, row.indicator),
                r + 1
            );
            let help = "行を削除しないでください。消えた行を元に戻してもらうか、survey export で作った調査票に記入し直してもらってください。番号・区分・指標名を書き換えた行も、この誤りになります。";
            self.error(t.at(r, Column::Id.index()), (codes::E728, msg, help));
        }
    }

    /// Rows out of export's order: those not in the longest run that is in order.
    fn check_moved(&mut self, t: &Table, expected: &Expected, found: &[(u32, usize)]) {
        let places: Vec<usize> = found.iter().map(|&(_, i)| i).collect();
        let in_order = longest_increasing(&places);
        for (k, &(r, i)) in found.iter().enumerate() {
            if in_order.contains(&k) {
                continue;
            }
            let row = &expected.rows[i];
            let msg = format!(
                "{}の行が移動されています（書き出したときの位置は {}） (a row was moved)",
                row_name(row.item, row.indicator),
                cell_name(Expected::sheet_row(i), Column::Id.index())
            );
            let help = "行の並べ替え・移動はしないでください。元の順に戻してもらうか、survey export で作った調査票に記入し直してもらってください。";
            self.error(t.at(r, Column::Id.index()), (codes::E729, msg, help));
        }
    }
}

/// A cell's text as compared with what export wrote: trimmed, line ends as `\n`.
fn comparable(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Uncomputed | Cell::TooLong | Cell::Other(_) => Some(format!("{cell:?}")),
        _ => cell.text().map(|t| sheet::normalize_text(&t)),
    }
}

/// A cell's value in a message: short, on one line.
fn shown(cell: &Cell) -> String {
    let text = match cell {
        Cell::Uncomputed => return "（計算結果のない数式）".into(),
        Cell::TooLong => return "（長すぎる文字）".into(),
        Cell::Other(what) => return what.clone(),
        _ => cell.text().unwrap_or_default(),
    };
    if text.is_empty() {
        return "（空欄）".into();
    }
    let line = text.replace(['\r', '\n'], "⏎");
    let mut short: String = line.chars().take(30).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// The positions in `xs` of a longest strictly increasing subsequence (patience sorting,
/// O(n log n)): the rows that are in order; the others were moved.
fn longest_increasing(xs: &[usize]) -> BTreeSet<usize> {
    // tails[k]: position in xs of the smallest last element of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (p, &x) in xs.iter().enumerate() {
        let k = tails.partition_point(|&q| xs[q] < x);
        prev[p] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut kept = BTreeSet::new();
    let mut at = tails.last().copied();
    while let Some(p) = at {
        kept.insert(p);
        at = prev[p];
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn the_moved_rows_are_those_out_of_the_longest_run() {
        let kept = |xs: &[usize]| longest_increasing(xs).into_iter().collect::<Vec<_>>();
        assert_eq!(kept(&[0, 1, 2, 3]), [0, 1, 2, 3]);
        // Row 3 moved up to second place: only it is out of order.
        assert_eq!(kept(&[0, 3, 1, 2, 4]), [0, 2, 3, 4]);
        // Row 1 moved down.
        assert_eq!(kept(&[0, 2, 3, 1, 4]), [0, 1, 2, 4]);
        assert_eq!(kept(&[]), Vec::<usize>::new());
    }
}
