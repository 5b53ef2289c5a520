// Book: branch, date, slot (free places; a full one says so and offers the next free ones), claim type, NIK,
// KPJ and phone checked as they are typed. Nothing typed is lost on an error: the form is never reset.
"use strict";
K.ready.then(async () => {
  const form = document.getElementById("book");
  const branch = form.branch_code;
  const date = form.date;
  const claim = form.claim_type;
  const picker = K.slotPicker(document.getElementById("slots"), () => { K.fieldError(form, "slot", ""); K.say(""); });
  const empty = document.getElementById("slots-empty");

  function claimNames() {
    const chosen = claim.value;
    claim.textContent = "";
    for (const c of K.data.claim_types) {
      const o = document.createElement("option");
      o.value = c.code;
      o.textContent = c.code + " – " + (K.lang === "en" ? c.name_en : c.name_id);
      claim.appendChild(o);
    }
    if (chosen) claim.value = chosen;
  }
  claimNames();
  document.addEventListener("k-lang", () => { claimNames(); slotsHint(); });

  const branches = await K.api("GET", "/branches");
  for (const b of branches.ok ? branches.body : []) {
    const o = document.createElement("option");
    o.value = b.code;
    o.textContent = b.name;
    branch.appendChild(o);
  }
  date.min = K.today();
  function slotsHint() {
    empty.hidden = !!(date.value && picker.slots.some((s) => s.free > 0));
    empty.dataset.t = date.value ? "slots_none" : "slots_pick";
    empty.textContent = K.t(empty.dataset.t);
  }
  async function reload() {
    document.getElementById("next-free").hidden = true;
    await picker.load(branch.value, date.value);
    slotsHint();
  }
  branch.addEventListener("change", reload);
  date.addEventListener("change", reload);
  for (const name of ["nik", "kpj", "phone"]) {
    form[name].addEventListener("blur", () => { if (form[name].value) K.validate(form, [name]); });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    K.say("");
    let ok = K.validate(form, ["nik", "kpj", "phone"]);
    if (!picker.value) { K.fieldError(form, "slot", K.t("v_slot")); ok = false; }
    if (!ok) { const bad = form.querySelector('[aria-invalid="true"]'); if (bad) bad.focus(); return; }
    const r = await K.api("POST", "/bookings", {
      branch_code: branch.value, date: date.value, slot: picker.value, claim_type: claim.value,
      nik: K.digits(form.nik.value), kpj: K.digits(form.kpj.value), phone: form.phone.value.trim(), language: K.lang,
    });
    if (r.ok) { location.assign("/online/booking"); return; }
    const code = r.body.error || "";
    if (code.startsWith("invalid_") && ["nik", "kpj", "phone"].includes(code.slice(8))) {
      K.validate(form, [code.slice(8)]);
      if (!form.querySelector('[aria-invalid="true"]')) K.fieldError(form, code.slice(8), r.body.message);
      return;
    }
    if (code === "slot_full") {
      await picker.load(branch.value, date.value);
      K.showNextFree(document.getElementById("next-free-list"), r.body.next_free, async (o) => {
        date.value = o.date;
        picker.value = o.slot;
        await reload();
        picker.value = o.slot;
        picker.render();
      });
    }
    K.say(() => K.errorText(r.body));
  });
  K.start();
});
