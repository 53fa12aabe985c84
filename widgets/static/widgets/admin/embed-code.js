/* The campaign editor's "Embed on your website" panel (widgets/panels.py): shows the code of the
   chosen language and copies it. Without JavaScript every language's code shows, ready to select. */
(function () {
  "use strict";

  function setUp(panel) {
    if (panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "1");
    var status = panel.querySelector("[data-embed-status]");
    var radios = panel.querySelectorAll("[data-embed-language]");

    function show() {
      var chosen = panel.querySelector("[data-embed-language]:checked");
      panel.querySelectorAll("[data-embed-set]").forEach(function (set) {
        set.hidden = chosen ? set.getAttribute("data-embed-set") !== chosen.value : false;
      });
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    panel.querySelectorAll("[data-embed-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-embed-copy"));
        if (!source) return;
        source.focus();
        source.select();
        var done = function () { say(panel.getAttribute("data-copied")); };
        var fallback = function () {
          var copied = false;
          try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
          say(copied ? panel.getAttribute("data-copied") : panel.getAttribute("data-copy-failed"));
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
    show();
  }

  function start() {
    document.querySelectorAll("[data-embed-code]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
