//! The demo service catalogue, written once into the database (operators may then edit the tables; a
//! marker in `open311_meta` keeps a deleted service from coming back at the next start).
use rusqlite::{params, Connection};

/// One attribute of a seeded service.
struct SeedAttr {
    code: &'static str,
    datatype: &'static str,
    required: bool,
    zh: &'static str,
    en: &'static str,
    values: &'static [(&'static str, &'static str, &'static str)],
}

/// One seeded service: code, names, descriptions, keywords, group, attributes.
struct SeedService {
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    desc_zh: &'static str,
    desc_en: &'static str,
    keywords: &'static str,
    water_body: bool,
    attrs: &'static [SeedAttr],
}

const YES_NO: &[(&str, &str, &str)] = &[("yes", "是", "Yes"), ("no", "否", "No")];

#[rustfmt::skip]
const SERVICES: &[SeedService] = &[
    SeedService { code: "sewage", zh: "污水直排/偷排", en: "Sewage or illegal discharge",
        desc_zh: "排污口、管道或车辆向河道排放污水", desc_en: "Wastewater let into a river from an outfall, pipe or truck",
        keywords: "sewage,discharge,outfall,污水,排污", water_body: true,
        attrs: &[SeedAttr { code: "outfalls", datatype: "number", required: false,
            zh: "看到几个排放口？", en: "How many discharge points did you see?", values: &[] }] },
    SeedService { code: "water_colour", zh: "水体异色", en: "Unusual water colour",
        desc_zh: "河水、湖水颜色异常（发黑、发红、乳白等）", desc_en: "Black, red, milky or otherwise unusual water",
        keywords: "colour,color,black water,颜色,黑臭", water_body: true, attrs: &[] },
    SeedService { code: "water_smell", zh: "水体异味", en: "Bad smell from the water",
        desc_zh: "水体散发臭味或化学品气味", desc_en: "The water smells foul or of chemicals",
        keywords: "smell,odour,odor,臭,异味", water_body: true,
        attrs: &[SeedAttr { code: "smell_intensity", datatype: "singlevaluelist", required: true,
            zh: "气味有多强？", en: "How strong is the smell?",
            values: &[("faint", "轻微", "Faint"), ("noticeable", "明显", "Noticeable"), ("strong", "强烈", "Strong")] }] },
    SeedService { code: "dead_fish", zh: "死鱼", en: "Dead fish",
        desc_zh: "水面或岸边出现死鱼", desc_en: "Dead fish in the water or on the bank",
        keywords: "fish,kill,死鱼,鱼", water_body: true,
        attrs: &[SeedAttr { code: "fish_count", datatype: "singlevaluelist", required: true,
            zh: "大约多少条？", en: "Approximately how many?",
            values: &[("few", "少于10条", "Fewer than 10"), ("dozens", "10到100条", "10 to 100"), ("hundreds", "100条以上", "More than 100")] }] },
    SeedService { code: "floating_rubbish", zh: "水面漂浮垃圾", en: "Floating rubbish",
        desc_zh: "水面漂浮垃圾、油污或杂物", desc_en: "Rubbish, oil or debris floating on the water",
        keywords: "rubbish,litter,trash,oil,垃圾,漂浮物", water_body: true, attrs: &[] },
    SeedService { code: "algae_bloom", zh: "藻类水华", en: "Algae bloom",
        desc_zh: "水面出现绿色或蓝绿色藻类", desc_en: "Green or blue-green scum of algae on the water",
        keywords: "algae,bloom,cyanobacteria,藻,水华", water_body: true, attrs: &[] },
    SeedService { code: "burst_pipe", zh: "爆管/供水管道破裂", en: "Burst pipe or water main",
        desc_zh: "供水管道破裂、路面冒水", desc_en: "A broken water main or water gushing from the road",
        keywords: "pipe,main,leak,burst,爆管,漏水", water_body: false,
        attrs: &[SeedAttr { code: "entering_buildings", datatype: "singlevaluelist", required: false,
            zh: "水是否进入建筑物？", en: "Is water entering buildings?", values: YES_NO }] },
    SeedService { code: "waterlogging", zh: "道路积水/内涝", en: "Street flooding or waterlogging",
        desc_zh: "道路、小区积水或内涝", desc_en: "Water standing on streets or in neighbourhoods",
        keywords: "flood,flooding,waterlogging,积水,内涝", water_body: false,
        attrs: &[
            SeedAttr { code: "depth", datatype: "singlevaluelist", required: true,
                zh: "积水有多深？", en: "How deep is the water?",
                values: &[("ankle", "没过脚踝（10厘米以下）", "Ankle deep (under 10 cm)"),
                          ("knee", "及膝（10至50厘米）", "Knee deep (10 to 50 cm)"),
                          ("waist", "及腰以上（50厘米以上）", "Waist deep or more (over 50 cm)")] },
            SeedAttr { code: "entering_buildings", datatype: "singlevaluelist", required: false,
                zh: "水是否进入建筑物？", en: "Is water entering buildings?", values: YES_NO },
        ] },
    SeedService { code: "other", zh: "其他", en: "Other",
        desc_zh: "其他与水有关的问题", desc_en: "Any other water problem",
        keywords: "other,其他", water_body: true, attrs: &[] },
];

/// Writes the demo catalogue unless it was written before.
pub fn seed(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let done: bool = tx
        .query_row(
            "SELECT count(*) FROM open311_meta WHERE key = 'seeded'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    if done {
        return Ok(());
    }
    for (i, s) in SERVICES.iter().enumerate() {
        let (group_zh, group_en) = if s.water_body {
            ("水体", "Water body")
        } else {
            ("供排水", "Water supply and drainage")
        };
        tx.execute(
            "INSERT OR REPLACE INTO open311_services (code, name_zh, name_en, description_zh, description_en,
             keywords, group_zh, group_en, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![s.code, s.zh, s.en, s.desc_zh, s.desc_en, s.keywords, group_zh, group_en, i as i64],
        )?;
        for (j, a) in s.attrs.iter().enumerate() {
            tx.execute(
                "INSERT OR REPLACE INTO open311_attributes (service_code, code, datatype, required,
                 description_zh, description_en, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    s.code,
                    a.code,
                    a.datatype,
                    a.required,
                    a.zh,
                    a.en,
                    j as i64 + 1
                ],
            )?;
            for (k, (key, zh, en)) in a.values.iter().enumerate() {
                tx.execute(
                    "INSERT OR REPLACE INTO open311_attribute_values (service_code, attribute_code, key,
                     name_zh, name_en, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![s.code, a.code, key, zh, en, k as i64],
                )?;
            }
        }
    }
    tx.execute(
        "INSERT INTO open311_meta (key, value) VALUES ('seeded', '1')",
        [],
    )?;
    tx.commit()
}
