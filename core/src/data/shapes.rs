//! The one home of region shapes: the outlines of provinces, prefectures and counties, and every
//! township's shape at each level of detail (a publication's boundaries simplified for the
//! province's view and at full detail, the user's own file, the schematic cells made when the
//! data was published). A published chunk arriving and a user's boundary file both go through
//! [`ShapeStore`]; it projects what it is given once ([`Albers::project_shape`]) and shares the
//! result through `Arc`, so every scene of every clone of the atlas points at the same
//! allocation.
//!
//! It lives in the data stage, below `shape/`: the scene reads it (with the registry) and never
//! the other way round.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use geo::MultiPolygon;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::projection::{Albers, Km, LonLat};

/// How finely a view draws its townships' official boundaries. Schematic cells are the level
/// below both, drawn for a county with no official boundary at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detail {
    /// A publication's boundaries at full detail (its prefecture chunks), for a view of a
    /// prefecture or deeper; where a prefecture's chunk is not read, the province-simplified ones.
    Official,
    /// A publication's boundaries simplified for the province's view (its province chunks).
    ProvinceSimplified,
    /// Schematic cells, cut from the county's outline: not real borders.
    Schematic,
}

impl Detail {
    /// The finest official detail a view of `focus` draws: full detail from a prefecture down,
    /// simplified above. The one rule, so the page and the CLI draw a view alike.
    pub fn for_focus(focus: Level) -> Detail {
        if focus >= Level::Prefecture {
            Detail::Official
        } else {
            Detail::ProvinceSimplified
        }
    }
}

/// A county's schematic cells as published (projected), one per township in the registry's
/// order; each cell is shared as is into scenes.
pub type PublishedCells = Arc<Vec<Arc<Km>>>;

/// Every region shape of an atlas, projected once and shared. Cloning it copies maps of
/// pointers, never a polygon.
#[derive(Clone)]
pub struct ShapeStore {
    /// The projection every shape was put through ([`Albers::china`]).
    projection: Albers,
    /// Outlines of provinces, prefectures and counties in the registry.
    outlines: Arc<HashMap<RegionCode, Arc<Km>>>,
    /// Province outlines with no registry entry (Taiwan, Hong Kong, Macao).
    unlisted_provinces: Arc<Vec<Arc<Km>>>,
    /// County outlines in lon/lat: schematic cells are laid out on the ground, then projected.
    county_outlines_lonlat: Arc<HashMap<RegionCode, LonLat>>,
    /// A publication's official township boundaries, simplified for the province's view.
    province_simplified: HashMap<RegionCode, Arc<Km>>,
    /// The same at full detail, from a publication's prefecture chunks.
    official_detail: HashMap<RegionCode, Arc<Km>>,
    /// The user's own official township boundaries, drawn first at every level: the user is
    /// checking them.
    own: HashMap<RegionCode, Arc<Km>>,
    /// Published schematic cells by county.
    schematic: HashMap<RegionCode, PublishedCells>,
    /// Published schematic cells of the townships a publication's official boundaries leave out
    /// of a county they cover in part, by township: simplified for the province's view, as the
    /// official boundaries they share borders with are.
    partial_simplified: HashMap<RegionCode, Arc<Km>>,
    /// The same at full detail, from a publication's prefecture chunks.
    partial_detail: HashMap<RegionCode, Arc<Km>>,
    /// The counties the user's own file has townships in: a publication's cells for part of a
    /// county would overlap the user's borders there, so none are drawn.
    own_counties: HashSet<RegionCode>,
}

/// The outlines a data folder's outlines file gives, projected, for [`ShapeStore::new`].
#[derive(Default)]
pub struct Outlines {
    /// Registry regions (provinces, prefectures, counties), projected.
    pub projected: HashMap<RegionCode, Km>,
    /// Provinces outside the registry, projected.
    pub unlisted_provinces: Vec<Km>,
    /// Counties, in lon/lat.
    pub counties_lonlat: HashMap<RegionCode, LonLat>,
}

impl ShapeStore {
    /// A store of the loaded outlines, with no township shapes yet.
    pub fn new(projection: Albers, outlines: Outlines) -> ShapeStore {
        let share = |(code, km): (RegionCode, Km)| (code, Arc::new(km));
        ShapeStore {
            projection,
            outlines: Arc::new(outlines.projected.into_iter().map(share).collect()),
            unlisted_provinces: Arc::new(
                outlines
                    .unlisted_provinces
                    .into_iter()
                    .map(Arc::new)
                    .collect(),
            ),
            county_outlines_lonlat: Arc::new(outlines.counties_lonlat),
            province_simplified: HashMap::new(),
            official_detail: HashMap::new(),
            own: HashMap::new(),
            schematic: HashMap::new(),
            partial_simplified: HashMap::new(),
            partial_detail: HashMap::new(),
            own_counties: HashSet::new(),
        }
    }

    /// The projection of every shape here.
    pub fn projection(&self) -> &Albers {
        &self.projection
    }

    /// The outline of a province, prefecture or county; `None` for townships, the nation and
    /// regions the outlines file lacks (some 市辖区 groupings).
    pub fn outline(&self, code: &RegionCode) -> Option<&Arc<Km>> {
        self.outlines.get(code)
    }

    /// How many registry regions have an outline.
    pub fn outline_count(&self) -> usize {
        self.outlines.len()
    }

    /// Province outlines outside the registry, drawn as context.
    pub fn unlisted_provinces(&self) -> &[Arc<Km>] {
        &self.unlisted_provinces
    }

    /// A county's outline in lon/lat degrees.
    pub fn county_outline_lonlat(&self, code: &RegionCode) -> Option<&LonLat> {
        self.county_outlines_lonlat.get(code)
    }

    /// A township's official boundary at `detail`: the user's own file's, else a publication's
    /// (full detail where asked for and read, else simplified for the province's view). `None`
    /// at [`Detail::Schematic`] but for the user's own, and where none is loaded.
    pub fn township(&self, code: &RegionCode, detail: Detail) -> Option<&Arc<Km>> {
        let full = || {
            self.official_detail
                .get(code)
                .filter(|_| detail == Detail::Official)
        };
        let simplified =
            || (self.province_simplified.get(code)).filter(|_| detail != Detail::Schematic);
        self.own.get(code).or_else(full).or_else(simplified)
    }

    /// Adds a publication's official township boundaries (lon/lat) at `detail`, keeping those
    /// added before: one chunk at a time. Schematic cells go through
    /// [`ShapeStore::add_schematic_cells`].
    pub fn add_official(&mut self, detail: Detail, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        let projected = self.projected(townships);
        match detail {
            Detail::Official => self.official_detail.extend(projected),
            Detail::ProvinceSimplified | Detail::Schematic => {
                self.province_simplified.extend(projected)
            }
        }
    }

    /// Takes the user's own township boundaries (lon/lat), replacing those taken before; an
    /// empty slice goes back to a publication's shapes.
    pub fn set_own(&mut self, townships: &[(RegionCode, MultiPolygon<f64>)]) {
        self.set_own_each(townships.iter().map(|(code, g)| (code.clone(), g)));
    }

    /// [`ShapeStore::set_own`] from townships made one at a time, each projected as it comes
    /// and dropped: the lon/lat shapes of a whole file are never held at once (the page makes
    /// them from the panel's coordinate buffer, township by township).
    pub fn set_own_each<G: Borrow<MultiPolygon<f64>>>(
        &mut self,
        townships: impl IntoIterator<Item = (RegionCode, G)>,
    ) {
        let projection = self.projection;
        self.own = (townships.into_iter())
            .map(|(code, g)| (code, Arc::new(projection.project_shape(LonLat(g)))))
            .collect();
        self.own_counties = self.own.keys().filter_map(RegionCode::parent).collect();
    }

    /// True when the user's own boundaries are loaded.
    pub fn has_own(&self) -> bool {
        !self.own.is_empty()
    }

    /// The townships projected, each shape in its own `Arc` (collected before the store
    /// changes, so the store's projection is not borrowed meanwhile).
    fn projected(
        &self,
        townships: &[(RegionCode, MultiPolygon<f64>)],
    ) -> Vec<(RegionCode, Arc<Km>)> {
        (townships.iter())
            .map(|(code, g)| {
                (
                    code.clone(),
                    Arc::new(self.projection.project_shape(LonLat(g))),
                )
            })
            .collect()
    }

    /// Adds the schematic cells of a published chunk (lon/lat, a cell per township code) whose
    /// official boundaries are `official`, at the chunk's `detail`. A county's cells are taken
    /// when each of its townships in `divisions` has exactly one: a county of cells alone. They
    /// are taken as cells for part of a county when each of its townships has exactly one cell
    /// or one official boundary in the chunk, and both kinds occur. The counties (or codes)
    /// left out are returned, for the reader's message.
    pub fn add_schematic_cells(
        &mut self,
        divisions: &Divisions,
        detail: Detail,
        cells: &[(RegionCode, MultiPolygon<f64>)],
        official: &[(RegionCode, MultiPolygon<f64>)],
    ) -> Vec<RegionCode> {
        let mut by_county: BTreeMap<RegionCode, HashMap<&RegionCode, &MultiPolygon<f64>>> =
            BTreeMap::new();
        let mut refused = Vec::new();
        for (code, cell) in cells {
            match code.parent().filter(|_| code.level() == Level::Township) {
                Some(county) => {
                    by_county.entry(county).or_default().insert(code, cell);
                }
                None => refused.push(code.clone()),
            }
        }
        let official: HashSet<&RegionCode> = official.iter().map(|(code, _)| code).collect();
        for (county, cells) in by_county {
            let townships: Vec<&RegionCode> =
                divisions.at_level(&county, Level::Township).collect();
            let has_cell = |t: &&RegionCode| cells.contains_key(*t);
            let whole = !townships.is_empty() && townships.iter().all(has_cell);
            let partial = !whole
                && townships
                    .iter()
                    .all(|t| has_cell(t) != official.contains(*t))
                && townships.iter().any(|t| official.contains(*t));
            if cells.len() != townships.iter().filter(|t| has_cell(t)).count()
                || !(whole || partial)
            {
                refused.push(county);
                continue;
            }
            let project =
                |c: &MultiPolygon<f64>| Arc::new(self.projection.project_shape(LonLat(c)));
            if whole {
                let ordered = townships.iter().map(|t| project(cells[*t])).collect();
                self.schematic.insert(county, Arc::new(ordered));
                continue;
            }
            let projected: Vec<(RegionCode, Arc<Km>)> = (cells.iter())
                .map(|(code, cell)| ((*code).clone(), project(cell)))
                .collect();
            match detail {
                Detail::Official => self.partial_detail.extend(projected),
                Detail::ProvinceSimplified | Detail::Schematic => {
                    self.partial_simplified.extend(projected)
                }
            }
        }
        refused
    }

    /// The published schematic cell of a township its county's official boundaries leave out,
    /// at `detail` as [`ShapeStore::township`] picks official ones (full detail where asked for
    /// and read, else simplified); `None` where the user's own file covers part of the county.
    pub fn partial_cell(&self, code: &RegionCode, detail: Detail) -> Option<&Arc<Km>> {
        if code
            .parent()
            .is_some_and(|c| self.own_counties.contains(&c))
        {
            return None;
        }
        let full = || (self.partial_detail.get(code)).filter(|_| detail == Detail::Official);
        full().or_else(|| self.partial_simplified.get(code))
    }

    /// The published schematic cells of `county`, one per township in the registry's order,
    /// when its chunk has been added.
    pub fn schematic_cells(&self, county: &RegionCode) -> Option<&PublishedCells> {
        self.schematic.get(county)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn square(lon: f64, lat: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: lon, y: lat),
            (x: lon + 0.1, y: lat),
            (x: lon + 0.1, y: lat + 0.1),
            (x: lon, y: lat + 0.1),
        ]])
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    fn store() -> ShapeStore {
        ShapeStore::new(Albers::china(), Outlines::default())
    }

    #[test]
    fn the_users_own_file_comes_first_then_the_finest_published_detail_asked_for() {
        let t = code("522301100");
        let mut s = store();
        s.add_official(
            Detail::ProvinceSimplified,
            &[(t.clone(), square(105.0, 25.0))],
        );
        s.add_official(Detail::Official, &[(t.clone(), square(105.5, 25.0))]);
        let simplified = s.township(&t, Detail::ProvinceSimplified).unwrap().clone();
        let full = s.township(&t, Detail::Official).unwrap().clone();
        assert!(!Arc::ptr_eq(&simplified, &full));
        assert!(s.township(&t, Detail::Schematic).is_none());
        s.set_own(&[(t.clone(), square(106.0, 25.0))]);
        let own = s.township(&t, Detail::Schematic).unwrap().clone();
        for detail in [Detail::Official, Detail::ProvinceSimplified] {
            assert!(Arc::ptr_eq(s.township(&t, detail).unwrap(), &own));
        }
        s.set_own(&[]);
        assert!(Arc::ptr_eq(
            s.township(&t, Detail::Official).unwrap(),
            &full
        ));
    }

    #[test]
    fn shapes_are_projected_once_into_km() {
        let t = code("522301100");
        let mut s = store();
        s.add_official(
            Detail::ProvinceSimplified,
            &[(t.clone(), square(105.0, 25.0))],
        );
        let km = s.township(&t, Detail::ProvinceSimplified).unwrap();
        let expected = Albers::china().project_shape(LonLat(&square(105.0, 25.0)));
        assert_eq!(**km, expected);
    }

    #[test]
    fn a_clone_of_the_store_shares_every_shape() {
        let t = code("522301100");
        let mut s = store();
        s.add_official(
            Detail::ProvinceSimplified,
            &[(t.clone(), square(105.0, 25.0))],
        );
        let copy = s.clone();
        let a = s.township(&t, Detail::Official).unwrap();
        let b = copy.township(&t, Detail::Official).unwrap();
        assert!(Arc::ptr_eq(a, b));
    }

    #[test]
    fn detail_follows_the_focus_level() {
        assert_eq!(Detail::for_focus(Level::Nation), Detail::ProvinceSimplified);
        assert_eq!(
            Detail::for_focus(Level::Province),
            Detail::ProvinceSimplified
        );
        for level in [Level::Prefecture, Level::County, Level::Township] {
            assert_eq!(Detail::for_focus(level), Detail::Official);
        }
    }
}
