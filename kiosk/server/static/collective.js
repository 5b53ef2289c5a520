// The employer's page: sign in (an HttpOnly cookie the hub sets), then letters, roster, documents, invitations and
// the result per worker. Every text comes from the page's text table (Indonesian or English); nothing is stored in
// the browser besides the cookie.
"use strict";
(function () {
  const t = JSON.parse(document.getElementById("texts").textContent);
  const lang = document.documentElement.lang;
  const $ = (id) => document.getElementById(id);
  const api = "/api/v1/collective/";
  let batch = null;
  let shown = 0;

  async function call(method, path, body) {
    const options = {method, credentials: "same-origin", headers: {}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(api + path, options);
    const data = await response.json().catch(() => ({}));
    return {status: response.status, data};
  }

  function message(data) {
    if (!data) return t["error.generic"];
    return (lang === "en" ? data.message : (data.message_id || data.message)) || t["error.generic"];
  }

  // A file upload with its progress (fetch cannot report an upload's progress; XMLHttpRequest can).
  function upload(path, file, progress, status) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("PUT", api + path);
      request.setRequestHeader("Content-Type", "application/octet-stream");
      if (progress) {
        progress.hidden = false;
        progress.value = 0;
        request.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = 100 * e.loaded / e.total; };
        request.upload.onload = () => { progress.removeAttribute("value"); if (status) status.textContent = t["roster.checking"]; };
      }
      request.onload = () => {
        if (progress) progress.hidden = true;
        let data = {};
        try { data = JSON.parse(request.responseText); } catch (e) { data = {}; }
        resolve({status: request.status, data});
      };
      request.onerror = () => { if (progress) progress.hidden = true; resolve({status: 0, data: {}}); };
      request.send(file);
    });
  }

  function showCounts(counts) {
    const list = $("counts");
    list.textContent = "";
    for (const key of Object.keys(counts)) {
      if (key === "rows" || counts[key] === 0) continue;
      const item = document.createElement("li");
      item.textContent = t["status." + key] + ": " + counts[key];
      list.appendChild(item);
    }
  }

  function showBatch(b) {
    batch = b;
    for (const kind of ["power_of_attorney", "layoff_letter"]) {
      const state = $("state-" + kind);
      const done = b.letters.includes(kind);
      state.textContent = done ? t["letter.done"] : t["letter.missing"];
      state.classList.toggle("ok", done);
    }
    showCounts(b.counts);
    for (const kind of ["csv", "xlsx", "pdf"]) {
      $("dl-" + kind).href = api + "batches/" + b.id + "/result." + kind + "?lang=" + lang;
    }
  }

  function rowText(row) {
    const blocking = row.issues.filter((i) => i.blocking);
    const issues = row.status === "refused" ? blocking : row.issues;
    if (issues.length) return issues.map((i) => lang === "en" ? i.message_en : i.message_id).join(" ");
    return t["status_help." + row.status] || "";
  }

  async function loadRows(reset) {
    if (reset) { shown = 0; $("rows").tBodies[0].textContent = ""; }
    const {status, data} = await call("GET", "batches/" + batch.id + "/rows?offset=" + shown + "&limit=100");
    if (status !== 200) return;
    const body = $("rows").tBodies[0];
    for (const row of data.rows) {
      const tr = document.createElement("tr");
      const cells = [String(row.line), row.name || row.cells.name || "", t["status." + row.status], rowText(row),
                     row.claim_reference || ""];
      const labels = Array.from($("rows").tHead.rows[0].cells, (th) => th.textContent);
      cells.forEach((value, index) => {
        const td = document.createElement("td");
        td.textContent = value;
        td.dataset.label = labels[index];  // a phone shows each row as a card, labelled cell by cell
        if (index === 2) td.className = "status-" + row.status;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    shown += data.rows.length;
    $("more").hidden = shown >= data.total;
  }

  async function refresh() {
    const {status, data} = await call("GET", "batches/" + batch.id);
    if (status === 200) showBatch(data);
    await loadRows(true);
  }

  async function start() {
    const me = await call("GET", "me");
    if (me.status !== 200) { $("login").hidden = false; $("work").hidden = true; return; }
    $("login").hidden = true;
    $("work").hidden = false;
    $("who").textContent = me.data.name + " · " + me.data.employer.name + " (NPP " + me.data.employer.npp + ")";
    const list = await call("GET", "batches");
    if (list.status === 200 && list.data.length) {
      showBatch(list.data[0]);
      $("new-batch").hidden = false;
    } else {
      const created = await call("POST", "batches");
      if (created.status === 201) showBatch(created.data);
    }
    await loadRows(true);
  }

  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("login-error").hidden = true;
    const {status} = await call("POST", "login", {username: $("username").value, password: $("password").value});
    if (status !== 200) {
      $("login-error").textContent = status === 429 ? message({}) : t["login.failed"];
      $("login-error").hidden = false;
      return;
    }
    $("password").value = "";
    await start();
  });
  $("logout").addEventListener("click", async () => { await call("POST", "logout"); location.reload(); });
  $("new-batch").addEventListener("click", async () => {
    const created = await call("POST", "batches");
    if (created.status === 201) { showBatch(created.data); await loadRows(true); }
  });
  for (const input of document.querySelectorAll("#letters input[type=file]")) {
    input.addEventListener("change", async () => {
      if (!input.files.length) return;
      const state = $("state-" + input.dataset.kind);
      const {status, data} = await upload("batches/" + batch.id + "/letters/" + input.dataset.kind, input.files[0]);
      if (status === 200) await refresh(); else state.textContent = message(data);
    });
  }
  $("roster-upload").addEventListener("click", async () => {
    const file = $("roster").files[0];
    if (!file) { $("roster").focus(); return; }
    const status = $("roster-status");
    status.textContent = t["roster.sending"];
    $("roster-upload").disabled = true;
    const result = await upload("batches/" + batch.id + "/roster", file, $("roster-progress"), status);
    $("roster-upload").disabled = false;
    if (result.status !== 200) { status.textContent = message(result.data); return; }
    const r = result.data;
    status.textContent = t["roster.done"] + " " + t["roster.summary"].replace("{accepted}", r.accepted)
      .replace("{refused}", r.refused);
    showBatch(r.batch);
    await loadRows(true);
  });
  $("zip").addEventListener("change", async () => {
    const file = $("zip").files[0];
    if (!file) return;
    const {status, data} = await upload("batches/" + batch.id + "/documents", file);
    $("zip-status").textContent = status === 200
      ? "✓ " + data.stored + (data.refused.length ? " · ✗ " + data.refused.map((r) => r.name).join(", ") : "")
      : message(data);
    await loadRows(true);
  });
  $("invite").addEventListener("click", async () => {
    const {status, data} = await call("POST", "batches/" + batch.id + "/invitations");
    $("invite-status").textContent = status === 200 ? t["invite.sent"].replace("{n}", data.sent) : message(data);
    await refresh();
  });
  $("more").addEventListener("click", () => loadRows(false));
  start();
})();
