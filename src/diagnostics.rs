//! diagnostics: what went wrong in a spec file, where, and what might fix it.
//!
//! A [`SpecError`] holds every [`Problem`] found in one file. Its `Display` prints one compact line a
//! problem (`file:line:column: key: message`, then `  help: …`); [`SpecError::report`] draws each problem
//! with miette, source snippet and a label under the offending value, for the CLI. [`Warning`]s do not stop
//! a render (a character no font covers, for instance).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every problem found in one spec file, and in the theme and data files it reads (such a problem names
/// its own file, [`Problem::file`]). Nothing is rendered when a spec has one.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", display_problems(.path, .problems))]
pub struct SpecError {
    /// The spec file, as given.
    pub path: PathBuf,
    /// The spec's text, for the snippets under the messages.
    pub source_text: String,
    /// Every problem found, in the order found.
    pub problems: Vec<Problem>,
}

/// One thing wrong with a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line; 0 when the problem has no position (an unreadable file).
    pub line: usize,
    /// 1-based column, counted in characters; 0 when the problem has no position.
    pub column: usize,
    /// Byte range in the source the problem points at.
    pub span: Option<Range<usize>>,
    /// Dotted key path such as `blocks[3].value` or `page.width`; empty for the file itself.
    pub key: String,
    /// What was expected, and what was found.
    pub message: String,
    /// What would fix it (`did you mean "width"?`), printed as `help: …`.
    pub help: Option<String>,
    /// The file the problem is in when it is not the spec itself (a theme file the spec extends, a data
    /// file of figures): line, column and span are then positions in that file, and messages name it.
    pub file: Option<SourceFile>,
}

/// A file other than the spec that a problem points into: its path (as the spec's folder joined to what
/// the spec wrote) and its text, for the snippet of [`SpecError::report`].
#[derive(Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file's path: the spec's folder joined to what the spec (or the theme file naming it) wrote.
    pub path: PathBuf,
    /// The file's text, which the problem's span points into.
    pub text: Arc<str>,
}

impl SourceFile {
    /// A file a problem may point into, with its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("path", &self.path)
            .field("text", &format_args!("{} bytes", self.text.len()))
            .finish()
    }
}

impl Problem {
    /// A problem at `span` of `source`; line and column are computed from the span's start.
    pub fn at(
        source: &str,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = line_column(source, span.start);
        Problem {
            line,
            column,
            span: Some(span),
            key: key.into(),
            message: message.into(),
            help: None,
            file: None,
        }
    }

    /// A problem at `span` of another file than the spec (see [`Problem::file`]).
    pub fn in_file(
        file: &SourceFile,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: Some(file.clone()),
            ..Problem::at(&file.text, span, key, message)
        }
    }

    /// The same problem, placed in `file` (its position is already one of that file).
    pub fn with_file(mut self, file: &SourceFile) -> Problem {
        self.file = Some(file.clone());
        self
    }

    /// The problem as one line of JSON, for editors and CI (`--diagnostic-format json`): `severity`,
    /// `file`, `line` and `column` (1-based; 0 without a position), `key`, `message`, `help` (or null).
    pub fn to_json(&self, spec: &Path) -> String {
        serde_json::json!({
            "severity": "error",
            "file": self.path(spec).display().to_string(),
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "message": self.message,
            "help": self.help,
        })
        .to_string()
    }

    /// The path messages name: the problem's own file, or else `spec` (the spec's path).
    pub fn path<'a>(&'a self, spec: &'a Path) -> &'a Path {
        self.file.as_ref().map_or(spec, |f| f.path.as_path())
    }

    /// A problem with no position in the file (the file could not be read, for instance).
    pub fn whole_file(key: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            line: 0,
            column: 0,
            span: None,
            key: key.into(),
            message: message.into(),
            help: None,
            file: None,
        }
    }

    /// The problem with a hint of what would fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    /// The problem with a hint, or none.
    pub fn with_help_opt(mut self, help: Option<String>) -> Problem {
        self.help = help;
        self
    }

    fn write_line(&self, path: &Path, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path(path).display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": ")?;
        if !self.key.is_empty() {
            write!(f, "{}: ", self.key)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

struct ProblemLines<'a>(&'a Path, &'a [Problem]);

impl fmt::Display for ProblemLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.1.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            p.write_line(self.0, f)?;
        }
        Ok(())
    }
}

fn display_problems<'a>(path: &'a Path, problems: &'a [Problem]) -> ProblemLines<'a> {
    ProblemLines(path, problems)
}

impl SpecError {
    /// A spec error with a single problem.
    pub fn single(path: &Path, source_text: &str, problem: Problem) -> SpecError {
        SpecError {
            path: path.to_path_buf(),
            source_text: source_text.to_owned(),
            problems: vec![problem],
        }
    }

    /// Every problem drawn by miette (no colours): the message, the source lines around it and a label
    /// under the offending span, then the help.
    pub fn report(&self) -> String {
        self.report_styled(false)
    }

    /// [`SpecError::report`], in the terminal's colours when `color` is set (`--color`).
    pub fn report_styled(&self, color: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(10_000) // never wrap: the heading line must stay greppable
            .without_primary_span_start();
        let mut out = String::new();
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let name = problem.path(&self.path).display().to_string();
            let text = match &problem.file {
                Some(file) => &*file.text,
                None => &self.source_text,
            };
            let diagnostic = ProblemDiagnostic {
                problem,
                heading: heading(&name, problem),
                source: Excerpt::around(name, text, problem.span.clone().unwrap_or(0..0)),
            };
            if handler.render_report(&mut out, &diagnostic).is_err() {
                // Rendering into a String cannot fail in practice; keep the plain line if it does.
                out.push_str(&diagnostic.heading);
                out.push('\n');
            }
        }
        out
    }
}

fn heading(name: &str, p: &Problem) -> String {
    let mut s = name.to_owned();
    if p.line > 0 {
        s.push_str(&format!(":{}:{}", p.line, p.column));
    }
    s.push_str(": ");
    if !p.key.is_empty() {
        s.push_str(&p.key);
        s.push_str(": ");
    }
    s.push_str(&p.message);
    s
}

/// One problem as a miette diagnostic.
struct ProblemDiagnostic<'a> {
    problem: &'a Problem,
    heading: String,
    source: Excerpt,
}

/// The part of a file a snippet is drawn from: the lines around a problem's span, each cut to a few
/// thousand bytes. A snippet never wraps (the heading must stay greppable), so a value of megabytes on
/// one line (a 5 MB paragraph) would otherwise be printed whole, and the file copied once per problem.
struct Excerpt {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 0-based line of the file where `text` starts.
    line: usize,
}

impl Excerpt {
    /// Bytes of a line kept on either side of the span, and of the span itself; lines of ordinary
    /// files are never cut.
    const REACH: usize = 2_000;

    fn around(name: String, file: &str, span: Range<usize>) -> Excerpt {
        let start = floor_char_boundary(file, span.start);
        let end = floor_char_boundary(file, span.end.clamp(start, start + Self::REACH));
        // From the start of the line before the span's (its context line), or REACH bytes before it.
        let line_before = file[..start]
            .rfind('\n')
            .and_then(|i| file[..i].rfind('\n').map(|j| j + 1).or(Some(0)))
            .unwrap_or(0);
        let from = floor_char_boundary(file, line_before.max(start.saturating_sub(Self::REACH)));
        // To the end of the line after the span's, or REACH bytes after it.
        let line_after = file[end..]
            .find('\n')
            .and_then(|i| file[end + i + 1..].find('\n').map(|j| end + i + 1 + j))
            .unwrap_or(file.len());
        let to = floor_char_boundary(file, line_after.min(end + Self::REACH));
        Excerpt {
            name,
            text: printable(&file[from..to]),
            offset: from,
            line: file[..from].matches('\n').count(),
        }
    }
}

/// `text` with each character a terminal would obey rather than show (a control character written raw
/// into a file that is not valid TOML, such as ESC) replaced by as many `?` as it has bytes, so that the
/// excerpt's byte positions stay the file's.
fn printable(text: &str) -> String {
    if !text.chars().any(crate::text::is_unprintable) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if crate::text::is_unprintable(c) {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // Spans are positions in the file: read the excerpt's part of them, and give the contents back
        // at the file's positions and line numbers.
        let start = span
            .offset()
            .saturating_sub(self.offset)
            .min(self.text.len());
        let len = span.len().min(self.text.len() - start);
        let inner = <str as miette::SourceCode>::read_span(
            &self.text,
            &(start, len).into(),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            (inner.span().offset() + self.offset, inner.span().len()).into(),
            inner.line() + self.line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for ProblemDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl fmt::Display for ProblemDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl std::error::Error for ProblemDiagnostic<'_> {}

impl miette::Diagnostic for ProblemDiagnostic<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.problem
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.problem
            .span
            .as_ref()
            .map(|_| &self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.problem.span.clone()?;
        // The label goes under what the excerpt shows of the span.
        let len = span.end.saturating_sub(span.start).min(Excerpt::REACH);
        let label = if self.problem.key.is_empty() {
            "here".to_owned()
        } else {
            self.problem.key.clone()
        };
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(Some(label), (span.start, len)),
        )))
    }
}

/// Something a render got past but the author should know about (a character no bundled font covers,
/// for instance). Displays as `origin: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where it comes from, e.g. `blocks[4] (paragraph)`.
    pub origin: String,
    /// What happened, in words: `no font has the character '😀' U+1F600 GRINNING FACE …; it is left out`.
    pub message: String,
}

impl Warning {
    /// The warning as one line of JSON, like [`Problem::to_json`], for the spec at `spec`.
    pub fn to_json(&self, spec: &Path) -> String {
        serde_json::json!({
            "severity": "warning",
            "file": spec.display().to_string(),
            "line": 0,
            "column": 0,
            "key": self.origin,
            "message": self.message,
            "help": null,
        })
        .to_string()
    }

    /// A warning about `origin` (`blocks[4] (paragraph)`).
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            origin: origin.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.origin.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.origin, self.message)
        }
    }
}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Edit distance by characters: insertions, deletions, substitutions and transpositions of two
/// neighbours (`widht` is one edit from `width`), as strsim's optimal string alignment counts them.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidate nearest to `word`, if it is near enough to be a likely typo: at most 2 edits, or at most a
/// third of the word's length.
pub fn suggest<'a, I, S>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    let limit = 2.max(word.chars().count() / 3);
    candidates
        .into_iter()
        .map(|c| c.as_ref())
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `did you mean `x`?` for the nearest candidate, if any.
pub fn did_you_mean<'a, I, S>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    suggest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("widht", "width"), 1);
        assert_eq!(edit_distance("paragrah", "paragraph"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("标题", "标题"), 0);
        assert_eq!(edit_distance("标題", "标题"), 1);
    }

    #[test]
    fn suggestions() {
        let keys = ["width", "height", "margin", "background"];
        assert_eq!(suggest("widht", &keys), Some("width"));
        assert_eq!(suggest("backgrund", &keys), Some("background"));
        assert_eq!(suggest("colour", &keys), None);
        assert_eq!(
            did_you_mean("hieght", &keys).as_deref(),
            Some("did you mean `height`?")
        );
    }

    #[test]
    fn columns_count_characters() {
        let src = "a = 1\ntext = \"周口\" x\n";
        let x = src.find(" x").unwrap() + 1;
        assert_eq!(line_column(src, x), (2, 13));
        assert_eq!(line_column(src, 0), (1, 1));
    }

    #[test]
    fn display_and_report() {
        let src = "[page]\nwidth = \"wide\"\n";
        let start = src.find("\"wide\"").unwrap();
        let err = SpecError::single(
            Path::new("config/x.toml"),
            src,
            Problem::at(
                src,
                start..start + 6,
                "page.width",
                "expected a number, found a string (\"wide\")",
            )
            .with_help("a width in pixels, such as 1080"),
        );
        assert_eq!(
            err.to_string(),
            "config/x.toml:2:9: page.width: expected a number, found a string (\"wide\")\n  help: a width in pixels, such as 1080"
        );
        let report = err.report();
        assert!(report.contains("width = \"wide\""), "{report}");
        assert!(report.contains("page.width"), "{report}");
        assert!(report.contains("help: a width in pixels"), "{report}");
        assert!(!report.contains('\u{1b}'), "no colours: {report}");

        let unreadable = SpecError::single(
            Path::new("nope.toml"),
            "",
            Problem::whole_file("", "cannot read the file"),
        );
        assert_eq!(unreadable.to_string(), "nope.toml: cannot read the file");
        assert!(unreadable.report().contains("cannot read the file"));
    }

    #[test]
    fn a_problem_in_another_file_names_that_file() {
        let theme = SourceFile::new("config/themes/house.toml", "primary = \"navy\"\n");
        let start = theme.text.find("\"navy\"").unwrap();
        let err = SpecError {
            path: PathBuf::from("config/x.toml"),
            source_text: "[theme]\nextends = \"themes/house.toml\"\n".into(),
            problems: vec![Problem::in_file(
                &theme,
                start..start + 6,
                "primary",
                "expected a colour like \"#B71C1C\", found \"navy\"",
            )],
        };
        assert_eq!(
            err.to_string(),
            "config/themes/house.toml:1:11: primary: expected a colour like \"#B71C1C\", found \"navy\""
        );
        let report = err.report();
        assert!(report.contains("config/themes/house.toml:1:11"), "{report}");
        assert!(report.contains("primary = \"navy\""), "{report}");
        assert!(!report.contains("extends"), "{report}");
    }

    #[test]
    fn warning_display() {
        let w = Warning::new("blocks[4] (paragraph)", "no font covers U+9FFF");
        assert_eq!(
            w.to_string(),
            "blocks[4] (paragraph): no font covers U+9FFF"
        );
    }
}
