//! The display modes as shared app state: decided once at start-up (`state::modes`), switched on
//! the settings page or by the home page's 长辈版 button, applied as classes on `<html>` and to the
//! wording (`I18n::set_elder`).

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::platform::{connection, display, storage};
use crate::state::modes::{Choice, Modes, MODES_KEY};

/// The modes in effect, shared through Leptos context. A signal per mode, not one of `Modes`:
/// `bool` signals are in the first download anyway, a type of its own was ~1.6 KB more (issue #6).
#[derive(Debug, Clone, Copy)]
pub struct ModesContext {
    lite: RwSignal<bool>,
    elder: RwSignal<bool>,
    lite_auto: RwSignal<bool>,
}

impl ModesContext {
    /// Decides the modes from the URL's `choice` for this visit, the stored choice and the
    /// connection, and applies them. Needs the `I18n` context.
    pub fn start(url: Choice) -> Self {
        let stored = Choice::parse(&storage::get(MODES_KEY).unwrap_or_default());
        let conn = connection::current();
        let modes = Modes::decide(url, stored, &conn);
        let ctx = Self {
            lite: RwSignal::new(modes.lite),
            elder: RwSignal::new(modes.elder),
            lite_auto: RwSignal::new(Modes::lite_is_automatic(url, stored, &conn)),
        };
        ctx.apply();
        ctx
    }

    /// Modes in effect (tracked).
    pub fn get(&self) -> Modes {
        Modes {
            lite: self.lite.get(),
            elder: self.elder.get(),
        }
    }

    /// Whether lite mode is on (tracked).
    pub fn lite(&self) -> bool {
        self.lite.get()
    }

    /// Whether lite mode is on, without tracking (event handlers).
    pub fn lite_untracked(&self) -> bool {
        self.lite.get_untracked()
    }

    /// Whether elder mode is on (tracked).
    pub fn elder(&self) -> bool {
        self.elder.get()
    }

    /// Whether lite mode switched itself on because of the connection (tracked).
    pub fn lite_automatic(&self) -> bool {
        self.lite_auto.get()
    }

    /// The resident switches lite mode: stored, and in effect at once (over a URL's choice).
    pub fn set_lite(&self, on: bool) {
        self.store(|c| c.lite = Some(on));
        self.lite_auto.set(false);
        self.lite.set(on);
        self.apply();
    }

    /// The resident switches elder mode: stored, and in effect at once.
    pub fn set_elder(&self, on: bool) {
        self.store(|c| c.elder = Some(on));
        self.elder.set(on);
        self.apply();
    }

    fn store(&self, change: impl FnOnce(&mut Choice)) {
        let mut c = Choice::parse(&storage::get(MODES_KEY).unwrap_or_default());
        change(&mut c);
        // Refused storage only forgets the choice after this visit.
        storage::set(MODES_KEY, &c.to_stored());
    }

    fn apply(&self) {
        let elder = self.elder.get_untracked();
        display::set_root_class("lite", self.lite.get_untracked());
        display::set_root_class("elder", elder);
        use_i18n().set_elder(elder);
    }
}

/// The modes context, or plain standard modes when none was provided (component tests).
pub fn use_modes() -> ModesContext {
    use_context::<ModesContext>().unwrap_or_else(|| {
        let standard = Modes::default();
        ModesContext {
            lite: RwSignal::new(standard.lite),
            elder: RwSignal::new(standard.elder),
            lite_auto: RwSignal::new(false),
        }
    })
}
