<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="id_ID">
<context>
    <name>AdminMenu</name>
    <message>
        <source>(kosong)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>(disembunyikan)</source>
        <translation>(hidden)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="370" />
        <source>Menu admin</source>
        <extracomment>The doctor's report arrived (the `kiosk.doctor.Report`).</extracomment>
        <translation>Admin menu</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="371" />
        <source>Periksa booth</source>
        <translation>Check the booth</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="372" />
        <source>Tampilkan konfigurasi</source>
        <translation>Show settings</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="373" />
        <source>Tutup dan kunci</source>
        <translation>Close and lock</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="393" />
        <source>Memeriksa kamera, suara, hub dan disk...</source>
        <translation>Checking camera, sound, hub and disk...</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="412" />
        <source>Sentuh lagi untuk memastikan</source>
        <translation>Touch again to confirm</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="426" />
        <source>Mulai ulang aplikasi</source>
        <translation>Restart the app</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="427" />
        <source>Keluar dari aplikasi</source>
        <translation>Exit the app</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="812" />
        <location filename="../../kiosk/ui/setup/pages.py" line="816" />
        <source>Suara</source>
        <translation>Sound</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="817" />
        <source>Bicaralah ke mikrofon: bilahnya harus bergerak. Tekan Putar nada uji: nadanya harus terdengar dari speaker booth.</source>
        <translation>Speak into the microphone: the bar must move. Press Play test tone: the tone must come from the booth's speaker.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="819" />
        <source>Mikrofon</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="820" />
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="821" />
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="822" />
        <source>Putar nada uji</source>
        <translation>Play test tone</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="823" />
        <source>Cari ulang</source>
        <translation>Search again</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="859" />
        <source>Nada uji (tanpa mikrofon, hanya untuk uji)</source>
        <translation>Test tone (no microphone, for tests only)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="860" />
        <source>Tanpa speaker (hanya untuk uji)</source>
        <translation>No speaker (for tests only)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="872" />
        <source>Alat pactl belum terpasang, jadi suara tidak bisa diperiksa. Pasang paket pulseaudio-utils, lalu tekan Cari ulang.</source>
        <translation>The pactl tool is not installed, so the sound cannot be checked. Install the pulseaudio-utils package, then press Search again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="875" />
        <source>Server suara tidak berjalan (%1). Pasang PipeWire atau PulseAudio untuk pengguna booth.</source>
        <translation>The sound server is not running (%1). Install PipeWire or PulseAudio for the booth user.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="878" />
        <source>Tidak ada mikrofon. Colokkan mikrofon atau webcam bermikrofon, lalu tekan Cari ulang.</source>
        <translation>No microphone. Plug in a microphone or a webcam with one, then press Search again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="881" />
        <source>Tidak ada speaker. Colokkan speaker, lalu tekan Cari ulang.</source>
        <translation>No speaker. Plug in a speaker, then press Search again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="887" />
        <source>Peredam gema: tidak bisa diperiksa tanpa server suara.</source>
        <translation>Echo cancellation: cannot be checked without a sound server.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="890" />
        <source>Peredam gema aktif: petugas tidak akan mendengar suaranya sendiri.</source>
        <translation>Echo cancellation is active: the officer will not hear their own voice.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="894" />
        <source>Peredam gema TIDAK aktif: petugas akan mendengar suaranya sendiri dari speaker booth. Untuk mengaktifkan (PipeWire): salin deploy/pulseaudio/99-echo-cancel.conf ke /etc/pipewire/pipewire.conf.d/ lalu jalankan systemctl --user restart pipewire pipewire-pulse. PulseAudio: salin deploy/pulseaudio/echo-cancel.pa ke /etc/pulse/default.pa.d/. Lalu tekan Cari ulang.</source>
        <translation>Echo cancellation is NOT active: the officer will hear their own voice from the booth's speaker. To turn it on (PipeWire): copy deploy/pulseaudio/99-echo-cancel.conf to /etc/pipewire/pipewire.conf.d/ and run systemctl --user restart pipewire pipewire-pulse. PulseAudio: copy deploy/pulseaudio/echo-cancel.pa to /etc/pulse/default.pa.d/. Then press Search again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="914" />
        <location filename="../../kiosk/ui/setup/pages.py" line="931" />
        <source>Mikrofon ini tidak bisa dibuka. Pilih yang lain.</source>
        <translation>This microphone cannot be opened. Choose another one.</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="597" />
        <location filename="../../kiosk/ui/setup/pages.py" line="601" />
        <location filename="../../kiosk/ui/setup/pages.py" line="603" />
        <source>Kamera</source>
        <extracomment>Measured once a second: (width, height, fps, brightness 0..255).</extracomment>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="602" />
        <source>Pilih kamera booth. Gambarnya tampil di sini seperti yang akan dilihat petugas.</source>
        <translation>Choose the booth's camera. Its picture shows here as the officer will see it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="604" />
        <source>Resolusi</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="605" />
        <source>Cari ulang</source>
        <translation>Search again</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="607" />
        <source>Petunjuk: pasang kamera setinggi mata peserta yang duduk, tepat di atas layar. Wajah harus terang dari depan; jangan ada jendela atau lampu terang di belakang peserta. Seluruh kepala dan bahu masuk gambar, dengan sedikit ruang di atas kepala.</source>
        <translation>Hints: mount the camera at the eye level of a seated participant, right above the screen. The face must be lit from the front; no window or bright lamp behind the participant. The whole head and the shoulders in the picture, with a little room above the head.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="614" />
        <location filename="../../kiosk/ui/setup/pages.py" line="632" />
        <source>Kamera uji (gambar buatan)</source>
        <translation>Test camera (generated picture)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="642" />
        <source>Tidak ada kamera. Colokkan kamera USB, tunggu sebentar, lalu tekan Cari ulang.</source>
        <translation>No camera. Plug in a USB camera, wait a moment, then press Search again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="677" />
        <source>Kamera ini tidak bisa dibuka. Pilih kamera lain.</source>
        <translation>This camera cannot be opened. Choose another camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="680" />
        <source>Membuka kamera...</source>
        <translation>Opening the camera...</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="715" />
        <source>Kamera ini tidak memberi gambar. Periksa kabelnya, atau pilih kamera lain.</source>
        <translation>This camera gives no picture. Check its cable, or choose another camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="728" />
        <source>Diterima: %1 × %2 @ %3 fps (diminta %4 × %5 @ %6)</source>
        <translation>Delivered: %1 × %2 @ %3 fps (asked %4 × %5 @ %6)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="733" />
        <source>Gambar terlalu gelap: tambah lampu di depan peserta.</source>
        <translation>The picture is too dark: add light in front of the participant.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="735" />
        <source>Gambar terlalu terang: kurangi cahaya langsung ke kamera.</source>
        <translation>The picture is too bright: reduce the light shining into the camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="737" />
        <source>Cahaya cukup.</source>
        <translation>Enough light.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="740" />
        <source>Kamera tidak mendukung resolusi ini; pilih resolusi lain.</source>
        <translation>The camera does not do this resolution; choose another one.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="742" />
        <source>Laju gambar rendah; ruangan mungkin terlalu gelap, atau pilih fps lebih rendah.</source>
        <translation>Low frame rate; the room may be too dark, or choose a lower fps.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="746" />
        <source>Kamera bekerja.</source>
        <translation>The camera works.</translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="363" />
        <source>Pendaftaran</source>
        <extracomment>The QR scanner read a code (tests wait for it).</extracomment>
        <translation>Enrollment</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="367" />
        <source>Daftarkan booth ini</source>
        <translation>Enroll this booth</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="369" />
        <source>Minta kode pendaftaran sekali pakai ke admin hub (kiosk server enroll-booth). Ketik kodenya, atau tunjukkan QR-nya ke kamera.</source>
        <translation>Ask the hub admin for a one-time enrollment code (kiosk server enroll-booth). Type the code, or show its QR to the camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="372" />
        <source>Kode pendaftaran</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="373" />
        <source>Daftarkan</source>
        <translation>Enroll</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="374" />
        <source>Berhenti memindai</source>
        <translation>Stop scanning</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="374" />
        <source>Pindai QR</source>
        <translation>Scan QR</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="394" />
        <source>Mendaftarkan booth...</source>
        <translation>Enrolling the booth...</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="411" />
        <source>Booth terdaftar, tetapi token tidak bisa disimpan di %1: %2</source>
        <translation>The booth is enrolled, but the token cannot be saved in %1: %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="426" />
        <source>Hub mengenal PC ini sebagai &lt;b&gt;Booth %1&lt;/b&gt;&lt;br&gt;Cabang %2 (%3)</source>
        <translation>The hub knows this PC as &lt;b&gt;Booth %1&lt;/b&gt;&lt;br&gt;Branch %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="432" />
        <source>Booth terdaftar. Token perangkat tersimpan di %1.</source>
        <translation>Booth enrolled. The device token is saved in %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="436" />
        <source>Kode terdiri dari 8 huruf dan angka, seperti K7QM-2XPA. Periksa ketikan.</source>
        <translation>A code has 8 letters and digits, like K7QM-2XPA. Check what you typed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="437" />
        <source>Hub tidak mengenal kode ini. Periksa ketikan, atau minta kode baru.</source>
        <translation>The hub does not know this code. Check what you typed, or ask for a new code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="438" />
        <source>Kode ini sudah dipakai. Minta kode baru ke admin hub.</source>
        <translation>This code was already used. Ask the hub admin for a new one.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="439" />
        <source>Kode ini sudah kedaluwarsa. Minta kode baru ke admin hub.</source>
        <translation>This code has expired. Ask the hub admin for a new one.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/setup/pages.py" line="440" />
        <source>Terlalu banyak kode salah. Tunggu %n detik lalu coba lagi.</source>
        <translation><numerusform>Too many wrong codes. Wait %n second and try again.</numerusform><numerusform>Too many wrong codes. Wait %n seconds and try again.</numerusform></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="442" />
        <source>Hub tidak terjangkau. Periksa jaringan lalu coba lagi.</source>
        <translation>The hub cannot be reached. Check the network and try again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="443" />
        <source>Pendaftaran gagal: %1</source>
        <translation>Enrollment failed: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="465" />
        <source>Kamera tidak bisa dibuka. Ketik kodenya.</source>
        <translation>The camera cannot be opened. Type the code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="471" />
        <source>Tunjukkan QR kode pendaftaran ke kamera.</source>
        <translation>Show the enrollment code's QR to the camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="493" />
        <source>Kamera tidak memberi gambar. Ketik kodenya.</source>
        <translation>The camera gives no picture. Type the code.</translation>
    </message>
</context>
<context>
    <name>HubPage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="218" />
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="222" />
        <source>Hub cabang</source>
        <translation>Branch hub</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="223" />
        <source>Alamat hub cabang, seperti yang diberikan admin TI. Tekan Uji koneksi.</source>
        <translation>The branch hub's address, as the IT admin gave it. Press Test connection.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="224" />
        <source>Alamat hub</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="225" />
        <source>Menguji...</source>
        <translation>Testing...</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="225" />
        <source>Uji koneksi</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="245" />
        <source>Menghubungi hub...</source>
        <translation>Contacting the hub...</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="269" />
        <source>TLS aktif (%1), sertifikat dipercaya.</source>
        <translation>TLS active (%1), certificate trusted.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="271" />
        <source>Tanpa TLS: hanya untuk hub di PC ini atau jaringan uji.</source>
        <translation>No TLS: only for a hub on this PC or a test network.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="272" />
        <source>Hub versi %1.</source>
        <translation>Hub version %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="273" />
        <source>Koneksi berhasil.</source>
        <translation>Connected.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="277" />
        <source>Alamat ini tidak bisa dipakai. Tulis seperti https://hub.cabang.local:8600</source>
        <translation>This address cannot be used. Write it like https://hub.branch.local:8600</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="279" />
        <source>Hub tidak terjangkau. Periksa kabel jaringan dan alamatnya, dan pastikan hub menyala.</source>
        <translation>The hub cannot be reached. Check the network cable and the address, and make sure the hub is on.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="282" />
        <source>Sertifikat hub tidak dipercaya PC ini. Pasang sertifikat CA cabang (lihat panduan pemasangan).</source>
        <translation>This PC does not trust the hub's certificate. Install the branch CA certificate (see the deployment guide).</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="284" />
        <source>Alamat ini menjawab, tetapi bukan hub kiosk. Periksa alamat dan port.</source>
        <translation>This address answers, but it is not a kiosk hub. Check the address and the port.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="285" />
        <source>Hub menjawab tetapi basis datanya bermasalah. Hubungi admin hub.</source>
        <translation>The hub answers but its database has a problem. Call the hub admin.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="174" />
        <source>Bahasa</source>
        <extracomment>The page's "may go on" changed.</extracomment>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="178" />
        <source>Selamat datang</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="180" />
        <source>Wizard ini menyiapkan PC booth dalam beberapa menit: hub cabang, pendaftaran booth, kamera, suara dan PIN admin. Pilih bahasa.</source>
        <translation>This wizard sets the booth PC up in a few minutes: branch hub, booth enrollment, camera, sound and admin PIN. Choose a language.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="232" />
        <source>Masukkan PIN admin</source>
        <extracomment>Exit code after the admin chose "restart": the service manager (or `_reexec`) starts the booth again. Exit code after the admin chose "exit": deploy/systemd/kiosk-booth.service does not restart on it. Taps in the corner, the time they must fall into, and the corner's size in pixels. The admin menu locks itself after this long without a touch. The right PIN was entered. The admin cancelled.</extracomment>
        <translation>Enter the admin PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="233" />
        <source>Masuk</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="234" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="253" />
        <source>PIN admin belum diatur. Jalankan kiosk setup di PC ini.</source>
        <translation>No admin PIN is set. Run kiosk setup on this PC.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/lockdown.py" line="266" />
        <source>PIN salah.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/lockdown.py" line="280" />
        <source>Terlalu banyak PIN salah. Coba lagi dalam %n detik.</source>
        <translation>
            <numerusform>Too many wrong PINs. Try again in %n second.</numerusform><numerusform>Too many wrong PINs. Try again in %n seconds.</numerusform></translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="981" />
        <location filename="../../kiosk/ui/setup/pages.py" line="985" />
        <source>PIN admin</source>
        <translation>Admin PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="987" />
        <source>PIN ini membuka menu admin di booth (ketuk pojok kiri atas lima kali). Minimal 6 angka, bukan urutan seperti 123456. Simpan PIN ini di tempat aman.</source>
        <translation>This PIN opens the admin menu on the booth (tap the top-left corner five times). At least 6 digits, not a run like 123456. Keep the PIN somewhere safe.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="990" />
        <source>PIN baru</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="991" />
        <source>Ulangi PIN</source>
        <translation>Repeat the PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1012" />
        <source>PIN bisa dipakai.</source>
        <translation>The PIN can be used.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1014" />
        <source>Kedua PIN tidak sama.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1016" />
        <source>PIN ini terlalu mudah ditebak.</source>
        <translation>This PIN is too easy to guess.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1018" />
        <source>PIN hanya berisi angka.</source>
        <translation>A PIN has digits only.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1020" />
        <source>Minimal 6 angka.</source>
        <translation>At least 6 digits.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="205" />
        <source>Konfigurasi tidak bisa disimpan di %1: %2</source>
        <extracomment>The settings file was written; carries the settings as read back from it. The admin closed the wizard without saving.</extracomment>
        <translation>The settings cannot be saved in %1: %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="210" />
        <source>Tersimpan. Booth siap dipakai.</source>
        <translation>Saved. The booth is ready.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="218" />
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="218" />
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="219" />
        <source>Langkah %1 dari %2</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="231" />
        <location filename="../../kiosk/ui/setup/wizard.py" line="232" />
        <source>Penyiapan booth</source>
        <translation>Booth setup</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/wizard.py" line="233" />
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1068" />
        <location filename="../../kiosk/ui/setup/pages.py" line="1078" />
        <source>Ringkasan</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1079" />
        <source>Periksa sekali lagi, lalu tekan Simpan. Konfigurasi ditulis ke %1.</source>
        <translation>Check once more, then press Save. The settings are written to %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1085" />
        <source>TLS aktif</source>
        <translation>TLS active</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1085" />
        <source>tanpa TLS</source>
        <translation>no TLS</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1086" />
        <source>versi %1, %2</source>
        <translation>version %1, %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1089" />
        <source>Booth %1, cabang %2 (%3)</source>
        <translation>Booth %1, branch %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1094" />
        <source>(diterima %1)</source>
        <translation>(delivered %1)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1098" />
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1098" />
        <source>tidak aktif</source>
        <translation>not active</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1100" />
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1101" />
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1102" />
        <source>Booth</source>
        <translation>Booth</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1103" />
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1104" />
        <source>Mikrofon</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1105" />
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1106" />
        <source>Peredam gema</source>
        <translation>Echo cancellation</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1107" />
        <source>PIN admin</source>
        <translation>Admin PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1107" />
        <source>diatur (disimpan sebagai hash)</source>
        <translation>set (stored as a hash)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1108" />
        <source>Token perangkat</source>
        <translation>Device token</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/setup/pages.py" line="1109" />
        <source>Konfigurasi</source>
        <translation>Settings file</translation>
    </message>
</context>
</TS>