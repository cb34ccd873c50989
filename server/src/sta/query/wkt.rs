//! WKT text of `geography'…'` / `geometry'…'` literals → [`Geometry`].
//!
//! Accepts what real STA clients send: keywords in any case, optional space before `(`, an EWKT `SRID=4326;`
//! prefix, and a `Z` third coordinate (dropped: the server is 2-D).

use super::ast::Geometry;

/// Parses POINT, LINESTRING or POLYGON; the error says what is wrong.
pub(crate) fn parse_wkt(text: &str) -> Result<Geometry, String> {
    let mut s = text.trim();
    if s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("SRID=")) {
        let semi = s.find(';').ok_or("missing ';' after SRID")?;
        let srid = s[5..semi].trim();
        if srid.is_empty() || !srid.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("invalid SRID '{srid}'"));
        }
        s = s[semi + 1..].trim_start();
    }
    let kw_len = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let keyword = s[..kw_len].to_ascii_uppercase();
    let mut body = s[kw_len..].trim_start();
    // "POINT Z (…)" carries a third coordinate we drop.
    if body.len() > 1 && body.get(..1).is_some_and(|z| z.eq_ignore_ascii_case("z")) {
        body = body[1..].trim_start();
    }
    let inner = body
        .strip_prefix('(')
        .and_then(|b| b.trim_end().strip_suffix(')'))
        .ok_or_else(|| format!("expected '(…)' after {keyword}"))?;
    match keyword.as_str() {
        "POINT" => {
            let (x, y) = coord(inner)?;
            Ok(Geometry::Point(x, y))
        }
        "LINESTRING" => {
            let pts = coords(inner)?;
            if pts.len() < 2 {
                return Err("a LINESTRING needs at least 2 points".to_owned());
            }
            Ok(Geometry::LineString(pts))
        }
        "POLYGON" => Ok(Geometry::Polygon(rings(inner)?)),
        "" => Err("missing geometry type".to_owned()),
        other => Err(format!("unsupported geometry type '{other}'")),
    }
}

/// `(x y, …), (x y, …)` → closed rings of at least 4 points (an open ring is closed for the client).
fn rings(inner: &str) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let mut out = Vec::new();
    let mut rest = inner.trim();
    loop {
        let open = rest
            .strip_prefix('(')
            .ok_or("expected '(' to start a POLYGON ring")?;
        let close = open.find(')').ok_or("unclosed POLYGON ring")?;
        let mut ring = coords(&open[..close])?;
        if ring.first() != ring.last() {
            ring.push(ring[0]);
        }
        if ring.len() < 4 {
            return Err("a POLYGON ring needs at least 3 distinct points".to_owned());
        }
        out.push(ring);
        rest = open[close + 1..].trim_start();
        if rest.is_empty() {
            return Ok(out);
        }
        rest = rest
            .strip_prefix(',')
            .ok_or("expected ',' between POLYGON rings")?
            .trim_start();
    }
}

fn coords(list: &str) -> Result<Vec<(f64, f64)>, String> {
    list.split(',').map(coord).collect()
}

fn coord(text: &str) -> Result<(f64, f64), String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() < 2 || parts.len() > 3 {
        return Err(format!("expected 'x y' coordinates, got '{}'", text.trim()));
    }
    let num = |p: &str| {
        p.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("invalid coordinate '{p}'"))
    };
    Ok((num(parts[0])?, num(parts[1])?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let sq = vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)];
        let cases: Vec<(&str, Geometry)> = vec![
            ("POINT(106.55 29.56)", Geometry::Point(106.55, 29.56)),
            ("point (1 2)", Geometry::Point(1.0, 2.0)),
            ("SRID=4326;POINT(1 2)", Geometry::Point(1.0, 2.0)),
            ("POINT Z (1 2 3)", Geometry::Point(1.0, 2.0)),
            (
                "LineString(0 0, 1 1)",
                Geometry::LineString(vec![(0.0, 0.0), (1.0, 1.0)]),
            ),
            (
                "POLYGON((0 0,1 0,1 1,0 0))",
                Geometry::Polygon(vec![sq.clone()]),
            ),
            (
                "POLYGON ((0 0, 1 0, 1 1))",
                Geometry::Polygon(vec![sq.clone()]),
            ),
            (
                "POLYGON((0 0,1 0,1 1,0 0), (0 0,1 0,1 1,0 0))",
                Geometry::Polygon(vec![sq.clone(), sq]),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_wkt(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejected_forms() {
        for text in [
            "",
            "POINT",
            "POINT()",
            "POINT(1)",
            "POINT(1 x)",
            "POINT(1 NaN)",
            "CIRCLE(1 2)",
            "LINESTRING(1 2)",
            "POLYGON((0 0, 1 1))",
            "POLYGON((0 0,1 0,1 1,0 0)",
            "POLYGON((0 0,1 0,1 1,0 0))x(",
            "SRID=abc;POINT(1 2)",
        ] {
            assert!(parse_wkt(text).is_err(), "{text}");
        }
    }
}
