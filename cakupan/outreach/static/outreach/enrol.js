/* The enrolment page: the monthly contribution, quoted from /outreach/iuran.json while the officer
   types (a static file: the Content-Security-Policy allows no inline script). */
(function () {
  var form = document.getElementById("enrol-form");
  if (!form) return;
  var fmt = function (n) { return "Rp " + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); };
  var timer = null;
  function update() {
    var p = new URLSearchParams();
    p.set("segment", form.segment.value);
    p.set("income", form.income.value || "");
    p.set("risk_class", form.risk_class.value || "");
    if (form.jht.checked) p.set("jht", "1");
    var pmi = form.segment.value === "PMI";
    if (pmi) {
      p.set("months", form.contract_months.value || "");
      if (form.placed.checked) p.set("placed", "1");
    }
    var head = document.getElementById("quote-head");
    if (head) head.textContent = pmi ? head.dataset.perContract : head.dataset.perMonth;
    var m = /^\s*(\d{4})-(\d{1,2})/.exec(form.month_from.value || "");
    if (m) p.set("on", m[1] + "-" + ("0" + m[2]).slice(-2) + "-01");
    if (pmi ? !form.contract_months.value : (!form.income.value && form.segment.value !== "PADAT_KARYA")) {
      document.getElementById("quote-total").textContent = "–";
      document.getElementById("quote-error").textContent = "";
      document.querySelector("#quote-lines tbody").textContent = "";
      return;
    }
    fetch(form.dataset.quoteUrl + "?" + p.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (q) {
        var body = document.querySelector("#quote-lines tbody");
        body.textContent = "";
        document.getElementById("quote-error").textContent = q.detail || "";
        if (q.detail) { document.getElementById("quote-total").textContent = "–"; return; }
        document.getElementById("quote-total").textContent = fmt(q.billed);
        q.lines.forEach(function (l) {
          var tr = document.createElement("tr");
          [l.program, l.payer_label || l.payer, fmt(l.amount), l.regulation].forEach(function (v, i) {
            var td = document.createElement("td"); td.textContent = v; if (i === 2) td.className = "num"; tr.appendChild(td);
          });
          body.appendChild(tr);
        });
      });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 250); });
  form.addEventListener("change", update);
  update();
})();
