//! Every character the briefing pack can show for a publication, for the font the page's pack
//! is written in (`atlas publish` cuts Noto Sans CJK SC down to them): the characters of the
//! publication's own texts (the registry, whose names are every region's; the facts, whose
//! sources are cited; the publisher; the notes) and of the pack's fixed words in both
//! languages, which are taken from the source files that write them, so a word added to the
//! pack is covered without a list to keep in step.

use std::collections::BTreeSet;

/// The source files whose string literals are the words the pack and the figure on its first
/// page print (headings, tile labels, verdicts, board columns, legend, chart axes, notes).
const PACK_SOURCES: &[&str] = &[
    include_str!("../brief.rs"),
    include_str!("board.rs"),
    include_str!("../figure.rs"),
    include_str!("../figure/map.rs"),
    include_str!("../figure/legend.rs"),
    include_str!("../chart.rs"),
    include_str!("../chart/axes.rs"),
    include_str!("../chart/lines.rs"),
    include_str!("../chart/caption.rs"),
    include_str!("../chart/time.rs"),
    include_str!("../svg.rs"),
    include_str!("../../style/headline.rs"),
    include_str!("../../style/classify.rs"),
    include_str!("../../style/legend.rs"),
    include_str!("../../style/summary.rs"),
    include_str!("../../style/spoken.rs"),
    include_str!("../../measure/progress/format.rs"),
    include_str!("../../measure/progress/verdict.rs"),
    include_str!("../../measure/progress/assessment.rs"),
    include_str!("../../measure/progress/standing.rs"),
    include_str!("../../data/atlas.rs"),
    include_str!("../../data/publisher.rs"),
    include_str!("../../data/model.rs"),
    include_str!("../../date.rs"),
];

/// Punctuation a number or a sentence may take that the sources above may not spell out.
const PUNCTUATION: &str =
    "·•…—–‒−×÷±≈≤≥→←↑↓‰°℃№§、。，．：；！？（）《》〈〉「」『』【】〔〕“”‘’～％＋－／＝　";

/// The characters of `texts` (a publication's own files), of the pack's fixed words, printable
/// ASCII and [`PUNCTUATION`]; no control characters.
pub fn pack_characters(texts: &[&str]) -> BTreeSet<char> {
    let ascii = (' '..='~').chain(['\u{a0}']);
    texts
        .iter()
        .chain(PACK_SOURCES)
        .flat_map(|t| t.chars())
        .chain(PUNCTUATION.chars())
        .chain(ascii)
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_publication_texts_and_the_pack_words() {
        let set = pack_characters(&["黔西南布依族苗族自治州\n"]);
        for c in "黔西南布依族苗族自治州研判逾期0123456789%·…ABCz".chars() {
            assert!(set.contains(&c), "{c}");
        }
        assert!(!set.contains(&'\n'));
        // A character in neither: a rare one no source or test text uses.
        assert!(!set.contains(&'龘'));
    }
}
