/* The SCORM runtime of a lesson's package frame: window.API (SCORM 1.2) and window.API_1484_11
   (SCORM 2004), both over one store of cmi.* values. Commit and finish send the values to the
   site (CSRF token in a header); the site decides completion. The package finds the API by
   walking up its parents, as both standards say. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("elearning-config").textContent);
  var values = config.cmi || {};
  var state = "new"; // new -> running -> finished
  var lastError = "0";
  var dirty = false;

  var messages = {
    "0": "No error", "101": "General exception", "103": "Already initialized",
    "104": "Content instance terminated", "112": "Termination before initialization",
    "122": "Retrieve data before initialization", "132": "Store data before initialization",
    "142": "Commit before initialization", "201": "Invalid argument error",
    "301": "Not initialized", "401": "Undefined data model element", "403": "Element is read only",
    "404": "Element is write only"
  };
  var readOnly = /^cmi\.(core\.(student_id|student_name|credit|entry|lesson_mode|total_time)|learner_id|learner_name|credit|entry|mode|total_time|launch_data|_version)$|\._count$|\._children$/;
  var children = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max",
    "cmi.score._children": "scaled,raw,min,max",
    "cmi.interactions._children": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
    "cmi.objectives._children": "id,score,success_status,completion_status,progress_measure,description"
  };

  function status(text, isError) {
    var element = document.getElementById("elearning-status");
    if (!element) { return; }
    element.textContent = text;
    element.classList.toggle("is-error", !!isError);
  }

  function template(id) {
    var element = document.getElementById(id);
    return element ? element.innerHTML.trim() : "";
  }

  function send(final) {
    if (!config.record || !dirty) { return; }
    dirty = false;
    var body = JSON.stringify({ cmi: values });
    fetch(config.runtimeUrl, {
      method: "POST", credentials: "same-origin", keepalive: final && body.length < 60000,
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
      body: body
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (answer) {
      if (answer.completed) { status(template("elearning-done")); }
      if (answer.lessonCompleted && window.parent !== window) {
        window.parent.postMessage({ type: "lokadaya:lesson-completed" }, window.location.origin);
      }
    }).catch(function () {
      dirty = true;
      status(template("elearning-error"), true);
    });
  }

  function count(prefix) {
    var seen = {};
    var pattern = new RegExp("^" + prefix.replace(/\./g, "\\.") + "\\.(\\d+)\\.");
    Object.keys(values).forEach(function (key) {
      var match = key.match(pattern);
      if (match) { seen[match[1]] = true; }
    });
    return String(Object.keys(seen).length);
  }

  function initialize(parameter) {
    if (parameter !== "" && parameter !== undefined) { lastError = "201"; return "false"; }
    if (state === "running") { lastError = "103"; return "false"; }
    if (state === "finished") { lastError = "104"; return "false"; }
    state = "running";
    lastError = "0";
    return "true";
  }

  function getValue(key) {
    if (state !== "running") { lastError = state === "new" ? "122" : "104"; return ""; }
    lastError = "0";
    key = String(key);
    if (key === "cmi._version") { return "1.0"; }
    if (children[key]) { return children[key]; }
    if (/\._count$/.test(key)) { return count(key.slice(0, -7)); }
    if (/(^|\.)(exit|session_time)$/.test(key)) { lastError = "404"; return ""; }
    if (Object.prototype.hasOwnProperty.call(values, key)) { return String(values[key]); }
    if (key.indexOf("cmi.") !== 0) { lastError = "401"; }
    return "";
  }

  function setValue(key, value) {
    if (state !== "running") { lastError = state === "new" ? "132" : "104"; return "false"; }
    key = String(key);
    if (key.indexOf("cmi.") !== 0) { lastError = "401"; return "false"; }
    if (readOnly.test(key)) { lastError = "403"; return "false"; }
    values[key] = String(value);
    dirty = true;
    lastError = "0";
    return "true";
  }

  function commit(parameter) {
    if (state !== "running") { lastError = state === "new" ? "142" : "104"; return "false"; }
    lastError = "0";
    send(false);
    return "true";
  }

  function terminate(parameter) {
    if (state !== "running") { lastError = state === "new" ? "112" : "104"; return "false"; }
    dirty = true;
    send(true);
    state = "finished";
    lastError = "0";
    return "true";
  }

  function errorString(code) { return messages[String(code)] || ""; }

  window.API = {
    LMSInitialize: initialize, LMSFinish: terminate, LMSGetValue: getValue, LMSSetValue: setValue,
    LMSCommit: commit, LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: errorString, LMSGetDiagnostic: errorString
  };
  window.API_1484_11 = {
    Initialize: initialize, Terminate: terminate, GetValue: getValue, SetValue: setValue,
    Commit: commit, GetLastError: function () { return lastError; },
    GetErrorString: errorString, GetDiagnostic: errorString
  };

  // A learner who closes the lesson without the package finishing still keeps what it set.
  window.addEventListener("pagehide", function () { if (state === "running") { send(true); } });
}());
