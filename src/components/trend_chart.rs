//! A 7-day line per parameter, drawn as inline SVG (no chart library: a few hundred bytes of
//! markup instead of a dependency), with the target-class limit as a dashed line and a text
//! equivalent (min, max, direction) for screen readers and for anyone who prefers words. Lite
//! mode shows a text table of readings instead of the drawing (`trend_table`).

use leptos::prelude::*;
use qingshui_core::decimal::fixed;
use qingshui_core::station::trend;

use super::modes::use_modes;
use super::trend_table::TrendTable;
use crate::i18n::{format, use_i18n, Key};

const W: f64 = 300.0;
const H: f64 = 80.0;
const PAD: f64 = 4.0;

/// The polyline `points` and the limit line's y for a series in a `w`×`h` box. Time runs left
/// to right; the value axis spans the data and the limit (so the limit is always visible),
/// larger values up. `None` with fewer than two finite readings.
pub fn geometry(
    series: &[(i64, f64)],
    limit: Option<f64>,
    w: f64,
    h: f64,
) -> Option<(String, Option<f64>)> {
    let pts: Vec<(i64, f64)> = series
        .iter()
        .copied()
        .filter(|(_, v)| v.is_finite())
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let (t0, t1) = (
        pts.iter().map(|p| p.0).min()?,
        pts.iter().map(|p| p.0).max()?,
    );
    let values = pts
        .iter()
        .map(|p| p.1)
        .chain(limit.filter(|l| l.is_finite()));
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if hi - lo < 1e-9 {
        lo -= 1.0;
        hi += 1.0;
    }
    let x = |t: i64| {
        if t1 == t0 {
            w / 2.0
        } else {
            PAD + (t - t0) as f64 / (t1 - t0) as f64 * (w - 2.0 * PAD)
        }
    };
    let y = |v: f64| PAD + (hi - v) / (hi - lo) * (h - 2.0 * PAD);
    let points = pts
        .iter()
        .map(|&(t, v)| format!("{},{}", fixed(x(t), 1), fixed(y(v), 1)))
        .collect::<Vec<_>>()
        .join(" ");
    Some((points, limit.filter(|l| l.is_finite()).map(y)))
}

/// The chart and its text summary for one parameter.
#[component]
pub fn TrendChart(
    /// Parameter name in the current language (for the label).
    #[prop(into)]
    name: Signal<String>,
    /// Readings, oldest first.
    series: Vec<(i64, f64)>,
    /// Unit for the summary.
    unit: String,
    /// The target class limit to draw, if any.
    limit: Option<f64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let modes = use_modes();
    let t = trend(&series);
    let unit_text = unit.clone();
    let summary = move || {
        t.map(|t| {
            format!(
                "{}: {}",
                i18n.t(Key::TrendHeading),
                format::trend(i18n.lang(), &t, &unit_text)
            )
        })
    };
    let for_label = summary.clone();
    let label = move || format!("{} — {}", name.get(), for_label().unwrap_or_default());
    let geometry = geometry(&series, limit, W, H);
    let data = StoredValue::new((series, unit));
    let chart = move || {
        if modes.lite() {
            let (series, unit) = data.get_value();
            return Some(view! { <TrendTable name=name series=series unit=unit /> }.into_any());
        }
        let label = label.clone();
        // Whole numbers as integers and the rest through `fixed`: `f64`'s own Display would pull the
        // standard library's float printer (~9 KiB brotli) into every page that shows a chart.
        let (w, h) = (W as u32, H as u32);
        geometry.clone().map(|(points, limit_y)| {
            view! {
                <svg class="trend" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none" role="img" aria-label=label>
                    {limit_y.map(|y| view! {
                        <line class="trend-limit" x1="0" x2=w y1=fixed(y, 1) y2=fixed(y, 1)></line>
                    })}
                    <polyline class="trend-line" points=points></polyline>
                </svg>
            }
            .into_any()
        })
    };
    view! {
        <div class="trend-box">
            {chart}
            <p class="trend-text">{summary}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rising_series_goes_up_and_limit_is_inside_the_box() {
        let (points, limit_y) =
            geometry(&[(0, 1.0), (10, 2.0), (20, 3.0)], Some(4.0), 100.0, 50.0).unwrap();
        let ys: Vec<f64> = points
            .split(' ')
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        assert!(
            ys[0] > ys[1] && ys[1] > ys[2],
            "larger values are drawn higher: {points}"
        );
        assert!(
            points.starts_with("4.0,"),
            "first reading at the left edge: {points}"
        );
        assert_eq!(limit_y, Some(4.0), "the limit is the top of the range");
    }

    #[test]
    fn too_few_or_flat_readings() {
        assert!(geometry(&[(0, 1.0)], None, 100.0, 50.0).is_none());
        assert!(geometry(&[(0, f64::NAN), (1, 1.0)], None, 100.0, 50.0).is_none());
        let (points, _) = geometry(&[(0, 2.0), (5, 2.0)], None, 100.0, 50.0).unwrap();
        assert_eq!(
            points, "4.0,25.0 96.0,25.0",
            "a flat line sits in the middle"
        );
    }
}
