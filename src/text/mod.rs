//! text: everything about turning strings into positioned glyphs — the bundled fonts, the missing-glyph
//! policy, punctuation normalisation, shaping (harfrust), line breaking with the Chinese rules and line
//! fitting (greedy, lone-character rule, justification).
pub mod coverage;
pub mod fonts;
pub mod line;
pub mod linebreak;
pub mod number;
pub mod punctuation;
pub mod shape;
