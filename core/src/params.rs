//! Recognising which GB 3838-2002 parameter a SensorThings ObservedProperty measures, and the unit scale.
//!
//! Cities name their parameters freely ("Ammonia Nitrogen (NH3-N)", "NH3-N", "氨氮", "ammonia_n"), so names are
//! normalised (lower case, no spaces, hyphens, underscores or dots; subscript digits made ASCII) and compared
//! with a table of aliases. A name with a parenthesised part is tried whole, then outside and inside the
//! parentheses, so "COD(Mn)" stays the permanganate index while "Chemical Oxygen Demand (COD)" is COD.

use crate::quality::Parameter;
use crate::text;
use serde::{Deserialize, Serialize};

/// A recognised parameter and the factor that converts its values to the unit of [`Parameter::unit`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Recognised {
    /// Which parameter the datastream measures.
    pub parameter: Parameter,
    /// Multiply a reading by this to get mg/L (1 for mg/L and pH, 0.001 for µg/L).
    pub scale: f64,
}

/// Exact aliases, already normalised (see [`normalise`]).
const ALIASES: &[(&str, Parameter)] = &[
    ("ph", Parameter::Ph),
    ("phvalue", Parameter::Ph),
    ("ph值", Parameter::Ph),
    ("酸碱度", Parameter::Ph),
    ("do", Parameter::DissolvedOxygen),
    ("dissolvedoxygen", Parameter::DissolvedOxygen),
    ("oxygendissolved", Parameter::DissolvedOxygen),
    ("溶解氧", Parameter::DissolvedOxygen),
    ("codmn", Parameter::PermanganateIndex),
    ("permanganateindex", Parameter::PermanganateIndex),
    ("permanganate", Parameter::PermanganateIndex),
    ("imn", Parameter::PermanganateIndex),
    ("高锰酸盐指数", Parameter::PermanganateIndex),
    ("cod", Parameter::Cod),
    ("codcr", Parameter::Cod),
    ("chemicaloxygendemand", Parameter::Cod),
    ("化学需氧量", Parameter::Cod),
    ("bod", Parameter::Bod5),
    ("bod5", Parameter::Bod5),
    ("biochemicaloxygendemand", Parameter::Bod5),
    ("5daybiochemicaloxygendemand", Parameter::Bod5),
    ("fivedaybiochemicaloxygendemand", Parameter::Bod5),
    ("biochemicaloxygendemand5day", Parameter::Bod5),
    ("五日生化需氧量", Parameter::Bod5),
    ("生化需氧量", Parameter::Bod5),
    ("nh3n", Parameter::AmmoniaNitrogen),
    ("nh4n", Parameter::AmmoniaNitrogen),
    ("nh3", Parameter::AmmoniaNitrogen),
    ("ammonian", Parameter::AmmoniaNitrogen),
    ("ammonianitrogen", Parameter::AmmoniaNitrogen),
    ("ammoniumnitrogen", Parameter::AmmoniaNitrogen),
    ("ammonia", Parameter::AmmoniaNitrogen),
    ("nitrogenammonia", Parameter::AmmoniaNitrogen),
    ("氨氮", Parameter::AmmoniaNitrogen),
    ("tp", Parameter::TotalPhosphorus),
    ("totalphosphorus", Parameter::TotalPhosphorus),
    ("phosphorustotal", Parameter::TotalPhosphorus),
    ("总磷", Parameter::TotalPhosphorus),
    ("tn", Parameter::TotalNitrogen),
    ("totalnitrogen", Parameter::TotalNitrogen),
    ("nitrogentotal", Parameter::TotalNitrogen),
    ("总氮", Parameter::TotalNitrogen),
];

/// Long, unambiguous fragments for names that carry extra words ("Dissolved Oxygen Concentration").
/// Order matters: BOD before COD ("biochemical…" contains "chemical…"), permanganate before COD.
const FRAGMENTS: &[(&str, Parameter)] = &[
    ("dissolvedoxygen", Parameter::DissolvedOxygen),
    ("溶解氧", Parameter::DissolvedOxygen),
    ("permanganate", Parameter::PermanganateIndex),
    ("高锰酸盐", Parameter::PermanganateIndex),
    ("biochemicaloxygendemand", Parameter::Bod5),
    ("生化需氧量", Parameter::Bod5),
    ("chemicaloxygendemand", Parameter::Cod),
    ("化学需氧量", Parameter::Cod),
    ("ammonianitrogen", Parameter::AmmoniaNitrogen),
    ("ammoniumnitrogen", Parameter::AmmoniaNitrogen),
    ("氨氮", Parameter::AmmoniaNitrogen),
    ("totalphosphorus", Parameter::TotalPhosphorus),
    ("总磷", Parameter::TotalPhosphorus),
    ("totalnitrogen", Parameter::TotalNitrogen),
    ("总氮", Parameter::TotalNitrogen),
];

/// Words that turn a concentration into a ratio (oxygen saturation in %), which the mg/L limits cannot judge.
const NOT_CONCENTRATION: &[&str] = &["saturation", "饱和"];

/// Lower-cases and drops separators so "Ammonia-N", "ammonia n" and "AMMONIA_N" compare equal. ASCII case only:
/// the names and units are Latin or Chinese (which has no case), and Unicode's case tables would add 5.5 KiB
/// brotli to the app's first download (issue #6).
fn normalise(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => None,
            '-' | '_' | '.' | ',' | '，' | '‐' | '–' | '—' | '·' => None,
            '（' => Some('('),
            '）' => Some(')'),
            '₀'..='₉' => char::from_digit(c as u32 - '₀' as u32, 10),
            '⁺' | '+' => None,
            c => Some(c),
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Candidate spellings of one name: whole without parentheses, outside them, inside them.
fn candidates(s: &str) -> Vec<String> {
    let n = normalise(s);
    let mut out = vec![n.replace(['(', ')'], "")];
    if let (Some(open), Some(close)) = (n.find('('), n.rfind(')')) {
        if open < close {
            out.push(format!("{}{}", &n[..open], &n[close + 1..]));
            out.push(n[open + 1..close].replace(['(', ')'], ""));
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// The parameter a free-text name stands for: exact aliases first, then long fragments of the whole name.
fn parameter_of(name: &str) -> Option<Parameter> {
    let cands = candidates(name);
    let whole = cands.first()?;
    if NOT_CONCENTRATION.iter().any(|w| text::contains(whole, w)) {
        return None;
    }
    let exact = cands
        .iter()
        .find_map(|c| ALIASES.iter().find(|(a, _)| a == c).map(|(_, p)| *p));
    exact.or_else(|| {
        FRAGMENTS
            .iter()
            .find(|(f, _)| text::contains(whole, f))
            .map(|(_, p)| *p)
    })
}

/// The last segment of a definition URI ("…/ammonia-nitrogen" → "ammonia-nitrogen"), or the text itself.
fn definition_term(def: &str) -> &str {
    let def = def.trim().trim_end_matches('/');
    match def.rfind(['/', '#']) {
        Some(i) if text::contains(def, "://") || def.starts_with("urn:") => &def[i + 1..],
        _ => def,
    }
}

/// Scale from the unit symbol to mg/L for a concentration; None when the unit is clearly not a concentration
/// (e.g. "%" for oxygen saturation). Unknown or empty units are assumed to be mg/L.
fn concentration_scale(unit: &str) -> Option<f64> {
    let u: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let u = u
        .replace(['⁻', '−'], "-")
        .replace('¹', "1")
        .replace('³', "3");
    let scale = match u.as_str() {
        "mg/l" | "mgl-1" | "mg.l-1" | "mg·l-1" | "毫克/升" | "毫克每升" | "g/m3" | "ppm" => {
            1.0
        }
        "µg/l" | "μg/l" | "ug/l" | "µgl-1" | "μgl-1" | "ugl-1" | "mg/m3" | "微克/升" | "ppb" => {
            0.001
        }
        "ng/l" | "ngl-1" => 1e-6,
        "g/l" | "gl-1" => 1000.0,
        "%" | "percent" | "%sat" | "%saturation" => return None,
        _ => 1.0,
    };
    Some(scale)
}

/// Recognises a SensorThings ObservedProperty (name, definition) + unit symbol; case/space-insensitive;
/// English names and abbreviations and Chinese names. `scale` converts the value to mg/L (µg/L → 0.001).
///
/// The name wins over the definition; the definition (or its URI's last segment) is used only when the name
/// says nothing. None for unknown parameters, and for concentrations given in a non-concentration unit
/// (dissolved oxygen in % saturation cannot be compared with the mg/L limits).
pub fn recognise(
    name: &str,
    definition: Option<&str>,
    unit_symbol: Option<&str>,
) -> Option<Recognised> {
    let parameter =
        parameter_of(name).or_else(|| definition.map(definition_term).and_then(parameter_of))?;
    let scale = if parameter == Parameter::Ph {
        1.0
    } else {
        concentration_scale(unit_symbol.unwrap_or(""))?
    };
    Some(Recognised { parameter, scale })
}
