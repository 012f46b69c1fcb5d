/* cakupan — small local script: map hover/focus tooltip, wide tables scroll in place. Pages work without it. */
(function () {
  "use strict";
  // a wide table scrolls sideways inside its own box on a phone, never the whole page
  document.querySelectorAll("main table.data:not(.stack)").forEach(function (t) {
    if (t.parentElement.classList.contains("table-scroll")) { return; }
    var box = document.createElement("div");
    box.className = "table-scroll";
    t.parentNode.insertBefore(box, t);
    box.appendChild(t);
  });
}());
(function () {
  "use strict";
  var map = document.getElementById("map");
  var tip = document.getElementById("map-tip");
  if (!map || !tip) { return; }
  // a highlight drawn on top of every region, so the hovered outline is never hidden by neighbours
  var hl = document.createElementNS("http://www.w3.org/2000/svg", "path");
  hl.setAttribute("class", "highlight");
  map.appendChild(hl);
  function show(el) {
    var d = el.dataset;
    hl.setAttribute("d", el.querySelector("path").getAttribute("d"));
    hl.style.display = "";
    tip.textContent = d.name + ": " + d.pct + " (" + d.active + " / " + d.workforce + ")";
    tip.hidden = false;
    el.classList.add("hot");
  }
  function hide(el) { tip.hidden = true; el.classList.remove("hot"); hl.style.display = "none"; }
  map.querySelectorAll("a.region").forEach(function (el) {
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("mouseleave", function () { hide(el); });
    el.addEventListener("blur", function () { hide(el); });
  });
}());
