/* Lokadaya sample SCO (SCORM 1.2 and 2004): finds the API, initialises, resumes, completes on click. */
(function () {
  "use strict";
  var v2004 = document.body.getAttribute("data-scorm") === "2004";
  var name = v2004 ? "API_1484_11" : "API";
  function find(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win[name]) { return win[name]; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return win && win.opener ? find(win.opener) : null;
  }
  var api = find(window);
  var call = function (one, other) { return v2004 ? api[other] : api[one]; };
  var result = document.getElementById("result");
  if (!api) { result.textContent = "LMS tidak ditemukan."; return; }
  call("LMSInitialize", "Initialize").call(api, "");
  var entry = call("LMSGetValue", "GetValue").call(api, v2004 ? "cmi.entry" : "cmi.core.entry");
  var saved = call("LMSGetValue", "GetValue").call(api, "cmi.suspend_data");
  if (entry === "resume" && saved) { document.getElementById("resume").textContent = "Lanjutkan dari: " + saved; }
  call("LMSSetValue", "SetValue").call(api, "cmi.suspend_data", "halaman-1");
  call("LMSSetValue", "SetValue").call(api, v2004 ? "cmi.location" : "cmi.core.lesson_location", "1");
  if (v2004) {
    api.SetValue("cmi.completion_status", "incomplete");
  } else {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  call("LMSCommit", "Commit").call(api, "");
  document.getElementById("done").addEventListener("click", function () {
    if (v2004) {
      api.SetValue("cmi.score.scaled", "1");
      api.SetValue("cmi.score.raw", "100");
      api.SetValue("cmi.completion_status", "completed");
      api.SetValue("cmi.success_status", "passed");
      api.SetValue("cmi.suspend_data", "selesai");
    } else {
      api.LMSSetValue("cmi.core.score.raw", "100");
      api.LMSSetValue("cmi.core.lesson_status", "passed");
      api.LMSSetValue("cmi.suspend_data", "selesai");
    }
    call("LMSCommit", "Commit").call(api, "");
    call("LMSFinish", "Terminate").call(api, "");
    result.textContent = "Terima kasih, materi ini selesai.";
  });
}());
