//! The words of a view on the shipped data: the summary under the map, in the export and the
//! embed's alt text, and the line announced for a keyboard-focused region.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::date::Day;
use atlas_core::lang::Lang;
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::spoken::{region_line, view_words};
use atlas_core::style::view::{Measures, View};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn view(code: &str, lang: Lang) -> View {
    View {
        focus: if code.is_empty() {
            RegionCode::nation()
        } else {
            RegionCode::parse(code).unwrap()
        },
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month: None,
        today: Day::from_ymd(2026, 12, 1),
        lang,
    }
}

#[test]
fn a_prefecture_with_a_reported_total_says_it_with_date_and_source() {
    let atlas = atlas();
    let v = view("5223", Lang::Zh);
    let measures = Measures::compute(atlas, v.month, v.today);
    let words = view_words(atlas, &measures, &v);
    assert_eq!(words.title, "黔西南布依族苗族自治州乡镇社工站覆盖地图");
    assert!(words.summary.contains("101/140"), "{}", words.summary);
    assert!(words.summary.contains("数据截至"), "{}", words.summary);
    assert!(words.summary.contains("来源：报道"), "{}", words.summary);
    let en = view_words(atlas, &measures, &view("5223", Lang::En));
    assert!(en.summary.contains("source: article"), "{}", en.summary);
}

/// The nation has its own goal (every township by the end of 2025, with no township count): its
/// summary gives its reported rate and that verdict, not a count of the regions below it.
#[test]
fn the_nation_states_its_own_goal() {
    let atlas = atlas();
    let v = view("", Lang::En);
    let measures = Measures::compute(atlas, v.month, v.today);
    let words = view_words(atlas, &measures, &v);
    assert!(words.summary.contains("56% covered"), "{}", words.summary);
    assert!(
        words.summary.contains("Denominator needed"),
        "{}",
        words.summary
    );
    assert!(
        measures
            .board
            .iter()
            .any(|a| a.region == RegionCode::nation()),
        "the nation has a board row"
    );
}

#[test]
fn the_region_line_names_the_region_and_its_coverage() {
    let atlas = atlas();
    let v = view("52", Lang::Zh);
    let measures = Measures::compute(atlas, v.month, v.today);
    let code = RegionCode::parse("5223").unwrap();
    let line = region_line(atlas, &measures, &code, Lang::Zh);
    assert!(
        line.starts_with("黔西南布依族苗族自治州，101/140"),
        "{line}"
    );
}

#[test]
fn the_exported_figure_carries_the_summary_as_title_and_desc() {
    let svg = atlas_core::draw::figure::build_figure(
        atlas(),
        &RegionCode::parse("5223").unwrap(),
        MapMode::Coverage,
        Scheme::Fixed,
        None,
        Lang::Zh,
        Day::from_ymd(2026, 11, 23),
    );
    let desc_at = svg.find("<desc id=\"figure-desc\">").expect("a desc");
    let desc_end = svg[desc_at..].find("</desc>").unwrap() + desc_at;
    assert!(
        svg[desc_at..desc_end].contains("101/140"),
        "{}",
        &svg[desc_at..desc_end]
    );
    assert!(svg.contains("<title id=\"figure-title\">黔西南布依族苗族自治州"));
    assert!(svg.contains("aria-labelledby=\"figure-title figure-desc\""));
}

/// On the shipped scenes every arrow leads to a region on that side, and from Guizhou's
/// prefectures at the national level ↑ leads to a neighbour, not across the country.
#[test]
fn the_keyboard_walk_moves_to_the_side_it_says() {
    use atlas_core::shape::scene::{build_scene, SchematicCache};
    use atlas_core::shape::walk::{neighbour, stops, Direction};
    let mut cache = SchematicCache::default();
    for focus in ["", "52", "5223"] {
        let focus = if focus.is_empty() {
            RegionCode::nation()
        } else {
            RegionCode::parse(focus).unwrap()
        };
        let scene = build_scene(atlas(), &focus, &mut cache);
        let all = stops(&scene);
        assert!(all.len() > 5, "{focus}: {} stops", all.len());
        for stop in &all {
            for d in [
                Direction::Up,
                Direction::Down,
                Direction::Left,
                Direction::Right,
            ] {
                if let Some(next) = neighbour(&all, &stop.code, d) {
                    let (dx, dy) = (
                        next.centre_km.0 - stop.centre_km.0,
                        next.centre_km.1 - stop.centre_km.1,
                    );
                    let along = match d {
                        Direction::Up => dy,
                        Direction::Down => -dy,
                        Direction::Left => -dx,
                        Direction::Right => dx,
                    };
                    assert!(
                        along > 0.0,
                        "{focus}: {} {d:?} went to {}",
                        stop.code,
                        next.code
                    );
                }
            }
        }
    }
    // 贵阳市 (5201) ↑ is a prefecture within a few hundred km (遵义市 or 毕节市), not 黑龙江.
    let scene = build_scene(atlas(), &RegionCode::nation(), &mut cache);
    let all = stops(&scene);
    let up = neighbour(&all, &RegionCode::parse("5201").unwrap(), Direction::Up).unwrap();
    assert!(["5203", "5205"].contains(&up.code.as_str()), "{}", up.code);
}
