//! The harness: the real binary started and stopped as a clerk would, and a
//! few lines of HTTP/1.1 over std::net, so that every header and every
//! malformed body is exactly what a test wrote.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `huizong serve`, stopped with Ctrl-C (SIGINT) when dropped.
pub struct Served {
    child: Child,
    pub address: String,
    pub port: u16,
    pub token: String,
    pub folder: PathBuf,
}

impl Served {
    /// `huizong serve --port 0 --no-open ARGS…`.
    pub fn start(args: &[&str]) -> Served {
        let mut all = vec!["serve", "--port", "0", "--no-open"];
        all.extend_from_slice(args);
        Served::spawn(&all, &[])
    }

    /// The binary with these arguments and environment; waits for the address
    /// on stdout's first line and the temporary folder on stderr.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huizong"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the huizong binary starts");
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let out = tx.clone();
        std::thread::spawn(move || {
            let mut first = String::new();
            let mut reader = BufReader::new(stdout);
            let _ = reader.read_line(&mut first);
            let _ = out.send(("stdout", first));
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[serve] {line}");
                let _ = tx.send(("stderr", line));
            }
        });
        let (mut address, mut folder) = (None, None);
        let deadline = Instant::now() + Duration::from_secs(30);
        while address.is_none() || folder.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let (from, line) = rx.recv_timeout(left).expect("serve prints its address");
            if from == "stdout" {
                address = Some(line.trim_end().to_string());
            } else if let Some(rest) = line.split("暂存在 ").nth(1) {
                folder = Some(PathBuf::from(rest.split('，').next().unwrap()));
            }
        }
        let address = address.unwrap();
        let rest = address
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("the first line is the address: {address}"));
        let (port, token) = rest.split_once("/?token=").expect("…/?token=TOKEN");
        assert!(
            token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
            "a fresh random token: {token}"
        );
        Served {
            port: port.parse().unwrap(),
            token: token.to_string(),
            address: address.clone(),
            folder: folder.unwrap(),
            child,
        }
    }

    /// A request from the page: its Host, its token in the header.
    pub fn api(&self, path: &str, form: &Form) -> Answer {
        self.send("POST", path, &[("X-Huizong-Token", &self.token)], form)
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], form: &Form) -> Answer {
        let content_type = form.content_type();
        let mut all = vec![("Content-Type", content_type.as_str())];
        all.extend_from_slice(headers);
        http(self.port, method, path, &all, &form.body)
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        http(self.port, "GET", path, headers, b"")
    }

    /// Ctrl-C; the exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        self.child.wait().unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.interrupt();
        }
    }
}

/// What the server answered.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The Chinese reason of a refusal.
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or("").to_string()
    }
}

/// One HTTP/1.1 request on a fresh connection; `headers` may replace Host.
/// A body the server stops reading (413) is not an error: the answer is.
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && *v == "chunked");
    if !chunked {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // Written from another thread while this one reads: a server that answers
    // before reading everything (413) is heard before it closes.
    let mut writer = stream.try_clone().unwrap();
    let body = body.to_vec();
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(head.as_bytes());
        if chunked {
            for chunk in body.chunks(64 * 1024) {
                let _ = write!(writer, "{:x}\r\n", chunk.len());
                let _ = writer.write_all(chunk);
                let _ = writer.write_all(b"\r\n");
            }
            let _ = writer.write_all(b"0\r\n\r\n");
        } else {
            let _ = writer.write_all(&body);
        }
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sending.join();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Answer {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..eol]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
    out
}

/// A multipart/form-data body, as a browser's FormData makes one.
pub struct Form {
    pub boundary: String,
    pub body: Vec<u8>,
}

impl Form {
    pub fn new() -> Form {
        Form {
            boundary: "----huizong-test-7d1f0a".to_string(),
            body: Vec::new(),
        }
    }

    pub fn text(mut self, name: &str, value: &str) -> Form {
        let part = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n",
            self.boundary
        );
        self.body.extend_from_slice(part.as_bytes());
        self
    }

    pub fn file(mut self, name: &str, file_name: &str, bytes: &[u8]) -> Form {
        let part = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n",
            self.boundary
        );
        self.body.extend_from_slice(part.as_bytes());
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    pub fn path(self, name: &str, path: &Path) -> Form {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        self.file(name, &file_name, &std::fs::read(path).unwrap())
    }

    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The closing boundary: the body is complete.
    pub fn done(mut self) -> Form {
        let end = format!("--{}--\r\n", self.boundary);
        self.body.extend_from_slice(end.as_bytes());
        self
    }
}
