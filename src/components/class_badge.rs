//! The water class shown as text, shape and colour together: readable without colour vision,
//! in greyscale, and by screen readers (which read the text; the shape is decoration).

use leptos::prelude::*;

use crate::reactive::reactive;
use qingshui_core::quality::WaterClass;

use super::icon::icon;
use crate::i18n::{format, text, use_i18n, Key, Lang};

/// CSS modifier per class: I–II blue, III green, IV yellow, V orange, 劣V red (style/main.css).
pub fn class_slug(c: WaterClass) -> &'static str {
    match c {
        WaterClass::I | WaterClass::II => "c12",
        WaterClass::III => "c3",
        WaterClass::IV => "c4",
        WaterClass::V => "c5",
        WaterClass::WorseThanV => "c6",
    }
}

/// The shape of a class, distinct per colour band: circle, rounded square, triangle, diamond,
/// octagon with a cross.
#[component]
pub fn ClassShape(
    /// The class whose shape to draw.
    class: WaterClass,
) -> impl IntoView {
    let markup = match class {
        WaterClass::I | WaterClass::II => r#"<circle cx="10" cy="10" r="8"></circle>"#,
        WaterClass::III => r#"<rect x="2.5" y="2.5" width="15" height="15" rx="4"></rect>"#,
        WaterClass::IV => r#"<polygon points="10,1.5 19,18 1,18"></polygon>"#,
        WaterClass::V => r#"<polygon points="10,0.5 19.5,10 10,19.5 0.5,10"></polygon>"#,
        WaterClass::WorseThanV => concat!(
            r#"<polygon points="6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6"></polygon>"#,
            r#"<path class="shape-cross" d="M6.5 6.5 13.5 13.5 M13.5 6.5 6.5 13.5"></path>"#
        ),
    };
    icon("shape", markup)
}

/// A class badge, e.g. "● II类" / "▲ Class IV". With `primary` (the default) the numeral carries
/// `data-testid="station-class"`; per-parameter badges pass `primary=false`.
#[component]
pub fn ClassBadge(
    /// The class to show.
    class: WaterClass,
    /// Whether this is the station's own class (carries `data-testid="station-class"`).
    #[prop(default = true)]
    primary: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let affix = move |before: bool| {
        let (b, a) = format::class_affixes(i18n.lang());
        if before {
            b
        } else {
            a
        }
    };
    let note = move || {
        (class == WaterClass::WorseThanV && i18n.lang() == Lang::En).then(|| {
            view! { <span class="badge-note">{text(Lang::En, Key::WorseThanVNote)}</span> }
                .into_any()
        })
    };
    view! {
        <span class=format!("badge badge-{}", class_slug(class))>
            <ClassShape class />
            <span class="badge-text">
                {move || affix(true).to_string()}
                <span data-testid=primary.then_some("station-class")>{class.roman()}</span>
                {move || affix(false).to_string()}
            </span>
            {reactive(note)}
        </span>
    }
}

/// The neutral badge shown instead of a class when there is no recent data: a dash, never a
/// stale class.
#[component]
pub fn NoClassBadge() -> impl IntoView {
    view! {
        <span class="badge badge-none">
            {icon("shape", r#"<circle cx="10" cy="10" r="8" class="shape-hollow"></circle>"#)}
            <span class="badge-text">"—"</span>
        </span>
    }
}
