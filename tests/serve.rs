//! `chiso serve` as people use it: the first build served, rebuilt on every change, the last
//! good build kept when a change breaks, oversized requests refused.
#![cfg(feature = "serve")]

mod common;

use common::Site;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A `chiso serve` process, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What it printed so far, line by line.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn get(port: u16, path: &str, timeout: Duration) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(timeout)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A reader's long-poll for the next version (`/__chiso/wait?…`), waiting on its own thread;
/// joined, the version it was answered.
fn waiting(port: u16, query: String) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let url = format!("/__chiso/wait?{query}");
        get(port, &url, Duration::from_secs(60)).1
    })
}

/// Starts `chiso serve` on a port the system picks (`--port 0`), read from the line the
/// preview prints, so parallel tests never race for a port.
fn start_serving(site: &Site) -> Server {
    let mut child = common::chiso_command()
        .args(["serve", site.root().to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let (found, port) = std::sync::mpsc::channel();
    let log: std::sync::Arc<std::sync::Mutex<Vec<String>>> = std::sync::Arc::default();
    let printed = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(rest) = line.split_once("at http://127.0.0.1:").map(|(_, r)| r) {
                let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
                let _ = found.send(port);
            }
            printed.lock().unwrap().push(line);
        }
    });
    let port = port
        .recv_timeout(Duration::from_secs(300))
        .expect("chiso serve prints the address it serves");
    let server = Server { child, port, log };
    let (status, _) = get(port, "/", Duration::from_secs(30));
    assert_eq!(status, 200, "the first build is served");
    server
}

#[test]
fn serve_builds_serves_rebuilds_on_change_and_signals_the_open_page() {
    let site = Site::scaffold();
    let server = start_serving(&site);
    let (status, page) = get(server.port, "/en/", Duration::from_secs(30));
    assert_eq!(status, 200);
    assert!(page.contains("Example Indicators Portal"));
    assert!(page.contains(r#"<script src="/__chiso/live-reload.js" defer></script>"#));
    assert!(
        page.contains(&format!("http://127.0.0.1:{}/en/", server.port)),
        "links point at the preview"
    );
    let (status, _) = get(server.port, "/en/no-such-page/", Duration::from_secs(5));
    assert_eq!(status, 404);

    let (_, version) = get(server.port, "/__chiso/wait", Duration::from_secs(5));
    std::thread::sleep(Duration::from_secs(2));
    let (_, idle) = get(server.port, "/__chiso/wait", Duration::from_secs(5));
    assert_eq!(
        idle, version,
        "the preview's own writes must not trigger rebuilds"
    );
    let reader = waiting(server.port, format!("version={version}"));
    std::thread::sleep(Duration::from_millis(500));
    site.edit(
        "content/en/about.md",
        "Figures come from",
        "Every figure comes from",
    );
    let new_version = reader.join().unwrap();
    assert_ne!(new_version, version, "the waiting page was told to reload");
    let (_, about) = get(server.port, "/en/about/", Duration::from_secs(5));
    assert!(about.contains("Every figure comes from"), "{about}");
}

#[test]
fn an_edited_table_is_previewed_at_once_and_its_page_not_reloaded_again_by_the_build() {
    let site = Site::fixture("demo");
    let server = start_serving(&site);
    let port = server.port;
    let page = "/en/indicators/dvc-truc-tuyen/";
    let (_, version) = get(port, "/__chiso/wait", Duration::from_secs(5));
    let wait = |version: &str| waiting(port, format!("version={version}&page={page}"));
    let reader = wait(&version);
    std::thread::sleep(Duration::from_millis(500));
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2022,55.1",
        "2022,56.1",
    );
    let previewed = reader.join().unwrap();
    assert_ne!(previewed, version, "the open page is told to reload");
    let (_, shown) = get(port, page, Duration::from_secs(5));
    assert!(shown.contains("56.1"), "the new value is on the page");
    // The build after the preview publishes the page as it was shown: the reader waiting
    // on it is not told to reload again.
    assert_eq!(wait(&previewed).join().unwrap(), previewed);
    // The log is read on another thread: give it the time to catch up.
    let previewed_then_built = || {
        let log = server.log.lock().unwrap().join("\n");
        (
            log.contains("Previewed the ") && log.matches("Built ").count() == 2,
            log,
        )
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !previewed_then_built().0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (seen, log) = previewed_then_built();
    assert!(seen, "{log}");
    let (_, built) = get(port, page, Duration::from_secs(5));
    assert_eq!(built, shown, "the page as built is the page as previewed");
    let (_, csv) = get(
        port,
        "/data/indicators/dvc-truc-tuyen.csv",
        Duration::from_secs(5),
    );
    assert!(csv.contains("2022,56.1"), "{csv}");
}

#[test]
fn serve_keeps_the_last_good_build_when_a_change_breaks_it() {
    let site = Site::scaffold();
    let server = start_serving(&site);
    let (_, version) = get(server.port, "/__chiso/wait", Duration::from_secs(5));
    site.edit(
        "data/indicators/online-applications.csv",
        "2023,590000",
        "2023,lots",
    );
    std::thread::sleep(Duration::from_secs(3));
    let (status, page) = get(
        server.port,
        "/en/indicators/online-applications/",
        Duration::from_secs(5),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("590,000"),
        "the last good build is still served"
    );
    let (_, still) = get(server.port, "/__chiso/wait", Duration::from_secs(5));
    assert_eq!(still, version, "a failed build does not reload the page");
    // The open page shows the problems over the last good build, as the terminal does.
    let (_, problems) = get(server.port, "/__chiso/problems", Duration::from_secs(5));
    assert!(
        problems.starts_with("data/indicators/online-applications.csv:")
            && problems.contains(r#"found "lots""#),
        "{problems}"
    );
    let (_, script) = get(
        server.port,
        "/__chiso/live-reload.js",
        Duration::from_secs(5),
    );
    assert!(script.contains("/__chiso/problems") && script.contains("role"));
    site.edit(
        "data/indicators/online-applications.csv",
        "2023,lots",
        "2023,590000",
    );
    let started = Instant::now();
    while !get(server.port, "/__chiso/problems", Duration::from_secs(5))
        .1
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the overlay clears once fixed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn serve_refuses_oversized_requests() {
    let site = Site::scaffold();
    let server = start_serving(&site);
    let long = format!("/{}", "a".repeat(10_000));
    assert_eq!(get(server.port, &long, Duration::from_secs(5)).0, 414);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let filler = "X-Filler: ".to_string() + &"a".repeat(1000) + "\r\n";
    let _ = write!(stream, "GET / HTTP/1.1\r\n{}", filler.repeat(100));
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 431"), "{response}");
}
