//! The "report a water problem" form as plain data: the Open311 service catalogue, the draft the
//! resident is typing (kept in localStorage so nothing is lost) and its validation. The body that
//! is finally sent is built in `report_form.rs`. No signals and no browser here, so every rule is
//! tested natively.

use serde::Serialize;

pub use super::report_answers::Answers;

use crate::platform::json;

/// Where the draft is kept between visits.
pub const DRAFT_KEY: &str = "qingshui.report_draft";

/// The longest description the server accepts (characters, not bytes).
pub const MAX_DESCRIPTION: usize = 4000;

/// Categories that may be a danger to people right now: the page shows the emergency numbers
/// before anything else, because a report is read hours later.
pub const EMERGENCY_CODES: [&str; 2] = ["burst_pipe", "waterlogging"];

/// Whether `code` is an emergency category.
pub fn is_emergency(code: &str) -> bool {
    EMERGENCY_CODES.contains(&code)
}

/// One entry of `GET services.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Service {
    /// `service_code`, the stable key sent with the report.
    pub service_code: String,
    /// The name in the requested language.
    pub service_name: String,
    /// A sentence about what the category covers.
    pub description: String,
    /// Comma-separated search words.
    pub keywords: String,
    /// The heading the category is listed under.
    pub group: String,
}

impl Service {
    /// Whether the name, keywords or description contain `query` (trimmed; Latin letters in any
    /// case: the app's languages need no other case folding; an empty query matches everything).
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_ascii_lowercase();
        q.is_empty()
            || [&self.service_name, &self.keywords, &self.description]
                .iter()
                .any(|s| s.to_ascii_lowercase().contains(&q))
    }
}

/// The services matching `query`, grouped by `group` in the server's order of first appearance.
pub fn grouped<'a>(services: &'a [Service], query: &str) -> Vec<(String, Vec<&'a Service>)> {
    let mut groups: Vec<(String, Vec<&Service>)> = Vec::new();
    for s in services.iter().filter(|s| s.matches(query)) {
        match groups.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, list)) => list.push(s),
            None => groups.push((s.group.clone(), vec![s])),
        }
    }
    groups
}

/// One allowed answer of a list attribute.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AttributeValue {
    /// What is sent.
    pub key: String,
    /// What is shown.
    pub name: String,
}

/// One extra question of a service (`GET services/{code}.json`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Attribute {
    /// Key of `attribute[code]`.
    pub code: String,
    /// `string`, `number`, `datetime`, `text`, `singlevaluelist` or `multivaluelist`.
    pub datatype: String,
    /// Whether the report needs an answer.
    pub required: bool,
    /// The question.
    pub description: String,
    /// Help about the expected answer.
    pub datatype_description: String,
    /// Display order.
    pub order: i64,
    /// Allowed answers of list datatypes.
    pub values: Vec<AttributeValue>,
}

/// `GET services/{code}.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ServiceDefinition {
    /// The service these attributes belong to.
    pub service_code: String,
    /// The questions.
    pub attributes: Vec<Attribute>,
}

impl ServiceDefinition {
    /// The attributes in display order.
    pub fn ordered(&self) -> Vec<&Attribute> {
        let mut list: Vec<&Attribute> = self.attributes.iter().collect();
        qingshui_core::rank::sort_by_rank(&mut list, |a| a.order as f64);
        list
    }
}

/// How the resident says where the problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WhereMode {
    /// The phone's position.
    #[default]
    Here,
    /// The position of the monitoring station the resident came from.
    Station,
    /// A typed address or landmark.
    Address,
}

/// Everything the resident has typed; serialised to localStorage on every input.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Draft {
    /// The chosen category.
    pub service_code: String,
    /// Answers to the service's questions, by attribute code.
    pub attributes: Answers,
    /// Which way of giving the place is chosen.
    pub mode: WhereMode,
    /// The phone's position (lat, lon) and its accuracy in metres, when located.
    pub here: Option<(f64, f64, Option<f64>)>,
    /// The station id and its position, when the resident came from a station page.
    pub station: Option<(String, f64, f64)>,
    /// Address or landmark (required only in [`WhereMode::Address`], else sent when given).
    pub address: String,
    /// What the resident saw.
    pub description: String,
    /// Whether the resident chose to give contact details (anonymous by default).
    pub contact: bool,
    /// Contact name (sent as `first_name`).
    pub name: String,
    /// Contact email.
    pub email: String,
    /// Contact phone.
    pub phone: String,
    /// The `Idempotency-Key` of this report, fixed at the first attempt so a retry after a lost
    /// answer can never file it twice.
    pub idempotency_key: String,
}

impl Draft {
    /// The stored form of the draft.
    pub fn to_json(&self) -> String {
        crate::platform::json::write(self)
    }

    /// A stored draft; anything unreadable starts an empty one rather than failing the page.
    pub fn parse(text: &str) -> Draft {
        json::read(text).unwrap_or_default()
    }

    /// Picks a category; answers to another category's questions are dropped.
    pub fn choose_service(&mut self, code: &str) {
        if self.service_code != code {
            self.service_code = code.to_string();
            self.attributes.clear();
        }
    }

    /// The position to send for the chosen mode, as (lat, long).
    pub fn position(&self) -> Option<(f64, f64)> {
        match self.mode {
            WhereMode::Here => self.here.map(|(lat, lon, _)| (lat, lon)),
            WhereMode::Station => self.station.as_ref().map(|(_, lat, lon)| (*lat, *lon)),
            WhereMode::Address => None,
        }
    }

    /// Characters typed in the description (what the x/4000 counter shows).
    pub fn description_len(&self) -> usize {
        self.description.chars().count()
    }
}

/// A form field a message can be attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// The category.
    Service,
    /// One of the service's questions, by code.
    Attribute(String),
    /// The place (position or address).
    Location,
    /// The description.
    Description,
    /// Contact details as a whole.
    Contact,
    /// The contact name.
    Name,
    /// The email address.
    Email,
    /// The phone number.
    Phone,
}

impl Field {
    /// The `id` of the field's control; its message has this id + `-error`.
    pub fn dom_id(&self) -> String {
        match self {
            Field::Service => "report-service".into(),
            Field::Attribute(code) => format!("report-attr-{code}"),
            Field::Location => "report-where".into(),
            Field::Description => "report-description".into(),
            Field::Contact => "report-contact".into(),
            Field::Name => "report-name".into(),
            Field::Email => "report-email".into(),
            Field::Phone => "report-phone".into(),
        }
    }

    /// The `id` of the field's message, for `aria-describedby`.
    pub fn error_id(&self) -> String {
        format!("{}-error", self.dom_id())
    }

    /// The field an Open311 error description (`"field: why"`) is about.
    pub fn from_server(description: &str) -> Option<Field> {
        let name = description.split(':').next()?.trim();
        Some(match name {
            "service_code" => Field::Service,
            "lat" | "long" | "address_string" => Field::Location,
            "description" => Field::Description,
            "email" => Field::Email,
            "phone" => Field::Phone,
            "first_name" | "last_name" => Field::Name,
            _ => {
                let code = name.strip_prefix("attribute[")?;
                let code = code.split(']').next()?;
                Field::Attribute(code.to_string())
            }
        })
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A required answer is missing.
    Required,
    /// No way of telling where was given.
    NoLocation,
    /// The description is over [`MAX_DESCRIPTION`] characters.
    TooLong,
    /// Contact was ticked but neither email nor phone given.
    NoContact,
    /// Not an email address.
    BadEmail,
    /// Not a phone number.
    BadPhone,
    /// Not a number.
    BadNumber,
    /// Not one of the offered answers.
    NotOffered,
}

/// Every problem of `draft` against the chosen service's questions, in form order; empty = ready.
pub fn validate(draft: &Draft, def: Option<&ServiceDefinition>) -> Vec<(Field, Problem)> {
    let mut out = Vec::new();
    if draft.service_code.is_empty() {
        out.push((Field::Service, Problem::Required));
    }
    for a in def.map(ServiceDefinition::ordered).unwrap_or_default() {
        let answer = draft.attributes.get(&a.code).map_or("", |s| s.trim());
        let field = Field::Attribute(a.code.clone());
        if answer.is_empty() {
            if a.required {
                out.push((field, Problem::Required));
            }
            continue;
        }
        let ok = match a.datatype.as_str() {
            "number" => qingshui_core::decimal::parse(answer).is_some_and(f64::is_finite),
            "singlevaluelist" | "multivaluelist" => a.values.iter().any(|v| v.key == answer),
            _ => true,
        };
        if !ok {
            let p = if a.datatype == "number" {
                Problem::BadNumber
            } else {
                Problem::NotOffered
            };
            out.push((field, p));
        }
    }
    let has_place = match draft.mode {
        WhereMode::Address => !draft.address.trim().is_empty(),
        _ => draft.position().is_some(),
    };
    if !has_place {
        out.push((Field::Location, Problem::NoLocation));
    }
    if draft.description_len() > MAX_DESCRIPTION {
        out.push((Field::Description, Problem::TooLong));
    }
    if draft.contact {
        let (email, phone) = (draft.email.trim(), draft.phone.trim());
        if email.is_empty() && phone.is_empty() {
            out.push((Field::Contact, Problem::NoContact));
        }
        if !email.is_empty() && !looks_like_email(email) {
            out.push((Field::Email, Problem::BadEmail));
        }
        if !phone.is_empty() && !looks_like_phone(phone) {
            out.push((Field::Phone, Problem::BadPhone));
        }
    }
    out
}

/// One `@` with something before it and a dotted domain after it: enough to catch typos
/// without refusing real addresses.
fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// 5 to 20 digits, allowing `+`, spaces, dashes and brackets (landlines have area codes).
fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'))
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
