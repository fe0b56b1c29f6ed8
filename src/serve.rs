//! `chiso serve`: build, serve the output on this machine, rebuild when a file changes and
//! reload the open browser tab. The preview listens on 127.0.0.1 unless told otherwise.

use crate::build::{BuildOptions, build};
use crate::cli::{progress_bar, report, summary_line};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

/// The script pages load in preview: it waits for the next successful build, then reloads.
const LIVE_RELOAD_JS: &str = r#"(function () {
  var version = null;
  function wait() {
    fetch('/__chiso/wait' + (version === null ? '' : '?version=' + version))
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (version !== null && v !== version) { location.reload(); return; }
        version = v;
        wait();
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"#;

/// How many builds have succeeded; long-polling requests wait for it to change.
struct Version {
    count: Mutex<u64>,
    changed: Condvar,
}

pub fn serve(
    dir: &Path,
    out: &Path,
    bind: &str,
    port: u16,
    quiet: bool,
    force: bool,
) -> Result<(), String> {
    let server =
        Server::http((bind, port)).map_err(|e| format!("cannot listen on {bind}:{port}: {e}"))?;
    let url = format!("http://{bind}:{port}/");
    let options = BuildOptions {
        out: out.to_path_buf(),
        base_url: Some(url.clone()),
        live_reload: true,
        force,
    };
    let version = Arc::new(Version {
        count: Mutex::new(0),
        changed: Condvar::new(),
    });
    rebuild(dir, &options, &version, quiet);
    eprintln!("Serving {} at {url} (Ctrl+C to stop)", dir.display());

    // Events carry paths under the watched folder: watch its canonical path so they can be
    // compared with it whatever form DIR was given in.
    let watched = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let (events, changes) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(events)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    watcher
        .watch(&watched, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    let rebuild_version = Arc::clone(&version);
    std::thread::spawn(move || {
        let _watcher = watcher;
        while let Ok(event) = changes.recv() {
            if !is_change(&event, &watched) {
                continue;
            }
            // Editors save in several steps: wait until the folder is quiet, then build once.
            while changes.recv_timeout(Duration::from_millis(300)).is_ok() {}
            rebuild(&watched, &options, &rebuild_version, quiet);
        }
    });

    for request in server.incoming_requests() {
        let out = out.to_path_buf();
        let version = Arc::clone(&version);
        std::thread::spawn(move || respond(request, &out, &version));
    }
    Ok(())
}

fn rebuild(dir: &Path, options: &BuildOptions, version: &Version, quiet: bool) {
    let progress = progress_bar(quiet);
    let result = build(dir, options, &progress);
    progress.finish_and_clear();
    match result {
        Ok(summary) => {
            crate::cli::warn(&summary.warnings);
            if !quiet {
                eprintln!("{}", summary_line(&summary, &options.out));
            }
            *version.count.lock().expect("not poisoned") += 1;
            version.changed.notify_all();
        }
        Err(problems) => {
            report(&problems, "still serving the last good build");
        }
    }
}

/// Whether an event changes a source file. Reading files (which the build itself does) raises
/// access events; those never count.
fn is_change(event: &notify::Result<notify::Event>, root: &Path) -> bool {
    let Ok(event) = event else { return false };
    let changes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    );
    let metadata_only = matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    );
    changes && !metadata_only && event.paths.iter().any(|p| is_source(p, root))
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
        Some(crate::config::CONFIG_FILE) => parts.len() == 1,
        Some(first) => visible && SOURCES.contains(&first),
        None => false,
    }
}

fn respond(request: Request, out: &Path, version: &Version) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match path {
        "/__chiso/live-reload.js" => {
            text_response(200, LIVE_RELOAD_JS, "text/javascript; charset=utf-8")
        }
        "/__chiso/wait" => {
            let seen: Option<u64> = query.strip_prefix("version=").and_then(|v| v.parse().ok());
            let mut current = version.count.lock().expect("not poisoned");
            if let Some(seen) = seen {
                let deadline = std::time::Instant::now() + Duration::from_secs(25);
                while *current == seen && std::time::Instant::now() < deadline {
                    current = version
                        .changed
                        .wait_timeout(current, Duration::from_secs(25))
                        .expect("not poisoned")
                        .0;
                }
            }
            text_response(200, &current.to_string(), "text/plain; charset=utf-8")
        }
        _ => file_response(out, path),
    };
    let _ = request.respond(response);
}

fn text_response(
    status: u16,
    body: &str,
    content_type: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", content_type).expect("valid header"))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header"))
}

/// Serves a file of the output folder; `..` never leaves it.
fn file_response(out: &Path, url_path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8_lossy()
        .into_owned();
    let relative: PathBuf = decoded
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    let mut path = out.join(relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    match std::fs::read(&path) {
        Ok(bytes) => Response::from_data(bytes)
            .with_header(
                Header::from_bytes("Content-Type", content_type(&path)).expect("valid header"),
            )
            .with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header")),
        Err(_) => {
            let body =
                std::fs::read(out.join("404.html")).unwrap_or_else(|_| b"Not found".to_vec());
            Response::from_data(body).with_status_code(404).with_header(
                Header::from_bytes("Content-Type", "text/html; charset=utf-8")
                    .expect("valid header"),
            )
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "jsonld" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "txt" => "text/plain; charset=utf-8",
        "ttl" => "text/turtle; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let response = file_response(&out, "/../secret.txt");
        assert_eq!(response.status_code().0, 404);
        let response = file_response(&out, "/%2E%2E/secret.txt");
        assert_eq!(response.status_code().0, 404);
    }

    #[test]
    fn serves_index_pages_of_folders_with_encoded_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("vi/targets/CL.III.1.đ")).unwrap();
        std::fs::write(dir.path().join("vi/targets/CL.III.1.đ/index.html"), "đ").unwrap();
        let response = file_response(dir.path(), "/vi/targets/CL.III.1.%C4%91/");
        assert_eq!(response.status_code().0, 200);
    }
}
