/* newsgraph page: an overview of the actors joined by what they did together, re-weighed by the
   filters; search over every entity; a side panel of the selection's facts with their evidence;
   a timeline strip. NG_DATA is built by graph/overview.py (tables that refer to each other by index):
     entities [label, type, articles, "alias|alias"]    articles [id, headline, date, outlet, url]
     facts [kind, label, date, status, [actors], target, [[article, sentence]], [articles], confidence,
            reported (1: the date is the first report's, the text giving none)]
     edges [a, b, [facts]]                              sentences, outlets, kinds, kindWords, types, view */
(function () {
  "use strict";

  var D = NG_DATA, V = D.view;
  var K = { kind: 0, label: 1, date: 2, status: 3, actors: 4, target: 5, evidence: 6, articles: 7, conf: 8,
            reported: 9 };
  var INTERACTIONS = ["meeting", "talks", "summit", "visit", "call", "agreement"];
  var PANEL_FACTS = 60;  /* facts listed at first in the side panel ("show all" lists the rest) */
  var MIN_LABEL_PX = 12; /* the smallest node label the initial zoom may show */
  var EDGE_LABELS = 40;  /* more edges than this are drawn without words (they overlap): hover or click one */
  var EDGES_PER_NODE = 2; /* the overview draws at most this many edges per actor, the heaviest */
  var NEIGHBOURS = 30;   /* a neighbourhood draws at least this many actors, however small the overview */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* ---- indexes: the facts and edges of each entity ---- */
  var factsOf = D.entities.map(function () { return []; });
  var edgesOf = D.entities.map(function () { return []; });
  D.facts.forEach(function (f, i) {
    f[K.actors].forEach(function (a) { factsOf[a].push(i); });
    if (f[K.target] >= 0 && f[K.actors].indexOf(f[K.target]) < 0) { factsOf[f[K.target]].push(i); }
  });
  D.edges.forEach(function (e, i) { edgesOf[e[0]].push(i); edgesOf[e[1]].push(i); });
  var interaction = D.kinds.map(function (k) { return INTERACTIONS.indexOf(k) >= 0; });
  var hasConfidence = D.facts.some(function (f) { return f[K.conf] !== null; });
  var maxSources = D.facts.reduce(function (m, f) { return Math.max(m, f[K.articles].length); }, 0);
  var datesSeen = D.facts.map(function (f) { return f[K.date]; }).filter(Boolean).sort();

  /* ---- filter state, read from the controls ---- */
  var state = { from: "", to: "", undated: true, kinds: D.kinds.map(function () { return true; }),
                outlets: null, minConf: 0, minSources: 1, types: D.types.map(function () { return true; }) };
  var passes = new Uint8Array(D.facts.length);
  var weights = [];  /* per edge: [facts passing, interactions passing, articles] */

  function outletOf(article) { return D.articles[article][3]; }
  function factPasses(f) {
    if (!state.kinds[f[K.kind]]) { return false; }
    var date = f[K.date];
    if (date) {
      if (state.from && date < state.from) { return false; }
      if (state.to && date > state.to) { return false; }
    } else if (!state.undated) { return false; }
    if (state.outlets && !f[K.articles].some(function (a) { return state.outlets[outletOf(a)]; })) { return false; }
    if (state.minConf > 0 && (f[K.conf] === null || f[K.conf] < state.minConf)) { return false; }
    return f[K.articles].length >= state.minSources;
  }
  function refilter() {
    D.facts.forEach(function (f, i) { passes[i] = factPasses(f) ? 1 : 0; });
    weights = D.edges.map(function (e) {
      var n = 0, inter = 0, arts = {};
      e[2].forEach(function (fi) {
        if (!passes[fi]) { return; }
        n += 1;
        if (interaction[D.facts[fi][K.kind]]) { inter += 1; }
        D.facts[fi][K.articles].forEach(function (a) { arts[a] = 1; });
      });
      return [n, inter, Object.keys(arts).length];
    });
  }
  function edgeVisible(i) {
    var e = D.edges[i];
    return weights[i][0] > 0 && state.types[D.entities[e[0]][1]] && state.types[D.entities[e[1]][1]];
  }
  function byWeight(a, b) {
    return (weights[b][1] - weights[a][1]) || (weights[b][0] - weights[a][0]) || (weights[b][2] - weights[a][2]) || (a - b);
  }

  /* ---- what to draw: the top of the overview, or a neighbourhood ---- */
  var mode = V.focus >= 0 ? "focus" : "overview", center = V.focus, depth = V.depth;
  function overviewNodes() {
    var limit = V.maxNodes || Infinity, chosen = {}, count = 0;
    var ranked = D.edges.map(function (_, i) { return i; }).filter(edgeVisible).sort(byWeight);
    for (var k = 0; k < ranked.length && count < limit; k += 1) {
      var e = D.edges[ranked[k]];
      var add = (chosen[e[0]] ? 0 : 1) + (chosen[e[1]] ? 0 : 1);
      if (add && count + add <= limit) {
        chosen[e[0]] = chosen[e[1]] = true;
        count += add;
      }
    }
    return chosen;
  }
  function neighbourhood(start, steps) {
    var limit = Math.max(V.maxNodes || Infinity, NEIGHBOURS), chosen = {}, frontier = [start];
    chosen[start] = true;
    var count = 1;
    for (var s = 0; s < steps && frontier.length; s += 1) {
      var next = [], edgesHere = [];
      frontier.forEach(function (n) { edgesOf[n].forEach(function (i) { if (edgeVisible(i)) { edgesHere.push(i); } }); });
      edgesHere.sort(byWeight).forEach(function (i) {
        var e = D.edges[i];
        [e[0], e[1]].forEach(function (m) {
          if (!chosen[m] && count < limit) { chosen[m] = true; count += 1; next.push(m); }
        });
      });
      frontier = next;
    }
    return chosen;
  }

  /* ---- drawing ---- */
  var container = document.getElementById("ng-network");
  var network = new vis.Network(container, { nodes: [], edges: [] }, NG_OPTIONS);
  window.ngNetwork = network;
  var statusLine = document.getElementById("ng-status");
  var drawn = { nodes: {}, edges: [] };
  var draws = 0;

  function edgeLabel(i) {
    var counts = {}, e = D.edges[i];
    e[2].forEach(function (fi) { if (passes[fi]) { var k = D.kindWords[D.facts[fi][K.kind]]; counts[k] = (counts[k] || 0) + 1; } });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; }).slice(0, 2)
      .map(function (k) { return counts[k] > 1 ? k + " ×" + counts[k] : k; }).join(", ");
  }
  function edgeTip(i) {
    var e = D.edges[i], w = weights[i];
    return D.entities[e[0]][0] + " — " + D.entities[e[1]][0] + ": " + plural(w[0], "fact") + " in " +
      plural(w[2], "article") + " (" + edgeLabel(i) + "). Click for the evidence.";
  }

  function draw() {
    var chosen = mode === "focus" ? neighbourhood(center, depth) : overviewNodes();
    var ids = Object.keys(chosen).map(Number);
    var edgeIds = [], degree = {};
    ids.forEach(function (n) {
      edgesOf[n].forEach(function (i) {
        var e = D.edges[i];
        if (e[0] === n && chosen[e[1]] && edgeVisible(i)) {
          edgeIds.push(i);
          degree[e[0]] = (degree[e[0]] || 0) + weights[i][0];
          degree[e[1]] = (degree[e[1]] || 0) + weights[i][0];
        }
      });
    });
    edgeIds.sort(byWeight);
    var hidden = 0, room = EDGES_PER_NODE * ids.length;
    if (edgeIds.length > room) {  /* the heaviest edges; in a neighbourhood, every edge of its centre first */
      var own = function (i) { return mode === "focus" && (D.edges[i][0] === center || D.edges[i][1] === center); };
      edgeIds = edgeIds.filter(own).concat(edgeIds.filter(function (i) { return !own(i); }));
      hidden = edgeIds.length - room;
      edgeIds = edgeIds.slice(0, room);
    }
    var nodes = ids.map(function (n) {
      var ent = D.entities[n], style = V.styles[ent[1]];
      return { id: n, label: ent[0], shape: style.shape, color: style.color, value: 1 + (degree[n] || 0),
               title: D.types[ent[1]] + ": " + ent[0] + " (" + plural(ent[2], "article") + ")",
               font: n === center && mode === "focus" ? { size: 19, bold: true } : undefined,
               /* the centre of a neighbourhood stays in the middle, its partners around it */
               x: n === center && mode === "focus" ? 0 : undefined, y: n === center && mode === "focus" ? 0 : undefined,
               fixed: n === center && mode === "focus" };
    });
    var labelled = edgeIds.length <= EDGE_LABELS;
    var edges = edgeIds.map(function (i) {
      var e = D.edges[i], w = weights[i];
      return { id: i, from: e[0], to: e[1], width: 1 + Math.min(7, 1.6 * Math.log2(w[0])),
               /* in a neighbourhood only the centre's edges carry words: the others are context */
               label: labelled && (mode !== "focus" || e[0] === center || e[1] === center) ? edgeLabel(i) : "",
               title: edgeTip(i),
               dashes: w[1] === 0 };
    });
    drawn = { nodes: chosen, edges: edgeIds };
    var list = document.getElementById("ng-drawn");  /* the drawn actors as text, for screen readers */
    list.textContent = "";
    nodes.forEach(function (n) { list.appendChild(el("li", null, n.label)); });
    draws += 1;
    document.body.setAttribute("data-settled", "false");
    document.body.setAttribute("data-mode", mode);
    /* a neighbourhood is a star: longer springs spread its spokes so their words do not overlap */
    var springs = NG_OPTIONS.physics.forceAtlas2Based.springLength * (mode === "focus" ? 1.8 : 1);
    network.setOptions({ physics: { enabled: true, forceAtlas2Based: { springLength: springs } } });
    network.setData({ nodes: nodes, edges: edges });
    if (!nodes.length) { settled(); }
    summary(ids.length, hidden);
  }

  function summary(nNodes, hiddenEdges) {
    var shown = 0;
    passes.forEach(function (p) { shown += p; });
    var connected = 0;
    D.entities.forEach(function (_, n) { if (edgesOf[n].some(edgeVisible)) { connected += 1; } });
    document.getElementById("ng-summary").textContent =
      (mode === "focus" ? "neighbourhood of " + D.entities[center][0] + ": " : "") +
      plural(nNodes, "actor") + " drawn of " + connected + " connected (" + D.entities.length +
      " in all, every one searchable) · " + plural(shown, "fact") + " of " + D.facts.length +
      " · " + plural(D.articleCount, "article");
    document.getElementById("ng-note").textContent = hiddenEdges ? "The " + hiddenEdges + " lightest edges among the " +
      "actors drawn are left out to keep the picture readable; an actor's panel lists all its facts." : "";
    statusLine.textContent = nNodes ? "Laying out…" :
      (mode === "focus" ? D.entities[center][0] + " has no facts with others under these filters." :
        "No two actors share a fact under these filters.");
  }

  function report() {
    document.body.setAttribute("data-drawn-nodes", String(network.body.nodeIndices.length));
    document.body.setAttribute("data-drawn-edges", String(network.body.edgeIndices.length));
    document.body.setAttribute("data-draws", String(draws));
    document.body.setAttribute("data-errors", String(window.ngErrors.length));
    document.getElementById("ng-errors").textContent = window.ngErrors.join("\n");
  }

  function settled() {
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    var ids = Object.keys(drawn.nodes).map(Number);
    var fontSize = NG_OPTIONS.nodes.font.size;
    if (ids.length && network.getScale() * fontSize < MIN_LABEL_PX) {
      /* too many to read at once: zoom to reading size on the focus, or on the busiest actor */
      var anchor = mode === "focus" ? center : ids.reduce(function (best, n) {
        return (network.body.nodes[n].options.value > network.body.nodes[best].options.value) ? n : best;
      }, ids[0]);
      network.moveTo({ position: network.getPosition(anchor), scale: MIN_LABEL_PX / fontSize });
    }
    document.body.setAttribute("data-label-px", ids.length ? (network.getScale() * fontSize).toFixed(1) : "0");
    report();
    document.body.setAttribute("data-settled", "true");
    if (ids.length) { statusLine.textContent = "Click an actor or an edge for its facts and evidence; drag to move, scroll to zoom."; }
    if (selection && selection.node !== undefined && drawn.nodes[selection.node]) { network.selectNodes([selection.node]); }
  }
  network.on("stabilizationIterationsDone", settled);

  /* ---- side panel ---- */
  var panel = document.getElementById("ng-panel");
  var selection = null;

  function articleLine(a) {
    var art = D.articles[a], line = el("div", "ng-src");
    var title = art[1] || art[0];
    if (art[4]) {
      var link = el("a", null, title);
      link.href = art[4];
      link.target = "_blank";
      link.rel = "noopener";
      line.appendChild(link);
    } else {
      line.appendChild(document.createTextNode(title));
    }
    var rest = [art[3] >= 0 ? D.outlets[art[3]] : "", art[2], art[1] && art[1] !== art[0] ? art[0] : ""].filter(Boolean);
    if (rest.length) { line.appendChild(document.createTextNode(" · " + rest.join(" · "))); }
    return line;
  }

  function factItem(fi, from) {
    var f = D.facts[fi], kind = D.kinds[f[K.kind]];
    var li = el("li", "ng-fact");
    li.setAttribute("data-fact", String(fi));
    li.style.borderLeftColor = V.kindColors[f[K.kind]];
    var others = f[K.actors].filter(function (a) { return a !== from; }).map(function (a) { return D.entities[a][0]; });
    var words = D.kindWords[f[K.kind]];
    var head = el("div", "ng-fact-head");
    var text;
    if (kind === "role") {
      text = (from === f[K.actors][0] ? "" : D.entities[f[K.actors][0]][0] + " ") + "holds post: " + f[K.label];
    } else if (kind === "quote") {
      text = (from === f[K.actors][0] ? "" : D.entities[f[K.actors][0]][0] + " ") + "said";
    } else if (from < 0) {  /* an edge's list: name everyone taking part */
      text = (kind === "agreement" ? f[K.label] || "agreement" : kind) + ": " +
        others.join(", ");
    } else {
      text = (kind === "agreement" ? (f[K.label] || "agreement") + (others.length ? " with " : "") :
        words + (others.length ? (kind === "visit" ? ", with " : " with ") : "")) + others.join(", ");
      if (f[K.target] >= 0 && f[K.target] !== from) {
        text += (kind === "visit" ? " → " : " in ") + D.entities[f[K.target]][0];
      }
    }
    head.appendChild(document.createTextNode(text.charAt(0).toUpperCase() + text.slice(1)));
    if (f[K.date]) { head.appendChild(el("span", "ng-date", (f[K.reported] ? " · reported " : " · ") + f[K.date])); }
    li.appendChild(head);
    var sub = [];
    if (f[K.status] && f[K.status] !== "held") { sub.push(f[K.status]); }
    if (f[K.articles].length > 1) {
      var outlets = {};
      f[K.articles].forEach(function (a) { if (outletOf(a) >= 0) { outlets[outletOf(a)] = 1; } });
      var nOutlets = Object.keys(outlets).length;
      sub.push("reported by " + f[K.articles].length + " articles" + (nOutlets > 1 ? " in " + nOutlets + " outlets" : ""));
    }
    if (f[K.conf] !== null) { sub.push("confidence " + Number(f[K.conf]).toFixed(2)); }
    if (sub.length) { li.appendChild(el("div", "ng-fact-sub", sub.join(" · "))); }
    f[K.evidence].forEach(function (ev) {
      var block = el("div", "ng-ev");
      block.appendChild(el("q", null, D.sentences[ev[1]]));
      block.appendChild(articleLine(ev[0]));
      li.appendChild(block);
    });
    var unseen = f[K.articles].filter(function (a) { return !f[K.evidence].some(function (ev) { return ev[0] === a; }); });
    if (unseen.length) {
      li.appendChild(el("div", "ng-src", "also in: " + unseen.slice(0, 5).map(function (a) {
        return D.articles[a][1] || D.articles[a][0];
      }).join("; ") + (unseen.length > 5 ? " and " + (unseen.length - 5) + " more" : "")));
    }
    return li;
  }

  function factList(facts, from) {
    var list = el("ol");
    var shown = facts.filter(function (fi) { return passes[fi]; });
    /* what happened first (in date order), then the posts held, then what was said */
    function group(fi) { var k = D.kinds[D.facts[fi][K.kind]]; return k === "role" ? 1 : k === "quote" ? 2 : 0; }
    shown.sort(function (a, b) {
      return (group(a) - group(b)) || (D.facts[a][K.date] || "9999").localeCompare(D.facts[b][K.date] || "9999") || a - b;
    });
    function fill(n) {
      list.textContent = "";
      shown.slice(0, n).forEach(function (fi) { list.appendChild(factItem(fi, from)); });
    }
    fill(PANEL_FACTS);
    var box = el("div");
    box.appendChild(list);
    if (shown.length > PANEL_FACTS) {
      var more = el("button", "ng-more", "Show all " + shown.length + " facts");
      more.type = "button";
      more.addEventListener("click", function () { fill(shown.length); more.remove(); });
      box.appendChild(more);
    }
    if (facts.length > shown.length) {
      box.appendChild(el("p", "ng-hint", plural(facts.length - shown.length, "more fact") + " hidden by the filters."));
    }
    return { box: box, shown: shown };
  }

  function kindCounts(facts) {
    var counts = {};
    facts.forEach(function (fi) { if (passes[fi]) { var w = D.kindWords[D.facts[fi][K.kind]]; counts[w] = (counts[w] || 0) + 1; } });
    return Object.keys(counts).map(function (w) { return w + " " + counts[w]; }).join(" · ");
  }

  function neighbourButton(n) {
    var b = el("button", "ng-link", D.entities[n][0]);
    b.type = "button";
    b.addEventListener("click", function () { focusOn(n); });
    return b;
  }

  function showNode(n) {
    selection = { node: n };
    var ent = D.entities[n];
    panel.textContent = "";
    panel.appendChild(el("div", "ng-kindline", D.types[ent[1]]));
    panel.appendChild(el("h2", null, ent[0]));
    if (ent[3]) { panel.appendChild(el("p", "ng-meta", "also written: " + ent[3].split("|").join(", "))); }
    panel.appendChild(el("p", "ng-meta", "mentioned in " + plural(ent[2], "article")));
    var counts = kindCounts(factsOf[n]);
    if (counts) { panel.appendChild(el("p", "ng-meta", counts)); }
    var partners = edgesOf[n].filter(edgeVisible).sort(byWeight).slice(0, 12);
    if (partners.length) {
      panel.appendChild(el("h3", null, "Dealt most with"));
      var p = el("p", "ng-meta");
      partners.forEach(function (i, k) {
        var e = D.edges[i];
        if (k) { p.appendChild(document.createTextNode(" · ")); }
        p.appendChild(neighbourButton(e[0] === n ? e[1] : e[0]));
        p.appendChild(document.createTextNode(" (" + weights[i][0] + ")"));
      });
      panel.appendChild(p);
    }
    panel.appendChild(el("h3", null, "Facts"));
    var list = factList(factsOf[n], n);
    if (!list.shown.length) {
      panel.appendChild(el("p", "ng-hint", "No meeting, visit, agreement, post or quote of " + ent[0] +
        " under these filters."));
    }
    panel.appendChild(list.box);
    timeline(list.shown, ent[0]);
    document.body.setAttribute("data-selected", ent[0]);
    document.body.setAttribute("data-selected-drawn", drawn.nodes[n] ? "true" : "false");
  }

  function showEdge(i) {
    selection = { edge: i };
    var e = D.edges[i], w = weights[i];
    panel.textContent = "";
    panel.appendChild(el("div", "ng-kindline", "Between"));
    var h = el("h2");
    h.appendChild(neighbourButton(e[0]));
    h.appendChild(document.createTextNode(" and "));
    h.appendChild(neighbourButton(e[1]));
    panel.appendChild(h);
    panel.appendChild(el("p", "ng-meta", plural(w[0], "fact") + " in " + plural(w[2], "article") + ": " + kindCounts(e[2])));
    var list = factList(e[2], -1);
    panel.appendChild(list.box);
    timeline(list.shown, D.entities[e[0]][0] + " and " + D.entities[e[1]][0]);
    document.body.setAttribute("data-selected", D.entities[e[0]][0] + " — " + D.entities[e[1]][0]);
  }

  function showNothing() {
    selection = null;
    panel.textContent = "";
    panel.appendChild(el("h2", null, "Who dealt with whom"));
    panel.appendChild(el("p", "ng-meta", "Each edge folds the meetings, talks, visits, agreements and posts two actors share; " +
      "thicker means more. Dashed edges hold only posts. Click an actor or an edge to list its facts with the sentences " +
      "they come from and links to the articles; search finds anyone, drawn or not."));
    var all = [];
    passes.forEach(function (p, i) { if (p && D.facts[i][K.kind] !== D.kinds.indexOf("quote")) { all.push(i); } });
    timeline(all, "all facts shown");
    document.body.removeAttribute("data-selected");
  }

  function reshow() {
    if (selection && selection.node !== undefined) { showNode(selection.node); }
    else if (selection && selection.edge !== undefined) { showEdge(selection.edge); }
    else { showNothing(); }
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { showNothing(); }
  });

  /* ---- timeline strip: the selection's dated facts by date, one bar per few pixels ---- */
  var strip = document.getElementById("ng-timeline");
  function day(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5; }
  function iso(d) { return new Date(d * 864e5).toISOString().slice(0, 10); }
  function timeline(facts, what) {
    var dated = facts.filter(function (fi) { return D.facts[fi][K.date]; });
    strip.textContent = "";
    var caption = el("div", "ng-tl-caption");
    strip.appendChild(caption);
    strip.setAttribute("data-facts", String(dated.length));
    if (!dated.length) { caption.textContent = "Timeline: no dated facts for " + what + "."; return; }
    var width = Math.max(200, strip.clientWidth || 600), height = strip.clientHeight || 86;
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (fi) { var d = day(D.facts[fi][K.date]); lo = Math.min(lo, d); hi = Math.max(hi, d); });
    if (hi - lo < 30) { lo -= 15; hi += 15; }
    var left = 40, right = width - 20, top = 20, bottom = height - 18, binPx = 4;
    var bins = {};
    dated.forEach(function (fi) {
      var x = left + (day(D.facts[fi][K.date]) - lo) / (hi - lo) * (right - left);
      var b = Math.round(x / binPx);
      (bins[b] = bins[b] || []).push(fi);
    });
    var most = Math.max.apply(null, Object.keys(bins).map(function (b) { return bins[b].length; }));
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    var axis = document.createElementNS(NS, "line");
    [["x1", left], ["x2", right], ["y1", bottom], ["y2", bottom], ["stroke", "#999"]].forEach(function (a) { axis.setAttribute(a[0], String(a[1])); });
    svg.appendChild(axis);
    [lo, (lo + hi) / 2, hi].forEach(function (d, k) {
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", String(left + (d - lo) / (hi - lo) * (right - left)));
      t.setAttribute("y", String(height - 4));
      t.setAttribute("text-anchor", ["start", "middle", "end"][k]);
      t.textContent = iso(Math.round(d));
      svg.appendChild(t);
    });
    Object.keys(bins).forEach(function (b) {
      var group = bins[b], h = Math.max(3, (bottom - top) * Math.log(1 + group.length) / Math.log(1 + most));
      var kinds = {};
      group.forEach(function (fi) { kinds[D.facts[fi][K.kind]] = (kinds[D.facts[fi][K.kind]] || 0) + 1; });
      var top1 = Object.keys(kinds).sort(function (a, c) { return kinds[c] - kinds[a]; })[0];
      var r = document.createElementNS(NS, "rect");
      r.setAttribute("class", "ng-bar");
      r.setAttribute("x", String(b * binPx - binPx / 2));
      r.setAttribute("y", String(bottom - h));
      r.setAttribute("width", String(binPx - 1));
      r.setAttribute("height", String(h));
      r.setAttribute("fill", V.kindColors[top1]);
      var tip = document.createElementNS(NS, "title");
      var dates = group.map(function (fi) { return D.facts[fi][K.date]; }).sort();
      tip.textContent = dates[0] + (dates[dates.length - 1] !== dates[0] ? " – " + dates[dates.length - 1] : "") + ": " +
        Object.keys(kinds).map(function (k) { return D.kindWords[k] + " " + kinds[k]; }).join(", ");
      r.appendChild(tip);
      r.addEventListener("click", function () {
        var item = panel.querySelector('[data-fact="' + group[0] + '"]');
        if (item) {
          item.scrollIntoView({ block: "center" });
          item.classList.add("ng-flash");
          setTimeout(function () { item.classList.remove("ng-flash"); }, 1500);
        } else {
          state.from = dates[0];
          state.to = dates[dates.length - 1];
          document.getElementById("ng-from").value = state.from;
          document.getElementById("ng-to").value = state.to;
          update();
        }
      });
      svg.appendChild(r);
    });
    strip.appendChild(svg);
    caption.textContent = "Timeline of " + what + ": " + plural(dated.length, "dated fact") + ", " + iso(Math.round(lo)) +
      " to " + iso(Math.round(hi)) + (selection ? " (click a bar to find it in the list)" : " (click a bar to filter to its dates)");
  }

  /* ---- filters ---- */
  function update() {
    refilter();
    draw();
    reshow();
  }
  function checkList(listId, items, onChange) {
    var list = document.getElementById(listId);
    items.forEach(function (item) {
      var li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-value", item.value);
      box.addEventListener("change", function () { onChange(item, box.checked); update(); });
      label.appendChild(box);
      if (item.swatch) { label.appendChild(item.swatch); }
      label.appendChild(el("span", null, item.name));
      if (item.count !== undefined) { label.appendChild(el("span", "ng-count", String(item.count))); }
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  function swatch(color) { var s = el("span", "ng-swatch"); s.style.background = color; return s; }
  function shapeIcon(style) {
    var paths = { dot: '<circle cx="8" cy="8" r="6.5"/>', diamond: '<polygon points="8,1 15,8 8,15 1,8"/>',
                  square: '<rect x="2" y="2" width="12" height="12"/>', triangle: '<polygon points="8,1.5 15,14.5 1,14.5"/>' };
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("fill", style.color);
    svg.innerHTML = paths[style.shape] || paths.dot;
    return svg;
  }

  var kindTotals = D.kinds.map(function () { return 0; });
  D.facts.forEach(function (f) { kindTotals[f[K.kind]] += 1; });
  checkList("ng-kinds", D.kinds.map(function (k, i) {
    return { value: k, name: D.kindNames[i], count: kindTotals[i],
             swatch: swatch(V.kindColors[i]), index: i };
  }).filter(function (item) { return item.count; }), function (item, on) { state.kinds[item.index] = on; });

  var outletTotals = {};
  D.articles.forEach(function (a) { outletTotals[a[3]] = (outletTotals[a[3]] || 0) + 1; });
  var outletItems = D.outlets.map(function (o, i) { return { value: o, name: o, count: outletTotals[i] || 0, index: i }; });
  if (outletTotals[-1]) { outletItems.push({ value: "", name: "(outlet not recorded)", count: outletTotals[-1], index: -1 }); }
  checkList("ng-outlets", outletItems, function (item, on) {
    if (!state.outlets) {
      state.outlets = {};
      outletItems.forEach(function (o) { state.outlets[o.index] = true; });
    }
    state.outlets[item.index] = on;
  });

  var typeTotals = D.types.map(function () { return 0; });
  D.entities.forEach(function (e) { typeTotals[e[1]] += 1; });
  checkList("ng-types", D.types.map(function (t, i) {
    return { value: t, name: V.styles[i].name, count: typeTotals[i], swatch: shapeIcon(V.styles[i]), index: i };
  }), function (item, on) { state.types[item.index] = on; });

  var from = document.getElementById("ng-from"), to = document.getElementById("ng-to");
  if (datesSeen.length) {
    [from, to].forEach(function (input) { input.min = datesSeen[0]; input.max = datesSeen[datesSeen.length - 1]; });
    from.placeholder = datesSeen[0];
    to.placeholder = datesSeen[datesSeen.length - 1];
  }
  from.addEventListener("change", function () { state.from = from.value; update(); });
  to.addEventListener("change", function () { state.to = to.value; update(); });
  var undated = document.getElementById("ng-undated");
  undated.addEventListener("change", function () { state.undated = undated.checked; update(); });

  if (hasConfidence) {
    document.getElementById("ng-confidence-box").hidden = false;
    var conf = document.getElementById("ng-confidence"), confOut = document.getElementById("ng-confidence-value");
    conf.addEventListener("input", function () { confOut.textContent = Number(conf.value).toFixed(2); });
    conf.addEventListener("change", function () {
      state.minConf = Number(conf.value);
      confOut.textContent = state.minConf.toFixed(2);
      update();
    });
  }
  if (maxSources > 1) {
    document.getElementById("ng-sources-box").hidden = false;
    var sources = document.getElementById("ng-sources");
    sources.max = String(maxSources);
    sources.addEventListener("change", function () { state.minSources = Math.max(1, Number(sources.value) || 1); update(); });
  }

  /* ---- search over every entity, drawn or not ---- */
  var search = document.getElementById("ng-search"), suggest = document.getElementById("ng-suggest");
  var names = D.entities.map(function (e) { return (e[0] + "|" + e[3]).toLowerCase(); });
  var hits = [], active = 0;
  function matches(q) {
    var exact = [], starts = [], words = [], inside = [];
    for (var i = 0; i < names.length && exact.length + starts.length < 12; i += 1) {
      var parts = names[i].split("|");
      if (parts.indexOf(q) >= 0) { exact.push(i); }
      else if (parts.some(function (p) { return p.indexOf(q) === 0; })) { starts.push(i); }
      else if (names[i].indexOf(" " + q) >= 0) { words.push(i); }
      else if (names[i].indexOf(q) >= 0) { inside.push(i); }
    }
    return exact.concat(starts, words, inside).slice(0, 12);  /* entities come most mentioned first */
  }
  function showSuggestions() {
    var q = search.value.trim().toLowerCase();
    suggest.textContent = "";
    hits = q ? matches(q) : [];
    active = 0;
    hits.forEach(function (n, k) {
      var li = el("li"), ent = D.entities[n];
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", k === 0 ? "true" : "false");
      li.appendChild(shapeIcon(V.styles[ent[1]]));
      li.appendChild(el("span", null, ent[0]));
      li.appendChild(el("span", "ng-sub", plural(ent[2], "article") + ", " + plural(factsOf[n].length, "fact")));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(n); });
      suggest.appendChild(li);
    });
    if (q && !hits.length) { suggest.appendChild(el("li", "ng-sub", "No one in the graph is called “" + search.value.trim() + "”.")); }
    suggest.hidden = !q;
    search.setAttribute("aria-expanded", q ? "true" : "false");
  }
  function pick(n) {
    suggest.hidden = true;
    search.setAttribute("aria-expanded", "false");
    search.value = D.entities[n][0];
    focusOn(n);
  }
  function focusOn(n) {
    mode = "focus";
    center = n;
    depth = 1;
    draw();
    showNode(n);
    statusLine.textContent = D.entities[n][0] + " and the actors they share facts with.";
  }
  search.addEventListener("input", showSuggestions);
  search.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!hits.length) { return; }
      active = (active + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      Array.prototype.forEach.call(suggest.children, function (li, k) { li.setAttribute("aria-selected", k === active ? "true" : "false"); });
      e.preventDefault();
    } else if (e.key === "Enter") {
      showSuggestions();
      if (hits.length) { pick(hits[active]); }
    } else if (e.key === "Escape") {
      suggest.hidden = true;
    }
  });
  search.addEventListener("blur", function () { suggest.hidden = true; });

  document.getElementById("ng-overview").addEventListener("click", function () {
    mode = "overview";
    draw();
    showNothing();
  });
  document.getElementById("ng-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  /* ---- start; a page opened as page.html#search=NAME&kinds=meeting,visit&from=DATE&to=DATE&outlet=NAME
     &confidence=0.8&sources=2&edge=A|B works its controls as a reader would (used by the tests and for links) ---- */
  refilter();
  draw();
  if (mode === "focus") { showNode(center); } else { showNothing(); }
  window.addEventListener("load", report);

  function click(box) { box.click(); }
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.has("kinds")) {
      var wanted = params.get("kinds").split(",");
      document.querySelectorAll("#ng-kinds input").forEach(function (box) {
        if ((wanted.indexOf(box.getAttribute("data-value")) >= 0) !== box.checked) { click(box); }
      });
    }
    if (params.has("outlet")) {
      document.querySelectorAll("#ng-outlets input").forEach(function (box) {
        if ((box.getAttribute("data-value") === params.get("outlet")) !== box.checked) { click(box); }
      });
    }
    [["from", from], ["to", to]].forEach(function (p) {
      if (params.has(p[0])) { p[1].value = params.get(p[0]); p[1].dispatchEvent(new Event("change")); }
    });
    if (params.has("sources") && maxSources > 1) {
      var n = document.getElementById("ng-sources");
      n.value = params.get("sources");
      n.dispatchEvent(new Event("change"));
    }
    if (params.has("confidence") && hasConfidence) {
      var c = document.getElementById("ng-confidence");
      c.value = params.get("confidence");
      c.dispatchEvent(new Event("change"));
    }
    if (params.has("search")) {
      search.focus();
      search.value = params.get("search");
      search.dispatchEvent(new Event("input"));
      search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    }
    if (params.has("edge")) {
      var pair = params.get("edge").split("|");
      var i = D.edges.findIndex(function (e) {
        var a = D.entities[e[0]][0], b = D.entities[e[1]][0];
        return (a === pair[0] && b === pair[1]) || (a === pair[1] && b === pair[0]);
      });
      if (i >= 0) { showEdge(i); }
    }
  }
  if (location.hash.length > 1) { fromHash(); }
})();
