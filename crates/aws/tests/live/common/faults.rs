//! Fault injection in scripts/moto/server.py (its docstring documents the rules),
//! and moto servers of a test's own for faults that would disturb other tests.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One HTTP/1.1 exchange with the server's fault control endpoint.
fn try_control(
    endpoint: &str,
    method: &str,
    query: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let addr = endpoint.trim_start_matches("http://").trim_end_matches('/');
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("cannot reach {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "{method} /_tfready/faults{query} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    let (head, text) = answer
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("no HTTP answer: {answer:?}"))?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("{method} {query} answered {head:?}: {text}"));
    }
    serde_json::from_str(text).map_err(|e| format!("{e}: {text:?}"))
}

fn control(endpoint: &str, method: &str, query: &str, body: Option<&Value>) -> Value {
    try_control(endpoint, method, query, body)
        .unwrap_or_else(|e| panic!("fault control at {endpoint}: {e}"))
}

/// The fault rules one test added to a server; they are cleared when it is dropped,
/// so a failing test does not leave faults behind for the others.
pub struct Faults {
    endpoint: String,
    ids: Vec<u64>,
}

impl Faults {
    pub fn new(endpoint: &str) -> Faults {
        Faults {
            endpoint: endpoint.to_string(),
            ids: Vec::new(),
        }
    }

    /// Adds a rule (see scripts/moto/server.py); returns its id.
    pub fn add(&mut self, rule: Value) -> u64 {
        let out = control(
            &self.endpoint,
            "POST",
            "",
            Some(&json!({ "rules": [rule] })),
        );
        let id = out["ids"][0].as_u64().expect("a rule id");
        self.ids.push(id);
        id
    }

    /// How many requests the rule has faulted so far.
    pub fn hits(&self, id: u64) -> u64 {
        let out = control(&self.endpoint, "GET", "", None);
        out["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"].as_u64() == Some(id))
            .unwrap_or_else(|| panic!("no fault rule {id}: {out}"))["hits"]
            .as_u64()
            .unwrap()
    }

    /// Removes this test's rules: the fault is fixed.
    pub fn clear(&mut self) {
        for id in std::mem::take(&mut self.ids) {
            control(&self.endpoint, "DELETE", &format!("?id={id}"), None);
        }
    }
}

impl Drop for Faults {
    fn drop(&mut self) {
        // Also while a failed test unwinds: no panic here, the server may be gone.
        for id in std::mem::take(&mut self.ids) {
            let _ = try_control(&self.endpoint, "DELETE", &format!("?id={id}"), None);
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A moto server (scripts/moto/server.py) of the test's own, on a free port; killed
/// when dropped. For faults that stop the whole server.
pub struct OwnMoto {
    child: Child,
    dir: PathBuf,
    pub endpoint: String,
    port: u16,
}

impl OwnMoto {
    pub fn start() -> OwnMoto {
        let root = repo_root();
        let python = root.join(".venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run the tests through scripts/with-moto.sh, which installs moto there",
            python.display()
        );
        let dir = std::env::temp_dir().join(super::unique("tfready-moto"));
        std::fs::create_dir_all(&dir).unwrap();
        let log = std::fs::File::create(dir.join("moto.log")).unwrap();
        let child = Command::new(&python)
            .arg(root.join("scripts/moto/server.py"))
            .arg(dir.join("port"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
        let mut own = OwnMoto {
            child,
            dir,
            endpoint: String::new(),
            port: 0,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(text) = std::fs::read_to_string(own.dir.join("port")) {
                if let Ok(port) = text.trim().parse::<u16>() {
                    own.port = port;
                    own.endpoint = format!("http://127.0.0.1:{port}");
                    break;
                }
            }
            if let Ok(Some(status)) = own.child.try_wait() {
                panic!("moto exited ({status}) before it listened: {}", own.log());
            }
            assert!(
                Instant::now() < deadline,
                "moto did not start in 30 s: {}",
                own.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        own
    }

    /// What the server wrote, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("moto.log")).unwrap_or_default()
    }

    /// True when the server accepts connections.
    pub fn listening(&self) -> bool {
        TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }

    /// Brings a server stopped by a "stop" fault back (SIGUSR1): it listens again
    /// on the same port, with moto's state kept.
    pub fn resume(&self) {
        let status = Command::new("kill")
            .args(["-USR1", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -USR1 failed");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.listening() {
            assert!(
                Instant::now() < deadline,
                "moto did not listen again: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for OwnMoto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
