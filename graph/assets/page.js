/* newsgraph page behaviour: draw the network, legend with type filters, search, rich tooltips.
   Tooltips are built as DOM elements (vis-network shows title strings as plain text). */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function tooltip(tip) {
    var box = el("div");
    box.appendChild(el("div", "ng-tip-type", tip.kind));
    box.appendChild(el("div", "ng-tip-title", tip.title));
    (tip.rows || []).forEach(function (row) {
      var line = el("div", "ng-tip-row");
      line.appendChild(el("b", null, row[0] + ": "));
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    (tip.evidence || []).forEach(function (ev) {
      var block = el("div", "ng-tip-ev");
      if (ev.sentence) { block.appendChild(el("q", null, ev.sentence)); }
      var src = [ev.article, ev.date].filter(Boolean).join(", ");
      if (src) { block.appendChild(el("div", "ng-tip-src", src)); }
      box.appendChild(block);
    });
    if (tip.more) { box.appendChild(el("div", "ng-tip-src", "… and " + tip.more + " more")); }
    return box;
  }

  NG_NODES.forEach(function (n) { if (n.tip) { n.title = tooltip(n.tip); delete n.tip; } });
  NG_EDGES.forEach(function (e) { if (e.tip) { e.title = tooltip(e.tip); delete e.tip; } });

  var nodes = new vis.DataSet(NG_NODES);
  var edges = new vis.DataSet(NG_EDGES);
  var container = document.getElementById("ng-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, NG_OPTIONS);
  window.ngNetwork = network;

  var status = document.getElementById("ng-status");
  function report() {
    var drawn = network.body.nodeIndices.length;
    document.body.setAttribute("data-drawn-nodes", String(drawn));
    document.body.setAttribute("data-drawn-edges", String(network.body.edgeIndices.length));
    document.body.setAttribute("data-errors", String(window.ngErrors.length));
    document.getElementById("ng-errors").textContent = window.ngErrors.join("\n");
    return drawn;
  }
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    report();
    document.body.setAttribute("data-settled", "true");
    status.textContent = "Layout settled; drag nodes to rearrange.";
  }
  network.once("afterDrawing", report);
  network.once("stabilizationIterationsDone", settled);
  if (NG_NODES.length === 0) {
    status.textContent = "This graph has no nodes to draw.";
    document.body.setAttribute("data-settled", "true");
  }

  /* Legend: one row per type with its shape and colour; unticking hides that type. */
  var legend = document.getElementById("ng-legend");
  var hidden = {};
  NG_LEGEND.forEach(function (item) {
    var li = el("li");
    if (!item.count) { li.className = "ng-empty"; }
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-type", item.type);
    box.addEventListener("change", function () {
      hidden[item.type] = !box.checked;
      nodes.update(NG_NODES.filter(function (n) { return n.group_type === item.type; })
        .map(function (n) { return { id: n.id, hidden: !box.checked }; }));
      report();
    });
    label.appendChild(box);
    var icon = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    icon.setAttribute("width", "16");
    icon.setAttribute("height", "16");
    icon.setAttribute("viewBox", "0 0 16 16");
    icon.innerHTML = item.svg;
    label.appendChild(icon);
    label.appendChild(el("span", null, item.name));
    label.appendChild(el("span", "ng-count", String(item.count)));
    li.appendChild(label);
    legend.appendChild(li);
  });

  /* Search: pick a label (or type part of one) to select and zoom to that node. */
  var list = document.getElementById("ng-labels");
  NG_NODES.filter(function (n) { return n.entity; }).forEach(function (n) {
    var option = el("option");
    option.value = n.label;
    list.appendChild(option);
  });
  var search = document.getElementById("ng-search");
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); return; }
    var hits = NG_NODES.filter(function (n) { return !hidden[n.group_type] && (n.search || n.label).toLowerCase() === q; });
    if (!hits.length) {
      hits = NG_NODES.filter(function (n) {
        return !hidden[n.group_type] && ((n.search || n.label).toLowerCase().indexOf(q) >= 0 || (n.aliases || "").toLowerCase().indexOf(q) >= 0);
      });
    }
    network.selectNodes(hits.map(function (n) { return n.id; }));
    if (hits.length === 1) {
      network.focus(hits[0].id, { scale: 1.3, animation: { duration: 400 } });
    } else if (hits.length > 1) {
      network.fit({ nodes: hits.map(function (n) { return n.id; }), animation: { duration: 400 } });
    }
    status.textContent = hits.length ? hits.length + " match(es) selected." : "No node matches “" + search.value + "”.";
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { find(); } });
  document.getElementById("ng-fit").addEventListener("click", function () { network.fit({ animation: { duration: 400 } }); });

  window.addEventListener("load", report);
})();
