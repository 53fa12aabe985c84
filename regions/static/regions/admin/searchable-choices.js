/* A filter box for long checkbox lists in the admin (regions.choosers.SearchableCheckboxSelectMultiple).
 * Progressive: without this script the list is a plain checkbox list. Each word typed must appear in
 * an entry's label; accents and case are ignored. Chosen entries always stay visible. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUp(root) {
    if (root.dataset.searchableReady) return;
    root.dataset.searchableReady = "1";
    var search = root.querySelector("[data-searchable-choices-search]");
    var input = root.querySelector("[data-searchable-choices-input]");
    var status = root.querySelector("[data-searchable-choices-status]");
    var entries = Array.prototype.map.call(root.querySelectorAll("input[type=checkbox]"), function (box) {
      var item = box.closest("li") || box.closest("div") || box.parentNode;
      return { box: box, item: item, text: fold(item.textContent) };
    });
    search.hidden = false;

    function update() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var chosen = 0;
      entries.forEach(function (entry) {
        var match = entry.box.checked || words.every(function (word) { return entry.text.indexOf(word) !== -1; });
        entry.item.hidden = !match;
        if (match) shown += 1;
        if (entry.box.checked) chosen += 1;
      });
      if (!words.length) {
        status.textContent = "";
      } else if (shown === chosen) {
        status.textContent = status.dataset.none;
      } else {
        status.textContent = status.dataset.template.replace("{shown}", shown)
          .replace("{total}", entries.length).replace("{chosen}", chosen);
      }
    }

    input.addEventListener("input", update);
    // Enter in the filter must not submit the page form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-searchable-choices]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
  // Panels added later (InlinePanel forms) bring their own lists.
  document.addEventListener("w-formset:added", setUpAll);
})();
