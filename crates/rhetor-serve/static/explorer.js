// rhetor serve: the explorer's only script, small and dependency-free. It submits a picker when
// a select changes, and shows a highlight's evidence (the items its title lists) in a panel and in
// the evidence table when the highlight is selected. Everything works without it.
"use strict";
document.querySelectorAll("select[data-submit]").forEach(function (s) {
  s.addEventListener("change", function () { if (s.form) { s.form.submit(); } });
});
(function () {
  var panel = null;
  document.addEventListener("click", function (e) {
    var m = e.target.closest ? e.target.closest("mark[data-ev]") : null;
    if (!m) { return; }
    document.querySelectorAll(".selected").forEach(function (x) { x.classList.remove("selected"); });
    m.classList.add("selected");
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "details";
      document.body.appendChild(panel);
    }
    panel.textContent = m.getAttribute("title") || "";
    var first = null;
    m.getAttribute("data-ev").split(" ").forEach(function (i) {
      var row = document.getElementById("ev-" + i);
      if (row) { row.classList.add("selected"); if (!first) { first = row; } }
    });
    if (first && e.altKey) { first.scrollIntoView({ block: "center" }); }
  });
})();
