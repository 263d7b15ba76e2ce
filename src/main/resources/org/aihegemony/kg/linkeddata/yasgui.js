// Starts the YASGUI query editor on the home page, against this server's endpoint only.
(function () {
  "use strict";
  var el = document.getElementById("yasgui");
  if (!el || !window.Yasgui) return;
  var Yasqe = window.Yasgui.Yasqe || window.Yasqe;
  // Nothing may be fetched from other sites (the server may run offline): keep only the autocompleter
  // that works locally; the others ask prefix.cc and LOV. The defaults are changed in place because
  // YASGUI merges arrays by index.
  if (Yasqe && Yasqe.defaults && Yasqe.defaults.autocompleters)
    Yasqe.defaults.autocompleters.splice(0, Yasqe.defaults.autocompleters.length, "variables");
  var endpoint = window.location.origin + "/kg/sparql";
  window.kgYasgui = new window.Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    // A share link (#query=...) opens and runs its query; any other anchor (#sparql) is left alone,
    // since YASGUI would otherwise read it as a link and clear it.
    populateFromUrl: /(^|[#&])query=/.test(window.location.hash),
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: el.getAttribute("data-query") }
  });

  // Issue 13: the saved queries as examples; choosing one loads its text into the editor.
  var select = document.getElementById("query-examples");
  if (select && window.fetch) {
    fetch("/queries", { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { queries: [] }; })
      .then(function (listing) {
        var texts = {};
        (listing.queries || []).forEach(function (q) {
          var o = document.createElement("option");
          o.value = q.name;
          o.textContent = (q.summary || q.name) + " (" + q.name + ")";
          texts[q.name] = q.sparql;
          select.appendChild(o);
        });
        select.disabled = !(listing.queries || []).length;
        select.addEventListener("change", function () {
          var text = texts[select.value];
          if (text) window.kgYasgui.getTab().getYasqe().setValue(text);
        });
      })
      .catch(function () { /* the editor works without examples */ });
  }
})();
