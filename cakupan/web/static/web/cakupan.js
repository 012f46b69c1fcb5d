/* cakupan — small local script: map hover/focus tooltip. Pages work without it. */
(function () {
  "use strict";
  var map = document.getElementById("map");
  var tip = document.getElementById("map-tip");
  if (!map || !tip) { return; }
  function show(el) {
    var d = el.dataset;
    tip.textContent = d.name + ": " + d.pct + " (" + d.active + " / " + d.workforce + ")";
    tip.hidden = false;
    el.classList.add("hot");
  }
  function hide(el) { tip.hidden = true; el.classList.remove("hot"); }
  map.querySelectorAll("a.region").forEach(function (el) {
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("mouseleave", function () { hide(el); });
    el.addEventListener("blur", function () { hide(el); });
  });
}());
