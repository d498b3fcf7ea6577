/* Clio explorer: tree view + map view over one partition of the analyst database.
 * Plain browser JS with no dependencies, because the page has to work offline from a single file.
 * Every piece of data is written with textContent / setAttribute, never innerHTML, so a cluster
 * name can never inject markup into the page. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("clio-data").textContent);
  var SVG_NS = "http://www.w3.org/2000/svg";
  var THRESHOLD = DATA.concerning_threshold;
  var GROWTH_CENTER = DATA.growth_center == null ? 0 : DATA.growth_center;
  var CATEGORICAL = ["#3355cc", "#e8833a", "#2f9e77", "#c2417d", "#7a5cc7", "#b59a1f", "#1f9bbf", "#8c6d4f", "#d9534f", "#5f7d2a"];
  var NO_VALUE = "#c8ccd4";

  var clusters = DATA.clusters;
  var byId = {};
  var childrenOf = {};
  clusters.forEach(function (c) { byId[c.id] = c; childrenOf[c.id] = []; });
  var roots = [];
  clusters.forEach(function (c) {
    if (c.parent != null && byId[c.parent]) childrenOf[c.parent].push(c); else roots.push(c);
  });
  // Biggest first everywhere, but "other" buckets last among their siblings: they are the remainder.
  function bySize(a, b) {
    if (a.is_other !== b.is_other) return a.is_other ? 1 : -1;
    return b.n_conversations - a.n_conversations || (a.name < b.name ? -1 : 1);
  }
  roots.sort(bySize);
  Object.keys(childrenOf).forEach(function (k) { childrenOf[k].sort(bySize); });
  var maxLevel = clusters.reduce(function (m, c) { return Math.max(m, c.level); }, 0);
  var pub = DATA.publication || {};
  // The publication log holds the window's true total; summing roots is the fallback for older files.
  var totalConversations = pub.n_conversations != null ? pub.n_conversations
    : roots.reduce(function (s, c) { return s + c.n_conversations; }, 0);

  var state = { selected: null, query: "", concerningOnly: false, colorBy: "level", mapLevel: "all" };
  var rowById = {};
  var nodeById = {};
  var pointById = {};

  // ---------- helpers ----------
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "onclick") node.addEventListener("click", v);
      else node.setAttribute(k, v === true ? "" : v);
    });
  }
  function append(node, children) {
    (children || []).forEach(function (ch) {
      if (ch == null) return;
      node.appendChild(typeof ch === "string" ? document.createTextNode(ch) : ch);
    });
  }
  function fmtInt(n) { return n == null ? "—" : Number(n).toLocaleString("en-US"); }
  function fmtShare(s) { return s == null ? "—" : (s * 100).toFixed(s < 0.01 ? 2 : 1) + "%"; }
  function fmtNum(x, d) { return x == null ? "—" : Number(x).toFixed(d); }
  function fmtGrowth(g) {
    if (g == null) return "—";
    var delta = g - GROWTH_CENTER;
    return (delta >= 0 ? "+" : "−") + Math.abs(delta * 100).toFixed(0) + "%";
  }
  function isConcerning(c) { return c.mean_concerning != null && c.mean_concerning >= THRESHOLD; }
  function ancestors(c) {
    var out = [];
    var p = c.parent != null ? byId[c.parent] : null;
    while (p) { out.unshift(p); p = p.parent != null ? byId[p.parent] : null; }
    return out;
  }
  function levelLabel(level) {
    if (level === 0) return "Base cluster";
    if (level === maxLevel) return "Top-level category";
    return "Level " + level;
  }

  function levelPlural(level) {
    if (level === 0) return "Base clusters";
    if (level === maxLevel) return "Top-level categories";
    return "Level " + level + " clusters";
  }

  // ---------- header ----------
  function renderSummary() {
    var items = [
      ["Partition", DATA.partition_date],
      ["Clusters", fmtInt(clusters.length)],
      ["Categories", fmtInt(roots.length)],
      ["Conversations", fmtInt(totalConversations)],
    ];
    if (pub.min_users != null) items.push(["Min users / cell", fmtInt(pub.min_users)]);
    append($("summary"), items.map(function (kv) { return el("span", {}, [kv[0] + " ", el("b", { text: kv[1] })]); }));
  }

  // ---------- tree ----------
  function buildNode(c, depth) {
    var kids = childrenOf[c.id];
    var maxSibling = c.parent != null && byId[c.parent] ? byId[c.parent].n_conversations : totalConversations;
    var pct = maxSibling ? Math.max(2, Math.round((100 * c.n_conversations) / maxSibling)) : 0;
    var cls = ["row"];
    if (c.level === maxLevel && c.parent == null) cls.push("top");
    if (c.is_other) cls.push("other");
    if (isConcerning(c)) cls.push("concerning");
    var name = el("span", { class: "name", text: c.name });
    if (c.is_other) name.appendChild(el("span", { class: "tag-other", text: "other" }));
    var row = el("div", {
      class: cls.join(" "), role: "treeitem", "data-cluster-id": c.id, "data-level": c.level,
      "data-other": c.is_other ? "true" : null, "data-concerning": isConcerning(c) ? "true" : null,
      title: c.description || c.name, style: "--depth:" + depth,
    }, [
      el("span", { class: "caret" + (kids.length ? "" : " leaf"), text: "▶" }),
      name,
      el("span", { class: "meta" }, [
        // In the metadata column, not after the name, so an ellipsised long name cannot hide it.
        isConcerning(c) ? el("span", { class: "flag-concerning", title: "Concerning: mean score " + fmtNum(c.mean_concerning, 2), text: "concerning" }) : null,
        el("span", { text: fmtInt(c.n_conversations) }),
        el("span", { class: "bar" }, [el("i", { style: "width:" + pct + "%" })]),
      ]),
    ]);
    var node = el("div", { class: "node", "data-node-id": c.id }, [row]);
    var box = el("div", { class: "children", role: "group" });
    kids.forEach(function (k) { box.appendChild(buildNode(k, depth + 1)); });
    node.appendChild(box);
    row.addEventListener("click", function (ev) {
      if (ev.target.classList.contains("caret")) { node.classList.toggle("open"); return; }
      if (state.selected === c.id && kids.length) node.classList.toggle("open");
      else node.classList.add("open");
      select(c.id, "tree");
    });
    rowById[c.id] = row;
    nodeById[c.id] = node;
    return node;
  }
  function renderTree() {
    var tree = $("tree");
    roots.forEach(function (c) { tree.appendChild(buildNode(c, 0)); });
  }
  function openAncestors(c) {
    ancestors(c).forEach(function (a) { nodeById[a.id].classList.add("open"); nodeById[a.id].classList.remove("hidden"); });
    nodeById[c.id].classList.remove("hidden");
  }
  function setAllOpen(open) {
    Object.keys(nodeById).forEach(function (id) { nodeById[id].classList.toggle("open", open); });
  }

  // ---------- filters (search + concerning) ----------
  function matchesFilter(c) {
    if (state.query && c.name.toLowerCase().indexOf(state.query) < 0) return false;
    if (state.concerningOnly && !isConcerning(c)) return false;
    return true;
  }
  function applyFilters() {
    var active = state.query !== "" || state.concerningOnly;
    var matched = {};
    var visible = {};
    clusters.forEach(function (c) {
      if (!active || !matchesFilter(c)) return;
      matched[c.id] = true;
      visible[c.id] = true;
      ancestors(c).forEach(function (a) { visible[a.id] = true; });
    });
    // Descendants of a match stay reachable (collapsed), so a matched category can still be browsed.
    clusters.forEach(function (c) {
      if (active && !visible[c.id] && ancestors(c).some(function (a) { return matched[a.id]; })) visible[c.id] = true;
    });
    var nMatched = Object.keys(matched).length;
    clusters.forEach(function (c) {
      var node = nodeById[c.id];
      node.classList.toggle("hidden", active && !visible[c.id]);
      rowById[c.id].classList.toggle("match", state.query !== "" && !!matched[c.id]);
      if (active && matched[c.id]) ancestors(c).forEach(function (a) { nodeById[a.id].classList.add("open"); });
      var pt = pointById[c.id];
      if (pt) pt.classList.toggle("dim", active && !matched[c.id]);
    });
    $("search-status").textContent = active ? nMatched + (nMatched === 1 ? " cluster matches" : " clusters match") : "";
    var first = clusters.filter(function (c) { return matched[c.id]; }).sort(function (a, b) { return a.level - b.level; })[0];
    if (first && state.query) rowById[first.id].scrollIntoView({ block: "nearest" });
  }
  function renderConcerningList() {
    var list = $("concerning-list");
    var items = clusters.filter(isConcerning).sort(function (a, b) { return b.mean_concerning - a.mean_concerning; });
    $("concerning-count").textContent = String(items.length);
    list.textContent = "";
    list.appendChild(el("h3", { text: "Concerning clusters (mean score ≥ " + THRESHOLD + ")" }));
    if (!items.length) list.appendChild(el("div", { class: "muted small", text: "None in this partition." }));
    items.forEach(function (c) {
      list.appendChild(el("a", { "data-cluster-id": c.id, onclick: function () { select(c.id, "list"); } }, [
        el("span", { text: c.name }), el("span", { class: "muted", text: fmtNum(c.mean_concerning, 2) }),
      ]));
    });
  }

  // ---------- colours ----------
  function mix(a, b, t) {
    var pa = [1, 3, 5].map(function (i) { return parseInt(a.substr(i, 2), 16); });
    var pb = [1, 3, 5].map(function (i) { return parseInt(b.substr(i, 2), 16); });
    return "rgb(" + pa.map(function (v, i) { return Math.round(v + (pb[i] - v) * t); }).join(",") + ")";
  }
  function ramp(stops, t) {
    t = Math.max(0, Math.min(1, t));
    var seg = Math.min(stops.length - 2, Math.floor(t * (stops.length - 1)));
    return mix(stops[seg], stops[seg + 1], t * (stops.length - 1) - seg);
  }
  var CONCERN_STOPS = ["#2f9e44", "#f2c94c", "#c0392b"];
  var GROWTH_STOPS = ["#2b6cb0", "#eef0f4", "#d9480f"];
  var growthSpread = clusters.reduce(function (m, c) {
    return c.growth == null ? m : Math.max(m, Math.abs(c.growth - GROWTH_CENTER));
  }, 0) || 1;
  // Rising = a topic's window count now against 7 days before (growth_7d, from the analyst DB).
  var risingSpread = clusters.reduce(function (m, c) {
    return c.growth_7d == null ? m : Math.max(m, Math.abs(c.growth_7d));
  }, 0) || 1;
  var TOPICS = DATA.topics || {};
  var languages = (function () {
    var counts = {};
    clusters.forEach(function (c) { if (c.dominant_language) counts[c.dominant_language] = (counts[c.dominant_language] || 0) + c.n_conversations; });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; });
  })();
  function colorOf(c) {
    switch (state.colorBy) {
      case "mean_concerning":
        return c.mean_concerning == null ? NO_VALUE : ramp(CONCERN_STOPS, (c.mean_concerning - 1) / 4);
      case "growth":
        return c.growth == null ? NO_VALUE : ramp(GROWTH_STOPS, 0.5 + (c.growth - GROWTH_CENTER) / (2 * growthSpread));
      case "rising":
        return c.growth_7d == null ? NO_VALUE : ramp(GROWTH_STOPS, 0.5 + c.growth_7d / (2 * risingSpread));
      case "dominant_language": {
        var i = languages.indexOf(c.dominant_language);
        return i < 0 ? NO_VALUE : i < CATEGORICAL.length - 1 ? CATEGORICAL[i] : "#9aa3b2";
      }
      default:
        return CATEGORICAL[c.level % CATEGORICAL.length];
    }
  }
  function renderLegend() {
    var legend = $("legend");
    legend.textContent = "";
    function swatch(color, label) { return el("span", {}, [el("span", { class: "sw", style: "background:" + color }), label]); }
    function gradient(stops, lo, hi) {
      return el("span", {}, [lo, el("span", { class: "ramp", style: "background:linear-gradient(90deg," + stops.join(",") + ")" }), hi]);
    }
    if (state.colorBy === "level") {
      for (var l = maxLevel; l >= 0; l--) legend.appendChild(swatch(CATEGORICAL[l % CATEGORICAL.length], levelLabel(l)));
    } else if (state.colorBy === "mean_concerning") {
      legend.appendChild(gradient(CONCERN_STOPS, "1 benign", "5 concerning"));
    } else if (state.colorBy === "growth") {
      legend.appendChild(gradient(GROWTH_STOPS, fmtGrowth(GROWTH_CENTER - growthSpread), fmtGrowth(GROWTH_CENTER + growthSpread)));
    } else if (state.colorBy === "rising") {
      legend.appendChild(gradient(GROWTH_STOPS, fmtGrowth(GROWTH_CENTER - risingSpread) + " in 7 days", fmtGrowth(GROWTH_CENTER + risingSpread)));
      legend.appendChild(swatch(NO_VALUE, "no topic 7 days ago"));
    } else {
      languages.slice(0, CATEGORICAL.length - 1).forEach(function (lang, i) { legend.appendChild(swatch(CATEGORICAL[i], lang)); });
      if (languages.length >= CATEGORICAL.length) legend.appendChild(swatch("#9aa3b2", "other languages"));
    }
    legend.appendChild(el("span", { class: "note" }, ["Size = conversations · red ring = concerning"]));
  }

  // ---------- map ----------
  function mapPoints() {
    return clusters.filter(function (c) {
      return c.x != null && c.y != null && (state.mapLevel === "all" || String(c.level) === state.mapLevel);
    });
  }
  function drawMap() {
    var map = $("map");
    var box = $("map-wrap").getBoundingClientRect();
    var w = Math.max(200, box.width), h = Math.max(200, box.height);
    map.setAttribute("viewBox", "0 0 " + w + " " + h);
    map.textContent = "";
    pointById = {};
    var pts = mapPoints();
    if (!pts.length) {
      map.appendChild(svg("text", { x: w / 2, y: h / 2, "text-anchor": "middle", class: "lbl", text: "No map coordinates in this partition." }));
      return;
    }
    var xs = pts.map(function (c) { return c.x; }), ys = pts.map(function (c) { return c.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var maxN = pts.reduce(function (m, c) { return Math.max(m, c.n_conversations); }, 1);
    var rMax = Math.max(14, Math.min(w, h) / 14), rMin = 3.5, pad = rMax + 8;
    function sx(x) { return x1 === x0 ? w / 2 : pad + ((x - x0) / (x1 - x0)) * (w - 2 * pad); }
    function sy(y) { return y1 === y0 ? h / 2 : h - pad - ((y - y0) / (y1 - y0)) * (h - 2 * pad); }
    // Largest first, so small base clusters are drawn on top of the categories that contain them.
    pts.slice().sort(function (a, b) { return b.level - a.level || b.n_conversations - a.n_conversations; }).forEach(function (c) {
      var r = rMin + (rMax - rMin) * Math.sqrt(c.n_conversations / maxN);
      var cls = ["pt"];
      if (c.is_other) cls.push("other");
      if (isConcerning(c)) cls.push("concerning");
      if (state.selected === c.id) cls.push("selected");
      var opacity = state.mapLevel === "all" && c.level > 0 ? 0.28 + 0.5 / (1 + c.level) : 0.85;
      var pt = svg("circle", {
        class: cls.join(" "), cx: sx(c.x).toFixed(1), cy: sy(c.y).toFixed(1), r: r.toFixed(1),
        fill: colorOf(c), "fill-opacity": opacity.toFixed(2), "data-cluster-id": c.id, "data-level": c.level,
      });
      pt.addEventListener("mouseenter", function (ev) { showTooltip(c, ev); });
      pt.addEventListener("mousemove", function (ev) { showTooltip(c, ev); });
      pt.addEventListener("mouseleave", hideTooltip);
      pt.addEventListener("click", function () { select(c.id, "map"); });
      map.appendChild(pt);
      pointById[c.id] = pt;
    });
    // Label the highest level drawn, so the map can be read without hovering.
    var labelLevel = pts.reduce(function (m, c) { return Math.max(m, c.level); }, 0);
    pts.filter(function (c) { return c.level === labelLevel && !c.is_other; }).forEach(function (c) {
      map.appendChild(svg("text", { class: "lbl", x: sx(c.x).toFixed(1), y: sy(c.y).toFixed(1), "text-anchor": "middle", dy: "0.35em", text: c.name }));
    });
    applyFilters();
  }
  function showTooltip(c, ev) {
    var tip = $("tooltip");
    var box = $("map-wrap").getBoundingClientRect();
    tip.textContent = "";
    append(tip, [
      el("b", { text: c.name }), el("br"),
      levelLabel(c.level) + (c.is_other ? " · other bucket" : ""), el("br"),
      fmtInt(c.n_conversations) + " conversations · " + fmtInt(c.n_users) + " users",
      c.mean_concerning != null ? el("br") : null,
      c.mean_concerning != null ? "mean concerning " + fmtNum(c.mean_concerning, 2) : null,
    ]);
    tip.hidden = false;
    var x = ev.clientX - box.left + 14, y = ev.clientY - box.top + 14;
    if (x + tip.offsetWidth > box.width) x = ev.clientX - box.left - tip.offsetWidth - 10;
    if (y + tip.offsetHeight > box.height) y = ev.clientY - box.top - tip.offsetHeight - 10;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTooltip() { $("tooltip").hidden = true; }
  function renderLevelOptions() {
    var sel = $("map-levels");
    sel.appendChild(el("option", { value: "all", text: "All levels" }));
    for (var l = maxLevel; l >= 0; l--) sel.appendChild(el("option", { value: String(l), text: levelPlural(l) }));
  }

  // ---------- sidebar ----------
  function barChart(cells, total, extraClass) {
    var box = el("div", { class: "bars" + (extraClass ? " " + extraClass : "") });
    var max = cells.reduce(function (m, cell) { return Math.max(m, cell[1]); }, 1);
    cells.forEach(function (cell) {
      append(box, [
        el("span", { class: "lab", title: cell[0], text: cell[0] }),
        el("span", { class: "track" }, [el("i", { style: "width:" + Math.max(2, (100 * cell[1]) / max).toFixed(1) + "%" })]),
        el("span", { class: "num", text: total ? Math.round((100 * cell[1]) / total) + "%" : fmtInt(cell[1]) }),
      ]);
    });
    return box;
  }
  function sparkline(points) {
    var W = 300, H = 84, padL = 4, padR = 4, padT = 16, padB = 16;
    var vals = points.map(function (p) { return p[1]; });
    var max = vals.reduce(function (m, v) { return v == null ? m : Math.max(m, v); }, 0) || 1;
    function px(i) { return padL + (points.length === 1 ? (W - padL - padR) / 2 : (i * (W - padL - padR)) / (points.length - 1)); }
    function py(v) { return padT + (1 - v / max) * (H - padT - padB); }
    var chart = svg("svg", { class: "spark", viewBox: "0 0 " + W + " " + H, "data-role": "trend" });
    // Suppressed days (NULL) break the line instead of being drawn as zero.
    var segments = [], current = [];
    points.forEach(function (p, i) {
      if (p[1] == null) { if (current.length) segments.push(current); current = []; }
      else current.push([px(i), py(p[1])]);
    });
    if (current.length) segments.push(current);
    segments.forEach(function (seg) {
      var d = seg.map(function (q, i) { return (i ? "L" : "M") + q[0].toFixed(1) + " " + q[1].toFixed(1); }).join(" ");
      if (seg.length > 1) chart.appendChild(svg("path", { class: "area", d: d + " L" + seg[seg.length - 1][0].toFixed(1) + " " + (H - padB) + " L" + seg[0][0].toFixed(1) + " " + (H - padB) + " Z" }));
      chart.appendChild(svg("path", { class: "line", d: d }));
      seg.forEach(function (q) { chart.appendChild(svg("circle", { class: "dot", cx: q[0].toFixed(1), cy: q[1].toFixed(1), r: 2 })); });
    });
    chart.appendChild(svg("text", { class: "axis", x: padL, y: H - 3, text: points[0][0] }));
    chart.appendChild(svg("text", { class: "axis", x: W - padR, y: H - 3, "text-anchor": "end", text: points[points.length - 1][0] }));
    chart.appendChild(svg("line", { class: "grid", x1: padL, x2: W - padR, y1: padT, y2: padT }));
    chart.appendChild(svg("text", { class: "axis", x: padL, y: padT - 4, text: fmtInt(max) + " / day (max)" }));
    return chart;
  }
  function renderSidebar(c) {
    var side = $("sidebar");
    side.textContent = "";
    var crumbs = el("div", { class: "crumbs" });
    ancestors(c).forEach(function (a) {
      append(crumbs, [el("a", { "data-cluster-id": a.id, text: a.name, onclick: function () { select(a.id, "sidebar"); } }), " › "]);
    });
    var badges = el("div", { class: "badges" }, [el("span", { class: "badge", text: levelLabel(c.level) })]);
    if (c.is_other) badges.appendChild(el("span", { class: "badge other", text: "Other bucket (suppressed children merged)" }));
    if (isConcerning(c)) badges.appendChild(el("span", { class: "badge danger", text: "Concerning" }));
    if (c.new_topic) badges.appendChild(el("span", { class: "badge", "data-role": "new-topic", title: "First published in the last 7 days", text: "New topic" }));
    if (c.audit_score != null) badges.appendChild(el("span", { class: "badge", title: "Privacy audit score (1–5, higher is safer)", text: "Privacy audit " + c.audit_score + "/5" }));
    var kids = childrenOf[c.id];
    var stat = function (v, k) { return el("div", { class: "stat" }, [el("div", { class: "v", text: v }), el("div", { class: "k", text: k })]); };
    append(side, [
      crumbs,
      el("h1", { "data-role": "cluster-name", text: c.name }),
      badges,
      c.description ? el("p", { class: "desc", "data-role": "cluster-description", text: c.description }) : null,
      el("div", { class: "stats" }, [
        stat(fmtInt(c.n_conversations), "conversations"), stat(fmtInt(c.n_users), "distinct users"),
        stat(fmtShare(c.share), "share of window"), stat(fmtNum(c.mean_concerning, 2), "mean concerning"),
        stat(fmtGrowth(c.growth), "growth (last day)"), stat(fmtInt(kids.length), "children"),
      ]),
    ]);
    var trend = DATA.trends[c.id];
    var history = c.topic_id ? TOPICS[c.topic_id] : null;
    if (trend && trend.length || !history) {
      side.appendChild(el("h3", { text: "Daily conversations" }));
      side.appendChild(trend && trend.length ? sparkline(trend) : el("div", { class: "muted small", text: "No trend published." }));
    }
    if (history && history.length) {
      // A stable topic: its window count on every day it was published, across the whole history.
      side.appendChild(el("h3", { text: "Topic history (" + c.topic_id + ", since " + c.first_day + ")" }));
      side.appendChild(history.length > 1 ? sparkline(history)
        : el("div", { class: "muted small", text: "First published today." }));
      side.lastChild.setAttribute("data-role", "topic-history");
    }
    if (c.growth_7d != null) {
      side.appendChild(el("div", { class: "muted small", "data-role": "topic-growth",
        text: "Topics here: " + fmtGrowth(GROWTH_CENTER + c.growth_7d) + " in 7 days" }));
    }
    var facets = DATA.breakdowns[c.id] || {};
    [["language", "Languages"], ["task", "Tasks"], ["concerning_score", "Concerning score"]].forEach(function (f) {
      var cells = (facets[f[0]] || []).slice();
      if (!cells.length) return;
      if (f[0] === "concerning_score") cells.sort(function (a, b) { return String(a[0]).localeCompare(String(b[0])); });
      var total = cells.reduce(function (s, cell) { return s + cell[1]; }, 0);
      side.appendChild(el("h3", { text: f[1] }));
      side.appendChild(barChart(cells.slice(0, 10), total, f[0] === "concerning_score" ? "concerning" : ""));
    });
    if (kids.length) {
      side.appendChild(el("h3", { text: "Children (" + kids.length + ")" }));
      var list = el("div", { class: "children-list" });
      kids.slice(0, 15).forEach(function (k) {
        list.appendChild(el("a", { "data-cluster-id": k.id, onclick: function () { select(k.id, "sidebar"); } }, [
          el("span", { text: k.name }), el("span", { class: "n", text: fmtInt(k.n_conversations) }),
        ]));
      });
      side.appendChild(list);
    }
  }

  // ---------- selection ----------
  function select(id, source) {
    var c = byId[id];
    if (!c) return;
    if (state.selected && rowById[state.selected]) rowById[state.selected].classList.remove("selected");
    if (state.selected && pointById[state.selected]) pointById[state.selected].classList.remove("selected");
    state.selected = id;
    openAncestors(c);
    rowById[id].classList.add("selected");
    if (source !== "tree") rowById[id].scrollIntoView({ block: "nearest" });
    if (pointById[id]) {
      pointById[id].classList.add("selected");
      pointById[id].parentNode.appendChild(pointById[id]); // bring to front
    }
    renderSidebar(c);
    if (history.replaceState) history.replaceState(null, "", "#cluster=" + encodeURIComponent(id));
  }

  // ---------- wiring ----------
  function init() {
    renderSummary();
    renderTree();
    renderConcerningList();
    renderLevelOptions();
    renderLegend();
    drawMap();
    var timer = null;
    $("search").addEventListener("input", function (ev) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.query = ev.target.value.trim().toLowerCase(); applyFilters(); }, 120);
    });
    $("filter-concerning").addEventListener("click", function (ev) {
      state.concerningOnly = !state.concerningOnly;
      ev.currentTarget.setAttribute("aria-pressed", String(state.concerningOnly));
      $("concerning-list").hidden = !state.concerningOnly;
      applyFilters();
    });
    $("expand-all").addEventListener("click", function () { setAllOpen(true); });
    $("collapse-all").addEventListener("click", function () { setAllOpen(false); });
    $("color-by").addEventListener("change", function (ev) { state.colorBy = ev.target.value; renderLegend(); drawMap(); });
    $("map-levels").addEventListener("change", function (ev) { state.mapLevel = ev.target.value; drawMap(); });
    if (window.ResizeObserver) new ResizeObserver(function () { drawMap(); }).observe($("map-wrap"));
    else window.addEventListener("resize", drawMap);
    var m = /^#cluster=(.+)$/.exec(location.hash);
    var initial = m ? decodeURIComponent(m[1]) : null;
    select(initial && byId[initial] ? initial : roots[0].id, "init");
    document.body.setAttribute("data-ready", "true");
  }
  init();
})();
