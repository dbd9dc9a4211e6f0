//! CSV for chart data and figure files, read with the `csv` crate: rows with the line each starts on, at
//! most [`limits::CSV_ROWS`] of them, and errors at a line and field; text already decoded (UTF-8 with or
//! without a byte-order mark, or GB18030/GBK as Chinese Excel writes it: [`decode`]).

use std::path::Path;

use crate::spec::Spanned;

use super::values::too_large;
use super::Checker;
use crate::model::{files, limits, Dependency};

/// One row of the file.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record {
    /// 1-based line of the file the row starts on.
    pub line: usize,
    pub fields: Vec<String>,
}

/// Where the file stops making sense, and why.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CsvError {
    /// 1-based line.
    pub line: usize,
    /// 1-based field of the row.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Splits `text` into rows of fields with the `csv` crate (RFC 4180 and what spreadsheets write: quoted
/// fields holding commas, line breaks and `""`, `\n` or `\r\n` line ends; blank lines skipped, every
/// field trimmed): a header and at most [`limits::CSV_ROWS`] rows of data (reading stops at the first
/// row beyond, so a huge file costs no more memory than an accepted one). The crate reads a quote it
/// never sees closed as a field running to the end of the file; such a file is an error here, at the
/// line the open quote is on.
pub(super) fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    // Lines are counted here: the crate places a record where it began reading it, which can be the
    // line end of the row before (`\r\n`) or blank lines it then skipped. The row is at the first byte
    // after those.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |byte: u64| {
        let from = (byte as usize).min(text.len());
        let skipped = text.as_bytes()[from..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        line_starts.partition_point(|&start| start <= from + skipped)
    };
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| CsvError {
            line: e.position().map_or(1, |p| line_of(p.byte())),
            column: 1,
            message: format!("expected CSV, found {e}"),
            help: None,
        })?;
        let line = record.position().map_or(1, |p| line_of(p.byte()));
        records.push(Record {
            line,
            fields: record.iter().map(str::to_owned).collect(),
        });
        within_rows(&records)?;
    }
    if let Some(line) = unclosed_quote(text) {
        return Err(CsvError {
            line,
            column: 1,
            message: "expected the closing quote of a field opened on this line, found the end of the file"
                .into(),
            help: Some("a quote inside a quoted field is written twice: \"说\"\"好\"\"的\"".into()),
        });
    }
    Ok(records)
}

/// The line of a quote opening a field that is never closed: a quote opens a field only at its start
/// (after spaces), and inside a quoted field a quote is written twice, so in a well-formed file every
/// opening quote has its closing one.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut open: Option<usize> = None;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if open.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    open = None;
                }
            }
        } else if c == '"' && at_field_start {
            open = Some(line);
        } else {
            at_field_start = match c {
                ',' | '\n' => true,
                ' ' | '\t' | '\r' => at_field_start,
                _ => false,
            };
        }
        if c == '\n' {
            line += 1;
        }
    }
    open
}

/// The text of a CSV file: UTF-8, else GB18030 — what Chinese Excel saves as "CSV" (GBK is part of
/// it) — when the bytes are valid in it. The bytes back when they are neither.
pub(super) fn decode(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.into_bytes();
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes) {
                Some(text) => Ok(text.into_owned()),
                None => Err(bytes),
            }
        }
    }
}

/// A table of data a block reads (a chart's or a table's `data`): its rows and its text, once every
/// problem of reading it — the kind of file, reading, the encoding, the CSV or JSON — is reported at
/// `key`. `what` names what the block reads from it, for the help of a wrong kind of file.
pub(super) struct DataTable {
    pub records: Vec<Record>,
    /// The file's text (empty for a workbook), for hints about how its lines are written.
    pub text: String,
}

/// What a block reads its data from: the file, and for a workbook the sheet and range.
#[derive(Clone, Copy)]
pub(super) struct DataSource<'a> {
    pub file: &'a Spanned<String>,
    pub sheet: Option<&'a Spanned<String>>,
    pub range: Option<&'a Spanned<String>>,
}

impl<'a> DataSource<'a> {
    /// `data` with the block's `sheet` and `range`.
    pub fn of(file: &'a Spanned<String>, raw: &'a crate::spec::RawBlock) -> DataSource<'a> {
        DataSource {
            file,
            sheet: raw.sheet.as_ref(),
            range: raw.range.as_ref(),
        }
    }
}

/// The kinds of data file read, by extension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DataKind {
    Csv,
    Json,
    Xlsx,
}

impl Checker<'_> {
    /// Reads the CSV (`.csv`), JSON (`.json`) or Excel (`.xlsx`) file `data` names, relative to the spec's
    /// folder, and records it as a dependency. The kind is checked before anything is read, so a file of
    /// another kind is never read and no problem can quote it.
    pub(super) fn data_table(
        &mut self,
        source: DataSource<'_>,
        key: &str,
        what: &str,
    ) -> Option<DataTable> {
        let data = source.file;
        let written = data.get_ref().as_str();
        let kind = [
            ("csv", DataKind::Csv),
            ("json", DataKind::Json),
            ("xlsx", DataKind::Xlsx),
        ]
        .into_iter()
        .find(|(ext, _)| files::has_extension(written, ext))
        .map(|(_, kind)| kind);
        let Some(kind) = kind else {
            let old_excel = ["xls", "ods", "et"]
                .iter()
                .any(|e| files::has_extension(written, e));
            self.problem(
                data.span(),
                key,
                format!("expected a data file ending in .csv, .json or .xlsx, found {written:?}"),
            )
            .help = Some(if old_excel {
                "save the sheet as .xlsx (Excel 2007 and later) or as CSV".into()
            } else {
                format!("{what} from a CSV file (a header row, then one row a line), a JSON array of rows or an Excel sheet")
            });
            return None;
        };
        let range = self.sheet_keys(source, kind, key)?;
        let path = self.dir.unwrap_or(Path::new("")).join(written);
        let bytes = match files::read(&path) {
            Ok(b) => b,
            Err(e) => {
                let shown = path.display().to_string();
                let kind = match kind {
                    DataKind::Csv => "a CSV file",
                    DataKind::Json => "a JSON file",
                    DataKind::Xlsx => "an Excel workbook",
                };
                self.unreadable(data.span(), key, kind, &shown, &e);
                return None;
            }
        };
        self.dependencies.push(Dependency {
            path,
            bytes: bytes.as_slice().into(),
            used: None,
            figures: Vec::new(),
        });
        if kind == DataKind::Xlsx {
            let sheet = source.sheet.map(|s| s.get_ref().as_str());
            return match super::sheet::parse_xlsx(&bytes, sheet, range) {
                Ok(records) => Some(DataTable {
                    records,
                    text: String::new(),
                }),
                Err(e) => {
                    // A workbook has no lines: the row is the sheet's, the column its letter.
                    let at = if e.line > 1 || e.column > 1 {
                        format!("{written}: row {}: ", e.line)
                    } else {
                        format!("{written}: ")
                    };
                    self.problem(data.span(), key, format!("{at}{}", e.message))
                        .help = e.help;
                    None
                }
            };
        }
        let text = match decode(bytes) {
            Ok(t) => t,
            Err(bytes) => {
                let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
                let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
                self.problem(
                    data.span(),
                    key,
                    format!("{written}:{line}: expected text in UTF-8 or GBK, found bytes that are neither"),
                )
                .help = Some(
                    "save the file as CSV (UTF-8 or the GBK Excel writes); other encodings cannot be read"
                        .into(),
                );
                return None;
            }
        };
        let parsed = if kind == DataKind::Json {
            parse_json(&text)
        } else {
            parse(&text)
        };
        match parsed {
            Ok(records) => Some(DataTable { records, text }),
            Err(e) => {
                self.problem(
                    data.span(),
                    key,
                    format!("{written}:{}:{}: {}", e.line, e.column, e.message),
                )
                .help = e.help;
                None
            }
        }
    }

    /// `sheet` and `range` belong to a workbook; the range must be one in A1 notation. The range read,
    /// or `None` (with the problem reported) when the keys are wrong.
    fn sheet_keys(
        &mut self,
        source: DataSource<'_>,
        kind: DataKind,
        key: &str,
    ) -> Option<Option<super::sheet::CellRange>> {
        let at = key.strip_suffix(".data").unwrap_or(key);
        let mut ok = true;
        for (name, value) in [("sheet", source.sheet), ("range", source.range)] {
            if let (Some(v), false) = (value, kind == DataKind::Xlsx) {
                self.problem(
                    v.span(),
                    format!("{at}.{name}"),
                    format!("expected `{name}` only with an Excel workbook (`data = \"….xlsx\"`), found it with {:?}", source.file.get_ref()),
                );
                ok = false;
            }
        }
        let range = match source.range {
            Some(r) if kind == DataKind::Xlsx => match super::sheet::parse_range(r.get_ref()) {
                Some(range) => Some(range),
                None => {
                    self.problem(
                        r.span(),
                        format!("{at}.range"),
                        format!(
                            "expected cells in A1 notation such as \"A1:C10\", found {:?}",
                            r.get_ref()
                        ),
                    );
                    ok = false;
                    None
                }
            },
            _ => None,
        };
        ok.then_some(range)
    }
}

// --- cells as spreadsheets write them

/// Whether a CSV value is written as a percentage (`29.5%`).
pub(super) fn is_percent(field: &str) -> bool {
    field.trim().ends_with(['%', '％'])
}

/// `1,355` or `-22,019.5` without its thousands separators: groups of three digits after the first
/// group of one to three; `None` when the text has no such separators (`1,35` is not a number).
fn without_thousands(t: &str) -> Option<String> {
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let integer = unsigned.split('.').next()?;
    let mut groups = integer.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let well_formed = !rest.is_empty()
        && (1..=3).contains(&first.len())
        && digits(first)
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    well_formed.then(|| t.replace(',', ""))
}

/// A hint for a number written as text (`"29.5%"`, `"1,234"`), when it holds a digit.
pub(super) fn number_help(s: &str) -> Option<String> {
    s.chars().any(|c| c.is_ascii_digit()).then(|| {
        "write the number alone, without quotes, units or thousands separators (29.5, 1234); the unit goes in `unit`"
            .to_owned()
    })
}

/// A value of a CSV file as spreadsheets write it: a finite number, surrounding spaces allowed, with
/// thousands separators (`1,355`, `22,019.5`) and a percent sign (`29.5%`: 29.5, the unit being the
/// chart's, % when it names none — see [`is_percent`]).
pub(super) fn csv_number(field: &str) -> Result<f64, (String, Option<String>)> {
    let t = field.trim();
    if t.is_empty() {
        return Err(("expected a number, found an empty field".into(), None));
    }
    let bare = t.strip_suffix(['%', '％']).unwrap_or(t).trim_end();
    let plain = without_thousands(bare);
    match plain.as_deref().unwrap_or(bare).parse::<f64>() {
        Ok(x) if x.is_finite() => match too_large(x, &format!("{t:?}")) {
            Some((message, help)) => Err((message, Some(help))),
            None => Ok(x),
        },
        Ok(_) => Err((format!("expected a finite number, found {t:?}"), None)),
        Err(_) => Err((format!("expected a number, found {t:?}"), number_help(t))),
    }
}

/// A JSON data file as rows, the way `pandas.DataFrame.to_json(orient="records")` and most tools write a
/// table: an array of objects, the first key of each the label, each further key a series, every object
/// with the same keys in the same order. The header row is the first object's keys; each row is on the
/// line its object opens on. Numbers are kept as written (`8`, `29.5`), strings as they are (`"29.5%"`,
/// `"1,355"`, read like CSV cells), `null` as an empty field.
pub(super) fn parse_json(text: &str) -> Result<Vec<Record>, CsvError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| CsvError {
        line: e.line(),
        column: e.column(),
        message: format!("expected JSON, found {e}"),
        help: None,
    })?;
    let expected = |line: usize, found: &str| {
        CsvError {
        line,
        column: 1,
        message: format!("expected an array of objects, one a row, such as [{{\"指标\": \"进出口总额\", \"2022年\": 8}}], found {found}"),
        help: None,
    }
    };
    let serde_json::Value::Array(items) = value else {
        return Err(expected(1, "no array"));
    };
    let lines = object_lines(text);
    let mut records: Vec<Record> = Vec::with_capacity(items.len() + 1);
    let mut keys: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let serde_json::Value::Object(object) = item else {
            return Err(expected(line, "an array holding something else"));
        };
        if i == 0 {
            keys = object.keys().cloned().collect();
            records.push(Record {
                line,
                fields: keys.clone(),
            });
        } else if !object.keys().eq(keys.iter()) {
            return Err(CsvError {
                line,
                column: 1,
                message: format!(
                    "expected the keys of the first row ({}), found {}",
                    keys.join(", "),
                    object.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
                help: Some("every row names the same columns, in the same order".into()),
            });
        }
        let fields = object
            .values()
            .map(|v| match v {
                serde_json::Value::String(s) => s.trim().to_owned(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .collect();
        records.push(Record { line, fields });
        within_rows(&records)?;
    }
    Ok(records)
}

/// The line each object of a top-level JSON array opens on (strings and escapes skipped).
fn object_lines(text: &str) -> Vec<usize> {
    let (mut line, mut depth, mut in_string, mut escaped) = (1, 0usize, false, false);
    let mut out = Vec::new();
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                if c == '{' && depth == 1 {
                    out.push(line);
                }
                depth += 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// An error at the first row of data beyond [`limits::CSV_ROWS`] (the header is the first record).
fn within_rows(records: &[Record]) -> Result<(), CsvError> {
    match records.get(limits::CSV_ROWS + 1) {
        None => Ok(()),
        Some(row) => Err(CsvError {
            line: row.line,
            column: 1,
            message: format!(
                "expected at most {} rows of data after the header, found more",
                limits::CSV_ROWS
            ),
            help: Some(
                "aggregate the data (by month instead of by day, by province instead of by \
                 county), or split it into several files"
                    .into(),
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.fields))
            .collect()
    }

    fn row(line: usize, fields: &[&str]) -> (usize, Vec<String>) {
        (line, fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn plain_rows_bom_crlf_and_blank_lines() {
        let text =
            "\u{FEFF}指标,2021年, 2022年 \r\n进出口总额,5.1,8\r\n\r\n\n招商引资,29.5,30\n\n\n";
        assert_eq!(
            rows(text),
            [
                row(1, &["指标", "2021年", "2022年"]),
                row(2, &["进出口总额", "5.1", "8"]),
                row(5, &["招商引资", "29.5", "30"]),
            ]
        );
        assert_eq!(rows("a,b"), [row(1, &["a", "b"])]);
        assert_eq!(rows("a,\n"), [row(1, &["a", ""])]);
        assert_eq!(rows(""), Vec::<(usize, Vec<String>)>::new());
    }

    #[test]
    fn quoted_fields() {
        let text = "label,value\n\"税收,非税\",\"1\"\n\"说\"\"好\"\"的\",2\n\"两\n行\",3\n\"\",4\n";
        assert_eq!(
            rows(text),
            [
                row(1, &["label", "value"]),
                row(2, &["税收,非税", "1"]),
                row(3, &["说\"好\"的", "2"]),
                row(4, &["两\n行", "3"]),
                row(6, &["", "4"]),
            ]
        );
        // A quoted empty field on its own line is a row, not a blank line.
        assert_eq!(rows("\"\"\n"), [row(1, &[""])]);
        // Spaces around fields are trimmed, quoted or not.
        assert_eq!(rows("\" a \" ,1"), [row(1, &["a", "1"])]);
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(rows("5\"寸,1"), [row(1, &["5\"寸", "1"])]);
    }

    #[test]
    fn json_records_read_as_rows() {
        let text = "[\n  {\"指标\": \"进出口总额\", \"2022年\": 8, \"2023年\": \"9.5%\"},\n  {\"指标\": \"招商{引资\", \"2022年\": 29.5, \"2023年\": null}\n]";
        let rows: Vec<(usize, Vec<String>)> = parse_json(text)
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.fields))
            .collect();
        assert_eq!(
            rows,
            [
                row(2, &["指标", "2022年", "2023年"]),
                row(2, &["进出口总额", "8", "9.5%"]),
                row(3, &["招商{引资", "29.5", ""]),
            ]
        );
        let e = parse_json("[{\"a\": 1, \"b\": 2},\n {\"b\": 2, \"a\": 1}]").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e
            .message
            .starts_with("expected the keys of the first row (a, b)"));
        let e = parse_json("{\"a\": [1, 2]}").unwrap_err();
        assert!(e.message.starts_with("expected an array of objects"));
        let e = parse_json("[{\"a\": 1,}]").unwrap_err();
        assert!(e.message.starts_with("expected JSON"), "{e:?}");
    }

    #[test]
    fn gbk_as_excel_writes_it_is_read() {
        // 指标,数值 / 进出口总额,8 in GBK.
        let (gbk, _, bad) = encoding_rs::GBK.encode("指标,数值\n进出口总额,8\n");
        assert!(!bad);
        let text = decode(gbk.into_owned()).unwrap();
        assert_eq!(
            rows(&text),
            [row(1, &["指标", "数值"]), row(2, &["进出口总额", "8"])]
        );
        assert_eq!(decode("周口".as_bytes().to_vec()).unwrap(), "周口");
        assert!(decode(vec![0x80, 0xFF, 0x00]).is_err());
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_its_line() {
        let e = parse("a,b\nc,d\n\"e,1\n2,3\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.starts_with("expected the closing quote"), "{e:?}");
        // Doubled quotes inside a quoted field, and a quote inside an unquoted one, are no opening.
        assert!(parse("\"说\"\"好\"\"的\",2\n5\"寸,1\n").is_ok());
    }

    #[test]
    fn rows_beyond_the_limit_stop_the_reading() {
        let rows = |n: usize| "label,value\n".to_owned() + &"a,1\n".repeat(n);
        assert_eq!(
            parse(&rows(limits::CSV_ROWS)).unwrap().len(),
            limits::CSV_ROWS + 1
        );
        let e = parse(&(rows(limits::CSV_ROWS + 5) + "\n")).unwrap_err();
        assert_eq!((e.line, e.column), (limits::CSV_ROWS + 2, 1));
        assert!(
            e.message.starts_with("expected at most 100000 rows"),
            "{e:?}"
        );
        assert!(e.help.unwrap().contains("aggregate"));
        // The last row, without a line end, counts too.
        assert!(parse(&(rows(limits::CSV_ROWS) + "b,2")).is_err());
    }
}
