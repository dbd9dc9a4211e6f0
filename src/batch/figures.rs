//! The shared data files of figures, each read and parsed at most once per run, for every spec whose
//! record says it showed some of its figures.
//!
//! A newsroom keeps its figures in one file that hundreds of cards read, each showing one or two of them.
//! Editing one figure changes that file's stamp in every card's record, yet a card's key counts only the
//! figures it shows ([`crate::model::Dependency::used`]). So the record keeps, for a figure file, the
//! names of the figures shown and the digest of what `used` held; when the file's stamp no longer holds,
//! the file is read here once, `used` recomputed for each card from its names, and a card whose digest is
//! unchanged is current without being loaded (see [`super::record::inputs_current`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use crate::model::FigureFile;

/// One figure file as this run read it.
pub struct Read {
    /// The figures; `None` when the file cannot be read or has a problem (then every spec reading it is
    /// loaded, and reports it).
    pub figures: Option<FigureFile>,
    /// Its stamp as a record keeps it: empty unless trusted for the content read here.
    pub stamp: String,
}

/// The figure files read in one run, by path, shared by the threads settling specs.
#[derive(Default)]
pub struct Files {
    read: Mutex<HashMap<PathBuf, Arc<OnceLock<Read>>>>,
}

impl Files {
    /// No file read yet.
    pub fn new() -> Files {
        Files::default()
    }

    /// `f` of the file at `path`, read once per run: the first spec asking reads it, the others asking
    /// meanwhile wait for it.
    pub fn with<T>(&self, path: &Path, f: impl FnOnce(&Read) -> T) -> T {
        let cell = {
            let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
            read.entry(path.to_path_buf()).or_default().clone()
        };
        f(cell.get_or_init(|| {
            // Taken before reading: the stamp stands for the content only if the file had settled by then.
            let before = SystemTime::now();
            let figures = FigureFile::read(path);
            Read {
                figures,
                stamp: super::record::trusted_stamp(path, before),
            }
        }))
    }
}
