/* @mention suggestions in the forum's text areas (data-mention-url): type "@ab", pick a member. */
(function () {
  "use strict";
  function setup(area) {
    var url = area.getAttribute("data-mention-url"), list = document.createElement("ul"), timer = null, items = [], active = -1;
    list.className = "forum-suggest"; list.id = area.id + "_mentions"; list.setAttribute("role", "listbox"); list.hidden = true;
    area.parentNode.insertBefore(list, area.nextSibling);
    area.setAttribute("aria-controls", list.id); area.setAttribute("aria-autocomplete", "list");
    function word() {
      var before = area.value.slice(0, area.selectionStart), m = /(^|\s)@([\w-]{1,40})$/.exec(before);
      return m ? m[2] : null;
    }
    function close() { list.hidden = true; list.innerHTML = ""; items = []; active = -1; }
    function pick(handle) {
      var pos = area.selectionStart, before = area.value.slice(0, pos).replace(/@[\w-]*$/, "@" + handle + " ");
      area.value = before + area.value.slice(pos); area.selectionStart = area.selectionEnd = before.length; close(); area.focus();
    }
    function show(results) {
      close(); items = results;
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option"); li.id = list.id + "_" + i; li.textContent = "@" + r.handle + " — " + r.name;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(r.handle); });
        list.appendChild(li);
      });
      list.hidden = !results.length;
    }
    area.addEventListener("input", function () {
      var q = word(); clearTimeout(timer);
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (d) { show(d.results || []); }).catch(close);
      }, 200);
    });
    area.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault(); active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
        Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
        area.setAttribute("aria-activedescendant", list.id + "_" + active);
      } else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) { e.preventDefault(); pick(items[active].handle); }
      else if (e.key === "Escape") { close(); }
    });
    area.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-mention-url]"), setup);
  });
})();
