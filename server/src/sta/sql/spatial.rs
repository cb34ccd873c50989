//! Spatial prefilters over the `location_rtree` R*Tree: a `st_within` / `st_intersects` with a literal, or
//! `geo.distance(…) lt X`, in the top-level AND chain narrows the candidates before the exact geo functions
//! run; `$orderby=geo.distance(…, POINT)` searches growing boxes for the nearest rows.
use rusqlite::types::Value;

use super::{Builder, Joins};
use crate::sta::error::ApiError;
use crate::sta::model::Entity;
use crate::sta::query::ast::{BinaryOp, Expr, Geometry, Literal};

/// A lon/lat box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// West.
    pub min_lon: f64,
    /// South.
    pub min_lat: f64,
    /// East.
    pub max_lon: f64,
    /// North.
    pub max_lat: f64,
}

impl BBox {
    /// The bounding box of a WKT literal.
    pub fn of(g: &Geometry) -> Self {
        let pts: Vec<(f64, f64)> = match g {
            Geometry::Point(x, y) => vec![(*x, *y)],
            Geometry::LineString(c) => c.clone(),
            Geometry::Polygon(r) => r.iter().flatten().copied().collect(),
        };
        let mut b = BBox {
            min_lon: f64::MAX,
            min_lat: f64::MAX,
            max_lon: f64::MIN,
            max_lat: f64::MIN,
        };
        for (x, y) in pts {
            b.min_lon = b.min_lon.min(x);
            b.max_lon = b.max_lon.max(x);
            b.min_lat = b.min_lat.min(y);
            b.max_lat = b.max_lat.max(y);
        }
        b
    }

    /// True when `other` lies entirely inside this box.
    pub fn covers(&self, other: &BBox) -> bool {
        self.min_lon <= other.min_lon
            && self.max_lon >= other.max_lon
            && self.min_lat <= other.min_lat
            && self.max_lat >= other.max_lat
    }

    /// The common part of two boxes, `None` when they do not meet.
    pub fn intersection(&self, other: &BBox) -> Option<BBox> {
        let b = BBox {
            min_lon: self.min_lon.max(other.min_lon),
            min_lat: self.min_lat.max(other.min_lat),
            max_lon: self.max_lon.min(other.max_lon),
            max_lat: self.max_lat.min(other.max_lat),
        };
        (b.min_lon <= b.max_lon && b.min_lat <= b.max_lat).then_some(b)
    }

    /// The box grown by `m` metres on every side, generously: it contains every point within `m` metres.
    pub fn grow(self, m: f64) -> Self {
        // 110 km per degree is below the true minimum (110.57 km), so the box errs on the large side.
        let dlat = m / 110_000.0;
        let lat = (self.min_lat.abs().max(self.max_lat.abs()) + dlat).min(89.0);
        let dlon = (m / (110_000.0 * lat.to_radians().cos())).min(360.0);
        BBox {
            min_lon: self.min_lon - dlon,
            min_lat: self.min_lat - dlat,
            max_lon: self.max_lon + dlon,
            max_lat: self.max_lat + dlat,
        }
    }
}

/// True when `segs` is a path from `entity` to a Location's `location` (the only geometry the R-tree indexes).
pub fn is_location_path(mut entity: Entity, segs: &[String]) -> bool {
    let Some((last, navs)) = segs.split_last() else {
        return false;
    };
    for s in navs {
        match entity.nav(s) {
            Some(n) => entity = n.target,
            None => return false,
        }
    }
    entity == Entity::Location && last == "location"
}

/// Boxes from the top-level AND chain of `filter` that every matching row's location must overlap.
pub fn boxes(entity: Entity, filter: &Expr) -> Vec<(Vec<String>, BBox)> {
    let mut out = Vec::new();
    collect(entity, filter, &mut out);
    out
}

fn collect(entity: Entity, e: &Expr, out: &mut Vec<(Vec<String>, BBox)>) {
    match e {
        Expr::Binary(BinaryOp::And, a, b) => {
            collect(entity, a, out);
            collect(entity, b, out);
        }
        Expr::Function(name, args)
            if matches!(
                name.as_str(),
                "st_within" | "st_intersects" | "geo.intersects"
            ) =>
        {
            if let [Expr::Path(p), Expr::Literal(Literal::Geometry(g))] = args.as_slice() {
                if is_location_path(entity, p) {
                    out.push((p.clone(), BBox::of(g)));
                }
            }
        }
        Expr::Binary(BinaryOp::Lt | BinaryOp::Le, f, limit) => {
            let max = match limit.as_ref() {
                Expr::Literal(Literal::Int(i)) => *i as f64,
                Expr::Literal(Literal::Float(x)) => *x,
                _ => return,
            };
            if let Some((p, g)) = distance_args(entity, f) {
                out.push((p.to_vec(), BBox::of(g).grow(max.max(0.0))));
            }
        }
        _ => {}
    }
}

/// `geo.distance(<location path>, <literal>)` → its arguments.
pub fn distance_args(entity: Entity, e: &Expr) -> Option<(&[String], &Geometry)> {
    match e {
        Expr::Function(name, args) if name == "geo.distance" => match args.as_slice() {
            [Expr::Path(p), Expr::Literal(Literal::Geometry(g))]
            | [Expr::Literal(Literal::Geometry(g)), Expr::Path(p)]
                if is_location_path(entity, p) =>
            {
                Some((p.as_slice(), g))
            }
            _ => None,
        },
        _ => None,
    }
}

impl Builder {
    /// `alias.id IN (ids whose location overlaps the box, found through the R-tree)`.
    pub fn rtree_condition(
        &mut self,
        entity: Entity,
        alias: &str,
        segs: &[String],
        b: BBox,
    ) -> Result<String, ApiError> {
        let p: Vec<String> = [b.min_lon, b.max_lon, b.min_lat, b.max_lat]
            .into_iter()
            .map(|v| self.bind(Value::Real(v)))
            .collect();
        let inner = format!(
            "SELECT id FROM location_rtree WHERE max_lon >= {} AND min_lon <= {} AND max_lat >= {} AND min_lat <= {}",
            p[0], p[1], p[2], p[3]
        );
        self.location_condition(entity, alias, segs, &inner)
    }

    /// `alias.id IN (ids with a location among `location_ids`)`: the candidates of a nearest-first search.
    pub fn location_ids_condition(
        &mut self,
        entity: Entity,
        alias: &str,
        segs: &[String],
        location_ids: &[i64],
    ) -> Result<String, ApiError> {
        let list = self.bind(Value::Text(
            serde_json::Value::from(location_ids.to_vec()).to_string(),
        ));
        let inner = format!("SELECT value FROM json_each({list})");
        self.location_condition(entity, alias, segs, &inner)
    }

    /// `alias.id IN (ids whose Location at `segs` has its id in the `inner` subquery)`.
    fn location_condition(
        &mut self,
        entity: Entity,
        alias: &str,
        segs: &[String],
        inner: &str,
    ) -> Result<String, ApiError> {
        let x0 = self.alias("x");
        let mut joins = Joins::default();
        self.path(entity, &x0, segs, &mut joins)?;
        let loc = joins
            .by_prefix
            .last()
            .map_or_else(|| x0.clone(), |(_, a)| a.clone());
        let mut from = vec![format!("{} {x0}", entity.table())];
        from.extend(joins.from);
        let mut conds = joins.conds;
        conds.push(format!("{loc}.id IN ({inner})"));
        Ok(format!(
            "{alias}.id IN (SELECT {x0}.id FROM {} WHERE {})",
            from.join(", "),
            conds.join(" AND ")
        ))
    }
}
