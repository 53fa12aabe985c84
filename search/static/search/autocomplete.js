/* Suggestions as you type for the search box: an ARIA combobox over the JSON endpoint.
   Without JavaScript the form still works. Arrow keys move, Enter opens, Escape closes. */
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (!input || !input.dataset.autocompleteUrl || !window.fetch) { return; }
  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
  list.hidden = true;
  input.parentNode.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null, active = -1, items = [], lastQuery = "";

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function select(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) { input.setAttribute("aria-activedescendant", options[index].id); }
    else { input.removeAttribute("aria-activedescendant"); }
  }

  function render(results) {
    items = results;
    list.textContent = "";
    results.forEach(function (result, i) {
      var option = document.createElement("li");
      option.id = "q-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var title = document.createElement("span");
      title.textContent = result.title;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = result.kind_label;
      option.appendChild(title);
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = result.url;
      });
      list.appendChild(option);
    });
    if (results.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      select(-1);
    } else { close(); }
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (query.length < 2) { render([]); return; }
    var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === query) { render(data.results || []); } })
      .catch(function () { render([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); select((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(active <= 0 ? items.length - 1 : active - 1); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
}());
