/* The H5P player of a lesson's package frame: h5p-standalone plays the unpacked package from the
   site's content view; xAPI statements about the content itself go to the site (CSRF token in a
   header), which decides completion. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("elearning-config").textContent);

  function status(id, isError) {
    var element = document.getElementById("elearning-status");
    var text = document.getElementById(id);
    if (!element || !text) { return; }
    element.textContent = text.innerHTML.trim();
    element.classList.toggle("is-error", !!isError);
  }

  function send(statement) {
    if (!config.record) { return; }
    fetch(config.runtimeUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify({ statement: statement })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (answer) {
      if (answer.completed) { status("elearning-done"); }
      if (answer.lessonCompleted && window.parent !== window) {
        window.parent.postMessage({ type: "lokadaya:lesson-completed" }, window.location.origin);
      }
    }).catch(function () { status("elearning-error", true); });
  }

  function listen(dispatcher, seen) {
    if (!dispatcher || seen.indexOf(dispatcher) !== -1) { return; }
    seen.push(dispatcher);
    dispatcher.on("xAPI", function (event) {
      var statement = event && event.data && event.data.statement;
      if (statement) { send(statement); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("h5p-container");
    var options = {
      id: config.playerId,
      h5pJsonPath: config.h5pJsonPath,
      frameJs: config.frameJs,
      frameCss: config.frameCss,
      frame: false, copyright: false, export: false, embed: false, icon: false, fullScreen: false
    };
    new window.H5PStandalone.H5P(element, options).then(function () {
      var seen = [];
      listen(window.H5P && window.H5P.externalDispatcher, seen);
      // The content runs in a frame of its own; its H5P may have a dispatcher of its own too.
      var frame = document.querySelector("iframe.h5p-iframe");
      var inner = frame && frame.contentWindow && frame.contentWindow.H5P;
      listen(inner && inner.externalDispatcher, seen);
    });
  });
}());
