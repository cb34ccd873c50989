//! GB 3838-2002 Table 1 class limits, classification, limits and exceedance multiples.

use qingshui_core::quality::{
    classify, exceedance, level, limit, limits, Direction, Level, Parameter, WaterBody, WaterClass,
};
use Parameter::*;
use WaterBody::{Lake, Reservoir, River};
use WaterClass::{WorseThanV as W, I, II, III, IV, V};

/// (parameter, water body, value, expected class): each limit of GB 3838-2002 Table 1 at the limit
/// (meets it), just inside and just beyond. Equal limits in I and II (COD 15, BOD5 3) give class I.
const CLASSIFY: &[(Parameter, WaterBody, f64, Option<WaterClass>)] = &[
    // pH 6–9 for classes I–V (Table 1 item 2).
    (Ph, River, 5.99, Some(W)),
    (Ph, River, 6.0, Some(I)),
    (Ph, River, 6.01, Some(I)),
    (Ph, River, 7.4, Some(I)),
    (Ph, River, 8.99, Some(I)),
    (Ph, River, 9.0, Some(I)),
    (Ph, River, 9.01, Some(W)),
    (Ph, Lake, 9.01, Some(W)),
    // Dissolved oxygen ≥ 7.5 (饱和率90%) / 6 / 5 / 3 / 2 (item 3): the reverse direction.
    (DissolvedOxygen, River, 9.0, Some(I)),
    (DissolvedOxygen, River, 7.51, Some(I)),
    (DissolvedOxygen, River, 7.5, Some(I)),
    (DissolvedOxygen, River, 7.49, Some(II)),
    (DissolvedOxygen, River, 6.01, Some(II)),
    (DissolvedOxygen, River, 6.0, Some(II)),
    (DissolvedOxygen, River, 5.99, Some(III)),
    (DissolvedOxygen, River, 5.0, Some(III)),
    (DissolvedOxygen, River, 4.99, Some(IV)),
    (DissolvedOxygen, River, 3.0, Some(IV)),
    (DissolvedOxygen, River, 2.99, Some(V)),
    (DissolvedOxygen, River, 2.0, Some(V)),
    (DissolvedOxygen, River, 1.99, Some(W)),
    (DissolvedOxygen, River, 0.0, Some(W)),
    // Permanganate index ≤ 2 / 4 / 6 / 10 / 15 (item 4).
    (PermanganateIndex, River, 1.99, Some(I)),
    (PermanganateIndex, River, 2.0, Some(I)),
    (PermanganateIndex, River, 2.01, Some(II)),
    (PermanganateIndex, River, 4.0, Some(II)),
    (PermanganateIndex, River, 4.01, Some(III)),
    (PermanganateIndex, River, 6.0, Some(III)),
    (PermanganateIndex, River, 6.01, Some(IV)),
    (PermanganateIndex, River, 10.0, Some(IV)),
    (PermanganateIndex, River, 10.01, Some(V)),
    (PermanganateIndex, River, 15.0, Some(V)),
    (PermanganateIndex, River, 15.01, Some(W)),
    // COD ≤ 15 / 15 / 20 / 30 / 40 (item 5).
    (Cod, River, 14.99, Some(I)),
    (Cod, River, 15.0, Some(I)),
    (Cod, River, 15.01, Some(III)),
    (Cod, River, 20.0, Some(III)),
    (Cod, River, 20.01, Some(IV)),
    (Cod, River, 30.0, Some(IV)),
    (Cod, River, 30.01, Some(V)),
    (Cod, River, 40.0, Some(V)),
    (Cod, River, 40.01, Some(W)),
    // BOD5 ≤ 3 / 3 / 4 / 6 / 10 (item 6).
    (Bod5, River, 2.99, Some(I)),
    (Bod5, River, 3.0, Some(I)),
    (Bod5, River, 3.01, Some(III)),
    (Bod5, River, 4.0, Some(III)),
    (Bod5, River, 4.01, Some(IV)),
    (Bod5, River, 6.0, Some(IV)),
    (Bod5, River, 6.01, Some(V)),
    (Bod5, River, 10.0, Some(V)),
    (Bod5, River, 10.01, Some(W)),
    // Ammonia nitrogen ≤ 0.15 / 0.5 / 1.0 / 1.5 / 2.0 (item 7).
    (AmmoniaNitrogen, River, 0.149, Some(I)),
    (AmmoniaNitrogen, River, 0.15, Some(I)),
    (AmmoniaNitrogen, River, 0.151, Some(II)),
    (AmmoniaNitrogen, River, 0.5, Some(II)),
    (AmmoniaNitrogen, River, 0.501, Some(III)),
    (AmmoniaNitrogen, River, 1.0, Some(III)),
    (AmmoniaNitrogen, River, 1.001, Some(IV)),
    (AmmoniaNitrogen, River, 1.5, Some(IV)),
    (AmmoniaNitrogen, River, 1.501, Some(V)),
    (AmmoniaNitrogen, River, 2.0, Some(V)),
    (AmmoniaNitrogen, River, 2.001, Some(W)),
    (AmmoniaNitrogen, Lake, 2.6, Some(W)),
    // Total phosphorus, rivers ≤ 0.02 / 0.1 / 0.2 / 0.3 / 0.4 (item 8).
    (TotalPhosphorus, River, 0.02, Some(I)),
    (TotalPhosphorus, River, 0.021, Some(II)),
    (TotalPhosphorus, River, 0.1, Some(II)),
    (TotalPhosphorus, River, 0.101, Some(III)),
    (TotalPhosphorus, River, 0.2, Some(III)),
    (TotalPhosphorus, River, 0.201, Some(IV)),
    (TotalPhosphorus, River, 0.3, Some(IV)),
    (TotalPhosphorus, River, 0.301, Some(V)),
    (TotalPhosphorus, River, 0.4, Some(V)),
    (TotalPhosphorus, River, 0.401, Some(W)),
    // Total phosphorus, lakes and reservoirs ≤ 0.01 / 0.025 / 0.05 / 0.1 / 0.2 (item 8, 湖、库).
    (TotalPhosphorus, Lake, 0.01, Some(I)),
    (TotalPhosphorus, Lake, 0.011, Some(II)),
    (TotalPhosphorus, Lake, 0.025, Some(II)),
    (TotalPhosphorus, Lake, 0.026, Some(III)),
    (TotalPhosphorus, Lake, 0.05, Some(III)),
    (TotalPhosphorus, Lake, 0.051, Some(IV)),
    (TotalPhosphorus, Lake, 0.1, Some(IV)),
    (TotalPhosphorus, Lake, 0.101, Some(V)),
    (TotalPhosphorus, Lake, 0.2, Some(V)),
    (TotalPhosphorus, Lake, 0.201, Some(W)),
    (TotalPhosphorus, Reservoir, 0.026, Some(III)),
    (TotalPhosphorus, Reservoir, 0.3, Some(W)),
    // The same 0.1 mg/L is class II in a river but class IV in a lake.
    (TotalPhosphorus, River, 0.1, Some(II)),
    (TotalPhosphorus, Lake, 0.1, Some(IV)),
    // Total nitrogen (湖、库, 以N计) ≤ 0.2 / 0.5 / 1.0 / 1.5 / 2.0 (item 9); not assessed in rivers.
    (TotalNitrogen, Lake, 0.2, Some(I)),
    (TotalNitrogen, Lake, 0.21, Some(II)),
    (TotalNitrogen, Lake, 0.5, Some(II)),
    (TotalNitrogen, Lake, 0.51, Some(III)),
    (TotalNitrogen, Lake, 1.0, Some(III)),
    (TotalNitrogen, Lake, 1.01, Some(IV)),
    (TotalNitrogen, Lake, 1.5, Some(IV)),
    (TotalNitrogen, Reservoir, 1.51, Some(V)),
    (TotalNitrogen, Reservoir, 2.0, Some(V)),
    (TotalNitrogen, Reservoir, 2.01, Some(W)),
    (TotalNitrogen, River, 0.1, None),
    (TotalNitrogen, River, 5.0, None),
    // Not a number: no class rather than a guess.
    (AmmoniaNitrogen, River, f64::NAN, None),
    (Cod, River, f64::INFINITY, None),
];

#[test]
fn classify_matches_gb3838_table1() {
    for &(p, body, value, expected) in CLASSIFY {
        assert_eq!(
            classify(p, value, body),
            expected,
            "{p:?} {value} in {body:?}"
        );
    }
}

#[test]
fn limit_values_match_gb3838_table1() {
    // (parameter, body, [I, II, III, IV, V]) copied from GB 3838-2002 Table 1.
    let table: &[(Parameter, WaterBody, [f64; 5])] = &[
        (DissolvedOxygen, River, [7.5, 6.0, 5.0, 3.0, 2.0]),
        (PermanganateIndex, River, [2.0, 4.0, 6.0, 10.0, 15.0]),
        (Cod, Lake, [15.0, 15.0, 20.0, 30.0, 40.0]),
        (Bod5, River, [3.0, 3.0, 4.0, 6.0, 10.0]),
        (AmmoniaNitrogen, Reservoir, [0.15, 0.5, 1.0, 1.5, 2.0]),
        (TotalPhosphorus, River, [0.02, 0.1, 0.2, 0.3, 0.4]),
        (TotalPhosphorus, Lake, [0.01, 0.025, 0.05, 0.1, 0.2]),
        (TotalPhosphorus, Reservoir, [0.01, 0.025, 0.05, 0.1, 0.2]),
        (TotalNitrogen, Lake, [0.2, 0.5, 1.0, 1.5, 2.0]),
    ];
    for (p, body, values) in table {
        for (class, want) in [I, II, III, IV, V].into_iter().zip(values) {
            assert_eq!(
                limit(*p, *body, class),
                Some(*want),
                "{p:?} {class:?} {body:?}"
            );
        }
        assert_eq!(limit(*p, *body, W), None, "劣V has no limit");
    }
    assert_eq!(limit(Ph, River, III), None, "pH is a range, not one limit");
    assert_eq!(
        limit(TotalNitrogen, River, III),
        None,
        "TN is not assessed in rivers"
    );
    assert!(limits(TotalNitrogen, River).is_none());
    assert_eq!(
        limits(DissolvedOxygen, River).unwrap().direction,
        Direction::AtLeast
    );
    assert_eq!(limits(Cod, River).unwrap().direction, Direction::AtMost);
    assert_eq!(
        limits(Ph, Lake).unwrap().direction,
        Direction::Range { min: 6.0, max: 9.0 }
    );
}

#[test]
fn exceedance_multiples() {
    let close = |got: Option<f64>, want: f64| got.is_some_and(|g| (g - want).abs() < 1e-9);
    // 劣V ammonia nitrogen 2.6 mg/L is 1.3× the class V limit (2.0) and 2.6× the class III limit (1.0).
    assert!(close(exceedance(AmmoniaNitrogen, 2.6, River, V), 1.3));
    assert!(close(exceedance(AmmoniaNitrogen, 2.6, River, III), 2.6));
    // Meeting the limit (equal included) is no exceedance.
    assert_eq!(exceedance(AmmoniaNitrogen, 1.0, River, III), None);
    assert_eq!(exceedance(AmmoniaNitrogen, 0.3, River, III), None);
    // Lake TP 0.15 against lake class III 0.05 = 3×; in a river class III (0.2) it is met.
    assert!(close(exceedance(TotalPhosphorus, 0.15, Lake, III), 3.0));
    assert_eq!(exceedance(TotalPhosphorus, 0.15, River, III), None);
    // Dissolved oxygen is "at least": the multiple is limit / value.
    assert!(close(exceedance(DissolvedOxygen, 2.5, River, III), 2.0));
    assert!(close(exceedance(DissolvedOxygen, 1.6, River, V), 1.25));
    assert_eq!(exceedance(DissolvedOxygen, 5.0, River, III), None);
    assert_eq!(
        exceedance(DissolvedOxygen, 0.0, River, V),
        None,
        "undefined at zero"
    );
    // pH has no multiple; 劣V has no limit; TN in rivers is not assessed.
    assert_eq!(exceedance(Ph, 10.0, River, V), None);
    assert_eq!(exceedance(Cod, 100.0, River, W), None);
    assert_eq!(exceedance(TotalNitrogen, 5.0, River, V), None);
}

#[test]
fn unit_conversion_noise_does_not_change_class() {
    // 150 µg/L × 0.001 must still sit on the class I limit 0.15 (GB 3838-2002 Table 1 item 7).
    assert_eq!(classify(AmmoniaNitrogen, 150.0 * 0.001, River), Some(I));
    assert_eq!(classify(TotalPhosphorus, 25.0 * 0.001, Lake), Some(II));
}

#[test]
fn class_order_roman_and_parse() {
    assert!(I < II && II < III && III < IV && IV < V && V < W);
    let romans: Vec<&str> = WaterClass::ALL.iter().map(|c| c.roman()).collect();
    assert_eq!(romans, ["I", "II", "III", "IV", "V", "劣V"]);
    for c in WaterClass::ALL {
        assert_eq!(WaterClass::parse(c.roman()), Some(c));
    }
    let cases: &[(&str, Option<WaterClass>)] = &[
        ("III", Some(III)),
        ("3", Some(III)),
        (" iv ", Some(IV)),
        ("Ⅱ", Some(II)),
        ("III类", Some(III)),
        ("Class II", Some(II)),
        ("劣V", Some(W)),
        ("劣Ⅴ类", Some(W)),
        ("V+", Some(W)),
        ("worse than V", Some(W)),
        ("6", Some(W)),
        ("劣III", None),
        ("VII", None),
        ("", None),
        ("good", None),
    ];
    for (s, want) in cases {
        assert_eq!(WaterClass::parse(s), *want, "{s:?}");
    }
}

#[test]
fn water_body_parse() {
    let cases = [
        ("river", River),
        ("lake", Lake),
        ("Lake", Lake),
        ("reservoir", Reservoir),
        (" RESERVOIR ", Reservoir),
        ("水库", Reservoir),
        ("湖泊", Lake),
        ("", River),
        ("canal", River),
    ];
    for (s, want) in cases {
        assert_eq!(WaterBody::parse(s), want, "{s:?}");
    }
}

#[test]
fn levels_by_class() {
    let cases = [
        (I, Level::Excellent),
        (II, Level::Excellent),
        (III, Level::Good),
        (IV, Level::LightlyPolluted),
        (V, Level::ModeratelyPolluted),
        (W, Level::HeavilyPolluted),
    ];
    for (c, want) in cases {
        assert_eq!(level(c), want, "{c:?}");
    }
}

#[test]
fn parameter_keys_and_units() {
    let keys: Vec<&str> = Parameter::ALL.iter().map(|p| p.key()).collect();
    assert_eq!(
        keys,
        ["ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn"]
    );
    for p in Parameter::ALL {
        assert_eq!(Parameter::from_key(p.key()), Some(p));
        assert_eq!(p.unit(), if p == Ph { "" } else { "mg/L" });
    }
    assert_eq!(Parameter::from_key("other"), None);
}
