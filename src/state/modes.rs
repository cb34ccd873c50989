//! The display modes: lite (data-saving) and elder (长辈版: large text, plain words), decided
//! from the URL of this visit, the choice stored on the phone and the phone's own data-saving
//! signals, in that order.
//!
//! A host embedding Qingshui may force a mode for its visit (`?lite=1`, `?elder=0`); that wins
//! for the visit but is never stored, so the resident's own choice comes back in a plain browser.
//! What the resident picks on the settings page is stored as `lite=1&elder=0` (the same words as
//! the URL) under [`MODES_KEY`]; a mode never picked stays automatic.

/// `localStorage` key of the modes the resident picked.
pub const MODES_KEY: &str = "qingshui.modes";

/// The modes in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modes {
    /// Lite: no thumbnails, charts or decorative images, no automatic refresh, smaller photos,
    /// and the bytes used shown.
    pub lite: bool,
    /// Elder: text ≥ 20 px, targets ≥ 60 px, simpler wording.
    pub elder: bool,
}

/// A choice per mode: `Some(on)` when picked (or forced by the URL), `None` when automatic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Choice {
    /// Lite mode on or off.
    pub lite: Option<bool>,
    /// Elder mode on or off.
    pub elder: Option<bool>,
}

impl Choice {
    /// Reads the stored form `lite=1&elder=0`; unknown or broken parts count as not picked.
    pub fn parse(stored: &str) -> Self {
        let mut c = Choice::default();
        for part in stored.split('&') {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let v = match v.trim() {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            };
            match k.trim() {
                "lite" => c.lite = v.or(c.lite),
                "elder" => c.elder = v.or(c.elder),
                _ => {}
            }
        }
        c
    }

    /// The stored form; modes not picked are left out.
    pub fn to_stored(self) -> String {
        let mut out = String::new();
        for (key, on) in [("lite", self.lite), ("elder", self.elder)] {
            let Some(on) = on else { continue };
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(key);
            out.push_str(if on { "=1" } else { "=0" });
        }
        out
    }

    /// This choice, with `base` filling in what it leaves automatic (the URL over the stored choice).
    pub fn over(self, base: Choice) -> Choice {
        Choice {
            lite: self.lite.or(base.lite),
            elder: self.elder.or(base.elder),
        }
    }
}

/// The phone's network as `navigator.connection` describes it (absent in many browsers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// The resident asked the phone to save data (Chrome's "Lite mode", Android data saver).
    pub save_data: bool,
    /// `effectiveType`: `slow-2g`, `2g`, `3g`, `4g`, when known.
    pub effective_type: Option<String>,
}

impl Connection {
    /// Whether lite mode should switch itself on: data saver, or a 2G-class connection.
    pub fn wants_lite(&self) -> bool {
        self.save_data
            || matches!(
                self.effective_type
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("2g" | "slow-2g")
            )
    }
}

impl Modes {
    /// The modes in effect: the URL's choice, else the stored one, else lite when the connection
    /// asks for it, and elder off.
    pub fn decide(url: Choice, stored: Choice, connection: &Connection) -> Modes {
        let c = url.over(stored);
        Modes {
            lite: c.lite.unwrap_or_else(|| connection.wants_lite()),
            elder: c.elder.unwrap_or(false),
        }
    }

    /// Whether lite mode is on only because of the connection (the settings page says so).
    pub fn lite_is_automatic(url: Choice, stored: Choice, connection: &Connection) -> bool {
        url.over(stored).lite.is_none() && connection.wants_lite()
    }

    /// The classes for `<html>` (`lite`, `elder`), so style sheets follow the modes.
    pub fn classes(self) -> Vec<&'static str> {
        [("lite", self.lite), ("elder", self.elder)]
            .iter()
            .filter(|(_, on)| *on)
            .map(|(c, _)| *c)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(save_data: bool, t: Option<&str>) -> Connection {
        Connection {
            save_data,
            effective_type: t.map(str::to_string),
        }
    }

    #[test]
    fn stored_form_round_trips_and_leaves_automatic_modes_out() {
        let c = Choice {
            lite: Some(false),
            elder: Some(true),
        };
        assert_eq!(c.to_stored(), "lite=0&elder=1");
        assert_eq!(Choice::parse(&c.to_stored()), c);
        let auto = Choice {
            lite: None,
            elder: Some(false),
        };
        assert_eq!(auto.to_stored(), "elder=0");
        assert_eq!(Choice::parse("elder=0"), auto);
        assert_eq!(Choice::parse(""), Choice::default());
        assert_eq!(Choice::parse("lite=maybe&x=1&&elder"), Choice::default());
    }

    #[test]
    fn url_wins_over_stored_which_wins_over_the_connection() {
        let slow = conn(false, Some("2g"));
        let url_off = Choice {
            lite: Some(false),
            elder: None,
        };
        let stored_on = Choice {
            lite: Some(true),
            elder: Some(true),
        };
        assert_eq!(
            Modes::decide(url_off, stored_on, &slow),
            Modes {
                lite: false,
                elder: true
            }
        );
        assert_eq!(
            Modes::decide(Choice::default(), stored_on, &Connection::default()),
            Modes {
                lite: true,
                elder: true
            }
        );
        let stored_off = Choice {
            lite: Some(false),
            elder: None,
        };
        assert!(!Modes::decide(Choice::default(), stored_off, &slow).lite);
        assert!(Modes::decide(Choice::default(), Choice::default(), &slow).lite);
        assert!(Modes::lite_is_automatic(
            Choice::default(),
            Choice::default(),
            &slow
        ));
        assert!(!Modes::lite_is_automatic(
            Choice::default(),
            stored_on,
            &slow
        ));
    }

    #[test]
    fn lite_switches_itself_on_for_data_saver_and_2g_only() {
        assert!(conn(true, Some("4g")).wants_lite());
        assert!(conn(false, Some("slow-2g")).wants_lite());
        assert!(conn(false, Some("2G")).wants_lite());
        assert!(!conn(false, Some("3g")).wants_lite());
        assert!(!conn(false, None).wants_lite());
        assert_eq!(
            Modes::decide(Choice::default(), Choice::default(), &conn(false, None)),
            Modes::default()
        );
    }

    #[test]
    fn html_classes_name_the_modes_on() {
        assert!(Modes::default().classes().is_empty());
        assert_eq!(
            Modes {
                lite: true,
                elder: true
            }
            .classes(),
            ["lite", "elder"]
        );
    }
}
