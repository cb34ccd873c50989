//! GB 3838-2002 《地表水环境质量标准》 Table 1: water classes, class limits and single-item classification.
//!
//! Only the basic items Qingshui shows are encoded: pH, dissolved oxygen, permanganate index, COD, BOD5,
//! ammonia nitrogen, total phosphorus and total nitrogen. All concentrations are in mg/L.

use crate::text;
use serde::{Deserialize, Serialize};

/// GB 3838-2002 classes; `Ord`: I < II < III < IV < V < WorseThanV (greater = worse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WaterClass {
    /// Class I: source water, national nature reserves.
    I,
    /// Class II: first-grade drinking-water source protection areas.
    II,
    /// Class III: second-grade drinking-water source protection areas, swimming areas.
    III,
    /// Class IV: industrial water, non-contact recreation.
    IV,
    /// Class V: agricultural water, general landscape.
    V,
    /// 劣V: worse than class V, no use.
    WorseThanV,
}

impl WaterClass {
    /// All classes from best to worst.
    pub const ALL: [WaterClass; 6] = [
        WaterClass::I,
        WaterClass::II,
        WaterClass::III,
        WaterClass::IV,
        WaterClass::V,
        WaterClass::WorseThanV,
    ];

    /// The five classes that have limits (I..V), in the order of [`Limits::by_class`].
    pub const LIMITED: [WaterClass; 5] = [
        WaterClass::I,
        WaterClass::II,
        WaterClass::III,
        WaterClass::IV,
        WaterClass::V,
    ];

    /// Roman numeral as printed in Chinese reports: "I".."V", "劣V".
    pub fn roman(self) -> &'static str {
        match self {
            WaterClass::I => "I",
            WaterClass::II => "II",
            WaterClass::III => "III",
            WaterClass::IV => "IV",
            WaterClass::V => "V",
            WaterClass::WorseThanV => "劣V",
        }
    }

    /// Parses "III", "3", "Ⅲ", "class III", "III类", "劣V", "劣Ⅴ", "V+", "worse than V"; case/space-insensitive.
    pub fn parse(s: &str) -> Option<Self> {
        let mut t: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // Reports write the class with decorations; strip them before matching the numeral.
        for prefix in ["CLASS", "GRADE"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.to_string();
            }
        }
        if let Some(rest) = t.strip_suffix('类') {
            t = rest.to_string();
        }
        let worse = if let Some(rest) = t.strip_prefix('劣') {
            t = rest.to_string();
            true
        } else if let Some(rest) = t.strip_prefix("WORSETHAN") {
            t = rest.to_string();
            true
        } else if let Some(rest) = t.strip_suffix('+') {
            t = rest.to_string();
            true
        } else {
            false
        };
        let class = match t.as_str() {
            "I" | "1" | "Ⅰ" => WaterClass::I,
            "II" | "2" | "Ⅱ" => WaterClass::II,
            "III" | "3" | "Ⅲ" => WaterClass::III,
            "IV" | "4" | "Ⅳ" => WaterClass::IV,
            "V" | "5" | "Ⅴ" => WaterClass::V,
            "6" | "VI" | "Ⅵ" if !worse => WaterClass::WorseThanV,
            _ => return None,
        };
        match (worse, class) {
            (false, c) => Some(c),
            (true, WaterClass::V) => Some(WaterClass::WorseThanV),
            (true, _) => None,
        }
    }

    /// Index 0..=4 into [`Limits::by_class`]; None for 劣V, which has no limit.
    pub fn limit_index(self) -> Option<usize> {
        WaterClass::LIMITED.iter().position(|c| *c == self)
    }
}

/// Kind of water body; lakes and reservoirs share the stricter phosphorus limits and assess total nitrogen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum WaterBody {
    /// Rivers and streams (the default).
    #[default]
    River,
    /// Lakes.
    Lake,
    /// Reservoirs.
    Reservoir,
}

impl WaterBody {
    /// Parses `river` | `lake` | `reservoir` (and 河流/湖泊/水库; ASCII case ignored); unknown or missing = River.
    pub fn parse(s: &str) -> Self {
        let t = s.trim().to_ascii_lowercase();
        if t.starts_with("lake") || text::contains(&t, "湖") {
            WaterBody::Lake
        } else if t.starts_with("reservoir") || text::contains(&t, "库") {
            WaterBody::Reservoir
        } else {
            WaterBody::River
        }
    }

    /// Lakes and reservoirs are assessed with the same limits.
    pub fn is_lake_like(self) -> bool {
        matches!(self, WaterBody::Lake | WaterBody::Reservoir)
    }
}

/// Parameters of GB 3838-2002 Table 1 that Qingshui classifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Parameter {
    /// pH (dimensionless).
    Ph,
    /// Dissolved oxygen 溶解氧.
    DissolvedOxygen,
    /// Permanganate index 高锰酸盐指数 (CODMn).
    PermanganateIndex,
    /// Chemical oxygen demand 化学需氧量 (CODcr).
    Cod,
    /// Five-day biochemical oxygen demand 五日生化需氧量.
    Bod5,
    /// Ammonia nitrogen 氨氮 (NH3-N).
    AmmoniaNitrogen,
    /// Total phosphorus 总磷 (as P).
    TotalPhosphorus,
    /// Total nitrogen 总氮 (lakes and reservoirs only).
    TotalNitrogen,
}

impl Parameter {
    /// All parameters in display order.
    pub const ALL: [Parameter; 8] = [
        Parameter::Ph,
        Parameter::DissolvedOxygen,
        Parameter::PermanganateIndex,
        Parameter::Cod,
        Parameter::Bod5,
        Parameter::AmmoniaNitrogen,
        Parameter::TotalPhosphorus,
        Parameter::TotalNitrogen,
    ];

    /// Stable key used in DOM hooks and URLs: "ph","do","codmn","cod","bod5","nh3n","tp","tn".
    pub fn key(self) -> &'static str {
        match self {
            Parameter::Ph => "ph",
            Parameter::DissolvedOxygen => "do",
            Parameter::PermanganateIndex => "codmn",
            Parameter::Cod => "cod",
            Parameter::Bod5 => "bod5",
            Parameter::AmmoniaNitrogen => "nh3n",
            Parameter::TotalPhosphorus => "tp",
            Parameter::TotalNitrogen => "tn",
        }
    }

    /// Inverse of [`Parameter::key`].
    pub fn from_key(s: &str) -> Option<Self> {
        Parameter::ALL.into_iter().find(|p| p.key() == s)
    }

    /// Unit values are compared in: "" for pH, otherwise "mg/L".
    pub fn unit(self) -> &'static str {
        match self {
            Parameter::Ph => "",
            _ => "mg/L",
        }
    }
}

/// How a value is compared with a class limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Direction {
    /// Value must not exceed the limit (pollutants).
    AtMost,
    /// Value must reach at least the limit (dissolved oxygen).
    AtLeast,
    /// Value must lie inside `min..=max` for every class (pH).
    Range {
        /// Lowest allowed value.
        min: f64,
        /// Highest allowed value.
        max: f64,
    },
}

/// Class limits for one parameter and water body.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// How values are compared with `by_class`.
    pub direction: Direction,
    /// Limits of classes I..V. For pH (a range) every entry is the upper bound [`PH_RANGE`]`.1`; use
    /// `direction` for the range instead.
    pub by_class: [f64; 5],
}

/// pH range (min, max) that every class I–V requires.
pub const PH_RANGE: (f64, f64) = (6.0, 9.0);

/// Relative tolerance for "value == limit meets it": unit conversion (µg/L × 0.001) must not push a value
/// sitting exactly on a limit into the next class.
const EQ_TOLERANCE: f64 = 1e-9;

/// Class limits for one parameter and water body; None when the item is not assessed (TN in rivers).
pub fn limits(p: Parameter, body: WaterBody) -> Option<Limits> {
    use Direction::{AtLeast, AtMost};
    let lake = body.is_lake_like();
    // GB 3838-2002 Table 1, columns I..V.
    let (direction, by_class) = match p {
        Parameter::Ph => (
            Direction::Range {
                min: PH_RANGE.0,
                max: PH_RANGE.1,
            },
            [PH_RANGE.1; 5],
        ),
        Parameter::DissolvedOxygen => (AtLeast, [7.5, 6.0, 5.0, 3.0, 2.0]),
        Parameter::PermanganateIndex => (AtMost, [2.0, 4.0, 6.0, 10.0, 15.0]),
        Parameter::Cod => (AtMost, [15.0, 15.0, 20.0, 30.0, 40.0]),
        Parameter::Bod5 => (AtMost, [3.0, 3.0, 4.0, 6.0, 10.0]),
        Parameter::AmmoniaNitrogen => (AtMost, [0.15, 0.5, 1.0, 1.5, 2.0]),
        Parameter::TotalPhosphorus if lake => (AtMost, [0.01, 0.025, 0.05, 0.1, 0.2]),
        Parameter::TotalPhosphorus => (AtMost, [0.02, 0.1, 0.2, 0.3, 0.4]),
        Parameter::TotalNitrogen if lake => (AtMost, [0.2, 0.5, 1.0, 1.5, 2.0]),
        Parameter::TotalNitrogen => return None,
    };
    Some(Limits {
        direction,
        by_class,
    })
}

/// Whether `value` meets `limit` in `direction` (equal meets, within a tiny relative tolerance).
fn meets(direction: Direction, value: f64, limit: f64) -> bool {
    let slack = limit.abs() * EQ_TOLERANCE;
    match direction {
        Direction::AtMost => value <= limit + slack,
        Direction::AtLeast => value >= limit - slack,
        Direction::Range { min, max } => value >= min && value <= max,
    }
}

/// One item's class: best class whose limit the value meets; beyond V (or pH outside 6–9) = WorseThanV.
///
/// Equal limits in adjacent classes (COD and BOD5 in I and II) give the better class. Returns None when the
/// item is not assessed for this water body (TN in rivers) or the value is not a finite number.
pub fn classify(p: Parameter, value_mg_l: f64, body: WaterBody) -> Option<WaterClass> {
    if !value_mg_l.is_finite() {
        return None;
    }
    let l = limits(p, body)?;
    let class = WaterClass::LIMITED
        .into_iter()
        .zip(l.by_class)
        .find(|(_, limit)| meets(l.direction, value_mg_l, *limit))
        .map(|(c, _)| c)
        .unwrap_or(WaterClass::WorseThanV);
    Some(class)
}

/// The limit value of `class` for `p` (None for pH, for 劣V, and for TN in rivers).
pub fn limit(p: Parameter, body: WaterBody, class: WaterClass) -> Option<f64> {
    if p == Parameter::Ph {
        return None;
    }
    let l = limits(p, body)?;
    Some(l.by_class[class.limit_index()?])
}

/// value / limit (AtMost) or limit / value (AtLeast, DO) when the value breaks the limit of `class`, else None.
///
/// Also None for pH (a range has no meaningful multiple), for 劣V (no limit), for items not assessed, and for
/// DO ≤ 0 where the multiple is undefined.
pub fn exceedance(
    p: Parameter,
    value_mg_l: f64,
    body: WaterBody,
    class: WaterClass,
) -> Option<f64> {
    if !value_mg_l.is_finite() {
        return None;
    }
    let l = limits(p, body)?;
    let lim = limit(p, body, class)?;
    if meets(l.direction, value_mg_l, lim) {
        return None;
    }
    match l.direction {
        Direction::AtMost => Some(value_mg_l / lim),
        Direction::AtLeast if value_mg_l > 0.0 => Some(lim / value_mg_l),
        _ => None,
    }
}

/// Plain-language level of a class, as used in Chinese public reports (优, 良好, 轻度污染, 中度污染, 重度污染).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// 优: classes I–II.
    Excellent,
    /// 良好: class III.
    Good,
    /// 轻度污染: class IV.
    LightlyPolluted,
    /// 中度污染: class V.
    ModeratelyPolluted,
    /// 重度污染: 劣V.
    HeavilyPolluted,
}

/// Plain-language level: I–II Excellent, III Good, IV LightlyPolluted, V ModeratelyPolluted, 劣V HeavilyPolluted.
pub fn level(c: WaterClass) -> Level {
    match c {
        WaterClass::I | WaterClass::II => Level::Excellent,
        WaterClass::III => Level::Good,
        WaterClass::IV => Level::LightlyPolluted,
        WaterClass::V => Level::ModeratelyPolluted,
        WaterClass::WorseThanV => Level::HeavilyPolluted,
    }
}
