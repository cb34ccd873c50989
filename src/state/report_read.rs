//! Reading the report flow's JSON — the Open311 catalogue and the stored draft — by core's rules
//! (`qingshui_core::sta::decode`) instead of serde's derived readers, whose "invalid type: floating
//! point" error text brought `f64`'s Display (the standard float printer, a 12 KiB chunk) into
//! every report page (issue #6). Server answers are read member by member, leniently (GeoReport v2
//! servers differ: numbers as text, `"true"` for true); the draft, which the app wrote itself, by
//! the null-default rule, so a member of the wrong type makes it unreadable, as before.

use qingshui_core::json::Value;
use qingshui_core::sta::decode::{
    loose_string, loose_text as text, null_default, object, shape_or_none, Bad, FromJson,
};

use super::report::{Attribute, AttributeValue, Draft, Service, ServiceDefinition, WhereMode};

impl FromJson for Service {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "service")?;
        Ok(Service {
            service_code: text(m, "service_code"),
            service_name: text(m, "service_name"),
            description: text(m, "description"),
            keywords: text(m, "keywords"),
            group: text(m, "group"),
        })
    }
}

impl FromJson for AttributeValue {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "attribute value")?;
        Ok(AttributeValue {
            key: text(m, "key"),
            name: text(m, "name"),
        })
    }
}

impl FromJson for Attribute {
    /// `required` as a boolean or as `"true"`; `order` as a number or as text.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "attribute")?;
        Ok(Attribute {
            code: text(m, "code"),
            datatype: text(m, "datatype"),
            required: loose_string(m, "required").is_some_and(|r| r.eq_ignore_ascii_case("true")),
            description: text(m, "description"),
            datatype_description: text(m, "datatype_description"),
            order: loose_string(m, "order")
                .and_then(|o| o.trim().parse().ok())
                .unwrap_or(0),
            values: shape_or_none(m, "values").unwrap_or_default(),
        })
    }
}

impl FromJson for ServiceDefinition {
    /// The questions must be a list of objects: a definition that cannot be read is an error the
    /// page shows, not a form silently missing its required questions.
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "service definition")?;
        Ok(ServiceDefinition {
            service_code: text(m, "service_code"),
            attributes: null_default(m, "attributes")?,
        })
    }
}

impl FromJson for WhereMode {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        match v.as_str() {
            Some("here") => Ok(WhereMode::Here),
            Some("station") => Ok(WhereMode::Station),
            Some("address") => Ok(WhereMode::Address),
            _ => Err(Bad("expected here, station or address".into())),
        }
    }
}

impl FromJson for Draft {
    fn from_json(v: &Value) -> Result<Self, Bad> {
        let m = object(v, "draft")?;
        Ok(Draft {
            service_code: null_default(m, "service_code")?,
            attributes: null_default(m, "attributes")?,
            mode: null_default(m, "mode")?,
            here: null_default(m, "here")?,
            station: null_default(m, "station")?,
            address: null_default(m, "address")?,
            description: null_default(m, "description")?,
            contact: null_default(m, "contact")?,
            name: null_default(m, "name")?,
            email: null_default(m, "email")?,
            phone: null_default(m, "phone")?,
            idempotency_key: null_default(m, "idempotency_key")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::json;

    /// GeoReport v2 catalogues as servers send them: `required` and `order` as text, numbers as
    /// codes, a malformed `values` list dropped rather than the question.
    #[test]
    fn catalogue_members_are_read_leniently() {
        let attribute = |members: &str| -> Attribute {
            json::read(&format!(r#"{{"code":"depth",{members}}}"#)).unwrap()
        };
        let cases: &[(&str, bool, i64)] = &[
            (r#""required":true,"order":2"#, true, 2),
            (r#""required":"true","order":"3""#, true, 3),
            (r#""required":"TRUE","order":" 4 ""#, true, 4),
            (r#""required":false,"order":1.5"#, false, 0),
            (r#""required":"yes","order":"first""#, false, 0),
            (r#""required":null"#, false, 0),
        ];
        for (members, required, order) in cases {
            let a = attribute(members);
            assert_eq!((a.required, a.order), (*required, *order), "{members}");
        }
        assert_eq!(
            attribute(r#""values":[{"key":1,"name":"浅"}]"#).values[0].key,
            "1"
        );
        assert!(attribute(r#""values":"浅,深""#).values.is_empty());
        let s: Vec<Service> = json::read(r#"[{"service_code":7,"service_name":"污水"}]"#).unwrap();
        assert_eq!((s[0].service_code.as_str(), s[0].group.as_str()), ("7", ""));
        // Questions that cannot be read are an error, never a form without them.
        assert!(json::read::<ServiceDefinition>(r#"{"attributes":"depth"}"#).is_err());
        assert!(json::read::<ServiceDefinition>(r#"{"attributes":[5]}"#).is_err());
    }

    /// The draft is the app's own: the null-default rule, strict place modes.
    #[test]
    fn stored_drafts_keep_their_shape() {
        let table: &[(&str, bool)] = &[
            (r#"{"mode":"station","station":["17",29.5,106.5]}"#, true),
            (r#"{"mode":"here","here":[29.5,106.5,null]}"#, true),
            (r#"{"mode":null,"here":null,"attributes":null}"#, true),
            (r#"{"mode":"elsewhere"}"#, false),
            (r#"{"here":[29.5]}"#, false),
            (r#"{"attributes":{"depth":3}}"#, false),
            (r#"{"contact":"yes"}"#, false),
        ];
        for (text, readable) in table {
            assert_eq!(json::read::<Draft>(text).is_ok(), *readable, "{text}");
        }
        let d: Draft = json::read(table[0].0).unwrap();
        assert_eq!(d.mode, WhereMode::Station);
        assert_eq!(d.station, Some(("17".into(), 29.5, 106.5)));
    }
}
