//! Excel workbooks (`.xlsx`) as rows of data, for the blocks that read a data file: a sheet (the first
//! by default) and a range of it (`"A1:C10"`; the cells in use by default). Cells become the text a CSV
//! would hold — numbers as written by Rust's shortest round-trip form, so the figure 29.5 reads `29.5` —
//! and each row keeps its sheet row number as its line, so problems name the row a person sees in Excel.
//!
//! A workbook is a zip archive of XML: it is refused before reading when its parts would inflate past
//! [`limits::SHEET_INFLATED_BYTES`], and cells are read one at a time (calamine's streaming reader), so
//! a sheet claiming a million rows or a cell at XFD1048576 costs only the cells inside the range asked
//! for, at most [`limits::CSV_ROWS`] rows of [`limits::SHEET_COLUMNS`] columns.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, DataRef, Reader, Xlsx};

use super::csv::{CsvError, Record};
use crate::model::limits;

/// A range of cells, 0-based and inclusive: (row, column) of the top-left and bottom-right cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CellRange {
    pub start: (u32, u32),
    pub end: (u32, u32),
}

/// Parses `"A1:C10"` (or one cell, `"B2"`); `None` when it is not a range in A1 notation.
pub(super) fn parse_range(text: &str) -> Option<CellRange> {
    let text = text.trim();
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (start, end) = (parse_cell(a)?, parse_cell(b)?);
    (start.0 <= end.0 && start.1 <= end.1).then_some(CellRange { start, end })
}

/// `"C10"` → (9, 2).
fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().to_ascii_uppercase();
    let letters = text.chars().take_while(char::is_ascii_alphabetic).count();
    let (col, row) = text.split_at(letters);
    if col.is_empty() || col.len() > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let col = col
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = row.parse().ok()?;
    // Excel's own bounds: 1 048 576 rows, XFD (16 384) columns.
    ((1..=1_048_576).contains(&row) && col < 16_384).then(|| (row - 1, col))
}

/// The rows of `sheet` (the first when `None`) within `range` (every cell in use when `None`): the first
/// row is the header. Empty rows are left out, as blank lines of a CSV are.
pub(super) fn parse_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    range: Option<CellRange>,
) -> Result<Vec<Record>, CsvError> {
    let whole = |message: String, help: Option<&str>| CsvError {
        line: 1,
        column: 1,
        message,
        help: help.map(str::to_owned),
    };
    check_inflated_size(bytes).map_err(|m| whole(m, None))?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        whole(
            format!("expected an Excel workbook (.xlsx), found {e}"),
            Some("save the file from Excel or LibreOffice as .xlsx, or as CSV"),
        )
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                whole(
                    format!(
                        "expected a sheet of the workbook ({}), found no sheet {wanted:?}",
                        names.join(", ")
                    ),
                    None,
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| whole("expected a sheet, found a workbook with none".into(), None))?,
    };
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| whole(format!("sheet {name:?}: cannot be read: {e}"), None))?;
    let range = range.unwrap_or(CellRange {
        start: (0, 0),
        end: (u32::MAX, u32::MAX),
    });
    // Rows in sheet order, each a map of column → text; only cells inside the range are kept.
    let mut rows: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    loop {
        let cell = reader
            .next_cell()
            .map_err(|e| whole(format!("sheet {name:?}: expected cells, found {e}"), None))?;
        let Some(cell) = cell else { break };
        let (row, col) = cell.get_position();
        let inside = (range.start.0..=range.end.0).contains(&row)
            && (range.start.1..=range.end.1).contains(&col);
        if !inside {
            continue;
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if col - range.start.1 >= limits::SHEET_COLUMNS {
            return Err(CsvError {
                line: row as usize + 1,
                column: (col - range.start.1) as usize + 1,
                message: format!(
                    "expected at most {} columns, found more",
                    limits::SHEET_COLUMNS
                ),
                help: Some("name the columns to read with `range` (\"A1:D20\")".into()),
            });
        }
        let entry = rows.entry(row).or_default();
        entry.insert(col, text);
        if rows.len() > limits::CSV_ROWS + 1 {
            return Err(CsvError {
                line: row as usize + 1,
                column: 1,
                message: format!(
                    "expected at most {} rows of data after the header, found more",
                    limits::CSV_ROWS
                ),
                help: Some("name the rows to read with `range` (\"A1:D20\")".into()),
            });
        }
    }
    // Columns from the range's first (or the leftmost in use) to the rightmost in use, gaps kept empty,
    // so every row has its cells in the same places.
    let first = if range.start.1 > 0 || range.end.1 != u32::MAX {
        range.start.1
    } else {
        rows.values()
            .filter_map(|r| r.keys().next())
            .copied()
            .min()
            .unwrap_or(0)
    };
    let last = rows
        .values()
        .filter_map(|r| r.keys().last())
        .copied()
        .max()
        .unwrap_or(first);
    Ok(rows
        .into_iter()
        .map(|(row, cells)| Record {
            line: row as usize + 1,
            fields: (first..=last)
                .map(|c| cells.get(&c).cloned().unwrap_or_default())
                .collect(),
        })
        .collect())
}

/// A cell as the text a CSV file would hold for it.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => {
            // Excel stores 8 as 8.0: write whole numbers without the point, as a person types them.
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

/// Refuses a workbook whose parts, inflated, would pass [`limits::SHEET_INFLATED_BYTES`] (as the
/// archive declares them; the zip reader stops at the declared size).
fn check_inflated_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("expected an Excel workbook (.xlsx, a zip archive), found {e}"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        // The central directory's size of each part (there even when a writer streamed the part).
        let part = archive
            .by_index_raw(i)
            .map_err(|e| format!("expected an Excel workbook, found a damaged archive ({e})"))?;
        total = total.saturating_add(part.size());
    }
    if total > limits::SHEET_INFLATED_BYTES {
        return Err(format!(
            "expected a workbook of at most {} MB of sheets, found one of {} MB",
            limits::SHEET_INFLATED_BYTES / 1_000_000,
            total / 1_000_000
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_in_a1_notation() {
        assert_eq!(
            parse_range("A1:C10"),
            Some(CellRange {
                start: (0, 0),
                end: (9, 2)
            })
        );
        assert_eq!(
            parse_range("b2"),
            Some(CellRange {
                start: (1, 1),
                end: (1, 1)
            })
        );
        assert_eq!(parse_range("AA3:AB4").unwrap().start, (2, 26));
        for bad in ["", "A0", "C10:A1", "1A", "A1:", "XFE1", "A1048577", "A1-C3"] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"PK\x03\x04garbage", b"not a zip at all"] {
            assert!(parse_xlsx(bytes, None, None).is_err());
        }
    }
}
