//! 診断コードの一覧（1 か所）: コード・重さ（エラー／警告）・英語の要約。
//! The one table of diagnostic codes: each code's severity and English summary. Every
//! diagnostic is made from one of these constants, so a code cannot be misspelt, cannot be an
//! error in one place and a warning in another, and always has an English summary for
//! `--lang en`. docs/errors.md describes each code for users (a test keeps the two in step).

use crate::diag::Severity;

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    /// `E124`, `W201`: what the user sees and greps for.
    pub id: &'static str,
    pub severity: Severity,
    /// One line for `--lang en` headlines.
    pub summary_en: &'static str,
}

macro_rules! codes {
    ($($name:ident $severity:ident $summary:literal;)*) => {
        $(
            pub const $name: Code = Code {
                id: stringify!($name),
                severity: Severity::$severity,
                summary_en: $summary,
            };
        )*
        /// Every code, in table order.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    E001 Error "cannot read the file or folder";
    E002 Error "the file is empty";
    E003 Error "the file is not UTF-8 (Shift_JIS, EUC-JP, UTF-16, …): re-save it as UTF-8";
    E004 Error "not a text file";
    E005 Error "site.toml not found";
    E006 Error "the file is too large";
    E010 Error "no front matter: the file must start with a `+++` line";
    E011 Error "the front matter is not closed with a `+++` line";
    E012 Error "TOML syntax error";
    E020 Error "unknown key or value";
    E021 Error "a required key is missing";
    E022 Error "wrong type of value";
    E023 Error "duplicate key";
    E101 Error "invalid local government code (6 digits with check digit)";
    E102 Error "invalid plan period";
    E103 Error "invalid revision date (YYYY-MM)";
    E104 Error "base_url is not an absolute URL";
    E105 Error "invalid characters in an id";
    E106 Error "statuses, departments or categories are empty";
    E107 Error "duplicate id or name in site.toml";
    E108 Error "invalid report year";
    E109 Error "invalid as-of date (YYYY-MM-DD)";
    E111 Error "an effect amount (効果額) written as text that is not a number";
    E120 Error "malformed item id";
    E121 Error "the id's category is not in site.toml";
    E122 Error "the id's section is not in its category";
    E123 Error "the department is not in site.toml";
    E124 Error "the status is not defined in site.toml";
    E125 Error "the same fiscal year appears twice";
    E126 Error "fiscal year outside the plan period, or not a Western-calendar integer";
    E127 Error "two indicators with the same name in one item";
    E200 Error "an indicator's reference year is not before the plan period, or a later target's year not after it";
    E128 Error "duplicate item id";
    E130 Error "a number written as text (full-width digits, commas or units)";
    E131 Error "NaN or infinity where a number is required";
    E132 Error "an actual result for a year that has not been reported yet";
    E133 Error "a negative value where it is impossible";
    E134 Error "the grade is not defined in site.toml";
    E135 Error "a link to a page or file that does not exist";
    E136 Error "[plan] levels must name 1 to 4 section levels";
    E137 Error "a section is deeper than [plan] levels allows";
    E138 Error "the tag is not defined in site.toml's [[tags]]";
    E139 Error "a tag in site.toml's [[tags]] has no id";
    E140 Error "unknown department kind (only \"collective\")";
    E141 Error "the item's department list is empty or repeats a department";
    E150 Error "the accessibility results file cannot be read";
    E160 Error "a published edition's record (content/editions/) is malformed";
    E161 Error "a published value changed without a correction";
    E162 Error "a correction's old value is not the value it corrects";
    E163 Error "publish: the year has no report in site.toml";
    E164 Error "publish: the edition is already published, or its record cannot be written";
    E165 Error "an imported value's source has an import date that is not YYYY-MM-DD";
    E166 Error "an imported value's source names no department or file, or a cell that is not one";
    E151 Error "the accessibility results file has the wrong shape";
    E170 Error "a symbolic link leads outside content/ or to nothing";
    E171 Error "not a regular file (a FIFO, a device or a folder)";
    E172 Error "a control character (NUL, C0 or C1) in the text";
    E173 Error "an unsafe link in site.toml (javascript:, data:, vbscript:, …)";
    E174 Error "an image path in site.toml outside assets/, or the file is missing";
    E175 Error "a required text is empty";
    E300 Error "theme template not found";
    E301 Error "cannot read the theme folder";
    E302 Error "template error";
    E303 Error "reserved template folder";
    E310 Error "published numbers disagree between pages, charts, CSV and JSON (self-check)";
    E320 Error "an unknown key in site.toml's [words]";
    E321 Error "a [words] entry that is not text";
    E401 Error "unsafe output folder";
    E402 Error "the output folder was not created by shinchoku; not replacing it";
    E403 Error "write failed; the output folder is unchanged";
    E404 Error "a file in the output folder that shinchoku did not write would be replaced";
    E501 Error "the port is in use (another `shinchoku serve`?): use --port";
    E502 Error "cannot listen on that address and port";
    E503 Error "cannot watch the folders for changes";
    E601 Error "the folder is not empty; nothing written";
    E602 Error "invalid local government code";
    E603 Error "invalid plan period";
    E604 Error "cannot write the new site";
    E612 Error "cannot write the whole-plan workbook (.xlsx), e.g. a text longer than a cell holds";
    E701 Error "survey year outside the plan period or beyond the next report year";
    E702 Error "cannot write the survey, or a different file of the same name exists";
    E710 Error "cannot read the returned file (not .xlsx or .csv, or damaged)";
    E711 Error "not a shinchoku survey workbook";
    E712 Error "the survey sheet's structure was altered";
    E713 Error "a survey for another fiscal year";
    E714 Error "the survey year is not in site.toml's [[reports]]";
    E715 Error "the survey's department is not in site.toml";
    E716 Error "no action item with this id";
    E717 Error "the action item belongs to another department";
    E718 Error "the action item has no indicator of this name";
    E719 Error "the same item or indicator row appears twice";
    E720 Error "not a number";
    E721 Error "status or grade not in site.toml's lists";
    E722 Error "a value in a cell that this row does not use";
    E723 Error "would overwrite an already-reported, different value (use --overwrite)";
    E724 Error "the CSV is neither UTF-8 nor Shift_JIS";
    E725 Error "cannot write an item file, or the result failed validation (rolled back)";
    E726 Error "the item file has a shape that cannot be edited automatically";
    E727 Error "the content has errors; fix them before importing";
    E728 Error "a row of the survey is missing (deleted, or its id, kind or indicator name changed)";
    E729 Error "a row of the survey was moved out of its place";
    E730 Error "a locked (grey) cell was changed; the item files hold its value";
    E731 Error "a formula saved without its result";
    E732 Error "a negative value where it is impossible";
    E733 Error "text too long for a cell (32,767 characters) or the item file (2 MB), or with control characters";
    E734 Error "the returned file is too large (file, unpacked parts or text)";
    E735 Error "an interrupted import could not be completed";
    E745 Error "survey status: the year is outside the plan period";
    E746 Error "import --overwrite would change a published edition's values: give --reason";
    W201 Warning "the file name and the id differ";
    W202 Warning "a file other than .md in items/ (not read)";
    W203 Warning "no action items";
    W204 Warning "the item has no indicators";
    W205 Warning "a fiscal year has no planned status";
    W206 Warning "the published accessibility results do not cover the pages being built";
    W207 Warning "an item has not reported for a report year";
    W210 Warning "raw HTML or an unsafe link was neutralised";
    W211 Warning "a bidirectional control or a noncharacter in the text";
    W212 Warning "a planned value or target lies against the indicator's direction from its baseline";
    W225 Warning "the item's only departments are collective entries: no department page or survey lists it";
    W230 Warning "the municipality's name does not fit its code";
    W240 Warning "a {placeholder} in a [words] entry that the entry never fills";
}

/// The row of a code by its id (`"E124"`).
pub fn find(id: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_matches_the_users_list() {
        let docs = include_str!("../../docs/errors.md");
        let documented: std::collections::BTreeSet<&str> = docs
            .split('|')
            .map(str::trim)
            .filter(|c| c.len() == 4 && (c.starts_with('E') || c.starts_with('W')))
            .filter(|c| c[1..].chars().all(|ch| ch.is_ascii_digit()))
            .collect();
        let table: std::collections::BTreeSet<&str> = ALL.iter().map(|c| c.id).collect();
        assert_eq!(documented, table);
        for c in ALL {
            let expected = if c.id.starts_with('W') {
                Severity::Warning
            } else {
                Severity::Error
            };
            assert_eq!(c.severity, expected, "{}", c.id);
        }
    }
}
