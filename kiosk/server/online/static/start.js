// Start page: sign in with the booking code and NIK; a browser that still has its web session may continue.
"use strict";
K.ready.then(async () => {
  const form = document.getElementById("signin");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!K.validate(form, ["nik"])) return;
    const r = await K.api("POST", "/sign-in", { code: form.code.value.trim(), nik: K.digits(form.nik.value) });
    if (r.ok) { location.assign("/online/booking"); return; }
    K.say(() => K.errorText(r.body));
  });
  form.nik.addEventListener("blur", () => { if (form.nik.value) K.validate(form, ["nik"]); });
  K.start();
  const me = await K.api("GET", "/booking");
  if (me.ok) document.getElementById("continue").hidden = false;
});
