// The call with the officer: one RTCPeerConnection per attempt (the page always offers, complete SDP, no trickle
// ICE, as the hub's aiortc console expects), the "control" data channel and its messages (docs/protocol.md).
"use strict";
(function () {
  // kiosk.domain.media quality levels: the box the video is fitted into, frames per second, and a bitrate cap.
  const LEVELS = {
    thumbnail: { w: 320, h: 240, fps: 10, bps: 300000 },
    standard: { w: 640, h: 480, fps: 20, bps: 1000000 },
    focus: { w: 1280, h: 720, fps: 30, bps: 2500000 },
  };
  const GATHER_TIMEOUT_MS = 5000;
  const ANSWER_TIMEOUT_MS = 20000;
  const $ = (id) => document.getElementById(id);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function gathered(pc) {
    // aiortc takes no trickled candidates: the offer is sent once gathering is complete (or after a few seconds
    // with what there is).
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { pc.removeEventListener("icegatheringstatechange", check); resolve(); };
      const check = () => { if (pc.iceGatheringState === "complete") done(); };
      pc.addEventListener("icegatheringstatechange", check);
      setTimeout(done, GATHER_TIMEOUT_MS);
    });
  }

  class KioskCall {
    // opts: sessionId, stream, iceServers, relayOnly, officerName, send(type, payload, sessionId), t(key, vars), lang(),
    // upload(documentType, blob, filename) -> {id, sha256, ...}, onEnd(payload), onStatus(key, vars)
    constructor(opts) {
      this.o = opts;
      this.pc = null;
      this.dc = null;
      this.closed = false;
      this.quality = "standard";
      this.seq = 0;
      this.attempt = 0;
      this.answerTimer = null;
      this.promptKey = null;
      // Answers not sent yet (no channel open), sent on the next channel; and every request's answer by id (null
      // while it is being carried out): the console sends an unanswered request again over a new connection, and
      // gets the same answer instead of the participant being asked twice.
      this.unsent = [];
      this.answers = new Map();
      // Ids unique per page load: the console remembers the answers it got by id.
      this.idPrefix = "p-" + Math.random().toString(36).slice(2, 8) + "-";
    }

    async start() {
      if (this.closed) return;
      const attempt = ++this.attempt;
      this.teardown();
      const pc = new RTCPeerConnection({
        iceServers: this.o.iceServers || [], iceTransportPolicy: this.o.relayOnly ? "relay" : "all",
      });
      this.pc = pc;
      const stream = this.o.stream;
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      // Only the offerer can create a data channel: created before the offer so the SDP carries it.
      const dc = pc.createDataChannel("control");
      this.dc = dc;
      dc.onmessage = (e) => this.onControl(e.data);
      dc.onopen = () => { if (dc === this.dc) this.flush(); };
      // A control channel that closes while the call goes on (a link blip the media survived) leaves the officer
      // unable to ask for anything: make a new connection, with a new channel, as a booth does.
      dc.onclose = () => { if (dc === this.dc && !this.closed) this.retry(); };
      const officer = $("officer");
      officer.srcObject = new MediaStream();
      pc.ontrack = (e) => {
        officer.srcObject.addTrack(e.track);
        officer.play().then(() => { $("unmute").hidden = true; }, () => { $("unmute").hidden = false; });
      };
      pc.onconnectionstatechange = () => {
        if (pc !== this.pc || this.closed) return;
        const s = pc.connectionState;
        if (s === "connected") { clearTimeout(this.answerTimer); this.o.onStatus("connected", { name: this.o.officerName }); }
        else if (s === "disconnected") this.o.onStatus("reconnecting");
        else if (s === "failed") this.retry();
      };
      this.o.onStatus("connecting");
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await gathered(pc);
      if (attempt !== this.attempt || this.closed) return;
      this.o.send("offer", { sdp: pc.localDescription.sdp, sdp_type: "offer" }, this.o.sessionId);
      clearTimeout(this.answerTimer);
      this.answerTimer = setTimeout(() => this.retry(), ANSWER_TIMEOUT_MS);
    }

    async answer(sdp) {
      const pc = this.pc;
      if (!pc || pc.signalingState !== "have-local-offer") return;
      await pc.setRemoteDescription({ type: "answer", sdp: sdp });
      clearTimeout(this.answerTimer);
      await this.applyQuality(this.quality).catch(() => {});
    }

    retry() {
      if (this.closed) return;
      this.o.onStatus("reconnecting");
      this.teardown();
      setTimeout(() => this.start().catch(() => this.retry()), 1500);
    }

    remoteBye() { this.retry(); }

    teardown() {
      clearTimeout(this.answerTimer);
      if (this.dc) { try { this.dc.close(); } catch (e) { /* already closed */ } }
      if (this.pc) { try { this.pc.close(); } catch (e) { /* already closed */ } }
      this.dc = null;
      this.pc = null;
    }

    close() {
      this.closed = true;
      this.teardown();
      const officer = $("officer");
      if (officer.srcObject) officer.srcObject.getTracks().forEach((t) => t.stop());
      officer.srcObject = null;
    }

    videoSender() {
      return this.pc ? this.pc.getSenders().find((s) => s.track && s.track.kind === "video") : null;
    }

    replaceStream(stream) {
      this.o.stream = stream;
      if (!this.pc) return;
      for (const sender of this.pc.getSenders()) {
        const kind = sender.track ? sender.track.kind : null;
        const next = kind === "video" ? stream.getVideoTracks()[0] : kind === "audio" ? stream.getAudioTracks()[0] : null;
        if (next) sender.replaceTrack(next).catch(() => {});
      }
      this.applyQuality(this.quality).catch(() => {});
    }

    async applyQuality(level) {
      const spec = LEVELS[level];
      if (!spec) throw new Error("unknown level");
      this.quality = level;
      const sender = this.videoSender();
      if (!sender) return;
      const settings = sender.track.getSettings();
      const w = settings.width || spec.w;
      const h = settings.height || spec.h;
      const params = sender.getParameters();
      if (!params.encodings || !params.encodings.length) return; // not negotiated yet: applied after the answer
      const enc = params.encodings[0];
      enc.scaleResolutionDownBy = Math.max(1, w / spec.w, h / spec.h);
      enc.maxFramerate = spec.fps;
      enc.maxBitrate = spec.bps;
      // The officer reads documents in the focused picture: keep its size and give up frames first when the
      // link is short (the console estimates bandwidth from a low start); thumbnails may shrink instead.
      params.degradationPreference = level === "focus" ? "maintain-resolution" : "balanced";
      await sender.setParameters(params);
    }

    // -- control channel -------------------------------------------------------------------------------------

    reply(type, request, payload) {
      const text = JSON.stringify({
        v: 1, type: type, id: this.idPrefix + (++this.seq), reply_to: request ? request.id : null, payload: payload || {},
      });
      if (request && this.answers.has(request.id)) this.answers.set(request.id, text);
      this.unsent.push(text);
      if (this.unsent.length > 50) this.unsent.shift();
      this.flush();
    }

    flush() {
      while (this.unsent.length && this.dc && this.dc.readyState === "open") {
        try { this.dc.send(this.unsent[0]); } catch (e) { return; }
        this.unsent.shift();
      }
    }
    ack(request) { this.reply("ack", request, {}); }
    error(request, code, message) {
      this.reply("error", request, { code: code, message: message, ref_type: request ? request.type : null });
    }

    onControl(raw) {
      let m;
      try { m = JSON.parse(raw); } catch (e) { this.error(null, "malformed_json", "not JSON"); return; }
      if (!m || typeof m !== "object" || typeof m.type !== "string") { this.error(null, "invalid_envelope", "no type"); return; }
      const p = m.payload || {};
      if (m.type !== "ack" && m.type !== "error" && typeof m.id === "string") {
        if (this.answers.has(m.id)) {
          // Sent again over a new connection: the same answer, or nothing while the first is still at work.
          const answer = this.answers.get(m.id);
          if (answer) { this.unsent.push(answer); this.flush(); }
          return;
        }
        this.answers.set(m.id, null);
        if (this.answers.size > 500) this.answers.delete(this.answers.keys().next().value);
      }
      switch (m.type) {
        case "set_quality":
          this.applyQuality(p.level).then(() => this.ack(m), (e) => this.error(m, "invalid_payload", String(e)));
          break;
        case "focus": case "unfocus": this.ack(m); break;
        case "prompt": this.showPrompt(p); this.ack(m); break;
        case "hold": $("hold").hidden = false; this.ack(m); break;
        case "resume": $("hold").hidden = true; this.ack(m); break;
        case "recording": $("recording").hidden = !p.on; this.ack(m); break;
        case "capture_request": this.capture(m); break;
        case "signature_request": this.signature(m); break;
        case "hand_back": this.o.onStatus("hand_back"); this.ack(m); break;
        case "end": this.ack(m); this.o.onEnd(p); break;
        case "ack": case "error": break;
        default: this.error(m, "unsupported", m.type + " is not handled here");
      }
    }

    showPrompt(p) {
      const text = this.o.lang() === "en" && p.text_en ? p.text_en : p.text;
      $("prompt-text").textContent = text || "";
      $("prompt").hidden = !text;
      $("prompt-ok").onclick = () => { $("prompt").hidden = true; };
    }

    async capture(m) {
      const p = m.payload || {};
      const card = $("capture");
      const countdown = $("countdown");
      card.hidden = false;
      try {
        for (let n = Math.max(0, Math.round(p.countdown_s == null ? 3 : p.countdown_s)); n > 0; n--) {
          countdown.textContent = String(n);
          await sleep(1000);
        }
        countdown.textContent = this.o.t("uploading");
        const blob = await this.still();
        const doc = await this.o.upload(p.document, blob, "capture.jpg");
        this.reply("capture_done", m, {
          document: p.document, document_id: doc.id, sha256: doc.sha256,
          sharpness: doc.sharpness == null ? null : doc.sharpness, glare_ratio: doc.glare_ratio == null ? null : doc.glare_ratio,
        });
      } catch (e) {
        this.o.onStatus("upload_failed");
        this.error(m, "capture_failed", String(e && e.message || e));
      } finally {
        card.hidden = true;
        countdown.textContent = "";
      }
    }

    async still() {
      // A still at the camera's full resolution, not a frame of the (scaled) video being sent: the camera's photo
      // where it gives one at least as large as its video, else the track's own frame at its full size.
      const track = this.o.stream.getVideoTracks()[0];
      if (!track) throw new Error("no camera");
      const settings = track.getSettings();
      if (window.ImageCapture) {
        try {
          const blob = await new ImageCapture(track).takePhoto();
          const bitmap = await createImageBitmap(blob);
          const big = bitmap.width >= (settings.width || 0) && bitmap.height >= (settings.height || 0);
          bitmap.close();
          if (big) return blob;
        } catch (e) { /* not every camera takes photos: the track's own frame below */ }
      }
      const video = document.createElement("video");
      video.muted = true;
      video.playsInline = true;
      video.srcObject = new MediaStream([track]);
      await video.play();
      if (!video.videoWidth) await new Promise((r) => video.addEventListener("loadeddata", r, { once: true }));
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      video.srcObject = null;
      return await new Promise((r) => canvas.toBlob(r, "image/jpeg", 0.92));
    }

    signature(m) {
      const box = $("signature");
      const pad = $("sign-pad");
      const ctx = pad.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, pad.width, pad.height);
      ctx.lineWidth = 4; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
      let drawing = false;
      let strokes = 0;
      const at = (e) => {
        const r = pad.getBoundingClientRect();
        return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height];
      };
      pad.onpointerdown = (e) => { drawing = true; strokes++; const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); pad.setPointerCapture(e.pointerId); };
      pad.onpointermove = (e) => { if (!drawing) return; const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); };
      pad.onpointerup = pad.onpointercancel = () => { drawing = false; };
      $("sign-clear").onclick = () => { ctx.fillRect(0, 0, pad.width, pad.height); strokes = 0; };
      $("sign-done").onclick = async () => {
        if (!strokes) return;
        $("sign-done").disabled = true;
        try {
          const blob = await new Promise((r) => pad.toBlob(r, "image/png"));
          const doc = await this.o.upload("signature", blob, "signature.png");
          this.reply("signature_done", m, { document_id: doc.id, sha256: doc.sha256 });
          box.hidden = true;
        } catch (e) {
          this.o.onStatus("upload_failed");
          this.error(m, "signature_failed", String(e && e.message || e));
          box.hidden = true;
        } finally {
          $("sign-done").disabled = false;
        }
      };
      box.hidden = false;
    }

    async stats() {
      // For tests and the benchmark: what arrives from the officer and what is sent.
      const out = { inbound: null, outbound: null, quality: this.quality, state: this.pc ? this.pc.connectionState : "none",
                    candidates: null, gathered: [] };
      if (!this.pc) return out;
      const report = await this.pc.getStats();
      report.forEach((s) => {
        // Candidate types (host, srflx, relay): those gathered here, and the selected pair's (the media's path).
        if (s.type === "local-candidate" && out.gathered.indexOf(s.candidateType) < 0) out.gathered.push(s.candidateType);
        if (s.type === "transport" && s.selectedCandidatePairId) {
          const pair = report.get(s.selectedCandidatePairId);
          const local = pair && report.get(pair.localCandidateId);
          const remote = pair && report.get(pair.remoteCandidateId);
          out.candidates = { local: local ? local.candidateType : null, remote: remote ? remote.candidateType : null };
        }
        if (s.kind !== "video") return;
        const row = { width: s.frameWidth || 0, height: s.frameHeight || 0, fps: s.framesPerSecond || 0,
                      frames: s.framesDecoded || s.framesEncoded || 0 };
        if (s.type === "inbound-rtp") out.inbound = row;
        if (s.type === "outbound-rtp") out.outbound = row;
      });
      return out;
    }
  }

  window.KioskCall = KioskCall;
})();
