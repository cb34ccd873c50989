//! What a resident may use the water for, by class (GB 3838-2002 §3 functional zones, simplified).

use crate::quality::WaterClass;
use serde::{Deserialize, Serialize};

/// Uses residents ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Use {
    /// Drinking-water source (after treatment): classes I–III.
    DrinkingWaterSource,
    /// Swimming and other body contact: classes I–III.
    Swimming,
    /// Fishing and aquaculture: up to class III.
    Fishing,
    /// Boating, walking and other recreation without body contact: up to class IV.
    NonContactRecreation,
}

impl Use {
    /// All uses in display order.
    pub const ALL: [Use; 4] = [
        Use::DrinkingWaterSource,
        Use::Swimming,
        Use::Fishing,
        Use::NonContactRecreation,
    ];

    /// Worst class at which this use is still suitable.
    pub fn worst_suitable_class(self) -> WaterClass {
        match self {
            Use::DrinkingWaterSource | Use::Swimming | Use::Fishing => WaterClass::III,
            Use::NonContactRecreation => WaterClass::IV,
        }
    }
}

/// Advice for one class: which uses are fine, which are not, and whether to avoid contact entirely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    /// Uses the class supports, in [`Use::ALL`] order.
    pub suitable: Vec<Use>,
    /// Uses the class does not support, in [`Use::ALL`] order.
    pub unsuitable: Vec<Use>,
    /// 劣V: keep away from the water (no contact at all).
    pub avoid_contact: bool,
}

/// drinking source & swimming: I–III; fishing/aquaculture ≤ III; non-contact recreation ≤ IV; 劣V: avoid contact.
pub fn advice(c: WaterClass) -> Advice {
    let (suitable, unsuitable) = Use::ALL
        .into_iter()
        .partition(|u| c <= u.worst_suitable_class());
    Advice {
        suitable,
        unsuitable,
        avoid_contact: c == WaterClass::WorseThanV,
    }
}
