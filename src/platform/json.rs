//! JSON text read by the browser's own parser (`JSON.parse`) into a JSON tree (`qingshui_core::json`).
//!
//! Why not `serde_json::from_str`: its text parser (number and escape reading, positions for error
//! messages) was ~7 KiB brotli of the first download (issue #6), and the browser already has a parser
//! that is faster than any we could ship. The `Value` it gives is walked by the same lenient rules as
//! before (`qingshui_core::sta::decode`); no reader of the app goes through serde's derived visitors
//! (`from_value`), whose error text alone brought the standard float printer along.
//!
//! Off the browser (the native unit tests of `config`, `state`, `api`) the same functions parse with
//! serde_json, so those tests read JSON exactly as before; tests/json.rs checks in Chromium that both
//! parsers give the same `Value` for a table of texts.

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{Bad, FromJson};
use qingshui_core::sta::encode::{self, ToJson};

/// `text` parsed into a `Value`; the parser's message when it is not JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    #[cfg(target_arch = "wasm32")]
    return browser::parse(text);
    #[cfg(not(target_arch = "wasm32"))]
    return qingshui_core::json::from_str(text).map_err(|e| e.to_string());
}

/// `text` read as a `T` by the lenient rules of `qingshui_core::sta::decode`.
pub fn read<T: FromJson>(text: &str) -> Result<T, Bad> {
    T::from_json(&parse(text).map_err(Bad)?)
}

/// `value` as JSON text (what the app keeps on the phone). In the browser its floats (coordinates,
/// readings) are written by JavaScript's own shortest round-trip `Number` → text, not serde_json's
/// float printer, whose code and power-of-ten table were ~3 KiB brotli of the first download (issue
/// #6); both give the shortest text that reads back as the same number.
pub fn write<T: serde::Serialize + ?Sized>(value: &T) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, browser::JsFloats);
        if value.serialize(&mut ser).is_err() {
            return String::new();
        }
        // serde_json writes UTF-8 only (strings are copied from `str`, numbers are ASCII).
        String::from_utf8(out).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    serde_json::to_string(value).unwrap_or_default()
}

/// `value` as JSON text by its hand-written [`ToJson`] (the kept copies of SensorThings entities,
/// which the nearby view writes: see `qingshui_core::sta::encode` for why not serde), floats
/// written by the browser as in [`write`].
pub fn text<T: ToJson + ?Sized>(value: &T) -> String {
    #[cfg(target_arch = "wasm32")]
    return encode::to_text(value, browser::float_text);
    #[cfg(not(target_arch = "wasm32"))]
    return encode::to_text(value, encode::display_float);
}

/// The items of the array `key` of the JSON object `text`, each as JSON text: the stations of an answer
/// as the server wrote them, kept so (`state::last_result::KeptAnswer`). Empty when `text` has no such
/// array.
pub fn items(text: &str, key: &str) -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    return browser::items(text, key);
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            Some(
                v.get(key)?
                    .as_array()?
                    .iter()
                    .map(|x| x.to_string())
                    .collect(),
            )
        })
        .unwrap_or_default();
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Object};
    use qingshui_core::json::{Map, Number, Value};
    use serde_json::ser::Formatter;
    use wasm_bindgen::{JsCast, JsValue};

    /// serde_json's compact output, with finite floats written by `Number.prototype.toString`
    /// (serde_json writes `null` for NaN and infinities before asking): e.g. `29.5576`, `1e-7`,
    /// `1e+21`, all JSON numbers.
    pub struct JsFloats;

    impl Formatter for JsFloats {
        fn write_f64<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            value: f64,
        ) -> std::io::Result<()> {
            let mut text = String::new();
            float_text(value, &mut text);
            writer.write_all(text.as_bytes())
        }
    }

    /// `Number.prototype.toString` of a finite float (`encode::FloatText`).
    pub fn float_text(value: f64, out: &mut String) {
        out.push_str(&String::from(
            js_sys::Number::from(value)
                .to_string_with_radix(10)
                .unwrap_or_default(),
        ));
    }

    /// Integers up to here are exact in a JS number; as `i64` they print without a point, as from
    /// serde_json. Above it a number stays a float (ids that large do not occur in SensorThings).
    const EXACT_INT: f64 = 9_007_199_254_740_991.0;

    pub fn parse(text: &str) -> Result<Value, String> {
        js_sys::JSON::parse(text).map(|v| convert(&v)).map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "not JSON".into())
        })
    }

    pub fn items(text: &str, key: &str) -> Vec<String> {
        let list = js_sys::JSON::parse(text).and_then(|v| js_sys::Reflect::get(&v, &key.into()));
        match list {
            // Each item came out of `JSON.parse`, so `JSON.stringify` writes it (the text keeps the
            // item's index: the caller pairs items with the stations read from the same answer).
            Ok(list) if Array::is_array(&list) => list
                .unchecked_ref::<Array>()
                .iter()
                .map(|x| {
                    js_sys::JSON::stringify(&x)
                        .map(String::from)
                        .unwrap_or_default()
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn convert(v: &JsValue) -> Value {
        if let Some(s) = v.as_string() {
            Value::String(s)
        } else if let Some(n) = v.as_f64() {
            Value::Number(if n.fract() == 0.0 && n.abs() <= EXACT_INT {
                Number::Int(n as i64)
            } else {
                // JSON.parse gives no NaN or infinity.
                Number::Float(n)
            })
        } else if let Some(b) = v.as_bool() {
            Value::Bool(b)
        } else if v.is_null() {
            Value::Null
        } else if Array::is_array(v) {
            Value::Array(
                v.unchecked_ref::<Array>()
                    .iter()
                    .map(|x| convert(&x))
                    .collect(),
            )
        } else {
            let mut m = Map::new();
            for pair in Object::entries(v.unchecked_ref()).iter() {
                let pair: Array = pair.unchecked_into();
                if let Some(k) = pair.get(0).as_string() {
                    m.push(k, convert(&pair.get(1)));
                }
            }
            Value::Object(m)
        }
    }
}
