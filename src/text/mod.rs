//! text: everything about turning strings into positioned glyphs — the bundled fonts, the missing-glyph
//! policy, punctuation normalisation, shaping (harfrust), line breaking with the Chinese rules and line
//! fitting (total fit, punctuation squeezing, justification).
pub mod coverage;
pub mod fit;
pub mod fonts;
pub mod lang;
pub mod line;
pub mod linebreak;
pub mod number;
pub mod punctuation;
pub mod segment;
pub mod set;
pub mod shape;
pub mod words;

/// Whether no poster can print `c`: a control character other than tab and line ends (U+0000–U+001F,
/// U+007F–U+009F: invisible, they come with text copied out of other programs or decoded in the wrong
/// encoding) or U+FFFE and U+FFFF (not characters). XML forbids most of them, and a terminal obeys them.
/// Carriage returns pass: a Windows line end in a multi-line literal string or a CSV field holds one.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// How messages name an unprintable character: `the control character U+0007`.
pub fn unprintable_name(c: char) -> String {
    let what = if c.is_control() {
        "the control character"
    } else {
        "the non-character"
    };
    format!("{what} U+{:04X}", c as u32)
}
