//! Where output goes: stdout for reports, stderr for errors, with colour
//! decided once.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};

use crate::args::ColorChoice;

/// Whether to colour stdout: `--color`, then NO_COLOR / CLICOLOR_FORCE and
/// whether stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                return false;
            }
            if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                return true;
            }
            std::io::stdout().is_terminal()
        }
    }
}

/// What one root of a recursive run printed (see [`capture`]).
#[derive(Default)]
pub struct Captured {
    /// The root's path relative to the scanned directory.
    root: String,
    pub stdout: Vec<u8>,
    /// What went to stderr, a message a line, as printed.
    pub stderr: Vec<String>,
}

thread_local! {
    /// Set while a recursive run's root runs on this thread: its output is
    /// kept for the merged report instead of printed.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `f` with everything it prints (stdout and errors) kept, not
/// printed; returns its result and what it printed. For the roots of a
/// recursive run, each on its own thread; `root` is the root's path
/// relative to the scanned directory (see [`captured_root`]).
pub fn capture<R>(root: &str, f: impl FnOnce() -> R) -> (R, Captured) {
    CAPTURE.with(|c| {
        *c.borrow_mut() = Some(Captured {
            root: root.to_string(),
            ..Captured::default()
        })
    });
    let r = f();
    let captured = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (r, captured)
}

/// Whether output is being kept by [`capture`] on this thread.
pub fn capturing() -> bool {
    CAPTURE.with(|c| c.borrow().is_some())
}

/// The root of a recursive run whose output this thread keeps, relative to
/// the scanned directory.
pub fn captured_root() -> Option<String> {
    CAPTURE.with(|c| c.borrow().as_ref().map(|k| k.root.clone()))
}

/// Appends to the kept output when output is kept on this thread; says
/// whether it was.
fn keep(bytes: &[u8], stderr: bool) -> bool {
    CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(k) if stderr => {
            k.stderr
                .push(String::from_utf8_lossy(bytes).trim_end().to_string());
            true
        }
        Some(k) => {
            k.stdout.extend_from_slice(bytes);
            true
        }
        None => false,
    })
}

/// Lets go of what a command loaded. A process that ends right after
/// need not free every syntax tree one by one (~6% of a large run); a
/// recursive run, which goes on to other roots, must.
pub fn release<T>(loaded: T) {
    if capturing() {
        drop(loaded);
    } else {
        std::mem::forget(loaded);
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) {
    if keep(text.as_bytes(), false) {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Streams a printer's output to stdout, buffered; a closed pipe ends it
/// quietly, like [`print`].
pub fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    // A recursive run's root: written straight into what is kept (a failed
    // write keeps nothing of it).
    let kept = CAPTURE.with(|c| {
        c.borrow_mut()
            .as_mut()
            .map(|k| std::mem::take(&mut k.stdout))
    });
    if let Some(mut buf) = kept {
        let before = buf.len();
        if write(&mut buf).is_err() {
            buf.truncate(before);
        }
        CAPTURE.with(|c| {
            if let Some(k) = c.borrow_mut().as_mut() {
                k.stdout = buf;
            }
        });
        return;
    }
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    if write(&mut out).is_ok() {
        let _ = out.flush();
    }
}

/// A question on stderr, the answer to be read from stdin.
pub fn prompt(text: &str) {
    if keep(text.as_bytes(), true) {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// A line on stderr as it is (already prefixed).
pub fn error_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

pub fn error(text: &str) {
    let line = format!("error: {text}");
    if !keep(line.as_bytes(), true) {
        error_line(&line);
    }
}
