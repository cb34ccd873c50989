//! Chongqing's districts and counties and its main water bodies, as approximate coordinates (lat, lon).
//! Good enough to place demo stations where real monitoring sections would plausibly be.

/// A district or county: Chinese name, English name, approximate centre.
pub struct District {
    /// e.g. `江北区`.
    pub name: &'static str,
    /// e.g. `Jiangbei`.
    pub name_en: &'static str,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

const fn d(name: &'static str, name_en: &'static str, lat: f64, lon: f64) -> District {
    District {
        name,
        name_en,
        lat,
        lon,
    }
}

/// All 38 districts and counties of Chongqing.
pub const DISTRICTS: [District; 38] = [
    d("渝中区", "Yuzhong", 29.5528, 106.5690),
    d("江北区", "Jiangbei", 29.6066, 106.5740),
    d("南岸区", "Nan'an", 29.5230, 106.5607),
    d("九龙坡区", "Jiulongpo", 29.5020, 106.5110),
    d("沙坪坝区", "Shapingba", 29.5410, 106.4570),
    d("大渡口区", "Dadukou", 29.4842, 106.4826),
    d("渝北区", "Yubei", 29.7180, 106.6310),
    d("巴南区", "Banan", 29.4020, 106.5400),
    d("北碚区", "Beibei", 29.8256, 106.3974),
    d("万州区", "Wanzhou", 30.8079, 108.4086),
    d("涪陵区", "Fuling", 29.7031, 107.3895),
    d("黔江区", "Qianjiang", 29.5332, 108.7708),
    d("长寿区", "Changshou", 29.8575, 107.0812),
    d("江津区", "Jiangjin", 29.2900, 106.2590),
    d("合川区", "Hechuan", 29.9720, 106.2760),
    d("永川区", "Yongchuan", 29.3560, 105.9270),
    d("南川区", "Nanchuan", 29.1570, 107.0990),
    d("綦江区", "Qijiang", 29.0280, 106.6510),
    d("大足区", "Dazu", 29.7000, 105.7220),
    d("璧山区", "Bishan", 29.5920, 106.2270),
    d("铜梁区", "Tongliang", 29.8450, 106.0560),
    d("潼南区", "Tongnan", 30.1900, 105.8400),
    d("荣昌区", "Rongchang", 29.4050, 105.5940),
    d("开州区", "Kaizhou", 31.1610, 108.3930),
    d("梁平区", "Liangping", 30.6740, 107.8000),
    d("武隆区", "Wulong", 29.3250, 107.7600),
    d("城口县", "Chengkou", 31.9480, 108.6650),
    d("丰都县", "Fengdu", 29.8630, 107.7310),
    d("垫江县", "Dianjiang", 30.3330, 107.3540),
    d("忠县", "Zhongxian", 30.3000, 108.0380),
    d("云阳县", "Yunyang", 30.9300, 108.6970),
    d("奉节县", "Fengjie", 31.0190, 109.4640),
    d("巫山县", "Wushan", 31.0747, 109.8780),
    d("巫溪县", "Wuxi", 31.3990, 109.6300),
    d("石柱县", "Shizhu", 29.9990, 108.1140),
    d("秀山县", "Xiushan", 28.4480, 108.9890),
    d("酉阳县", "Youyang", 28.8410, 108.7670),
    d("彭水县", "Pengshui", 29.2940, 108.1660),
];

/// What kind of water a station samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Body {
    /// A river: stations spread along its polyline.
    River(&'static [(f64, f64)]),
    /// A lake (`centre`, radius km).
    Lake((f64, f64), f64),
    /// A reservoir (`centre`, radius km).
    Reservoir((f64, f64), f64),
}

/// A water body and its share of the stations (relative weight).
pub struct Water {
    /// Chinese name.
    pub name: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Shape.
    pub body: Body,
    /// Relative share of stations.
    pub weight: u32,
}

const fn w(name: &'static str, name_en: &'static str, body: Body, weight: u32) -> Water {
    Water {
        name,
        name_en,
        body,
        weight,
    }
}

use Body::*;

/// Rivers (waypoints upstream → downstream), lakes and reservoirs.
pub const WATERS: &[Water] = &[
    w(
        "长江",
        "Yangtze",
        River(&[
            (29.01, 105.85),
            (29.29, 106.25),
            (29.47, 106.47),
            (29.566, 106.59),
            (29.61, 106.60),
            (29.64, 106.80),
            (29.83, 107.06),
            (29.72, 107.39),
            (29.87, 107.73),
            (30.29, 108.04),
            (30.43, 108.18),
            (30.80, 108.40),
            (30.94, 108.70),
            (31.02, 109.47),
            (31.07, 109.88),
            (31.04, 110.15),
        ]),
        300,
    ),
    w(
        "嘉陵江",
        "Jialing",
        River(&[
            (30.15, 106.25),
            (29.98, 106.28),
            (29.90, 106.35),
            (29.83, 106.43),
            (29.70, 106.42),
            (29.58, 106.45),
            (29.566, 106.59),
        ]),
        100,
    ),
    w(
        "乌江",
        "Wu",
        River(&[
            (28.85, 108.55),
            (29.29, 108.17),
            (29.33, 107.76),
            (29.45, 107.58),
            (29.71, 107.39),
        ]),
        60,
    ),
    w(
        "涪江",
        "Fu",
        River(&[(30.19, 105.84), (30.05, 106.00), (29.98, 106.27)]),
        40,
    ),
    w(
        "渠江",
        "Qu",
        River(&[(30.35, 106.55), (30.10, 106.35), (30.00, 106.28)]),
        20,
    ),
    w(
        "綦江",
        "Qi",
        River(&[
            (28.75, 106.80),
            (29.03, 106.65),
            (29.20, 106.45),
            (29.28, 106.32),
        ]),
        40,
    ),
    w(
        "大宁河",
        "Daning",
        River(&[(31.40, 109.63), (31.20, 109.82), (31.08, 109.88)]),
        30,
    ),
    w(
        "小江",
        "Xiaojiang",
        River(&[(31.16, 108.39), (31.05, 108.55), (30.94, 108.69)]),
        30,
    ),
    w(
        "龙溪河",
        "Longxi",
        River(&[
            (30.65, 107.75),
            (30.33, 107.38),
            (30.05, 107.20),
            (29.86, 107.08),
        ]),
        40,
    ),
    w(
        "梁滩河",
        "Liangtan",
        River(&[(29.45, 106.40), (29.62, 106.33), (29.80, 106.38)]),
        30,
    ),
    w(
        "御临河",
        "Yulin",
        River(&[(30.05, 106.95), (29.85, 106.90), (29.70, 106.85)]),
        15,
    ),
    w(
        "濑溪河",
        "Laixi",
        River(&[(29.75, 105.70), (29.55, 105.65), (29.40, 105.60)]),
        15,
    ),
    w(
        "阿蓬江",
        "Apeng",
        River(&[(29.60, 108.85), (29.45, 108.70), (29.20, 108.55)]),
        15,
    ),
    w(
        "酉水",
        "You",
        River(&[(28.85, 108.77), (28.65, 108.90), (28.45, 109.00)]),
        15,
    ),
    w(
        "任河",
        "Ren",
        River(&[(31.85, 108.75), (31.95, 108.67), (32.10, 108.55)]),
        10,
    ),
    w(
        "芙蓉江",
        "Furong",
        River(&[(28.95, 107.60), (29.15, 107.70), (29.32, 107.78)]),
        10,
    ),
    w(
        "龙河",
        "Long",
        River(&[(30.00, 108.12), (29.95, 107.95), (29.88, 107.75)]),
        15,
    ),
    w(
        "小安溪",
        "Xiao'anxi",
        River(&[(29.95, 105.95), (29.90, 106.05), (29.98, 106.20)]),
        10,
    ),
    w(
        "临江河",
        "Linjiang",
        River(&[(29.45, 105.88), (29.35, 105.92), (29.20, 105.95)]),
        10,
    ),
    w(
        "璧南河",
        "Binan",
        River(&[(29.65, 106.22), (29.50, 106.20), (29.35, 106.15)]),
        10,
    ),
    w(
        "琼江",
        "Qiong",
        River(&[(30.25, 105.75), (30.15, 105.85), (30.05, 105.95)]),
        10,
    ),
    w(
        "汤溪河",
        "Tangxi",
        River(&[(31.35, 108.85), (31.15, 108.80), (30.95, 108.72)]),
        10,
    ),
    w(
        "花溪河",
        "Huaxi",
        River(&[(29.35, 106.55), (29.42, 106.57), (29.48, 106.58)]),
        10,
    ),
    w(
        "长寿湖",
        "Changshou Lake",
        Reservoir((29.96, 107.25), 6.0),
        30,
    ),
    w("大洪湖", "Dahong Lake", Reservoir((30.05, 107.03), 4.0), 15),
    w("汉丰湖", "Hanfeng Lake", Lake((31.17, 108.40), 2.5), 15),
    w("小南海", "Xiaonanhai", Lake((29.55, 108.68), 1.5), 8),
    w("玉滩湖", "Yutan Lake", Reservoir((29.68, 105.65), 3.0), 10),
    w(
        "龙水湖",
        "Longshui Lake",
        Reservoir((29.62, 105.83), 2.0),
        8,
    ),
    w("青龙湖", "Qinglong Lake", Lake((29.62, 106.18), 1.5), 6),
    w("迎龙湖", "Yinglong Lake", Lake((29.50, 106.70), 1.0), 5),
    w("双桂湖", "Shuanggui Lake", Lake((30.67, 107.80), 1.2), 6),
    w("黎香湖", "Lixiang Lake", Reservoir((29.08, 107.15), 1.5), 6),
    w("彩云湖", "Caiyun Lake", Lake((29.50, 106.47), 0.6), 4),
    w("双龙湖", "Shuanglong Lake", Lake((29.73, 106.64), 0.8), 4),
    w(
        "鲤鱼塘水库",
        "Liyutang Reservoir",
        Reservoir((31.25, 108.25), 2.0),
        8,
    ),
];

/// The district whose centre is nearest (a cheap stand-in for real boundaries).
pub fn nearest_district(lat: f64, lon: f64) -> &'static District {
    let k = lat.to_radians().cos();
    let d2 = |d: &District| (d.lat - lat).powi(2) + ((d.lon - lon) * k).powi(2);
    DISTRICTS
        .iter()
        .min_by(|a, b| d2(a).total_cmp(&d2(b)))
        .unwrap_or(&DISTRICTS[0])
}

/// The English short form of a Chinese district name without its 区/县 suffix (for station names).
pub fn short_name(d: &District) -> &'static str {
    d.name.trim_end_matches(['区', '县'])
}
