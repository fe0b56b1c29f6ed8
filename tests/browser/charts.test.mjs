// Browser tests: the portal as readers use it, in Debian's Chromium driven by playwright-core.
// Expects the bundled portal and the demo and maps fixtures built into $SITES/bundled,
// $SITES/demo and $SITES/maps (run.sh does that); serves them itself on loopback ports.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const sites = path.resolve(process.env.SITES || "artifacts/sites");
const shots = path.resolve("artifacts/screenshots");
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".csv": "text/csv" };

/** Serves `root` under the URL path `prefix` on a free loopback port. */
function serve(root, prefix) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!rel.startsWith(prefix)) rel = "/404.html";
    else rel = "/" + rel.slice(prefix.length);
    if (rel.endsWith("/")) rel += "index.html";
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": types[".html"] });
      return res.end(fs.readFileSync(path.join(root, "404.html")));
    }
    // No Content-Security-Policy header: static hosts rarely let a portal set one, so the
    // policy every page carries in its <meta> is the one enforced here. A violation is a
    // console error, which the last test below fails on.
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => server.close() });
  }));
}

let browser, bundled, demo, maps;
const errors = [];

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  bundled = await serve(path.join(sites, "bundled"), "/");
  demo = await serve(path.join(sites, "demo"), "/portal/");
  maps = await serve(path.join(sites, "maps"), "/");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  bundled?.close();
  demo?.close();
  maps?.close();
});

async function open(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${url}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`${url}: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.url()}: ${r.status()}`);
  });
  await page.goto(url);
  return page;
}

// The marks of a layout's shown lines, where they are on the screen, with their tooltips: a
// line's marks are its path's vertices, their tooltips a line each of the wide line's data-tips.
async function lineMarks(page, layout = "wide") {
  return page.evaluate((layout) => {
    const svg = document.querySelector(`svg.chart-${layout}`);
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('.series:not([display="none"])')].flatMap((series) => {
      const path = series.querySelector("path.line");
      const wide = document.querySelector(`svg.chart-wide [data-series="${series.dataset.series}"] path`);
      const tips = wide.getAttribute("data-tips").split("\n");
      const vertices = path.getAttribute("d").match(/[ML][^MLh]+/g);
      if (vertices.length !== tips.length) throw new Error(`${vertices.length} marks, ${tips.length} tooltips`);
      return vertices.map((v, i) => {
        const [x, y] = v.slice(1).split(" ").map(Number);
        return { x: box.left + x * scale, y: box.top + y * scale, tip: tips[i] };
      });
    });
  }, layout);
}

test("a tooltip shows the value under the pointer", async () => {
  const page = await open(bundled.url + "vi/indicators/egdi-rank/");
  const tip = page.locator(".chart-tooltip").first();
  assert.equal(await tip.isVisible(), false);
  const marks = await lineMarks(page);
  assert.ok(marks.length > 2, "the chart has marks");
  await page.mouse.move(marks[0].x, marks[0].y);
  await tip.waitFor({ state: "visible" });
  assert.match(await tip.textContent(), /2014: 99/);
  // It points at the middle of the mark under the pointer, from just above it, and rings it.
  const mark = marks[Math.floor(marks.length / 2)];
  await page.mouse.move(mark.x + 2, mark.y + 1);
  await page.waitForFunction(([t, text]) => t.textContent.endsWith(text), [await tip.elementHandle(), mark.tip]);
  const tipBox = await tip.boundingBox();
  assert.ok(Math.abs(tipBox.x + tipBox.width / 2 - mark.x) < 2, `tip at ${tipBox.x + tipBox.width / 2}, mark at ${mark.x}`);
  assert.ok(tipBox.y + tipBox.height < mark.y, "above the mark");
  const ring = await page.locator("svg.chart-wide .chart-focus").boundingBox();
  assert.ok(Math.abs(ring.x + ring.width / 2 - mark.x) < 1 && Math.abs(ring.y + ring.height / 2 - mark.y) < 1, "the mark is ringed");
  // Away from every mark, the tooltip goes.
  const frame = await page.locator(".chart-frame").first().boundingBox();
  await page.mouse.move(frame.x + frame.width - 2, frame.y + frame.height - 2);
  await tip.waitFor({ state: "hidden" });
  await page.context().close();
});

test("on a phone the compact chart's tooltips are the wide chart's, mark for mark", async () => {
  const page = await open(bundled.url + "en/indicators/egdi-rank/", { viewport: { width: 360, height: 640 } });
  const tip = page.locator(".chart-tooltip").first();
  await page.locator("svg.chart-compact").first().scrollIntoViewIfNeeded();
  const marks = await lineMarks(page, "compact");
  assert.ok(marks.length > 2, "the chart has marks");
  for (const mark of [marks[0], marks[marks.length - 1]]) {
    await page.mouse.move(mark.x, mark.y);
    await page.waitForFunction(([t, text]) => t.textContent.endsWith(text), [await tip.elementHandle(), mark.tip]);
  }
  assert.match(await tip.textContent(), /2024: \d/);
  await page.context().close();
});

test("a tooltip follows keyboard focus and the arrow keys", async () => {
  const page = await open(bundled.url + "en/indicators/egdi-rank/");
  const frame = page.locator(".chart-frame").first();
  assert.equal(await frame.getAttribute("tabindex"), "0");
  assert.match(await frame.getAttribute("aria-label"), /arrow keys/);
  await frame.focus();
  const tip = page.locator(".chart-tooltip").first();
  await tip.waitFor({ state: "visible" });
  const last = await tip.textContent();
  assert.match(last, /2024/);
  await page.keyboard.press("ArrowLeft");
  assert.notEqual(await tip.textContent(), last);
  assert.match(await tip.textContent(), /2022/);
  await page.context().close();
});

test("one set of series controls changes the plotted series and the table's rows", async () => {
  const page = await open(demo.url + "en/indicators/dvc-truc-tuyen/");
  const series = (n) => page.locator(`svg.chart-wide g.series[data-series="${n}"]`);
  const rows = (n) => page.locator(`table.data-table tr[data-series="${n}"]`);
  await page.locator(".chart-controls").waitFor({ state: "visible" });
  assert.equal(await page.locator(".chart-controls .chart-filter").count(), 0, "one dimension: toggles only, not checkboxes too");
  assert.equal(await series(1).getAttribute("display"), "none");
  assert.equal(await rows(1).first().isVisible(), false, "the rows of a hidden series are hidden");
  assert.match(await page.locator(".table-filter-note").textContent(), /^\d+ of \d+ rows shown/);
  await page.getByRole("button", { name: "Ministry A" }).click();
  assert.equal(await series(1).getAttribute("display"), null);
  assert.equal(await rows(1).first().isVisible(), true);
  assert.equal(await page.getByRole("button", { name: "Ministry A" }).getAttribute("aria-pressed"), "true");
  await page.getByRole("button", { name: "Total" }).click();
  assert.equal(await series(0).getAttribute("display"), "none");
  assert.equal(await rows(0).first().isVisible(), false);
  await page.getByRole("button", { name: "Ministry B" }).click();
  assert.equal(await series(2).getAttribute("display"), null);
  await page.context().close();
});

test("every map region is reached with the Tab key and names its region and figure", async () => {
  const page = await open(maps.url + "en/indicators/ty-le-vung/");
  const readout = page.locator(".map-readout");
  assert.equal(await readout.isVisible(), false);
  await page.locator("svg.map .region").first().focus();
  const said = [];
  for (let i = 0; i < 4; i++) {
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("data-region")), String(i));
    await readout.waitFor({ state: "visible" });
    said.push(await readout.textContent());
    await page.keyboard.press("Tab");
  }
  assert.deepEqual(said, ["North: 60.25%", "Centre: No data", "South: 30%", "Capital: 90%"]);
  // The region in focus is outlined (WCAG 2.4.7).
  await page.locator("svg.map .region").nth(2).focus();
  const stroke = await page.locator("svg.map .region").nth(2).locator("path").evaluate((p) => getComputedStyle(p).strokeWidth);
  assert.equal(stroke, "3px");
  await page.context().close();
});

test("choosing another period recolours the map and rewrites its table", async () => {
  const page = await open(maps.url + "vi/indicators/ty-le-vung/");
  const centre = page.locator('svg.map .region[data-region="1"] path').first();
  assert.match(await centre.getAttribute("fill"), /nodata/);
  await page.locator(".map-controls select").selectOption("0");
  assert.doesNotMatch(await centre.getAttribute("fill"), /nodata/);
  const row = page.locator('table[data-map-table] tr[data-region="1"] td');
  assert.equal(await row.textContent(), "35%");
  assert.equal(await page.locator(".map-table-period").textContent(), "2022");
  assert.equal(await page.locator("svg.map .map-period").textContent(), "2022");
  assert.match(await page.locator("svg.map desc").textContent(), /2022/);
  await page.context().close();
});

test("without JavaScript the map shows the latest period beside its table", async () => {
  const page = await open(maps.url + "en/indicators/ty-le-vung/", { javaScriptEnabled: false });
  assert.ok(await page.locator("svg.map").isVisible());
  assert.equal(await page.locator(".map-controls").isVisible(), false);
  assert.equal(await page.locator("svg.map .map-period").textContent(), "2023");
  assert.ok(await page.locator("table[data-map-table]").isVisible());
  await page.context().close();
});

test("the language switcher keeps the page", async () => {
  const page = await open(demo.url + "vi/indicators/dvc-truc-tuyen/");
  await page.locator('.languages a[hreflang="en"]').click();
  await page.waitForURL(/\/en\/indicators\/dvc-truc-tuyen\/$/);
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.context().close();
});

test("without JavaScript the chart and the table are there", async () => {
  const page = await open(demo.url + "en/indicators/dvc-truc-tuyen/", { javaScriptEnabled: false });
  assert.ok(await page.locator("svg.chart-wide").isVisible());
  assert.ok(await page.locator("table.data-table").isVisible());
  assert.equal(await page.locator(".chart-controls").isVisible(), false);
  assert.equal(await page.locator("svg.chart-wide g.series[data-series='0']").getAttribute("display"), null);
  await page.context().close();
});

test("the data table's values, and only they, are aligned to the end, whatever columns follow", async () => {
  // A status and a source column after the values; a source column; none.
  const tables = [demo.url + "en/indicators/dvc-truc-tuyen/", demo.url + "en/indicators/xep-hang/", bundled.url + "en/indicators/attt-4-lop/"];
  for (const path of tables) {
    const page = await open(path);
    const cells = await page.evaluate(() => {
      const table = document.querySelector("table.data-table");
      const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      return {
        headers,
        rows: [...table.querySelectorAll("tbody tr")].map((tr) =>
          [...tr.children].map((cell) => getComputedStyle(cell).textAlign)),
      };
    });
    const value = cells.headers.indexOf("Value");
    assert.ok(value > 0 && cells.rows.length > 0, `${path}: ${cells.headers}`);
    for (const row of cells.rows) {
      assert.deepEqual(row, row.map((_, i) => (i === value ? "end" : "start")), `${path}: ${cells.headers}`);
    }
    await page.context().close();
  }
});

test("the embed code, the citation and the page link have copy buttons that copy", async () => {
  const page = await open(demo.url + "en/indicators/dvc-truc-tuyen/");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.locator("details.chart-embed summary").click();
  const embed = page.locator("details.chart-embed .copy-button");
  assert.equal(await embed.textContent(), "Copy the embed code");
  await embed.click();
  await page.locator("details.chart-embed .copy-status", { hasText: "Copied" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.startsWith("<iframe src=\"http"), copied);
  assert.equal(await page.getByRole("button", { name: "Copy the citation" }).count(), 2);
  assert.equal(await page.getByRole("button", { name: "Copy the link" }).count(), 1);
  await page.context().close();
});

test("without JavaScript the text to copy is there, with no button", async () => {
  const page = await open(demo.url + "en/indicators/dvc-truc-tuyen/", { javaScriptEnabled: false });
  assert.equal(await page.locator(".copy-button").count(), 0);
  assert.ok((await page.locator("textarea[data-copy]").inputValue()).startsWith("<iframe"));
  await page.context().close();
});

async function searchFirst(page, query) {
  await page.locator("#site-search-q").fill(query);
  const first = page.locator(".search-results ol li a").first();
  await first.waitFor();
  return first;
}

test("the search box finds Vietnamese without diacritics, codes and English, and leads there", async () => {
  const page = await open(bundled.url + "vi/");
  for (const query of ["muc do 4", "dich vu cong truc tuyen muc do 4"]) {
    const first = await searchFirst(page, query);
    assert.equal(await first.getAttribute("href"), "/vi/indicators/dvctt-muc-do-4/", query);
  }
  const target = await searchFirst(page, "BTTTT2021.2.4");
  assert.equal(await target.getAttribute("href"), "/vi/targets/BTTTT2021.2.4/");
  const code = await searchFirst(page, "cl.iii.1.a");
  assert.equal(await code.getAttribute("href"), "/vi/targets/CL.III.1.a/");
  const indicator = await searchFirst(page, "muc do 4");
  await indicator.click();
  await page.waitForURL("**/vi/indicators/dvctt-muc-do-4/");
  await page.context().close();

  const en = await open(bundled.url + "en/");
  const level = await searchFirst(en, "level 4 online");
  assert.equal(await level.getAttribute("href"), "/en/indicators/dvctt-muc-do-4/");
  // The keyboard way: Enter moves to the first result.
  await en.locator("#site-search-q").fill("egdi-rank");
  await en.locator("#site-search-q").press("Enter");
  assert.equal(await en.evaluate(() => document.activeElement.getAttribute("href")), "/en/indicators/egdi-rank/");
  await en.context().close();
});

test("without JavaScript the search box leads to the indicator index", async () => {
  const page = await open(bundled.url + "vi/", { javaScriptEnabled: false });
  await page.locator("#site-search-q").fill("muc do 4");
  await page.locator("form.site-search button").click();
  await page.waitForURL("**/vi/indicators/?q=*");
  assert.ok(await page.locator("h1").isVisible());
  await page.context().close();
});

test("the indicator index filters by words, goal and reporting status, and sorts by update", async () => {
  const page = await open(bundled.url + "en/indicators/");
  const count = page.locator("form[data-index-filters] [role=status]");
  await page.locator("form[data-index-filters] [name=q]").fill("level 4");
  assert.match(await count.textContent(), /^\d+ indicators shown$/);
  const visible = page.locator("[data-index-grouped] .index-entry:visible");
  const names = await visible.locator("a").allTextContents();
  assert.ok(names.some((n) => n.includes("level-4 online public services")), names.join("\n"));
  await page.locator("form[data-index-filters] [name=q]").fill("");
  await page.locator("form[data-index-filters] [name=status]").selectOption("not-started");
  const statuses = await page.locator("[data-index-grouped] .index-entry:visible").evaluateAll((items) => items.map((i) => i.getAttribute("data-status")));
  assert.ok(statuses.length > 0 && statuses.every((s) => s === "not-started"), statuses.join(","));
  await page.locator("form[data-index-filters] [name=status]").selectOption("");
  await page.locator("form[data-index-filters] [name=goal]").selectOption("CL.III.1");
  const goals = await page.locator("[data-index-grouped] section:visible").evaluateAll((s) => s.map((x) => x.getAttribute("data-goal")));
  assert.deepEqual(goals, ["CL.III.1"]);
  await page.locator("form[data-index-filters] [name=goal]").selectOption("");
  await page.locator("form[data-index-filters] [name=sort]").selectOption("updated");
  assert.equal(await page.locator("[data-index-grouped]").isVisible(), false);
  const dates = await page.locator(".index-flat > li").evaluateAll((items) => items.map((i) => i.getAttribute("data-updated")));
  assert.equal(new Set(await page.locator(".index-flat > li").evaluateAll((i) => i.map((x) => x.getAttribute("data-id")))).size, dates.length, "each indicator once");
  assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");
  await page.context().close();
});

test("on a phone the tasks are compact cards: sources folded, every status whole", async () => {
  const page = await open(bundled.url + "vi/tasks/", { viewport: { width: 360, height: 640 } });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const rows = await page.locator("table.tasks tbody tr").count();
  assert.ok(height / rows < 320, `${Math.round(height / rows)} px a task`);
  assert.equal(await page.locator("table.tasks details[open]").count(), 0, "sources start folded");
  const cut = await page.locator("table.tasks .task-status").evaluateAll((cells) =>
    cells.filter((c) => { const r = c.getBoundingClientRect(); return r.left < 0 || r.right > 360 || r.width === 0; }).length);
  assert.equal(cut, 0, "no status is cut or hidden");
  const first = page.locator("table.tasks details").first();
  await first.locator("summary").click();
  assert.match(await first.textContent(), /Nguồn: /);
  await page.context().close();
});

test("a table wider than the screen says that it scrolls", async () => {
  const page = await open(bundled.url + "en/data/", { viewport: { width: 360, height: 640 } });
  assert.ok(await page.locator(".scroll-cue:visible + .table-scroll").count() > 0);
  assert.match(await page.locator(".scroll-cue:visible").first().textContent(), /scroll it sideways/);
  const wide = await open(bundled.url + "en/indicators/egdi-rank/", { viewport: { width: 1280, height: 900 } });
  assert.equal(await wide.locator(".scroll-cue:visible").count(), 0, "no cue where nothing scrolls");
  await page.context().close();
  await wide.context().close();
});

const everyKind = [
  "vi/", "en/goals/", "vi/goals/CL.II/", "en/targets/", "en/targets/BTTTT2021.2.4/",
  "vi/indicators/", "vi/indicators/dvctt-muc-do-4/", "en/indicators/egdi-rank/",
  "vi/datasets/", "en/datasets/nhiem-vu/", "vi/data/", "vi/status/", "en/status/met/",
  "vi/status/matrix/", "en/reporting/", "vi/tasks/", "vi/goals/PL6b/review/",
  "en/embed/indicators/egdi-rank/", "vi/indicators/so-hoa-ho-so-tthc/", "en/embed/maps/so-hoa-ho-so-tthc/", "vi/methodology/", "vi/about/", "vi/updates/",
];

test("no page kind overflows a 320 px screen (WCAG 1.4.10 reflow), Vietnamese and English pages", async () => {
  const wide = [];
  const bothLanguages = everyKind.flatMap((rel) => [rel, rel.replace(/^(vi|en)\//, (_, l) => (l === "vi" ? "en/" : "vi/"))]);
  for (const rel of bothLanguages) {
    const page = await open(bundled.url + rel, { viewport: { width: 320, height: 640 } });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) {
      const culprit = await page.evaluate(() => {
        const found = [];
        for (const el of document.querySelectorAll("body *")) {
          const r = el.getBoundingClientRect();
          if (r.right > 321 && !el.closest(".table-scroll, .chart-frame, pre")) found.push(el.tagName.toLowerCase() + "." + el.className);
        }
        return found.slice(0, 3).join(", ");
      });
      wide.push(`${rel}: ${width} px (${culprit})`);
    }
    await page.context().close();
  }
  assert.deepEqual(wide, [], wide.join("\n"));
});

// [name, page, site (the bundled portal unless given)]
for (const [name, rel, site] of [
  ["home", "vi/"],
  ["goal index", "vi/goals/"],
  ["target index", "en/targets/"],
  ["data hub", "vi/data/"],
  ["indicator index", "en/indicators/"],
  ["tasks", "vi/tasks/"],
  ["updates", "vi/updates/"],
  ["goal", "vi/goals/CL.II/"],
  ["indicator", "vi/indicators/dvctt-muc-do-4/"],
  ["status overview", "vi/status/"],
  ["status filter", "en/status/met/"],
  ["matrix", "vi/status/matrix/"],
  ["target", "en/targets/BTTTT2021.2.4/"],
  ["review form", "vi/goals/PL6b/review/"],
  ["reporting status", "en/reporting/"],
  ["dataset", "en/datasets/nhiem-vu/"],
  ["embed", "en/embed/indicators/egdi-rank/"],
  ["map", "en/indicators/ty-le-vung/", () => maps],
  ["map embed", "vi/embed/maps/ty-le-vung/", () => maps],
]) {
  test(`axe-core finds no WCAG 2.2 A or AA violation on the ${name} page`, async () => {
    const page = await open((site ? site() : bundled).url + rel);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    assert.deepEqual(found, [], found.join("\n"));
    await page.context().close();
  });
}

for (const width of [320, 1280]) {
  test(`screenshots at ${width} px`, async () => {
    for (const [name, url] of [
      ["indicator", bundled.url + "vi/indicators/egdi-rank/"],
      ["categories", bundled.url + "vi/indicators/cong-tham-van-quy-dinh-hien-hanh/"],
      ["target", demo.url + "en/targets/G1.a/"],
      ["series", demo.url + "en/indicators/dvc-truc-tuyen/"],
    ]) {
      const page = await open(url, { viewport: { width, height: 800 } });
      const figure = page.locator("figure.chart-figure").first();
      const svg = page.locator(width < 576 ? "svg.chart-compact" : "svg.chart-wide").first();
      assert.ok(await svg.isVisible(), `${name}: the layout for ${width} px`);
      const box = await figure.boundingBox();
      assert.ok(box.width <= width, `${name}: the chart fits ${width} px`);
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
      await page.context().close();
    }
  });
}

for (const [width, height] of [[390, 844], [1366, 768]]) {
  test(`the first screen of the status overview lists targets by title at ${width} px`, async () => {
    const page = await open(bundled.url + "vi/status/", { viewport: { width, height } });
    const first = page.locator(".overview-target h3").first();
    const box = await first.boundingBox();
    assert.ok(box.y + 24 < height, `the first target starts at ${box.y} px`);
    assert.match(await first.textContent(), /CL\.II\.1 Việt Nam có chỉ số phát triển chính phủ điện tử/);
    assert.match(await page.locator(".overview-target").first().textContent(), /Có nguy cơ chậm/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= width, `no horizontal scrolling: ${overflow} px`);
    await page.screenshot({ path: path.join(shots, `status-overview-${width}.png`) });
    await page.context().close();
  });
}

test("each page's own policy refuses inline script and style", async () => {
  for (const rel of ["vi/", "en/embed/indicators/egdi-rank/"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(bundled.url + rel);
    const blocked = await page.evaluate(() => new Promise((resolve) => {
      const seen = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.__inline = true";
      document.head.appendChild(script);
      const style = document.createElement("div");
      style.setAttribute("style", "color: red");
      document.body.appendChild(style);
      setTimeout(() => resolve({ ran: window.__inline === true, seen }), 200);
    }));
    assert.equal(blocked.ran, false, `${rel}: an inline script ran`);
    assert.ok(blocked.seen.some((d) => d.startsWith("script-src")), `${rel}: ${blocked.seen}`);
    assert.ok(blocked.seen.some((d) => d.startsWith("style-src")), `${rel}: ${blocked.seen}`);
    await context.close();
  }
});

test("no script error on any page visited", () => {
  assert.deepEqual(errors, []);
});
