//! The 7-day trend as a small text table, shown in lite mode instead of the SVG chart: a few
//! readings spread over the week, newest first, readable by anyone and by any screen reader.

use leptos::prelude::*;

use crate::i18n::{format, local_datetime, use_i18n, Key};

/// How many rows the table shows at most.
pub const ROWS: usize = 7;

/// Up to `n` readings spread evenly over the series, always with the newest, newest first.
pub fn sample(series: &[(i64, f64)], n: usize) -> Vec<(i64, f64)> {
    let pts: Vec<(i64, f64)> = series
        .iter()
        .copied()
        .filter(|(_, v)| v.is_finite())
        .collect();
    if pts.len() <= n || n < 2 {
        return pts.into_iter().rev().take(n).collect();
    }
    let last = pts.len() - 1;
    (0..n).map(|i| pts[last - i * last / (n - 1)]).collect()
}

/// `<table class="trend-table">` of readings for one parameter.
#[component]
pub fn TrendTable(
    /// Parameter name in the current language (the caption).
    #[prop(into)]
    name: Signal<String>,
    /// Readings, oldest first.
    series: Vec<(i64, f64)>,
    /// Unit of the values.
    unit: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = sample(&series, ROWS);
    (!rows.is_empty()).then(|| {
        let rows = rows
            .into_iter()
            .map(|(t, v)| {
                let value = format::quantity(v, &unit);
                view! {
                    <tr>
                        <td>{move || local_datetime(i18n.lang(), t)}</td>
                        <td class="num">{value}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="trend-table" data-testid="trend-table">
                <caption>{move || format!("{} — {}", name.get(), i18n.t(Key::TrendHeading))}</caption>
                <thead><tr>
                    <th scope="col">{i18n.text(Key::TrendTime)}</th>
                    <th scope="col" class="num">{i18n.text(Key::TrendValue)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn spread_over_the_week_newest_first() {
        let series: Vec<(i64, f64)> = (0..100).map(|i| (i, i as f64)).collect();
        let rows = sample(&series, 7);
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0], (99, 99.0), "the newest first");
        assert_eq!(rows[6], (0, 0.0), "the oldest last");
        assert!(rows.windows(2).all(|w| w[0].0 > w[1].0));
    }

    #[test]
    fn short_series_are_shown_whole() {
        assert_eq!(
            sample(&[(1, 1.0), (2, f64::NAN), (3, 3.0)], 7),
            [(3, 3.0), (1, 1.0)]
        );
        assert!(sample(&[], 7).is_empty());
    }
}
