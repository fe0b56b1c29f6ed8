//! Git history, `chiso diff` and releases, on real git repositories made in temporary
//! folders: init, commit, edit, commit, with fixed names and dates so results never vary.

mod common;

use common::{Site, visible_text};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The demo portal in a git repository of its own.
struct Repo {
    site: Site,
}

impl Repo {
    /// The demo fixture, committed once on `main` on `date`.
    fn new(date: &str) -> Repo {
        let repo = Repo {
            site: Site::fixture("demo"),
        };
        repo.site.write(
            ".gitignore",
            "/public/\n.*.chiso-staging-*\n.*.chiso-old-*\n",
        );
        repo.git(&["init", "--quiet", "--initial-branch=main"], date);
        repo.commit("Initial data", date);
        repo
    }

    fn root(&self) -> &Path {
        self.site.root()
    }

    /// Runs git in the repository with a fixed identity and date, away from any user or
    /// system configuration.
    fn git(&self, args: &[&str], date: &str) -> String {
        let out = git_command(self.root(), date).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn commit(&self, message: &str, date: &str) -> String {
        self.git(&["add", "--all"], date);
        self.git(&["commit", "--quiet", "--message", message], date);
        self.head(date)
    }

    fn head(&self, date: &str) -> String {
        self.git(&["rev-parse", "HEAD"], date).trim().to_string()
    }

    /// Runs `chiso` with `args` in the repository.
    fn chiso(&self, args: &[&str]) -> Output {
        common::chiso_command()
            .args(args)
            .current_dir(self.root())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap()
    }

    fn diff_json(&self, args: &[&str]) -> Value {
        let mut all = vec!["diff", "--format", "json"];
        all.extend(args);
        let out = self.chiso(&all);
        assert!(
            out.status.success(),
            "chiso diff: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn diff_markdown(&self, args: &[&str]) -> String {
        let mut all = vec!["diff"];
        all.extend(args);
        let out = self.chiso(&all);
        assert!(
            out.status.success(),
            "chiso diff: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn git_command(dir: &Path, date: &str) -> Command {
    let stamp = format!("{date}T12:00:00+07:00");
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Data Clerk")
        .env("GIT_AUTHOR_EMAIL", "clerk@example.org")
        .env("GIT_COMMITTER_NAME", "Data Clerk")
        .env("GIT_COMMITTER_EMAIL", "clerk@example.org")
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp);
    command
}

const INDICATOR_CSV: &str = "data/indicators/dvc-truc-tuyen.csv";
const INDICATOR_TOML: &str = "data/indicators/dvc-truc-tuyen.toml";

/// The facts list of a page, as a reader sees it.
fn text(site: &Site, page: &str) -> String {
    visible_text(&site.page(page))
}

#[test]
fn pages_show_when_and_how_each_indicator_changed_in_git() {
    let repo = Repo::new("2024-01-15");
    repo.site.edit(
        "chiso.toml",
        "[license]",
        "[history]\ncommit_url = \"https://git.example.org/portal/commit/{commit}\"\n\n[license]",
    );
    repo.commit("Link commits", "2024-01-20");
    repo.site
        .edit(INDICATOR_CSV, "2021,42.5,,,s2,,", "2021,43.1,,,s2,,");
    let update = repo.commit("Revise the 2021 figure", "2024-03-02");
    repo.site.build();

    let page = text(&repo.site, "en/indicators/dvc-truc-tuyen/index.html");
    assert!(page.contains("Last updated 2024-03-02"), "{page}");
    assert!(page.contains("Revisions"));
    assert!(
        page.contains("2024-03-02 Figures revised commit message: Revise the 2021 figure"),
        "{page}"
    );
    assert!(page.contains("2024-01-15 New figures commit message: Initial data"));
    let html = repo.site.page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(html.contains(&format!(
        "<a href=\"https://git.example.org/portal/commit/{update}\"><code>{}</code></a>",
        &update[..7]
    )));
    // An indicator whose files did not change keeps the first commit's date and one change.
    let other = text(&repo.site, "en/indicators/xep-hang/index.html");
    assert!(other.contains("Last updated 2024-01-15"), "{other}");
    assert!(!other.contains("Revise the 2021 figure"));
    // Downloads read the same date.
    let json: Value =
        serde_json::from_str(&repo.site.page("data/indicators/dvc-truc-tuyen.json")).unwrap();
    assert_eq!(json["updated"], "2024-03-02");
    // Datasets too, in Vietnamese.
    let dataset = text(&repo.site, "vi/datasets/nhiem-vu/index.html");
    assert!(
        dataset.contains("Cập nhật lần cuối 2024-01-15"),
        "{dataset}"
    );
    assert!(dataset.contains("Các lần sửa đổi"));
}

#[test]
fn each_change_says_what_it_did_to_the_data_and_commit_messages_are_marked_with_their_language() {
    let repo = Repo::new("2024-01-15");
    let csv = repo.site.read_source(INDICATOR_CSV);
    repo.site
        .write(INDICATOR_CSV, format!("{csv}2024,70,,,s2,,\n"));
    repo.commit("Add 2024", "2024-02-01");
    repo.site
        .edit(INDICATOR_CSV, "2021,42.5,,,s2,,", "2021,43.1,,,s2,,");
    repo.commit("Revise 2021", "2024-03-01");
    repo.site.edit(
        INDICATOR_TOML,
        "Share of procedures provided fully online.",
        "Share of procedures provided fully online, end to end.",
    );
    repo.commit("Reword the definition", "2024-04-01");
    repo.site.build();

    let updates = repo.site.page("en/updates/index.html");
    let text = visible_text(&updates[updates.find("<main").unwrap()..]);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {text}"))
    };
    let described = at("2024-04-01 Share of level-4 online public services Description updated");
    let revised = at("2024-03-01 Share of level-4 online public services Figures revised");
    let added = at("2024-02-01 Share of level-4 online public services New figures");
    assert!(
        described < revised && revised < added,
        "newest first: {text}"
    );
    assert!(
        !text.contains("Revise 2021"),
        "the updates page names changes by what they did, not by commit messages: {text}"
    );

    // The portal's commit messages are in its default language, Vietnamese, unless it says
    // otherwise: an English page marks them.
    let page = repo.site.page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(
        page.contains(r#"Figures revised<br><span class="commit-message">commit message: <q lang="vi">Revise 2021</q></span>"#),
        "{page}"
    );
    repo.site.edit(
        "chiso.toml",
        "[license]",
        "[history]\ncommit_language = \"en\"\n\n[license]",
    );
    repo.site.build();
    let vi = repo.site.page("vi/indicators/dvc-truc-tuyen/index.html");
    assert!(
        vi.contains(r#"Số liệu mới<br><span class="commit-message">nội dung commit: <q lang="en">Add 2024</q></span>"#),
        "{vi}"
    );
}

#[test]
fn a_commit_language_that_is_not_a_language_code_is_reported_where_it_is_written() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "[license]",
        "[history]\ncommit_language = \"English <b>\"\n\n[license]",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.contains(
            "history.commit_language: expected a language code such as `en` or `vi`, found \"English <b>\""
        ) && p.starts_with("chiso.toml:")),
        "{problems:#?}"
    );
}

#[test]
fn without_git_the_metadata_date_is_shown_and_no_history() {
    let site = Site::fixture("demo");
    let summary = site.build();
    let page = text(&site, "en/indicators/dvc-truc-tuyen/index.html");
    assert!(page.contains("Last updated 2023-05-01"), "{page}");
    assert!(!page.contains("Revisions"));
    assert!(
        summary.notes.iter().all(|n| !n.contains("history")),
        "{:?}",
        summary.notes
    );
}

#[test]
fn a_shallow_clone_says_history_is_unavailable_rather_than_giving_wrong_dates() {
    let repo = Repo::new("2024-01-15");
    repo.site
        .edit(INDICATOR_CSV, "2021,42.5,,,s2,,", "2021,43.1,,,s2,,");
    repo.commit("Revise", "2024-03-02");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.root().display());
    let out = git_command(clones.path(), "2024-03-03")
        .args(["clone", "--quiet", "--depth", "1", &url, "shallow"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shallow = Site { dir: clones };
    let root = shallow.root().join("shallow");
    let options = chiso::build::BuildOptions {
        out: root.join("public"),
        base_url: None,
        live_reload: false,
        ..Default::default()
    };
    let summary = chiso::build::build(&root, &options, &|_| {}).unwrap();
    assert!(summary.notes[0].contains("history unavailable (shallow clone)"));
    let page = visible_text(
        &std::fs::read_to_string(root.join("public/en/indicators/dvc-truc-tuyen/index.html"))
            .unwrap(),
    );
    assert!(
        page.contains("Revision history unavailable (shallow clone)"),
        "{page}"
    );
    assert!(page.contains("Last updated 2023-05-01"), "{page}");
}

#[test]
fn revision_notes_are_listed_as_scheduled_revisions_or_corrections() {
    let site = Site::fixture("demo");
    site.edit(
        INDICATOR_TOML,
        "[[sources]]",
        "[[revisions]]\ndate = \"2024-02-01\"\nkind = \"correction\"\nnote = { vi = \"Sửa số liệu năm 2021 do lỗi nhập liệu.\", en = \"The 2021 figure was mistyped.\" }\n\n[[revisions]]\ndate = \"2024-06-30\"\nkind = \"scheduled\"\nnote = { vi = \"Cập nhật hằng năm.\", en = \"Annual update with 2023 data.\" }\n\n[[sources]]",
    );
    site.build();
    let en = text(&site, "en/indicators/dvc-truc-tuyen/index.html");
    assert!(en.contains(
        "2024-06-30 · Scheduled revision: Annual update with 2023 data. 2024-02-01 · Correction: The 2021 figure was mistyped."
    ), "{en}");
    // The newest note is later than the metadata's `updated`: it is the last update.
    assert!(en.contains("Last updated 2024-06-30"));
    let vi = text(&site, "vi/indicators/dvc-truc-tuyen/index.html");
    assert!(vi.contains("2024-02-01 · Đính chính: Sửa số liệu năm 2021 do lỗi nhập liệu."));
    assert!(vi.contains("Sửa đổi theo kế hoạch"));
}

#[test]
fn revision_notes_with_problems_are_reported_with_file_and_line() {
    let site = Site::fixture("demo");
    site.edit(
        INDICATOR_TOML,
        "[[sources]]",
        "[[revisions]]\ndate = \"2024\"\nkind = \"correction\"\nnote = \"x\"\n\n[[sources]]",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.starts_with("data/indicators/dvc-truc-tuyen.toml:8:8: revisions.date: expected a date YYYY-MM-DD, found \"2024\"")),
        "{problems:?}"
    );
    site.edit(
        INDICATOR_TOML,
        "date = \"2024\"\nkind = \"correction\"",
        "date = \"2024-01-01\"\nkind = \"fix\"",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.contains("dvc-truc-tuyen.toml:9")
            && p.contains("scheduled")
            && p.contains("correction")),
        "{problems:?}"
    );
}

/// Edits the demo portal in ways a pull request would.
fn edit_data(repo: &Repo) {
    // Observations: one changed, one added, one removed.
    repo.site
        .edit(INDICATOR_CSV, "2021,42.5,,,s2,,", "2021,43.1,,,s2,,");
    repo.site
        .edit(INDICATOR_CSV, "2022,61.25,bo-b,,s2,Ước tính,Estimate\n", "");
    repo.site.edit(
        INDICATOR_CSV,
        "2023,,,,s2,Chưa có số liệu,Not yet available",
        "2023,,,,s2,Chưa có số liệu,Not yet available\n2024,80,,,s2,,",
    );
    // Metadata.
    repo.site
        .edit(INDICATOR_TOML, "version = \"1.1\"", "version = \"1.2\"");
    // A target's deadline, and a rank that now meets its target.
    repo.site.edit(
        "data/goals/G1.toml",
        "value = 100\ncomparison = \"at-least\"\nunit = \"percent\"\ndeadline = \"2025\"",
        "value = 100\ncomparison = \"at-least\"\nunit = \"percent\"\ndeadline = \"2030\"",
    );
    repo.site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71,,un,,",
        "2024,45,,un,,",
    );
    // The dataset: a status changed, a row added.
    repo.site.edit(
        "data/tasks.csv",
        "Build the data platform,bo-b,2019-08,,,,,",
        "Build the data platform,bo-b,2019-08,,,completed,2024-01,",
    );
    let tasks = repo.site.read_source("data/tasks.csv");
    repo.site.write(
        "data/tasks.csv",
        format!("{tasks}III-1,III. Mới,III. New,Nhiệm vụ mới,A new task,bo-a,2024,,,,,,,strategy,Phụ lục III\n"),
    );
}

#[test]
fn diff_lists_observations_metadata_targets_statuses_and_dataset_rows() {
    let repo = Repo::new("2024-01-15");
    let base = repo.head("2024-01-15");
    edit_data(&repo);
    let json = repo.diff_json(&[&base]);

    assert_eq!(json["to"], "working tree");
    let indicators = json["indicators"]["changed"].as_array().unwrap();
    let dvc = indicators
        .iter()
        .find(|i| i["id"] == "dvc-truc-tuyen")
        .expect("dvc-truc-tuyen changed");
    let obs = &dvc["observations"];
    assert_eq!(obs["changed"].as_array().unwrap().len(), 1);
    assert_eq!(obs["changed"][0]["period"], "2021");
    assert_eq!(obs["changed"][0]["source"], "s2");
    assert_eq!(obs["changed"][0]["old"], "42.5");
    assert_eq!(obs["changed"][0]["new"], "43.1");
    assert_eq!(obs["added"][0]["period"], "2024");
    assert_eq!(obs["added"][0]["value"], "80");
    assert_eq!(obs["removed"][0]["period"], "2022");
    assert_eq!(obs["removed"][0]["dimensions"]["agency"], "bo-b");
    assert_eq!(obs["removed"][0]["value"], "61.25");
    assert_eq!(dvc["metadata"][0]["field"], "version");
    assert_eq!(dvc["metadata"][0]["old"], "1.1");
    assert_eq!(dvc["metadata"][0]["new"], "1.2");

    let target = &json["targets"]["changed"][0];
    assert_eq!(target["id"], "G1.a");
    assert_eq!(target["fields"][0]["field"], "deadline");
    assert_eq!(target["fields"][0]["old"], "2025");
    assert_eq!(target["fields"][0]["new"], "2030");

    let statuses = json["statuses"].as_array().unwrap();
    let rank = statuses
        .iter()
        .find(|s| s["target"] == "G1.đ")
        .expect("the rank target's status changes");
    assert_ne!(rank["from"], rank["to"]);
    assert_eq!(rank["to"], "achieved");

    let tasks = &json["datasets"]["changed"][0];
    assert_eq!(tasks["id"], "nhiem-vu");
    let rows = &tasks["rows"];
    assert_eq!(rows["key"], "id");
    assert_eq!(
        (
            rows["added"].as_u64(),
            rows["removed"].as_u64(),
            rows["changed"].as_u64()
        ),
        (Some(1), Some(0), Some(1))
    );
    assert_eq!(rows["sample_added"][0][0], "III-1");
    assert_eq!(rows["sample_changed"][0]["key"], "II-2.1");
    assert_eq!(rows["sample_changed"][0]["cells"][0]["field"], "status");
    assert_eq!(rows["sample_changed"][0]["cells"][0]["new"], "completed");

    let md = repo.diff_markdown(&[&base]);
    assert!(
        md.contains(&format!(
            "## Data changes from `{}` to `working tree`",
            &base[..7]
        )),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "| `G1.đ` | {} | achieved |",
            rank["from"].as_str().unwrap().replace('-', " ")
        )),
        "{md}"
    );
    assert!(
        md.contains("| changed | 2021 | total | s2 | 42.5 | 43.1 |"),
        "{md}"
    );
    assert!(md.contains("| added | 2024 | total | s2 |  | 80 |"), "{md}");
    assert!(
        md.contains("| removed | 2022 | agency=bo-b | s2 | 61.25 |  |"),
        "{md}"
    );
    assert!(md.contains("| version | 1.1 | 1.2 |"));
    assert!(md.contains("| deadline | 2025 | 2030 |"));
    assert!(
        md.contains("Rows: 3 → 4: 1 added, 0 removed, 1 changed (rows matched by `id`)."),
        "{md}"
    );
    assert!(md.contains("| II-2.1 | status |  | completed |"), "{md}");
    // The same revisions always give the same report.
    assert_eq!(md, repo.diff_markdown(&[&base]));
}

#[test]
fn diff_compares_two_revisions_and_exit_code_tells_ci_whether_anything_changed() {
    let repo = Repo::new("2024-01-15");
    let first = repo.head("2024-01-15");
    repo.site
        .edit(INDICATOR_CSV, "2021,42.5,,,s2,,", "2021,43.1,,,s2,,");
    let second = repo.commit("Revise", "2024-02-01");
    let out = repo.chiso(&["diff", "--exit-code", &first, &second]);
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains(&format!("from `{}` to `{}`", &first[..7], &second[..7])),
        "{md}"
    );
    assert!(md.contains("**1 indicator changed**"), "{md}");

    let out = repo.chiso(&["diff", "--exit-code", &second, &second]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No data changes."));

    let out = repo.chiso(&["diff", "no-such-revision"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no commit named \"no-such-revision\""));
}

#[test]
fn diff_by_default_shows_a_branch_and_its_uncommitted_edits_against_the_default_branch() {
    let repo = Repo::new("2024-01-15");
    repo.git(&["checkout", "--quiet", "-b", "update-2024"], "2024-01-16");
    repo.site
        .edit(INDICATOR_CSV, "2021,42.5,,,s2,,", "2021,43.1,,,s2,,");
    repo.commit("Revise", "2024-02-01");
    repo.site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71,,un,,",
        "2024,45,,un,,",
    );
    let json = repo.diff_json(&[]);
    assert!(
        json["from"]
            .as_str()
            .unwrap()
            .ends_with("where this branch left main"),
        "{json}"
    );
    let changed: Vec<&str> = json["indicators"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["dvc-truc-tuyen", "xep-hang"]);
}

#[test]
fn diff_recognises_a_renamed_indicator() {
    let repo = Repo::new("2024-01-15");
    let base = repo.head("2024-01-15");
    for ext in ["toml", "csv"] {
        std::fs::rename(
            repo.site.path(&format!("data/indicators/xep-hang.{ext}")),
            repo.site.path(&format!("data/indicators/egdi-rank.{ext}")),
        )
        .unwrap();
    }
    repo.site.edit(
        "data/goals/G1.toml",
        "indicators = [\"xep-hang\"]",
        "indicators = [\"egdi-rank\"]",
    );
    let json = repo.diff_json(&[&base]);
    assert_eq!(json["indicators"]["renamed"][0]["from"], "xep-hang");
    assert_eq!(json["indicators"]["renamed"][0]["to"], "egdi-rank");
    assert!(json["indicators"]["added"].as_array().unwrap().is_empty());
    assert!(json["indicators"]["removed"].as_array().unwrap().is_empty());
    assert_eq!(
        json["targets"]["changed"][0]["fields"][0]["field"],
        "indicators"
    );
}

fn enable_release_tags(repo: &Repo) {
    repo.site.edit(
        "chiso.toml",
        "[license]",
        "[history]\nrelease_tags = \"v*\"\n\n[license]",
    );
}

#[test]
fn releases_publish_permanent_downloads_and_a_changelog() {
    let repo = Repo::new("2024-01-15");
    enable_release_tags(&repo);
    repo.commit("Configure releases", "2024-01-16");
    repo.git(
        &["tag", "--annotate", "v1", "--message", "First edition"],
        "2024-01-31",
    );
    edit_data(&repo);
    repo.commit("2024 update", "2024-06-01");
    repo.git(&["tag", "v2"], "2024-06-30");
    // Unreleased work in progress is on the live pages only.
    repo.site
        .edit(INDICATOR_CSV, "2024,80,,,s2,,", "2024,85,,,s2,,");
    repo.site.build();

    let v1 = repo
        .site
        .page("releases/v1/data/indicators/dvc-truc-tuyen.csv");
    let v2 = repo
        .site
        .page("releases/v2/data/indicators/dvc-truc-tuyen.csv");
    let live = repo.site.page("data/indicators/dvc-truc-tuyen.csv");
    assert!(v1.contains("42.5") && !v1.contains("2024,"), "{v1}");
    assert!(v2.contains("43.1") && v2.contains("2024,80"), "{v2}");
    assert!(live.contains("2024,85"));
    for file in [
        "releases/v1/data/indicators.zip",
        "releases/v1/data/status.csv",
        "releases/v2/data/status.json",
        "releases/v2/data/datasets/nhiem-vu.csv",
    ] {
        assert!(repo.site.out().join(file).is_file(), "{file}");
    }

    let list = text(&repo.site, "en/releases/index.html");
    assert!(list.contains("Release v2"), "{list}");
    assert!(
        list.contains("Release v1 2024-01-31 First edition"),
        "{list}"
    );
    let v2_page = text(&repo.site, "en/releases/v2/index.html");
    assert!(v2_page.contains("Changes since release v1"), "{v2_page}");
    // A lightweight tag is dated by its commit, an annotated one by the tag.
    assert!(v2_page.contains("Released 2024-06-01"));
    assert!(v2_page.contains("G1.đ"));
    assert!(v2_page.contains("Achieved"), "{v2_page}");
    assert!(
        v2_page.contains("changed 2021 Total s2 42.5 43.1"),
        "{v2_page}"
    );
    let vi_page = text(&repo.site, "vi/releases/v2/index.html");
    assert!(
        vi_page.contains("thay đổi 2021 Tổng s2 42,5 43,1"),
        "{vi_page}"
    );
    let v1_page = text(&repo.site, "en/releases/v1/index.html");
    assert!(
        v1_page.contains("First release: 3 indicators, 4 targets, 1 datasets."),
        "{v1_page}"
    );
    let html = repo.site.page("en/releases/v2/index.html");
    assert!(html.contains("href=\"/portal/releases/v2/data/indicators.zip\""));

    let feed = repo.site.page("en/feed.xml");
    assert_eq!(
        feed.matches("<category term=\"release\"").count(),
        2,
        "{feed}"
    );
    assert!(feed.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://data.example.org/portal/en/releases/v2/\"/>"
    ));
    assert!(feed.contains("<updated>2024-06-01T00:00:00Z</updated>"));

    // A later release leaves earlier release files exactly as they were.
    let before = release_files(&repo.site, "releases/v1/");
    repo.commit("More", "2024-07-01");
    repo.git(&["tag", "v3"], "2024-07-02");
    repo.site.build();
    assert_eq!(release_files(&repo.site, "releases/v1/"), before);
    assert!(
        repo.site
            .out()
            .join("releases/v3/data/indicators.zip")
            .is_file()
    );
}

fn release_files(site: &Site, prefix: &str) -> Vec<(String, Vec<u8>)> {
    site.output_files()
        .into_iter()
        .filter(|(path, _)| path.starts_with(prefix))
        .collect()
}

#[test]
fn a_release_can_be_named_in_the_configuration() {
    let repo = Repo::new("2024-01-15");
    let first = repo.head("2024-01-15");
    repo.site.edit(
        "chiso.toml",
        "[license]",
        &format!("[[releases]]\nversion = \"2024.1\"\nrevision = \"{first}\"\nnote = {{ vi = \"Bản đầu tiên\", en = \"First edition\" }}\n\n[license]"),
    );
    repo.site.build();
    assert!(
        repo.site
            .out()
            .join("releases/2024.1/data/indicators.zip")
            .is_file()
    );
    let page = text(&repo.site, "vi/releases/2024.1/index.html");
    assert!(page.contains("Bản phát hành 2024.1"), "{page}");
    assert!(page.contains("Bản đầu tiên"));
    assert!(page.contains("Ngày phát hành 2024-01-15"), "{page}");

    repo.site.edit("chiso.toml", &first, "not-a-revision");
    let problems = repo.site.problems();
    assert!(
        problems.iter().any(|p| p.contains("chiso.toml: revision: expected a revision of the repository, found no commit named \"not-a-revision\"")),
        "{problems:?}"
    );
}

#[test]
fn builds_with_history_and_releases_are_byte_for_byte_reproducible() {
    let repo = Repo::new("2024-01-15");
    enable_release_tags(&repo);
    repo.commit("Configure releases", "2024-01-16");
    repo.git(&["tag", "v1"], "2024-01-31");
    edit_data(&repo);
    repo.commit("2024 update", "2024-06-01");
    repo.git(&["tag", "v2"], "2024-06-30");
    repo.site.build();
    let first = repo.site.output_files();
    repo.site.build();
    assert_eq!(first, repo.site.output_files());
}

#[test]
fn a_commit_or_a_tag_builds_again_even_with_no_file_changed() {
    let repo = Repo::new("2024-01-15");
    enable_release_tags(&repo);
    repo.commit("Configure releases", "2024-01-16");
    repo.site.build();
    assert!(repo.site.build().unchanged);
    // A tag is a release: its files appear though no file of the portal changed.
    repo.git(&["tag", "v1"], "2024-01-31");
    assert!(!repo.site.build().unchanged);
    assert!(
        repo.site
            .out()
            .join("releases/v1/data/indicators.zip")
            .is_file()
    );
    // A commit changes the history shown, whatever it holds.
    repo.git(
        &["commit", "--quiet", "--allow-empty", "--message", "Nothing"],
        "2024-02-01",
    );
    assert!(!repo.site.build().unchanged);
    assert!(repo.site.build().unchanged);
}

#[test]
fn a_portal_in_a_subfolder_of_its_repository_has_history_and_diffs() {
    let site = Site::fixture("demo");
    let top = tempfile::tempdir().unwrap();
    common::copy_dir(site.root(), &top.path().join("portal"));
    let git = |args: &[&str], date: &str| {
        let out = git_command(top.path(), date).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    std::fs::write(top.path().join("README.md"), "Outside the portal\n").unwrap();
    git(&["init", "--quiet", "--initial-branch=main"], "2024-01-15");
    git(&["add", "--all"], "2024-01-15");
    git(
        &["commit", "--quiet", "--message", "Initial data"],
        "2024-01-15",
    );
    let csv = top.path().join("portal").join(INDICATOR_CSV);
    let data = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, data.replace("2021,42.5,,,s2,,", "2021,43.1,,,s2,,")).unwrap();
    git(
        &["commit", "--quiet", "--all", "--message", "Revise"],
        "2024-02-01",
    );
    std::fs::write(top.path().join("README.md"), "Changed outside\n").unwrap();
    git(
        &["commit", "--quiet", "--all", "--message", "Outside"],
        "2024-03-01",
    );

    let out = common::chiso_command()
        .args(["diff", "--format", "json", "-C", "portal", "HEAD~2", "HEAD"])
        .current_dir(top.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["indicators"]["changed"][0]["observations"]["changed"][0]["new"],
        "43.1"
    );

    let root = top.path().join("portal");
    let options = chiso::build::BuildOptions {
        out: top.path().join("public"),
        base_url: None,
        live_reload: false,
        ..Default::default()
    };
    chiso::build::build(&root, &options, &|_| {}).unwrap();
    let page = visible_text(
        &std::fs::read_to_string(
            top.path()
                .join("public/en/indicators/dvc-truc-tuyen/index.html"),
        )
        .unwrap(),
    );
    // The commit outside the portal folder is no change of the indicator.
    assert!(page.contains("Last updated 2024-02-01"), "{page}");
    let newest = page
        .find("2024-02-01 Figures revised commit message: Revise")
        .expect("the revision is listed");
    let oldest = page
        .find("2024-01-15 New figures commit message: Initial data")
        .expect("the first commit is listed");
    assert!(newest < oldest, "newest first: {page}");
    assert!(!page.contains("Outside"));
}

/// A commit moves the git state, not what the pages show of it: after a commit that edits one
/// indicator's table (most commits of a data portal), a build with the cache renders only the
/// pages that show that indicator, and those about many, again, and publishes what a build
/// without the cache does; after a commit that changes no file, it renders none.
#[test]
fn after_a_commit_only_the_pages_that_show_what_it_changed_are_rendered_again() {
    let repo = Repo::new("2024-01-15");
    let cache = tempfile::tempdir().unwrap();
    let build = |cache: chiso::cache::Cache| {
        let options = chiso::build::BuildOptions {
            out: repo.site.out(),
            cache,
            png: false,
            ..Default::default()
        };
        chiso::build::build(repo.root(), &options, &|_| {}).unwrap()
    };
    let cached = || build(chiso::cache::Cache::at(cache.path()));
    assert_eq!(cached().pages_reused, 0);
    repo.site.edit(INDICATOR_CSV, "2022,55.1", "2022,56.1");
    repo.commit("Revise the 2022 figure", "2024-02-01");
    let after = cached();
    assert!(
        after.pages_reused > 0 && after.pages_reused + 2 < after.pages,
        "{} of {} pages reused",
        after.pages_reused,
        after.pages
    );
    assert!(
        text(&repo.site, "en/indicators/dvc-truc-tuyen/index.html")
            .contains("Revise the 2022 figure")
    );
    let published = repo.site.output_files();
    build(chiso::cache::Cache::none());
    assert_eq!(
        repo.site.output_files(),
        published,
        "as a build without the cache"
    );

    repo.git(
        &["commit", "--quiet", "--allow-empty", "--message", "Nothing"],
        "2024-02-02",
    );
    let empty = cached();
    assert!(!empty.unchanged, "the revision checked out is another");
    assert_eq!(
        empty.pages_reused + 2,
        empty.pages,
        "every page from the cache"
    );
    assert_eq!(repo.site.output_files(), published);
}
