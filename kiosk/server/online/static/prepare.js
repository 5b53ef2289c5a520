// Prepare: consent (opens the visit), intake (reason, bank, account) through the ordinary intake route, and each
// document from the phone's camera or a file: live hints on a canvas (brightness, sharpness), then a resumable
// upload in chunks with a real progress bar that goes on after a dropped connection, and the hub's verdict.
"use strict";
K.ready.then(async () => {
  let booking = null;
  const intakeForm = document.getElementById("intake");

  async function load() {
    const r = await K.api("GET", "/booking");
    if (r.status === 401) { location.assign("/online/"); return false; }
    if (!r.ok) { K.say(() => K.errorText(r.body)); return false; }
    booking = r.body;
    return true;
  }
  function status() {
    if (booking) document.getElementById("b-status").textContent = K.statusLine(booking);
  }

  function fillIntakeChoices() {
    const claim = K.data.claim_types.find((c) => c.code === booking.claim_type);
    const reason = intakeForm.reason;
    const chosen = reason.value || reason.dataset.value || "";
    reason.textContent = "";
    for (const r of claim ? claim.reasons : []) {
      const o = document.createElement("option");
      o.value = r.code;
      o.textContent = K.lang === "en" ? r.name_en : r.name_id;
      reason.appendChild(o);
    }
    if (chosen) reason.value = chosen;
    lastDayShown();
    const bank = intakeForm.bank_code;
    if (!bank.options.length) {
      for (const b of K.data.banks) {
        const o = document.createElement("option");
        o.value = b.code;
        o.textContent = b.name;
        bank.appendChild(o);
      }
    }
  }

  // The last day of work, for a reason with a waiting period (resignation, layoff): the claim counts from it.
  function chosenReason() {
    const claim = K.data.claim_types.find((c) => c.code === booking.claim_type);
    return claim ? claim.reasons.find((r) => r.code === intakeForm.reason.value) : null;
  }
  function lastDayShown() {
    const reason = chosenReason();
    const needed = !!(reason && reason.waiting_period);
    document.getElementById("last-day-box").hidden = !needed;
    document.getElementById("last-day").max = K.today();
    return needed;
  }
  intakeForm.reason.addEventListener("change", lastDayShown);

  function stage() {
    status();
    const consented = booking.steps.consent;
    document.getElementById("consent").hidden = consented;
    document.getElementById("consent-done").hidden = !consented;
    document.getElementById("intake-box").hidden = !consented;
    document.getElementById("docs-box").hidden = !consented;
    if (consented) { fillIntakeChoices(); renderDocs(); }
  }

  // -- live hints: mean brightness and the variance of a Laplacian on a small grey copy -------------------------
  function measure(canvas) {
    const ctx = canvas.getContext("2d");
    const { width, height } = canvas;
    const px = ctx.getImageData(0, 0, width, height).data;
    const grey = new Float32Array(width * height);
    let sum = 0;
    for (let i = 0; i < width * height; i++) {
      const g = 0.299 * px[4 * i] + 0.587 * px[4 * i + 1] + 0.114 * px[4 * i + 2];
      grey[i] = g;
      sum += g;
    }
    let lsum = 0, lsq = 0, n = 0;
    for (let y = 1; y < height - 1; y++) {
      for (let x = 1; x < width - 1; x++) {
        const i = y * width + x;
        const lap = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - 4 * grey[i];
        lsum += lap; lsq += lap * lap; n++;
      }
    }
    const mean = n ? lsum / n : 0;
    return { brightness: sum / (width * height), sharpness: n ? lsq / n - mean * mean : 0 };
  }
  function hintKey(m) {
    if (m.brightness < K.data.min_brightness) return "hint_dark";
    if (m.brightness > K.data.max_brightness) return "hint_bright";
    if (m.sharpness < 30) return "hint_blurred";
    return "hint_ok";
  }

  // -- resumable upload ----------------------------------------------------------------------------------------
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  async function upload(file, documentType, progress, verdict) {
    const created = await K.api("POST", "/uploads", { document_type: documentType, size: file.size });
    if (!created.ok) return created;
    const id = created.body.id;
    let offset = 0;
    let failures = 0;
    const chunk = K.data.chunk_bytes;
    while (true) {
      let r;
      try {
        const response = await fetch("/api/v1/online/uploads/" + id, {
          method: "PATCH",
          credentials: "same-origin",
          headers: { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          body: file.slice(offset, offset + chunk),
        });
        r = { ok: response.ok, status: response.status, body: await response.json().catch(() => ({})) };
      } catch (e) {
        r = { ok: false, status: 0, body: { error: "network" } };
      }
      if (r.status === 0 || r.status >= 500) {
        // A dropped connection: ask the hub how far it got, then go on from there.
        if (++failures > 30) return r;
        verdict.textContent = K.t("resuming");
        verdict.className = "verdict";
        await sleep(Math.min(1000 * failures, 5000));
        const where = await K.api("GET", "/uploads/" + id);
        if (where.ok) offset = where.body.offset;
        continue;
      }
      if (r.status === 409 && r.body.error === "offset_mismatch") { offset = r.body.offset; continue; }
      if (!r.ok) return r;
      failures = 0;
      offset = r.body.offset;
      progress.value = offset / file.size;
      verdict.textContent = K.t("uploading") + " " + Math.round((100 * offset) / file.size) + "%";
      if (r.body.done) return r;
    }
  }

  function renderDocs() {
    const list = document.getElementById("docs");
    const empty = document.getElementById("docs-empty");
    empty.hidden = booking.documents.length > 0;
    for (const need of booking.documents) {
      let li = list.querySelector('[data-doc="' + need.document_type + '"]');
      if (!li) {
        li = document.createElement("li");
        li.className = "doc";
        li.dataset.doc = need.document_type;
        li.innerHTML =
          '<h3></h3><p class="hint instruction"></p><div class="pick">' +
          '<label class="button primary"><span class="take"></span><input type="file" accept="image/*" capture="environment" class="camera"></label>' +
          '<label class="button"><span class="choose"></span><input type="file" accept="image/jpeg,image/png,application/pdf" class="file"></label>' +
          '</div><canvas hidden></canvas><p class="hint live"></p><progress max="1" value="0" hidden></progress><p class="verdict"></p>';
        list.appendChild(li);
        for (const input of li.querySelectorAll("input[type=file]")) {
          input.addEventListener("change", () => { if (input.files[0]) chosen(li, need, input.files[0]); input.value = ""; });
        }
      }
      li.classList.toggle("done", need.done);
      li.querySelector("h3").textContent = K.lang === "en" ? need.name_en : need.name_id;
      li.querySelector(".instruction").textContent = K.lang === "en" ? need.instruction_en : need.instruction_id;
      li.querySelector(".take").textContent = K.t("take_photo");
      li.querySelector(".choose").textContent = K.t("choose_file");
      const verdict = li.querySelector(".verdict");
      if (verdict.dataset.key) verdict.textContent = verdict.dataset.key.split(" ").map((k) => K.t(k)).join(" ");
      else if (need.done && !verdict.textContent) verdict.textContent = K.t("uploaded");
      const live = li.querySelector(".live");
      if (live.dataset.key) live.textContent = K.t(live.dataset.key);
    }
  }

  async function chosen(li, need, file) {
    const canvas = li.querySelector("canvas");
    const live = li.querySelector(".live");
    const progress = li.querySelector("progress");
    const verdict = li.querySelector(".verdict");
    verdict.dataset.key = "";
    verdict.className = "verdict";
    live.dataset.key = "";
    live.textContent = "";
    if (file.type.startsWith("image/")) {
      try {
        const bitmap = await createImageBitmap(file);
        const scale = Math.min(1, 320 / bitmap.width);
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.hidden = false;
        live.dataset.key = hintKey(measure(canvas));
        live.textContent = K.t(live.dataset.key);
      } catch (e) {
        canvas.hidden = true;
      }
    } else {
      canvas.hidden = true;
    }
    progress.hidden = false;
    progress.value = 0;
    const r = await upload(file, need.document_type, progress, verdict);
    if (r.ok && r.body.done) {
      verdict.dataset.key = "uploaded";
      verdict.className = "verdict good";
      need.done = true;
      await load();
    } else if (r.body.error === "poor_quality") {
      verdict.dataset.key = (r.body.problems || []).map((p) => "q_" + p).join(" ");
      verdict.className = "verdict bad";
      progress.hidden = true;
    } else {
      verdict.dataset.key = "";
      verdict.textContent = K.errorText(r.body);
      verdict.className = "verdict bad";
      progress.hidden = true;
    }
    renderDocs();
    status();
  }

  document.addEventListener("k-lang", () => { if (booking) { status(); if (booking.steps.consent) { fillIntakeChoices(); renderDocs(); } } });

  document.getElementById("consent").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!document.getElementById("consent-check").checked) { K.say(() => K.t("required")); return; }
    const r = await K.api("POST", "/consent", { accepted: true, language: K.lang });
    if (!r.ok) { K.say(() => K.errorText(r.body)); return; }
    K.say("");
    booking = r.body;
    stage();
  });

  intakeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const account = K.digits(intakeForm.account_number.value);
    if (!/^\d{6,20}$/.test(account)) { K.fieldError(intakeForm, "account_number", K.t("required")); return; }
    K.fieldError(intakeForm, "account_number", "");
    const lastDay = intakeForm.termination_date.value;
    if (lastDayShown()) {
      if (!lastDay) { K.fieldError(intakeForm, "termination_date", K.t("last_day_needed")); return; }
      if (lastDay > K.today()) { K.fieldError(intakeForm, "termination_date", K.t("last_day_future")); return; }
    }
    K.fieldError(intakeForm, "termination_date", "");
    const entries = {
      claim_type: booking.claim_type, reason: intakeForm.reason.value,
      bank_code: intakeForm.bank_code.value, account_number: account,
    };
    if (lastDayShown()) entries.termination_date = lastDay;
    const r = await K.raw("PUT", "/api/v1/sessions/" + booking.session_id + "/intake", entries);
    if (!r.ok) {
      if ((r.body.error || "").startsWith("invalid_")) K.fieldError(intakeForm, "account_number", r.body.message);
      else K.say(() => K.errorText(r.body));
      return;
    }
    document.getElementById("intake-saved").hidden = false;
    await load();
    stage();
  });

  if (await load()) {
    if (booking.session_id) {
      const visit = await K.raw("GET", "/api/v1/sessions/" + booking.session_id);
      const intake = (visit.ok && visit.body.intake) || {};
      if (intake.reason) intakeForm.reason.dataset.value = intake.reason;
      if (intake.termination_date) intakeForm.termination_date.value = intake.termination_date;
      fillIntakeChoices();
      if (intake.bank_code) intakeForm.bank_code.value = intake.bank_code;
      if (intake.account_number) intakeForm.account_number.value = intake.account_number;
    }
    stage();
    if (!booking.can_prepare && !booking.steps.consent) {
      K.say(() => K.t("prepare_later", { when: K.moment(booking.prepare_opens_at) }));
    }
  }
  // Only now: a consent held while the page loaded must not be answered before this first load, whose older
  // booking (no consent yet) would then hide the intake again.
  K.start();
});
