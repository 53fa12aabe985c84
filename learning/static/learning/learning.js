/* The lesson page (learning/templates/learning/lesson_page.html); the page works without this file.
   For an enrolled learner, the block reached is sent back (a beacon) so "Lanjutkan" resumes there.
   Videos load on click through static/js/video.js. */
(function () {
  var lesson = document.querySelector("[data-position-url]");
  var tokenField = document.querySelector("[data-position-form] [name=csrfmiddlewaretoken]") ||
    document.querySelector("[name=csrfmiddlewaretoken]");
  if (!lesson || !tokenField || !("IntersectionObserver" in window)) { return; }
  var blocks = Array.prototype.slice.call(lesson.querySelectorAll("[data-block-id]"));
  var reached = -1, sent = -1, timer = null;
  function send() {
    timer = null;
    if (reached < 0 || reached === sent) { return; }
    sent = reached;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", tokenField.value);
    data.append("block", blocks[reached].dataset.blockId);
    if (navigator.sendBeacon) { navigator.sendBeacon(lesson.dataset.positionUrl, data); }
    else { fetch(lesson.dataset.positionUrl, { method: "POST", body: data, credentials: "same-origin" }); }
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var index = blocks.indexOf(entry.target);
      if (entry.isIntersecting && index > reached) { reached = index; }
    });
    if (timer === null) { timer = setTimeout(send, 1500); }
  }, { rootMargin: "0px 0px -40% 0px" });
  blocks.forEach(function (block) { observer.observe(block); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { send(); } });
  window.addEventListener("pagehide", send);
})();
