//! Simplified Chinese texts. Terms follow the wording of Chinese public water-quality reports
//! (优/良好/轻度污染/中度污染/重度污染, GB 3838-2002 item names).

use qingshui_core::advice::Use;
use qingshui_core::quality::{Level, Parameter, WaterBody};

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "清水",
        Key::NearbyHeading => "附近的水质",
        Key::WhyLocation => "清水用你的位置找出最近的水质监测站。只有约1公里范围的粗略位置会离开你的手机；精确位置只在手机上用来排序。",
        Key::LocateButton => "使用我的位置",
        Key::ManualHeading => "或者选择区县、按名称搜索监测站",
        Key::DistrictLabel => "区县",
        Key::DistrictPlaceholder => "选择区县…",
        Key::SearchLabel => "监测站名称",
        Key::SearchPlaceholder => "例如：寸滩",
        Key::SearchButton => "搜索",
        Key::Retry => "重试",
        Key::StatusIdle => "使用你的位置，或在下面选择区县，即可查看附近的水质。",
        Key::StatusLocating => "正在获取你的位置…",
        Key::StatusLoading => "正在加载水质…",
        Key::StatusSearching => "正在搜索…",
        Key::StatusEmpty => "附近没有找到监测站。请选择其他区县，或按名称搜索。",
        Key::SearchEmpty => "没有名称匹配的监测站。",
        Key::StatusOffline => "你的设备目前没有联网。联网后请重试。",
        Key::StatusTimeout => "水质服务器响应太慢。请重试。",
        Key::StatusServer => "水质服务器出错了。请稍后重试。",
        Key::StatusBadAnswer => "水质服务器返回的数据无法读取。请稍后重试。",
        Key::StatusNetwork => "无法连接水质服务器。请检查网络后重试。",
        Key::LocDenied => "没有获得位置权限。请在下面选择区县，或搜索监测站。",
        Key::LocUnavailable => "无法确定你的位置。请在下面选择区县，或搜索监测站。",
        Key::LocTimeout => "获取位置超时。请重试，或在下面选择区县。",
        Key::LocUnsupported => "这个浏览器无法提供位置。请在下面选择区县，或搜索监测站。",
        Key::BackToList => "返回附近的监测站",
        Key::StationHeading => "监测站",
        Key::StationLoading => "正在加载监测站…",
        Key::StationNotFound => "找不到这个监测站，它可能已被移除。",
        Key::Target => "水质目标",
        Key::TargetMet => "达标",
        Key::TargetNotMet => "未达标",
        Key::NoTarget => "未设定水质目标",
        Key::Measured => "监测项目",
        Key::DecidingHeading => "决定类别的项目",
        Key::Advice => "这里的水适合做什么",
        Key::Suitable => "适合",
        Key::Unsuitable => "不适合",
        Key::AvoidContact => "请避免接触这里的水。",
        Key::DataTime => "数据时间",
        Key::DataSource => "数据来源",
        Key::NoRecentData => "近期无数据",
        Key::NoRecentExplain => "这个监测站近期没有新的读数，所以不显示水质类别。旧的类别可能已经不符合现在的水质。",
        Key::NoData => "暂无数据",
        Key::Missing => "近期未监测：",
        Key::TrendHeading => "近7天",
        Key::NotAssessed => "不参与评价",
        Key::Rising => "上升",
        Key::Falling => "下降",
        Key::Steady => "平稳",
        Key::WorseThanVNote => "",
        Key::NotFoundTitle => "页面不存在",
        Key::NotFoundBody => "这个地址没有对应的页面。",
        Key::GoHome => "返回首页",
        Key::Hotline => "发现水污染？请拨打12345市民服务热线。",
        Key::OtherLangName => "English",
    }
}

pub(super) fn parameter(p: Parameter) -> &'static str {
    match p {
        Parameter::Ph => "pH",
        Parameter::DissolvedOxygen => "溶解氧",
        Parameter::PermanganateIndex => "高锰酸盐指数",
        Parameter::Cod => "化学需氧量",
        Parameter::Bod5 => "五日生化需氧量",
        Parameter::AmmoniaNitrogen => "氨氮",
        Parameter::TotalPhosphorus => "总磷",
        Parameter::TotalNitrogen => "总氮",
    }
}

pub(super) fn level(l: Level) -> &'static str {
    match l {
        Level::Excellent => "优",
        Level::Good => "良好",
        Level::LightlyPolluted => "轻度污染",
        Level::ModeratelyPolluted => "中度污染",
        Level::HeavilyPolluted => "重度污染",
    }
}

pub(super) fn water_use(u: Use) -> &'static str {
    match u {
        Use::DrinkingWaterSource => "饮用水源（经处理）",
        Use::Swimming => "游泳",
        Use::Fishing => "钓鱼和养殖",
        Use::NonContactRecreation => "划船、散步等不接触水的休闲",
    }
}

pub(super) fn water_body(b: WaterBody) -> &'static str {
    match b {
        WaterBody::River => "河流",
        WaterBody::Lake => "湖泊",
        WaterBody::Reservoir => "水库",
    }
}

pub(super) fn water_use_short(u: Use) -> &'static str {
    match u {
        Use::DrinkingWaterSource => "饮用水源",
        Use::Swimming => "游泳",
        Use::Fishing => "钓鱼",
        Use::NonContactRecreation => "划船散步",
    }
}
