//! Elder mode's report form, one step per screen: the "Step 2 of 6" heading that keyboard and
//! screen-reader focus moves to on every change, and the big "Back" / "Next" buttons. Nothing
//! here moves on by itself: every change is the resident's own press.

use leptos::prelude::*;

use crate::i18n::{report_format, use_i18n, Key};
use crate::state::report_steps::Steps;

/// Id of the step heading, focused when the step changes.
pub const STEP_HEADING_ID: &str = "report-step-heading";

/// The step indicator, a heading so screen-reader users can find it and hear where they are.
#[component]
pub fn StepHeading(
    /// The step on screen.
    steps: RwSignal<Steps>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        let s = steps.get();
        report_format::step_of(i18n.lang(), s.current().number(), s.total())
    };
    view! {
        <h2 class="step-indicator" id=STEP_HEADING_ID tabindex="-1" data-testid="report-step-indicator">
            {label}
        </h2>
    }
}

/// "Back" (not on the first step) and "Next" (not on the last, where the send button is).
#[component]
pub fn StepButtons(
    /// The step on screen.
    steps: RwSignal<Steps>,
    /// Pressed "Next": the page checks the step before moving on.
    on_next: Callback<()>,
    /// Pressed "Back".
    on_back: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="step-nav">
            <Show when=move || !steps.with(|s| s.is_last())>
                <button type="button" class="button button-primary step-next" data-testid="report-step-next"
                    on:click=move |_| on_next.run(())>
                    {i18n.text(Key::StepNext)}
                </button>
            </Show>
            <Show when=move || !steps.with(|s| s.is_first())>
                <button type="button" class="button button-secondary step-back" data-testid="report-step-back"
                    on:click=move |_| on_back.run(())>
                    {i18n.text(Key::StepBack)}
                </button>
            </Show>
        </div>
    }
}
