// creatorclub: live progress of a campaign being sent (the page also works
// with a plain reload).
"use strict";
(() => {
  const box = document.getElementById("progress");
  if (!box) return;
  const set = (id, v) => { const el = document.getElementById(id); if (el) el.textContent = v; };
  const tick = () => fetch(box.dataset.url, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((p) => {
      set("p-sent", p.sent); set("p-total", p.total); set("p-failed", p.failed); set("p-pending", p.pending);
      set("p-rate", p.rate.toFixed(1));
      set("p-eta", p.eta_seconds > 0 ? `${Math.floor(p.eta_seconds / 60)} min ${p.eta_seconds % 60} s` : "—");
      const bar = document.getElementById("p-bar"); if (bar) { bar.max = p.total; bar.value = p.sent; }
      if (p.status === "sending" || p.status === "paused") setTimeout(tick, 2000);
    })
    .catch(() => setTimeout(tick, 5000));
  setTimeout(tick, 2000);
})();
