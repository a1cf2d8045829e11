//! The station directory's points on a scene: which stations a view shows as points (from the
//! county level down, only those the import placed), projected with the scene's projection
//! into its kilometres, and which one lies under the pointer.
//!
//! One rule for every output: the page's canvas, the figure export and the CLI's `render
//! --points` all take their points from [`points_on_scene`], and the look from
//! `draw::paint::paint_points`.

use crate::data::code::Level;
use crate::data::directory::DirectoryEntry;
use crate::shape::scene::Scene;

/// One station drawn on a scene.
#[derive(Clone, Debug, PartialEq)]
pub struct StationPoint {
    /// Albers kilometres east of the origin.
    pub x_km: f64,
    /// Albers kilometres north of the origin.
    pub y_km: f64,
    /// Its index in the stations the points were made from.
    pub station: usize,
}

/// The lowest level a view shows points at: a county's view (its townships filled) and below.
/// At a prefecture's or province's scale a thousand dots would hide the fills they sit on.
pub const POINTS_FROM: Level = Level::County;

/// Whether a scene focused on a region of `level` shows station points.
pub fn shows_points(level: Level) -> bool {
    level >= POINTS_FROM
}

/// The placed stations of `stations` inside `scene`'s focus, projected with the scene's
/// projection (the one every outline of the scene went through), in the stations' order. None when
/// the focus is above [`POINTS_FROM`]. A station without a point (none given, or the import
/// did not place it: swapped, at 0,0, outside its township) is never drawn.
pub fn points_on_scene(scene: &Scene, stations: &[DirectoryEntry]) -> Vec<StationPoint> {
    if !shows_points(scene.focus.level()) {
        return Vec::new();
    }
    stations
        .iter()
        .enumerate()
        .filter(|(_, s)| s.township.is_within(&scene.focus))
        .filter_map(|(station, s)| {
            let [lon, lat] = s.point?;
            let at = scene.projection.project(lon, lat);
            Some(StationPoint {
                x_km: at.x,
                y_km: at.y,
                station,
            })
        })
        .collect()
}

/// The point nearest to (`x_km`, `y_km`) within `reach_km`, as an index into `points`; on a
/// tie the first. A linear scan: a county's few hundred points (or a thousand in one township)
/// take microseconds, less than building any index would.
pub fn point_at(points: &[StationPoint], x_km: f64, y_km: f64, reach_km: f64) -> Option<usize> {
    let reach_sq = reach_km * reach_km;
    let mut best: Option<(usize, f64)> = None;
    for (i, p) in points.iter().enumerate() {
        let d_sq = (p.x_km - x_km).powi(2) + (p.y_km - y_km).powi(2);
        if d_sq <= reach_sq && best.is_none_or(|(_, b)| d_sq < b) {
            best = Some((i, d_sq));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::atlas::Atlas;
    use crate::data::code::RegionCode;
    use crate::shape::scene::{build_scene, SchematicCache};

    fn station(township: &str, point: Option<[f64; 2]>) -> DirectoryEntry {
        DirectoryEntry {
            township: RegionCode::parse(township).unwrap(),
            row: 2,
            name: "站".into(),
            address: String::new(),
            phones: Vec::new(),
            hours: String::new(),
            social_workers: None,
            services: Vec::new(),
            point,
            contact: String::new(),
        }
    }

    #[test]
    fn a_county_view_shows_its_placed_stations_projected_as_its_outlines_are() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let atlas = Atlas::load_dir(&data).unwrap();
        let county = RegionCode::parse("520502").unwrap();
        let scene = build_scene(&atlas, &county, &mut SchematicCache::default());
        let stations = vec![
            station("520502001", Some([105.30, 27.30])),
            station("520502002", None),
            station("522301001", Some([104.90, 25.09])),
            station("520502003", Some([105.31, 27.31])),
        ];
        let points = points_on_scene(&scene, &stations);
        assert_eq!(
            points.iter().map(|p| p.station).collect::<Vec<_>>(),
            [0, 3],
            "only placed stations inside the focus"
        );
        let expected = atlas.projection().project(105.30, 27.30);
        assert_eq!((points[0].x_km, points[0].y_km), (expected.x, expected.y));
        let bounds = scene.bounds.unwrap();
        assert!(bounds.min().x < expected.x && expected.x < bounds.max().x);

        let prefecture = RegionCode::parse("5205").unwrap();
        let wide = build_scene(&atlas, &prefecture, &mut SchematicCache::default());
        assert!(points_on_scene(&wide, &stations).is_empty());
    }

    #[test]
    fn the_nearest_point_within_reach_is_hit() {
        let at = |x_km, y_km, station| StationPoint {
            x_km,
            y_km,
            station,
        };
        let points = [at(0.0, 0.0, 0), at(1.0, 0.0, 1), at(1.2, 0.0, 2)];
        assert_eq!(point_at(&points, 0.9, 0.0, 0.5), Some(1));
        assert_eq!(point_at(&points, 1.15, 0.0, 0.5), Some(2));
        assert_eq!(point_at(&points, 5.0, 0.0, 0.5), None);
        assert_eq!(point_at(&[], 0.0, 0.0, 0.5), None);
    }
}
