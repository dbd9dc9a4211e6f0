//! `yitu serve` through real HTTP on a loopback port: the built binary is started with `--port 0` on a
//! folder of its own, its port read from the line it prints, and spoken to with a minimal HTTP/1.1
//! client (one request a connection). Covers the render API (the bytes `yitu render` writes, a bad
//! spec's problems as JSON, the body limit, files outside the folder, concurrent requests, the time
//! budget), health and metrics, the preview's routes and change events, and graceful shutdown.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A folder of the test's own under `CARGO_TARGET_TMPDIR`, removed afterwards.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("serve")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, file: &str, text: impl AsRef<[u8]>) {
        let path = self.0.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Saves like an editor: a hidden file renamed over `file`.
    fn save(&self, file: &str, text: &str) {
        let path = self.0.join(file);
        let tmp = path.with_file_name(format!(
            ".{}.saving",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A running `yitu serve`, killed when dropped (unless it was stopped).
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_yitu"));
        command
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("cannot start yitu serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // `yitu serve: http://127.0.0.1:PORT/ serving …`
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port }
    }

    fn request(&self, method: &str, target: &str, body: &[u8]) -> Response {
        request(self.port, method, target, body)
    }

    fn post(&self, target: &str, body: impl AsRef<[u8]>) -> Response {
        self.request("POST", target, body.as_ref())
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target, b"")
    }

    /// Sends SIGTERM.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on a connection of its own; the body read to the connection's end (or by its
/// Content-Length).
fn request(port: u16, method: &str, target: &str, body: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading the whole body and close: a failed write is fine.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v == "chunked");
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
}

fn config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config")
}

/// What `yitu render SPEC -o -` writes in `format`.
fn rendered_by_cli(spec: &Path, format: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args(["render"])
        .arg(spec)
        .args(["-o", "-", "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn a_posted_spec_renders_to_the_bytes_yitu_render_writes() {
    let server = Server::start(&config(), &[], &[]);
    let spec = config().join("stat-card.toml");
    let text = std::fs::read(&spec).unwrap();
    for (format, kind) in [
        ("png", "image/png"),
        ("svg", "image/svg+xml"),
        ("pdf", "application/pdf"),
    ] {
        // Named as the file is: a PDF carries the name as its title.
        let r = server.post(&format!("/render?format={format}&name=stat-card"), &text);
        assert_eq!(r.status, 200, "{format}: {}", r.text());
        assert_eq!(r.header("content-type"), Some(kind));
        assert_eq!(r.header("x-yitu-pages"), Some("1"));
        assert!(
            r.body == rendered_by_cli(&spec, format),
            "{format}: the served bytes differ from `yitu render`'s"
        );
    }
    // No format: PNG. A decoded image of the page's size.
    let r = server.post("/render", &text);
    let image = image::load_from_memory(&r.body).unwrap();
    assert_eq!((image.width(), image.height()), (1080, 1080));
    // A variant re-lays the spec at a preset.
    let r = server.post("/render?variant=xiaohongshu", &text);
    assert_eq!(r.status, 200, "{}", r.text());
    let image = image::load_from_memory(&r.body).unwrap();
    assert_eq!((image.width(), image.height()), (1080, 1440));
    // Files the spec names are found in the served folder: the chart's CSV in config/data.
    let r = server.post(
        "/render?format=svg",
        std::fs::read(config().join("chart-growth.toml")).unwrap(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn a_bad_spec_is_400_with_its_problems_as_json() {
    let server = Server::start(&config(), &[], &[]);
    let r = server.post(
        "/render?name=card",
        "[page]\nwidth = 600\n\n[[blocks]]\ntype = \"stat\"\nlabel = \"增长\"\nvalue = true\n",
    );
    assert_eq!(r.status, 400);
    let json = r.json();
    assert_eq!(json["error"], "spec");
    let p = &json["problems"][0];
    assert_eq!(p["file"], "card.toml", "{json}");
    assert_eq!(p["line"], 7, "{json}");
    assert_eq!(p["column"], 9, "{json}");
    assert_eq!(p["key"], "blocks[0].value", "{json}");
    assert!(
        p["message"].as_str().unwrap().contains("expected"),
        "{json}"
    );
    // A misspelt key, with the suggestion as help.
    let r = server.post("/render", "[page]\nwidht = 600\n");
    let json = r.json();
    assert_eq!(r.status, 400);
    assert_eq!(json["problems"][0]["line"], 2);
    assert_eq!(json["problems"][0]["key"], "page.widht");
    assert!(json["problems"][0]["help"]
        .as_str()
        .unwrap()
        .contains("width"));
    // A bad request is 400 too, with what was expected.
    for (target, needle) in [
        ("/render?format=gif", "format"),
        ("/render?variant=xiaohongsu", "xiaohongshu"),
        ("/render?fromat=png", "format"),
        ("/render?name=../x", "name"),
        ("/render?page=0", "page"),
    ] {
        let r = server.post(target, "[page]\nwidth = 600\n");
        assert_eq!(r.status, 400, "{target}");
        let json = r.json();
        assert_eq!(json["error"], "request", "{target}");
        assert!(
            json["message"].as_str().unwrap().contains(needle),
            "{target}: {json}"
        );
    }
    let r = server.post("/render", b"[page]\nwidth = \xff\n");
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().contains("UTF-8"));
    // Other routes: 404 as JSON; GET /render is not a render.
    assert_eq!(server.get("/nothing").status, 404);
    assert_eq!(server.get("/render").status, 405);
}

#[test]
fn a_spec_of_several_pages_is_asked_for_one_page_at_a_time() {
    let server = Server::start(&config(), &[], &[]);
    let text = "周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。"
        .repeat(60);
    let spec = format!("[page]\nwidth = 600\nheight = 900\noverflow = \"pages\"\n[[blocks]]\ntype = \"paragraph\"\ntext = \"{text}\"\n");
    let r = server.post("/render", &spec);
    assert_eq!(r.status, 422, "{}", r.text());
    let json = r.json();
    let pages = json["pages"].as_u64().unwrap();
    assert!(pages >= 2, "{json}");
    assert!(
        json["message"].as_str().unwrap().contains("page=1"),
        "{json}"
    );
    let mut seen = Vec::new();
    for k in 1..=pages {
        let r = server.post(&format!("/render?page={k}"), &spec);
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("x-yitu-pages"), Some(pages.to_string().as_str()));
        let image = image::load_from_memory(&r.body).unwrap();
        assert_eq!((image.width(), image.height()), (600, 900));
        assert!(!seen.contains(&r.body), "page {k} repeats another");
        seen.push(r.body);
    }
    let r = server.post(&format!("/render?page={}", pages + 1), &spec);
    assert_eq!(r.status, 422);
}

#[test]
fn a_body_over_the_limit_is_413() {
    let server = Server::start(&config(), &[], &[]);
    let mut big = b"[page]\nwidth = 600\n# ".to_vec();
    big.resize(9 * 1024 * 1024, b'x');
    let r = server.post("/render", &big);
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"], "too_large");
    // Just under the limit is read (and is a spec without blocks).
    let mut fits = b"[page]\nwidth = 600\n# ".to_vec();
    fits.resize(8 * 1024 * 1024 - 1, b'x');
    assert_eq!(server.post("/render", &fits).status, 400);
}

#[test]
fn files_outside_the_served_folder_are_refused() {
    let base = TempDir::new("outside");
    base.write("secret.csv", "指标,数值\n机密,42\n");
    base.write(
        "secret.toml",
        "[page]\nwidth = 600\n[[blocks]]\ntype = \"headline\"\ntext = \"机密\"\n",
    );
    base.write("served/data/ok.csv", "指标,数值\n增速,5\n");
    base.write(
        "served/card.toml",
        "[page]\nwidth = 600\n[[blocks]]\ntype = \"headline\"\ntext = \"好\"\n",
    );
    let served = base.0.join("served");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(base.0.join("secret.csv"), served.join("data/link.csv"))
            .unwrap();
        std::os::unix::fs::symlink(&base.0, served.join("up")).unwrap();
        std::os::unix::fs::symlink(base.0.join("secret.toml"), served.join("linked.toml")).unwrap();
    }
    let server = Server::start(&served, &[], &[]);
    let chart = |data: &str| {
        format!("[page]\nwidth = 600\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"{data}\"\n")
    };
    assert_eq!(server.post("/render", chart("data/ok.csv")).status, 200);
    let secret = base.0.join("secret.csv").display().to_string();
    let mut refused = vec![
        chart("../secret.csv"),
        chart("../../../../../../etc/passwd.csv"),
        chart("data/../../secret.csv"),
        chart(&secret),
        "[page]\nwidth = 600\n\n[[blocks]]\ntype = \"image\"\nsrc = \"../../etc/passwd\"\n".into(),
        "[page]\nwidth = 600\n\n[[blocks]]\ntype = \"image\"\nsrc = \"/etc/passwd\"\n".into(),
        "[page]\nwidth = 600\n[theme]\nextends = \"../secret.toml\"\n[[blocks]]\ntype = \"headline\"\ntext = \"x\"\n".into(),
    ];
    if cfg!(unix) {
        refused.push(chart("data/link.csv"));
        refused.push(chart("up/secret.csv"));
    }
    for spec in &refused {
        let r = server.post("/render", spec);
        assert_eq!(r.status, 400, "{spec}: {}", r.text());
        let json = r.json();
        let p = &json["problems"][0];
        assert!(
            p["message"].as_str().unwrap().contains("outside"),
            "{spec}: {json}"
        );
        assert!(p["line"].as_u64().unwrap() > 0, "{json}");
        // Nothing of the file is said, nor where the folder is.
        let text = r.text();
        assert!(!text.contains("机密") && !text.contains("42"), "{text}");
        assert!(!text.contains(&*base.0.to_string_lossy()), "{text}");
    }
    // No route reads a file: not the data, not a spec linked in from outside.
    assert_eq!(server.get("/data/ok.csv").status, 404);
    assert_eq!(server.get("/api/preview?spec=../secret.toml").status, 404);
    assert_eq!(server.get("/api/preview?spec=data/ok.csv").status, 404);
    if cfg!(unix) {
        let r = server.get("/api/preview?spec=linked.toml");
        let text = r.text();
        assert!(!text.contains("机密"), "{text}");
        assert_eq!(r.json()["images"].as_array().unwrap().len(), 0, "{text}");
    }
}

#[test]
fn concurrent_requests_all_render_and_agree() {
    let server = Server::start(&config(), &["-j", "2"], &[]);
    let text = std::fs::read(config().join("stat-card.toml")).unwrap();
    let port = server.port;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let text = text.clone();
            std::thread::spawn(move || request(port, "POST", "/render", &text))
        })
        .collect();
    let answers: Vec<Response> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    for a in &answers {
        assert_eq!(a.status, 200, "{}", a.text());
        assert!(a.body == answers[0].body, "concurrent renders differ");
    }
    let metrics = server.get("/metrics").text();
    assert!(
        metrics.contains("yitu_renders_total{format=\"png\"} 8\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("yitu_request_duration_seconds_count 8\n"),
        "{metrics}"
    );
    assert!(metrics.contains("yitu_render_slots 2\n"), "{metrics}");
    let health = server.get("/health").json();
    assert_eq!(health["status"], "ok");
}

#[test]
fn a_render_past_the_time_budget_is_504_and_the_server_goes_on() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: hangs are injected only in builds with debug assertions");
        return;
    }
    // 3 s: a panic's report symbolises a backtrace, which in a debug build on a busy machine can take
    // a second or more.
    let server = Server::start(
        &config(),
        &["--timeout", "3"],
        &[("YITU_INJECT_FAULT", "hang:slow.toml,panic:boom.toml")],
    );
    let text = std::fs::read(config().join("stat-card.toml")).unwrap();
    let start = Instant::now();
    let r = server.post("/render?name=slow", &text);
    assert_eq!(r.status, 504, "{}", r.text());
    assert!(start.elapsed() < Duration::from_secs(8));
    let json = r.json();
    assert_eq!(json["error"], "timeout");
    assert!(json["message"].as_str().unwrap().contains("3 s"), "{json}");
    let r = server.post("/render?name=boom", &text);
    assert_eq!(r.status, 500, "{}", r.text());
    assert_eq!(r.json()["error"], "crashed");
    // The server still renders (on the slot the runaway render leaves).
    let r = server.post("/render", &text);
    assert_eq!(r.status, 200, "{}", r.text());
    let metrics = server.get("/metrics").text();
    assert!(
        metrics.contains("yitu_errors_total{kind=\"timeout\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("yitu_errors_total{kind=\"internal\"} 1\n"),
        "{metrics}"
    );
}

#[test]
fn sigterm_finishes_the_requests_in_flight_then_exits() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: hangs are injected only in builds with debug assertions");
        return;
    }
    let mut server = Server::start(
        &config(),
        &["--timeout", "2"],
        &[("YITU_INJECT_FAULT", "hang:slow.toml")],
    );
    let port = server.port;
    let text = std::fs::read(config().join("stat-card.toml")).unwrap();
    let in_flight = std::thread::spawn(move || request(port, "POST", "/render?name=slow", &text));
    std::thread::sleep(Duration::from_millis(400));
    server.terminate();
    // The request in flight is answered (its budget runs out: 504), not cut off.
    let r = in_flight.join().unwrap();
    assert_eq!(r.status, 504, "{}", r.text());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_preview_renders_a_spec_and_sends_a_change_on_every_save() {
    let dir = TempDir::new("preview");
    let card = |value: &str| {
        format!("[page]\nwidth = 400\n\n[[blocks]]\ntype = \"headline\"\ntext = \"发展\"\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"data/d.csv\"\n\n[[blocks]]\ntype = \"stat\"\nlabel = \"增长\"\nvalue = {value}\nunit = \"%\"\n")
    };
    dir.write("card.toml", card("5.2"));
    dir.write(
        "other.toml",
        "[page]\nwidth = 300\n[[blocks]]\ntype = \"headline\"\ntext = \"其他\"\n",
    );
    dir.write("data/d.csv", "指标,数值\n甲,3\n乙,5\n");
    dir.write("themes/house.toml", "[colors]\n");
    dir.write("fonts/.keep", "");
    let server = Server::start(&dir.0, &[], &[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("/app.js"));
    assert!(server.get("/app.js").text().contains("EventSource"));
    let specs = server.get("/api/specs").json();
    assert_eq!(
        specs["specs"],
        serde_json::json!(["card.toml", "other.toml"])
    );

    let preview = server.get("/api/preview?spec=card.toml&format=png").json();
    assert_eq!(preview["problems"], serde_json::json!([]));
    let url = preview["images"][0]["url"].as_str().unwrap().to_string();
    let first = server.get(&url);
    assert_eq!(first.header("content-type"), Some("image/png"));
    image::load_from_memory(&first.body).unwrap();

    // The event stream, read on a thread: each `event:` line as it comes.
    let (tx, rx) = std::sync::mpsc::channel();
    let port = server.port;
    std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET /api/events?spec=card.toml HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(event) = line.strip_prefix("event: ") {
                if tx.send(event.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let next = |what: &str| -> String {
        rx.recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("no event after {what}"))
    };
    // A save of a file the spec reads.
    dir.save("data/d.csv", "指标,数值\n甲,3\n乙,9\n");
    assert_eq!(next("saving the data"), "change");
    let again = server.get("/api/preview?spec=card.toml&format=png").json();
    assert_ne!(again["generation"], preview["generation"]);
    let second = server.get(again["images"][0]["url"].as_str().unwrap());
    assert!(second.body != first.body, "the render did not change");
    // A new face in the folder's fonts/ may change how the spec is set.
    dir.write("fonts/house.ttf", b"not really a font");
    assert_eq!(next("adding a font file"), "change");
    let again = server.get("/api/preview?spec=card.toml&format=png").json();
    // A save of another spec is not this spec's change.
    dir.save(
        "other.toml",
        "[page]\nwidth = 300\n[[blocks]]\ntype = \"headline\"\ntext = \"其他二\"\n",
    );
    assert_eq!(next("saving another spec"), "specs");
    // An invalid save: its problem, and the last good images kept.
    dir.save("card.toml", &card("true"));
    assert_eq!(next("saving the spec"), "change");
    let bad = server.get("/api/preview?spec=card.toml&format=png").json();
    assert_eq!(bad["stale"], true, "{bad}");
    assert_eq!(bad["problems"][0]["line"], 16, "{bad}");
    assert_eq!(bad["problems"][0]["key"], "blocks[2].value", "{bad}");
    assert_eq!(bad["images"], again["images"]);
    // Fixed: rendered again.
    dir.save("card.toml", &card("6.1"));
    assert_eq!(next("fixing the spec"), "change");
    let fixed = server.get("/api/preview?spec=card.toml&format=svg").json();
    assert_eq!(fixed["stale"], false);
    let svg = server.get(fixed["images"][0]["url"].as_str().unwrap());
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
}

#[test]
fn a_folder_that_is_not_there_or_a_port_in_use_is_bad_input() {
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args(["serve", "no/such/folder", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/folder is not a folder"));
    let server = Server::start(&config(), &[], &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .arg("serve")
        .arg(config())
        .args(["--port", &server.port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on 127.0.0.1:"));
}
