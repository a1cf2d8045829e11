use super::*;
use crate::date::Day;
use crate::style::classify::{MapMode, Scheme};

fn shipped_atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).unwrap()
}

fn view(focus: &str) -> View {
    View {
        focus: if focus.is_empty() {
            RegionCode::nation()
        } else {
            RegionCode::parse(focus).unwrap()
        },
        mode: MapMode::default(),
        scheme: Scheme::default(),
        month: None,
        today: Day::from_ymd(2026, 12, 7),
        lang: Lang::Zh,
    }
}

fn bake(atlas: &Atlas, focus: &str) -> BakedPage {
    let view = view(focus);
    let measures = Measures::compute(atlas, view.month, view.today);
    bake_page(atlas, &measures, &view, &mut SchematicCache::default())
}

fn by_testid<'a>(doc: &'a roxmltree::Document, id: &str) -> roxmltree::Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.attribute("data-testid") == Some(id))
        .unwrap_or_else(|| panic!("no {id}"))
}

fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn a_baked_prefecture_reads_back_with_its_map_summary_legend_and_table() {
    let atlas = shipped_atlas();
    let page = bake(&atlas, "5223");
    // The body is well-formed markup: read it back as XML.
    let doc = roxmltree::Document::parse(&page.body).expect("well-formed baked body");
    let map = by_testid(&doc, "baked-map");
    let svg = map.first_element_child().unwrap();
    assert_eq!(svg.tag_name().name(), "svg");
    let view = view("5223");
    let measures = Measures::compute(&atlas, None, view.today);
    let scene = Rc::new(build_scene(
        &atlas,
        &view.focus,
        &mut SchematicCache::default(),
    ));
    let styled = style_map(&atlas, scene, &measures, &view);
    let shapes = svg
        .descendants()
        .filter(|n| n.attribute("data-code").is_some())
        .count();
    assert_eq!(shapes, styled.scene.shapes.len());
    assert!(shapes > 0);
    let summary = text_of(by_testid(&doc, "baked-summary"));
    assert_eq!(summary, view_words(&atlas, &measures, &view).summary);
    assert!(summary.contains("黔西南"), "{summary}");
    assert_eq!(page.description, summary);
    let table = by_testid(&doc, "baked-table");
    let rows: Vec<_> = table
        .descendants()
        .filter(|n| n.has_tag_name("tr") && n.attribute("data-code").is_some())
        .collect();
    assert_eq!(rows.len(), styled.row_count());
    let first = &styled.row(0);
    assert!(
        text_of(rows[0]).contains(&first.counts),
        "{}",
        text_of(rows[0])
    );
    let legend = by_testid(&doc, "baked-legend");
    assert!(text_of(legend).contains(&styled.legend.title));
    assert!(text_of(by_testid(&doc, "baked-sources")).starts_with("来源："));
}

#[test]
fn the_country_links_each_province_to_its_own_page_and_a_prefecture_links_up() {
    let atlas = shipped_atlas();
    let country = bake(&atlas, "");
    // The country is filled with prefectures, each named with a link to its page.
    assert!(country.body.contains(r#"<a href="region-5223.html">"#));
    let prefecture = bake(&atlas, "5223");
    assert!(prefecture.body.contains(r#"<a href="index.html">全国</a>"#));
    assert!(prefecture.body.contains(r#"<a href="region-52.html">"#));
    assert!(!prefecture.body.contains(r#"href="region-522301.html""#));
}

#[test]
fn addresses_are_the_site_root_for_the_country_and_a_file_beside_it_for_a_region() {
    let code = |c: &str| RegionCode::parse(c).unwrap();
    assert_eq!(page_file(&RegionCode::nation()), "index.html");
    assert_eq!(page_file(&code("5223")), "region-5223.html");
    assert_eq!(image_file(&code("52")), "og/52.png");
    assert!(is_baked(&code("5223")) && !is_baked(&code("522301")));
    let regions = baked_regions(&shipped_atlas());
    assert_eq!(regions[0], RegionCode::nation());
    assert!(regions.contains(&code("5223")));
    assert!(regions.iter().all(|r| r.level() <= Level::Prefecture));
}

fn page_with(title: &str, description: &str) -> BakedPage {
    BakedPage {
        code: RegionCode::parse("52").unwrap(),
        title: title.into(),
        description: description.into(),
        body: r#"<div id="baked">map</div>"#.into(),
        image_svg: String::new(),
    }
}

const SHELL: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\" /><title>Coverage Atlas</title><script type=\"module\">init()</script></head>\n<body class=\"x\"></body>\n</html>\n";

#[test]
fn the_shell_takes_the_view_title_description_and_body_escaped() {
    let page = page_with("贵州 <b>&", "覆盖 \"50%\" <script>alert(1)</script>");
    let html = into_shell(SHELL, &page, None, true).unwrap();
    assert!(
        html.contains("<title>贵州 &lt;b&gt;&amp;</title>"),
        "{html}"
    );
    assert!(!html.contains("<title>Coverage Atlas</title>"));
    assert!(html.contains(
        r#"<meta name="description" content="覆盖 &quot;50%&quot; &lt;script&gt;alert(1)&lt;/script&gt;" />"#
    ));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains(r#"<meta property="og:image" content="og/52.png" />"#));
    assert!(
        !html.contains("canonical"),
        "no site address, no canonical link"
    );
    assert!(html.contains(
        r#"<body class="x"><!-- baked --><div id="baked">map</div><!-- /baked --></body>"#
    ));
    assert!(
        html.contains("<script type=\"module\">init()</script>"),
        "the app still loads"
    );
}

#[test]
fn baking_a_baked_shell_again_replaces_the_view_instead_of_adding_one() {
    let once = into_shell(
        SHELL,
        &page_with("一", "a"),
        Some("https://example.org/atlas"),
        true,
    )
    .unwrap();
    let twice = into_shell(
        &once,
        &page_with("二", "b"),
        Some("https://example.org/atlas"),
        true,
    )
    .unwrap();
    assert_eq!(twice.matches("<title>").count(), 1);
    assert_eq!(twice.matches(r#"id="baked""#).count(), 1);
    assert!(twice.contains("<title>二</title>") && !twice.contains("<title>一</title>"));
    assert!(twice
        .contains(r#"<link rel="canonical" href="https://example.org/atlas/region-52.html" />"#));
    assert!(twice.contains(r#"content="https://example.org/atlas/og/52.png""#));
}

#[test]
fn a_shell_without_a_head_or_body_is_refused_by_name() {
    let error = into_shell("<html></html>", &page_with("t", "d"), None, true).unwrap_err();
    assert!(
        error.en.contains("index.html") && error.en.contains("</head>"),
        "{}",
        error.en
    );
    let error = into_shell(
        "<html><head></head></html>",
        &page_with("t", "d"),
        None,
        true,
    )
    .unwrap_err();
    assert!(error.en.contains("<body>"), "{}", error.en);
}

#[test]
fn a_baked_page_reserves_the_toolbar_with_the_app_classes_hidden_and_inert() {
    let atlas = shipped_atlas();
    let page = bake(&atlas, "5223");
    let doc = roxmltree::Document::parse(&page.body).expect("well-formed baked body");
    let class_has = |n: &roxmltree::Node, c: &str| {
        (n.attribute("class").unwrap_or("").split(' ')).any(|x| x == c)
    };
    let reserved: Vec<_> = (doc.descendants())
        .filter(|n| class_has(n, "baked-reserve"))
        .collect();
    // The nav's up, search, present, share and language, and the settings row.
    assert_eq!(reserved.len(), 6, "{:?}", reserved);
    assert!(reserved
        .iter()
        .all(|n| n.attribute("aria-hidden") == Some("true")));
    let controls = reserved.iter().find(|n| class_has(n, "controls")).unwrap();
    let buttons: Vec<_> = (controls.descendants())
        .filter(|n| n.has_tag_name("button"))
        .collect();
    // One per mode, then play; none can be used or focused before the app takes over.
    assert_eq!(buttons.len(), MapMode::ALL.len() + 1);
    assert!(buttons
        .iter()
        .all(|b| b.attribute("disabled").is_some() && b.attribute("tabindex") == Some("-1")));
    assert!(text_of(*controls).contains("截至 最新"));
}
