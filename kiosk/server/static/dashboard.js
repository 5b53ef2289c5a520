// Branch dashboard: reload the live part every few seconds, without a build step or a framework.
// The server renders the HTML; this only swaps it in, shows when the hub stops answering, goes back to
// the sign-in page when the session has ended, and rings when a new alert appears.
//
// Browsers refuse to play sound before the person has clicked on the page. The sound button says so instead of
// failing silently: "turn the alert sound on" until clicked, and "the browser held back the alert sound" when a
// chime was refused; once on, it mutes and unmutes. The choice is remembered in this browser.
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
  const sound = alertSound();
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
      sound.check();
      stale.hidden = true;
      document.body.dataset.refreshed = String(Date.now());
    } catch (error) {
      stale.hidden = false;
    } finally {
      busy = false;
    }
  }

  sound.check(true);
  window.setInterval(refresh, every);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      refresh();
    }
  });

  function alertSound() {
    const button = document.getElementById("sound");
    const audio = document.getElementById("alert-sound");
    const stored = "kiosk-dashboard-sound";
    let known = null;
    if (!button || !audio) {
      return { check: function () {} };
    }
    function show(state) {
      button.dataset.state = state;
      // The button's words for each state: data-enable, data-on, data-off (muted), data-blocked.
      button.textContent = button.dataset[{ off: "enable", on: "on", muted: "off", blocked: "blocked" }[state]];
      button.classList.toggle("attention", state === "off" || state === "blocked");
      button.setAttribute("aria-pressed", state === "on" ? "true" : "false");
      button.hidden = false;
    }
    function count(name) {
      document.body.dataset[name] = String(Number(document.body.dataset[name] || 0) + 1);
    }
    function ring() {
      audio.currentTime = 0;
      const played = audio.play();
      return (played || Promise.resolve()).then(function () {
        count("alertsRung");
        show("on");
      }, function (error) {
        document.body.dataset.soundError = error && error.name ? error.name : "error";
        count("alertsHeld");
        show("blocked");
      });
    }
    let saved = null;
    try { saved = window.localStorage.getItem(stored); } catch (error) { saved = null; }
    show(saved === "muted" ? "muted" : saved === "on" ? "on" : "off");
    button.addEventListener("click", function () {
      const state = button.dataset.state;
      const next = state === "on" ? "muted" : "on";
      try { window.localStorage.setItem(stored, next); } catch (error) { /* private mode: not remembered */ }
      if (next === "on") {
        ring();  // the click allows sound; the chime says it works
      } else {
        show("muted");
      }
    });
    return {
      // Ring once for alerts not shown before; an alert that stays rings only when it first appears.
      check: function (first) {
        const keys = Array.prototype.map.call(document.querySelectorAll("#alerts [data-key]"), function (item) {
          return item.dataset.key;
        });
        const fresh = known === null ? [] : keys.filter(function (key) { return !known.has(key); });
        known = new Set(keys);
        document.body.dataset.alertKeys = keys.join(" ");
        if (first || fresh.length === 0) {
          return;
        }
        count("alertsNew");
        const state = button.dataset.state;
        if (state === "muted") {
          return;
        }
        // Not switched on yet, or held back before: try anyway, and say so if the browser refuses.
        ring();
      },
    };
  }
})();
