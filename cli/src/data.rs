//! Where the CLI's data comes from: `--data DIR` (a published folder, whose `manifest.json` is
//! in DIR or DIR/data, or a folder of source files like the repository's `data/`), else the
//! shipped default compiled into the binary, so an installed `atlas` works from any folder.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use atlas_core::data::atlas::{Atlas, DataFiles, DIVISIONS_FILE, FACTS_FILE, OUTLINES_FILE};
use atlas_core::data::directory::{read_directory_file, DirectoryEntry};
use atlas_core::lang::{Lang, Text};
use atlas_core::limits::Limit;
use atlas_core::publish::{
    load_published, read_township_chunk, Depth, Manifest, PartFile, PartKind, PublishedTexts,
    MANIFEST_FILE,
};

/// The shipped default data, compiled in.
const DEFAULT_DIVISIONS: &str = include_str!("../../data/divisions.csv");
const DEFAULT_OUTLINES: &str = include_str!("../../data/outlines.topojson");
const DEFAULT_FACTS: &str = include_str!("../../data/seed-facts.csv");

/// The three source texts an atlas is built from: registry, outlines, facts.
pub struct BaseTexts {
    /// `divisions.csv`.
    pub divisions: String,
    /// `outlines.topojson`.
    pub outlines: String,
    /// `seed-facts.csv` (or a published folder's facts file).
    pub facts: String,
}

/// What `--data` names.
pub enum DataSource {
    /// The default compiled into the binary.
    BuiltIn,
    /// A published folder: its `data/` folder (holding the manifest).
    Published(PathBuf),
    /// A folder of source files (`divisions.csv`, `outlines.topojson`, `seed-facts.csv`).
    Sources(PathBuf),
}

impl DataSource {
    /// `--data DIR` read as what it is; `None` is the built-in default.
    pub fn of(dir: Option<&Path>) -> DataSource {
        let Some(dir) = dir else {
            return DataSource::BuiltIn;
        };
        if dir.join(MANIFEST_FILE).is_file() {
            return DataSource::Published(dir.to_path_buf());
        }
        // A site folder: its data/ is published data, so a missing manifest is named as such.
        if dir.join("data").is_dir() {
            return DataSource::Published(dir.join("data"));
        }
        DataSource::Sources(dir.to_path_buf())
    }

    /// How `validate` names it, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (DataSource::BuiltIn, Lang::Zh) => "内置默认数据".into(),
            (DataSource::BuiltIn, Lang::En) => "built-in default data".into(),
            (DataSource::Published(dir), Lang::Zh) => format!("{}（已发布）", dir.display()),
            (DataSource::Published(dir), Lang::En) => format!("{} (published)", dir.display()),
            (DataSource::Sources(dir), _) => dir.display().to_string(),
        }
    }

    /// The atlas, and for a published folder the messages of optional parts it could not use
    /// (the rest of the atlas still loads).
    pub fn load(&self, lang: Lang) -> Result<(Atlas, Vec<String>)> {
        match self {
            DataSource::Published(dir) => load_published_dir(dir, lang),
            _ => {
                let texts = self.base_texts(lang)?;
                let atlas = Atlas::load(&DataFiles {
                    divisions: (DIVISIONS_FILE, &texts.divisions),
                    outlines: (OUTLINES_FILE, &texts.outlines),
                    facts: (FACTS_FILE, &texts.facts),
                    overview: false,
                })
                .map_err(|e| anyhow!("{}", e.text(lang)))?;
                Ok((atlas, Vec::new()))
            }
        }
    }

    /// The registry, outlines and facts texts, checked against the manifest for a published
    /// folder: what `atlas publish` starts from.
    pub fn base_texts(&self, lang: Lang) -> Result<BaseTexts> {
        match self {
            DataSource::BuiltIn => Ok(BaseTexts {
                divisions: DEFAULT_DIVISIONS.into(),
                outlines: DEFAULT_OUTLINES.into(),
                facts: DEFAULT_FACTS.into(),
            }),
            DataSource::Sources(dir) => {
                let read = |name: &str| {
                    let path = dir.join(name);
                    std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))
                };
                Ok(BaseTexts {
                    divisions: read(DIVISIONS_FILE)?,
                    outlines: read(OUTLINES_FILE)?,
                    facts: read(FACTS_FILE)?,
                })
            }
            DataSource::Published(dir) => {
                let (_, mut texts, _) = read_published_dir(dir, lang)?;
                let mut take = |kind| {
                    texts
                        .remove(&kind)
                        .ok_or_else(|| anyhow!("{kind:?} missing"))
                };
                Ok(BaseTexts {
                    divisions: take(PartKind::Divisions)?,
                    outlines: take(PartKind::Outlines)?,
                    facts: take(PartKind::Facts)?,
                })
            }
        }
    }
}

/// Every province's station directory of the published folder `dir`, each file checked
/// against its manifest entry and read as the page reads it; a file that cannot be used stops
/// the command with its message (a figure or download would silently lack its stations).
pub fn published_directory(dir: &Path, lang: Lang) -> Result<Vec<DirectoryEntry>> {
    let manifest = read_manifest(dir, lang)?;
    let mut entries = Vec::new();
    for (province, file) in &manifest.directory {
        let read = read_part(dir, file).and_then(|bytes| {
            let text = String::from_utf8_lossy(file.check(&bytes)?).into_owned();
            read_directory_file(&file.path, &text, province)
        });
        entries.extend(read.map_err(|e| anyhow!("{}", e.get(lang)))?);
    }
    Ok(entries)
}

/// The manifest of the published folder `dir`.
fn read_manifest(dir: &Path, lang: Lang) -> Result<Manifest> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let bytes = read_regular(&manifest_path, Limit::ManifestBytes.value()).map_err(|e| {
        anyhow!(
            "{}: {} ({e})",
            manifest_path.display(),
            lang.pick(
                "没有已发布数据的清单；请用 atlas publish 重新发布",
                "no published-data manifest; publish the folder again with atlas publish"
            )
        )
    })?;
    let text = String::from_utf8_lossy(&bytes);
    Manifest::parse(&manifest_path.display().to_string(), &text)
        .map_err(|e| anyhow!("{}", e.get(lang)))
}

/// A published folder's manifest and each listed file's text, checked against the manifest.
/// A required part that is missing or does not match stops with its message; an optional one
/// is left out (its message comes from [`load_published`], which finds it missing).
fn read_published_dir(
    dir: &Path,
    lang: Lang,
) -> Result<(Manifest, BTreeMap<PartKind, String>, Vec<String>)> {
    let manifest = read_manifest(dir, lang)?;
    let mut texts = BTreeMap::new();
    let mut problems = Vec::new();
    for (kind, file) in &manifest.files {
        let read = read_part(dir, file).and_then(|bytes| {
            let checked = file.check(&bytes)?;
            Ok(String::from_utf8_lossy(checked).into_owned())
        });
        match read {
            Ok(text) => {
                texts.insert(*kind, text);
            }
            Err(message) if kind.required() => return Err(anyhow!("{}", message.get(lang))),
            Err(message) => problems.push(message.get(lang).to_string()),
        }
    }
    Ok((manifest, texts, problems))
}

fn load_published_dir(dir: &Path, lang: Lang) -> Result<(Atlas, Vec<String>)> {
    let (manifest, texts, mut problems) = read_published_dir(dir, lang)?;
    let published = PublishedTexts::of(&manifest, &texts);
    let (mut atlas, more) =
        load_published(&published, Depth::Full).map_err(|e| anyhow!("{}", e.get(lang)))?;
    // The CLI draws any region, so it reads every township chunk: each province's (official
    // boundaries and the cells made at publish time) and each prefecture's detail, and a view
    // takes the level the page's view of it takes, so its figures equal the page's.
    for (region, file) in &manifest.townships {
        let chunk = read_part(dir, file).and_then(|bytes| {
            let text = String::from_utf8_lossy(file.check(&bytes)?).into_owned();
            Ok(read_township_chunk(&file.path, &text)?)
        });
        let message = match chunk {
            Ok(chunk) => chunk.add_to(&mut atlas, region, &file.path).map(Text::from),
            Err(message) => Some(message),
        };
        problems.extend(message.map(|m| m.get(lang).to_string()));
    }
    problems.extend(more.iter().map(|m| m.get(lang).to_string()));
    Ok((atlas, problems))
}

/// The file of the published folder `dir` a manifest entry names (a plain name inside it:
/// [`Manifest::parse`] refuses any other), as [`read_regular`] reads it, no further than one byte
/// past its declared size, so [`PartFile::check`] finds a longer file too long without all of it.
fn read_part(dir: &Path, file: &PartFile) -> Result<Vec<u8>, Text> {
    let bytes = read_regular(&dir.join(&file.path), file.bytes).map_err(|e| {
        Text::new(
            format!("{}：无法读取（{e}）", file.path),
            format!("{}: cannot be read ({e})", file.path),
        )
    })?;
    if bytes.len() as u64 > file.bytes {
        let (path, declared) = (&file.path, file.bytes);
        return Err(Text::new(
            format!("{path}：比清单声明的 {declared} 字节更长，读到此处即停止（文件已被改动）"),
            format!("{path}: longer than the {declared} bytes the manifest declares; reading stopped there (the file was changed)"),
        ));
    }
    Ok(bytes)
}

/// The bytes of `path` up to `most_bytes` and one more, when it is a regular file: a device
/// (`/dev/zero`), a FIFO (which would block until a writer came) or a folder is refused before
/// it is opened, and checked again on the opened file.
fn read_regular(path: &Path, most_bytes: u64) -> std::io::Result<Vec<u8>> {
    let not_regular = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a device, pipe or folder)",
        )
    };
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::with_capacity(metadata.len().min(most_bytes + 1) as usize);
    file.take(most_bytes + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}
