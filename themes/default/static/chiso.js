/* chiso: progressive enhancement of the server-rendered charts. Without this script every
   page shows the headline chart and the full table; with it, readers get tooltips (pointer
   and keyboard), series toggles and dimension filters. No framework, no inline code, so a
   strict Content-Security-Policy (script-src 'self') works. */
(function () {
  "use strict";

  function enhance(figure) {
    var frame = figure.querySelector(".chart-frame");
    if (!frame) return;
    var svgs = Array.from(frame.querySelectorAll("svg.chart"));
    var controls = figure.querySelector(".chart-controls");
    var buttons = controls ? Array.from(controls.querySelectorAll("button[data-series]")) : [];
    var filters = controls ? Array.from(controls.querySelectorAll(".chart-filter")) : [];

    var tip = document.createElement("div");
    tip.className = "chart-tooltip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    frame.appendChild(tip);
    frame.tabIndex = 0;
    frame.setAttribute("role", "group");
    frame.setAttribute("aria-label", frame.getAttribute("data-hint") || "");

    function visibleSvg() {
      for (var i = 0; i < svgs.length; i++) {
        if (svgs[i].getBoundingClientRect().width > 0) return svgs[i];
      }
      return svgs[0];
    }

    /* The marks of the shown series of the visible layout, in reading order: { svg, series,
       x, y (in SVG units), tip, key }. A line's marks are its path's vertices, their tips a
       line each of the wide layout's data-tips; a bar has its data-tip, data-x and data-y. */
    function marks() {
      var svg = visibleSvg();
      var list = [];
      if (!svg) return list;
      function add(series, x, y, tip) {
        list.push({ svg: svg, series: series, x: x, y: y, tip: tip, key: series.getAttribute("data-series") + " " + x + " " + y });
      }
      svg.querySelectorAll(".series").forEach(function (series) {
        if (series.getAttribute("display") === "none") return;
        var wide = frame.querySelector('.chart-wide [data-series="' + series.getAttribute("data-series") + '"] [data-tips]');
        series.querySelectorAll("path.line").forEach(function (path) {
          var tips = wide.getAttribute("data-tips").split("\n");
          (path.getAttribute("d").match(/[ML][^MLh]+/g) || []).forEach(function (v, i) {
            var xy = v.slice(1).split(" ");
            add(series, parseFloat(xy[0]), parseFloat(xy[1]), tips[i] || "");
          });
        });
        series.querySelectorAll("[data-tip]").forEach(function (el) {
          add(series, parseFloat(el.getAttribute("data-x")), parseFloat(el.getAttribute("data-y")), el.getAttribute("data-tip"));
        });
      });
      return list.sort(function (a, b) { return a.x - b.x || a.y - b.y; });
    }

    /* Where a mark is, in pixels from the frame's corner. */
    function place(mark) {
      var box = mark.svg.getBoundingClientRect();
      var outer = frame.getBoundingClientRect();
      var scale = box.width / mark.svg.viewBox.baseVal.width;
      return { x: box.left - outer.left + mark.x * scale, y: box.top - outer.top + mark.y * scale };
    }

    /* The ring around the active mark, drawn here: a line's marks are not elements. */
    var ring = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    ring.setAttribute("class", "chart-focus");
    ring.setAttribute("r", "8");
    var active = null;
    function show(mark) {
      active = mark;
      tip.hidden = !mark;
      if (!mark) {
        ring.remove();
        return;
      }
      ring.setAttribute("cx", mark.x);
      ring.setAttribute("cy", mark.y);
      mark.svg.appendChild(ring);
      var label = mark.series.getAttribute("data-label");
      tip.textContent = (label ? label + " — " : "") + mark.tip;
      var point = place(mark);
      var width = frame.getBoundingClientRect().width;
      tip.style.left = Math.max(0, Math.min(point.x - tip.offsetWidth / 2, width - tip.offsetWidth)) + "px";
      tip.style.top = Math.max(0, point.y - tip.offsetHeight - 12) + "px";
    }

    frame.addEventListener("pointermove", function (event) {
      var outer = frame.getBoundingClientRect();
      var best = null;
      var bestDistance = 2500;
      marks().forEach(function (m) {
        var p = place(m);
        var d = Math.pow(outer.left + p.x - event.clientX, 2) + Math.pow(outer.top + p.y - event.clientY, 2);
        if (d < bestDistance) {
          bestDistance = d;
          best = m;
        }
      });
      show(best);
    });
    frame.addEventListener("pointerleave", function () {
      if (document.activeElement !== frame) show(null);
    });
    frame.addEventListener("focus", function () {
      var list = marks();
      show(list[list.length - 1] || null);
    });
    frame.addEventListener("blur", function () { show(null); });
    frame.addEventListener("keydown", function (event) {
      var list = marks();
      if (!list.length) return;
      var i = active ? list.map(function (m) { return m.key; }).indexOf(active.key) : -1;
      var next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: list.length - 1 }[event.key];
      if (event.key === "Escape") {
        show(null);
        return;
      }
      if (next === undefined) return;
      event.preventDefault();
      show(list[Math.max(0, Math.min(list.length - 1, next))]);
    });

    if (!controls) return;

    // The one set of controls (toggles or dimension checkboxes) shows and hides series, and
    // the rows of the data table that belong to them.
    var codes = JSON.parse(figure.getAttribute("data-series-codes") || "[]");
    var shownSeries = codes.map(function (_, n) {
      var g = figure.querySelector('svg.chart-wide .series[data-series="' + n + '"]');
      return !!g && g.getAttribute("display") !== "none";
    });
    var table = document.querySelector('table[data-chart="' + figure.getAttribute("data-chart") + '"]');
    var tableNote = null;
    if (table) {
      tableNote = document.createElement("p");
      tableNote.className = "table-filter-note";
      tableNote.setAttribute("role", "status");
      table.closest(".table-scroll").insertAdjacentElement("beforebegin", tableNote);
    }

    function syncTable() {
      if (!table) return;
      var rows = table.querySelectorAll("tbody tr");
      var shownRows = 0;
      rows.forEach(function (row) {
        var n = row.getAttribute("data-series");
        row.hidden = n !== null && !shownSeries[+n];
        if (!row.hidden) shownRows++;
      });
      tableNote.hidden = shownRows === rows.length;
      tableNote.textContent = table.getAttribute("data-filtered")
        .replace("{shown}", shownRows).replace("{total}", rows.length);
    }

    function setShown(index, shown) {
      shownSeries[+index] = shown;
      figure.querySelectorAll('svg [data-series="' + index + '"]').forEach(function (g) {
        if (shown) g.removeAttribute("display");
        else g.setAttribute("display", "none");
      });
      buttons.forEach(function (b) {
        if (b.getAttribute("data-series") === String(index)) b.setAttribute("aria-pressed", String(shown));
      });
    }

    /* A series is shown when each of its dimension codes is ticked. */
    function applyFilters() {
      var ticked = filters.map(function (f) {
        return Array.from(f.querySelectorAll("input:checked")).map(function (i) { return i.value; });
      });
      codes.forEach(function (dims, n) {
        var shown = filters.every(function (f, k) {
          return ticked[k].indexOf(dims[+f.getAttribute("data-dimension")]) >= 0;
        });
        setShown(n, shown);
      });
      syncTable();
      show(null);
    }

    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        setShown(b.getAttribute("data-series"), b.getAttribute("aria-pressed") !== "true");
        syncTable();
        show(null);
      });
    });
    filters.forEach(function (f) { f.addEventListener("change", applyFilters); });
    syncTable();
    controls.hidden = false;
  }

  // Text to paste elsewhere (embed code, citations, the page's address) gets a copy button;
  // without the script the text stays there to select.
  function copyButton(item) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = item.getAttribute("data-copy");
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    function select() {
      if (item.select) { item.select(); return; }
      var range = document.createRange();
      range.selectNodeContents(item);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    button.addEventListener("click", function () {
      var text = item.tagName === "TEXTAREA" ? item.value : item.textContent.trim();
      var done = function () { status.textContent = item.getAttribute("data-copied"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, select);
      } else {
        select();
      }
    });
    item.insertAdjacentElement("afterend", status);
    item.insertAdjacentElement("afterend", button);
  }

  // Site search: the index of the page's language, read once, searched as the reader types.
  // Case and diacritics are folded on both sides ("muc do 4" finds "mức độ 4"); a code typed
  // whole ranks first. Without the script the form leads to the indicator index.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d")
      .toLowerCase().replace(/[^a-z0-9.]+/g, " ");
  }

  function siteSearch(form) {
    var input = form.querySelector("input[type=search]");
    var region = form.querySelector(".search-results");
    var entries = [];
    var loading = null;
    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute("data-index"))
          .then(function (response) { return response.json(); })
          .then(function (list) {
            var kinds = {};
            entries = list.map(function (e) {
              if (!(e.k in kinds)) kinds[e.k] = Object.keys(kinds).length;
              e.kind = kinds[e.k];
              e.ft = fold(e.t);
              e.fc = e.c.toLowerCase();
              return e;
            });
          });
      }
      return loading;
    }
    function rank(query) {
      var q = fold(query).trim();
      if (!q) return [];
      var terms = q.split(/\s+/);
      var found = [];
      entries.forEach(function (e) {
        var score = 0;
        var code = query.trim().toLowerCase();
        if (e.fc && e.fc === code) score = 1000;
        else if (e.fc && e.fc.indexOf(code) === 0) score = 500;
        else if (terms.every(function (t) { return (e.ft + " " + fold(e.c)).indexOf(t) >= 0; })) {
          score = e.ft.indexOf(q) >= 0 ? 200 : 100;
        }
        if (score) found.push([score, e.kind, e.t.length, e]);
      });
      // Ties: indicators, then targets, goals, datasets, pages (the index's order of kinds);
      // then the shorter, more specific title.
      found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1] || a[2] - b[2]; });
      return found.slice(0, 12).map(function (f) { return f[3]; });
    }
    function show() {
      var results = rank(input.value);
      region.textContent = "";
      if (!input.value.trim()) { region.hidden = true; return; }
      var summary = document.createElement("p");
      summary.textContent = results.length
        ? form.getAttribute("data-count").replace("{count}", results.length)
        : form.getAttribute("data-none");
      region.appendChild(summary);
      var list = document.createElement("ol");
      results.forEach(function (e) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = e.u;
        link.textContent = e.t;
        var meta = document.createElement("span");
        meta.className = "search-meta";
        meta.textContent = e.k + (e.c ? " " + e.c : "") + (e.s ? " · " + e.s : "");
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(meta);
        list.appendChild(item);
      });
      region.appendChild(list);
      region.hidden = false;
    }
    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load().then(show); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; show(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load().then(function () {
        show();
        var first = region.querySelector("a");
        if (first) first.focus();
      });
    });
  }

  // The indicator index: filters by text (folded like the search), goal and reporting
  // status; the orders other than by goal show each indicator once in a flat list.
  function indicatorIndex(form) {
    var grouped = document.querySelector("[data-index-grouped]");
    if (!grouped) return;
    var count = form.querySelector("[role=status]");
    var flat = document.createElement("ol");
    flat.className = "plain index-flat";
    flat.hidden = true;
    grouped.insertAdjacentElement("afterend", flat);
    var seen = {};
    var unique = [];
    grouped.querySelectorAll(".index-entry").forEach(function (item) {
      var id = item.getAttribute("data-id");
      item.setAttribute("data-text", fold(item.textContent));
      if (seen[id]) return;
      seen[id] = item.cloneNode(true);
      seen[id].setAttribute("data-goals", " ");
      unique.push(seen[id]);
    });
    // An indicator listed under several goals passes the goal filter for any of them.
    grouped.querySelectorAll("section[data-goal]").forEach(function (section) {
      var goal = section.getAttribute("data-goal");
      section.querySelectorAll(".index-entry").forEach(function (item) {
        var copy = seen[item.getAttribute("data-id")];
        copy.setAttribute("data-goals", copy.getAttribute("data-goals") + goal + " ");
        item.setAttribute("data-goals", " " + goal + " ");
      });
    });
    function apply() {
      var q = fold(form.elements.q.value).trim().split(/\s+/).filter(Boolean);
      var goal = form.elements.goal.value;
      var status = form.elements.status.value;
      var sort = form.elements.sort.value;
      function passes(item) {
        var text = item.getAttribute("data-text");
        return q.every(function (t) { return text.indexOf(t) >= 0; }) &&
          (!goal || item.getAttribute("data-goals").indexOf(" " + goal + " ") >= 0) &&
          (!status || item.getAttribute("data-status") === status);
      }
      var shown = 0;
      if (sort) {
        var list = unique.filter(passes);
        list.sort(function (a, b) {
          if (sort === "updated") {
            var d = b.getAttribute("data-updated").localeCompare(a.getAttribute("data-updated"));
            if (d) return d;
          }
          return a.querySelector("a").textContent.localeCompare(b.querySelector("a").textContent, document.documentElement.lang);
        });
        flat.textContent = "";
        list.forEach(function (item) { flat.appendChild(item); });
        shown = list.length;
      } else {
        var ids = {};
        grouped.querySelectorAll(".index-entry").forEach(function (item) {
          item.hidden = !passes(item);
          if (!item.hidden) ids[item.getAttribute("data-id")] = true;
        });
        grouped.querySelectorAll(".index-group, section[data-goal]").forEach(function (group) {
          group.hidden = !group.querySelector(".index-entry:not([hidden])");
        });
        shown = Object.keys(ids).length;
      }
      grouped.hidden = !!sort;
      flat.hidden = !sort;
      count.textContent = count.getAttribute("data-count").replace("{count}", shown);
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // The search box leads here without its script (`?q=`): the words carry over.
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) form.elements.q.value = asked;
    form.hidden = false;
    apply();
  }

  // A table wider than its box says so in words, above it, while it is wider (the shadows
  // at its edges, from the style sheet, show it without the script).
  function scrollCue(box) {
    if (box.previousElementSibling && box.previousElementSibling.classList.contains("scroll-cue")) return;
    var cue = document.createElement("p");
    cue.className = "scroll-cue";
    cue.textContent = document.body.getAttribute("data-scroll-cue");
    box.insertAdjacentElement("beforebegin", cue);
    function update() { cue.hidden = box.scrollWidth <= box.clientWidth + 1; }
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(box);
  }

  /* A map: the region under the pointer or keyboard focus named with its figure, and, when
     there are several periods, a selector that recolours the regions, their tips, the legend's
     period, the description and the table beside the map. */
  function mapFigure(figure) {
    var svg = figure.querySelector("svg.map");
    if (!svg) return;
    var id = figure.getAttribute("data-map");
    var periods = JSON.parse(figure.getAttribute("data-periods") || "[]");
    var colours = JSON.parse(figure.getAttribute("data-colours") || "[]");
    var regions = Array.from(svg.querySelectorAll(".region"));
    var readout = figure.querySelector(".map-readout");
    var table = document.querySelector('[data-map-table="' + id + '"]');
    function say(region) {
      readout.textContent = region.querySelector("title").textContent;
      readout.hidden = false;
    }
    regions.forEach(function (region) {
      region.addEventListener("focus", function () { say(region); });
      region.addEventListener("mouseenter", function () { say(region); });
    });
    function draw(period) {
      regions.forEach(function (region, i) {
        var c = period.classes[i];
        var fill = c === null ? "url(#" + id + "-nodata)" : colours[c];
        region.querySelectorAll("path, circle").forEach(function (shape) { shape.setAttribute("fill", fill); });
        region.querySelector("title").textContent = period.tips[i];
      });
      svg.querySelectorAll(".map-period").forEach(function (text) { text.textContent = period.label; });
      var desc = svg.querySelector("desc");
      if (desc) desc.textContent = period.description;
      if (table) {
        table.querySelectorAll(".map-table-period").forEach(function (text) { text.textContent = period.label; });
        table.querySelectorAll("tbody tr").forEach(function (row, i) {
          row.querySelector("td").textContent = period.values[i];
        });
      }
      readout.hidden = true;
    }
    var controls = figure.querySelector(".map-controls");
    var select = controls && controls.querySelector("select");
    if (select && periods.length > 1) {
      controls.hidden = false;
      select.addEventListener("change", function () { draw(periods[+select.value]); });
    }
  }

  function start() {
    document.querySelectorAll("figure[data-chart]").forEach(enhance);
    document.querySelectorAll("figure[data-map]").forEach(mapFigure);
    document.querySelectorAll("[data-copy]").forEach(copyButton);
    document.querySelectorAll("form.site-search").forEach(siteSearch);
    document.querySelectorAll("form[data-index-filters]").forEach(indicatorIndex);
    document.querySelectorAll(".table-scroll").forEach(scrollCue);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
