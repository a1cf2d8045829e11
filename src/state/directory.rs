//! The station directory read so far (`loading::directory` fills it, a province's file at a
//! time), by township, and the one station the reader points at: hovered on the map, focused
//! in the township panel's list, or picked in search. Provided as context by the atlas view, so
//! the map, the panels, search and the downloads all read the same stations.

use std::collections::{BTreeMap, BTreeSet};

use atlas_core::data::code::RegionCode;
use atlas_core::data::directory::DirectoryEntry;
use atlas_core::shape::points::shows_points;
use atlas_core::shape::scene::Scene;
use leptos::prelude::*;

/// Which station: its township and its row in the directory's file.
pub type StationKey = (RegionCode, usize);

/// The stations read so far, by township, in row order; the provinces whose file has been
/// read; and the station pointed at.
#[derive(Clone, Copy)]
pub struct StationDirectory {
    pub by_township: RwSignal<BTreeMap<RegionCode, Vec<DirectoryEntry>>>,
    pub loaded: RwSignal<BTreeSet<RegionCode>>,
    /// The station the reader points at; the map marks its point and the panel its entry.
    pub pointed: RwSignal<Option<StationKey>>,
}

impl StationDirectory {
    pub fn new() -> StationDirectory {
        StationDirectory {
            by_township: RwSignal::new(BTreeMap::new()),
            loaded: RwSignal::new(BTreeSet::new()),
            pointed: RwSignal::new(None),
        }
    }

    /// The stations of `township` (none when its province's file is not read yet, or lists
    /// none there).
    pub fn stations_of(self, township: &RegionCode) -> Vec<DirectoryEntry> {
        self.by_township
            .with(|d| d.get(township).cloned().unwrap_or_default())
    }

    /// Every station read inside `region`, by township then row (tracked).
    pub fn stations_within(self, region: &RegionCode) -> Vec<DirectoryEntry> {
        self.by_township.with(|d| {
            d.range(region.clone()..)
                .take_while(|(township, _)| township.is_within(region))
                .flat_map(|(_, list)| list.iter().cloned())
                .collect()
        })
    }

    /// The stations a view of `scene` shows (tracked): those read inside its focus from the
    /// level core draws points at (`shape::points::shows_points`, `POINTS_FROM`), none above.
    /// The map's points, the legend's point key and the table's stations all take these.
    pub fn shown_in(self, scene: &Scene) -> Vec<DirectoryEntry> {
        if shows_points(scene.focus.level()) {
            self.stations_within(&scene.focus)
        } else {
            Vec::new()
        }
    }

    /// The station `key` names, if it has been read (tracked: it may arrive later).
    pub fn station_tracked(self, (township, row): &StationKey) -> Option<DirectoryEntry> {
        self.by_township
            .with(|d| d.get(township)?.iter().find(|s| s.row == *row).cloned())
    }

    /// The station `key` names, if it has been read (untracked).
    pub fn station(self, (township, row): &StationKey) -> Option<DirectoryEntry> {
        self.by_township
            .with_untracked(|d| d.get(township)?.iter().find(|s| s.row == *row).cloned())
    }
}

impl Default for StationDirectory {
    fn default() -> StationDirectory {
        StationDirectory::new()
    }
}
