//! The value axis: a range that always includes zero and ends on nice ticks, from plotters' key points.
//!
//! The axis is safe for any input, whatever the model lets through: it works on the range scaled to
//! about 1..10 (so plotters' step search, which loops forever on a range that overflows, only ever sees
//! small numbers), builds every tick as an integer times a power of ten (exact, no float noise), and has
//! at most `MAX_TICKS` (12) ticks.

use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;

use crate::text::number::{format_number, NumberFormat};

/// The largest magnitude a chart plots: a value beyond it is drawn at the end of the axis. Far above
/// anything the model accepts (`model::limits::VALUE_MAGNITUDE`), and far enough below `f64::MAX` that
/// an axis end rounded out to a tick, the axis's span and sums of a thousand such values stay finite.
pub const PLOT_MAGNITUDE: f64 = 1e300;
/// Below this magnitude a value plots as zero (a power of ten much smaller underflows to 0).
const PLOT_RESOLUTION: f64 = 1e-300;
/// The most ticks an axis has: plotters aims at about six.
const MAX_TICKS: usize = 12;
/// The most decimals a tick label shows.
const MAX_DECIMALS: usize = 12;

/// A value axis from `lo` to `hi`, both on a tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The axis's low end, on a tick.
    pub lo: f64,
    /// The axis's high end, on a tick.
    pub hi: f64,
    /// The ticks from `lo` to `hi`, increasing.
    pub ticks: Vec<f64>,
    /// The distance between ticks.
    pub step: f64,
}

/// `v` as a chart plots it: finite, within ±[`PLOT_MAGNITUDE`], NaN and specks as zero.
pub fn plottable(v: f64) -> f64 {
    if v.is_nan() || v.abs() < PLOT_RESOLUTION {
        0.0
    } else {
        v.clamp(-PLOT_MAGNITUDE, PLOT_MAGNITUDE)
    }
}

/// The axis for data from `min` to `max`: zero included (bars and columns start at zero), widened to the
/// nearest ticks of the step plotters chooses for about five ticks. Any `min` and `max` (even NaN or
/// infinite) give a finite axis with `lo < hi`; values are first made [`plottable`].
pub fn value_axis(min: f64, max: f64) -> Axis {
    let (lo, hi) = (plottable(min).min(0.0), plottable(max).max(0.0));
    let magnitude = hi.max(-lo);
    if magnitude == 0.0 {
        // No data beyond zero: an axis from 0 to 1.
        return value_axis(0.0, 1.0);
    }
    // The range scaled by 10^-exp into about 1..10 in magnitude.
    let exp = magnitude.log10().floor() as i32;
    let mut step = nice_step(times_ten_to(lo, -exp), times_ten_to(hi, -exp)).times_ten_to(exp);
    // Ticks are step × k for k from `first` to `last`; the ratios are small (the range and the step are
    // of one magnitude), so they are exact enough to round.
    let (mut first, mut last) = step.bounds(lo, hi);
    while last - first > MAX_TICKS as f64 - 1.0 {
        step = step.wider();
        (first, last) = step.bounds(lo, hi);
    }
    let ticks: Vec<f64> = (first as i64..=last as i64)
        .map(|k| step.multiple(k))
        .collect();
    Axis {
        lo: ticks[0],
        hi: ticks[ticks.len() - 1],
        step: step.multiple(1),
        ticks,
    }
}

/// A step of the form `mantissa` × 10^`exp`, `mantissa` being 1, 2 or 5.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Step {
    mantissa: i64,
    exp: i32,
}

impl Step {
    fn times_ten_to(self, exp: i32) -> Step {
        Step {
            exp: self.exp + exp,
            ..self
        }
    }

    /// `k` steps, computed as one integer times one power of ten, so 3 × 0.1 is 0.3 exactly.
    fn multiple(self, k: i64) -> f64 {
        times_ten_to((k * self.mantissa) as f64, self.exp)
    }

    /// The next nice step up: 1 → 2 → 5 → 10.
    fn wider(self) -> Step {
        match self.mantissa {
            1 => Step {
                mantissa: 2,
                ..self
            },
            2 => Step {
                mantissa: 5,
                ..self
            },
            _ => Step {
                mantissa: 1,
                exp: self.exp + 1,
            },
        }
    }

    /// The multiples of the step just covering `lo..=hi` (a hair of tolerance, so 0.30000000000000004
    /// is not widened to the next tick).
    fn bounds(self, lo: f64, hi: f64) -> (f64, f64) {
        let size = self.multiple(1);
        (
            (lo / size + 1e-9).floor().min(0.0),
            (hi / size - 1e-9)
                .ceil()
                .max((lo / size + 1e-9).floor() + 1.0),
        )
    }
}

/// `x` × 10^`exp`, by one multiplication or division by an exact power of ten (10^k is exact up to
/// 10^22), which rounds an integer `x` correctly: 3 × 10^-1 is 0.3, not 0.30000000000000004.
fn times_ten_to(x: f64, exp: i32) -> f64 {
    if exp >= 0 {
        x * 10f64.powi(exp)
    } else {
        x / 10f64.powi(-exp)
    }
}

/// The step plotters chooses for about six key points on `lo..hi` (of magnitude about 1..10), as a nice
/// [`Step`]; a step of one when plotters gives no two points.
fn nice_step(lo: f64, hi: f64) -> Step {
    let points = RangedCoordf64::from(lo..hi).key_points(6usize);
    let step = match points.as_slice() {
        [a, b, ..] => b - a,
        _ => 1.0,
    };
    snap(step)
}

/// The nice step nearest to `step` (> 0): 1, 2 or 5 times a power of ten.
fn snap(step: f64) -> Step {
    if !step.is_finite() || step <= 0.0 {
        return Step {
            mantissa: 1,
            exp: 0,
        };
    }
    let exp = step.log10().floor() as i32;
    let ratio = step / 10f64.powi(exp);
    let (mantissa, exp) = [(1, exp), (2, exp), (5, exp), (1, exp + 1)]
        .into_iter()
        .min_by(|a, b| {
            let off = |(m, e): (i64, i32)| (m as f64 * 10f64.powi(e - exp) - ratio).abs();
            off(*a).total_cmp(&off(*b))
        })
        .expect("four candidates");
    Step { mantissa, exp }
}

impl Axis {
    /// A tick's label: as many decimals as the step needs, scaled to 万/亿 like the chart's values.
    pub fn label(&self, v: f64, format: &NumberFormat) -> String {
        let decimals = if self.step.fract().abs() < 1e-9 {
            0
        } else {
            ((-self.step.log10().floor()).max(0.0) as usize).min(MAX_DECIMALS)
        };
        let f = NumberFormat {
            precision: decimals.max(if v.abs() >= 1e4 { 1 } else { 0 }),
            fixed: false,
            ..*format
        };
        format_number(v, &f).joined()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_include_zero_and_cover_the_data_on_ticks() {
        let a = value_axis(6.8, 29.5);
        assert_eq!(a.lo, 0.0);
        assert!(a.hi >= 29.5 && a.hi <= 40.0, "{a:?}");
        assert_eq!(a.ticks.first(), Some(&a.lo));
        assert_eq!(a.ticks.last(), Some(&a.hi));
        let b = value_axis(-3.2, 8.0);
        assert!(b.lo <= -3.2 && b.ticks.contains(&0.0), "{b:?}");
        let c = value_axis(0.0, 0.0);
        assert!(c.hi > c.lo);
        let d = value_axis(9.0, 2217.0);
        assert!(d.hi >= 2217.0 && d.ticks.len() <= 8, "{d:?}");
    }

    /// The promises of an axis, for any input: finite ends on its first and last tick, zero inside,
    /// ticks evenly apart and increasing, a handful of them, and the (plottable) data covered.
    fn assert_sound(min: f64, max: f64) {
        let a = value_axis(min, max);
        let why = format!("value_axis({min:e}, {max:e}) = {a:?}");
        assert!(
            a.lo.is_finite() && a.hi.is_finite() && a.step.is_finite(),
            "{why}"
        );
        assert!(
            (a.hi - a.lo).is_finite() && a.lo < a.hi && a.step > 0.0,
            "{why}"
        );
        assert!(a.lo <= 0.0 && a.hi >= 0.0, "{why}");
        assert!((2..=MAX_TICKS).contains(&a.ticks.len()), "{why}");
        assert_eq!(
            (a.ticks[0], a.ticks[a.ticks.len() - 1]),
            (a.lo, a.hi),
            "{why}"
        );
        for pair in a.ticks.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(gap > 0.0 && (gap - a.step).abs() <= a.step * 1e-9, "{why}");
        }
        let (min, max) = (plottable(min), plottable(max));
        let slack = a.step * 1e-6;
        assert!(a.lo <= min + slack && a.hi >= max - slack, "{why}");
    }

    #[test]
    fn hostile_ranges_give_sound_axes() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1e-300,
            1e15,
            -1e15,
            1.7e308,
            -1.7e308,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for &a in &specials {
            for &b in &specials {
                assert_sound(a, b);
            }
        }
        // Every magnitude, with mantissas that are and are not nice, on one side of zero and both.
        for exp in -320..=308 {
            for mantissa in [1.0, 1.5, 2.217, 4.99, 7.3, 9.999] {
                let v = mantissa * 10f64.powi(exp);
                if !v.is_finite() {
                    continue;
                }
                assert_sound(0.0, v);
                assert_sound(-v, 0.0);
                assert_sound(-v, v);
                assert_sound(-v / 3.0, v);
                assert_sound(v * 0.999, v);
            }
        }
    }

    #[test]
    fn ticks_are_exact_decimals() {
        let a = value_axis(0.0, 0.3);
        assert!(a.ticks.contains(&0.3) || a.ticks.contains(&0.35), "{a:?}");
        assert!(a.ticks.iter().all(|t| format!("{t}").len() <= 4), "{a:?}");
        let b = value_axis(-7e-7, 0.0);
        assert!(b.ticks.iter().all(|t| format!("{t:e}").len() <= 5), "{b:?}");
    }

    #[test]
    fn huge_ranges_stay_finite_and_short() {
        // The reproducers of issue #9: a loop in plotters and a capacity overflow.
        let a = value_axis(-1e308, 1e308);
        let near = |x: f64, y: f64| (x - y).abs() <= y.abs() * 1e-12;
        assert!(
            near(a.lo, -PLOT_MAGNITUDE) && near(a.hi, PLOT_MAGNITUDE),
            "{a:?}"
        );
        let b = value_axis(1.0, 1.7e308);
        assert!(b.ticks.len() <= MAX_TICKS, "{b:?}");
        let c = value_axis(0.0, f64::INFINITY);
        assert!(near(c.hi, PLOT_MAGNITUDE), "{c:?}");
    }

    #[test]
    fn tick_labels_use_the_steps_decimals() {
        let a = value_axis(0.0, 0.8);
        assert_eq!(a.label(0.2, &NumberFormat::default()), "0.2");
        let b = value_axis(0.0, 30.0);
        assert_eq!(b.label(10.0, &NumberFormat::default()), "10");
        let c = value_axis(0.0, 350_000_000_000.0);
        assert!(c
            .label(c.ticks[1], &NumberFormat::default())
            .ends_with('亿'));
    }
}
