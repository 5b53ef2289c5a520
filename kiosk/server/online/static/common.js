// Shared by the participant pages: texts in both languages (switched in place: what was typed stays), the API
// helper (same origin; the web session is an HttpOnly cookie no script can read), field checks, the slot picker.
// Nothing is kept in localStorage or sessionStorage: only the language, in a cookie.
"use strict";
(function () {
  const K = (window.K = {});
  K.lang = document.body.dataset.lang === "en" ? "en" : "id";
  K.kpjLength = parseInt(document.body.dataset.kpjLength || "11", 10);
  K.ready = fetch("/online/data/texts.json", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => { K.data = data; return data; });

  // Every form on these pages is sent by script. A press that comes before the page's script listens (its texts
  // and first data still on the way to a slow phone) is held and sent when the page calls K.start(); the browser
  // never sends a form by itself, which would reload the page, lose the press and put what was typed (a NIK, a
  // booking code) in the address bar and the history.
  let started = false;
  let held = null;
  document.addEventListener("submit", (event) => {
    event.preventDefault();
    if (started) return;
    event.stopImmediatePropagation();
    held = event.target;
  }, true);
  K.start = function () {
    started = true;
    if (held) { const form = held; held = null; form.requestSubmit(); }
  };

  K.t = function (key, vars) {
    const table = (K.data && K.data.texts[K.lang]) || {};
    let text = table[key] || key;
    for (const [name, value] of Object.entries(vars || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  };

  K.applyTexts = function () {
    document.documentElement.lang = K.lang;
    document.body.dataset.lang = K.lang;
    for (const el of document.querySelectorAll("[data-t]")) el.textContent = K.t(el.dataset.t);
    const sw = document.getElementById("lang-switch");
    if (sw) sw.lang = K.lang === "en" ? "id" : "en";
    for (const input of document.querySelectorAll('[aria-invalid="true"]')) {
      const check = K.checks[input.name];
      if (check) K.fieldError(input.form, input.name, check(input.value));
    }
    if (K.lastMessage) K.say(K.lastMessage[0], K.lastMessage[1]);
    document.dispatchEvent(new CustomEvent("k-lang"));
  };

  K.setLanguage = function (lang) {
    K.lang = lang === "en" ? "en" : "id";
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "kiosk_online_lang=" + K.lang + "; Path=/online; SameSite=Strict; Max-Age=31536000" + secure;
    K.applyTexts();
  };

  K.api = function (method, path, body) { return K.raw(method, "/api/v1/online" + path, body); };
  K.raw = async function (method, url, body) {
    const init = { method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    try {
      const r = await fetch(url, init);
      const text = await r.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
      return { ok: r.ok, status: r.status, body: json || {} };
    } catch (e) {
      return { ok: false, status: 0, body: { error: "network" } };
    }
  };

  K.errorText = function (body) {
    const code = (body && body.error) || "other";
    if (code === "too_many_attempts" || code === "too_many_requests") return K.t("err_too_many_attempts", { s: body.retry_after_s || 60 });
    const key = "err_" + code;
    const table = (K.data && K.data.texts[K.lang]) || {};
    if (table[key]) return table[key];
    if (code === "poor_quality" || code.endsWith("_not_open")) return body.message;
    return K.t("err_other");
  };

  // A message is kept as a function, so a language switch says it again in the other language.
  K.say = function (text, kind) {
    const box = document.getElementById("message");
    if (!box) return;
    K.lastMessage = typeof text === "function" ? [text, kind] : null;
    if (typeof text === "function") text = text();
    box.textContent = text || "";
    box.className = "message" + (kind === "info" ? " info" : "");
    box.hidden = !text;
  };

  // Field checks as the booth does them (kiosk/domain/identifiers.py); the hub checks again.
  K.digits = (s) => (s || "").replace(/[\s.\-/]/g, "");
  K.checks = {
    nik: (v) => (/^\d{16}$/.test(K.digits(v)) ? "" : K.t("v_nik")),
    kpj: (v) => (new RegExp("^\\d{" + K.kpjLength + "}$").test(K.digits(v)) ? "" : K.t("v_kpj", { n: K.kpjLength })),
    phone: (v) => {
      let d = K.digits(v).replace(/^\+?62/, "0");
      return /^08\d{8,11}$/.test(d) ? "" : K.t("v_phone");
    },
  };
  K.fieldError = function (form, name, text) {
    const p = form.querySelector('.field-error[data-for="' + name + '"]');
    const input = form.querySelector('[name="' + name + '"]');
    if (p) { p.textContent = text || ""; p.hidden = !text; p.dataset.key = text ? p.dataset.key || "" : ""; }
    if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
  };
  K.validate = function (form, names) {
    let ok = true;
    for (const name of names) {
      const input = form.querySelector('[name="' + name + '"]');
      const msg = input && K.checks[name] ? K.checks[name](input.value) : "";
      K.fieldError(form, name, msg);
      if (msg) ok = false;
    }
    return ok;
  };

  K.today = function () {
    const d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  };
  K.dateWords = function (iso) {
    const d = new Date(iso + "T00:00:00");
    return d.toLocaleDateString(K.lang === "en" ? "en-GB" : "id-ID", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  };

  // The status line of a booking and a moment in words, in the page's language.
  K.statusLine = function (b) {
    if (b.status === "cancelled") return K.t("status_cancelled");
    const docs = b.steps.documents_total
      ? K.t("status_docs", { done: b.steps.documents_done, total: b.steps.documents_total })
      : K.t("status_docs_none");
    return docs + "; " + K.t("status_call", { slot: b.slot });
  };
  K.moment = function (iso) {
    // The hub sends the branch's local time with its offset: show that time, whatever the phone's zone.
    const time = iso.slice(11, 16);
    return K.dateWords(iso.slice(0, 10)) + (K.lang === "en" ? " at " + time : " pukul " + time.replace(":", "."));
  };

  // The slot picker: buttons with the free places; a full slot is shown, disabled, and says so.
  K.slotPicker = function (box, onPick) {
    const picker = { value: "", slots: [] };
    picker.render = function () {
      box.textContent = "";
      for (const s of picker.slots) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "slot";
        b.dataset.slot = s.slot;
        b.setAttribute("aria-pressed", String(s.slot === picker.value));
        b.disabled = s.free <= 0;
        b.textContent = s.slot;
        const small = document.createElement("small");
        small.textContent = s.free > 0 ? K.t("slot_free", { n: s.free }) : K.t("slot_full");
        b.appendChild(small);
        b.addEventListener("click", () => { picker.value = s.slot; picker.render(); if (onPick) onPick(s.slot); });
        box.appendChild(b);
      }
    };
    picker.load = async function (branch, date) {
      if (!branch || !date) { picker.slots = []; picker.render(); return; }
      const r = await K.api("GET", "/slots?branch_code=" + encodeURIComponent(branch) + "&date=" + encodeURIComponent(date));
      picker.slots = r.ok ? r.body : [];
      if (!picker.slots.some((s) => s.slot === picker.value && s.free > 0)) picker.value = picker.value && picker.slots.length ? picker.value : "";
      picker.render();
      if (!r.ok) K.say(K.errorText(r.body));
    };
    document.addEventListener("k-lang", picker.render);
    return picker;
  };

  // Offers after a full slot: each one picks its day and time.
  K.showNextFree = function (list, offers, onPick) {
    const box = document.getElementById("next-free");
    list.textContent = "";
    for (const o of offers || []) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "slot";
      b.dataset.date = o.date;
      b.dataset.slot = o.slot;
      b.textContent = o.slot;
      const small = document.createElement("small");
      small.textContent = K.dateWords(o.date);
      b.appendChild(small);
      b.addEventListener("click", () => onPick(o));
      list.appendChild(b);
    }
    box.hidden = !(offers && offers.length);
  };

  document.addEventListener("DOMContentLoaded", () => {
    K.ready.then(() => {
      K.applyTexts();
      const sw = document.getElementById("lang-switch");
      if (sw) sw.addEventListener("click", () => K.setLanguage(K.lang === "en" ? "id" : "en"));
    });
  });
})();
