//! `atlas publish` of a boundary file of part of a county (17 of 兴义市's 32 townships), then
//! `atlas render` of the folder it wrote: every township of the county is drawn, the 15 the file
//! lacks as schematic cells, published beside the official boundaries in the province's chunk
//! and the prefecture's detail chunk.

mod common;

use common::{atlas_bin, ok, tmp, TODAY};

use atlas_core::publish::{read_township_chunk, Manifest, MANIFEST_FILE};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

/// The `data-code`s of the SVG's shapes of `class` (`region` official, `township` schematic)
/// inside 兴义市.
fn codes_of(svg: &str, class: &str) -> Vec<String> {
    let start = format!(r#"class="{class}" data-code=""#);
    (svg.split(&start).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .filter(|code| code.starts_with("522301"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_rest_of_a_county_a_file_covers_in_part_is_published_and_drawn_as_schematic_cells() {
    let out = tmp("published-part");
    let boundaries = format!("{FIXTURES}/boundaries/xingyi_part_17.geojson");
    let out_arg = out.display().to_string();
    let publish = atlas_bin(&[
        "publish",
        "--lang",
        "en",
        "--today",
        TODAY,
        "--out",
        &out_arg,
        "--boundaries",
        &boundaries,
    ]);
    ok(&publish);
    let data = out.join("data");
    let text = std::fs::read_to_string(data.join(MANIFEST_FILE)).unwrap();
    let manifest = Manifest::parse(MANIFEST_FILE, &text).unwrap();
    for region in ["52", "5223"] {
        let entry =
            &manifest.townships[&atlas_core::data::code::RegionCode::parse(region).unwrap()];
        let chunk_text = std::fs::read_to_string(data.join(&entry.path)).unwrap();
        let chunk = read_township_chunk(&entry.path, &chunk_text).unwrap();
        let official = chunk.official.len();
        let cells = (chunk.schematic.iter())
            .filter(|(code, _)| code.as_str().starts_with("522301"))
            .count();
        assert_eq!((official, cells), (17, 15), "{}", entry.path);
    }

    let svg_path = out.join("xingyi.svg");
    let render = atlas_bin(&[
        "render",
        "--lang",
        "en",
        "--data",
        &out_arg,
        "--region",
        "522301",
        "--today",
        TODAY,
        "--out",
        svg_path.to_str().unwrap(),
    ]);
    ok(&render);
    let stderr = String::from_utf8_lossy(&render.stderr);
    assert!(
        !stderr.contains("not in the loaded boundary file"),
        "{stderr}"
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let official = codes_of(&svg, "region");
    let schematic = codes_of(&svg, "township");
    assert_eq!(official.len(), 17, "{official:?}");
    assert_eq!(schematic.len(), 15, "{schematic:?}");
    assert!(official.contains(&"522301104".to_string()));
    assert!(schematic.contains(&"522301105".to_string()));
    assert!(
        svg.contains("schematic township cells"),
        "the legend names the schematic cells"
    );
}
