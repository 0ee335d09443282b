//! 記入欄（黄色のセル）: 値を読み、項目ファイルの値と比べて変更にする。
//! The fill-in cells of a row: each value read by the item file's rules and compared with what
//! the item file has.

use super::{show, CellRef, Checker, RowTarget, Table, ValueChange};
use crate::diag::codes;
use crate::survey::sheet::{self, Cell, Column, Field};
use crate::survey::value::{self, Read};

impl<'a> Checker<'a> {
    /// One fill-in cell: empty where the row has no such field, else a value to compare.
    pub(super) fn check_input(
        &mut self,
        t: &Table,
        r: u32,
        col: Column,
        field: Field,
        target: &RowTarget,
    ) {
        let at = t.at(r, col.index());
        let cell = t.cell(r, col.index());
        if field.row_kind() != target.kind {
            if !cell.is_empty() {
                let msg = format!(
                    "「{}」の行に{}は書けません (not used in this row)",
                    target.kind.label(),
                    field.label()
                );
                let help = "濃い灰色のセルは空欄のままにしてください。";
                self.error(at, (codes::E722, msg, help));
            }
            return;
        }
        if self.unchanged(target, field, cell) {
            return;
        }
        match value::value(self.plan, field, cell, target.indicator()) {
            Err(problem) => self.error(at, problem),
            Ok(None) => {}
            Ok(Some(read)) => self.compare(at, target, field, read),
        }
    }

    /// Whether the cell holds exactly what export writes for the item file's value: then it is
    /// no change, however the item file spells that value.
    fn unchanged(&self, target: &RowTarget, field: Field, cell: &Cell) -> bool {
        let Some(old) = field.current(target.item, target.indicator(), self.year) else {
            return false;
        };
        let wrote = sheet::cell_of_value(field, &old);
        let text = |c: &Cell| c.text().map(|t| sheet::normalize_text(&t));
        match (&wrote, cell) {
            (Cell::Number(a), Cell::Number(b)) => a == b,
            (Cell::Text(_), Cell::Text(_)) => text(&wrote) == text(cell),
            _ => false,
        }
    }

    /// A value that differs from the content's becomes a change, unless it would replace an
    /// already-reported one without `overwrite`.
    fn compare(&mut self, at: CellRef, target: &RowTarget, field: Field, read: Read) {
        let (item, ind) = (target.item, target.indicator());
        let unit = match field {
            Field::Actual => ind.map(|i| i.unit.clone()).unwrap_or_default(),
            Field::EffectAmount => "千円".into(),
            _ => String::new(),
        };
        let (old, new) = (field.current(item, ind, self.year), read.value);
        if old.as_ref() == Some(&new) {
            return;
        }
        if let (Some(old), false) = (&old, self.overwrite) {
            let msg = format!(
                "{}の{}は「{}」と報告済みです。「{}」で上書きはしません (would overwrite an already-reported value)",
                self.year.wareki(),
                match ind {
                    Some(i) => format!("指標「{}」の実績値", i.name),
                    None => field.label().to_string(),
                },
                show(old, &unit),
                show(&new, &unit)
            );
            let help = "報告済みの値を書き換えるときは --overwrite を付けて取り込みます。書き換えないなら、このセルを元の値に戻すか空欄にしてもらってください。";
            self.error(at, (codes::E723, msg, help));
            return;
        }
        if let Some(note) = read.note {
            self.found.notes.push(format!("{}: {note}", at.locate()));
        }
        self.found.changes.push(ValueChange {
            item: item.id.clone(),
            title: item.title.clone(),
            department: item.lead_department().to_string(),
            source: item.source.clone(),
            year: self.year,
            field,
            indicator: ind.map(|i| i.name.clone()),
            unit,
            old,
            new,
            origin: at,
            order: target.order(),
        });
    }
}
