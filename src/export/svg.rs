//! SVG export. By default every glyph is drawn as an outline path, defined once in `<defs>` and placed
//! with `<use>`, so the file looks the same on a machine without our fonts and stays small. Live text
//! (`<text>` elements naming "Noto Sans SC") is an option, for editors who want to retouch the copy.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::model::Color;
use crate::scene::{GlyphRun, Item, Path, PathOp, Scene};
use crate::text::fonts::{FaceId, OutlinePen};

/// How text is written into the SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SvgText {
    /// Glyph outlines: portable, identical everywhere (default).
    #[default]
    Outlines,
    /// `<text>` elements: editable, but drawn with whatever font the viewer has.
    Live,
}

/// How SVG is written (`--svg-text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SvgOptions {
    /// Default: `SvgText::Outlines`.
    pub text: SvgText,
}

/// Writes the scene as an SVG document.
pub fn to_svg(scene: &Scene, options: &SvgOptions) -> String {
    let faces = scene.faces();
    let mut out = String::with_capacity(64 * 1024);
    let (w, h) = (num(scene.width), num(scene.height));
    let access = &scene.access;
    let lang = if access.lang.is_empty() {
        String::new()
    } else {
        format!(
            r#" xml:lang="{}""#,
            escape(&access.lang).replace('"', "&quot;")
        )
    };
    // A picture to assistive technology: named by its <title> (the headline) and described by its
    // <desc> (every block's text or text alternative, in reading order).
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="yitu-title yitu-desc"{lang}>"#
    );
    out.push('\n');
    let desc: Vec<&str> = access.regions.iter().map(|r| r.text.as_str()).collect();
    let _ = writeln!(
        out,
        "<title id=\"yitu-title\">{}</title>\n<desc id=\"yitu-desc\">{}</desc>",
        escape(&access.title),
        escape(&desc.join("\n"))
    );
    if options.text == SvgText::Outlines {
        write_glyph_defs(&mut out, scene, &faces);
    }
    let _ = writeln!(
        out,
        r#"<rect width="{w}" height="{h}"{}/>"#,
        fill(scene.background)
    );
    let images = image_sources(scene);
    write_image_defs(&mut out, &images);
    let mut clips = 0;
    for item in &scene.items {
        match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                radius,
                fill: color,
            } => {
                let rx = if *radius > 0.0 {
                    format!(r#" rx="{}""#, num(*radius))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}"{rx}{}/>"#,
                    num(*x),
                    num(*y),
                    num(*width),
                    num(*height),
                    fill(*color)
                );
            }
            Item::Circle {
                cx,
                cy,
                r,
                fill: color,
            } => {
                let _ = writeln!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="{}"{}/>"#,
                    num(*cx),
                    num(*cy),
                    num(*r),
                    fill(*color)
                );
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                // In a group of its own, like paths: a group's bounds include its strokes, which a
                // bare straight line's do not, and the rasteriser draws only what reaches each band.
                let _ = writeln!(
                    out,
                    r#"<g><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/></g>"#,
                    num(*x1),
                    num(*y1),
                    num(*x2),
                    num(*y2),
                    color.to_hex(),
                    num(*width),
                    opacity("stroke-opacity", *color)
                );
            }
            Item::Path(path) => {
                out.push_str("<g>");
                write_path(&mut out, path);
                out.push_str("</g>\n");
            }
            Item::Image(image) => {
                clips += 1;
                let def = images
                    .iter()
                    .position(|s| same_source(s, &image.source))
                    .unwrap_or(0);
                write_image(&mut out, image, def, clips);
            }
            Item::Glyphs(run) => match options.text {
                SvgText::Outlines => write_run_outlines(&mut out, run, &faces),
                SvgText::Live => write_run_live(&mut out, run),
            },
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Each distinct picture of the scene once, in order of first use, as an `<image>` in `<defs>` holding
/// the file's bytes as a data URL (so the SVG stands alone), one unit square stretched by whoever uses
/// it: a picture drawn in several boxes is embedded once.
fn write_image_defs(out: &mut String, sources: &[&std::sync::Arc<crate::model::ImageSource>]) {
    use base64::Engine;
    if sources.is_empty() {
        return;
    }
    out.push_str("<defs>\n");
    for (n, source) in sources.iter().enumerate() {
        let _ = write!(
            out,
            r#"<image id="im{n}" width="1" height="1" preserveAspectRatio="none" xlink:href="data:{};base64,"#,
            source.format.mime()
        );
        base64::engine::general_purpose::STANDARD.encode_string(&source.bytes, out);
        out.push_str("\"/>\n");
    }
    out.push_str("</defs>\n");
}

/// The distinct pictures of the scene, in order of first use.
fn image_sources(scene: &Scene) -> Vec<&std::sync::Arc<crate::model::ImageSource>> {
    let mut sources: Vec<&std::sync::Arc<crate::model::ImageSource>> = Vec::new();
    for item in &scene.items {
        if let Item::Image(image) = item {
            if !sources.iter().any(|s| same_source(s, &image.source)) {
                sources.push(&image.source);
            }
        }
    }
    sources
}

fn same_source(
    a: &std::sync::Arc<crate::model::ImageSource>,
    b: &std::sync::Arc<crate::model::ImageSource>,
) -> bool {
    std::sync::Arc::ptr_eq(a, b) || **a == **b
}

/// A picture: its definition (`im` and `def`) scaled onto its place, in a group clipped to its box when
/// it runs past it or has rounded corners (the group, so that the clip is in page coordinates). In a
/// group of its own either way, so that its bounds are its box.
fn write_image(out: &mut String, image: &crate::scene::Image, def: usize, n: usize) {
    let [x, y, w, h] = image.place;
    if image.clipped() {
        let rx = if image.radius > 0.0 {
            format!(r#" rx="{}""#, num(image.radius))
        } else {
            String::new()
        };
        let _ = write!(
            out,
            r#"<g clip-path="url(#clip{n})"><clipPath id="clip{n}"><rect x="{}" y="{}" width="{}" height="{}"{rx}/></clipPath>"#,
            num(image.x),
            num(image.y),
            num(image.width),
            num(image.height)
        );
    } else {
        out.push_str("<g>");
    }
    let _ = writeln!(
        out,
        r##"<use xlink:href="#im{def}" transform="matrix({} 0 0 {} {} {})"/></g>"##,
        num(w),
        num(h),
        num(x),
        num(y)
    );
}

fn write_path(out: &mut String, path: &Path) {
    let mut d = String::new();
    for op in &path.ops {
        match *op {
            PathOp::Move(x, y) => {
                let _ = write!(d, "M{} {}", num(x), num(y));
            }
            PathOp::Line(x, y) => {
                let _ = write!(d, "L{} {}", num(x), num(y));
            }
            PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                let _ = write!(
                    d,
                    "C{} {} {} {} {} {}",
                    num(x1),
                    num(y1),
                    num(x2),
                    num(y2),
                    num(x),
                    num(y)
                );
            }
            PathOp::Close => d.push('Z'),
        }
    }
    let fill_attr = match path.fill {
        Some(c) if path.even_odd => format!(r#"{} fill-rule="evenodd""#, fill(c)),
        Some(c) => fill(c),
        None => r#" fill="none""#.to_string(),
    };
    let stroke_attr = match path.stroke {
        Some(s) => format!(
            r#" stroke="{}" stroke-width="{}"{}{}"#,
            s.color.to_hex(),
            num(s.width),
            if s.round {
                r#" stroke-linejoin="round" stroke-linecap="round""#
            } else {
                ""
            },
            opacity("stroke-opacity", s.color)
        ),
        None => String::new(),
    };
    let _ = write!(out, r#"<path d="{d}"{fill_attr}{stroke_attr}/>"#);
}

/// The id of a glyph's definition: the face by its order of first use in the scene, then the glyph.
fn glyph_id(faces: &[FaceId], face: FaceId, id: u16) -> String {
    let n = faces.iter().position(|&f| f == face).unwrap_or(0);
    format!("f{n}g{id}")
}

/// One `<path>` per distinct glyph, in font units (y up); `<use>` scales and flips it.
fn write_glyph_defs(out: &mut String, scene: &Scene, faces: &[FaceId]) {
    let used: BTreeSet<(usize, u16)> = scene
        .runs()
        .flat_map(|r| {
            let n = faces.iter().position(|&f| f == r.face).unwrap_or(0);
            r.glyphs.iter().map(move |g| (n, g.id))
        })
        .collect();
    out.push_str("<defs>\n");
    for (n, id) in used {
        let mut path = PathData::default();
        let drawn = faces[n].font().draw_outline(id, &mut path);
        // A glyph with no contours (a space) draws nothing and gets no definition.
        if drawn && !path.d.is_empty() {
            let _ = writeln!(
                out,
                r#"<path id="{}" d="{}"/>"#,
                glyph_id(faces, faces[n], id),
                path.d
            );
        }
    }
    out.push_str("</defs>\n");
}

fn write_run_outlines(out: &mut String, run: &GlyphRun, faces: &[FaceId]) {
    let font = run.face.font();
    let s = scale_factor(run.size / font.units_per_em);
    let _ = writeln!(out, "<g{}>", fill(run.color));
    for g in &run.glyphs {
        if font.glyph_box(g.id).is_none() {
            continue; // a space: nothing to draw
        }
        let _ = write!(
            out,
            r##"<use xlink:href="#{}" transform="matrix({s} 0 0 -{s} "##,
            glyph_id(faces, run.face, g.id),
        );
        push_num(out, g.x);
        out.push(' ');
        push_num(out, g.y);
        out.push_str(")\"/>\n");
    }
    out.push_str("</g>\n");
}

/// One `<text>` per run — a line of text, or the part of a line in one style — holding its copy as
/// written, so that it can be selected, searched and edited as one string; one x per character places
/// each character where its glyph is. When the run has one glyph per character (Chinese text, digits,
/// Latin without ligatures: nearly always), that is exactly where the outline SVG draws the glyph — which
/// differs from the cluster's pen position for an opening mark pulled back by 标点挤压. Otherwise the
/// characters share their cluster's advance evenly. White space at either end is left out; white space
/// inside is kept (`xml:space="preserve"`) with its own x, so the list still lines up.
fn write_run_live(out: &mut String, run: &GlyphRun) {
    let font = run.face.font();
    let chars: usize = run.text.iter().map(|t| t.text.chars().count()).sum();
    let glyph_per_char = chars == run.glyphs.len();
    // Every character of the run with its x and baseline.
    let mut placed: Vec<(char, f32, f32)> = Vec::with_capacity(chars);
    for t in &run.text {
        let n = t.text.chars().count();
        let step = t.width / n.max(1) as f32;
        for (i, c) in t.text.chars().enumerate() {
            let x = match run.glyphs.get(placed.len()) {
                Some(g) if glyph_per_char => g.x,
                _ => t.x + step * i as f32,
            };
            placed.push((c, x, t.y));
        }
    }
    let first = placed.iter().position(|p| !p.0.is_whitespace());
    let last = placed.iter().rposition(|p| !p.0.is_whitespace());
    let (Some(first), Some(last)) = (first, last) else {
        return; // only white space: nothing to show
    };
    let placed = &placed[first..=last];
    let text: String = placed.iter().map(|p| p.0).collect();
    let xs: Vec<String> = placed.iter().map(|p| num(p.1)).collect();
    let y = if placed.iter().all(|p| p.2 == placed[0].2) {
        num(placed[0].2)
    } else {
        let ys: Vec<String> = placed.iter().map(|p| num(p.2)).collect();
        ys.join(" ")
    };
    let space = if text.contains(char::is_whitespace) {
        r#" xml:space="preserve""#
    } else {
        ""
    };
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{y}" font-family="{}" font-weight="{}" font-size="{}"{}{space}>{}</text>"#,
        xs.join(" "),
        escape(&font.family),
        font.weight_class,
        num(run.size),
        fill(run.color),
        escape(&text)
    );
}

/// Text as XML character data: markup escaped, and a character XML does not allow written as U+FFFD, one
/// character for one so that the per-character `x` positions still line up. The model rejects such
/// characters (`unprintable`); this is so that no text that got past it can make an SVG that does not
/// open.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn fill(c: Color) -> String {
    format!(r#" fill="{}"{}"#, c.to_hex(), opacity("fill-opacity", c))
}

fn opacity(attr: &str, c: Color) -> String {
    if c.a == 255 {
        String::new()
    } else {
        format!(r#" {attr}="{}""#, num(c.a as f32 / 255.0))
    }
}

/// A coordinate with at most two decimals and no trailing zeros: small files, byte-identical output.
/// Written from the integer number of hundredths: float formatting was most of the SVG writer's time.
pub fn num(v: f32) -> String {
    let mut s = String::with_capacity(12);
    push_num(&mut s, v);
    s
}

/// [`num`] written onto the end of `out`, digit by digit: the outline SVG writes a number for every
/// point of every glyph, and formatting them through `format!` was most of the SVG writer's time.
fn push_num(out: &mut String, v: f32) {
    let hundredths = (v as f64 * 100.0).round() as i64;
    if hundredths < 0 {
        out.push('-');
    }
    let abs = hundredths.unsigned_abs();
    let (int, frac) = (abs / 100, abs % 100);
    // The integer part's digits, least significant first.
    let mut digits = [0u8; 20];
    let (mut n, mut len) = (int, 0);
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits[..len].iter().rev() {
        out.push(d as char);
    }
    if frac != 0 {
        out.push('.');
        out.push((b'0' + (frac / 10) as u8) as char);
        if frac % 10 != 0 {
            out.push((b'0' + (frac % 10) as u8) as char);
        }
    }
}

/// A glyph scale factor (font size / units per em, e.g. 0.0336): coordinates get two decimals, but a
/// scale needs six, or glyphs come out visibly too large or too small.
fn scale_factor(v: f32) -> String {
    let mut s = format!("{v:.6}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// A glyph outline → SVG path data, in font units.
#[derive(Default)]
struct PathData {
    d: String,
}

impl PathData {
    /// A command letter and its coordinates, separated by spaces.
    fn command(&mut self, letter: char, coordinates: &[f32]) {
        self.d.push(letter);
        for (i, &v) in coordinates.iter().enumerate() {
            if i > 0 {
                self.d.push(' ');
            }
            push_num(&mut self.d, v);
        }
    }
}

impl OutlinePen for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        self.command('M', &[x, y]);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.command('L', &[x, y]);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.command('Q', &[x1, y1, x, y]);
    }
    fn close(&mut self) {
        self.d.push('Z');
    }
}

/// Builders, for code outside this crate (the struct is `#[non_exhaustive]`).
impl SvgOptions {
    /// Glyph outlines or live text.
    pub fn text(mut self, text: SvgText) -> Self {
        self.text = text;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, num, scale_factor};

    #[test]
    fn escaped_text_is_xml_character_data_of_as_many_characters() {
        assert_eq!(escape("a<b>&c"), "a&lt;b&gt;&amp;c");
        let raw = "你\u{0}\u{7}\u{1B}\t好\u{FFFE}\u{FFFF}\u{FFFD}𠮷\u{E000}";
        let written = escape(raw);
        assert_eq!(
            written,
            "你\u{FFFD}\u{FFFD}\u{FFFD}\t好\u{FFFD}\u{FFFD}\u{FFFD}𠮷\u{E000}"
        );
        assert_eq!(written.chars().count(), raw.chars().count());
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-3.05), "-3.05");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(1234.0), "1234");
        assert_eq!(num(-1234.07), "-1234.07");
        assert_eq!(num(0.004), "0");
        assert_eq!(num(99.999), "100");
        assert_eq!(num(16348.5), "16348.5");
        assert_eq!(scale_factor(34.0 / 1000.0), "0.034");
        assert_eq!(scale_factor(19.2 / 1000.0), "0.0192");
    }
}
