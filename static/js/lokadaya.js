/* Small behaviours of the public pages, kept out of the HTML: the Content-Security-Policy
   (lokadaya/csp.py) runs no inline event handler. Every page works without this file. */
document.addEventListener("change", function (event) {
  // <select data-autosubmit>: filter lists as soon as a choice is made.
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
  }
});
document.addEventListener("click", function (event) {
  // <button data-amount="50000" data-amount-for="id_amount">: a suggested amount fills the field.
  var button = event.target.closest && event.target.closest("button[data-amount][data-amount-for]");
  if (!button) { return; }
  var input = document.getElementById(button.dataset.amountFor);
  if (input) {
    input.value = button.dataset.amount;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.focus();
  }
});
/* == plugin-forms == */
(function () {
  // After a failed submit, focus the error summary (templates/includes/form_errors.html) so a
  // screen reader reads it first; its links move focus to the field they name.
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else { focusSummary(); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();
/* == end plugin-forms == */
/* == sharing == */
/* Share buttons (templates/includes/share.html): the links work without this; here the copy-link
   button (clipboard, else the address selected) and the phone's share sheet (navigator.share). */
(function () {
  function status(box, key) {
    var out = box.querySelector("[data-share-status]");
    if (out) { out.textContent = out.getAttribute(key); }
  }
  function selectAddress(box) {
    var input = box.querySelector("[data-share-input]");
    if (input) { input.focus(); input.select(); }
  }
  document.querySelectorAll(".share").forEach(function (box) {
    var copy = box.querySelector("[data-share-copy]");
    var native = box.querySelector("[data-share-native]");
    if (copy) { copy.hidden = false; }
    if (native && navigator.share) { native.hidden = false; }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-share-copy],[data-share-native]");
    if (!button) { return; }
    var box = button.closest(".share");
    var url = box.dataset.shareUrl;
    if (button.hasAttribute("data-share-native")) {
      navigator.share({ title: box.dataset.shareText, text: box.dataset.shareText, url: url }).catch(function () {});
      return;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { status(box, "data-copied"); },
        function () { selectAddress(box); status(box, "data-copy-failed"); });
    } else {
      selectAddress(box);
      status(box, "data-copy-failed");
    }
  });
})();
/* == end sharing == */

// <time datetime="..." data-ago>: a relative time ("5 menit lalu") in a page the page cache may
// have kept for minutes is brought up to date on the visitor's clock (the server's text stays
// for browsers without JavaScript).
(function () {
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var lang = document.documentElement.lang || "id";
  var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60], ["second", 1]];
  document.querySelectorAll("time[data-ago]").forEach(function (node) {
    var when = Date.parse(node.getAttribute("datetime"));
    if (isNaN(when)) return;
    var seconds = Math.round((when - Date.now()) / 1000);
    if (seconds > 0) seconds = 0;  // a clock a little behind the server's
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1] || units[i][0] === "second") {
        node.textContent = format.format(Math.round(seconds / units[i][1]), units[i][0]);
        return;
      }
    }
  });
})();
