//! Classes on `<html>` that switch the style sheet's display modes (`lite`, `elder`), so a mode
//! is mostly CSS instead of a second copy of every view.

/// `class` attribute `current` with `class` added or removed (other classes kept in order).
pub fn with_class(current: &str, class: &str, on: bool) -> String {
    let mut list: Vec<&str> = current
        .split_ascii_whitespace()
        .filter(|c| *c != class)
        .collect();
    if on {
        list.push(class);
    }
    qingshui_core::text::join(&list, " ")
}

/// Sets or clears one class on `<html>`.
pub fn set_root_class(class: &str, on: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let current = root.get_attribute("class").unwrap_or_default();
    let _ = root.set_attribute("class", &with_class(&current, class, on));
}

#[cfg(test)]
mod tests {
    use super::with_class;

    #[test]
    fn classes_are_added_once_and_removed() {
        assert_eq!(with_class("", "lite", true), "lite");
        assert_eq!(with_class("lite", "lite", true), "lite");
        assert_eq!(with_class("a lite b", "lite", false), "a b");
        assert_eq!(with_class("elder", "lite", true), "elder lite");
    }
}
