//! Table-driven tests of the sentences; limits are those of GB 3838-2002 Table 1.

use super::*;

fn d(
    parameter: Parameter,
    value: f64,
    times_target: Option<f64>,
    times_class_v: Option<f64>,
) -> Deciding {
    Deciding {
        parameter,
        value,
        times_target,
        times_class_v,
    }
}

#[test]
fn numbers_keep_about_three_significant_digits() {
    for (v, want) in [
        (2.6, "2.6"),
        (0.025, "0.025"),
        (7.45, "7.45"),
        (12.54, "12.5"),
        (150.4, "150"),
        (1.0, "1"),
        (0.0, "0"),
        (1.304, "1.3"),
    ] {
        assert_eq!(number(v), want, "{v}");
    }
}

#[test]
fn distances() {
    for (m, want) in [
        (0.0, "0 m"),
        (348.0, "350 m"),
        (994.0, "990 m"),
        (1_234.0, "1.2 km"),
        (9_940.0, "9.9 km"),
        (23_400.0, "23 km"),
    ] {
        assert_eq!(distance(m), want, "{m}");
    }
}

#[test]
fn ages_in_both_languages() {
    let cases = [
        (Age::JustNow, "updated just now", "刚刚更新"),
        (Age::Minutes(5), "updated 5 min ago", "5分钟前更新"),
        (Age::Hours(3), "updated 3 h ago", "3小时前更新"),
        (Age::Days(2), "updated 2 days ago", "2天前更新"),
    ];
    for (a, en, zh) in cases {
        assert_eq!(updated(Lang::En, a), en);
        assert_eq!(updated(Lang::ZhCn, a), zh);
    }
    assert_eq!(
        no_recent(Lang::En, Some(Age::Days(3))),
        "No recent data (last reading 3 days ago)"
    );
    assert_eq!(no_recent(Lang::ZhCn, None), "近期无数据");
}

#[test]
fn deciding_sentences() {
    // NH3-N class V limit 2.0 mg/L (Table 1): 2.6 mg/L is 1.3 times it.
    let worse = d(Parameter::AmmoniaNitrogen, 2.6, Some(2.6), Some(1.3));
    assert_eq!(
        deciding(
            Lang::En,
            WaterClass::WorseThanV,
            &worse,
            WaterBody::River,
            Some(WaterClass::III)
        ),
        "劣V: ammonia nitrogen 2.6 mg/L, 1.3× the class V limit"
    );
    assert_eq!(
        deciding(
            Lang::ZhCn,
            WaterClass::WorseThanV,
            &worse,
            WaterBody::River,
            Some(WaterClass::III)
        ),
        "劣V类：氨氮 2.6 mg/L，为V类标准限值的1.3倍"
    );
    // TP river class III limit 0.2 mg/L: 0.25 mg/L is class IV, 1.25× the target.
    let tp = d(Parameter::TotalPhosphorus, 0.25, Some(1.25), None);
    assert_eq!(
        deciding(
            Lang::En,
            WaterClass::IV,
            &tp,
            WaterBody::River,
            Some(WaterClass::III)
        ),
        "IV: total phosphorus 0.25 mg/L, 1.25× the class III target limit"
    );
    // DO class III minimum 5 mg/L: a low value is "below", not "times".
    let dox = d(Parameter::DissolvedOxygen, 4.0, Some(1.25), None);
    assert_eq!(
        deciding(
            Lang::En,
            WaterClass::IV,
            &dox,
            WaterBody::River,
            Some(WaterClass::III)
        ),
        "IV: dissolved oxygen 4 mg/L, below the class III target minimum of 5 mg/L"
    );
    assert_eq!(
        deciding(
            Lang::ZhCn,
            WaterClass::IV,
            &dox,
            WaterBody::River,
            Some(WaterClass::III)
        ),
        "IV类：溶解氧 4 mg/L，低于III类目标下限5 mg/L"
    );
    // Meeting the target: no comparison is added.
    let good = d(Parameter::AmmoniaNitrogen, 0.4, None, None);
    assert_eq!(
        deciding(
            Lang::En,
            WaterClass::II,
            &good,
            WaterBody::River,
            Some(WaterClass::III)
        ),
        "II: ammonia nitrogen 0.4 mg/L"
    );
    // pH outside 6–9 is 劣V without a ratio.
    let ph = d(Parameter::Ph, 9.6, None, None);
    assert_eq!(
        deciding(
            Lang::En,
            WaterClass::WorseThanV,
            &ph,
            WaterBody::River,
            None
        ),
        "劣V: pH 9.6, outside the 6–9 range"
    );
}

#[test]
fn limits_show_their_direction() {
    assert_eq!(
        limit(
            Parameter::AmmoniaNitrogen,
            WaterBody::River,
            WaterClass::III
        )
        .as_deref(),
        Some("≤ 1 mg/L")
    );
    assert_eq!(
        limit(
            Parameter::DissolvedOxygen,
            WaterBody::River,
            WaterClass::III
        )
        .as_deref(),
        Some("≥ 5 mg/L")
    );
    assert_eq!(
        limit(Parameter::Ph, WaterBody::River, WaterClass::I).as_deref(),
        Some("6–9")
    );
    // TN is not assessed in rivers (Table 1 note), but is for lakes: III = 1.0 mg/L.
    assert_eq!(
        limit(Parameter::TotalNitrogen, WaterBody::River, WaterClass::III),
        None
    );
    assert_eq!(
        limit(Parameter::TotalNitrogen, WaterBody::Lake, WaterClass::III).as_deref(),
        Some("≤ 1 mg/L")
    );
    assert_eq!(
        item_limit(
            Lang::En,
            Parameter::AmmoniaNitrogen,
            WaterBody::River,
            WaterClass::WorseThanV
        )
        .as_deref(),
        Some("breaks the class V limit (≤ 2 mg/L)")
    );
    assert_eq!(
        item_limit(
            Lang::ZhCn,
            Parameter::TotalPhosphorus,
            WaterBody::River,
            WaterClass::II
        )
        .as_deref(),
        Some("符合II类限值（≤ 0.1 mg/L）")
    );
}

#[test]
fn counts_and_advice() {
    assert_eq!(stations_near(Lang::En, 10, None), "10 stations near you");
    assert_eq!(
        stations_near(Lang::En, 1, Some("Yuzhong")),
        "1 station near Yuzhong"
    );
    assert_eq!(stations_near(Lang::ZhCn, 10, None), "你附近有10个监测站");
    assert_eq!(
        search_results(Lang::ZhCn, 3, "寸滩"),
        "找到3个名称含“寸滩”的监测站"
    );
    let avoid = qingshui_core::advice::advice(WaterClass::WorseThanV);
    assert_eq!(
        advice_line(Lang::En, &avoid),
        "Avoid contact with this water."
    );
    let ok = qingshui_core::advice::advice(WaterClass::II);
    assert_eq!(
        advice_line(Lang::En, &ok),
        "Fit for drinking-water source, swimming, fishing, boating and walks"
    );
    assert_eq!(
        advice_line(Lang::ZhCn, &ok),
        "适合：饮用水源、游泳、钓鱼、划船散步"
    );
    // Class IV: industrial water and non-contact recreation only (GB 3838-2002 §3).
    let iv = qingshui_core::advice::advice(WaterClass::IV);
    assert_eq!(
        advice_line(Lang::En, &iv),
        "Not fit for drinking-water source, swimming, fishing; fine for boating and walks"
    );
    assert_eq!(
        advice_line(Lang::ZhCn, &iv),
        "不适合：饮用水源、游泳、钓鱼；适合：划船散步"
    );
}

#[test]
fn names() {
    assert_eq!(parameter_title(Lang::En, Parameter::Ph), "pH");
    assert_eq!(
        parameter_title(Lang::En, Parameter::AmmoniaNitrogen),
        "Ammonia nitrogen"
    );
    assert_eq!(class_label(Lang::ZhCn, WaterClass::WorseThanV), "劣V类");
    assert_eq!(class_label(Lang::En, WaterClass::III), "Class III");
    assert_eq!(level(Lang::ZhCn, Level::Good), "良好");
}

#[test]
fn card_shows_the_first_deciding_item_and_a_count() {
    let items = [
        d(Parameter::DissolvedOxygen, 6.1, None, None),
        d(Parameter::AmmoniaNitrogen, 0.4, None, None),
    ];
    assert_eq!(
        deciding_short(Lang::En, WaterClass::II, &items, WaterBody::River, None),
        "II: dissolved oxygen 6.1 mg/L and 1 more"
    );
    assert_eq!(
        deciding_short(Lang::ZhCn, WaterClass::II, &items, WaterBody::River, None),
        "II类：溶解氧 6.1 mg/L等2项"
    );
    assert_eq!(
        deciding_short(
            Lang::En,
            WaterClass::II,
            &items[..1],
            WaterBody::River,
            None
        ),
        "II: dissolved oxygen 6.1 mg/L"
    );
}
