// The search page: every label and alternative label, searched in the browser (works on a static host).
(function () {
  "use strict";
  var index = JSON.parse(document.getElementById("search-index").textContent);
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  function norm(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  index.forEach(function (e) { e.keys = [e.label].concat(e.alt).map(norm); });
  function show(q) {
    list.textContent = "";
    var words = norm(q).split(/\s+/).filter(Boolean);
    if (!words.length) { return; }
    var found = index.filter(function (e) {
      return e.keys.some(function (k) { return words.every(function (w) { return k.indexOf(w) >= 0; }); });
    });
    found.slice(0, 100).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.href; a.textContent = e.label;
      li.appendChild(a);
      var matched = e.alt.filter(function (alt) {
        var k = norm(alt); return words.every(function (w) { return k.indexOf(w) >= 0; });
      });
      if (matched.length) { li.appendChild(document.createTextNode(" — also " + matched.join("; "))); }
      if (e.kind) { var k = document.createElement("span"); k.className = "kind"; k.textContent = " (" + e.kind + ")"; li.appendChild(k); }
      list.appendChild(li);
    });
    if (!found.length) { var li = document.createElement("li"); li.textContent = "Nothing has this label."; list.appendChild(li); }
  }
  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  show(q);
  input.addEventListener("input", function () { show(input.value); });
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); show(input.value);
  });
})();
