//! Recognising ObservedProperty names, definitions and units.

use qingshui_core::params::recognise;
use qingshui_core::quality::Parameter::{self, *};

/// (name, definition, unit symbol, expected parameter and scale to mg/L)
type Case = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<(Parameter, f64)>,
);

const CASES: &[Case] = &[
    // The demo's own names (docs/contracts.md).
    (
        "pH",
        Some("http://vocabs.lter-europe.net/EnvThes/22031"),
        Some(""),
        Some((Ph, 1.0)),
    ),
    (
        "Dissolved Oxygen",
        None,
        Some("mg/L"),
        Some((DissolvedOxygen, 1.0)),
    ),
    (
        "Permanganate Index (CODMn)",
        None,
        Some("mg/L"),
        Some((PermanganateIndex, 1.0)),
    ),
    (
        "Ammonia Nitrogen (NH3-N)",
        None,
        Some("mg/L"),
        Some((AmmoniaNitrogen, 1.0)),
    ),
    (
        "Total Phosphorus",
        None,
        Some("mg/L"),
        Some((TotalPhosphorus, 1.0)),
    ),
    (
        "Total Nitrogen",
        None,
        Some("mg/L"),
        Some((TotalNitrogen, 1.0)),
    ),
    // Abbreviations, case and spacing.
    ("PH", None, None, Some((Ph, 1.0))),
    ("ph value", None, Some("pH"), Some((Ph, 1.0))),
    ("DO", None, Some("mg/l"), Some((DissolvedOxygen, 1.0))),
    (
        "dissolved  oxygen",
        None,
        Some("mg L-1"),
        Some((DissolvedOxygen, 1.0)),
    ),
    ("DISSOLVED_OXYGEN", None, None, Some((DissolvedOxygen, 1.0))),
    (
        "Dissolved oxygen concentration",
        None,
        None,
        Some((DissolvedOxygen, 1.0)),
    ),
    ("NH3-N", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("NH3N", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("nh3 - n", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("NH4-N", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("Ammonia-N", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("NH₃-N", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("TP", None, None, Some((TotalPhosphorus, 1.0))),
    ("tn", None, None, Some((TotalNitrogen, 1.0))),
    // COD must not swallow CODMn, nor BOD's "biochemical oxygen demand".
    ("COD", None, Some("mg/L"), Some((Cod, 1.0))),
    ("CODcr", None, None, Some((Cod, 1.0))),
    ("COD (Cr)", None, None, Some((Cod, 1.0))),
    ("Chemical Oxygen Demand", None, None, Some((Cod, 1.0))),
    ("Chemical Oxygen Demand (COD)", None, None, Some((Cod, 1.0))),
    ("CODMn", None, None, Some((PermanganateIndex, 1.0))),
    ("COD(Mn)", None, None, Some((PermanganateIndex, 1.0))),
    ("codmn", None, None, Some((PermanganateIndex, 1.0))),
    (
        "Permanganate index",
        None,
        None,
        Some((PermanganateIndex, 1.0)),
    ),
    ("BOD5", None, None, Some((Bod5, 1.0))),
    ("BOD₅", None, None, Some((Bod5, 1.0))),
    ("BOD", None, None, Some((Bod5, 1.0))),
    ("Biochemical Oxygen Demand", None, None, Some((Bod5, 1.0))),
    (
        "5-day Biochemical Oxygen Demand (BOD5)",
        None,
        None,
        Some((Bod5, 1.0)),
    ),
    // Chinese names, with and without a parenthesised abbreviation (full-width parentheses too).
    (
        "溶解氧",
        None,
        Some("毫克/升"),
        Some((DissolvedOxygen, 1.0)),
    ),
    ("氨氮", None, Some("mg/L"), Some((AmmoniaNitrogen, 1.0))),
    ("氨氮（NH3-N）", None, None, Some((AmmoniaNitrogen, 1.0))),
    ("总磷", None, None, Some((TotalPhosphorus, 1.0))),
    ("总磷(以P计)", None, None, Some((TotalPhosphorus, 1.0))),
    ("总氮", None, None, Some((TotalNitrogen, 1.0))),
    ("化学需氧量", None, None, Some((Cod, 1.0))),
    ("高锰酸盐指数", None, None, Some((PermanganateIndex, 1.0))),
    ("五日生化需氧量", None, None, Some((Bod5, 1.0))),
    ("pH值", None, None, Some((Ph, 1.0))),
    // Microgram units, with either micro sign (U+00B5 and U+03BC) or a "u".
    (
        "Total Phosphorus",
        None,
        Some("µg/L"),
        Some((TotalPhosphorus, 0.001)),
    ),
    (
        "Total Phosphorus",
        None,
        Some("μg/L"),
        Some((TotalPhosphorus, 0.001)),
    ),
    (
        "Ammonia Nitrogen",
        None,
        Some("ug/l"),
        Some((AmmoniaNitrogen, 0.001)),
    ),
    (
        "Ammonia Nitrogen",
        None,
        Some("µg L-1"),
        Some((AmmoniaNitrogen, 0.001)),
    ),
    // pH ignores its unit; unknown concentration units are taken as mg/L.
    ("pH", None, Some("µg/L"), Some((Ph, 1.0))),
    (
        "Total Nitrogen",
        None,
        Some("furlongs"),
        Some((TotalNitrogen, 1.0)),
    ),
    // Oxygen saturation in % cannot be compared with the mg/L limits.
    ("Dissolved Oxygen", None, Some("%"), None),
    ("Dissolved Oxygen Saturation", None, None, None),
    ("溶解氧饱和度", None, None, None),
    // Inverted catalogue names.
    (
        "Oxygen, dissolved",
        None,
        None,
        Some((DissolvedOxygen, 1.0)),
    ),
    (
        "Phosphorus, total",
        None,
        None,
        Some((TotalPhosphorus, 1.0)),
    ),
    (
        "Nitrogen, ammonia",
        None,
        None,
        Some((AmmoniaNitrogen, 1.0)),
    ),
    ("T-P", None, None, Some((TotalPhosphorus, 1.0))),
    // The definition helps only when the name says nothing.
    (
        "Parameter 7",
        Some("http://example.org/def/ammonia-nitrogen"),
        None,
        Some((AmmoniaNitrogen, 1.0)),
    ),
    (
        "Parameter 7",
        Some("Total Phosphorus"),
        None,
        Some((TotalPhosphorus, 1.0)),
    ),
    (
        "pH",
        Some("http://example.org/def/total-nitrogen"),
        None,
        Some((Ph, 1.0)),
    ),
    // Unknown parameters are shown but not classified.
    ("Water Temperature", None, Some("°C"), None),
    ("Turbidity", None, Some("NTU"), None),
    ("Nitrate Nitrogen", None, Some("mg/L"), None),
    ("Phosphate", None, None, None),
    (
        "Conductivity",
        Some("http://vocabs.lter-europe.net/EnvThes/22031"),
        None,
        None,
    ),
    ("", None, None, None),
];

#[test]
fn recognition_table() {
    for (name, def, unit, want) in CASES {
        let got = recognise(name, *def, *unit).map(|r| (r.parameter, r.scale));
        assert_eq!(got, *want, "{name:?} {def:?} {unit:?}");
    }
}
