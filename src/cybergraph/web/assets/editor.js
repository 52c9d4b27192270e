// The SPARQL editor: YASGUI from the package, pointed at this site's endpoint, the stored questions as
// examples. The autocompleters that ask other sites (prefix.cc, LOV) are switched off.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: null
  });
  document.getElementById("examples").addEventListener("change", function (ev) {
    var text = config.examples[ev.target.value];
    if (text) { yasgui.getTab().setQuery(text); }
  });
  window.cybergraphEditor = yasgui;
})();
