//! Advice by use, from the functional zones of GB 3838-2002 §3.

use qingshui_core::advice::{advice, Use};
use qingshui_core::quality::WaterClass;

#[test]
fn uses_by_class() {
    use Use::*;
    // (class, suitable uses, avoid contact)
    let cases: &[(WaterClass, &[Use], bool)] = &[
        (
            WaterClass::I,
            &[DrinkingWaterSource, Swimming, Fishing, NonContactRecreation],
            false,
        ),
        (
            WaterClass::II,
            &[DrinkingWaterSource, Swimming, Fishing, NonContactRecreation],
            false,
        ),
        (
            WaterClass::III,
            &[DrinkingWaterSource, Swimming, Fishing, NonContactRecreation],
            false,
        ),
        (WaterClass::IV, &[NonContactRecreation], false),
        (WaterClass::V, &[], false),
        (WaterClass::WorseThanV, &[], true),
    ];
    for (class, suitable, avoid) in cases {
        let a = advice(*class);
        assert_eq!(a.suitable, *suitable, "{class:?}");
        assert_eq!(a.avoid_contact, *avoid, "{class:?}");
        let expected_unsuitable: Vec<Use> = Use::ALL
            .into_iter()
            .filter(|u| !suitable.contains(u))
            .collect();
        assert_eq!(a.unsuitable, expected_unsuitable, "{class:?}");
    }
}
