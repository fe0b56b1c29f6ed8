//! The ways in to goals and targets: an index of goals with how their targets stand, an index
//! of every target by goal with its status, both reached from the main navigation.

mod common;

use common::{Site, visible_text};

#[test]
fn the_goal_index_lists_every_goal_with_its_targets_indicators_and_statuses() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/goals/index.html");
    let text = visible_text(&html[html.find("<main").unwrap()..]);
    assert!(text.contains("Goals"), "{text}");
    assert!(text.contains("2 goals"), "{text}");
    assert!(
        html.contains(r#"<a href="/portal/en/goals/G1/">"#),
        "each goal links to its page: {html}"
    );
    assert!(text.contains("Every target, by goal"), "{text}");
    let nav = &html[html.find(r#"<nav class="main-nav""#).unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert!(
        nav.contains(r#"<a href="/portal/en/goals/" aria-current="page">Goals</a>"#),
        "the main navigation reaches goals: {nav}"
    );
}

#[test]
fn the_target_index_groups_targets_by_goal_with_a_status_in_words() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("vi/targets/index.html");
    let text = visible_text(&html[html.find("<main").unwrap()..]);
    assert!(text.contains("Chỉ tiêu"), "{text}");
    assert!(text.contains("theo mục tiêu"), "{text}");
    for goal in ["G1", "G2"] {
        assert!(
            html.contains(&format!(r#"<h2 id="goal-{goal}">"#)),
            "{html}"
        );
    }
    assert!(
        html.contains(r#"<span class="status-symbol" aria-hidden="true">"#),
        "status has a symbol and a word, not colour alone"
    );
    assert!(
        html.contains("/portal/vi/targets/"),
        "targets link to their pages"
    );
}

#[test]
fn the_indicator_index_groups_indicators_by_goal_and_target_with_their_latest_facts() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/indicators/index.html");
    let main = &html[html.find("<main").unwrap()..];
    let text = visible_text(main);
    let goal = text
        .find("G1 Online public services")
        .expect("a goal heading");
    let target = text
        .find("G1.a 100% of procedures provided online")
        .expect("a target heading");
    let entry = text
        .find("Share of level-4 online public services dvc-truc-tuyen Latest value: 55.1% (2022) · Complete · updated")
        .expect("an entry with its latest value, period, reporting status and update");
    assert!(goal < target && target < entry, "{text}");
    assert!(
        text.contains("Online applications ho-so No data yet · In progress"),
        "{text}"
    );
    assert_eq!(
        main.matches(r#"data-id="dvc-truc-tuyen""#).count(),
        2,
        "an indicator of two targets is listed under each"
    );
    for control in [
        r#"<select name="goal">"#,
        r#"<option value="G1">G1 Online public services</option>"#,
        r#"<option value="in-progress">In progress</option>"#,
        r#"<option value="updated">Latest update first</option>"#,
    ] {
        assert!(main.contains(control), "{control} in {main}");
    }
    assert!(
        main.contains(r#"<form class="index-filters" data-index-filters hidden>"#),
        "the filters need the script, so they are hidden without it"
    );
    let vi = visible_text(&site.page("vi/indicators/index.html"));
    assert!(
        vi.contains("Giá trị gần nhất: 55,1% (2022) · Đầy đủ"),
        "{vi}"
    );
}

#[test]
fn the_data_hub_lists_every_download_with_sizes_patterns_and_the_licence() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/data/index.html");
    let main = &html[html.find("<main").unwrap()..];
    let text = visible_text(main);
    for file in [
        "https://data.example.org/portal/data/indicators.zip",
        "https://data.example.org/portal/data/status.csv",
        "https://data.example.org/portal/data.json",
        "https://data.example.org/portal/catalog.ttl",
        "https://data.example.org/portal/catalog.jsonld",
        "https://data.example.org/portal/datapackage.json",
        "https://data.example.org/portal/sitemap.xml",
        "https://data.example.org/portal/en/feed.xml",
    ] {
        assert!(text.contains(file), "{file} is listed: {text}");
    }
    assert!(
        text.contains("data/indicators/<id>.csv https://data.example.org/portal/data/indicators/"),
        "the address pattern with an example: {text}"
    );
    assert!(
        main.contains(r#"<a href="/portal/data/indicators/dvc-truc-tuyen.csv">CSV</a> "#),
        "every indicator, each format with its size: {main}"
    );
    assert!(text.contains("Reuse and citation"), "{text}");
    let nav = &html[html.find(r#"<nav class="main-nav""#).unwrap()..];
    assert!(nav.contains(r#"<a href="/portal/en/data/" aria-current="page">Data</a>"#));
    assert!(site.page("vi/data/index.html").contains("Địa chỉ ổn định"));
}

#[test]
fn every_page_has_a_search_box_reading_its_languages_index() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("vi/index.html");
    assert!(html.contains(r#"<form class="site-search" role="search" action="/portal/vi/indicators/" data-index="/portal/vi/search.json""#), "{html}");
    assert!(html.contains(r#"<label for="site-search-q">Tìm kiếm</label>"#));
    let index: serde_json::Value = serde_json::from_str(&site.page("vi/search.json")).unwrap();
    let entries = index.as_array().unwrap();
    let first = &entries[0];
    assert_eq!(first["k"], "Chỉ số", "indicators lead the index: {first}");
    let target = entries
        .iter()
        .find(|e| e["c"] == "G1.a")
        .expect("targets are indexed");
    assert_eq!(target["u"], "/portal/vi/targets/G1.a/");
    assert!(
        target["s"].as_str().is_some_and(|s| !s.is_empty()),
        "with its status"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["k"] == "Mục tiêu" && e["c"] == "G1")
    );
    let task = entries
        .iter()
        .find(|e| e["c"] == "I-2")
        .expect("tasks are indexed");
    assert_eq!(task["k"], "Nhiệm vụ");
    assert_eq!(task["t"], "Ban hành nghị định định danh");
    assert_eq!(task["u"], "/portal/vi/tasks/#task-I-2");
    assert!(
        site.page("vi/tasks/index.html")
            .contains(r#"<tr id="task-I-2">"#),
        "the task's row is where the entry leads"
    );
}

#[test]
fn the_updates_page_lists_data_changes_newest_first_with_their_kind_and_the_feed() {
    let site = Site::fixture("demo");
    let meta = site.read_source("data/indicators/xep-hang.toml");
    site.write(
        "data/indicators/xep-hang.toml",
        format!(
            "{meta}\n[[revisions]]\ndate = \"2022-03-15\"\nkind = \"correction\"\nnote = {{ vi = \"Sửa số liệu năm 2021.\", en = \"The 2021 figure was mistyped.\" }}\n\n[[revisions]]\ndate = \"2023-01-10\"\nkind = \"scheduled\"\nnote = {{ en = \"Annual revision.\" }}\n"
        ),
    );
    site.build();
    let html = site.page("en/updates/index.html");
    let text = visible_text(&html[html.find("<main").unwrap()..]);
    let newer = text.find("2023-01-10").expect("the scheduled revision");
    let older = text.find("2022-03-15").expect("the correction");
    assert!(newer < older, "newest first: {text}");
    assert!(text.contains("The 2021 figure was mistyped."), "{text}");
    assert!(html.contains(
        r#"<a href="/portal/en/feed.xml" class="button">Follow the updates (Atom feed)</a>"#
    ));
    let vi = site.page("vi/updates/index.html");
    assert!(
        vi.contains("Sửa số liệu năm 2021."),
        "the note in the page's language"
    );
    assert!(
        vi.contains(r#"<span lang="en">Annual revision.</span>"#),
        "a note only in English says so: {vi}"
    );
    let nav = &html[html.find(r#"<nav class="main-nav""#).unwrap()..];
    assert!(nav.contains(r#"<a href="/portal/en/updates/" aria-current="page">Updates</a>"#));
}

/// A feed reader fetches the feed again and again: it holds the newest updates, as many as the
/// updates page lists, not one entry per indicator of a large portal.
#[test]
fn the_feed_carries_only_the_newest_updates() {
    let latest = chiso::site::pages::LATEST_UPDATES;
    let site = large_portal(latest);
    site.build();
    let feed = site.page("en/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), latest, "{feed}");
    let first = &feed[feed.find("<entry>").unwrap()..];
    assert!(
        first.starts_with("<entry>\n<id>https://data.example.org/portal/en/indicators/dvc-truc-tuyen/#updated-2023-05-01</id>"),
        "the newest update first: {first}"
    );
}

/// The demo portal with ten more goals, G3 to G12, of `count` targets in all, each measured
/// by an indicator of its own with one observation: a portal too large for its lists to be
/// one page each.
fn large_portal(count: usize) -> Site {
    let site = Site::fixture("demo");
    let mut goals: Vec<String> = (3..=12)
        .map(|g| format!("title = {{ vi = \"Mục tiêu {g}\", en = \"Goal {g}\" }}\norder = {g}\n"))
        .collect();
    for n in 0..count {
        let goal = n * goals.len() / count;
        goals[goal].push_str(&format!(
            "\n[[targets]]\nid = \"T{n}\"\ntitle = {{ vi = \"Chỉ tiêu {n}\", en = \"Target {n}\" }}\nindicators = [\"n-{n}\"]\nvalue = 100\ncomparison = \"at-least\"\nunit = \"percent\"\ndeadline = \"2025\"\n"
        ));
        site.write(
            &format!("data/indicators/n-{n}.toml"),
            format!(
                "name = {{ vi = \"Chỉ số {n}\", en = \"Indicator {n}\" }}\nunit = \"percent\"\n"
            ),
        );
        site.write(
            &format!("data/indicators/n-{n}.csv"),
            format!("period,value\n2024,{}\n", n % 100),
        );
    }
    for (g, goal) in (3..).zip(goals) {
        site.write(&format!("data/goals/G{g}.toml"), goal);
    }
    site
}

#[test]
fn long_lists_are_split_by_goal_and_every_entry_is_on_its_goals_part() {
    let site = large_portal(chiso::site::pages::LIST_SPLIT);
    site.build();
    for (list, part) in [
        (
            "en/indicators/index.html",
            "/portal/en/indicators/goals/G12/",
        ),
        ("en/targets/index.html", "/portal/en/targets/goals/G12/"),
        ("en/status/index.html", "/portal/en/status/goals/G12/"),
        (
            "en/status/matrix/index.html",
            "/portal/en/status/matrix/goals/G12/",
        ),
    ] {
        let html = site.page(list);
        assert!(
            html.contains(&format!("href=\"{part}\"")),
            "{list} links to {part}"
        );
        assert!(
            !html.contains("Target 999<"),
            "{list} leaves the entries to the parts"
        );
    }
    let index = visible_text(&site.page("en/indicators/index.html"));
    assert!(
        index.contains("This list is long: it is split by goal"),
        "{index}"
    );
    assert!(
        index.contains("G12 Goal 12 Indicators of this goal: 100"),
        "{index}"
    );
    assert!(
        index.contains("G1 Online public services Indicators of this goal: 3"),
        "{index}"
    );

    // A part is the list for one goal: its entries, its title, and the way back.
    let part = visible_text(&site.page("en/indicators/goals/G12/index.html"));
    assert!(part.contains("Indicators — G12 Goal 12"), "{part}");
    assert!(
        part.contains("Indicator 999 n-999 Latest value: 99%"),
        "{part}"
    );
    assert!(
        !part.contains("Indicator 899 "),
        "only the goal's own indicators: {part}"
    );
    let part = visible_text(&site.page("vi/targets/goals/G12/index.html"));
    assert!(part.contains("Chỉ tiêu — G12 Mục tiêu 12"), "{part}");
    assert!(part.contains("T999 Chỉ tiêu 999"), "{part}");
    let filter = site.page("en/status/insufficient-data/index.html");
    assert!(
        filter.contains("href=\"/portal/en/status/insufficient-data/goals/G12/\""),
        "a status filter is split too"
    );
    assert!(
        visible_text(&site.page("en/status/insufficient-data/goals/G12/index.html"))
            .contains("T999 Target 999"),
    );
    // A goal's count of targets with a status leads straight to them.
    assert!(
        site.page("en/goals/index.html")
            .contains("href=\"/portal/en/status/insufficient-data/goals/G12/\""),
    );

    // The reporting overview keeps every goal's counts; each leads to the goal's part, which
    // lists its indicators.
    let reporting = site.page("en/reporting/index.html");
    assert!(!reporting.contains("Indicator 999<"), "{reporting}");
    assert!(
        reporting.contains("href=\"/portal/en/reporting/goals/G12/#goal-G12-"),
        "{reporting}"
    );
    let counts = visible_text(&reporting);
    assert!(counts.contains("G12 Goal 12 100 0 0"), "{counts}");
    let part = site.page("en/reporting/goals/G12/index.html");
    assert!(part.contains(">Indicator 999</a>"), "{part}");
    assert!(
        !part.contains(">Indicator 899</a>"),
        "only the goal's own: {part}"
    );
    assert!(visible_text(&part).contains("Reporting status — G12 Goal 12"));

    // The data hub names each indicator's downloads on its page instead of in one table.
    let hub = visible_text(&site.page("en/data/index.html"));
    assert!(hub.contains("too many indicators for one table"), "{hub}");
    assert!(!hub.contains("Indicator 999"), "{hub}");

    // No page is over a megabyte.
    for (name, bytes) in site.output_files() {
        if name.ends_with(".html") {
            assert!(bytes.len() < 1_000_000, "{name}: {} bytes", bytes.len());
        }
    }
}

#[test]
fn a_list_at_the_limit_is_one_page() {
    // The demo has 3 indicators and 4 targets of its own.
    let site = large_portal(chiso::site::pages::LIST_SPLIT - 4);
    site.build();
    let html = site.page("en/targets/index.html");
    assert!(
        html.contains("Target 995<"),
        "every target on the list page"
    );
    assert!(!site.out().join("en/targets/goals").exists());
    assert!(
        site.page("en/indicators/index.html")
            .contains("Indicator 995<")
    );
}
