// The timeline view: items from the page's JSON, filtered by class, organisation and source.
// Dates keep their precision: the page gives a range for a year or a month, a point for a day.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var box = document.getElementById("timeline");
  var groups = new vis.DataSet([
    { id: "fact", content: "Facts" },
    { id: "plan", content: "Plans" }
  ]);
  function title(item) {
    var cites = item.sections.map(function (s) { return s.label; }).join("; ");
    return item.label + " — " + item.what + " " + item.date + (item.precision !== "day" ? " (" + item.precision + " only)" : "") +
      "\nstated in: " + cites;
  }
  function toItem(item) {
    var out = {
      id: item.id, group: item.plan ? "plan" : "fact", start: item.start,
      content: item.label, title: title(item), className: item.plan ? "plan" : "fact"
    };
    // A day is a point (its label is no span of time); a year or a month is a bar across it.
    if (item.end) { out.end = item.end + "T23:59:59"; out.type = "range"; } else { out.type = "point"; }
    return out;
  }
  var byId = {};
  data.items.forEach(function (item) { byId[item.id] = item; });
  var items = new vis.DataSet(data.items.map(toItem));
  var timeline = new vis.Timeline(box, items, groups, {
    stack: true, zoomable: true, orientation: "top", margin: { item: 4 }, maxHeight: 560,
    tooltip: { followMouse: true }, selectable: true
  });
  function filter() {
    var kind = document.getElementById("filter-kind").value;
    var org = document.getElementById("filter-org").value;
    var src = document.getElementById("filter-source").value;
    var shown = data.items.filter(function (item) {
      return (!kind || item.kind === kind) &&
        (!org || item.organisations.indexOf(org) >= 0) &&
        (!src || item.sections.some(function (s) { return s.iri === src; }));
    });
    items.clear();
    items.add(shown.map(toItem));
    document.getElementById("timeline-count").textContent = shown.length + " of " + data.items.length + " items";
    box.setAttribute("data-items", String(shown.length));
    if (shown.length) { timeline.fit({ animation: false }); }
  }
  ["filter-kind", "filter-org", "filter-source"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", filter);
  });
  timeline.on("click", function (props) {
    if (props.item !== null && props.item !== undefined && byId[props.item]) {
      window.location.href = byId[props.item].href;
    }
  });
  filter();
  box.setAttribute("data-ready", "true");
})();
