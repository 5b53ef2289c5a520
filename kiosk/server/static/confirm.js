// The worker's confirmation page. The code may arrive in the link's fragment (#CODE), which never reaches the
// server; it is copied into the field and removed from the address bar at once. Nothing is stored in the browser.
"use strict";
(function () {
  const t = JSON.parse(document.getElementById("texts").textContent);
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang;
  if (location.hash.length > 1) {
    $("code").value = decodeURIComponent(location.hash.slice(1)).slice(0, 16);
    history.replaceState(null, "", location.pathname + location.search);
  }
  let typed = null;
  // Switching the language keeps a typed code, in the fragment again (never sent to the server).
  document.querySelector("a.lang").addEventListener("click", (event) => {
    const code = $("code").value.trim();
    if (code) event.currentTarget.href = event.currentTarget.getAttribute("href").split("#")[0] + "#" +
      encodeURIComponent(code);
  });

  async function post(path, body) {
    const response = await fetch("/api/v1/collective/" + path, {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    return {status: response.status, data};
  }

  function fail(status) {
    const box = $("lookup-error");
    box.textContent = status === 429 ? t["confirm.too_many"] : (status === 404 || status === 422
      ? t["confirm.not_found"] : t["error.generic"]);
    box.hidden = false;
  }

  function finish(view) {
    $("claim").hidden = true;
    $("lookup").hidden = true;
    const done = $("done");
    done.textContent = view.confirmation === "video_requested" ? t["confirm.video_done"] : t["confirm.done"];
    done.hidden = false;
  }

  $("lookup").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("lookup-error").hidden = true;
    typed = {code: $("code").value.trim(), nik: $("nik").value.trim()};
    const {status, data} = await post("confirmation/lookup", typed);
    if (status !== 200) { fail(status); return; }
    $("c-employer").textContent = data.employer_name;
    $("c-claim").textContent = data.claim_type + " · " + (t["reason." + data.reason] || data.reason);
    $("c-last-day").textContent = new Date(data.last_working_day + "T00:00:00").toLocaleDateString(
      lang === "en" ? "en-GB" : "id-ID", {day: "numeric", month: "long", year: "numeric"});
    $("c-account").textContent = data.bank_name + " " + data.account_masked;
    $("lookup").hidden = true;
    $("claim").hidden = false;
    if (data.confirmation !== "sent") finish(data);
  });

  async function answer(kind) {
    $("yes").disabled = $("video").disabled = true;
    const {status, data} = await post("confirmation", {...typed, answer: kind});
    $("yes").disabled = $("video").disabled = false;
    if (status === 200) { finish(data); return; }
    $("lookup").hidden = false;
    $("claim").hidden = true;
    fail(status);
  }
  $("yes").addEventListener("click", () => answer("confirm"));
  $("video").addEventListener("click", () => answer("video"));
})();
