//! Chinese editorial number formatting, shared by charts and stat blocks: large numbers written with 万 and
//! 亿 rather than strings of zeros (12000 → 1.2万, 350000000000 → 3500亿), optional thousands separators,
//! and changes written with a word or a sign (增长29.5%, 下降3.2%, +8%, 提高1.6个百分点).

/// How a number is scaled to 万 or 亿.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// 亿 from 1亿 up, 万 from 1万 up, plain below (default).
    #[default]
    Auto,
    /// Never scaled.
    None,
    /// Always in 万.
    Wan,
    /// Always in 亿.
    Yi,
}

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Default `Scale::Auto`.
    pub scale: Scale,
    /// Decimal places. Default 1.
    pub precision: usize,
    /// Keep trailing zeros (`1.0万`); default false (`1万`).
    pub fixed: bool,
    /// Thousands separators in the integer part (`22,019`); default false, as Chinese papers write 22019.
    pub thousands: bool,
    /// Traditional characters for the scale and change words (萬, 億, 增長): set from the poster's
    /// language (`[page] lang`).
    pub traditional: bool,
    /// Decimals shared by figures read together (a chart's series, the figures of a stat grid in one
    /// unit), by scale word — plain, 万, 亿 — trailing zeros kept (6.0 beside 6.7): what
    /// [`shared_decimals`] decides, or `precision` everywhere when it was given. `None`: each figure
    /// alone, `precision` at most.
    pub shared: Option<[u8; 3]>,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat {
            scale: Scale::Auto,
            precision: 1,
            fixed: false,
            thousands: false,
            traditional: false,
            shared: None,
        }
    }
}

/// A formatted figure: the numeral and the scale word that belongs before the unit (`1.2` + `万`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The digits with their sign, decimal point and separators (`1.2`, `22,019`, `−3.5`).
    pub numeral: String,
    /// `""`, `"万"` or `"亿"` (`"萬"`, `"億"` in Traditional).
    pub scale: &'static str,
}

impl Formatted {
    /// Numeral and scale word together: `1.2万`.
    pub fn joined(&self) -> String {
        format!("{}{}", self.numeral, self.scale)
    }
}

const WAN: f64 = 1e4;
const YI: f64 = 1e8;

/// The divisor and scale index (0 plain, 1 万, 2 亿) `format` writes `value` with.
fn scaling(value: f64, format: &NumberFormat) -> (f64, usize) {
    let magnitude = value.abs();
    match format.scale {
        Scale::None => (1.0, 0),
        Scale::Wan => (WAN, 1),
        Scale::Yi => (YI, 2),
        Scale::Auto if magnitude >= YI => (YI, 2),
        Scale::Auto if magnitude >= WAN => (WAN, 1),
        Scale::Auto => (1.0, 0),
    }
}

/// The scale word `format` writes `value` with: 0 none, 1 万, 2 亿.
pub fn scale_index(value: f64, format: &NumberFormat) -> usize {
    scaling(value, format).1
}

/// Formats `value` (finite) according to `format`.
pub fn format_number(value: f64, format: &NumberFormat) -> Formatted {
    let (wan, yi) = if format.traditional {
        ("萬", "億")
    } else {
        ("万", "亿")
    };
    let (divisor, index) = scaling(value, format);
    let scale = ["", wan, yi][index];
    let (precision, fixed) = match format.shared {
        Some(d) => (usize::from(d[index]), true),
        // Integers below the scale threshold are written whole: 1355, not 1355.0.
        None if index == 0 && value.fract() == 0.0 => (0, format.fixed),
        None => (format.precision, format.fixed),
    };
    let numeral = decimal(value / divisor, precision, fixed, format.thousands);
    Formatted { numeral, scale }
}

/// The decimals figures read together share, by scale word (plain, 万, 亿): as many as the most precise
/// of them needs at `format.precision` (trailing zeros dropped), or was written with (`6.0`: one) when
/// it is not scaled — at most `format.precision`. Each value comes with the decimals it was written
/// with (0 when unknown). With this as [`NumberFormat::shared`], 6 and 6.7 are written 6.0 and 6.7.
pub fn shared_decimals(
    values: impl IntoIterator<Item = (f64, usize)>,
    format: &NumberFormat,
) -> [u8; 3] {
    let mut shared = [0u8; 3];
    let precision = format.precision.min(MAX_DECIMALS);
    for (v, written) in values {
        if !v.is_finite() {
            continue;
        }
        let (divisor, index) = scaling(v, format);
        let text = format!("{:.*}", precision, (v / divisor).abs());
        let needed = text
            .split_once('.')
            .map_or(0, |(_, f)| f.trim_end_matches('0').len());
        let written = if index == 0 {
            written.min(precision)
        } else {
            0
        };
        shared[index] = shared[index].max(needed.max(written) as u8);
    }
    shared
}

/// The most decimals a figure is written with.
pub const MAX_DECIMALS: usize = 4;

/// Decimal places of a number as written (`6.70` → 2, `1e4` → 0, `{ data = … }` → 0), at most
/// [`MAX_DECIMALS`].
pub fn decimals_written(text: &str) -> usize {
    let t = text.trim().replace('_', "");
    if t.contains(['e', 'E']) || t.parse::<f64>().is_err() {
        return 0;
    }
    t.split_once('.')
        .map_or(0, |(_, f)| f.len().min(MAX_DECIMALS))
}

/// Writes `v` with `precision` decimals, trailing zeros trimmed unless `fixed`, and an optional thousands
/// separator. Negative numbers use the minus sign U+2212, as print does.
pub fn decimal(v: f64, precision: usize, fixed: bool, thousands: bool) -> String {
    let text = format!("{:.*}", precision, v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (text, String::new()),
    };
    let frac = if fixed {
        frac
    } else {
        frac.trim_end_matches('0').to_string()
    };
    let int = if thousands {
        group_thousands(&int)
    } else {
        int
    };
    let negative = v < 0.0
        && (int.trim_matches(|c| c == '0' || c == ',').len() + frac.trim_matches('0').len()) > 0;
    let sign = if negative { "−" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

fn group_thousands(int: &str) -> String {
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

/// What a change is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeUnit {
    /// A relative change: 增长29.5%.
    Percent,
    /// A change of a share: 提高1.6个百分点 — never written with %, which would mean a relative change.
    Points,
}

/// How a change is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStyle {
    /// 增长29.5% / 下降3.2% / 持平 (for points: 提高 / 降低 … 个百分点).
    Words,
    /// +8% / −3.2% / 0%.
    Sign,
}

/// The word of a change: 增长 (增長 in Traditional) or 下降 for a relative change, 提高 or 降低 for one of
/// percentage points.
pub fn change_word(unit: ChangeUnit, up: bool, traditional: bool) -> &'static str {
    match (unit, up) {
        (ChangeUnit::Percent, true) if traditional => "增長",
        (ChangeUnit::Percent, true) => "增长",
        (ChangeUnit::Percent, false) => "下降",
        (ChangeUnit::Points, true) => "提高",
        (ChangeUnit::Points, false) => "降低",
    }
}

/// Writes a change such as 增长29.5%, 下降3.2%, +8% or 提高1.6个百分点.
pub fn format_change(value: f64, unit: ChangeUnit, style: ChangeStyle, precision: usize) -> String {
    let magnitude = decimal(value.abs(), precision, false, false);
    let suffix = match unit {
        ChangeUnit::Percent => "%",
        ChangeUnit::Points => "个百分点",
    };
    let zero = magnitude.trim_matches(|c| c == '0' || c == '.').is_empty();
    match style {
        ChangeStyle::Words if zero => "持平".to_string(),
        ChangeStyle::Words => {
            let word = change_word(unit, value > 0.0, false);
            format!("{word}{magnitude}{suffix}")
        }
        ChangeStyle::Sign if zero => format!("0{suffix}"),
        ChangeStyle::Sign => format!("{}{magnitude}{suffix}", if value > 0.0 { "+" } else { "−" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(v: f64) -> String {
        format_number(v, &NumberFormat::default()).joined()
    }

    #[test]
    fn scales_to_wan_and_yi() {
        assert_eq!(auto(12000.0), "1.2万");
        assert_eq!(auto(350_000_000_000.0), "3500亿");
        assert_eq!(auto(185_000.0), "18.5万");
        assert_eq!(auto(1355.0), "1355");
        assert_eq!(auto(9999.0), "9999");
        assert_eq!(auto(18_648_000_000.0), "186.5亿");
        assert_eq!(auto(76.3), "76.3");
    }

    #[test]
    fn precision_and_fixed_trailing_zeros() {
        let two = NumberFormat {
            precision: 2,
            ..NumberFormat::default()
        };
        assert_eq!(format_number(18_648_000_000.0, &two).joined(), "186.48亿");
        let fixed = NumberFormat {
            fixed: true,
            ..NumberFormat::default()
        };
        assert_eq!(format_number(10000.0, &fixed).joined(), "1.0万");
        let traditional = NumberFormat {
            traditional: true,
            ..NumberFormat::default()
        };
        assert_eq!(format_number(12000.0, &traditional).joined(), "1.2萬");
        assert_eq!(
            format_number(350_000_000_000.0, &traditional).joined(),
            "3500億"
        );
        assert_eq!(
            format_number(10000.0, &NumberFormat::default()).joined(),
            "1万"
        );
        let wan = NumberFormat {
            scale: Scale::Wan,
            ..NumberFormat::default()
        };
        assert_eq!(format_number(5000.0, &wan).joined(), "0.5万");
        let none = NumberFormat {
            scale: Scale::None,
            ..NumberFormat::default()
        };
        assert_eq!(format_number(22019.0, &none).joined(), "22019");
    }

    #[test]
    fn figures_read_together_share_their_decimals() {
        let auto = NumberFormat::default();
        let d = shared_decimals([(6.0, 0), (6.7, 1)], &auto);
        assert_eq!(d, [1, 0, 0]);
        let shared = NumberFormat {
            shared: Some(d),
            ..auto
        };
        assert_eq!(format_number(6.0, &shared).joined(), "6.0");
        assert_eq!(format_number(6.7, &shared).joined(), "6.7");
        // Written with a trailing zero: kept; more than `precision`: rounded to it.
        assert_eq!(shared_decimals([(6.0, 1), (7.0, 0)], &auto), [1, 0, 0]);
        assert_eq!(shared_decimals([(6.25, 2), (7.0, 0)], &auto), [1, 0, 0]);
        // Each scale word on its own: 9000 beside 1.2万 stays whole.
        let d = shared_decimals([(9000.0, 0), (12000.0, 0), (10000.0, 0)], &auto);
        assert_eq!(d, [0, 1, 0]);
        let shared = NumberFormat {
            shared: Some(d),
            ..auto
        };
        assert_eq!(format_number(10000.0, &shared).joined(), "1.0万");
        assert_eq!(format_number(9000.0, &shared).joined(), "9000");
        // Whole figures alone stay whole.
        assert_eq!(shared_decimals([(6.0, 0), (7.0, 0)], &auto), [0, 0, 0]);
        assert_eq!(decimals_written("6.0"), 1);
        assert_eq!(decimals_written("1_000.50"), 2);
        assert_eq!(decimals_written("1e4"), 0);
        assert_eq!(decimals_written("{ data = \"a.b\" }"), 0);
    }

    #[test]
    fn thousands_separators() {
        let sep = NumberFormat {
            scale: Scale::None,
            thousands: true,
            ..NumberFormat::default()
        };
        assert_eq!(format_number(22019.0, &sep).joined(), "22,019");
        assert_eq!(format_number(1234567.5, &sep).joined(), "1,234,567.5");
        assert_eq!(format_number(999.0, &sep).joined(), "999");
    }

    #[test]
    fn negative_numbers_use_the_minus_sign_and_no_negative_zero() {
        assert_eq!(auto(-32000.0), "−3.2万");
        assert_eq!(decimal(-0.01, 1, false, false), "0");
    }

    #[test]
    fn changes_in_words_and_signs() {
        use ChangeStyle::*;
        use ChangeUnit::*;
        assert_eq!(format_change(29.5, Percent, Words, 1), "增长29.5%");
        assert_eq!(format_change(-3.2, Percent, Words, 1), "下降3.2%");
        assert_eq!(format_change(8.0, Percent, Sign, 1), "+8%");
        assert_eq!(format_change(-3.2, Percent, Sign, 1), "−3.2%");
        assert_eq!(format_change(0.0, Percent, Words, 1), "持平");
        assert_eq!(format_change(1.6, Points, Words, 1), "提高1.6个百分点");
        assert_eq!(format_change(-0.4, Points, Words, 1), "降低0.4个百分点");
    }
}
