// The booking: code, QR, calendar file, status ("documents 3 of 4; your call is at 10:20"), prepare and join
// when their time has come, move, cancel, sign out.
"use strict";
K.ready.then(async () => {
  let booking = null;
  const moveForm = document.getElementById("move");
  const picker = K.slotPicker(document.getElementById("slots"), () => K.fieldError(moveForm, "slot", ""));

  function render() {
    if (!booking) return;
    const b = booking;
    document.getElementById("summary").hidden = false;
    document.getElementById("actions").hidden = false;
    document.getElementById("b-code").textContent = b.code;
    const qr = document.getElementById("b-qr");
    if (!qr.src) qr.src = "/api/v1/online/booking/qr.svg";
    qr.alt = K.t("your_code") + " " + b.code;
    document.getElementById("b-when").textContent = K.t("when", { date: K.dateWords(b.date), slot: b.slot });
    document.getElementById("b-branch").textContent = b.branch.name;
    document.getElementById("b-status").textContent = K.statusLine(b);
    const live = b.status !== "cancelled";
    document.getElementById("go-prepare").hidden = !b.can_prepare;
    const prepLater = document.getElementById("prepare-later");
    prepLater.hidden = b.can_prepare || !live || Date.parse(b.prepare_opens_at) < Date.now();
    prepLater.textContent = K.t("prepare_later", { when: K.moment(b.prepare_opens_at) });
    document.getElementById("go-join").hidden = !b.can_join;
    const joinLater = document.getElementById("join-later");
    joinLater.hidden = b.can_join || !live || Date.parse(b.join_opens_at) < Date.now();
    joinLater.textContent = K.t("join_later", { when: K.moment(b.join_opens_at) });
    for (const id of ["move-open", "cancel", "calendar"]) document.getElementById(id).hidden = !live;
  }
  document.addEventListener("k-lang", render);

  async function load() {
    const r = await K.api("GET", "/booking");
    if (r.status === 401) { location.assign("/online/"); return; }
    if (!r.ok) { K.say(() => K.errorText(r.body)); return; }
    booking = r.body;
    render();
  }
  await load();
  setInterval(load, 30000); // the join button appears when its window opens

  document.getElementById("move-open").addEventListener("click", async () => {
    moveForm.hidden = !moveForm.hidden;
    moveForm.date.min = K.today();
    if (!moveForm.date.value && booking) moveForm.date.value = booking.date;
    await picker.load(booking && booking.branch.code, moveForm.date.value);
  });
  moveForm.date.addEventListener("change", () => picker.load(booking.branch.code, moveForm.date.value));
  moveForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!picker.value) { K.fieldError(moveForm, "slot", K.t("v_slot")); return; }
    const r = await K.api("PATCH", "/booking", { date: moveForm.date.value, slot: picker.value });
    if (r.ok) { booking = r.body; moveForm.hidden = true; render(); K.say(""); return; }
    if (r.body.error === "slot_full") {
      K.showNextFree(document.getElementById("next-free-list"), r.body.next_free, async (o) => {
        moveForm.date.value = o.date;
        picker.value = o.slot;
        await picker.load(booking.branch.code, o.date);
      });
    }
    K.say(() => K.errorText(r.body));
  });
  document.getElementById("cancel").addEventListener("click", async () => {
    if (!window.confirm(K.t("cancel_confirm"))) return;
    const r = await K.api("DELETE", "/booking");
    if (r.ok) { location.assign("/online/"); return; }
    K.say(() => K.errorText(r.body));
  });
  document.getElementById("signout").addEventListener("click", async () => {
    await K.api("POST", "/sign-out");
    location.assign("/online/");
  });
  K.start();
});
