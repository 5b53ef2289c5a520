// Branch dashboard: reload the live part every few seconds, without a build step or a framework.
// The server renders the HTML; this only swaps it in, shows when the hub stops answering, and goes back to
// the sign-in page when the session has ended.
"use strict";

(function () {
  const live = document.getElementById("live");
  const stale = document.getElementById("stale");
  const branch = document.getElementById("branch");
  if (branch) {
    branch.addEventListener("change", function () { branch.form.submit(); });
  }
  if (!live) {
    return;
  }
  const url = live.dataset.url;
  const every = Math.max(2, Number(live.dataset.refreshS || 5)) * 1000;
  let busy = false;

  async function refresh() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) {
        window.location.assign(window.location.pathname + "/login");
        return;
      }
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      live.innerHTML = await response.text();
      stale.hidden = true;
      document.body.dataset.refreshed = String(Date.now());
    } catch (error) {
      stale.hidden = false;
    } finally {
      busy = false;
    }
  }

  window.setInterval(refresh, every);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      refresh();
    }
  });
})();
