//! Write: the output to disk, all or nothing, touching only what is brief's and what changed.
//!
//! Takes: files as render produces them (a [`Writer`] is an output [`Sink`]) and the output
//! folder. Gives: the folder holding exactly the new site, beside any file brief did not write.
//!
//! - **Ownership.** `OUT/.brief/record` lists the files brief wrote there. Only those are
//!   ever replaced or removed; any other file is kept and named in [`WriteStats::kept`]. A
//!   first build into a folder that holds files and no record is refused unless forced, and
//!   even then keeps them. A file brief did not write never gives way to one of the site's.
//! - **Only what changed.** A file whose bytes are already in place is not written again, so
//!   a rebuild of an unchanged site writes nothing. New and changed files are staged in
//!   `OUT/.brief/staging/` (inside the output folder, so on its file system even when it is a
//!   mount point).
//! - **All or nothing.** [`Writer::commit`] writes a journal of its steps before the first
//!   one: move each replaced or stale file into `OUT/.brief/backup/`, clear the folders and
//!   links in the way, move each staged file into place. The new record, written last by one
//!   rename, is the point of no return. If a step fails, the steps done are undone in reverse
//!   and the folder is as it was; if the process dies, the next [`Writer::open`] finds the
//!   journal and finishes (the record is new) or undoes (it is not) the commit.
//! - **Links.** A symbolic link inside the output folder is never written through: one in the
//!   way of a file of the site is moved aside like a stale file (and put back by an undo).
//!
//! A new output folder is built beside its place and renamed into it whole.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::fs::{self, FsError};
use crate::output::{Body, Sink};

/// The folder inside the output folder where brief keeps its record and does its work.
pub const STATE_DIR: &str = ".brief";
const RECORD: &str = "record";
const JOURNAL: &str = "journal";
const STAGING: &str = "staging";
const BACKUP: &str = "backup";
const LOCK: &str = "lock";

/// How many files an error or note names before it says "and N more".
const NAMED: usize = 5;

/// What a commit did to the output folder: what the site has, what changed, and what was left
/// alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files the site has.
    pub(crate) files: usize,
    pub(crate) bytes: u64,
    /// Files written or replaced (the rest were already there, unchanged).
    pub written: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
    /// Files in the output folder that brief did not write and left alone, by site path.
    pub(crate) kept: Vec<String>,
    /// What was done about a commit that an earlier build left unfinished, if anything.
    pub(crate) recovered: Option<String>,
}

/// What the build was told about the output folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Build into a folder that holds files and no record of brief's (`--force`): they are
    /// kept, never removed.
    pub(crate) force: bool,
}

/// Why the output could not be written. The output folder is as it was in every case but
/// [`WriteError::Stuck`].
#[derive(Debug)]
pub enum WriteError {
    /// A file or folder could not be read, written, moved or removed; it names the path.
    Fs(FsError),
    /// A first build into a folder that holds files brief did not write.
    NotEmpty {
        /// The output folder.
        dir: PathBuf,
        /// Those files, by path inside the folder (the message names the first few).
        files: Vec<String>,
    },
    /// Files brief did not write stand where the site's files must go.
    InTheWay {
        /// The output folder.
        dir: PathBuf,
        /// The files in the way, by path inside the folder.
        files: Vec<String>,
    },
    /// Another build holds the output folder.
    Busy {
        /// The output folder.
        dir: PathBuf,
    },
    /// A commit failed and so did undoing it: the journal stays for the next build.
    Stuck {
        /// The output folder, whose journal the next build finishes or undoes.
        dir: PathBuf,
        /// What failed first, and what failed while undoing it.
        cause: String,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Fs(e) => write!(f, "{e}"),
            WriteError::NotEmpty { dir, files } => write!(
                f,
                "`{}` already holds {} that brief did not write ({}), and no record of an earlier build",
                dir.display(),
                crate::diagnostics::plural(files.len(), "file"),
                named(files)
            ),
            WriteError::InTheWay { dir, files } => write!(
                f,
                "{} in `{}` that brief did not write {} where the site's files go: {}",
                crate::diagnostics::plural(files.len(), "file"),
                dir.display(),
                if files.len() == 1 { "stands" } else { "stand" },
                named(files)
            ),
            WriteError::Busy { dir } => write!(f, "another brief build is writing into `{}`", dir.display()),
            WriteError::Stuck { dir, cause } => write!(
                f,
                "{cause}; the commit could not be undone yet: the next build into `{}` puts the previous site back",
                dir.display()
            ),
        }
    }
}

impl WriteError {
    /// How to get past the error.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            WriteError::Fs(_) => "check that the output folder is writable; it was left as it was",
            WriteError::NotEmpty { .. } => {
                "choose a new or empty folder with `--output`, or pass `--force` to build into it anyway: \
                 brief keeps every file it did not write"
            }
            WriteError::InTheWay { .. } => {
                "move or delete them: brief never replaces a file it did not write (put files you want \
                 published in content/static/)"
            }
            WriteError::Busy { .. } => "wait for the other build to finish",
            WriteError::Stuck { .. } => "fix the cause (permissions, disk space), then build again",
        }
    }
}

impl From<FsError> for WriteError {
    fn from(e: FsError) -> WriteError {
        WriteError::Fs(e)
    }
}

impl std::error::Error for WriteError {}

fn named(files: &[String]) -> String {
    let mut shown = files.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
    if files.len() > NAMED {
        shown.push_str(&format!(" and {} more", files.len() - NAMED));
    }
    shown
}

/// Writes a site into an output folder; see the module header.
#[derive(Debug)]
pub struct Writer {
    out_dir: PathBuf,
    options: WriteOptions,
    /// Where new and changed files wait for the commit.
    staging: PathBuf,
    /// The output folder does not exist yet: the staging folder, beside it, becomes it whole.
    fresh: bool,
    /// The state folder was made by this build (removed again if the build fails).
    made_state_dir: bool,
    /// Held for the writer's life, so that two builds never commit into one folder at once.
    _lock: Option<std::fs::File>,
    /// The files the last build wrote, from its record; `None` when there is no record.
    record: Option<Record>,
    /// The files already in the output folder. Read on a thread of its own while the site
    /// builds, and waited for at the first file put.
    existing: Option<Existing>,
    /// Every file put: its site path, its size, and whether it was staged (new or changed).
    produced: Mutex<Vec<Produced>>,
    recovered: Option<String>,
    /// For tests of the undo: fail (or, with `true`, end the process) before this step.
    fault_at: Option<(usize, bool)>,
}

impl Writer {
    /// Prepares to write into `out_dir`: finishes or undoes a commit an earlier build left
    /// unfinished, reads the record and what the folder holds, and makes an empty staging
    /// folder.
    pub fn open(out_dir: &Path, options: WriteOptions) -> Result<Writer, WriteError> {
        let fresh = !out_dir.exists() && std::fs::symlink_metadata(out_dir).is_err();
        if fresh {
            let parent = match out_dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            fs::create_dir_all(&parent)?;
            let name = out_dir.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
            let staging = parent.join(format!(".{name}.brief-new"));
            if staging.exists() {
                fs::remove_dir_all(&staging)?;
            }
            fs::create_dir_all(&staging)?;
            return Ok(Writer {
                out_dir: out_dir.to_path_buf(),
                options,
                staging,
                fresh: true,
                made_state_dir: false,
                _lock: None,
                record: None,
                existing: None,
                produced: Mutex::new(Vec::new()),
                recovered: None,
                fault_at: None,
            });
        }
        let state = out_dir.join(STATE_DIR);
        match std::fs::symlink_metadata(&state) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                let cause = std::io::Error::other(format!(
                    "it is {}, where brief keeps its record of the build: move it away",
                    fs::describe(m.file_type())
                ));
                return Err(WriteError::Fs(FsError { action: "use", path: state, cause }));
            }
            Err(_) => {}
        }
        let made_state_dir = !state.is_dir();
        fs::create_dir_all(&state)?;
        let lock = lock(out_dir, &state.join(LOCK))?;
        let recovered = recover(out_dir)?;
        let staging = state.join(STAGING);
        for leftover in [&staging, &state.join(BACKUP)] {
            if std::fs::symlink_metadata(leftover).is_ok() {
                fs::remove_dir_all(leftover)?;
            }
        }
        fs::create_dir_all(&staging)?;
        let record = Record::read(&state.join(RECORD))?;
        Ok(Writer {
            out_dir: out_dir.to_path_buf(),
            options,
            staging,
            fresh: false,
            made_state_dir,
            _lock: Some(lock),
            record,
            existing: Some(Existing::scan(out_dir)),
            produced: Mutex::new(Vec::new()),
            recovered,
            fault_at: fault_from_environment(),
        })
    }

    /// Whether the output folder already holds exactly `bytes` at `path`, as a plain file.
    fn unchanged(&self, path: &str, bytes: &[u8]) -> Result<bool, FsError> {
        let Some(existing) = &self.existing else { return Ok(false) };
        match existing.files()?.get(path) {
            Some(Entry::File(size)) if *size == bytes.len() as u64 => {}
            _ => return Ok(false),
        }
        Ok(fs::read_capped(&self.out_dir.join(path), bytes.len() as u64).is_ok_and(|old| old == bytes))
    }

    /// Puts the new site in place (see the module header).
    pub fn commit(self) -> Result<WriteStats, WriteError> {
        let produced = std::mem::take(&mut *self.produced.lock().unwrap_or_else(|e| e.into_inner()));
        let files = produced.len();
        let bytes = produced.iter().map(|p| p.size).sum();
        let record = Record::new(produced.iter().map(|p| p.path.clone()));
        if self.fresh {
            let state = self.staging.join(STATE_DIR);
            fs::create_dir_all(&state)?;
            record.write(&state.join(RECORD))?;
            fs::write(&state.join(LOCK), b"")?;
            if let Err(e) = fs::rename(&self.staging, &self.out_dir) {
                let _ = std::fs::remove_dir_all(&self.staging);
                return Err(e.into());
            }
            return Ok(WriteStats { files, bytes, written: files, ..WriteStats::default() });
        }
        let existing = match &self.existing {
            Some(existing) => existing.files()?,
            None => &HashMap::new(),
        };
        let plan = match Plan::make(&self, &produced, existing) {
            Ok(plan) => plan,
            Err(e) => {
                self.abandon();
                return Err(e);
            }
        };
        let stats = WriteStats {
            files,
            bytes,
            written: plan.placed,
            removed: plan.removed,
            kept: plan.kept.clone(),
            recovered: self.recovered.clone(),
        };
        let state = self.out_dir.join(STATE_DIR);
        let record_changed = self.record.as_ref() != Some(&record);
        if plan.steps.is_empty() {
            if record_changed {
                record.write(&state.join(RECORD))?;
            }
            let _ = std::fs::remove_dir_all(&self.staging);
            return Ok(stats);
        }
        let journal = Journal { build: record.build.clone(), steps: plan.steps };
        let mut ops = Ops::new(&self.out_dir, self.fault_at);
        journal.write(&state.join(JOURNAL))?;
        let mut done = 0;
        let mut carry_out = || -> Result<(), FsError> {
            for step in &journal.steps {
                ops.fault_point(done)?;
                ops.apply(step)?;
                done += 1;
            }
            ops.fault_point(done)?;
            // The point of no return: once the new record is in place, the next build
            // finishes this commit rather than undoing it.
            record.write(&state.join(RECORD))
        };
        if let Err(cause) = carry_out() {
            return match ops.undo(&journal.steps[..done]) {
                Ok(()) => {
                    let _ = std::fs::remove_file(state.join(JOURNAL));
                    let _ = std::fs::remove_dir_all(&self.staging);
                    let _ = std::fs::remove_dir_all(state.join(BACKUP));
                    Err(WriteError::Fs(cause))
                }
                Err(undo) => Err(WriteError::Stuck {
                    dir: self.out_dir.clone(),
                    cause: format!("{cause}, and undoing failed too: {undo}"),
                }),
            };
        }
        finish(&self.out_dir, &journal);
        Ok(stats)
    }

    /// Drops everything staged; the output folder stays as it was.
    pub(crate) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
        if self.made_state_dir {
            let _ = std::fs::remove_dir_all(self.out_dir.join(STATE_DIR));
        }
    }
}

impl Sink for Writer {
    fn put(&self, path: &str, body: Body) -> Result<(), FsError> {
        if !is_site_path(path) {
            let cause = std::io::Error::other("not a path inside the site");
            return Err(FsError { action: "write", path: PathBuf::from(path), cause });
        }
        let bytes = match &body {
            Body::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Body::BuiltIn(b) => std::borrow::Cow::Borrowed(*b),
            Body::File(origin) => std::borrow::Cow::Owned(fs::read_capped(origin, fs::STATIC_CAP)?),
        };
        let staged = !self.unchanged(path, &bytes)?;
        if staged {
            let target = self.staging.join(path);
            if let Some(folder) = target.parent() {
                fs::create_dir_all(folder)?;
            }
            fs::write(&target, &bytes)?;
        }
        let produced = Produced { path: path.to_string(), size: bytes.len() as u64, staged };
        self.produced.lock().unwrap_or_else(|e| e.into_inner()).push(produced);
        Ok(())
    }
}

/// A relative path of plain names, none of them brief's own state folder at the top.
fn is_site_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let first = parts.next().unwrap_or_default();
    first != STATE_DIR
        && std::iter::once(first).chain(parts).all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains('\0'))
}

/// Takes the output folder's lock, or says who holds it.
fn lock(out_dir: &Path, path: &Path) -> Result<std::fs::File, WriteError> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|cause| FsError { action: "create", path: path.to_path_buf(), cause })?;
    match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(file),
        Err(rustix::io::Errno::WOULDBLOCK) => Err(WriteError::Busy { dir: out_dir.to_path_buf() }),
        Err(errno) => Err(WriteError::Fs(FsError { action: "lock", path: path.to_path_buf(), cause: errno.into() })),
    }
}

#[derive(Debug)]
struct Produced {
    path: String,
    size: u64,
    staged: bool,
}

/// The record of a build: the files brief wrote. Published with the site if the host
/// publishes hidden folders, it tells no more than the site's own file names.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    version: u32,
    /// Tells this build's record from the last one's, for the journal.
    build: String,
    files: BTreeSet<String>,
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.files == other.files
    }
}

impl Record {
    fn new(files: impl Iterator<Item = String>) -> Record {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Record { version: 1, build: format!("{nanos:x}-{:x}", fastrand::u64(..)), files: files.collect() }
    }

    fn read(path: &Path) -> Result<Option<Record>, FsError> {
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(None);
        }
        let bytes = fs::read_capped(path, 256 << 20)?;
        let damaged = |why: String| FsError {
            action: "read",
            path: path.to_path_buf(),
            cause: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("brief's record of the last build is damaged ({why}); delete it and build with --force"),
            ),
        };
        let record: Record = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        // The record decides what may be removed: it may name nothing outside the folder.
        match record.files.iter().find(|p| !is_site_path(p)) {
            Some(bad) => Err(damaged(format!("it names `{bad}`"))),
            None => Ok(Some(record)),
        }
    }

    /// Replaces the record in one rename.
    fn write(&self, path: &Path) -> Result<(), FsError> {
        let bytes = serde_json::to_vec(self).map_err(|e| FsError {
            action: "write",
            path: path.to_path_buf(),
            cause: std::io::Error::other(e),
        })?;
        write_durably(path, &bytes)
    }
}

/// Writes `bytes` to a temporary file, flushes it to the disk, and renames it to `path`.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    let temporary = path.with_extension("new");
    let result = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    result.map_err(|cause| FsError { action: "write", path: temporary.clone(), cause })?;
    fs::rename(&temporary, path)
}

/// One step of a commit. Each is a single rename or folder operation, so at any moment each
/// step is either done or not, and [`Ops::undo`] can tell which from the files alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", content = "path", rename_all = "snake_case")]
enum Step {
    /// Move the file (or link) at the path into the backup folder.
    Backup(String),
    /// Remove the empty folder at the path (a file takes its place).
    RemoveFolder(String),
    /// Make the folder at the path.
    MakeFolder(String),
    /// Move the staged file into place.
    Place(String),
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The record a finished commit leaves.
    build: String,
    steps: Vec<Step>,
}

impl Journal {
    fn write(&self, path: &Path) -> Result<(), FsError> {
        let bytes = serde_json::to_vec(self).map_err(|e| FsError {
            action: "write",
            path: path.to_path_buf(),
            cause: std::io::Error::other(e),
        })?;
        write_durably(path, &bytes)
    }

    fn read(path: &Path) -> Result<Journal, FsError> {
        let bytes = fs::read_capped(path, 1 << 30)?;
        let invalid = |why: String| FsError {
            action: "read",
            path: path.to_path_buf(),
            cause: std::io::Error::new(std::io::ErrorKind::InvalidData, why),
        };
        let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        let path_of = |step: &Step| match step {
            Step::Backup(p) | Step::RemoveFolder(p) | Step::MakeFolder(p) | Step::Place(p) => p.clone(),
        };
        match journal.steps.iter().map(path_of).find(|p| !is_site_path(p)) {
            Some(bad) => Err(invalid(format!("it names `{bad}`, outside the output folder"))),
            None => Ok(journal),
        }
    }
}

/// Finishes or undoes a commit that an earlier build left unfinished; says which.
fn recover(out_dir: &Path) -> Result<Option<String>, WriteError> {
    let state = out_dir.join(STATE_DIR);
    let journal_path = state.join(JOURNAL);
    if std::fs::symlink_metadata(&journal_path).is_err() {
        return Ok(None);
    }
    let journal = match Journal::read(&journal_path) {
        Ok(journal) => journal,
        // The journal is written whole by one rename before the first step, so it is never
        // cut short; one that does not read (edited by hand) is not followed.
        Err(e) => {
            fs::remove_file(&journal_path)?;
            return Ok(Some(format!("removed a damaged journal of an earlier commit without following it: {e}")));
        }
    };
    let record = Record::read(&state.join(RECORD)).ok().flatten();
    if record.is_some_and(|r| r.build == journal.build) {
        finish(out_dir, &journal);
        return Ok(Some("finished a commit that an earlier build left halfway".into()));
    }
    Ops::new(out_dir, None)
        .undo(&journal.steps)
        .map_err(|undo| WriteError::Stuck { dir: out_dir.to_path_buf(), cause: format!("{undo}") })?;
    fs::remove_file(&journal_path)?;
    Ok(Some("undid a commit that an earlier build left halfway: the previous site is back".into()))
}

/// After the record is written: drops the journal, the backups and the staging folder, and
/// the folders that stale files left empty.
fn finish(out_dir: &Path, journal: &Journal) {
    let state = out_dir.join(STATE_DIR);
    let _ = std::fs::remove_file(state.join(JOURNAL));
    let _ = std::fs::remove_dir_all(state.join(BACKUP));
    let _ = std::fs::remove_dir_all(state.join(STAGING));
    let emptied = journal.steps.iter().filter_map(|step| match step {
        Step::Backup(path) => Path::new(path).parent().map(|p| out_dir.join(p)),
        _ => None,
    });
    remove_empty_folders(out_dir, emptied.collect());
}

/// The steps of a commit and what they amount to.
struct Plan {
    steps: Vec<Step>,
    placed: usize,
    removed: usize,
    kept: Vec<String>,
}

/// What the output folder holds at a site path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    File(u64),
    /// A symbolic link, a named pipe, a socket or a device.
    Other,
}

impl Plan {
    fn make(writer: &Writer, produced: &[Produced], existing: &HashMap<String, Entry>) -> Result<Plan, WriteError> {
        let out = &writer.out_dir;
        let recorded = |path: &str| writer.record.as_ref().is_some_and(|r| r.files.contains(path));
        let produced_paths: HashSet<&str> = produced.iter().map(|p| p.path.as_str()).collect();
        let unchanged: HashSet<&str> = produced.iter().filter(|p| !p.staged).map(|p| p.path.as_str()).collect();
        // brief's files: those its record names, and those that already hold exactly what the
        // site has there.
        let owned = |path: &str| recorded(path) || unchanged.contains(path);
        let is_link = |path: &str| std::fs::symlink_metadata(out.join(path)).is_ok_and(|m| m.file_type().is_symlink());

        let mut foreign: Vec<String> =
            existing.keys().filter(|p| !owned(p) && !produced_paths.contains(p.as_str())).cloned().collect();
        foreign.sort();
        let mut in_the_way: Vec<String> = Vec::new();
        let mut steps = Vec::new();
        let mut removed = 0;
        // Stale files of brief's, and brief's files that are about to be replaced.
        let mut backups: Vec<String> = Vec::new();
        for (path, entry) in existing {
            let stale = owned(path) && !produced_paths.contains(path.as_str());
            let replaced = produced_paths.contains(path.as_str()) && !unchanged.contains(path.as_str());
            if stale {
                backups.push(path.clone());
                removed += 1;
            } else if replaced {
                if owned(path) || (*entry == Entry::Other && is_link(path)) {
                    backups.push(path.clone());
                } else {
                    in_the_way.push(path.clone());
                }
            }
        }
        // What stands where a staged file's folders must go: a file of brief's is already
        // being moved aside; a link is moved aside; anything else is in the way.
        let staged: Vec<&str> = produced.iter().filter(|p| p.staged).map(|p| p.path.as_str()).collect();
        let backed_up: HashSet<String> = backups.iter().cloned().collect();
        let mut seen_folders: HashMap<String, FolderState> = HashMap::new();
        let mut make_folders: BTreeSet<String> = BTreeSet::new();
        let mut remove_folders: Vec<String> = Vec::new();
        for path in &staged {
            let mut prefix = String::new();
            let parts: Vec<&str> = path.split('/').collect();
            // Below a folder that is missing or about to be replaced, everything is missing
            // (and must not be looked up: the old path may run through a link).
            let mut below_missing = false;
            for part in &parts[..parts.len() - 1] {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                let state = *seen_folders.entry(prefix.clone()).or_insert_with(|| {
                    if below_missing { FolderState::Missing } else { FolderState::of(&out.join(&prefix)) }
                });
                below_missing |= state != FolderState::Folder;
                match state {
                    FolderState::Folder => {}
                    FolderState::Missing => {
                        make_folders.insert(prefix.clone());
                    }
                    FolderState::Link | FolderState::NotAFolder => {
                        if backed_up.contains(&prefix) {
                            // brief's own file, or a link being replaced: moved aside first.
                        } else if state == FolderState::Link {
                            backups.push(prefix.clone());
                        } else {
                            in_the_way.push(prefix.clone());
                        }
                        seen_folders.insert(prefix.clone(), FolderState::Missing);
                        make_folders.insert(prefix.clone());
                    }
                }
            }
            // A folder where the file goes: it must hold only files of brief's that go.
            let target = out.join(path);
            if !below_missing && std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                let inside = format!("{path}/");
                let blocking: Vec<String> =
                    existing.keys().filter(|p| p.starts_with(&inside) && !backups.contains(p)).cloned().collect();
                if blocking.is_empty() {
                    remove_folders.push(path.to_string());
                } else {
                    in_the_way.extend(blocking);
                }
            }
        }
        if !in_the_way.is_empty() {
            in_the_way.sort();
            in_the_way.dedup();
            return Err(WriteError::InTheWay { dir: out.clone(), files: in_the_way });
        }
        if writer.record.is_none() && !foreign.is_empty() && !writer.options.force {
            return Err(WriteError::NotEmpty { dir: out.clone(), files: foreign });
        }
        // Folders the backups empty, deepest first, then every folder below a removed one.
        remove_folders.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
        let mut all_removed: Vec<String> = Vec::new();
        for folder in &remove_folders {
            let inner = collect_folders(&out.join(folder), folder);
            all_removed.extend(inner);
            all_removed.push(folder.clone());
        }
        all_removed.dedup();
        backups.sort();
        steps.extend(backups.into_iter().map(Step::Backup));
        steps.extend(all_removed.into_iter().map(Step::RemoveFolder));
        // Shallowest first, so each folder's parent exists when it is made.
        let mut make_folders: Vec<String> = make_folders.into_iter().collect();
        make_folders.sort_by_key(|p| p.matches('/').count());
        steps.extend(make_folders.into_iter().map(Step::MakeFolder));
        let mut staged: Vec<&str> = staged;
        staged.sort();
        steps.extend(staged.iter().map(|p| Step::Place(p.to_string())));
        Ok(Plan { steps, placed: staged.len(), removed, kept: foreign })
    }
}

/// Every folder under `dir` (named `name` in the site), deepest first.
fn collect_folders(dir: &Path, name: &str) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(|p| format!("{name}/{}", p.to_string_lossy())))
        .collect();
    found.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FolderState {
    Folder,
    Missing,
    Link,
    NotAFolder,
}

impl FolderState {
    fn of(path: &Path) -> FolderState {
        match std::fs::symlink_metadata(path) {
            Err(_) => FolderState::Missing,
            Ok(m) if m.file_type().is_symlink() => FolderState::Link,
            Ok(m) if m.is_dir() => FolderState::Folder,
            Ok(_) => FolderState::NotAFolder,
        }
    }
}

/// Carries out and undoes the steps of a commit in one output folder.
struct Ops {
    out: PathBuf,
    staging: PathBuf,
    backup: PathBuf,
    fault_at: Option<(usize, bool)>,
}

impl Ops {
    fn new(out: &Path, fault_at: Option<(usize, bool)>) -> Ops {
        let state = out.join(STATE_DIR);
        Ops { out: out.to_path_buf(), staging: state.join(STAGING), backup: state.join(BACKUP), fault_at }
    }

    fn apply(&mut self, step: &Step) -> Result<(), FsError> {
        match step {
            Step::Backup(path) => {
                let to = self.backup.join(path);
                if let Some(folder) = to.parent() {
                    fs::create_dir_all(folder)?;
                }
                fs::rename(&self.out.join(path), &to)
            }
            Step::RemoveFolder(path) => {
                let at = self.out.join(path);
                std::fs::remove_dir(&at).map_err(|cause| FsError { action: "remove", path: at, cause })
            }
            Step::MakeFolder(path) => {
                let at = self.out.join(path);
                std::fs::create_dir(&at).map_err(|cause| FsError { action: "create folder", path: at, cause })
            }
            Step::Place(path) => fs::rename(&self.staging.join(path), &self.out.join(path)),
        }
    }

    /// Undoes `steps`, last first. Each undo looks at the files to see whether its step was
    /// done, so this is right after a failed step, after a crash, and when run twice.
    fn undo(&self, steps: &[Step]) -> Result<(), FsError> {
        let lstat = |p: &Path| std::fs::symlink_metadata(p).ok();
        for step in steps.iter().rev() {
            match step {
                Step::Place(path) => {
                    let (staged, placed) = (self.staging.join(path), self.out.join(path));
                    if lstat(&staged).is_none() && lstat(&placed).is_some_and(|m| m.is_file()) {
                        if let Some(folder) = staged.parent() {
                            fs::create_dir_all(folder)?;
                        }
                        fs::rename(&placed, &staged)?;
                    }
                }
                Step::MakeFolder(path) => {
                    let at = self.out.join(path);
                    if lstat(&at).is_some_and(|m| m.is_dir()) {
                        std::fs::remove_dir(&at).map_err(|cause| FsError { action: "remove", path: at, cause })?;
                    }
                }
                Step::RemoveFolder(path) => {
                    let at = self.out.join(path);
                    if lstat(&at).is_none() {
                        std::fs::create_dir(&at).map_err(|cause| FsError {
                            action: "create folder",
                            path: at,
                            cause,
                        })?;
                    }
                }
                Step::Backup(path) => {
                    let (saved, at) = (self.backup.join(path), self.out.join(path));
                    if lstat(&saved).is_some() {
                        if let Some(folder) = at.parent() {
                            fs::create_dir_all(folder)?;
                        }
                        fs::rename(&saved, &at)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Fails, or ends the process, where a test asked to (see [`fault_from_environment`]).
    fn fault_point(&mut self, done: usize) -> Result<(), FsError> {
        match self.fault_at {
            Some((at, crash)) if at == done => {
                if crash {
                    std::process::abort();
                }
                Err(FsError {
                    action: "commit",
                    path: self.out.clone(),
                    cause: std::io::Error::other("a failure injected by BRIEF_FAULT_COMMIT"),
                })
            }
            _ => Ok(()),
        }
    }
}

/// `BRIEF_FAULT_COMMIT=fail:N` fails a commit before its step N; `crash:N` ends the process
/// there, as a power cut would. For the tests of the undo; debug builds only.
#[cfg(debug_assertions)]
fn fault_from_environment() -> Option<(usize, bool)> {
    let value = std::env::var("BRIEF_FAULT_COMMIT").ok()?;
    let (kind, at) = value.split_once(':')?;
    Some((at.parse().ok()?, kind == "crash"))
}

#[cfg(not(debug_assertions))]
fn fault_from_environment() -> Option<(usize, bool)> {
    None
}

/// The files of the output folder, being read on another thread.
#[derive(Debug)]
struct Existing {
    dir: PathBuf,
    scan: Mutex<Option<std::thread::JoinHandle<Result<FileMap, FsError>>>>,
    files: std::sync::OnceLock<Result<FileMap, String>>,
}

/// Site paths of what the output folder holds.
type FileMap = HashMap<String, Entry>;

impl Existing {
    fn scan(dir: &Path) -> Existing {
        let owned = dir.to_path_buf();
        Existing {
            dir: dir.to_path_buf(),
            scan: Mutex::new(Some(std::thread::spawn(move || existing_files(&owned)))),
            files: std::sync::OnceLock::new(),
        }
    }

    fn files(&self) -> Result<&FileMap, FsError> {
        let found = self.files.get_or_init(|| {
            let handle = self.scan.lock().unwrap_or_else(|e| e.into_inner()).take();
            match handle.map(std::thread::JoinHandle::join) {
                Some(Ok(Ok(files))) => Ok(files),
                Some(Ok(Err(e))) => Err(e.to_string()),
                _ => Err("the output folder could not be read".into()),
            }
        });
        found.as_ref().map_err(|message| FsError {
            action: "read",
            path: self.dir.clone(),
            cause: std::io::Error::other(message.clone()),
        })
    }
}

/// Everything under `dir` but folders and brief's state folder, by `/`-separated relative
/// path. Links are not followed: a link is an entry of its own.
fn existing_files(dir: &Path) -> Result<FileMap, FsError> {
    let mut files = HashMap::new();
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == STATE_DIR));
    for entry in walker {
        let entry = entry.map_err(|e| FsError {
            action: "read",
            path: e.path().unwrap_or(dir).to_path_buf(),
            cause: e.into_io_error().unwrap_or_else(|| std::io::Error::other("folder loop")),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else { continue };
        let found = if entry.file_type().is_file() {
            Entry::File(entry.metadata().map(|m| m.len()).unwrap_or(u64::MAX))
        } else {
            Entry::Other
        };
        files.insert(relative.to_string_lossy().replace('\\', "/"), found);
    }
    Ok(files)
}

/// Removes the folders in `candidates`, and their parents up to `out_dir`, that are empty.
fn remove_empty_folders(out_dir: &Path, mut candidates: Vec<PathBuf>) {
    // Deepest first, so a parent is tried after its children.
    candidates.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    candidates.dedup();
    for folder in candidates {
        let mut current = folder.as_path();
        while current != out_dir && current.starts_with(out_dir) {
            if std::fs::remove_dir(current).is_err() {
                break; // not empty, or already gone
            }
            match current.parent() {
                Some(p) => current = p,
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use rayon::prelude::*;

    use super::*;
    use crate::output::Output;

    /// Writes a whole in-memory `output` into `out_dir`, for the tests.
    fn write(output: &Output, out_dir: &Path, options: WriteOptions) -> Result<WriteStats, WriteError> {
        let writer = Writer::open(out_dir, options)?;
        let put: Result<(), FsError> =
            output.files.par_iter().try_for_each(|(path, body)| writer.put(path, body.clone()));
        match put {
            Ok(()) => writer.commit(),
            Err(e) => {
                writer.abandon();
                Err(e.into())
            }
        }
    }

    fn output(files: &[(&str, &str)]) -> Output {
        let mut out = Output::default();
        for (path, text) in files {
            out.insert(*path, Body::bytes(text.as_bytes().to_vec()));
        }
        out
    }

    fn build(files: &[(&str, &str)], public: &Path) -> Result<WriteStats, WriteError> {
        write(&output(files), public, WriteOptions::default())
    }

    fn leftovers(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect()
    }

    /// Every file under `dir` but brief's state, with its contents.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| e.file_name() != STATE_DIR)
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "<link>".into());
                (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn writes_every_file_and_replaces_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("index.html", "old"), ("gone/index.html", "x")], &public).unwrap();
        let stats = build(&[("index.html", "new"), ("a/b/index.html", "deep")], &public).unwrap();
        assert_eq!((stats.files, stats.bytes, stats.written, stats.removed), (2, 7, 2, 1));
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "new");
        assert!(!public.join("gone").exists());
        assert_eq!(leftovers(dir.path()), ["public"]);
        assert_eq!(leftovers(&public.join(STATE_DIR)).len(), 2, "only the record and the lock stay");
    }

    #[test]
    fn unchanged_files_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("index.html", "same"), ("a/index.html", "one")], &public).unwrap();
        let before = std::fs::metadata(public.join("index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = build(&[("index.html", "same"), ("a/index.html", "two")], &public).unwrap();
        assert_eq!((stats.written, stats.removed), (1, 0));
        assert_eq!(std::fs::metadata(public.join("index.html")).unwrap().modified().unwrap(), before);
        assert_eq!(std::fs::read_to_string(public.join("a/index.html")).unwrap(), "two");
        let record = std::fs::metadata(public.join(".brief/record")).unwrap().modified().unwrap();
        let stats = build(&[("index.html", "same"), ("a/index.html", "two")], &public).unwrap();
        assert_eq!((stats.written, stats.removed), (0, 0));
        assert_eq!(std::fs::metadata(public.join(".brief/record")).unwrap().modified().unwrap(), record);
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("a", "file"), ("b/index.html", "in a folder"), ("c/d/e.html", "deep")], &public).unwrap();
        build(&[("a/index.html", "now a folder"), ("b", "now a file"), ("c", "flat")], &public).unwrap();
        assert_eq!(std::fs::read_to_string(public.join("a/index.html")).unwrap(), "now a folder");
        assert_eq!(std::fs::read_to_string(public.join("b")).unwrap(), "now a file");
        assert_eq!(std::fs::read_to_string(public.join("c")).unwrap(), "flat");
    }

    #[test]
    fn a_failed_write_leaves_the_old_site_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("index.html", "old")], &public).unwrap();
        let mut bad = output(&[("index.html", "new")]);
        bad.insert("missing.png", Body::File(dir.path().join("no-such-file.png")));
        let err = write(&bad, &public, WriteOptions::default()).unwrap_err();
        assert!(err.to_string().contains("no-such-file.png"), "{err}");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "old");
        assert_eq!(leftovers(dir.path()), ["public"]);
    }

    #[test]
    fn files_brief_did_not_write_are_kept_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("index.html", "one"), ("old/index.html", "stale")], &public).unwrap();
        std::fs::write(public.join("CNAME"), "example.org").unwrap();
        std::fs::create_dir_all(public.join("reports")).unwrap();
        std::fs::write(public.join("reports/x.pdf"), "pdf").unwrap();
        std::fs::write(public.join("old/notes.txt"), "mine").unwrap();
        let stats = build(&[("index.html", "two")], &public).unwrap();
        assert_eq!(stats.kept, ["CNAME", "old/notes.txt", "reports/x.pdf"]);
        assert_eq!(stats.removed, 1);
        assert_eq!(std::fs::read_to_string(public.join("CNAME")).unwrap(), "example.org");
        assert_eq!(std::fs::read_to_string(public.join("old/notes.txt")).unwrap(), "mine");
        assert!(!public.join("old/index.html").exists());
    }

    #[test]
    fn a_first_build_into_a_folder_with_files_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("thesis.docx"), "years of work").unwrap();
        let err = build(&[("index.html", "site")], &docs).unwrap_err();
        assert!(matches!(&err, WriteError::NotEmpty { files, .. } if files == &["thesis.docx"]), "{err}");
        assert_eq!(leftovers(&docs), ["thesis.docx"], "a refused build left something behind");
        let stats = write(&output(&[("index.html", "site")]), &docs, WriteOptions { force: true }).unwrap();
        assert_eq!(stats.kept, ["thesis.docx"]);
        assert_eq!(std::fs::read_to_string(docs.join("thesis.docx")).unwrap(), "years of work");
        // Now there is a record: the next build needs no flag and still keeps the thesis.
        build(&[("other.html", "site")], &docs).unwrap();
        assert_eq!(std::fs::read_to_string(docs.join("thesis.docx")).unwrap(), "years of work");
        assert!(!docs.join("index.html").exists());
    }

    #[test]
    fn an_empty_folder_or_one_holding_only_the_same_files_needs_no_flag() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        build(&[("index.html", "site")], &public).unwrap();
        std::fs::remove_dir_all(public.join(STATE_DIR)).unwrap();
        // A site built before brief kept a record: identical files are taken as brief's.
        let stats = build(&[("index.html", "site")], &public).unwrap();
        assert!(stats.kept.is_empty());
    }

    #[test]
    fn a_file_brief_did_not_write_never_gives_way() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("index.html", "site")], &public).unwrap();
        std::fs::write(public.join("CNAME"), "mine").unwrap();
        std::fs::write(public.join("a"), "mine too").unwrap();
        let before = snapshot(&public);
        let err = build(&[("index.html", "site"), ("CNAME", "theirs"), ("a/index.html", "x")], &public).unwrap_err();
        assert!(matches!(&err, WriteError::InTheWay { files, .. } if files == &["CNAME", "a"]), "{err}");
        assert_eq!(snapshot(&public), before);
    }

    #[test]
    fn a_link_inside_the_output_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("keep.txt"), "outside").unwrap();
        build(&[("index.html", "site")], &public).unwrap();
        std::os::unix::fs::symlink(&elsewhere, public.join("briefings")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("keep.txt"), public.join("about.html")).unwrap();
        build(&[("index.html", "site"), ("briefings/a/index.html", "page"), ("about.html", "about")], &public).unwrap();
        assert!(public.join("briefings").symlink_metadata().unwrap().is_dir());
        assert_eq!(std::fs::read_to_string(public.join("about.html")).unwrap(), "about");
        assert!(public.join("about.html").symlink_metadata().unwrap().is_file());
        assert_eq!(leftovers(&elsewhere), ["keep.txt"]);
        assert_eq!(std::fs::read_to_string(elsewhere.join("keep.txt")).unwrap(), "outside");
    }

    /// A failure before each step of a commit leaves the folder exactly as it was.
    #[test]
    fn a_commit_that_fails_at_any_step_is_undone() {
        let old: &[(&str, &str)] =
            &[("index.html", "old"), ("a", "file"), ("b/index.html", "folder"), ("gone/x.html", "stale")];
        let new: &[(&str, &str)] =
            &[("index.html", "new"), ("a/index.html", "folder now"), ("b", "file now"), ("fresh/y.html", "added")];
        for at in 0..12 {
            let dir = tempfile::tempdir().unwrap();
            let public = dir.path().join("public");
            build(old, &public).unwrap();
            std::fs::write(public.join("CNAME"), "mine").unwrap();
            let before = snapshot(&public);
            let writer = Writer::open(&public, WriteOptions::default()).unwrap();
            for (path, text) in new {
                writer.put(path, Body::bytes(text.as_bytes().to_vec())).unwrap();
            }
            let result = commit_failing_at(writer, at);
            if result.is_ok() {
                assert_eq!(snapshot(&public).len(), new.len() + 1);
                break;
            }
            assert_eq!(snapshot(&public), before, "failing before step {at}");
            assert!(!public.join(".brief/journal").exists());
        }
    }

    fn commit_failing_at(mut writer: Writer, at: usize) -> Result<WriteStats, WriteError> {
        writer.fault_at = Some((at, false));
        writer.commit()
    }

    #[test]
    fn a_record_or_journal_naming_paths_outside_the_folder_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::write(dir.path().join("precious.txt"), "mine").unwrap();
        build(&[("index.html", "site")], &public).unwrap();
        let state = public.join(STATE_DIR);
        let journal = r#"{"build":"x","steps":[{"step":"backup","path":"../precious.txt"}]}"#;
        std::fs::write(state.join(JOURNAL), journal).unwrap();
        let writer = Writer::open(&public, WriteOptions::default()).unwrap();
        assert!(writer.recovered.as_deref().unwrap().contains("outside the output folder"));
        writer.abandon();
        std::fs::write(state.join(RECORD), r#"{"version":1,"build":"x","files":["../precious.txt"]}"#).unwrap();
        let err = Writer::open(&public, WriteOptions::default()).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("precious.txt")).unwrap(), "mine");
    }

    #[test]
    fn an_unfinished_commit_is_undone_or_finished_by_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        build(&[("index.html", "old"), ("x/index.html", "x")], &public).unwrap();
        let before = snapshot(&public);
        // As if the process died after two steps: the journal is there, the record is old.
        let journal = Journal {
            build: "never-finished".into(),
            steps: vec![
                Step::Backup("index.html".into()),
                Step::Backup("x/index.html".into()),
                Step::Place("index.html".into()),
            ],
        };
        let state = public.join(STATE_DIR);
        std::fs::create_dir_all(state.join("backup/x")).unwrap();
        std::fs::create_dir_all(state.join("staging")).unwrap();
        std::fs::rename(public.join("index.html"), state.join("backup/index.html")).unwrap();
        std::fs::rename(public.join("x/index.html"), state.join("backup/x/index.html")).unwrap();
        std::fs::write(state.join("staging/index.html"), "new").unwrap();
        journal.write(&state.join(JOURNAL)).unwrap();
        let writer = Writer::open(&public, WriteOptions::default()).unwrap();
        assert!(writer.recovered.as_deref().unwrap().starts_with("undid"));
        writer.abandon();
        assert_eq!(snapshot(&public), before);
        assert!(!state.join(JOURNAL).exists());
    }
}
