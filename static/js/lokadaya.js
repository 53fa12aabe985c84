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
