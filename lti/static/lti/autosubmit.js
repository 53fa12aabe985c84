// Deep linking: send the chosen courses back to Moodle without a second click (the button stays as fallback).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-lti-autosubmit]");
  if (form) { form.submit(); }
});
