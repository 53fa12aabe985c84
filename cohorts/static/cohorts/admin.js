// A search box above a long list of checkboxes (the cohort's OMS): typing hides the names that do not match.
(function () {
  "use strict";
  var template = document.querySelector(".cohort-filter-template");
  var label = template ? template.getAttribute("data-label") : "Search";
  document.querySelectorAll("[data-cohort-choices]").forEach(function (box) {
    var id = box.getAttribute("data-cohort-choices") + "_filter";
    var wrap = document.createElement("p");
    var text = document.createElement("label");
    text.setAttribute("for", id);
    text.textContent = label;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    wrap.appendChild(text);
    wrap.appendChild(input);
    box.parentNode.insertBefore(wrap, box);
    var items = box.querySelectorAll("label");
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      items.forEach(function (item) {
        var row = item.closest("div") || item;
        var checked = item.querySelector("input") && item.querySelector("input").checked;
        row.hidden = query !== "" && !checked && item.textContent.toLowerCase().indexOf(query) === -1;
      });
    });
  });
})();
