//! Image files a spec names (an image block's `src`, the page's `logo`): what kind of file they are, read
//! and checked within limits before any pixel is allocated, and — for an SVG — drawn as vector shapes
//! once, here, so every exporter draws the same outlines.
//!
//! Raster files (PNG, JPEG, WebP) are recognised by their first bytes, their size read from the header
//! and checked against [`limits::IMAGE_PIXELS`] and the side limit before decoding, then decoded once
//! with the `image` crate's allocation limit to prove they are whole (a truncated file is an input
//! error, not a grey box in the output). The bytes are kept as read: SVG embeds them, the PDF embeds a
//! JPEG's stream as it is.
//!
//! An SVG is parsed with usvg into shapes: paths with solid fills and strokes (a gradient is drawn in the
//! mean of its stops), group opacity folded into the colours. What cannot be drawn as such shapes —
//! text, embedded or linked images, clip paths, masks, filters, patterns — and any reference outside
//! the file (an `href` or `url()` not within it) is refused, so the picture is never silently wrong and
//! never reads another file.

use std::collections::HashMap;
use std::sync::Arc;

use super::{limits, Color};
use crate::scene::{Path, PathOp, Stroke};

/// The kinds of image file yitu reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// A PNG.
    Png,
    /// A JPEG (RGB or greyscale; a CMYK JPEG is refused).
    Jpeg,
    /// A WebP.
    Webp,
    /// An SVG, drawn as vector shapes.
    Svg,
}

impl ImageFormat {
    /// The MIME type, for data URLs.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The format of a file from its first bytes; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
            let head = &text[start..text.len().min(start + 4096)];
            (head.starts_with(b"<") && head.windows(4).any(|w| w == b"<svg"))
                .then_some(ImageFormat::Svg)
        }
    }
}

/// An image file as read and checked: its bytes, kind and size, and for an SVG its shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSource {
    /// The path as written in the spec, joined to the spec's folder (for messages).
    pub path: std::path::PathBuf,
    /// The kind, from the file's first bytes.
    pub format: ImageFormat,
    /// The file's bytes as read: a raster picture is embedded as they are.
    pub bytes: Arc<[u8]>,
    /// Width: pixels of a raster image; the SVG's own width in its user units.
    pub width: f32,
    /// Height: pixels of a raster image; the SVG's own height in its user units.
    pub height: f32,
    /// Whether a raster image has any pixel not fully opaque (the PDF then gives it a soft mask).
    pub alpha: bool,
    /// An SVG's drawing, in its own units (origin at the top left of its view box).
    pub shapes: Vec<Path>,
}

/// Why an image file cannot be used: the "found …" half of a message, and a help line.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageProblem {
    /// What a file there must be (`a PNG, JPEG, WebP or SVG image`).
    pub expected: &'static str,
    /// What was found instead (`an image of 50000 × 50000 pixels`).
    pub found: String,
    /// What to do about it.
    pub help: String,
}

const AN_IMAGE: &str = "a PNG, JPEG, WebP or SVG image";

fn problem(found: impl Into<String>, help: impl Into<String>) -> ImageProblem {
    ImageProblem {
        expected: AN_IMAGE,
        found: found.into(),
        help: help.into(),
    }
}

/// Reads `bytes` (the file at `path`) as an image.
pub fn read(path: &std::path::Path, bytes: Vec<u8>) -> Result<ImageSource, ImageProblem> {
    let Some(format) = ImageFormat::sniff(&bytes) else {
        return Err(problem(
            "a file that is not a PNG, JPEG, WebP or SVG image",
            "save the picture as PNG, JPEG, WebP or SVG (a GIF, TIFF, HEIC or PDF is not read)",
        ));
    };
    let mut source = ImageSource {
        path: path.to_path_buf(),
        format,
        bytes: bytes.into(),
        width: 0.0,
        height: 0.0,
        alpha: false,
        shapes: Vec::new(),
    };
    if format == ImageFormat::Svg {
        let (w, h, shapes) = svg_shapes(&source.bytes)?;
        (source.width, source.height, source.shapes) = (w, h, shapes);
    } else {
        let (w, h, alpha) = check_raster(&source.bytes)?;
        (source.width, source.height, source.alpha) = (w as f32, h as f32, alpha);
    }
    Ok(source)
}

fn reader(bytes: &[u8]) -> image::ImageReader<std::io::Cursor<&[u8]>> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .expect("reading from memory");
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits::IMAGE_SIDE);
    l.max_image_height = Some(limits::IMAGE_SIDE);
    l.max_alloc = Some(limits::IMAGE_PIXELS * 4 + (1 << 20));
    reader.limits(l);
    reader
}

/// The decoded pixels of a raster image already checked by [`read`], as 8-bit RGBA.
pub fn decode(bytes: &[u8]) -> Option<image::RgbaImage> {
    reader(bytes).decode().ok().map(|i| i.into_rgba8())
}

/// The number of colour components of a JPEG, from its frame header (1 grey, 3 RGB, 4 CMYK); `None`
/// for anything else.
pub fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        // SOF0–SOF15, but DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return bytes.get(at + 9).copied();
        }
        if marker == 0xDA || len < 2 {
            return None; // the scan began before any frame header
        }
        at += 2 + len;
    }
    None
}

/// Whether a JPEG's pixels are grey (one channel) or RGB (three) — for the PDF, which embeds such a
/// JPEG as it is with the colour space of its channels; `None` for any other.
pub fn jpeg_is_grey(bytes: &[u8]) -> Option<bool> {
    match jpeg_components(bytes)? {
        1 => Some(true),
        3 => Some(false),
        _ => None,
    }
}

/// A raster image's size from its header (refused past the limits before anything is allocated), then
/// decoded once to prove it is whole; whether any pixel is translucent.
fn check_raster(bytes: &[u8]) -> Result<(u32, u32, bool), ImageProblem> {
    let undecodable = |e: &dyn std::fmt::Display| {
        problem(
            format!("a file that cannot be decoded ({e})"),
            "the file is damaged or truncated: export the picture again",
        )
    };
    // From the header alone: a decoder may allocate for the size it reads before it reads a pixel.
    let size = imagesize::blob_size(bytes).map_err(|e| undecodable(&e))?;
    let (w, h) = (
        u32::try_from(size.width).unwrap_or(u32::MAX),
        u32::try_from(size.height).unwrap_or(u32::MAX),
    );
    let pixels = w as u64 * h as u64;
    if w == 0 || h == 0 {
        return Err(problem(
            format!("an image of {w} × {h} pixels"),
            "export the picture again",
        ));
    }
    if w > limits::IMAGE_SIDE || h > limits::IMAGE_SIDE || pixels > limits::IMAGE_PIXELS {
        return Err(problem(
            format!("an image of {w} × {h} pixels"),
            format!(
                "an image may have at most {} million pixels and {} on a side: scale it down (a poster {} px wide needs no more than about twice that across)",
                limits::IMAGE_PIXELS / 1_000_000,
                limits::IMAGE_SIDE,
                super::preset::DESIGN_WIDTH
            ),
        ));
    }
    {
        use image::ImageDecoder;
        let mut decoder = reader(bytes).into_decoder().map_err(|e| undecodable(&e))?;
        // The colours resvg (PNG, JPEG, WebP outputs) and browsers draw the same: grey and RGB. A CMYK
        // JPEG (made for print) is not drawn alike everywhere.
        if jpeg_components(bytes) == Some(4) {
            return Err(ImageProblem {
                expected: "an RGB or grey picture",
                ..problem(
                "a CMYK JPEG",
                "convert the photo to RGB (sRGB) in the picture editor; yitu converts it to inks itself for a print PDF",
            )});
        }
        // A camera's photo saved on its side with a note to turn it: drawn as stored everywhere, so it
        // would come out on its side.
        if let Ok(o) = decoder.orientation() {
            if o != image::metadata::Orientation::NoTransforms {
                return Err(ImageProblem {
                    expected: "a picture stored upright",
                    ..problem(
                        format!("a photo whose EXIF data asks for it to be turned ({o:?})"),
                        "save the photo turned upright (most picture editors do so when they export it)",
                    )
                });
            }
        }
    }
    let image = reader(bytes).decode().map_err(|e| undecodable(&e))?;
    let alpha = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] != 255);
    Ok((w, h, alpha))
}

/// Elements an SVG's drawing may not contain, with what to do instead.
const REFUSED_ELEMENTS: [(&str, &str); 7] = [
    (
        "text",
        "convert the text to outlines (paths) in the drawing program",
    ),
    (
        "image",
        "embed no picture in the SVG: give it as an image file of its own",
    ),
    ("foreignObject", "draw the content as paths"),
    (
        "clipPath",
        "release the clipping mask and delete what it hid",
    ),
    ("mask", "release the mask and delete what it hid"),
    ("filter", "remove the filter effects (shadows, blurs)"),
    ("pattern", "fill with a solid colour instead of a pattern"),
];

/// An SVG's size and its drawing as shapes in its own units.
fn svg_shapes(bytes: &[u8]) -> Result<(f32, f32, Vec<Path>), ImageProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        problem(
            "an SVG that is not UTF-8 text",
            "save the SVG as UTF-8 (plain SVG, not compressed SVGZ)",
        )
    })?;
    let opts = usvg::roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits::SVG_NODES,
    };
    let doc = usvg::roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
        problem(
            format!("an SVG that is not well-formed XML ({e})"),
            "open and save it again in the drawing program",
        )
    })?;
    check_svg_document(&doc)?;
    let tree = usvg::Tree::from_xmltree(&doc, &usvg::Options::default()).map_err(|e| {
        problem(
            format!("an SVG that cannot be read ({e})"),
            "open and save it again in the drawing program",
        )
    })?;
    let size = tree.size();
    let mut shapes = Vec::new();
    collect(tree.root(), 1.0, &mut shapes)?;
    let segments: usize = shapes.iter().map(|p| p.ops.len()).sum();
    if segments > limits::SVG_SEGMENTS {
        return Err(problem(
            format!("an SVG of {segments} path segments"),
            format!(
                "an SVG image may draw at most {} segments: simplify the drawing",
                limits::SVG_SEGMENTS
            ),
        ));
    }
    if shapes.is_empty() {
        return Err(problem(
            "an SVG that draws nothing",
            "check that the file is the logo or drawing meant",
        ));
    }
    Ok((size.width(), size.height(), shapes))
}

/// Refuses what cannot be drawn as shapes, a reference outside the file, and `<use>` chains that would
/// multiply the drawing past [`limits::SVG_NODES`].
fn check_svg_document(doc: &usvg::roxmltree::Document) -> Result<(), ImageProblem> {
    let mut ids: HashMap<&str, usvg::roxmltree::Node> = HashMap::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if let Some((_, help)) = REFUSED_ELEMENTS.iter().find(|(e, _)| *e == name) {
            return Err(problem(
                format!("an SVG with a <{name}> element, which yitu does not draw"),
                format!("yitu draws an SVG's paths and shapes: {help}"),
            ));
        }
        for a in node.attributes() {
            let external = match a.name() {
                "href" => !a.value().trim_start().starts_with('#'),
                _ => a.value().contains("url(") && !a.value().contains("url(#"),
            };
            if external {
                return Err(problem(
                    format!(
                        "an SVG with an external reference ({}=\"{}\")",
                        a.name(),
                        a.value().chars().take(60).collect::<String>()
                    ),
                    "an SVG image must be self-contained: yitu reads no other file or address",
                ));
            }
        }
        // A style sheet may import another, or name a paint outside the file.
        if name == "style" {
            let css: String = node.descendants().filter_map(|n| n.text()).collect();
            let outside = css.contains("@import")
                || css.match_indices("url(").any(|(i, _)| {
                    !css[i + 4..]
                        .trim_start_matches(['"', '\'', ' '])
                        .starts_with('#')
                });
            if outside {
                return Err(problem(
                    "an SVG whose style sheet refers to another file or address",
                    "an SVG image must be self-contained: yitu reads no other file or address",
                ));
            }
        }
        if let Some(id) = node.attribute("id") {
            ids.insert(id, node);
        }
    }
    // The number of nodes the drawing has once every <use> is expanded, refusing cycles.
    fn expanded<'a>(
        node: usvg::roxmltree::Node<'a, 'a>,
        ids: &HashMap<&str, usvg::roxmltree::Node<'a, 'a>>,
        memo: &mut HashMap<usvg::roxmltree::NodeId, u64>,
        visiting: &mut Vec<usvg::roxmltree::NodeId>,
    ) -> Option<u64> {
        if let Some(&n) = memo.get(&node.id()) {
            return Some(n);
        }
        if visiting.contains(&node.id()) || visiting.len() > 64 {
            return None;
        }
        visiting.push(node.id());
        let mut total = 1u64;
        for child in node.children().filter(|n| n.is_element()) {
            total = total.saturating_add(expanded(child, ids, memo, visiting)?);
        }
        if node.tag_name().name() == "use" {
            let target = node
                .attributes()
                .find(|a| a.name() == "href")
                .and_then(|a| ids.get(a.value().trim().trim_start_matches('#')));
            if let Some(&t) = target {
                total = total.saturating_add(expanded(t, ids, memo, visiting)?);
            }
        }
        visiting.pop();
        memo.insert(node.id(), total);
        Some(total)
    }
    let mut memo = HashMap::new();
    match expanded(doc.root_element(), &ids, &mut memo, &mut Vec::new()) {
        Some(n) if n <= limits::SVG_NODES as u64 => Ok(()),
        Some(n) => Err(problem(
            format!("an SVG of {n} elements once its <use> references are expanded"),
            format!(
                "an SVG image may hold at most {} elements: simplify the drawing",
                limits::SVG_NODES
            ),
        )),
        None => Err(problem(
            "an SVG whose <use> elements refer to themselves",
            "remove the <use> element that refers to its own group",
        )),
    }
}

fn colour(c: usvg::Color, opacity: f32) -> Color {
    Color {
        r: c.red,
        g: c.green,
        b: c.blue,
        a: (opacity.clamp(0.0, 1.0) * 255.0).round() as u8,
        cmyk: None,
    }
}

/// A paint as one colour: a gradient in the mean of its stops.
fn paint(p: &usvg::Paint, opacity: f32) -> Result<Color, ImageProblem> {
    let stops = match p {
        usvg::Paint::Color(c) => return Ok(colour(*c, opacity)),
        usvg::Paint::LinearGradient(g) => g.stops(),
        usvg::Paint::RadialGradient(g) => g.stops(),
        usvg::Paint::Pattern(_) => {
            return Err(problem(
                "an SVG filled with a pattern",
                "fill with a solid colour instead of a pattern",
            ))
        }
    };
    let n = stops.len().max(1) as f32;
    let mean = |f: fn(&usvg::Stop) -> f32| stops.iter().map(f).sum::<f32>() / n;
    let c = usvg::Color::new_rgb(
        mean(|s| s.color().red as f32).round() as u8,
        mean(|s| s.color().green as f32).round() as u8,
        mean(|s| s.color().blue as f32).round() as u8,
    );
    let a = if stops.is_empty() {
        1.0
    } else {
        mean(|s| s.opacity().get())
    };
    Ok(colour(c, opacity * a))
}

fn collect(group: &usvg::Group, opacity: f32, out: &mut Vec<Path>) -> Result<(), ImageProblem> {
    let opacity = opacity * group.opacity().get();
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect(g, opacity, out)?,
            usvg::Node::Path(p) if p.is_visible() => {
                let t = p.abs_transform();
                let scale = (t.sx * t.sy - t.kx * t.ky).abs().sqrt();
                let ops = path_ops(p.data(), t);
                if ops.is_empty() {
                    continue;
                }
                let fill = match p.fill() {
                    Some(f) => Some((
                        paint(f.paint(), opacity * f.opacity().get())?,
                        f.rule() == usvg::FillRule::EvenOdd,
                    )),
                    None => None,
                };
                let stroke = match p.stroke() {
                    Some(s) => Some(Stroke {
                        color: paint(s.paint(), opacity * s.opacity().get())?,
                        width: s.width().get() * scale,
                        round: s.linejoin() == usvg::LineJoin::Round
                            || s.linecap() == usvg::LineCap::Round,
                    }),
                    None => None,
                };
                let even_odd = fill.is_some_and(|f| f.1);
                // Fill under stroke, as SVG paints them (paint-order aside).
                if let (Some(f), Some(s)) = (fill, stroke) {
                    out.push(Path {
                        ops: ops.clone(),
                        fill: Some(f.0),
                        stroke: None,
                        even_odd,
                    });
                    out.push(Path {
                        ops,
                        fill: None,
                        stroke: Some(s),
                        even_odd,
                    });
                } else if fill.is_some() || stroke.is_some() {
                    out.push(Path {
                        ops,
                        fill: fill.map(|f| f.0),
                        stroke,
                        even_odd,
                    });
                }
            }
            usvg::Node::Path(_) => {}
            usvg::Node::Image(_) => {
                return Err(problem(
                    "an SVG holding an image",
                    "embed no picture in the SVG: give it as an image file of its own",
                ))
            }
            usvg::Node::Text(_) => {
                return Err(problem(
                    "an SVG holding text",
                    "convert the text to outlines (paths) in the drawing program",
                ))
            }
        }
    }
    Ok(())
}

fn path_ops(data: &usvg::tiny_skia_path::Path, t: usvg::Transform) -> Vec<PathOp> {
    use usvg::tiny_skia_path::PathSegment;
    let map = |p: usvg::tiny_skia_path::Point| {
        let mut p = p;
        t.map_point(&mut p);
        (p.x, p.y)
    };
    let mut ops = Vec::new();
    let mut last = (0.0, 0.0);
    for seg in data.segments() {
        match seg {
            PathSegment::MoveTo(p) => {
                last = map(p);
                ops.push(PathOp::Move(last.0, last.1));
            }
            PathSegment::LineTo(p) => {
                last = map(p);
                ops.push(PathOp::Line(last.0, last.1));
            }
            PathSegment::QuadTo(c, p) => {
                let (c, p) = (map(c), map(p));
                // The cubic with the same curve: control points two thirds towards the quad's.
                let c1 = (
                    last.0 + 2.0 / 3.0 * (c.0 - last.0),
                    last.1 + 2.0 / 3.0 * (c.1 - last.1),
                );
                let c2 = (p.0 + 2.0 / 3.0 * (c.0 - p.0), p.1 + 2.0 / 3.0 * (c.1 - p.1));
                ops.push(PathOp::Cubic(c1.0, c1.1, c2.0, c2.1, p.0, p.1));
                last = p;
            }
            PathSegment::CubicTo(c1, c2, p) => {
                let (c1, c2, p) = (map(c1), map(c2), map(p));
                ops.push(PathOp::Cubic(c1.0, c1.1, c2.0, c2.1, p.0, p.1));
                last = p;
            }
            PathSegment::Close => ops.push(PathOp::Close),
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_from_their_bytes() {
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG\r\n\x1a\nxxxx"),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            ImageFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageFormat::Webp)
        );
        assert_eq!(
            ImageFormat::sniff(b"\xEF\xBB\xBF <?xml version=\"1.0\"?>\n<svg>"),
            Some(ImageFormat::Svg)
        );
        assert_eq!(ImageFormat::sniff(b"GIF89a"), None);
        assert_eq!(ImageFormat::sniff(b""), None);
    }

    fn svg(body: &str) -> Result<(f32, f32, Vec<Path>), ImageProblem> {
        svg_shapes(
            format!(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">{body}</svg>"#)
                .as_bytes(),
        )
    }

    #[test]
    fn an_svg_becomes_shapes_in_its_own_units() {
        let (w, h, shapes) =
            svg(r##"<g transform="translate(10 5)" opacity="0.5"><rect width="20" height="10" fill="#ff0000"/></g>"##)
                .unwrap();
        assert_eq!((w, h), (100.0, 50.0));
        assert_eq!(shapes.len(), 1);
        assert_eq!(shapes[0].ops[0], PathOp::Move(10.0, 5.0));
        let fill = shapes[0].fill.unwrap();
        assert_eq!((fill.r, fill.g, fill.b, fill.a), (255, 0, 0, 128));
    }

    #[test]
    fn external_references_text_and_use_bombs_are_refused() {
        let e = svg(r#"<image href="/etc/passwd" width="1" height="1"/>"#).unwrap_err();
        assert!(e.found.contains("<image>"), "{e:?}");
        let e = svg(r#"<rect width="1" height="1" fill="url(https://example.com/p.svg#g)"/>"#)
            .unwrap_err();
        assert!(e.found.contains("external reference"), "{e:?}");
        let e = svg(r#"<use href="other.svg#logo"/>"#).unwrap_err();
        assert!(e.found.contains("external reference"), "{e:?}");
        let e = svg(r#"<style>@import url(https://example.com/a.css);</style>"#).unwrap_err();
        assert!(e.found.contains("style sheet"), "{e:?}");
        let e = svg(r#"<style>rect { fill: url('http://x/p.svg#g') }</style>"#).unwrap_err();
        assert!(e.found.contains("style sheet"), "{e:?}");
        let inside = svg(
            r##"<linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient><style>rect { fill: url( "#g" ) }</style><rect width="1" height="1"/>"##,
        )
        .unwrap();
        // A gradient in the mean of its stops.
        let fill = inside.2[0].fill.unwrap();
        assert_eq!((fill.r, fill.g, fill.b), (128, 0, 128));
        let e = svg(r#"<text x="0" y="10">报</text>"#).unwrap_err();
        assert!(e.found.contains("<text>"), "{e:?}");
        // Ten levels of ten <use> each: 10^10 elements once expanded.
        let mut body = String::from(r#"<defs><rect id="l0" width="1" height="1"/>"#);
        for level in 1..=10 {
            body.push_str(&format!(r#"<g id="l{level}">"#));
            for _ in 0..10 {
                body.push_str(&format!(r##"<use href="#l{}"/>"##, level - 1));
            }
            body.push_str("</g>");
        }
        body.push_str(r##"</defs><use href="#l10"/>"##);
        let e = svg(&body).unwrap_err();
        assert!(e.found.contains("once its <use>"), "{e:?}");
        let e = svg(r##"<g id="a"><use href="#a"/></g>"##).unwrap_err();
        assert!(e.found.contains("refer to themselves"), "{e:?}");
    }
}
