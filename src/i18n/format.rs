//! Sentences with numbers and names, per language.

use qingshui_core::advice::{Advice, Use};
use qingshui_core::decimal;
use qingshui_core::quality::{self, Direction, Level, Parameter, WaterBody, WaterClass};
use qingshui_core::station::{Deciding, Direction3, Trend};
use qingshui_core::time::Age;

use super::{en, text, zh, Key, Lang};

/// A parameter's name as used inside a sentence ("ammonia nitrogen", "氨氮").
pub fn parameter(lang: Lang, p: Parameter) -> &'static str {
    match lang {
        Lang::ZhCn => zh::parameter(p),
        Lang::En => en::parameter(p),
    }
}

/// A parameter's name as a heading ("Ammonia nitrogen"; pH keeps its small p).
pub fn parameter_title(lang: Lang, p: Parameter) -> String {
    capitalise(parameter(lang, p))
}

/// Upper-cases the first (Latin) letter unless the word starts lower-then-upper, as in "pH". Only the
/// English texts have case.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), s.chars().nth(1)) {
        (Some(c), Some(d)) if c.is_ascii_lowercase() && !d.is_ascii_uppercase() => {
            c.to_ascii_uppercase().to_string() + chars.as_str()
        }
        _ => s.to_string(),
    }
}

/// The plain-language level ("Good", "良好").
pub fn level(lang: Lang, l: Level) -> &'static str {
    match lang {
        Lang::ZhCn => zh::level(l),
        Lang::En => en::level(l),
    }
}

/// A use of water ("swimming", "游泳").
pub fn water_use(lang: Lang, u: Use) -> &'static str {
    match lang {
        Lang::ZhCn => zh::water_use(u),
        Lang::En => en::water_use(u),
    }
}

/// The kind of water body ("river", "河流").
pub fn water_body(lang: Lang, b: WaterBody) -> &'static str {
    match lang {
        Lang::ZhCn => zh::water_body(b),
        Lang::En => en::water_body(b),
    }
}

/// Text around the class numeral: "III类" / "Class III".
pub fn class_affixes(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::ZhCn => ("", "类"),
        Lang::En => ("Class ", ""),
    }
}

/// "III类" / "Class III".
pub fn class_label(lang: Lang, c: WaterClass) -> String {
    let (before, after) = class_affixes(lang);
    format!("{before}{}{after}", c.roman())
}

/// A number with about three significant digits and no trailing zeros: 2.6, 0.025, 7.45, 12.5.
pub fn number(v: f64) -> String {
    let a = v.abs();
    let decimals = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else if a >= 0.1 {
        3
    } else {
        4
    };
    // No "-0": trimmed() writes a zero without its sign.
    decimal::trimmed(v, decimals)
}

/// A value with its unit: "2.6 mg/L", or "7.4" for pH.
pub fn quantity(v: f64, unit: &str) -> String {
    if unit.is_empty() {
        number(v)
    } else {
        format!("{} {unit}", number(v))
    }
}

/// A distance: "350 m" below 1 km (to 10 m), "1.2 km" below 10 km, "23 km" beyond.
pub fn distance(metres: f64) -> String {
    if metres < 995.0 {
        format!("{} m", ((metres / 10.0).round() * 10.0).max(0.0) as i64)
    } else if metres < 9_950.0 {
        format!("{} km", decimal::fixed(metres / 1000.0, 1))
    } else {
        format!("{} km", (metres / 1000.0).round() as i64)
    }
}

/// "3 h ago" / "3小时前".
pub fn ago(lang: Lang, age: Age) -> String {
    match (lang, age) {
        (Lang::ZhCn, Age::JustNow) => "刚刚".into(),
        (Lang::ZhCn, Age::Minutes(n)) => format!("{n}分钟前"),
        (Lang::ZhCn, Age::Hours(n)) => format!("{n}小时前"),
        (Lang::ZhCn, Age::Days(n)) => format!("{n}天前"),
        (Lang::En, Age::JustNow) => "just now".into(),
        (Lang::En, Age::Minutes(n)) => format!("{n} min ago"),
        (Lang::En, Age::Hours(n)) => format!("{n} h ago"),
        (Lang::En, Age::Days(n)) => format!("{n} days ago"),
    }
}

/// "updated 3 h ago" / "3小时前更新".
pub fn updated(lang: Lang, age: Age) -> String {
    match lang {
        Lang::ZhCn => format!("{}更新", ago(lang, age)),
        Lang::En => format!("updated {}", ago(lang, age)),
    }
}

/// "No recent data (last reading 3 days ago)" / "近期无数据（最后读数：3天前）".
pub fn no_recent(lang: Lang, last: Option<Age>) -> String {
    let head = text(lang, Key::NoRecentData);
    match (lang, last) {
        (_, None) => head.to_string(),
        (Lang::ZhCn, Some(a)) => format!("{head}（最后读数：{}）", ago(lang, a)),
        (Lang::En, Some(a)) => format!("{head} (last reading {})", ago(lang, a)),
    }
}

/// A limit with its comparison: "≤ 1 mg/L", "≥ 5 mg/L", "6–9".
pub fn limit(p: Parameter, body: WaterBody, class: WaterClass) -> Option<String> {
    let lims = quality::limits(p, body)?;
    match lims.direction {
        Direction::Range { min, max } => Some(format!("{}–{}", number(min), number(max))),
        Direction::AtMost => Some(format!(
            "≤ {}",
            quantity(quality::limit(p, body, class)?, p.unit())
        )),
        Direction::AtLeast => Some(format!(
            "≥ {}",
            quantity(quality::limit(p, body, class)?, p.unit())
        )),
    }
}

/// What a value says about one limit: "1.3× the class V limit" / "below the class III minimum
/// of 5 mg/L" (oxygen must be high enough, so "times the limit" would mislead) / "outside 6–9".
fn breach(
    lang: Lang,
    p: Parameter,
    body: WaterBody,
    class: WaterClass,
    times: f64,
    target: bool,
) -> String {
    let c = class.roman();
    let is_min = matches!(
        quality::limits(p, body).map(|l| l.direction),
        Some(Direction::AtLeast)
    );
    let what_en = if target { "target " } else { "" };
    let what_zh = if target { "目标" } else { "标准" };
    if p == Parameter::Ph {
        return match lang {
            Lang::ZhCn => "，超出6–9范围".into(),
            Lang::En => ", outside the 6–9 range".into(),
        };
    }
    if is_min {
        let lim = quality::limit(p, body, class)
            .map(|v| quantity(v, p.unit()))
            .unwrap_or_default();
        return match lang {
            Lang::ZhCn => format!("，低于{c}类{what_zh}下限{lim}"),
            Lang::En => format!(", below the class {c} {what_en}minimum of {lim}"),
        };
    }
    match lang {
        Lang::ZhCn => format!("，为{c}类{what_zh}限值的{}倍", number(times)),
        Lang::En => format!(", {}× the class {c} {what_en}limit", number(times)),
    }
}

/// The deciding-item sentence: "劣V: ammonia nitrogen 2.6 mg/L, 1.3× the class V limit" /
/// "劣V类：氨氮 2.6 mg/L，为V类标准限值的1.3倍". (Chinese "超…倍" would mean the excess over
/// the limit, 0.3 here, so the unambiguous "为…的…倍" is used.)
pub fn deciding(
    lang: Lang,
    class: WaterClass,
    d: &Deciding,
    body: WaterBody,
    target: Option<WaterClass>,
) -> String {
    let name = parameter(lang, d.parameter);
    let qty = quantity(d.value, d.parameter.unit());
    let mut s = match lang {
        Lang::ZhCn => format!("{}：{name} {qty}", class_label(lang, class)),
        Lang::En => format!("{}: {name} {qty}", class.roman()),
    };
    if let (WaterClass::WorseThanV, Some(x)) = (class, d.times_class_v) {
        s += &breach(lang, d.parameter, body, WaterClass::V, x, false);
    } else if let (Some(t), Some(x)) = (target, d.times_target) {
        s += &breach(lang, d.parameter, body, t, x, true);
    } else if class == WaterClass::WorseThanV && d.parameter == Parameter::Ph {
        s += &breach(lang, d.parameter, body, WaterClass::V, 1.0, false);
    }
    s
}

/// Several deciding items in one line, worst listed as the core orders them.
pub fn deciding_all(
    lang: Lang,
    class: WaterClass,
    items: &[Deciding],
    body: WaterBody,
    target: Option<WaterClass>,
) -> String {
    let sep = if lang == Lang::ZhCn { "；" } else { "; " };
    let mut out = String::new();
    for d in items {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(&deciding(lang, class, d, body, target));
    }
    out
}

/// The card's short form: the first deciding item, and how many more there are
/// ("II: dissolved oxygen 6.1 mg/L and 3 more" / "II类：溶解氧 6.1 mg/L等4项").
pub fn deciding_short(
    lang: Lang,
    class: WaterClass,
    items: &[Deciding],
    body: WaterBody,
    target: Option<WaterClass>,
) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let s = deciding(lang, class, first, body, target);
    match (lang, items.len()) {
        (_, 0 | 1) => s,
        (Lang::ZhCn, n) => format!("{s}等{n}项"),
        (Lang::En, n) => format!("{s} and {} more", n - 1),
    }
}

/// A list of names: "a、b、c" / "a, b, c".
pub fn list(lang: Lang, items: &[&str]) -> String {
    qingshui_core::text::join(items, if lang == Lang::ZhCn { "、" } else { ", " })
}

/// A use of water in a few words, for the card line ("boating and walks", "划船散步").
pub fn water_use_short(lang: Lang, u: Use) -> &'static str {
    match lang {
        Lang::ZhCn => zh::water_use_short(u),
        Lang::En => en::water_use_short(u),
    }
}

/// The one-line advice on a card: "Avoid contact…" for 劣V; else what the water is fit for and,
/// when something is not, what it is not fit for first (that is what keeps people safe).
pub fn advice_line(lang: Lang, a: &Advice) -> String {
    if a.avoid_contact {
        return text(lang, Key::AvoidContact).to_string();
    }
    let names = |uses: &[Use]| -> String {
        let v: Vec<&str> = uses.iter().map(|u| water_use_short(lang, *u)).collect();
        list(lang, &v)
    };
    let (ok, no) = (names(&a.suitable), names(&a.unsuitable));
    match (lang, a.suitable.is_empty(), a.unsuitable.is_empty()) {
        (Lang::ZhCn, _, true) => format!("适合：{ok}"),
        (Lang::ZhCn, true, false) => format!("不适合：{no}"),
        (Lang::ZhCn, false, false) => format!("不适合：{no}；适合：{ok}"),
        (Lang::En, _, true) => format!("Fit for {ok}"),
        (Lang::En, true, false) => format!("Not fit for {no}"),
        (Lang::En, false, false) => format!("Not fit for {no}; fine for {ok}"),
    }
}

/// The live-region count after a nearby search: "10 stations near you" / "你附近有10个监测站";
/// with a place (district): "10 stations near Yuzhong" / "渝中区附近有10个监测站".
pub fn stations_near(lang: Lang, n: usize, place: Option<&str>) -> String {
    let s = if n == 1 { "" } else { "s" };
    match (lang, place) {
        (Lang::ZhCn, None) => format!("你附近有{n}个监测站"),
        (Lang::ZhCn, Some(p)) => format!("{p}附近有{n}个监测站"),
        (Lang::En, None) => format!("{n} station{s} near you"),
        (Lang::En, Some(p)) => format!("{n} station{s} near {p}"),
    }
}

/// "3 stations match “寸滩”" / "找到3个名称含“寸滩”的监测站".
pub fn search_results(lang: Lang, n: usize, query: &str) -> String {
    match lang {
        Lang::ZhCn => format!("找到{n}个名称含“{query}”的监测站"),
        Lang::En if n == 1 => format!("1 station matches “{query}”"),
        Lang::En => format!("{n} stations match “{query}”"),
    }
}

/// The trend's text equivalent: "min 0.21, max 0.52 mg/L, rising" / "最低0.21，最高0.52 mg/L，上升".
pub fn trend(lang: Lang, t: &Trend, unit: &str) -> String {
    let dir = text(
        lang,
        match t.direction {
            Direction3::Rising => Key::Rising,
            Direction3::Falling => Key::Falling,
            Direction3::Steady => Key::Steady,
        },
    );
    let (lo, hi) = (number(t.min), quantity(t.max, unit));
    match lang {
        Lang::ZhCn => format!("最低{lo}，最高{hi}，{dir}"),
        Lang::En => format!("min {lo}, max {hi}, {dir}"),
    }
}

/// "Target: class III — met" as the pieces "III类目标：达标" / "Target class III: met".
pub fn target(lang: Lang, c: WaterClass, met: bool) -> String {
    let verdict = text(
        lang,
        if met {
            Key::TargetMet
        } else {
            Key::TargetNotMet
        },
    );
    match lang {
        Lang::ZhCn => format!("{}：{}类，{verdict}", text(lang, Key::Target), c.roman()),
        Lang::En => format!(
            "{}: class {}, {verdict}",
            text(lang, Key::Target),
            c.roman()
        ),
    }
}

/// How one item's value relates to its class limit: "meets the class II limit (≤ 0.5 mg/L)" /
/// "breaks the class V limit (≤ 2 mg/L)".
pub fn item_limit(lang: Lang, p: Parameter, body: WaterBody, class: WaterClass) -> Option<String> {
    let (c, broken) = if class == WaterClass::WorseThanV {
        (WaterClass::V, true)
    } else {
        (class, false)
    };
    let lim = limit(p, body, c)?;
    let r = c.roman();
    Some(match (lang, broken, p == Parameter::Ph) {
        (Lang::ZhCn, false, true) => format!("在{lim}范围内"),
        (Lang::ZhCn, true, true) => format!("超出{lim}范围"),
        (Lang::ZhCn, false, false) => format!("符合{r}类限值（{lim}）"),
        (Lang::ZhCn, true, false) => format!("超出{r}类限值（{lim}）"),
        (Lang::En, false, true) => format!("within {lim}"),
        (Lang::En, true, true) => format!("outside {lim}"),
        (Lang::En, false, false) => format!("meets the class {r} limit ({lim})"),
        (Lang::En, true, false) => format!("breaks the class {r} limit ({lim})"),
    })
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
