//! `chiso serve`: build, serve the output on this machine, rebuild when a file changes and
//! reload the open browser tab. The preview listens on 127.0.0.1 unless told otherwise.

use super::{progress_bar, report, reporter, summary_line};
use crate::build::preview::{Kept, preview};
use crate::build::{BuildOptions, build_keeping};
use crate::failure::Failure;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The script pages load in preview: it waits for the next build; after a successful one that
/// changed the page it reloads it, after a failed one it shows the problems over the last good
/// build, as the terminal lists them, until a build succeeds. Styles are set through the
/// CSSOM, which the pages' Content-Security-Policy allows (inline `style` attributes it does
/// not).
const LIVE_RELOAD_JS: &str = r##"(function () {
  var version = null, overlay = null;
  function show(problems) {
    if (!problems.length) { if (overlay) { overlay.remove(); overlay = null; } return; }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.className = "chiso-problems";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0 0 auto 0"; s.maxHeight = "60vh"; s.overflow = "auto";
      s.zIndex = "2147483647"; s.background = "#fff8f0"; s.color = "#5c1a00";
      s.borderBottom = "4px solid #b33c00"; s.padding = "1rem"; s.font = "14px/1.4 monospace";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var heading = document.createElement("strong");
    heading.textContent = "chiso: the last change has problems; this is the last good build.";
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = problems.join("\n");
    overlay.append(heading, list);
  }
  function problems() {
    return fetch("/__chiso/problems").then(function (r) { return r.text(); })
      .then(function (t) { show(t ? t.split("\n") : []); });
  }
  function wait() {
    fetch("/__chiso/wait?page=" + encodeURIComponent(location.pathname) +
        (version === null ? "" : "&version=" + version))
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (version !== null && v !== version) { location.reload(); return; }
        version = v;
        return problems().then(wait);
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"##;

/// How long the folder must be quiet after a change before the preview builds: long enough
/// for an editor's save (its writes come within milliseconds of each other) and for each file
/// of a checkout, short enough not to be felt. A checkout slower than that builds again once
/// it is done.
const QUIET: Duration = Duration::from_millis(50);

/// The longest request line the preview reads (answered 414 beyond).
const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most header bytes the preview reads (answered 431 beyond).
const MAX_HEADERS: usize = 64 * 1024;

/// How many versions of the served site remember which pages they changed; a page seen
/// longer ago than that reloads.
const REMEMBERED: usize = 16;

/// The state of the builds: the version served (pages that it changed reload), how many
/// builds have finished (long-polling requests wake on either), and the problems of the last
/// one.
struct Version {
    state: Mutex<BuildState>,
    changed: Condvar,
}

#[derive(Default)]
struct BuildState {
    /// The version served: one more for each successful build and each preview.
    succeeded: u64,
    finished: u64,
    problems: Vec<String>,
    /// The pages a preview rendered ahead of the build, by path in the output folder: served
    /// instead of the output's files until the build is done.
    preview: HashMap<String, Vec<u8>>,
    /// Which pages each of the last versions changed.
    changes: BTreeMap<u64, Changed>,
}

/// The pages a new version changed.
enum Changed {
    /// Only these: a preview.
    Only(HashSet<String>),
    /// Any but these: a build that published the previewed pages as they were shown.
    AllBut(HashSet<String>),
}

impl BuildState {
    /// Serves a new version that changed `changed`.
    fn advance(&mut self, changed: Changed) {
        self.succeeded += 1;
        self.changes.insert(self.succeeded, changed);
        while self.changes.len() > REMEMBERED {
            self.changes.pop_first();
        }
    }

    /// Whether the page at `page` in the output folder (any page, when not told), as served at
    /// version `seen`, is not what is served now.
    fn stale(&self, seen: u64, page: Option<&str>) -> bool {
        seen > self.succeeded
            || (seen + 1..=self.succeeded).any(|v| match (self.changes.get(&v), page) {
                (Some(Changed::Only(pages)), Some(page)) => pages.contains(page),
                (Some(Changed::AllBut(pages)), Some(page)) => !pages.contains(page),
                _ => true,
            })
    }
}

pub fn serve(
    dir: &Path,
    out: &Path,
    bind: &str,
    port: u16,
    quiet: bool,
    force: bool,
) -> Result<(), Failure> {
    let listener = TcpListener::bind((bind, port))
        .map_err(|e| Failure::Serve(format!("cannot listen on {bind}:{port}: {e}")))?;
    // `--port 0` lets the system choose a free port; the address printed is the real one.
    let port = listener.local_addr().map_or(port, |a| a.port());
    let url = format!("http://{bind}:{port}/");
    let options = BuildOptions {
        out: out.to_path_buf(),
        base_url: Some(url.clone()),
        live_reload: true,
        force,
        cache: crate::cache::Cache::from_env(),
        ..BuildOptions::default()
    };
    let version = Arc::new(Version {
        state: Mutex::new(BuildState::default()),
        changed: Condvar::new(),
    });
    let mut kept = rebuild(dir, &options, &version, quiet);
    eprintln!("Serving {} at {url} (Ctrl+C to stop)", dir.display());

    // Events carry paths under the watched folder: watch its canonical path so they can be
    // compared with it whatever form DIR was given in.
    let watched = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let (events, changes) = std::sync::mpsc::channel();
    let cannot_watch = |e: notify::Error| {
        Failure::Serve(format!("cannot watch {} for changes: {e}", dir.display()))
    };
    let mut watcher = notify::recommended_watcher(events).map_err(cannot_watch)?;
    watcher
        .watch(&watched, RecursiveMode::Recursive)
        .map_err(cannot_watch)?;
    let rebuild_version = Arc::clone(&version);
    std::thread::spawn(move || {
        let _watcher = watcher;
        while let Ok(event) = changes.recv() {
            let mut changed = changed_sources(&event, &watched);
            if changed.is_empty() {
                continue;
            }
            // Editors save in several steps, within milliseconds; a checkout writes many files
            // in a stream: wait until the folder is quiet, then build once.
            while let Ok(event) = changes.recv_timeout(QUIET) {
                changed.extend(changed_sources(&event, &watched));
            }
            if let Some(kept) = &kept {
                show_preview(&watched, &options, kept, &changed, &rebuild_version, quiet);
            }
            // Nothing is kept when nothing changed or the build failed: what was kept of the
            // last good build still holds.
            if let Some(newer) = rebuild(&watched, &options, &rebuild_version, quiet) {
                kept = Some(newer);
            }
        }
    });

    for stream in listener.incoming().filter_map(Result::ok) {
        let out = out.to_path_buf();
        let version = Arc::clone(&version);
        std::thread::spawn(move || {
            let _ = handle(stream, &out, &version);
        });
    }
    Ok(())
}

/// Serves the pages that show the indicators whose tables alone `changed` (paths relative to
/// the portal), rendered ahead of the build ([`preview`]), and tells their readers to reload.
fn show_preview(
    dir: &Path,
    options: &BuildOptions,
    kept: &Kept,
    changed: &BTreeSet<PathBuf>,
    version: &Version,
    quiet: bool,
) {
    let started = std::time::Instant::now();
    preview(dir, options, kept, changed, |pages| {
        let count = pages.len();
        let mut state = version.state.lock().expect("not poisoned");
        state.advance(Changed::Only(
            pages.iter().map(|(page, _)| page.clone()).collect(),
        ));
        state.preview = pages.into_iter().collect();
        version.changed.notify_all();
        drop(state);
        if !quiet {
            eprintln!(
                "Previewed the {count} pages that show the edited data in {:.2} s; building the rest",
                started.elapsed().as_secs_f64()
            );
        }
    });
}

/// Builds, and serves what was built; returns what the previews of the next edits need.
fn rebuild(dir: &Path, options: &BuildOptions, version: &Version, quiet: bool) -> Option<Kept> {
    let progress = progress_bar(quiet);
    let result = build_keeping(dir, options, &reporter(&progress));
    progress.finish_and_clear();
    let mut state = version.state.lock().expect("not poisoned");
    let previewed = std::mem::take(&mut state.preview);
    let kept = match result {
        Ok((summary, kept)) => {
            crate::cli::warn(&summary.warnings);
            if !quiet {
                eprintln!("{}", summary_line(&summary, &options.out));
            }
            // The pages published as the preview showed them need not reload again.
            let as_shown = (previewed.into_iter())
                .filter(|(page, bytes)| {
                    std::fs::read(options.out.join(page)).ok().as_ref() == Some(bytes)
                })
                .map(|(page, _)| page)
                .collect();
            state.advance(Changed::AllBut(as_shown));
            state.problems.clear();
            kept
        }
        Err(stopped) => {
            report(&stopped, "still serving the last good build");
            state.problems = (stopped.problems.iter().map(ToString::to_string))
                .chain(stopped.failures.iter().map(ToString::to_string))
                .collect();
            // The previewed pages are the last good build's again.
            if !previewed.is_empty() {
                state.advance(Changed::Only(previewed.into_keys().collect()));
            }
            None
        }
    };
    state.finished += 1;
    version.changed.notify_all();
    kept
}

/// The source files an event changes, relative to the portal at `root`. Reading files (which
/// the build itself does) raises access events; those never count.
fn changed_sources(event: &notify::Result<notify::Event>, root: &Path) -> BTreeSet<PathBuf> {
    let Ok(event) = event else {
        return BTreeSet::new();
    };
    let changes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    );
    let metadata_only = matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    );
    if !changes || metadata_only {
        return BTreeSet::new();
    }
    (event.paths.iter())
        .filter(|p| is_source(p, root))
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(Path::to_path_buf)
        .collect()
}

/// Whether a changed path is one of the portal's sources: the configuration, or a file under
/// a folder the build reads. The output folder, staging folders, `.git` and editors' hidden or
/// backup files are not, so a build never triggers another.
fn is_source(path: &Path, root: &Path) -> bool {
    const SOURCES: [&str; 6] = ["data", "content", "themes", "templates", "static", "i18n"];
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let visible = parts
        .iter()
        .all(|p| !p.starts_with('.') && !p.ends_with('~'));
    match parts.first().map(String::as_str) {
        Some(crate::model::config::CONFIG_FILE) => parts.len() == 1,
        Some(first) => visible && SOURCES.contains(&first),
        None => false,
    }
}

/// A response: status, media type and body.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into().into_bytes(),
        }
    }
}

/// Reads one request, bounded in size and time, answers it and closes the connection.
fn handle(stream: TcpStream, out: &Path, version: &Version) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    match read_head(&mut reader) {
        Ok((method, target)) => {
            let reply = match method.as_str() {
                "GET" | "HEAD" => respond(&target, out, version),
                _ => Reply::text(405, "Method Not Allowed"),
            };
            write_reply(&stream, reply)
        }
        Err(refused) => {
            write_reply(&stream, refused)?;
            // The client may still be sending the request: closing with it unread would
            // reset the connection, and the client could lose the answer. Read on (a little).
            stream.shutdown(std::net::Shutdown::Write)?;
            stream.set_read_timeout(Some(Duration::from_secs(1)))?;
            let _ = std::io::copy(&mut reader.take(MAX_HEADERS as u64), &mut std::io::sink());
            Ok(())
        }
    }
}

/// Reads the request line and the headers, refusing what is over the limits; returns the
/// method and the target.
fn read_head(reader: &mut impl BufRead) -> Result<(String, String), Reply> {
    let line = read_line(reader, MAX_REQUEST_LINE)
        .map_err(|too_long| Reply::text(if too_long { 414 } else { 400 }, "Bad Request"))?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(Reply::text(400, "Bad Request"));
    };
    let mut headers = 0;
    loop {
        let header = read_line(reader, MAX_HEADERS - headers).map_err(|too_long| {
            Reply::text(
                if too_long { 431 } else { 400 },
                "Request Header Fields Too Large",
            )
        })?;
        if header.is_empty() {
            return Ok((method.to_string(), target.to_string()));
        }
        headers += header.len() + 2;
    }
}

/// One line without its line ending, of at most `limit` bytes; `Err(true)` when longer,
/// `Err(false)` when the connection ended or the line is not UTF-8.
fn read_line(reader: &mut impl BufRead, limit: usize) -> Result<String, bool> {
    let mut line = Vec::new();
    let read = reader
        .take(limit as u64 + 2)
        .read_until(b'\n', &mut line)
        .map_err(|_| false)?;
    if read == 0 {
        return Err(false);
    }
    if !line.ends_with(b"\n") {
        return Err(line.len() > limit);
    }
    while line.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        line.pop();
    }
    if line.len() > limit {
        return Err(true);
    }
    String::from_utf8(line).map_err(|_| false)
}

fn write_reply(mut stream: &TcpStream, reply: Reply) -> std::io::Result<()> {
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}

fn respond(target: &str, out: &Path, version: &Version) -> Reply {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/__chiso/live-reload.js" => Reply {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: LIVE_RELOAD_JS.as_bytes().to_vec(),
        },
        "/__chiso/wait" => {
            let parameter = |name: &str| {
                (query.split('&'))
                    .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                    .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy())
            };
            let seen: Option<u64> = parameter("version").and_then(|v| v.parse().ok());
            let page = parameter("page").map(|p| output_file(out, &p).1);
            let page = page.as_deref();
            let mut state = version.state.lock().expect("not poisoned");
            if let Some(seen) = seen {
                // Wake when the page changed or a build has finished, successful or not.
                let finished = state.finished;
                let deadline = std::time::Instant::now() + Duration::from_secs(25);
                while !state.stale(seen, page)
                    && state.finished == finished
                    && std::time::Instant::now() < deadline
                {
                    state = version
                        .changed
                        .wait_timeout(state, Duration::from_secs(25))
                        .expect("not poisoned")
                        .0;
                }
            }
            // A page that did not change keeps its version, and is not reloaded.
            let answer = match seen {
                Some(seen) if !state.stale(seen, page) => seen,
                _ => state.succeeded,
            };
            Reply::text(200, answer.to_string())
        }
        "/__chiso/problems" => {
            let state = version.state.lock().expect("not poisoned");
            Reply::text(200, state.problems.join("\n"))
        }
        _ => {
            let (file, inside) = output_file(out, path);
            let previewed = (version.state.lock().expect("not poisoned").preview)
                .get(&inside)
                .cloned();
            file_response(out, &file, previewed)
        }
    }
}

/// The file of the output folder that a URL path names, and its path inside the folder (`/`
/// between parts); `..` never leaves it.
fn output_file(out: &Path, url_path: &str) -> (PathBuf, String) {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8_lossy();
    let mut parts: Vec<&str> = (decoded.split('/'))
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    if out.join(parts.iter().collect::<PathBuf>()).is_dir() {
        parts.push("index.html");
    }
    let path = out.join(parts.iter().collect::<PathBuf>());
    (path, parts.join("/"))
}

/// Serves the file at `path` in the output folder `out`, or the bytes a preview shows in its
/// place.
fn file_response(out: &Path, path: &Path, previewed: Option<Vec<u8>>) -> Reply {
    match previewed.map_or_else(|| std::fs::read(path), Ok) {
        Ok(body) => Reply {
            status: 200,
            content_type: crate::site::catalog::media_type_of(&path.to_string_lossy()),
            body,
        },
        Err(_) => Reply {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: std::fs::read(out.join("404.html")).unwrap_or_else(|_| b"Not found".to_vec()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the preview answers for `url_path`, no page previewed.
    fn served(out: &Path, url_path: &str) -> Reply {
        file_response(out, &output_file(out, url_path).0, None)
    }

    #[test]
    fn only_source_files_trigger_a_rebuild() {
        let root = Path::new("/srv/.portal");
        assert!(is_source(Path::new("/srv/.portal/chiso.toml"), root));
        assert!(is_source(
            Path::new("/srv/.portal/data/indicators/x.csv"),
            root
        ));
        assert!(is_source(
            Path::new("/srv/.portal/content/vi/about.md"),
            root
        ));
        assert!(!is_source(Path::new("/srv/.portal"), root));
        assert!(!is_source(
            Path::new("/srv/.portal/public/vi/index.html"),
            root
        ));
        assert!(!is_source(
            Path::new("/srv/.portal/.public.chiso-staging-1/x"),
            root
        ));
        assert!(!is_source(Path::new("/srv/.portal/data/.x.csv.swp"), root));
        assert!(!is_source(Path::new("/srv/.portal/data/x.csv~"), root));
        assert!(!is_source(Path::new("/elsewhere/data/x.csv"), root));
    }

    #[test]
    fn never_serves_files_outside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(out.join("404.html"), "missing").unwrap();
        assert_eq!(served(&out, "/../secret.txt").status, 404);
        assert_eq!(served(&out, "/%2E%2E/secret.txt").status, 404);
    }

    #[test]
    fn serves_index_pages_of_folders_with_encoded_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("vi/targets/CL.III.1.đ")).unwrap();
        std::fs::write(dir.path().join("vi/targets/CL.III.1.đ/index.html"), "đ").unwrap();
        let response = served(dir.path(), "/vi/targets/CL.III.1.%C4%91/");
        assert_eq!(response.status, 200);
    }

    #[test]
    fn request_lines_and_headers_are_bounded() {
        let head = |text: String| read_head(&mut std::io::Cursor::new(text.into_bytes()));
        let ok = head("GET /vi/ HTTP/1.1\r\nHost: x\r\n\r\n".into());
        assert_eq!(ok.ok(), Some(("GET".to_string(), "/vi/".to_string())));
        let long_line = head(format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(9000)));
        assert_eq!(long_line.err().map(|r| r.status), Some(414));
        let big_headers = head(format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(2000)
        ));
        assert_eq!(big_headers.err().map(|r| r.status), Some(431));
        let endless = head(format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(100_000)));
        assert_eq!(endless.err().map(|r| r.status), Some(431));
    }
}
