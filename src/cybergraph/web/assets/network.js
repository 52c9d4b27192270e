// The network view: nodes and typed edges from the page's JSON, filtered by relation, class and section.
// Layout: forceAtlas2 until stable, then still; node size by number of ties; labels on nodes with ties
// enough to matter, every label on hover — so about 400 entities stay readable.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var box = document.getElementById("network");
  var palette = ["#1f5fa8", "#2e8b57", "#b35c00", "#7a4fb0", "#c0392b", "#138d90", "#6b6b6b"];
  var colour = {};
  data.groups.forEach(function (g, i) { colour[g] = palette[i % palette.length]; });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  function toNode(n) {
    return {
      id: n.id, label: n.degree >= 3 ? n.label : undefined, title: n.label + " (" + n.group + ")",
      value: n.degree, color: colour[n.group], shape: "dot", font: { size: 14 }
    };
  }
  function toEdge(e) {
    return {
      id: e.id, from: e.from, to: e.to, arrows: "to", title: e.relation + "\nstated in: " +
        e.sections.map(function (s) { return s.label; }).join("; "), color: { color: "#9aa5b8" }
    };
  }
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var network = new vis.Network(box, { nodes: nodes, edges: edges }, {
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 400, fit: true },
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 } },
    interaction: { hover: true, tooltipDelay: 150 },
    nodes: { scaling: { min: 6, max: 30 } }, edges: { smooth: false, width: 1 }
  });
  // Once laid out (and fitted to the box), the nodes stay where they are: `data-settled` says so, for tests
  // and for anyone who reads a node's place from `cybergraphNetwork` to point at it.
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    box.setAttribute("data-settled", "true");
  });
  function checked(name) {
    return Array.prototype.filter.call(document.querySelectorAll("input[name=" + name + "]"),
      function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function filter() {
    var relations = checked("relation"), groups = checked("group");
    var section = document.getElementById("filter-section").value;
    var shownEdges = data.edges.filter(function (e) {
      return relations.indexOf(e.relation) >= 0 &&
        groups.indexOf(byId[e.from].group) >= 0 && groups.indexOf(byId[e.to].group) >= 0 &&
        (!section || e.sections.some(function (s) { return s.iri === section; }));
    });
    var ids = {};
    shownEdges.forEach(function (e) { ids[e.from] = true; ids[e.to] = true; });
    var shownNodes = data.nodes.filter(function (n) { return ids[n.id]; });
    nodes.clear(); edges.clear();
    nodes.add(shownNodes.map(toNode));
    edges.add(shownEdges.map(toEdge));
    box.setAttribute("data-settled", "false");
    network.setOptions({ physics: true });
    network.stabilize(400);
    document.getElementById("network-count").textContent =
      shownNodes.length + " nodes, " + shownEdges.length + " ties (of " + data.nodes.length + " and " + data.edges.length + ")";
    box.setAttribute("data-nodes", String(shownNodes.length));
    box.setAttribute("data-edges", String(shownEdges.length));
  }
  Array.prototype.forEach.call(document.querySelectorAll("#network-filters input, #filter-section"), function (i) {
    i.addEventListener("change", filter);
  });
  network.on("click", function (params) {
    if (params.nodes.length === 1 && byId[params.nodes[0]]) { window.location.href = byId[params.nodes[0]].href; }
  });
  // For tests and keyboard users: where each node is drawn, by its IRI.
  window.cybergraphNetwork = network;
  filter();
  box.setAttribute("data-ready", "true");
})();
