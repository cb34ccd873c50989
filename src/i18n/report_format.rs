//! Sentences of the report pages that hold numbers or names, per language.

use qingshui_core::decimal::fixed;

use super::{text, Key, Lang};
use crate::state::report::Problem;

/// The message shown next to a field for a validation problem.
pub fn problem(lang: Lang, p: Problem, is_category: bool) -> &'static str {
    let key = match p {
        Problem::Required if is_category => Key::ErrChooseCategory,
        Problem::Required => Key::ErrRequired,
        Problem::NoLocation => Key::ErrNoLocation,
        Problem::TooLong => Key::ErrTooLong,
        Problem::NoContact => Key::ErrNoContact,
        Problem::BadEmail => Key::ErrBadEmail,
        Problem::BadPhone => Key::ErrBadPhone,
        Problem::BadNumber => Key::ErrBadNumber,
        Problem::NotOffered => Key::ErrNotOffered,
    };
    text(lang, key)
}

/// "Located to within about 35 m" / "已定位，误差约35米"; rounded to 5 m below 100 m and to
/// 10 m above, because more digits would promise a precision the phone does not have.
pub fn accuracy(lang: Lang, metres: Option<f64>) -> String {
    let Some(m) = metres else {
        return match lang {
            Lang::ZhCn => "已定位".into(),
            Lang::En => "Located".into(),
        };
    };
    let step = if m < 100.0 { 5.0 } else { 10.0 };
    let m = ((m / step).round() * step).max(step) as i64;
    match lang {
        Lang::ZhCn => format!("已定位，误差约{m}米"),
        Lang::En => format!("Located to within about {m} m"),
    }
}

/// Elder mode's step indicator: "Step 2 of 6" / "第 2 步，共 6 步".
pub fn step_of(lang: Lang, n: usize, total: usize) -> String {
    match lang {
        Lang::ZhCn => format!("第 {n} 步，共 {total} 步"),
        Lang::En => format!("Step {n} of {total}"),
    }
}

/// The live character count: "12/4000" plus words for screen readers.
pub fn char_count(lang: Lang, used: usize, max: usize) -> String {
    match lang {
        Lang::ZhCn => format!("{used}/{max} 字"),
        Lang::En => format!("{used}/{max} characters"),
    }
}

/// "Report number 7" / "报告编号：7".
pub fn report_number(lang: Lang, id: &str) -> String {
    match lang {
        Lang::ZhCn => format!("报告编号：{id}"),
        Lang::En => format!("Report number {id}"),
    }
}

/// The place when it is a monitoring station: "Monitoring station 17" / "监测站 17".
pub fn station_place(lang: Lang, id: &str) -> String {
    match lang {
        Lang::ZhCn => format!("监测站 {id}"),
        Lang::En => format!("Monitoring station {id}"),
    }
}

/// A position as coordinates, for the review: "29.56300, 106.55160".
pub fn coordinates(lat: f64, lon: f64) -> String {
    format!("{}, {}", fixed(lat, 5), fixed(lon, 5))
}

/// How far a similar report is: "about 40 m away" / "约40米外" (public positions are snapped
/// to ~50 m, so tens of metres are all the precision there is).
pub fn metres_away(lang: Lang, metres: f64) -> String {
    let m = ((metres / 10.0).round() * 10.0).max(10.0) as i64;
    match lang {
        Lang::ZhCn => format!("约{m}米外"),
        Lang::En => format!("about {m} m away"),
    }
}

/// The server's rejection, with its own words: "The server did not accept the report: …".
pub fn rejected(lang: Lang, server: &str) -> String {
    let sep = if lang == Lang::En { " " } else { "" };
    format!("{}{sep}{server}", text(lang, Key::SendRejected))
}

/// A byte count as residents read it on a phone: "214 KB", "1.2 MB" (KB = 1024 bytes).
pub fn size(bytes: u64) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1000.0 {
        format!("{} KB", kb.ceil().max(1.0) as u64)
    } else {
        format!("{} MB", qingshui_core::decimal::fixed(kb / 1024.0, 1))
    }
}

/// "Upload size: 642 KB" / "上传大小：642 KB" — what the photos cost on mobile data.
pub fn upload_size(lang: Lang, bytes: u64) -> String {
    match lang {
        Lang::ZhCn => format!("上传大小：{}", size(bytes)),
        Lang::En => format!("Upload size: {}", size(bytes)),
    }
}

/// The alt text of the n-th photo (1-based): "Photo 2" / "照片 2".
pub fn photo_alt(lang: Lang, n: usize) -> String {
    match lang {
        Lang::ZhCn => format!("照片 {n}"),
        Lang::En => format!("Photo {n}"),
    }
}

/// The label of the n-th photo's remove button: "Remove photo 2" / "删除照片 2".
pub fn remove_photo(lang: Lang, n: usize) -> String {
    match lang {
        Lang::ZhCn => format!("删除照片 {n}"),
        Lang::En => format!("Remove photo {n}"),
    }
}

/// "2 photos, 428 KB" / "2 张照片，共 428 KB"; empty when there are none.
pub fn photos_summary(lang: Lang, count: usize, bytes: u64) -> String {
    match (lang, count) {
        (_, 0) => String::new(),
        (Lang::ZhCn, n) => format!("{n} 张照片，共 {}", size(bytes)),
        (Lang::En, 1) => format!("1 photo, {}", size(bytes)),
        (Lang::En, n) => format!("{n} photos, {}", size(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_is_rounded_honestly() {
        let cases = [
            (Lang::En, Some(33.0), "Located to within about 35 m"),
            (Lang::En, Some(0.4), "Located to within about 5 m"),
            (Lang::En, Some(1234.0), "Located to within about 1230 m"),
            (Lang::ZhCn, Some(12.0), "已定位，误差约10米"),
            (Lang::En, None, "Located"),
        ];
        for (lang, m, want) in cases {
            assert_eq!(accuracy(lang, m), want);
        }
    }

    #[test]
    fn counts_and_numbers_in_both_languages() {
        assert_eq!(char_count(Lang::En, 12, 4000), "12/4000 characters");
        assert_eq!(char_count(Lang::ZhCn, 0, 4000), "0/4000 字");
        assert_eq!(report_number(Lang::ZhCn, "7"), "报告编号：7");
        assert_eq!(metres_away(Lang::En, 3.0), "about 10 m away");
        assert_eq!(metres_away(Lang::ZhCn, 144.0), "约140米外");
        assert_eq!(
            rejected(Lang::En, "depth: required"),
            "The server did not accept the report: depth: required"
        );
    }

    #[test]
    fn every_problem_has_a_message_in_both_languages() {
        use Problem::*;
        for p in [
            Required, NoLocation, TooLong, NoContact, BadEmail, BadPhone, BadNumber, NotOffered,
        ] {
            for lang in [Lang::ZhCn, Lang::En] {
                assert!(!problem(lang, p, false).is_empty());
            }
        }
        assert_ne!(
            problem(Lang::En, Required, true),
            problem(Lang::En, Required, false)
        );
    }

    #[test]
    fn sizes_read_like_a_phone() {
        let cases = [
            (0, "1 KB"),
            (1, "1 KB"),
            (1024, "1 KB"),
            (1025, "2 KB"),
            (307_200, "300 KB"),
            (1_258_291, "1.2 MB"),
        ];
        for (bytes, want) in cases {
            assert_eq!(size(bytes), want, "{bytes}");
        }
        assert_eq!(photos_summary(Lang::En, 1, 2048), "1 photo, 2 KB");
        assert_eq!(photos_summary(Lang::ZhCn, 3, 2048), "3 张照片，共 2 KB");
        assert_eq!(photos_summary(Lang::En, 0, 0), "");
    }
}
