//! The value axis: a range that always includes zero and ends on nice ticks, from plotters' key points.

use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;

use crate::text::number::{format_number, NumberFormat};

/// A value axis from `lo` to `hi`, both on a tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub step: f64,
}

/// The axis for data from `min` to `max`: zero included (bars and columns start at zero), widened to the
/// nearest ticks of the step plotters chooses for about five ticks.
pub fn value_axis(min: f64, max: f64) -> Axis {
    let (mut lo, mut hi) = (min.min(0.0), max.max(0.0));
    if hi - lo <= f64::EPSILON {
        hi = lo + 1.0;
    }
    let points = RangedCoordf64::from(lo..hi).key_points(6usize);
    let step = match points.as_slice() {
        [a, b, ..] => b - a,
        _ => (hi - lo) / 4.0,
    };
    lo = (lo / step + 1e-9).floor() * step;
    hi = (hi / step - 1e-9).ceil() * step;
    let n = ((hi - lo) / step).round() as usize;
    let ticks = (0..=n).map(|i| clean(lo + step * i as f64)).collect();
    Axis {
        lo: clean(lo),
        hi: clean(hi),
        ticks,
        step,
    }
}

/// Removes float noise such as 0.30000000000000004.
fn clean(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

impl Axis {
    /// A tick's label: as many decimals as the step needs, scaled to 万/亿 like the chart's values.
    pub fn label(&self, v: f64, format: &NumberFormat) -> String {
        let decimals = if self.step.fract().abs() < 1e-9 {
            0
        } else {
            (-self.step.log10().floor()).max(0.0) as usize
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
