//! Writing the SensorThings entities back as JSON text, for the copies the client keeps on the phone
//! (the last nearby list, the last station pages), read again by [`super::decode`].
//!
//! Why not serde's derived `Serialize` with `serde_json`'s writer: every derived impl is generic code
//! instantiated for the writer, and with the writer's own machinery it was ~2.9 KiB brotli of the
//! app's first download (issue #6). A [`Writer`] with one method per JSON shape and one short
//! [`ToJson`] impl per entity is a fraction of it. The text is the one serde would write for the
//! same entity (members in the same order, absent optional members left out); the tests check it
//! against `serde_json::to_value` of the derived impls, which stay as that reference.
//!
//! Floats are written by a function the caller passes: Rust's own float printer is several KiB of
//! code and tables, and the browser already has one (`Number.prototype.toString`).

use std::fmt::Write as _;

use super::id::IotId;
use super::result::ObsResult;
use super::types::{
    Coordinates, Datastream, GeoJson, Location, Observation, ObservedProperty, Thing,
    ThingProperties, Unit,
};

/// Appends the JSON text of a finite float to the output: the shortest text that reads back as
/// the same number.
pub type FloatText = fn(f64, &mut String);

/// [`FloatText`] by Rust's own printer (shortest round trip), for native code where size is no
/// concern. Like JavaScript, very large and very small magnitudes get an exponent: written out in
/// full, `f64::MAX` is 309 digits that some readers refuse.
pub fn display_float(v: f64, out: &mut String) {
    let a = v.abs();
    if a == 0.0 || (1e-7..1e21).contains(&a) {
        let _ = write!(out, "{v}");
    } else {
        let _ = write!(out, "{v:e}");
    }
}

/// JSON text under construction.
pub struct Writer {
    out: String,
    float: FloatText,
    // Whether the next value or member needs a comma before it.
    comma: bool,
}

impl Writer {
    /// An empty text whose floats are written by `float`.
    pub fn new(float: FloatText) -> Self {
        Self {
            out: String::new(),
            float,
            comma: false,
        }
    }

    /// The text written.
    pub fn into_text(self) -> String {
        self.out
    }

    fn next(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// `null`.
    pub fn null(&mut self) {
        self.next();
        self.out.push_str("null");
    }

    /// An integer.
    pub fn int(&mut self, n: i64) {
        self.next();
        let _ = write!(self.out, "{n}");
    }

    /// A float; `null` for NaN and the infinities, which JSON cannot hold (as serde_json writes them).
    pub fn float(&mut self, v: f64) {
        if !v.is_finite() {
            return self.null();
        }
        self.next();
        (self.float)(v, &mut self.out);
    }

    /// A string, escaped as serde_json escapes it.
    pub fn string(&mut self, s: &str) {
        self.next();
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(char::from(HEX[c as usize >> 4]));
                    self.out.push(char::from(HEX[c as usize & 15]));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// JSON text as it is, as the next value: only for text known to be JSON (see [`RawJson`]).
    pub fn raw(&mut self, json: &str) {
        self.next();
        self.out.push_str(json);
    }

    /// `{`; members follow with [`Writer::member`], then [`Writer::end_object`].
    pub fn begin_object(&mut self) {
        self.next();
        self.out.push('{');
        self.comma = false;
    }

    /// `}`.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// `[`; values follow, then [`Writer::end_array`].
    pub fn begin_array(&mut self) {
        self.next();
        self.out.push('[');
        self.comma = false;
    }

    /// `]`.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    /// A member of the open object: `"key":value`.
    pub fn member<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.string(key);
        self.out.push(':');
        self.comma = false;
        value.to_json(self);
    }

    /// A member that is left out when absent (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(v) = value {
            self.member(key, v);
        }
    }
}

/// A value that can be written as JSON text.
pub trait ToJson {
    /// Writes `self` as the next value.
    fn to_json(&self, w: &mut Writer);
}

/// The JSON text of `value`, floats written by `float`.
pub fn to_text<T: ToJson + ?Sized>(value: &T, float: FloatText) -> String {
    let mut w = Writer::new(float);
    value.to_json(&mut w);
    w.into_text()
}

/// A value that is already JSON text, written as it is: an answer the app has read (so it is JSON),
/// kept as it came instead of written out again entity by entity.
pub struct RawJson<'a>(pub &'a str);

impl ToJson for RawJson<'_> {
    fn to_json(&self, w: &mut Writer) {
        w.raw(self.0);
    }
}

impl ToJson for str {
    fn to_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn to_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for i64 {
    fn to_json(&self, w: &mut Writer) {
        w.int(*self);
    }
}

impl ToJson for f64 {
    fn to_json(&self, w: &mut Writer) {
        w.float(*self);
    }
}

/// `None` is `null` (serde's default for an `Option` member that is not skipped).
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.to_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self, w: &mut Writer) {
        (**self).to_json(w);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self, w: &mut Writer) {
        w.begin_array();
        for v in self {
            v.to_json(w);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, w: &mut Writer) {
        self.as_slice().to_json(w);
    }
}

impl ToJson for IotId {
    fn to_json(&self, w: &mut Writer) {
        match self {
            IotId::Num(n) => w.int(*n),
            IotId::Str(s) => w.string(s),
        }
    }
}

impl ToJson for ObsResult {
    fn to_json(&self, w: &mut Writer) {
        match self {
            ObsResult::Number(v) => w.float(*v),
            ObsResult::Text(s) => w.string(s),
            ObsResult::Other => w.null(),
        }
    }
}

impl ToJson for Thing {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("@iot.id", &self.id);
        w.member("name", &self.name);
        w.optional("description", &self.description);
        w.member("properties", &self.properties);
        w.member("Locations", &self.locations);
        w.member("Datastreams", &self.datastreams);
        w.end_object();
    }
}

impl ToJson for ThingProperties {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.optional("nameEn", &self.name_en);
        w.optional("waterBody", &self.water_body);
        w.optional("targetClass", &self.target_class);
        w.optional("district", &self.district);
        w.optional("districtEn", &self.district_en);
        w.optional("river", &self.river);
        w.optional("riverEn", &self.river_en);
        w.end_object();
    }
}

impl ToJson for Location {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.optional("location", &self.location);
        w.end_object();
    }
}

impl ToJson for GeoJson {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("type", &self.kind);
        w.optional("coordinates", &self.coordinates);
        w.optional("geometry", &self.geometry);
        w.end_object();
    }
}

/// Untagged: a position is an array of numbers, nested coordinates an array of arrays.
impl ToJson for Coordinates {
    fn to_json(&self, w: &mut Writer) {
        match self {
            Coordinates::Position(p) => p.to_json(w),
            Coordinates::Nested(n) => n.to_json(w),
        }
    }
}

impl ToJson for Datastream {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.optional("@iot.id", &self.id);
        w.optional("name", &self.name);
        w.optional("unitOfMeasurement", &self.unit);
        w.optional("ObservedProperty", &self.observed_property);
        w.member("Observations", &self.observations);
        w.end_object();
    }
}

impl ToJson for Unit {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.optional("name", &self.name);
        w.optional("symbol", &self.symbol);
        w.optional("definition", &self.definition);
        w.end_object();
    }
}

impl ToJson for ObservedProperty {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("name", &self.name);
        w.optional("definition", &self.definition);
        w.end_object();
    }
}

impl ToJson for Observation {
    fn to_json(&self, w: &mut Writer) {
        w.begin_object();
        w.optional("phenomenonTime", &self.phenomenon_time);
        w.member("result", &self.result);
        w.end_object();
    }
}

#[cfg(test)]
#[path = "encode_tests.rs"]
mod tests;
