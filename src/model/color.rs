//! A colour that can only hold a valid value: sRGB for the screen, and optionally the CMYK ink values it
//! was given in, which a PDF keeps as DeviceCMYK for print.

/// Opaque or translucent sRGB colour, 8 bits a channel. A colour given in CMYK keeps its ink values in
/// `cmyk`; `r`, `g`, `b` then hold the screen approximation every raster and SVG format draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// Opacity, 0–255 (255 opaque; the last two digits of `#RRGGBBAA`).
    pub a: u8,
    /// The inks the colour was given in (`"cmyk(…)"`), which a PDF writes as they are; `None` for a colour given in sRGB.
    pub cmyk: Option<Cmyk>,
}

/// Ink coverage in per cent (0–100) of cyan, magenta, yellow and black, as a prepress department gives
/// it: `cmyk(0, 0, 0, 100)` is pure black ink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cmyk {
    /// Cyan, per cent.
    pub c: u8,
    /// Magenta, per cent.
    pub m: u8,
    /// Yellow, per cent.
    pub y: u8,
    /// Black, per cent.
    pub k: u8,
}

impl Cmyk {
    /// The unmanaged conversion every tool without a colour profile uses (black from the lightest
    /// channel, the rest relative to it); exact for greys, approximate for the rest.
    pub fn from_rgb(r: u8, g: u8, b: u8) -> Cmyk {
        let (r, g, b) = (r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0);
        let k = 1.0 - r.max(g).max(b);
        let ink = |v: f32| {
            if k >= 1.0 {
                0
            } else {
                ((1.0 - v - k) / (1.0 - k) * 100.0).round() as u8
            }
        };
        Cmyk {
            c: ink(r),
            m: ink(g),
            y: ink(b),
            k: (k * 100.0).round() as u8,
        }
    }

    /// The screen colour for these inks (the same unmanaged conversion, backwards).
    pub fn to_rgb(self) -> (u8, u8, u8) {
        let k = 1.0 - self.k as f32 / 100.0;
        let ch = |v: u8| (255.0 * (1.0 - v as f32 / 100.0) * k).round() as u8;
        (ch(self.c), ch(self.m), ch(self.y))
    }

    /// The four inks as fractions 0–1, for PDF's `k`/`K` operators.
    pub fn fractions(self) -> [f32; 4] {
        [self.c, self.m, self.y, self.k].map(|v| v as f32 / 100.0)
    }
}

impl Color {
    /// An opaque sRGB colour, with no inks.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color {
            r,
            g,
            b,
            a: 255,
            cmyk: None,
        }
    }

    /// An opaque colour given in CMYK per cent.
    pub fn cmyk(c: u8, m: u8, y: u8, k: u8) -> Self {
        let inks = Cmyk { c, m, y, k };
        let (r, g, b) = inks.to_rgb();
        Color {
            r,
            g,
            b,
            a: 255,
            cmyk: Some(inks),
        }
    }

    /// The colour's inks: as given, or converted from sRGB (see [`Cmyk::from_rgb`]).
    pub fn inks(self) -> Cmyk {
        self.cmyk
            .unwrap_or_else(|| Cmyk::from_rgb(self.r, self.g, self.b))
    }

    /// Parses a colour as a spec writes it: hexadecimal (see [`Color::parse_hex`]) or
    /// `cmyk(c, m, y, k)` with each ink in per cent, 0–100 (commas or spaces between, `%` allowed).
    pub fn parse(s: &str) -> Option<Color> {
        let s = s.trim();
        match s.strip_prefix("cmyk(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => {
                let inks: Vec<u8> = inner
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|t| !t.is_empty())
                    .map(|t| {
                        let v: f32 = t.strip_suffix('%').unwrap_or(t).parse().ok()?;
                        (0.0..=100.0).contains(&v).then(|| v.round() as u8)
                    })
                    .collect::<Option<_>>()?;
                match inks[..] {
                    [c, m, y, k] => Some(Color::cmyk(c, m, y, k)),
                    _ => None,
                }
            }
            None => Color::parse_hex(s),
        }
    }

    /// Parses `#RGB`, `#RRGGBB` or `#RRGGBBAA`. Returns `None` for anything else.
    pub fn parse_hex(s: &str) -> Option<Color> {
        let hex = s.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let nib = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 => Some(Color::rgb(nib(0)? * 17, nib(1)? * 17, nib(2)? * 17)),
            6 => Some(Color::rgb(byte(0)?, byte(2)?, byte(4)?)),
            8 => Some(Color {
                a: byte(6)?,
                ..Color::rgb(byte(0)?, byte(2)?, byte(4)?)
            }),
            _ => None,
        }
    }

    /// `#rrggbb` for SVG; alpha is written separately as an opacity.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Mixes toward `other` by `t` (0 = self, 1 = other); used for tints such as card backgrounds. When
    /// either colour was given in CMYK the inks are mixed too, so a tint of a CMYK accent prints as a
    /// lighter screen of the same inks.
    pub fn mix(self, other: Color, t: f32) -> Color {
        let m = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
        let cmyk = (self.cmyk.is_some() || other.cmyk.is_some()).then(|| {
            let (a, b) = (self.inks(), other.inks());
            Cmyk {
                c: m(a.c, b.c),
                m: m(a.m, b.m),
                y: m(a.y, b.y),
                k: m(a.k, b.k),
            }
        });
        Color {
            r: m(self.r, other.r),
            g: m(self.g, other.g),
            b: m(self.b, other.b),
            a: m(self.a, other.a),
            cmyk,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_forms() {
        assert_eq!(Color::parse_hex("#fff"), Some(Color::rgb(255, 255, 255)));
        assert_eq!(
            Color::parse_hex("#B71C1C"),
            Some(Color::rgb(0xb7, 0x1c, 0x1c))
        );
        assert_eq!(Color::parse_hex("#00000080").map(|c| c.a), Some(0x80));
        assert_eq!(Color::parse_hex("red"), None);
        assert_eq!(Color::parse_hex("#12345"), None);
        assert_eq!(Color::parse_hex("#ggg"), None);
    }

    #[test]
    fn parses_cmyk_and_keeps_the_inks() {
        let black = Color::parse("cmyk(0, 0, 0, 100)").unwrap();
        assert_eq!(
            black.cmyk,
            Some(Cmyk {
                c: 0,
                m: 0,
                y: 0,
                k: 100
            })
        );
        assert_eq!((black.r, black.g, black.b), (0, 0, 0));
        let red = Color::parse("cmyk(0% 100% 100% 10%)").unwrap();
        assert_eq!(
            red.inks(),
            Cmyk {
                c: 0,
                m: 100,
                y: 100,
                k: 10
            }
        );
        assert_eq!((red.r, red.g, red.b), (230, 0, 0));
        for bad in [
            "cmyk(0, 0, 0)",
            "cmyk(0, 0, 0, 101)",
            "cmyk(a, 0, 0, 0)",
            "cmyk 0 0 0 0",
        ] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
        assert_eq!(Color::parse(" #fff "), Some(Color::rgb(255, 255, 255)));
    }

    #[test]
    fn greys_convert_to_black_ink_only_and_tints_mix_inks() {
        assert_eq!(
            Cmyk::from_rgb(0, 0, 0),
            Cmyk {
                c: 0,
                m: 0,
                y: 0,
                k: 100
            }
        );
        assert_eq!(
            Cmyk::from_rgb(255, 255, 255),
            Cmyk {
                c: 0,
                m: 0,
                y: 0,
                k: 0
            }
        );
        assert_eq!(Cmyk::from_rgb(128, 128, 128).c, 0);
        let accent = Color::cmyk(0, 100, 100, 20);
        let tint = accent.mix(Color::rgb(255, 255, 255), 0.5);
        assert_eq!(
            tint.cmyk,
            Some(Cmyk {
                c: 0,
                m: 50,
                y: 50,
                k: 10
            })
        );
        // Two sRGB colours stay sRGB.
        assert_eq!(
            Color::rgb(0, 0, 0).mix(Color::rgb(255, 255, 255), 0.5).cmyk,
            None
        );
    }
}
