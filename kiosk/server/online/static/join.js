// The Join page: lobby (camera and microphone check, device choice, place in the queue), signaling with the hub
// (the kiosk_online cookie authenticates the socket; nothing in the URL), the call (call.js) and the end.
// Nothing is written to localStorage, sessionStorage or IndexedDB; at the end the page drops what it holds.
"use strict";
(function () {
  const S = window.JOIN_STRINGS;
  const $ = (id) => document.getElementById(id);
  const FINAL = ["submitted", "rejected", "abandoned", "cancelled", "expired"];
  const QUEUED = ["waiting_cso", "in_call", "verifying", "approved"];
  const query = new URLSearchParams(location.search);
  const st = {
    lang: query.get("lang") === "en" ? "en" : "id",
    ws: null, retry: 0, heartbeat: null, sessionId: null, iceServers: [], iceRelayOnly: false,
    stream: null, audioCtx: null, meterSrc: null, meterTimer: null,
    joined: false, assignment: null, call: null, ended: false,
    queue: null, problemKey: null, problemVars: null, statusKey: null, statusVars: null, finalTimer: null,
  };

  function t(key, vars) {
    let s = (S[st.lang] && S[st.lang][key]) || S.id[key] || key;
    for (const k in (vars || {})) s = s.split("{" + k + "}").join(String(vars[k]));
    return s;
  }

  function render() {
    document.documentElement.lang = st.lang;
    document.title = t("title");
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
    const other = st.lang === "id" ? "en" : "id";
    $("lang").textContent = t("lang_switch");
    $("lang").lang = other;
    problem(st.problemKey, st.problemVars);
    renderQueue();
    status(st.statusKey, st.statusVars);
  }

  function problem(key, vars) {
    st.problemKey = key;
    st.problemVars = vars;
    const el = $("problem");
    el.hidden = !key;
    el.textContent = key ? t(key, vars) : "";
  }

  function status(key, vars) {
    st.statusKey = key;
    st.statusVars = vars;
    $("status").textContent = key ? t(key, vars) : "";
  }

  function renderQueue() {
    const el = $("queue");
    if (!st.joined || st.assignment) {
      el.textContent = st.joined && st.assignment ? t("officer_joining", { name: st.assignment.officer_name || "" }) : "";
      return;
    }
    const q = st.queue;
    const parts = [t("waiting")];
    if (q && q.ahead != null) parts.push(q.ahead === 0 ? t("ahead_none") : t("ahead", { n: q.ahead }));
    if (q && q.estimated_minutes != null) {
      parts.push(t(q.estimated_minutes === 1 ? "wait_minutes_1" : "wait_minutes", { n: q.estimated_minutes }));
    }
    el.textContent = parts.join(" ");
  }

  // -- camera and microphone ------------------------------------------------------------------------------------

  function hasWebRTC() {
    return !!(window.RTCPeerConnection && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  async function openMedia() {
    const camId = $("camera-select").value;
    const micId = $("mic-select").value;
    const video = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
    if (camId) video.deviceId = { exact: camId };
    const audio = { echoCancellation: true, noiseSuppression: true };
    if (micId) audio.deviceId = { exact: micId };
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: video, audio: audio }));
      problem(null);
      await listDevices();
      return true;
    } catch (e) {
      const name = e && e.name;
      problem(name === "NotFoundError" || name === "OverconstrainedError" ? "no_device"
        : name === "NotReadableError" || name === "AbortError" ? "device_busy" : "denied");
      return false;
    }
  }

  function setStream(stream) {
    const old = st.stream;
    st.stream = stream;
    $("preview").srcObject = stream;
    $("self").srcObject = stream;
    meter(stream);
    if (st.call) st.call.replaceStream(stream);
    if (old) old.getTracks().forEach((tr) => tr.stop());
  }

  function meter(stream) {
    clearInterval(st.meterTimer);
    if (st.meterSrc) { st.meterSrc.disconnect(); st.meterSrc = null; }
    const tracks = stream.getAudioTracks();
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!tracks.length || !Ctx) return;
    if (!st.audioCtx) st.audioCtx = new Ctx();
    const ctx = st.audioCtx;
    const src = ctx.createMediaStreamSource(new MediaStream([tracks[0]]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    src.connect(analyser);
    st.meterSrc = src;
    const buf = new Float32Array(analyser.fftSize);
    st.meterTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (let i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
      $("level").value = Math.min(1, Math.sqrt(sum / buf.length) * 4);
    }, 100);
    ctx.resume().catch(() => {});
  }

  function currentDevice(kind) {
    const tracks = st.stream ? (kind === "video" ? st.stream.getVideoTracks() : st.stream.getAudioTracks()) : [];
    return tracks.length ? (tracks[0].getSettings().deviceId || "") : "";
  }

  async function listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    fill("camera-select", devices.filter((d) => d.kind === "videoinput"), currentDevice("video"), "camera");
    fill("mic-select", devices.filter((d) => d.kind === "audioinput"), currentDevice("audio"), "microphone");
  }

  function fill(id, devices, current, word) {
    const select = $(id);
    select.textContent = "";
    devices.forEach((d, i) => {
      const option = document.createElement("option");
      option.value = d.deviceId;
      option.textContent = d.label || t(word) + " " + (i + 1);
      option.selected = d.deviceId === current;
      select.appendChild(option);
    });
  }

  // -- REST with the cookie ------------------------------------------------------------------------------------

  async function api(method, path, body) {
    const init = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    return fetch("/api/v1" + path, init);
  }

  async function upload(documentType, blob, filename) {
    const form = new FormData();
    form.append("document_type", documentType);
    form.append("file", blob, filename);
    const r = await fetch("/api/v1/sessions/" + encodeURIComponent(st.sessionId) + "/documents",
      { method: "POST", credentials: "same-origin", body: form });
    if (!r.ok) throw new Error("upload " + r.status);
    return r.json();
  }

  async function sessionState() {
    const r = await api("GET", "/sessions/" + encodeURIComponent(st.sessionId));
    if (r.status === 401) { problem("signed_out"); return null; }
    return r.ok ? (await r.json()).state : null;
  }

  async function join() {
    $("join").disabled = true;
    $("join").textContent = t("joining");
    // The online API moves the visit into the queue (inside the booking's join window only).
    const r = await api("POST", "/online/join");
    if (r.status === 401) { problem("signed_out"); return; }
    if (!r.ok) {
      const body = await r.json().catch(() => ({}));
      $("join").disabled = false;
      $("join").textContent = t("join");
      if (body.error === "join_not_open" && body.opens_at) {
        const at = new Date(body.opens_at).toLocaleTimeString(st.lang === "id" ? "id-ID" : "en-GB",
          { hour: "2-digit", minute: "2-digit" });
        problem("too_early", { time: at });
      } else if (r.status === 410) {
        problem("too_late");
      } else if (body.error === "consent_first") {
        problem("consent_first");
      } else {
        problem("join_failed");
      }
      return;
    }
    problem(null);
    st.joined = true;
    $("join").hidden = true;
    renderQueue();
    maybeStartCall();
  }

  // -- signaling -------------------------------------------------------------------------------------------------

  function send(type, payload, sessionId) {
    if (st.ws && st.ws.readyState === WebSocket.OPEN) {
      st.ws.send(JSON.stringify({ v: 1, type: type, session_id: sessionId || null, payload: payload || {} }));
    }
  }

  function connect() {
    if (st.ended) return;
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/ws");
    st.ws = ws;
    ws.onopen = () => {
      st.retry = 0;
      send("hello", { role: "participant", client_version: "web", session_id: st.sessionId });
    };
    ws.onmessage = (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      onSignal(m);
    };
    ws.onclose = (ev) => {
      clearInterval(st.heartbeat);
      if (st.ws !== ws || st.ended) return;
      st.ws = null;
      if (ev.code === 4409) { problem("other_tab"); finish(null, false); return; }
      if (ev.code === 4401 || ev.code === 4403) { problem("signed_out"); finish(null, false); return; }
      status("offline");
      setTimeout(connect, Math.min(10000, 500 * Math.pow(2, st.retry++)));
    };
  }

  async function onWelcome(p) {
    st.sessionId = p.session_id || null;
    if (Array.isArray(p.ice_servers)) st.iceServers = p.ice_servers;
    st.iceRelayOnly = p.ice_relay_only === true;  // the hub's turn.relay_only: media only through its TURN server
    clearInterval(st.heartbeat);
    st.heartbeat = setInterval(() => send("heartbeat", {}), (p.heartbeat_interval_s || 5) * 1000);
    if (!st.sessionId) { problem("no_visit"); $("join").disabled = true; return; }
    if (st.problemKey === "offline" || st.problemKey === "no_visit") problem(null);
    if (st.statusKey === "offline") status(null);
    const state = await sessionState();
    if (state && FINAL.indexOf(state) >= 0) { finish({ outcome: null }, true); return; }
    if (state && QUEUED.indexOf(state) >= 0) { st.joined = true; $("join").hidden = true; }  // a reload: rejoin
    $("join").disabled = !st.stream;
    if (!st.joined) status(null);
    renderQueue();
  }

  function onSignal(m) {
    const p = m.payload || {};
    if (m.type === "welcome") { onWelcome(p); return; }
    if (m.session_id && m.session_id !== st.sessionId) return;
    switch (m.type) {
      case "queue": st.queue = p; renderQueue(); break;
      case "assignment":
        st.assignment = p;
        st.joined = true;
        $("join").hidden = true;
        // A new assignment means the console starts afresh: a new peer connection and a new offer.
        if (st.call) { st.call.close(); st.call = null; }
        // Joined online means ready for the officer (a booth says so when its documents are done): the tile
        // shows the participant as waiting, in the order they came.
        send("attention", { kind: "ready", raised: true, reason: null, document: null }, st.sessionId);
        maybeStartCall();
        break;
      case "unassigned":
        st.assignment = null;
        if (st.call) { st.call.close(); st.call = null; }
        showLobby();
        break;
      case "answer": if (st.call) st.call.answer(p.sdp).catch(() => st.call && st.call.retry()); break;
      case "bye": if (st.call) st.call.remoteBye(p.reason); break;
      case "session_update":
        // The hub may tell of the visit's end before the officer's `end` (with the claim reference) arrives over
        // the call: wait a little for it, so the participant sees their reference.
        if (FINAL.indexOf(p.state) >= 0 && !st.finalTimer) {
          // The hub's update carries the claim's reference too: a call that broke at the last moment, with the
          // officer's `end`, does not leave the participant without it.
          const outcome = p.state === "submitted" || p.state === "cancelled" ? p.state : null;
          st.finalTimer = setTimeout(() => finish({ outcome: outcome, reference: p.claim_reference || null }, true),
            st.call ? 8000 : 0);
        }
        break;
      default: break;
    }
  }

  function showLobby() {
    $("call").hidden = true;
    $("lobby").hidden = false;
    renderQueue();
  }

  function maybeStartCall() {
    if (!st.assignment || !st.stream || st.call || st.ended) { renderQueue(); return; }
    $("lobby").hidden = true;
    $("call").hidden = false;
    st.call = new window.KioskCall({
      sessionId: st.sessionId, stream: st.stream, iceServers: st.iceServers, relayOnly: st.iceRelayOnly,
      officerName: st.assignment.officer_name || "",
      send: send, t: t, lang: () => st.lang, upload: upload,
      onStatus: (key, vars) => status(key, vars),
      onEnd: (payload) => finish(payload, true),
    });
    st.call.start().catch(() => st.call && st.call.retry());
  }

  // -- the end ---------------------------------------------------------------------------------------------------

  function finish(payload, showEnd) {
    if (st.ended) return;
    st.ended = true;
    clearTimeout(st.finalTimer);
    if (showEnd) {
      const outcome = payload && payload.outcome;
      $("end-text").textContent = t(outcome === "submitted" ? "end_submitted" : outcome === "rejected" ? "end_rejected"
        : outcome === "cancelled" ? "end_cancelled" : "end_plain");
      const reference = payload && payload.reference;
      $("reference").textContent = reference || "";
      const qr = $("reference-qr");
      if (reference) { qr.src = "/online/join/qr.svg?text=" + encodeURIComponent(reference); qr.alt = reference; qr.hidden = false; }
      $("lobby").hidden = true;
      $("call").hidden = true;
      $("end").hidden = false;
      status(null);
    }
    // Wipe: media, the call, the socket, the web session (the route may not exist on an older hub: 404 is fine).
    if (st.call) { st.call.close(); st.call = null; }
    if (st.stream) st.stream.getTracks().forEach((tr) => tr.stop());
    st.stream = null;
    $("preview").srcObject = null;
    $("self").srcObject = null;
    clearInterval(st.meterTimer);
    clearInterval(st.heartbeat);
    if (st.audioCtx) st.audioCtx.close().catch(() => {});
    st.audioCtx = null;
    if (st.ws) { const ws = st.ws; st.ws = null; ws.close(1000); }
    st.assignment = null;
    st.queue = null;
    if (showEnd) api("POST", "/online/sign-out").catch(() => {});
  }

  // -- start -----------------------------------------------------------------------------------------------------

  async function main() {
    $("lang").onclick = () => { st.lang = st.lang === "id" ? "en" : "id"; render(); };
    $("unmute").onclick = () => { $("officer").play().then(() => { $("unmute").hidden = true; }, () => {}); };
    $("join").onclick = () => { join().catch(() => { $("join").disabled = false; $("join").textContent = t("join"); }); };
    render();
    if (!hasWebRTC()) { problem("no_webrtc"); $("join").disabled = true; return; }
    $("camera-select").onchange = () => openMedia();
    $("mic-select").onchange = () => openMedia();
    const ok = await openMedia();
    connect();
    if (ok && !st.joined) status(null);
    if (ok) { $("join").disabled = !st.sessionId; maybeStartCall(); }
  }

  // For tests and the benchmark: the page's phase and the call's statistics (nothing personal).
  window.kioskJoin = {
    phase: () => (st.ended ? "end" : st.call ? "call" : st.joined ? "waiting" : "lobby"),
    sessionId: () => st.sessionId,
    queueText: () => $("queue").textContent,
    stats: () => (st.call ? st.call.stats() : Promise.resolve(null)),
  };

  document.addEventListener("DOMContentLoaded", () => { main(); });
})();
