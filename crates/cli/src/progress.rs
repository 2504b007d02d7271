//! A progress line on stderr for runs that take longer than a moment: the
//! stage and, while loading, the files read. Only when stderr is a
//! terminal and not under `--quiet`; erased before the report prints.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Nothing is drawn for runs shorter than this.
const DELAY: Duration = Duration::from_millis(400);
const FRAME: Duration = Duration::from_millis(100);

pub struct Progress {
    pub files: Arc<AtomicUsize>,
    stage: Arc<Mutex<&'static str>>,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    pub fn start(quiet: bool) -> Progress {
        let files = Arc::new(AtomicUsize::new(0));
        let stage = Arc::new(Mutex::new("loading"));
        let done = Arc::new(AtomicBool::new(false));
        let draw = !quiet
            && !crate::output::capturing()
            && std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let thread = draw.then(|| {
            let (files, stage, done) = (files.clone(), stage.clone(), done.clone());
            std::thread::spawn(move || {
                let start = Instant::now();
                let mut drawn = false;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(FRAME);
                    if start.elapsed() < DELAY || done.load(Ordering::Relaxed) {
                        continue;
                    }
                    let stage = *stage.lock().unwrap_or_else(|e| e.into_inner());
                    let n = files.load(Ordering::Relaxed);
                    let line = format!(
                        "tfready: {stage}, {n} files read, {:.1} s",
                        start.elapsed().as_secs_f64()
                    );
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[K{line}");
                    let _ = err.flush();
                    drawn = true;
                }
                if drawn {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[K");
                    let _ = err.flush();
                }
            })
        });
        Progress {
            files,
            stage,
            done,
            thread,
        }
    }

    pub fn stage(&self, name: &'static str) {
        *self.stage.lock().unwrap_or_else(|e| e.into_inner()) = name;
    }

    /// Stops and erases the line (before anything else is printed).
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}
