/* Lokadaya widgets, v1. Paste where the widget should appear:
     <script async src="https://SITE/embed/v1.js" data-lokadaya-campaign="123" data-lang="id"></script>
     <script async src="https://SITE/embed/v1.js" data-lokadaya-province="33" data-lang="en"></script>
   It puts the campaign's card (or the province's initiatives) in a frame right after itself, as
   wide as the space allows, and keeps the frame as tall as the card from the card's messages
   (accepted only from this site's frame). No cookies, no tracking, nothing from other hosts. */
(function () {
  "use strict";
  var TITLES = /*TITLES*/{};
  var script = document.currentScript;
  if (!script || script.getAttribute("data-lokadaya-done")) return;
  script.setAttribute("data-lokadaya-done", "1");
  var origin;
  try { origin = new URL(script.src).origin; } catch (e) { return; }

  var campaign = script.getAttribute("data-lokadaya-campaign") || "";
  var province = script.getAttribute("data-lokadaya-province") || "";
  var lang = (script.getAttribute("data-lang") || "").toLowerCase();
  if (!TITLES[lang]) lang = "";
  var kind, path, width, height;
  if (/^\d+$/.test(campaign)) {
    kind = "campaign"; path = "/embed/kampanye/" + campaign + "/"; width = 400; height = 560;
  } else if (/^\d{2}$/.test(province)) {
    kind = "province"; path = "/embed/provinsi/" + province + "/"; width = 480; height = 720;
  } else {
    return;
  }

  var frame = document.createElement("iframe");
  frame.src = origin + path + (lang ? "?lang=" + lang : "");
  frame.title = (TITLES[lang || "id"] || {})[kind] || "Lokadaya";
  frame.setAttribute("loading", "lazy");
  frame.setAttribute("scrolling", "no");
  frame.setAttribute("frameborder", "0");
  frame.className = "lokadaya-widget";
  // Set through the DOM (not a style attribute), so a strict Content-Security-Policy of the host allows it.
  frame.style.display = "block";
  frame.style.border = "0";
  frame.style.width = "100%";
  frame.style.maxWidth = width + "px";
  frame.style.height = height + "px";
  frame.style.overflow = "hidden";

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "lokadaya:height") return;
    var next = parseInt(data.height, 10);
    if (next > 0 && next < 5000) frame.style.height = next + "px";
  });

  var parent = script.parentNode;
  if (parent && parent !== document.head && parent.nodeName !== "HEAD") {
    parent.insertBefore(frame, script.nextSibling);
  } else {
    // A script in <head> has no place in the page: the widget goes at the end of the body.
    var place = function () { document.body.appendChild(frame); };
    if (document.body) place(); else document.addEventListener("DOMContentLoaded", place);
  }
})();
