//! Plausible readings: each station gets a water-quality class, one parameter that decides it, and smooth
//! daily cycles around per-parameter baselines. Limits are those of GB 3838-2002 Table 1.
use super::rng::Rng;

/// The six demo parameters: (ObservedProperty name, definition, unit symbol).
pub const PARAMS: [(&str, &str, &str); 6] = [
    ("pH", "http://vocabs.lter-europe.net/EnvThes/22031", ""),
    (
        "Dissolved Oxygen",
        "http://vocabs.lter-europe.net/EnvThes/21470",
        "mg/L",
    ),
    (
        "Permanganate Index (CODMn)",
        "http://vocabs.lter-europe.net/EnvThes/30151",
        "mg/L",
    ),
    (
        "Ammonia Nitrogen (NH3-N)",
        "http://vocabs.lter-europe.net/EnvThes/30157",
        "mg/L",
    ),
    (
        "Total Phosphorus",
        "http://vocabs.lter-europe.net/EnvThes/30158",
        "mg/L",
    ),
    (
        "Total Nitrogen",
        "http://vocabs.lter-europe.net/EnvThes/30159",
        "mg/L",
    ),
];

/// GB 3838-2002 Table 1 limits for classes I..V (DO: at least; the others: at most).
const DO: [f64; 5] = [7.5, 6.0, 5.0, 3.0, 2.0];
const CODMN: [f64; 5] = [2.0, 4.0, 6.0, 10.0, 15.0];
const NH3N: [f64; 5] = [0.15, 0.5, 1.0, 1.5, 2.0];
const TP_RIVER: [f64; 5] = [0.02, 0.1, 0.2, 0.3, 0.4];
const TP_LAKE: [f64; 5] = [0.01, 0.025, 0.05, 0.1, 0.2];
const TN: [f64; 5] = [0.2, 0.5, 1.0, 1.5, 2.0];

/// The value range of class `k` (0 = I … 5 = 劣V) for an "at most" item.
fn band_at_most(l: &[f64; 5], k: usize) -> (f64, f64) {
    let lo = if k == 0 { l[0] * 0.4 } else { l[k - 1] };
    let hi = if k == 5 { l[4] * 2.0 } else { l[k] };
    (lo, hi)
}

/// The value range of class `k` for dissolved oxygen (higher is better).
fn band_do(k: usize) -> (f64, f64) {
    let hi = if k == 0 { 9.5 } else { DO[k - 1] };
    let lo = if k == 5 { 1.0 } else { DO[k] };
    (lo, hi)
}

/// A station's baselines (index = PARAMS order) and how strongly each swings over a day.
pub struct Profile {
    /// Baseline per parameter.
    pub base: [f64; 6],
}

/// Draws the station's overall class: mostly II–III, some IV–V, about 1 % 劣V.
pub fn draw_class(r: &mut Rng) -> usize {
    let x = r.f64();
    match x {
        _ if x < 0.06 => 0,
        _ if x < 0.48 => 1,
        _ if x < 0.83 => 2,
        _ if x < 0.95 => 3,
        _ if x < 0.99 => 4,
        _ => 5,
    }
}

/// Baselines for a station of class `k`: one deciding item sits in that class, the others one or two better.
pub fn profile(r: &mut Rng, k: usize, lake: bool) -> Profile {
    let tp = if lake { &TP_LAKE } else { &TP_RIVER };
    // 劣V almost always comes from an outfall: ammonia or phosphorus.
    let deciding = if k == 5 {
        3 + r.below(2) as usize
    } else {
        1 + r.below(if lake { 5 } else { 4 }) as usize
    };
    let mut base = [0.0; 6];
    for (i, b) in base.iter_mut().enumerate().skip(1) {
        let class = if i == deciding {
            k
        } else {
            k.saturating_sub(r.below(3) as usize).min(3)
        };
        let (lo, hi) = match i {
            1 => band_do(class),
            2 => band_at_most(&CODMN, class),
            3 => band_at_most(&NH3N, class),
            4 => band_at_most(tp, class),
            _ => band_at_most(&TN, if lake { class } else { (class + 2).min(5) }),
        };
        // Stay inside the band so the daily swing rarely changes the class.
        *b = lo + (hi - lo) * (0.25 + 0.5 * r.f64());
    }
    base[0] = 7.0 + 1.2 * r.f64();
    Profile { base }
}

/// The reading of parameter `i` at `ms` (UTC): a daily cycle peaking in the afternoon (Beijing time) plus noise.
pub fn reading(p: &Profile, i: usize, ms: i64, r: &mut Rng) -> f64 {
    let hour = ((ms / 3_600_000 + 8) % 24) as f64;
    let phase = (2.0 * std::f64::consts::PI * (hour - 9.0) / 24.0).sin();
    let noise = r.f64() * 2.0 - 1.0;
    let v = match i {
        0 => p.base[0] + 0.15 * phase + 0.03 * noise,
        // Photosynthesis: oxygen rises by day.
        1 => p.base[1] * (1.0 + 0.06 * phase + 0.02 * noise),
        _ => p.base[i] * (1.0 - 0.05 * phase + 0.03 * noise),
    };
    let digits = if i == 4 { 1000.0 } else { 100.0 };
    (v.max(0.0) * digits).round() / digits
}
