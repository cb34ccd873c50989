//! The texts only the lazily loaded pages show, in the release build fetched with those pages' code
//! instead of sitting in the first download: one file for the station page, one for the reporting
//! pages (report form, My reports, a report's page) and settings.
//!
//! Why: wasm-split-cli moves code into a page's chunk, never data, so every page's texts in both
//! languages were in the main module (~3 KiB brotli of the first download, issue #6). They stay
//! written where all texts are (zh.rs, en.rs, elder.rs: one exhaustive `match`, so a key without a
//! text is still a compile error), each marked `page!(Group, lang, key, "…")` or `page_elder!(…)`.
//! Outside the split build the mark is the literal itself. In the split build it is `""`, which
//! `i18n::text` looks up in the table the group's file fills. The files are built from the same arms
//! by [`tests`] (checked in: a test fails while one differs), copied into dist/ under hashed names by
//! scripts/build.sh and named by `<meta name="qingshui:page-texts-…">` in index.html; [`start`]
//! asks for a page's file beside its chunk, and [`ready`] reads it before the page is drawn
//! (`pages::lazy`).

#[cfg(any(test, not(feature = "split")))]
use super::{Key, Lang};

/// Which lazy pages a text belongs to: each group is one file, fetched by those pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The station page.
    Station,
    /// The report form, My reports, a report's page and the display settings.
    Forms,
}

impl Group {
    /// The name of the group's file as built, and of its `<meta>` with `qingshui:` before it.
    pub fn file(self) -> &'static str {
        match self {
            Group::Station => "page-texts-station",
            Group::Forms => "page-texts-forms",
        }
    }

    /// The group's stylesheet (`style/page-<group>.css`) by the name `platform::stylesheet` takes:
    /// its rules, like its texts, come with the pages' code instead of in the first download.
    pub fn style(self) -> &'static str {
        match self {
            Group::Station => "station",
            Group::Forms => "forms",
        }
    }
}

/// A text of the lazy pages: `page!(Group, Lang, key, "text")` in `zh::text` / `en::text`. In the
/// split build the mark is `""`, which `i18n::text` then looks up: every arm stays a constant, so
/// the `match` stays a table (a lookup in each arm made it 7 KB of code).
macro_rules! page {
    ($group:ident, $lang:expr, $key:expr, $text:literal) => {{
        #[cfg(feature = "split")]
        let text = {
            let _ = ($lang, $key);
            ""
        };
        #[cfg(not(feature = "split"))]
        let text = $crate::i18n::page_texts::noted(
            $crate::i18n::page_texts::Group::$group,
            $lang,
            $key,
            false,
            $text,
        );
        text
    }};
}
pub(super) use page;

/// An elder-mode text of the lazy pages: `return page_elder!(Group, Lang, key, "text")` in
/// `elder.rs` (an `Option`, as that module's texts are; `Some("")` in the split build).
macro_rules! page_elder {
    ($group:ident, $lang:expr, $key:expr, $text:literal) => {{
        #[cfg(feature = "split")]
        let text = {
            let _ = ($lang, $key);
            Some("")
        };
        #[cfg(not(feature = "split"))]
        let text = Some($crate::i18n::page_texts::noted(
            $crate::i18n::page_texts::Group::$group,
            $lang,
            $key,
            true,
            $text,
        ));
        text
    }};
}
pub(super) use page_elder;

/// What the test that writes the files collects: group, language, key, elder wording?, text.
#[cfg(not(feature = "split"))]
type Noted = (Group, Lang, Key, bool, &'static str);

#[cfg(not(feature = "split"))]
std::thread_local! {
    /// While [`tests`] collects the files' content: every marked text read.
    static NOTED: std::cell::RefCell<Option<Vec<Noted>>> = const { std::cell::RefCell::new(None) };
}

/// `text` itself (outside the split build); noted while [`tests`] collects the files' content.
#[cfg(not(feature = "split"))]
pub fn noted(group: Group, lang: Lang, key: Key, elder: bool, text: &'static str) -> &'static str {
    NOTED.with(|n| {
        if let Some(list) = n.borrow_mut().as_mut() {
            list.push((group, lang, key, elder, text));
        }
    });
    text
}

#[cfg(feature = "split")]
pub use split::{elder, get, ready, start};

#[cfg(feature = "split")]
mod split {
    use std::cell::RefCell;

    use qingshui_core::json::Value;

    use super::Group;
    use crate::api::ApiError;
    use crate::i18n::{Key, Lang};
    use crate::platform::{document, json, network};

    /// Per language (`Lang as usize`), per key (`Key as usize`): the standard and the elder text;
    /// and which groups are in.
    #[derive(Default)]
    struct Table {
        texts: [Vec<Option<&'static str>>; 2],
        elder: [Vec<Option<&'static str>>; 2],
        loaded: [bool; 2],
    }

    std::thread_local! {
        static TABLE: RefCell<Table> = RefCell::new(Table::default());
    }

    fn loaded(group: Group) -> bool {
        TABLE.with(|t| t.borrow().loaded[group as usize])
    }

    /// The text of `key` in `lang`; empty until its group is [`ready`] (no page that shows it is
    /// drawn before).
    pub fn get(lang: Lang, key: Key) -> &'static str {
        TABLE
            .with(|t| {
                t.borrow().texts[lang as usize]
                    .get(key as usize)
                    .copied()
                    .flatten()
            })
            .unwrap_or_default()
    }

    /// The elder-mode text of `key` in `lang`, where it has one.
    pub fn elder(lang: Lang, key: Key) -> Option<&'static str> {
        TABLE.with(|t| {
            t.borrow().elder[lang as usize]
                .get(key as usize)
                .copied()
                .flatten()
        })
    }

    /// The group's address: index.html's `<meta>` names the hashed file, under the app's base path.
    fn url(group: Group) -> String {
        let file = group.file();
        let name =
            document::meta(&format!("qingshui:{file}")).unwrap_or_else(|| format!("{file}.json"));
        crate::config::join_base(&document::base_path(), &name)
    }

    /// Asks the browser for the group's texts (a preload, taken over by [`ready`]'s fetch), so they
    /// travel beside a page's code. Only this and the lookups are in the first download: fetching
    /// and reading run in the pages' chunks.
    pub fn start(group: Group) {
        if !loaded(group) {
            document::preload(&url(group));
        }
    }

    /// Resolves once the group's texts are here; a failed fetch is an error (the page shows "did not
    /// open") and the next page opened fetches again. One page opens at a time, so a second caller
    /// meanwhile would only read the same (preloaded) file twice.
    pub async fn ready(group: Group) -> Result<(), ApiError> {
        if loaded(group) {
            return Ok(());
        }
        let url = url(group);
        // A plain GET, as the preload made it (no `Accept` of the API's), and without the API's
        // offline check: offline, the service worker still has the file.
        let get = || async {
            let request = network::request("GET", &url, &[], None, None)?;
            network::fetch(&request).await
        };
        // Once more on failure: a preload that failed (offline when a page was first asked for) is
        // handed to the first fetch of its URL even once the phone is back online.
        let (status, body) = match get().await {
            Ok(answer) => answer,
            Err(_) => get().await.map_err(ApiError::Network)?,
        };
        if !(200..300).contains(&status) {
            return Err(ApiError::Http {
                status,
                message: url,
            });
        }
        let value = json::parse(&body).map_err(ApiError::Decode)?;
        TABLE
            .with(|t| read(&mut t.borrow_mut(), &value))
            .ok_or_else(|| ApiError::Decode(format!("{url}: not page texts")))?;
        TABLE.with(|t| t.borrow_mut().loaded[group as usize] = true);
        Ok(())
    }

    /// Adds `{"zh-CN": [[key, text], …], "en": […], "elder": {"zh-CN": […], "en": […]}}` to the
    /// table. The strings live as long as the app, like the literals they stand for.
    fn read(table: &mut Table, v: &Value) -> Option<()> {
        fn add(list: &mut Vec<Option<&'static str>>, v: Option<&Value>) -> Option<()> {
            for pair in v?.as_array()? {
                let [key, text] = pair.as_array()?.as_slice() else {
                    return None;
                };
                let (key, text) = (key.as_u64()? as usize, text.as_str()?);
                if list.len() <= key {
                    list.resize(key + 1, None);
                }
                list[key] = Some(&*Box::leak(text.to_owned().into_boxed_str()));
            }
            Some(())
        }
        let elder = v.get("elder")?;
        for (i, lang) in ["zh-CN", "en"].into_iter().enumerate() {
            add(&mut table.texts[i], v.get(lang))?;
            add(&mut table.elder[i], elder.get(lang))?;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{elder, text};
    use serde_json::{json, Value};

    /// The content of each group's file, from the marked arms of zh.rs, en.rs and elder.rs.
    fn built(group: Group) -> Value {
        NOTED.with(|n| *n.borrow_mut() = Some(Vec::new()));
        for &key in Key::ALL {
            for lang in [Lang::ZhCn, Lang::En] {
                text(lang, key);
                elder::text(lang, key);
            }
        }
        let noted = NOTED.with(|n| n.borrow_mut().take()).unwrap();
        let pick = |lang: Lang, elder: bool| -> Value {
            noted
                .iter()
                .filter(|n| n.0 == group && n.1 == lang && n.3 == elder)
                .map(|n| json!([n.2 as usize, n.4]))
                .collect()
        };
        json!({
            "zh-CN": pick(Lang::ZhCn, false),
            "en": pick(Lang::En, false),
            "elder": {"zh-CN": pick(Lang::ZhCn, true), "en": pick(Lang::En, true)},
        })
    }

    #[test]
    fn each_groups_file_is_written_from_the_marked_texts() {
        for group in [Group::Station, Group::Forms] {
            let path = format!(
                "{}/src/i18n/{}.json",
                env!("CARGO_MANIFEST_DIR"),
                group.file()
            );
            let want = serde_json::to_string(&built(group)).unwrap() + "\n";
            if std::env::var_os("QINGSHUI_WRITE_PAGE_TEXTS").is_some() {
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{path} is not what zh.rs, en.rs and elder.rs mark with page!: run \
                 `QINGSHUI_WRITE_PAGE_TEXTS=1 cargo test -p qingshui page_texts` and commit it"
            );
        }
    }

    #[test]
    fn every_page_text_exists_in_both_languages() {
        for group in [Group::Station, Group::Forms] {
            let v = built(group);
            let keys = |l: &str| -> Vec<u64> {
                v[l].as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p[0].as_u64().unwrap())
                    .collect()
            };
            assert_eq!(keys("zh-CN"), keys("en"), "{group:?}");
            assert!(
                keys("zh-CN").len() >= 10,
                "{group:?}: the lazy pages' texts are marked"
            );
        }
        for (i, &key) in Key::ALL.iter().enumerate() {
            assert_eq!(key as usize, i, "Key::ALL is in declaration order");
        }
    }
}
