//! One import job per kind of file (station table, township boundaries) and the one worker
//! conversation both share: what each job is doing, the last report it finished, the file it
//! read (to re-run it with new choices), cancel, and what a crash of the worker does to them.
//! The components in [`super::stations`] and [`super::boundaries`] only read a job's state and
//! call [`ImportJob::start`], [`ImportJob::rerun`] and [`ImportJob::cancel`].
//!
//! Kept as one file because both jobs share one worker conversation (its queue, generations,
//! the boundary file resent to a new worker, and when the worker ends), which each part needs whole.

use std::collections::VecDeque;
use std::rc::Rc;

use atlas_core::data::model::Station;
use atlas_core::date::Day;
use atlas_core::import::session::{BoundariesLoaded, PackedShapes, StationsLoaded};
use atlas_core::import::{
    BoundaryChoices, BoundaryImport, ImportRecipe, Phase, Reply, Request, StationChoices, Step,
    TextEncoding,
};
use atlas_core::lang::Text;
use leptos::prelude::*;

use super::super::importer::{Importer, Incoming};
use coverage_atlas::now_ms;

/// Larger files are refused before reading. The worker holds the bytes and the geometry at once:
/// measured (scripts/bench-import.mjs) at 1.05 GB of worker memory for a 248 MB GeoJSON of every
/// township, about 4× the file, well inside the 4 GB a wasm worker can address.
const MAX_FILE_BYTES: f64 = 250.0 * 1024.0 * 1024.0;

/// A boundary file's joined townships as the worker sent them: codes and counts, and their
/// coordinates in the worker's own buffer (transferred, never copied into the panel).
pub type JoinedShapes = (PackedShapes, js_sys::Float64Array);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Stations,
    Boundaries,
}

impl JobKind {
    /// The prefix of the kind's `data-testid`s (`stations-file`, `boundaries-progress`, …).
    pub fn key(self) -> &'static str {
        match self {
            JobKind::Stations => "stations",
            JobKind::Boundaries => "boundaries",
        }
    }

    /// The request that reads a new file with nothing chosen yet: the worker guesses.
    fn first_request(self, file: String, today: Day, recipe: Option<ImportRecipe>) -> Request {
        match self {
            JobKind::Stations => Request::Stations {
                file,
                today,
                choices: None,
                recipe: recipe.map(Box::new),
                encoding: None,
            },
            JobKind::Boundaries => Request::Boundaries {
                file,
                choices: BoundaryChoices::default(),
            },
        }
    }
}

/// What the bar and the error line of a job show.
#[derive(Clone, Debug, PartialEq)]
pub enum JobState {
    Idle,
    /// Sent to the worker: `step` is the phase it last reported (starting, reading, parsing,
    /// joining, comparing) and how far, `None` until it reports.
    Running {
        file: String,
        step: Option<Step>,
        started_ms: f64,
    },
    /// The report is in [`ImportJob::finished`].
    Done,
    Failed(Text),
    Cancelled,
}

/// What the user picks for a file already read; each pick re-runs the job.
#[derive(Clone, Debug, PartialEq)]
pub enum Choices {
    Stations(StationChoices),
    Boundaries(BoundaryChoices),
}

impl Choices {
    /// The request for a worker that still holds the file, and the one for a worker that has
    /// to read it again (started since, after a cancel or a crash).
    fn requests(self, file: String, today: Day) -> (Request, Request) {
        match self {
            Choices::Stations(choices) => (
                Request::Remap {
                    choices: choices.clone(),
                },
                Request::Stations {
                    file,
                    today,
                    choices: Some(choices),
                    recipe: None,
                    encoding: None,
                },
            ),
            Choices::Boundaries(choices) => (
                Request::Rechoose {
                    choices: choices.clone(),
                },
                Request::Boundaries { file, choices },
            ),
        }
    }
}

/// A job's last report. It is kept apart from [`JobState`] because it stays on screen while
/// the next file runs, after a cancel and beside a failure.
#[derive(Clone, Debug)]
pub struct Finished {
    pub report: Report,
    pub measured: Measured,
}

/// How the job went, for the report's `data-` attributes and the benchmark script.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    pub elapsed_ms: f64,
    /// The worker's memory after the job: its peak so far.
    pub worker_memory_bytes: f64,
    /// The panel's own wasm memory as the reply is handled (its peak so far: it only grows).
    pub panel_memory_bytes: f64,
    /// When each phase was first reported, ms after the job began (`None`: not reported), in
    /// [`STAGES`] order, the reply last: where a job's time goes, for `data-stages-ms`.
    pub stages_ms: [Option<f64>; STAGES.len()],
}

/// The stages a job's time is split into: the worker's phases, then its reply arriving.
pub const STAGES: [&str; 6] = [
    "starting",
    "reading",
    "parsing",
    "joining",
    "comparing",
    "reply",
];

/// A phase's place in [`STAGES`].
fn stage_of(phase: Phase) -> usize {
    match phase {
        Phase::Starting => 0,
        Phase::Reading => 1,
        Phase::Parsing => 2,
        Phase::Joining => 3,
        Phase::Comparing => 4,
    }
}

impl Measured {
    /// `starting 0 reading 412 … reply 1203`: the stages reported, in order.
    pub fn stages_text(&self) -> String {
        (STAGES.iter().zip(self.stages_ms))
            .filter_map(|(name, ms)| ms.map(|ms| format!("{name} {ms:.0}")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether the panel has an import worker: none yet, one running (or waiting for work), or one
/// ended after its work so that its memory is given back (`data-worker` on the panel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerState {
    None,
    Running,
    Ended,
}

impl WorkerState {
    pub fn key(self) -> &'static str {
        match self {
            WorkerState::None => "none",
            WorkerState::Running => "running",
            WorkerState::Ended => "ended",
        }
    }
}

/// What a reply of either kind carries for the page; boundaries keep the choices they were read
/// with, which the report's controls start from.
#[derive(Clone, Debug)]
pub enum Report {
    Stations(Rc<StationsLoaded>),
    Boundaries {
        import: Rc<BoundaryImport>,
        choices: BoundaryChoices,
    },
}

/// One kind's signals.
#[derive(Clone, Copy)]
struct Slot {
    state: RwSignal<JobState>,
    finished: RwSignal<Option<Finished>, LocalStorage>,
    /// The last file taken, with the worker generation that has read it.
    file: StoredValue<Option<(web_sys::File, u32)>, LocalStorage>,
    /// When each stage of the job under way was first reported ([`Measured::stages_ms`]).
    stages: StoredValue<[Option<f64>; STAGES.len()]>,
}

impl Slot {
    fn new() -> Slot {
        Slot {
            state: RwSignal::new(JobState::Idle),
            finished: RwSignal::new_local(None),
            file: StoredValue::new_local(None),
            stages: StoredValue::new([None; STAGES.len()]),
        }
    }
}

/// The worker both jobs share (one download, one registry in memory) and its replies' routing.
#[derive(Clone, Copy)]
struct Conversation {
    importer: StoredValue<Option<Importer>, LocalStorage>,
    /// Which job each outstanding request belongs to; replies come back in this order.
    pending: StoredValue<VecDeque<JobKind>>,
    /// Bumped per worker started: a worker newer than a file has not read it.
    generation: StoredValue<u32>,
    /// The worker's state, shown on the panel (`data-worker`).
    worker: RwSignal<WorkerState>,
    /// True once the running worker has read a boundary file: it then holds the file, its
    /// shapes and the peak memory of reading them, and ends as soon as nothing is queued.
    holds_boundaries: StoredValue<bool>,
    /// Replies still to come for boundary files sent again to a new worker ahead of a station
    /// table ([`Conversation::replay_boundaries`]); the page has those shapes already.
    replays: StoredValue<u32>,
    /// The running worker has said it is ready: a failure before that is its own, not a
    /// replay's.
    ready: StoredValue<bool>,
    stations: Slot,
    boundaries: Slot,
    today: Day,
    on_loaded: Callback<Vec<Station>>,
    on_boundaries: Callback<JoinedShapes>,
}

/// A handle on one kind's job; copied freely into event handlers.
#[derive(Clone, Copy)]
pub struct ImportJob {
    kind: JobKind,
    talk: Conversation,
}

impl ImportJob {
    /// The station job and the boundary job, sharing one worker started on the first file.
    pub fn pair(
        today: Day,
        on_loaded: Callback<Vec<Station>>,
        on_boundaries: Callback<JoinedShapes>,
    ) -> (ImportJob, ImportJob) {
        let talk = Conversation {
            importer: StoredValue::new_local(None),
            pending: StoredValue::new(VecDeque::new()),
            generation: StoredValue::new(0),
            worker: RwSignal::new(WorkerState::None),
            holds_boundaries: StoredValue::new(false),
            replays: StoredValue::new(0),
            ready: StoredValue::new(false),
            stations: Slot::new(),
            boundaries: Slot::new(),
            today,
            on_loaded,
            on_boundaries,
        };
        let job = |kind| ImportJob { kind, talk };
        (job(JobKind::Stations), job(JobKind::Boundaries))
    }

    pub fn kind(self) -> JobKind {
        self.kind
    }

    /// The job's state (tracked).
    pub fn state(self) -> JobState {
        self.talk.slot(self.kind).state.get()
    }

    /// The last report finished (tracked).
    pub fn finished(self) -> Option<Finished> {
        self.talk.slot(self.kind).finished.get()
    }

    /// Whether the worker both jobs share is running or has ended (tracked).
    pub fn worker_state(self) -> WorkerState {
        self.talk.worker.get()
    }

    /// Reads and joins a new file, unless it is too large for the worker to hold.
    pub fn start(self, file: web_sys::File, recipe: Option<ImportRecipe>) {
        let slot = self.talk.slot(self.kind);
        if let Some(refusal) = too_large(&file) {
            slot.state.set(JobState::Failed(refusal));
            return;
        }
        let request = self
            .kind
            .first_request(file.name(), self.talk.today, recipe);
        self.talk.begin(self.kind, file.name());
        self.talk.send(self.kind, request, Some(&file));
        slot.file
            .set_value(Some((file, self.talk.generation.get_value())));
    }

    /// Runs the last file again with new choices: a worker that has read it joins again what
    /// it holds, a newer one is sent the file again.
    pub fn rerun(self, choices: Choices) {
        let slot = self.talk.slot(self.kind);
        let Some((file, seen_by)) = slot.file.get_value() else {
            return;
        };
        let (seen, unseen) = choices.requests(file.name(), self.talk.today);
        self.talk.begin(self.kind, file.name());
        let worker_has_it = seen_by == self.talk.generation.get_value()
            && self.talk.importer.with_value(Option::is_some);
        if worker_has_it {
            self.talk.send(self.kind, seen, None);
        } else {
            self.talk.send(self.kind, unseen, Some(&file));
            slot.file
                .set_value(Some((file, self.talk.generation.get_value())));
        }
    }

    /// Reads the last station file again in the `encoding` the user chose, after a message
    /// that asked (GBK or Big5, or UTF-8 with a row in another encoding).
    pub fn reread_as(self, encoding: TextEncoding) {
        let slot = self.talk.slot(self.kind);
        let Some((file, _)) = slot.file.get_value() else {
            return;
        };
        let request = Request::Stations {
            file: file.name(),
            today: self.talk.today,
            choices: None,
            recipe: None,
            encoding: Some(encoding),
        };
        self.talk.begin(self.kind, file.name());
        self.talk.send(self.kind, request, Some(&file));
        slot.file
            .set_value(Some((file, self.talk.generation.get_value())));
    }

    /// Starts the worker when the user reaches for a file (opens the file dialog, drags a file
    /// in), so it has loaded its registry by the time the file is picked: a visitor who never
    /// imports still never downloads it.
    pub fn warm(self) {
        // A worker that cannot start says so when the file comes.
        let _ = self.talk.ensure_worker();
    }

    /// Stops the worker, and with it every job under way (both kinds share it).
    pub fn cancel(self) {
        self.talk.stop_all(None);
        self.talk.end_worker();
    }
}

impl Conversation {
    fn slot(self, kind: JobKind) -> Slot {
        match kind {
            JobKind::Stations => self.stations,
            JobKind::Boundaries => self.boundaries,
        }
    }

    fn begin(self, kind: JobKind, file: String) {
        self.slot(kind).stages.set_value([None; STAGES.len()]);
        self.slot(kind).state.set(JobState::Running {
            file,
            step: None,
            started_ms: now_ms(),
        });
    }

    /// Starts a worker if there is none; the browser's reason when it cannot.
    fn ensure_worker(self) -> Result<(), String> {
        if self.importer.with_value(Option::is_some) {
            return Ok(());
        }
        let started = Importer::start(move |m| self.on_message(m), move |e| self.on_crash(e))?;
        self.importer.set_value(Some(started));
        self.generation.update_value(|g| *g += 1);
        self.worker.set(WorkerState::Running);
        self.holds_boundaries.set_value(false);
        self.replays.set_value(0);
        self.ready.set_value(false);
        Ok(())
    }

    /// Queues a request, starting the worker if there is none.
    fn send(self, kind: JobKind, request: Request, file: Option<&web_sys::File>) {
        if let Err(message) = self.ensure_worker() {
            self.slot(kind).state.set(JobState::Failed(message.into()));
            return;
        }
        match kind {
            JobKind::Boundaries => self.holds_boundaries.set_value(true),
            JobKind::Stations if !self.holds_boundaries.get_value() => self.replay_boundaries(),
            JobKind::Stations => {}
        }
        self.pending.update_value(|p| p.push_back(kind));
        self.post(&request, file);
    }

    fn post(self, request: &Request, file: Option<&web_sys::File>) {
        self.importer.with_value(|i| {
            if let Some(i) = i {
                i.send(request, file);
            }
        });
    }

    /// Sends a new worker the last boundary file joined, with its choices, ahead of a station
    /// table: the table's directory points are checked against the townships of the last
    /// boundary file (`ImportSession`), as they were before the worker that read it ended.
    fn replay_boundaries(self) {
        let slot = self.boundaries;
        let Some((file, _)) = slot.file.get_value() else {
            return;
        };
        let choices = slot.finished.with_untracked(|f| match f {
            Some(Finished {
                report: Report::Boundaries { choices, .. },
                ..
            }) => Some(choices.clone()),
            _ => None,
        });
        let Some(choices) = choices else {
            return;
        };
        self.holds_boundaries.set_value(true);
        self.replays.update_value(|n| *n += 1);
        let request = Request::Boundaries {
            file: file.name(),
            choices,
        };
        self.post(&request, Some(&file));
        slot.file
            .set_value(Some((file, self.generation.get_value())));
    }

    /// Ends the worker, giving its memory back (wasm memory never shrinks while it lives). A
    /// later choice starts a new one and sends it the file again ([`ImportJob::rerun`]).
    fn end_worker(self) {
        if self.importer.with_value(Option::is_some) {
            self.importer.set_value(None);
            self.worker.set(WorkerState::Ended);
        }
    }

    /// Ends the worker once its queue is empty when it holds a boundary file, after the reply
    /// in hand has been handled (it is dropped after this callback returns, not inside it).
    fn end_when_idle(self) {
        let idle = self.pending.with_value(VecDeque::is_empty) && self.replays.get_value() == 0;
        if !(idle && self.holds_boundaries.get_value()) {
            return;
        }
        let generation = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let still_idle = self.pending.with_value(VecDeque::is_empty);
            if still_idle && self.generation.get_value() == generation {
                self.end_worker();
            }
        });
    }

    fn on_message(self, incoming: Incoming) {
        let memory = incoming.memory_bytes;
        let replayed = matches!(incoming.reply, Reply::Boundaries(_) | Reply::Failed { .. })
            && self.replays.get_value() > 0
            && self.ready.get_value();
        if replayed {
            // A boundary file sent again ahead of a table: the page has its shapes already.
            self.replays.update_value(|n| *n -= 1);
            return;
        }
        match incoming.reply {
            Reply::Ready => self.ready.set_value(true),
            Reply::Progress(step) => {
                let Some(kind) = self.pending.with_value(|p| p.front().copied()) else {
                    return;
                };
                self.stage_reached(kind, stage_of(step.phase));
                self.slot(kind).state.update(|s| {
                    if let JobState::Running { step: at, .. } = s {
                        *at = Some(step);
                    }
                });
            }
            Reply::Stations(loaded) => {
                let measured = self.measure(JobKind::Stations, memory);
                if let Ok(report) = &loaded.outcome {
                    let stations = report.joined.iter().map(|(_, s)| s.clone()).collect();
                    self.on_loaded.run(stations);
                }
                let report = Report::Stations(Rc::new(*loaded));
                self.finish(JobKind::Stations, report, measured);
            }
            Reply::Boundaries(loaded) => self.boundaries_loaded(*loaded, incoming.coords, memory),
            Reply::Failed { message } => self.failed(message),
        }
    }

    fn boundaries_loaded(
        self,
        loaded: BoundariesLoaded,
        coords: Option<js_sys::Float64Array>,
        memory: f64,
    ) {
        let BoundariesLoaded {
            import,
            choices,
            shapes,
        } = loaded;
        let measured = self.measure(JobKind::Boundaries, memory);
        let coords = coords.unwrap_or_else(|| js_sys::Float64Array::new_with_length(0));
        // Only the layout is checked here; the page reads the coordinates.
        match shapes.townships(coords.length() as usize).map(|_| ()) {
            Ok(()) => {
                self.on_boundaries.run((shapes, coords));
                let import = Rc::new(import);
                let report = Report::Boundaries { import, choices };
                self.finish(JobKind::Boundaries, report, measured);
            }
            Err(message) => self.failed(Text::from(format!("{}: {message}", import.file))),
        }
    }

    /// How long `kind`'s job took, taken as its reply arrives, before the page redraws with it.
    fn measure(self, kind: JobKind, memory_bytes: f64) -> Measured {
        self.stage_reached(kind, STAGES.len() - 1);
        Measured {
            elapsed_ms: self.since_start(kind).unwrap_or(0.0),
            worker_memory_bytes: memory_bytes,
            panel_memory_bytes: panel_memory_bytes(),
            stages_ms: self.slot(kind).stages.get_value(),
        }
    }

    /// Ms since `kind`'s job began, while it runs.
    fn since_start(self, kind: JobKind) -> Option<f64> {
        let started = self.slot(kind).state.with_untracked(|s| match s {
            JobState::Running { started_ms, .. } => Some(*started_ms),
            _ => None,
        });
        started.map(|s| now_ms() - s)
    }

    /// Notes when `kind`'s job first reached [`STAGES`]`[stage]`.
    fn stage_reached(self, kind: JobKind, stage: usize) {
        let Some(ms) = self.since_start(kind) else {
            return;
        };
        self.slot(kind).stages.update_value(|stages| {
            stages[stage].get_or_insert(ms);
        });
    }

    /// The request at the head of the queue, `kind`'s, is answered with a report.
    fn finish(self, kind: JobKind, report: Report, measured: Measured) {
        let slot = self.slot(kind);
        slot.finished.set(Some(Finished { report, measured }));
        // Another request of this kind still waits (the user changed a choice meanwhile): its
        // bar stays. A refusal shown since the request went stays too.
        let running = slot
            .state
            .with_untracked(|s| matches!(s, JobState::Running { .. }));
        if !self.pop(kind) && running {
            slot.state.set(JobState::Done);
        }
        self.end_when_idle();
    }

    fn failed(self, message: Text) {
        match self.pending.with_value(|p| p.front().copied()) {
            // A newer request of the same kind still runs and will answer for the file.
            Some(kind) => {
                if !self.pop(kind) {
                    self.slot(kind).state.set(JobState::Failed(message));
                }
                self.end_when_idle();
            }
            // A failure before any request (the worker could not load the registry) ends both.
            None => {
                for kind in [JobKind::Stations, JobKind::Boundaries] {
                    self.slot(kind).state.set(JobState::Failed(message.clone()));
                }
            }
        }
    }

    /// Drops the head of the queue, which is `kind`'s; true when another of `kind` still waits.
    fn pop(self, kind: JobKind) -> bool {
        self.pending.update_value(|p| {
            p.pop_front();
        });
        self.pending.with_value(|p| p.contains(&kind))
    }

    /// Ends every job under way: cancelled, or failed with `message` (the worker crashed).
    fn stop_all(self, message: Option<Text>) {
        let waiting: Vec<JobKind> = self
            .pending
            .try_update_value(|p| p.drain(..).collect())
            .unwrap_or_default();
        for kind in [JobKind::Stations, JobKind::Boundaries] {
            let state = self.slot(kind).state;
            let JobState::Running { file, .. } = state.get_untracked() else {
                continue;
            };
            state.set(match &message {
                Some(m) if waiting.contains(&kind) => {
                    JobState::Failed(m.map(|lang, m| format!("{file}{}{m}", lang.pick("：", ": "))))
                }
                _ => JobState::Cancelled,
            });
        }
    }

    fn on_crash(self, browser_says: String) {
        let m = Text::new(
            format!("导入程序停止运行（{browser_says}）；文件可能超出本浏览器的内存，请按区县拆分后再试"),
            format!("the importer stopped ({browser_says}); the file may be more than this browser can hold: split it by county and try again"),
        );
        self.stop_all(Some(m));
        // The worker is dropped after this callback returns, not inside it.
        let (importer, worker) = (self.importer, self.worker);
        leptos::task::spawn_local(async move {
            importer.set_value(None);
            worker.set(WorkerState::Ended);
        });
    }
}

/// The panel's linear memory in bytes.
fn panel_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

fn too_large(file: &web_sys::File) -> Option<Text> {
    (file.size() > MAX_FILE_BYTES).then(|| {
        let (size, limit) = (file.size() / 1_048_576.0, MAX_FILE_BYTES / 1_048_576.0);
        Text::new(
            format!(
                "{}：{size:.0} MB，超过本页面可处理的 {limit:.0} MB；请按区县拆分文件",
                file.name()
            ),
            format!(
                "{}: {size:.0} MB is more than this page can hold ({limit:.0} MB); split the file by county",
                file.name()
            ),
        )
    })
}
