/* 窗口登记 and 走访: Ctrl/⌘+Enter submits from any field; at the window only the fields of the chosen
   result are shown. */
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (!form) return;
  var answer = form.querySelector(".desk-answer");
  var category = form.querySelector(".desk-category");
  function sync() {
    if (!answer || !category) return;  // the visit form has no result choice
    var checked = form.querySelector("input[name=result]:checked");
    var handoff = checked && checked.value === "handoff";
    answer.hidden = handoff;
    category.hidden = !handoff;
  }
  form.addEventListener("change", function (event) { if (event.target.name === "result") sync(); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });
  sync();
})();
