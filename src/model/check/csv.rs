//! A small CSV reader for chart data (RFC 4180 and what spreadsheets write): fields separated by commas,
//! quoted fields holding commas, line breaks and `""` for a quote, `\n` or `\r\n` line ends, an optional
//! byte-order mark. Blank lines are skipped. Unquoted fields are trimmed; quoted ones are kept as written.

use crate::model::limits;

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

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// At the start of a field.
    Start,
    Unquoted,
    Quoted,
    /// After the closing quote of a quoted field.
    AfterQuote,
}

/// Splits `text` into rows of fields: a header and at most [`limits::CSV_ROWS`] rows of data (reading
/// stops at the first row beyond, so a huge file costs no more memory than an accepted one).
pub(super) fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted_row = false;
    let mut state = State::Start;
    let (mut line, mut row_line, mut quote_line) = (1, 1, 1);

    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match state {
            State::Start | State::Unquoted => match c {
                '"' if field.trim().is_empty() => {
                    field.clear();
                    quoted_row = true;
                    quote_line = line;
                    state = State::Quoted;
                }
                ',' => {
                    end_field(&mut fields, &mut field, state);
                    state = State::Start;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    end_field(&mut fields, &mut field, state);
                    end_row(&mut records, &mut fields, row_line, quoted_row);
                    within_rows(&records)?;
                    line += 1;
                    row_line = line;
                    quoted_row = false;
                    state = State::Start;
                }
                c => {
                    field.push(c);
                    state = State::Unquoted;
                }
            },
            State::Quoted => match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => state = State::AfterQuote,
                '\n' => {
                    field.push('\n');
                    line += 1;
                }
                c => field.push(c),
            },
            State::AfterQuote => match c {
                ',' => {
                    end_field(&mut fields, &mut field, state);
                    state = State::Start;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    end_field(&mut fields, &mut field, state);
                    end_row(&mut records, &mut fields, row_line, quoted_row);
                    within_rows(&records)?;
                    line += 1;
                    row_line = line;
                    quoted_row = false;
                    state = State::Start;
                }
                ' ' | '\t' => {}
                c => {
                    return Err(CsvError {
                        line,
                        column: fields.len() + 1,
                        message: format!(
                            "expected a comma or the end of the line after a closing quote, found `{c}`"
                        ),
                        help: None,
                    })
                }
            },
        }
    }
    match state {
        State::Quoted => {
            return Err(CsvError {
                line: quote_line,
                column: fields.len() + 1,
                message: "expected the closing quote of this field, found the end of the file"
                    .into(),
                help: None,
            })
        }
        State::Start if fields.is_empty() && field.is_empty() => {}
        _ => {
            end_field(&mut fields, &mut field, state);
            end_row(&mut records, &mut fields, row_line, quoted_row);
            within_rows(&records)?;
        }
    }
    Ok(records)
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

/// Ends a field: unquoted ones are trimmed.
fn end_field(fields: &mut Vec<String>, field: &mut String, state: State) {
    let f = std::mem::take(field);
    fields.push(if state == State::AfterQuote {
        f
    } else {
        f.trim().to_owned()
    });
}

/// Keeps the row unless it is blank (one empty, unquoted field).
fn end_row(records: &mut Vec<Record>, fields: &mut Vec<String>, line: usize, quoted: bool) {
    let fields = std::mem::take(fields);
    if !quoted && fields.len() == 1 && fields[0].is_empty() {
        return;
    }
    records.push(Record { line, fields });
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
        // Spaces around quotes are tolerated; quoted text keeps its own spaces.
        assert_eq!(rows(" \" a \" ,1"), [row(1, &[" a ", "1"])]);
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(rows("5\"寸,1"), [row(1, &["5\"寸", "1"])]);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse("a,b\nc,\"d\"x\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        assert_eq!(
            e.message,
            "expected a comma or the end of the line after a closing quote, found `x`"
        );
        let e = parse("a,b\nc,d\n\"e,1\n2,3\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(
            e.message,
            "expected the closing quote of this field, found the end of the file"
        );
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
