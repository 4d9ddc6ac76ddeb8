// The call sheet with the keyboard alone: a digit picks the numbered answer of the focused group,
// Enter saves from anywhere in the form, and only the questions for this type of caller show.
// Without this script the form works the same, with the mouse or Tab, arrows and Space.
(function () {
  "use strict";
  var form = document.querySelector("[data-callsheet]");
  if (!form) { return; }

  function toggleGroups() {
    var type = form.querySelector("input[name=caller_type]:checked");
    form.querySelectorAll("[data-for]").forEach(function (group) {
      var wanted = group.getAttribute("data-for");
      group.hidden = Boolean(wanted) && Boolean(type) && wanted !== type.value;
    });
  }

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || (input.type !== "radio" && input.type !== "checkbox")) {
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (!/^[0-9]$/.test(event.key) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var group = input.closest("fieldset[data-numbered]");
    var choice = group && group.querySelectorAll("input")[event.key === "0" ? 9 : Number(event.key) - 1];
    if (!choice) { return; }
    event.preventDefault();
    choice.checked = choice.type === "radio" ? true : !choice.checked;
    choice.focus();
    choice.dispatchEvent(new Event("change", { bubbles: true }));
  });
  form.addEventListener("change", toggleGroups);
  toggleGroups();
  if (!form.querySelector(".errorlist")) {
    var first = form.querySelector("fieldset[data-numbered] input");
    if (first) { first.focus(); }
  }
})();
