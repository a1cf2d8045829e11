//! The map's one paint list reaches both backends: a colour changed in core's palette shows in
//! the print figure's SVG and in the page's canvas calls alike, and the dark display paints the
//! colours `style::dark` checks for contrast; the station directory's points are the same
//! points, in the same look, in both.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::data::directory::DirectoryEntry;
use atlas_core::date::Day;
use atlas_core::draw::figure::{map_figure_svg, map_figure_svg_in, FigureOptions};
use atlas_core::draw::paint::canvas::{canvas_ops, CanvasPath, Op};
use atlas_core::draw::paint::{paint_map, paint_points, Colour, Layer, Palette, Theme};
use atlas_core::lang::Lang;
use atlas_core::shape::points::points_on_scene;
use atlas_core::shape::scene::{BorderWeight, SchematicCache};
use atlas_core::style::classify::{MapMode, Rgb, Scheme};
use atlas_core::style::dark::{dark_colour, DARK_CONTEXT};
use atlas_core::style::view::{style_view, StyledMap, View};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("shipped data")
    })
}

/// 贵州's coverage map, as the figure golden tests draw it.
fn guizhou() -> StyledMap {
    styled_view("52")
}

fn styled_view(focus: &str) -> StyledMap {
    let view = View {
        focus: RegionCode::parse(focus).unwrap(),
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month: None,
        today: Day::from_ymd(2026, 11, 23),
        lang: Lang::Zh,
    };
    style_view(atlas(), &view, &mut SchematicCache::default())
}

fn ops_of(styled: &StyledMap, palette: &Palette) -> Vec<Op> {
    canvas_ops(&paint_map(&styled.scene, &styled.styles, palette).layers)
}

fn strokes_border(ops: &[Op], weight: BorderWeight, colour: &str) -> bool {
    ops.iter().any(|op| {
        matches!(op, Op::Stroke { path: CanvasPath::Border(w), css, .. } if *w == weight && css == colour)
    })
}

#[test]
fn a_colour_changed_in_core_reaches_the_svg_and_the_canvas() {
    let styled = &guizhou();
    let opts = FigureOptions::default();
    let mut palette = Palette::of(Theme::Print);
    palette.focus_border = Colour::solid(Rgb(0x12, 0x34, 0x56));
    palette.context_fill = Colour::solid(Rgb(0x65, 0x43, 0x21));

    let before = map_figure_svg(styled, &opts, &[]);
    let after = map_figure_svg_in(styled, &opts, &[], &palette);
    for svg in [&before, &after] {
        assert!(
            svg.contains(r##"<use href="#border-focus""##),
            "no focus border"
        );
    }
    assert!(!before.contains("#123456") && !before.contains("#654321"));
    assert!(
        after.contains(r##"<use href="#border-focus" fill="none" stroke="#123456""##),
        "the SVG's focus border did not take the changed colour"
    );
    assert!(after.contains(r##"class="context" d=""##) && after.contains(r##"fill="#654321""##));

    let ops = ops_of(styled, &palette);
    assert!(!strokes_border(
        &ops_of(styled, &Palette::of(Theme::Page)),
        BorderWeight::Focus,
        "#123456"
    ));
    assert!(
        strokes_border(&ops, BorderWeight::Focus, "#123456"),
        "the canvas's focus border did not take the changed colour"
    );
    assert!(ops.contains(&Op::Fill {
        path: CanvasPath::Context,
        css: "#654321".into()
    }));
}

#[test]
fn the_dark_canvas_paints_the_contrast_checked_palette() {
    let styled = &guizhou();
    let ops = ops_of(styled, &Palette::of(Theme::Dark));
    assert!(ops.contains(&Op::Fill {
        path: CanvasPath::Context,
        css: DARK_CONTEXT.hex()
    }));
    // Every shape is filled exactly once, in its class's dark colour.
    let mut filled = vec![0; styled.styles.len()];
    for op in &ops {
        if let Op::Fill {
            path: CanvasPath::Shapes(shapes),
            css,
        } = op
        {
            for &i in shapes {
                assert_eq!(css, &dark_colour(styled.styles[i].class).hex(), "shape {i}");
                filled[i] += 1;
            }
        }
    }
    assert!(
        !filled.is_empty() && filled.iter().all(|&n| n == 1),
        "{filled:?}"
    );
}

#[test]
fn both_backends_walk_the_same_layers_in_order() {
    let styled = &guizhou();
    let list = paint_map(&styled.scene, &styled.styles, &Palette::of(Theme::Print));
    let kinds: Vec<&str> = (list.layers.iter())
        .map(|l| match l {
            Layer::Context { .. } => "context",
            Layer::Fills(_) => "fills",
            Layer::Overlay { .. } => "overlay",
            Layer::Edges { .. } => "edges",
            Layer::Border { .. } => "border",
            Layer::Outline { .. } => "outline",
            Layer::Points { .. } => "points",
        })
        .collect();
    assert_eq!(kinds.first(), Some(&"context"));
    assert_eq!(kinds[kinds.len() - 4..], ["border"; 4]);
    // The SVG draws the same groups in the list's order.
    let svg = map_figure_svg(styled, &FigureOptions::default(), &[]);
    let at = |needle: &str| svg.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at(r#"class="context""#) < at(r#"class="fills""#));
    assert!(at(r#"class="fills""#) < at(r#"class="edges""#));
    assert!(at(r#"class="edges""#) < at(r##"href="#border-inner" fill="none""##));
}

fn station(township: &str, point: Option<[f64; 2]>) -> DirectoryEntry {
    DirectoryEntry {
        township: RegionCode::parse(township).unwrap(),
        row: 2,
        name: "市西街道社会工作服务站".into(),
        address: String::new(),
        phones: Vec::new(),
        hours: String::new(),
        social_workers: None,
        services: Vec::new(),
        point,
        contact: String::new(),
    }
}

/// The `<circle>`s of the SVG's stations group.
fn station_circles(svg: &str) -> Vec<&str> {
    let Some(at) = svg.find(r#"<g class="stations">"#) else {
        return Vec::new();
    };
    let group = &svg[at..];
    let group = &group[..group.find("</g></g>").expect("the group closes") + 4];
    group.matches("<circle ").map(|_| "circle").collect()
}

#[test]
fn stations_are_the_same_points_in_the_same_look_in_both_backends() {
    let county = &styled_view("520502");
    let stations = vec![
        station("520502001", Some([105.30, 27.30])),
        station("520502002", None),
        station("520502003", Some([105.31, 27.31])),
    ];
    let points = points_on_scene(&county.scene, &stations);
    assert_eq!(points.len(), 2, "the station without a point is not drawn");
    let mut palette = Palette::of(Theme::Print);
    palette.points.fill = Colour::solid(Rgb(0x12, 0x34, 0x56));
    let opts = FigureOptions {
        stations: stations.clone(),
        ..FigureOptions::default()
    };

    let plain = map_figure_svg(county, &FigureOptions::default(), &[]);
    assert!(station_circles(&plain).is_empty(), "no stations asked for");
    let svg = map_figure_svg_in(county, &opts, &[], &palette);
    // A halo and a disc per station, the disc in the changed colour, over the borders.
    assert_eq!(station_circles(&svg).len(), 4);
    assert!(svg.contains(r##"<g fill="#123456" fill-opacity="1"><circle "##));
    assert!(
        svg.find(r#"<g class="stations">"#) > svg.find(r##"href="#border-focus" fill="none""##)
    );

    let layer = paint_points(&points, &palette).expect("two points");
    let ops = canvas_ops(std::slice::from_ref(&layer));
    let at_km: Vec<(f64, f64)> = points.iter().map(|p| (p.x_km, p.y_km)).collect();
    assert!(ops.contains(&Op::Discs {
        at_km,
        radius_px: palette.points.radius_px,
        css: "#123456".into()
    }));

    // The legend keys them with one point in the same look, and the count drawn.
    let key = &svg[svg
        .find(r#"<g class="legend-points">"#)
        .expect("a point key")..];
    let key = &key[..key.find("</g>").unwrap()];
    assert!(key.contains(r##"fill="#123456""##), "{key}");
    assert!(
        key.contains("社工站（点）") && key.contains(">2</text>"),
        "{key}"
    );
    assert!(!plain.contains("legend-points"), "no key without points");

    // Above the county level the same stations are not drawn, nor keyed.
    let prefecture = &styled_view("5205");
    let wide = map_figure_svg(prefecture, &opts, &[]);
    assert!(station_circles(&wide).is_empty());
    assert!(!wide.contains("legend-points"));
}
