/* Inside a Lokadaya widget's frame (/embed/): tells the page around it how tall the card is (the
   one-line script, v1.js, sets the frame's height from it; the page checks the message comes from
   this site's frame), and refreshes the figures every few minutes while the card is on screen
   (a conditional request: the site answers 304 while nothing moved). No cookies, no tracking. */
(function () {
  "use strict";
  var REFRESH_MS = 180000;
  var last = 0;

  function report() {
    if (window.parent === window) return;
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height > 0 && height !== last) {
      last = height;
      // The height only, to whichever page frames the card: nothing else is said.
      window.parent.postMessage({type: "lokadaya:height", height: height}, "*");
    }
  }

  function refresh() {
    if (document.visibilityState !== "visible" || !window.fetch || !window.DOMParser) return;
    fetch(location.href, {credentials: "omit", cache: "no-cache"}).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
      var current = document.querySelector("main");
      if (fresh && current) {
        current.parentNode.replaceChild(document.importNode(fresh, true), current);
        report();
      }
    }).catch(function () {});
  }

  report();
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
  setInterval(refresh, REFRESH_MS);
})();
