// Job page: follow a background job (GET /api/jobs/<id>/ every second) and reload when it ends.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var status = box.getAttribute("data-status");
  if (status !== "queued" && status !== "running") return;
  var url = box.getAttribute("data-poll");
  var bar = document.getElementById("job-progress");
  var step = document.getElementById("job-step");
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { setTimeout(tick, 3000); return; }
        bar.value = job.progress;
        bar.textContent = Math.round(job.progress * 100) + " %";
        step.textContent = job.step;
        if (job.status !== status) { window.location.reload(); return; }
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 500);
})();
