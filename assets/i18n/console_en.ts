<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
  <context>
    <name>BoothGrid</name>
    <message>
      <location filename="../work/main/kiosk/ui/console/grid.py" line="131" />
      <source>Istirahat: tidak ada bilik baru yang masuk.
Tekan Ctrl+Shift+B untuk lanjut.</source>
      <extracomment>The officer picked a tile.</extracomment>
      <translation>On a break: no new booths come in.
Press Ctrl+Shift+B to continue.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/grid.py" line="134" />
      <source>Belum ada bilik. Bilik baru akan muncul di sini saat peserta siap.</source>
      <translation>No booths yet. New booths appear here when participants are ready.</translation>
    </message>
  </context>
  <context>
    <name>BoothTile</name>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="210" />
      <source>Tekan %1 untuk fokus ke bilik ini</source>
      <extracomment>Most urgent first: the border shows the first one raised. The officer clicked the tile: focus this session.</extracomment>
      <translation>Press %1 to focus this booth</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="211" />
      <source>Bilik %1</source>
      <translation>Booth %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="184" />
      <source>Online</source>
      <extracomment>The participant joins from home in a browser (no booth).</extracomment>
      <translation>Online</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="212" />
      <source>(nama belum ada)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="221" />
      <source>Dokumen %1/%2</source>
      <translation>Documents %1/%2</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="236" />
      <source>Menunggu video…</source>
      <translation>Waiting for video…</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="236" />
      <source>Menghubungkan ke bilik…</source>
      <translation>Connecting to the booth…</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="247" />
      <source>Terlama menunggu %1</source>
      <translation>Waiting longest %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="252" />
      <source>● REK</source>
      <translation>● REC</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="253" />
      <source>↑ Unggah rekaman</source>
      <translation>↑ Uploading recording</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="254" />
      <source>✓ Rekaman</source>
      <translation>✓ Recording</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="255" />
      <source>✗ Rekaman gagal</source>
      <translation>✗ Recording failed</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="264" />
      <source>Klaim menunggu kirim</source>
      <translation>Claim waiting to send</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="265" />
      <source>Terkirim %1</source>
      <translation>Sent %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="266" />
      <source>Klaim ditolak server</source>
      <translation>Claim refused by server</translation>
    </message>
    <message>
      <source>Menunggu %1</source>
      <translation>Waiting %1</translation>
    </message>
  </context>
  <context>
    <name>ConsoleTexts</name>
    <message>
      <source>Tidak punya dokumen</source>
      <translation>Does not have a document</translation>
    </message>
    <message>
      <source>Tidak bisa mendengar</source>
      <translation>Cannot hear</translation>
    </message>
    <message>
      <source>Ada gangguan di bilik</source>
      <translation>A fault at the booth</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="295" />
      <source>Baru masuk</source>
      <translation>Just checked in</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="296" />
      <source>Layanan mandiri</source>
      <translation>Self-service</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="297" />
      <source>Menunggu petugas</source>
      <translation>Waiting for officer</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="298" />
      <source>Dalam panggilan</source>
      <translation>In call</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="299" />
      <source>Verifikasi</source>
      <translation>Verifying</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="300" />
      <source>Disetujui</source>
      <translation>Approved</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="301" />
      <source>Terkirim</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="302" />
      <source>Ditolak</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="303" />
      <source>Ditinggalkan</source>
      <translation>Abandoned</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="304" />
      <source>Dibatalkan</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="312" />
      <source>Siap diverifikasi</source>
      <translation>Ready for verification</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="313" />
      <source>Minta bantuan</source>
      <translation>Asks for help</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="314" />
      <source>Masalah kualitas</source>
      <translation>Quality problem</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="322" />
      <source>Jaringan baik</source>
      <translation>Network good</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="323" />
      <source>Jaringan sedang</source>
      <translation>Network fair</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="324" />
      <source>Jaringan buruk</source>
      <translation>Network poor</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/tile.py" line="325" />
      <source>Jaringan belum diketahui</source>
      <translation>Network not known yet</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="649" />
      <source>Nama</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="650" />
      <source>NIK</source>
      <translation>NIK</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="651" />
      <source>Nomor KPJ</source>
      <translation>KPJ number</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="652" />
      <source>Tanggal lahir</source>
      <translation>Date of birth</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="653" />
      <source>Perusahaan terakhir</source>
      <translation>Last employer</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="654" />
      <source>Mulai kepesertaan</source>
      <translation>Member since</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="655" />
      <source>Saldo JHT</source>
      <translation>JHT balance</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="656" />
      <source>Status kepesertaan</source>
      <translation>Membership status</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="657" />
      <source>NPWP</source>
      <translation>NPWP</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="658" />
      <source>Hari terakhir bekerja</source>
      <translation>Last working day</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="666" />
      <source>aktif (masih bekerja)</source>
      <translation>active (still employed)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="667" />
      <source>tidak aktif (berhenti bekerja)</source>
      <translation>inactive (no longer employed)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="668" />
      <source>ditutup (saldo sudah dicairkan)</source>
      <translation>closed (balance paid out)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="676" />
      <source>Di perusahaan mana Anda terakhir bekerja?</source>
      <translation>Which company did you last work for?</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="677" />
      <source>Tahun berapa Anda mulai menjadi peserta?</source>
      <translation>In which year did you become a member?</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="678" />
      <source>Tanggal dan bulan berapa Anda lahir?</source>
      <translation>On which day and month were you born?</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="679" />
      <source>Sebutkan empat angka terakhir nomor KPJ Anda.</source>
      <translation>Tell me the last four digits of your KPJ number.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="680" />
      <source>Tahun berapa Anda lahir?</source>
      <translation>In which year were you born?</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="681" />
      <source>Kira-kira berapa tahun Anda membayar iuran?</source>
      <translation>For about how many years did you pay contributions?</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="684" />
      <source>Sebutkan empat angka terakhir NPWP Anda.</source>
      <translation>Tell me the last four digits of your NPWP.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="692" />
      <source>Identitas tidak cocok</source>
      <translation>Identity does not match</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="693" />
      <source>Dokumen tidak sah atau rusak</source>
      <translation>Document invalid or damaged</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="694" />
      <source>Dokumen tidak lengkap</source>
      <translation>Documents incomplete</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="695" />
      <source>Tidak memenuhi syarat</source>
      <translation>Not eligible</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="696" />
      <source>Peserta didikte orang lain</source>
      <translation>Participant prompted by someone else</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="697" />
      <source>Gambar atau suara terlalu buruk</source>
      <translation>Picture or sound too poor</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="698" />
      <source>Peserta membatalkan</source>
      <translation>Participant withdrew</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="699" />
      <source>Lainnya (lihat catatan)</source>
      <translation>Other (see note)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="707" />
      <source>Terverifikasi</source>
      <translation>Verified</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="708" />
      <source>Terverifikasi, dengan catatan</source>
      <translation>Verified, with a note</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="716" />
      <source>data registri belum ada</source>
      <translation>no registry data</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="717" />
      <source>jenis dan alasan klaim belum dipilih</source>
      <translation>claim type and reason not chosen</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="718" />
      <source>ada aturan yang belum terpenuhi</source>
      <translation>a rule is not met</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="719" />
      <source>belum semua dokumen dicentang</source>
      <translation>not every document is ticked</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="720" />
      <source>kepesertaan sudah ditutup</source>
      <translation>membership is closed</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="744" />
      <source>Klaim tersimpan di antrean kirim dan akan terkirim otomatis. %1</source>
      <translation>The claim is saved in the send queue and will be sent automatically. %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="748" />
      <source>Klaim terkirim. Nomor referensi: %1</source>
      <translation>Claim submitted. Reference: %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="752" />
      <source>Klaim ditolak server: %1</source>
      <translation>Claim refused by the server: %1</translation>
    </message>
    <message>
      <source>Sambungan terputus · %1</source>
      <translation>Connection interrupted · %1</translation>
    </message>
    <message>
      <source>Tajam</source>
      <translation>Sharp</translation>
    </message>
    <message>
      <source>Cukup tajam</source>
      <translation>Sharp enough</translation>
    </message>
    <message>
      <source>Buram: minta peserta menahan dokumen diam</source>
      <translation>Blurry: ask them to hold the document still</translation>
    </message>
    <message>
      <source>hampir tanpa silau</source>
      <translation>little glare</translation>
    </message>
    <message>
      <source>sedikit silau</source>
      <translation>some glare</translation>
    </message>
    <message>
      <source>silau: minta peserta memiringkan dokumen</source>
      <translation>glare: ask them to tilt the document</translation>
    </message>
    <message>
      <source>terlalu gelap: minta peserta mendekat ke lampu</source>
      <translation>too dark: ask them to move nearer the light</translation>
    </message>
    <message>
      <source>terlalu terang: minta peserta menjauh dari lampu</source>
      <translation>too bright: ask them to move away from the light</translation>
    </message>
  </context>
  <context>
    <name>ConsoleWindow</name>
    <message>
      <location filename="../work/main/kiosk/ui/console/focus_view.py" line="100" />
      <source>Online</source>
      <extracomment>The participant joins from home in a browser (no booth).</extracomment>
      <translation>Online</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/focus_view.py" line="138" />
      <source>%1 menunggu: %2 · %3 · tekan %4</source>
      <extracomment>%1 names the participant end: Bilik 3 or Online.</extracomment>
      <translation>%1 is waiting: %2 · %3 · press %4</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="386" />
      <source>Bilik %1</source>
      <translation>Booth %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="410" />
      <source>Bilik %1 menunggu: %2 · %3 · tekan %4</source>
      <translation>Booth %1 is waiting: %2 · %3 · press %4</translation>
    </message>
    <message numerus="yes">
      <location filename="../work/main/kiosk/ui/console/window.py" line="414" />
      <source>(+%n bilik lain)</source>
      <translation>
        <numerusform>(+%n more booth)</numerusform>
        <numerusform>(+%n more booths)</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="428" />
      <location filename="../work/main/kiosk/ui/console/window.py" line="429" />
      <source>Konsol CSO</source>
      <translation>CSO console</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="430" />
      <source>← Semua bilik (Esc)</source>
      <translation>← All booths (Esc)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="431" />
      <source>Bilik sekaligus</source>
      <translation>Booths at once</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="434" />
      <source>1–9 fokus bilik · Esc semua bilik · F2–F4 tab · F5 foto dokumen · F6 pesan · F7 mandiri · F8 tanda tangan · F9 setujui · F10 tolak · F11 foto wajah · Ctrl+Enter kirim · Ctrl+M suara · Ctrl+Shift+B istirahat</source>
      <translation>1–9 focus booth · Esc all booths · F2–F4 tabs · F5 document photo · F6 message · F7 self-service · F8 signature · F9 approve · F10 reject · F11 face photo · Ctrl+Enter submit · Ctrl+M sound · Ctrl+Shift+B break</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="445" />
      <source>Antrean cabang: %1</source>
      <translation>Branch queue: %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="446" />
      <source>Klaim belum terkirim: %1</source>
      <translation>Claims not yet sent: %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="448" />
      <source>Hub terhubung</source>
      <translation>Hub connected</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="448" />
      <source>Hub terputus</source>
      <translation>Hub disconnected</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="453" />
      <source>Ditangani %1 · Terkirim %2 · Rata-rata %3 · Sejak istirahat %4</source>
      <translation>Handled %1 · Submitted %2 · Average %3 · Since break %4</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="457" />
      <source>sedang istirahat</source>
      <translation>on a break</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="462" />
      <source>Lanjut bekerja</source>
      <translation>Back to work</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="462" />
      <source>Istirahat</source>
      <translation>Break</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="463" />
      <source>Berhenti menerima bilik baru (Ctrl+Shift+B)</source>
      <translation>Stop taking new booths (Ctrl+Shift+B)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="465" />
      <source>Suara mati</source>
      <translation>Sound off</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="465" />
      <source>Suara hidup</source>
      <translation>Sound on</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/window.py" line="466" />
      <source>Bunyi saat bilik minta perhatian (Ctrl+M)</source>
      <translation>Chime when a booth needs attention (Ctrl+M)</translation>
    </message>
    <message numerus="yes">
      <source>⚠ %n wajah di bilik</source>
      <translation>
        <numerusform>⚠ %n face in the booth</numerusform>
        <numerusform>⚠ %n faces in the booth</numerusform>
      </translation>
    </message>
    <message>
      <source>⚠ Data dokumen berbeda</source>
      <translation>⚠ Document data differs</translation>
    </message>
    <message>
      <source>⚠ Periksa wajah</source>
      <translation>⚠ Check the face</translation>
    </message>
    <message>
      <source>Antrean kolektif</source>
      <translation>Collective queue</translation>
    </message>
    <message>
      <source>Pengajuan kolektif pemberi kerja: setujui dan kirim per baris</source>
      <translation>Employers' collective filings: approve and submit row by row</translation>
    </message>
  </context>
  <context>
    <name>LoginPage</name>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="83" />
      <source>Konsol Petugas (CSO)</source>
      <translation>Officer console (CSO)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="84" />
      <source>Hub cabang: %1</source>
      <translation>Branch hub: %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="85" />
      <source>Nama pengguna</source>
      <translation>User name</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="86" />
      <source>Kata sandi</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="87" />
      <source>Bilik sekaligus</source>
      <translation>Booths at once</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="88" />
      <source>Berapa bilik yang Anda layani bersamaan; bisa diubah kapan saja.</source>
      <translation>How many booths you serve at once; you can change it at any time.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="89" />
      <location filename="../work/main/kiosk/ui/console/login.py" line="96" />
      <source>Masuk</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="96" />
      <source>Menghubungi hub…</source>
      <translation>Contacting the hub…</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="103" />
      <source>Nama pengguna atau kata sandi salah. Periksa Caps Lock lalu coba lagi.</source>
      <translation>Wrong user name or password. Check Caps Lock and try again.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="105" />
      <source>Akun ini dikunci. Hubungi admin cabang untuk membukanya.</source>
      <translation>This account is locked. Ask the branch admin to unlock it.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="107" />
      <source>Terlalu banyak percobaan masuk. Tunggu sebentar (%1) lalu coba lagi.</source>
      <translation>Too many sign-in attempts. Wait a moment (%1) and try again.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="108" />
      <source>1 menit</source>
      <translation>1 minute</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="110" />
      <source>Hub cabang tidak dapat dihubungi (%1). Periksa jaringan atau hubungi TI cabang.</source>
      <translation>The branch hub cannot be reached (%1). Check the network or call branch IT.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="112" />
      <source>Akun ini bukan akun petugas CSO.</source>
      <translation>This is not a CSO account.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/login.py" line="113" />
      <source>Gagal masuk: %1</source>
      <translation>Sign-in failed: %1</translation>
    </message>
  </context>
  <context>
    <name>VideoView</name>
    <message>
      <location filename="../work/main/kiosk/ui/widgets/video_view.py" line="102" />
      <source>Menunggu video…</source>
      <extracomment>True when the stream stopped delivering new frames, False when frames flow again. Emitted once per new frame shown (cheap; tests and the tile's "live" mark use it). The left mouse button was released over the picture (tiles use it for click-to-focus).</extracomment>
      <translation>Waiting for video…</translation>
    </message>
    <message>
      <source>Gambar beku · %1</source>
      <translation>Frozen · %1</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="332" />
      <source>Data peserta (F2)</source>
      <translation>Participant data (F2)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="333" />
      <source>Dokumen (F3)</source>
      <translation>Documents (F3)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="334" />
      <source>Aturan &amp;&amp; keputusan (F4)</source>
      <translation>Rules &amp;&amp; decision (F4)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="335" />
      <source>Data</source>
      <translation>Field</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="335" />
      <source>Registri</source>
      <translation>Registry</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="335" />
      <source>Isian peserta</source>
      <translation>Participant's entry</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="336" />
      <source>Pertanyaan verifikasi (jawaban menurut registri)</source>
      <translation>Verification questions (answers per the registry)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="337" />
      <source>Daftar dokumen: centang yang sudah Anda periksa</source>
      <translation>Documents: tick those you have checked</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="338" />
      <source>Pilih dokumen lalu tekan F5 untuk meminta foto ulang.</source>
      <translation>Select a document and press F5 to ask for a new photo.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="339" />
      <source>Perbesar +</source>
      <translation>Zoom in +</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="340" />
      <source>Perkecil −</source>
      <translation>Zoom out −</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="341" />
      <source>Putar ⟳</source>
      <translation>Rotate ⟳</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="342" />
      <source>Wajah: foto e-KTP dan wajah saat ini</source>
      <translation>Face: e-KTP photo and the face now</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="343" />
      <source>Foto e-KTP</source>
      <translation>e-KTP photo</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="344" />
      <source>Wajah saat ini</source>
      <translation>Face now</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="345" />
      <source>Ambil foto wajah (F11)</source>
      <translation>Take face photo (F11)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="346" />
      <source>Hasil pemeriksaan aturan</source>
      <translation>Rule results</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="347" />
      <source>Alasan</source>
      <translation>Reason</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="349" />
      <source>Catatan untuk berkas (opsional saat disetujui)</source>
      <translation>Note for the file (optional when approving)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="350" />
      <source>Setujui (F9)</source>
      <translation>Approve (F9)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="351" />
      <source>Tolak (F10)</source>
      <translation>Reject (F10)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="352" />
      <source>Foto dokumen (F5)</source>
      <translation>Document photo (F5)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="353" />
      <source>Pesan untuk peserta, tampil besar di layar bilik (F6)</source>
      <translation>Message for the participant, shown large on the booth's screen (F6)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="354" />
      <source>Kirim pesan</source>
      <translation>Send message</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="355" />
      <source>Kembali ke mandiri (F7)</source>
      <translation>Back to self-service (F7)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="356" />
      <source>Minta tanda tangan (F8)</source>
      <translation>Request signature (F8)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="357" />
      <source>Kirim klaim (Ctrl+Enter)</source>
      <translation>Submit claim (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="365" />
      <source>— pilih alasan penolakan —</source>
      <translation>— choose a reason for rejection —</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="430" />
      <source>Data registri belum tersedia.</source>
      <translation>Registry data not available yet.</translation>
    </message>
    <message numerus="yes">
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="433" />
      <source>%n data tidak cocok dengan registri: tanyakan ke peserta.</source>
      <translation>
        <numerusform>%n entry differs from the registry: ask the participant.</numerusform>
        <numerusform>%n entries differ from the registry: ask the participant.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="436" />
      <source>Semua isian peserta cocok dengan registri.</source>
      <translation>All of the participant's entries match the registry.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="456" />
      <source>Benar</source>
      <translation>Right</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="457" />
      <source>Salah</source>
      <translation>Wrong</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="474" />
      <source>ada foto</source>
      <translation>photo taken</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="474" />
      <source>belum ada foto</source>
      <translation>no photo yet</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="492" />
      <source>Belum ada foto e-KTP</source>
      <translation>No e-KTP photo yet</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="496" />
      <source>Tekan F11 untuk mengambil foto wajah</source>
      <translation>Press F11 to take a face photo</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="502" />
      <source>Aturan belum dapat diperiksa: klaim atau data registri belum lengkap.</source>
      <translation>Rules cannot be checked yet: claim or registry data incomplete.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="514" />
      <source>Semua aturan terpenuhi.</source>
      <translation>All rules are met.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="515" />
      <source>✓ Memenuhi syarat menurut aturan</source>
      <translation>✓ Eligible under the rules</translation>
    </message>
    <message numerus="yes">
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="518" />
      <source>✗ %n hambatan: lihat Aturan &amp; keputusan (F4)</source>
      <translation>
        <numerusform>✗ %n obstacle: see Rules &amp; decision (F4)</numerusform>
        <numerusform>✗ %n obstacles: see Rules &amp; decision (F4)</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="529" />
      <source>Belum bisa disetujui:</source>
      <translation>Cannot be approved yet:</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="535" />
      <source>Disetujui</source>
      <translation>Approved</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="535" />
      <source>Ditolak</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="552" />
      <source>Minta tanda tangan peserta dulu (F8).</source>
      <translation>Request the participant's signature first (F8).</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/workspace.py" line="627" />
      <source>Belum ada foto dokumen ini (F5)</source>
      <translation>No photo of this document yet (F5)</translation>
    </message>
    <message>
      <source>Catatan (hanya untuk berkas)</source>
      <translation>Note (for the file only)</translation>
    </message>
    <message>
      <source>Catatan hanya disimpan di berkas; peserta tidak melihatnya.</source>
      <translation>The note is kept in the file only; the participant does not see it.</translation>
    </message>
    <message>
      <source>Peserta membaca alasan yang Anda pilih; catatan tidak ditampilkan kepadanya.</source>
      <translation>The participant reads the reason you pick; the note is not shown to them.</translation>
    </message>
    <message>
      <source>Di layar bilik: “%1”</source>
      <translation>On the booth screen: “%1”</translation>
    </message>
    <message>
      <source>e-KTP (foto tidak ditemukan)</source>
      <translation>e-KTP (photo not found)</translation>
    </message>
    <message>
      <source>Pesan siap pakai…</source>
      <translation>Ready phrases…</translation>
    </message>
    <message>
      <source>Pemeriksaan mesin (F12)</source>
      <translation>Machine checks (F12)</translation>
    </message>
    <message>
      <source>Pemeriksaan mesin: petunjuk, Anda yang memutuskan</source>
      <translation>Machine checks: hints, you decide</translation>
    </message>
    <message>
      <source>Foto di e-KTP</source>
      <translation>Photo on the e-KTP</translation>
    </message>
    <message>
      <source>Setuju</source>
      <translation>Agree</translation>
    </message>
    <message>
      <source>Saya menilai lain</source>
      <translation>I judge otherwise</translation>
    </message>
    <message>
      <source>Data terbaca dari dokumen</source>
      <translation>Data read from the documents</translation>
    </message>
    <message>
      <source>Data terbaca dari dokumen (membaca…)</source>
      <translation>Data read from the documents (reading…)</translation>
    </message>
    <message>
      <source>Diisi / terdaftar</source>
      <translation>Entered / registered</translation>
    </message>
    <message>
      <source>Terbaca</source>
      <translation>Read</translation>
    </message>
    <message>
      <source>Hasil</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>Sudah saya periksa</source>
      <translation>I have looked</translation>
    </message>
    <message numerus="yes">
      <source>⚠ %n wajah terlihat di bilik pukul %1. Tanyakan siapa yang mendampingi peserta.</source>
      <translation>
        <numerusform>⚠ %n face seen in the booth at %1. Ask who is with the participant.</numerusform>
        <numerusform>⚠ %n faces seen in the booth at %1. Ask who is with the participant.</numerusform>
      </translation>
    </message>
    <message>
      <source>(sudah Anda periksa)</source>
      <translation>(you have looked)</translation>
    </message>
    <message>
      <source>Membandingkan wajah…</source>
      <translation>Comparing faces…</translation>
    </message>
    <message>
      <source>Perbandingan wajah mulai setelah ada foto e-KTP dan foto wajah (F11).</source>
      <translation>Faces are compared once there is an e-KTP photo and a face photo (F11).</translation>
    </message>
    <message>
      <source>Kemungkinan orang yang sama</source>
      <translation>Likely the same person</translation>
    </message>
    <message>
      <source>Mirip, tetapi periksa dengan teliti</source>
      <translation>Similar, but look closely</translation>
    </message>
    <message>
      <source>Kemungkinan orang yang berbeda: periksa dengan teliti</source>
      <translation>Likely a different person: look closely</translation>
    </message>
    <message>
      <source>Wajah di foto e-KTP tidak ditemukan: bandingkan sendiri</source>
      <translation>No face found on the e-KTP photo: compare yourself</translation>
    </message>
    <message>
      <source>Wajah saat ini tidak ditemukan: ambil foto wajah lagi (F11)</source>
      <translation>No face found in the live photo: take the face photo again (F11)</translation>
    </message>
    <message>
      <source>Jarak wajah %1 (di bawah %2 berarti orang yang sama menurut model).</source>
      <translation>Face distance %1 (below %2 means the same person, by the model).</translation>
    </message>
    <message>
      <source>Anda: setuju (tercatat)</source>
      <translation>You: agree (recorded)</translation>
    </message>
    <message>
      <source>Anda: menilai lain (tercatat)</source>
      <translation>You: judged otherwise (recorded)</translation>
    </message>
    <message>
      <source>Nomor rekening</source>
      <translation>Account number</translation>
    </message>
    <message>
      <source>✓ sama</source>
      <translation>✓ same</translation>
    </message>
    <message>
      <source>✗ berbeda: periksa</source>
      <translation>✗ differs: check</translation>
    </message>
    <message>
      <source>? tidak terbaca</source>
      <translation>? not readable</translation>
    </message>
  </context>
  <context>
    <name>ConsoleHeir</name>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>suami/istri</source>
      <translation>husband/wife</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>anak</source>
      <translation>child</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>orang tua</source>
      <translation>parent</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>ahli waris lain</source>
      <translation>other heir</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>Ahli waris: %1</source>
      <translation>Heir: %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>(nama belum ada)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>alm. %1</source>
      <translation>for the late %1</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>Klaim ahli waris</source>
      <translation>Heir's claim</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>Peserta yang meninggal (registri, tabel di bawah): %1 · NIK %2</source>
      <translation>Participant who died (registry, table below): %1 · NIK %2</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>Ahli waris (%1): %2 · NIK %3</source>
      <translation>Heir (%1): %2 · NIK %3</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>Ahli waris: %2 · NIK %3</source>
      <translation>Heir: %2 · NIK %3</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>NIK ini tercatat di registri sebagai ahli waris peserta.</source>
      <translation>The registry lists this NIK as the participant's heir.</translation>
    </message>
    <message>
      <location filename="../work/main/kiosk/ui/console/heir_text.py" />
      <source>NIK ini tidak tercatat sebagai ahli waris peserta: periksa bukti hubungan keluarga.</source>
      <translation>The registry does not list this NIK as the participant's heir: check the proof of family relation.</translation>
    </message>
  </context>
  <context>
    <name>CollectivePanel</name>
    <message>
      <source>%1 baris · %2 siap disetujui · %3 minta video</source>
      <translation>%1 rows · %2 ready to approve · %3 asked for video</translation>
    </message>
    <message>
      <source>%1 sedang dikirim</source>
      <translation>%1 being sent</translation>
    </message>
    <message>
      <source>%1 terkirim · %2 menunggu konfirmasi</source>
      <translation>%1 submitted · %2 awaiting confirmation</translation>
    </message>
    <message>
      <source>%1 · %2 baris · %3 selesai</source>
      <translation>%1 · %2 rows · %3 done</translation>
    </message>
    <message>
      <source>Alasan penolakan (dibaca pemberi kerja)</source>
      <translation>Reason for rejecting (the employer reads it)</translation>
    </message>
    <message>
      <source>Antrean kolektif</source>
      <translation>Collective queue</translation>
    </message>
    <message>
      <source>Baris ini gagal pemeriksaan; pemberi kerja harus memperbaikinya dulu.</source>
      <translation>This row fails the checks; the employer must correct it first.</translation>
    </message>
    <message>
      <source>Baris</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>Belum ada pengajuan kolektif dari pemberi kerja cabang ini.</source>
      <translation>No employer of this branch has filed collectively yet.</translation>
    </message>
    <message>
      <source>Belum diundang</source>
      <translation>Not invited yet</translation>
    </message>
    <message>
      <source>Dikonfirmasi pekerja</source>
      <translation>Confirmed by the worker</translation>
    </message>
    <message>
      <source>Disetujui</source>
      <translation>Approved</translation>
    </message>
    <message>
      <source>Ditolak</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <source>Dokumen</source>
      <translation>Documents</translation>
    </message>
    <message>
      <source>Gagal pemeriksaan</source>
      <translation>Fails the checks</translation>
    </message>
    <message>
      <source>Hasil pemeriksaan</source>
      <translation>Check results</translation>
    </message>
    <message>
      <source>Hub menolak: %1</source>
      <translation>The hub refused: %1</translation>
    </message>
    <message>
      <source>Hub tidak terjangkau. Tidak ada yang hilang; coba lagi sebentar lagi.</source>
      <translation>The hub cannot be reached. Nothing is lost; try again in a moment.</translation>
    </message>
    <message>
      <source>Kirim klaim yang disetujui (%1)</source>
      <translation>Submit the approved claims (%1)</translation>
    </message>
    <message>
      <source>Klaim baris ini sudah terkirim.</source>
      <translation>This row's claim is already submitted.</translation>
    </message>
    <message>
      <source>Klaim terkirim</source>
      <translation>Claim submitted</translation>
    </message>
    <message>
      <source>Klaim</source>
      <translation>Claim</translation>
    </message>
    <message>
      <source>Kunjungan video pekerja ini belum selesai.</source>
      <translation>This worker's video visit has not taken place yet.</translation>
    </message>
    <message>
      <source>Lolos</source>
      <translation>Passed</translation>
    </message>
    <message>
      <source>Menunggu konfirmasi pekerja</source>
      <translation>Awaiting the worker's confirmation</translation>
    </message>
    <message>
      <source>Minta video</source>
      <translation>Asked for video</translation>
    </message>
    <message>
      <source>Muat ulang</source>
      <translation>Reload</translation>
    </message>
    <message>
      <source>Nomor klaim</source>
      <translation>Claim reference</translation>
    </message>
    <message>
      <source>Pekerja belum mengonfirmasi klaim ini, jadi belum bisa disetujui.</source>
      <translation>The worker has not confirmed this claim, so it cannot be approved yet.</translation>
    </message>
    <message>
      <source>Pekerja</source>
      <translation>Worker</translation>
    </message>
    <message>
      <source>Pengiriman ditolak: %1</source>
      <translation>Submission refused: %1</translation>
    </message>
    <message>
      <source>Pilih pengajuan di sebelah kiri.</source>
      <translation>Pick a filing on the left.</translation>
    </message>
    <message>
      <source>Sedang dikirim</source>
      <translation>Being sent</translation>
    </message>
    <message>
      <source>Semua baris</source>
      <translation>All rows</translation>
    </message>
    <message>
      <source>Setujui baris</source>
      <translation>Approve row</translation>
    </message>
    <message>
      <source>Setujui semua yang bersih (%1)</source>
      <translation>Approve every clean row (%1)</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Tidak ada baris dengan status ini.</source>
      <translation>No row has this status.</translation>
    </message>
    <message>
      <source>Tidak ada jadwal video kosong dalam 14 hari ke depan.</source>
      <translation>No video slot is free in the next 14 days.</translation>
    </message>
    <message>
      <source>Tolak baris</source>
      <translation>Reject row</translation>
    </message>
    <message>
      <source>Tulis alasan penolakan: pemberi kerja membacanya.</source>
      <translation>Write the reason for rejecting: the employer reads it.</translation>
    </message>
    <message>
      <source>Undang ke video</source>
      <translation>Invite to video</translation>
    </message>
    <message>
      <source>Video dijadwalkan: %1</source>
      <translation>Video booked: %1</translation>
    </message>
    <message>
      <source>dijadwalkan %1</source>
      <translation>booked %1</translation>
    </message>
    <message>
      <source>sudah dilihat lewat video</source>
      <translation>seen by video</translation>
    </message>
    <message>
      <source>Dokumen:</source>
      <translation>Documents:</translation>
    </message>
    <message>
      <source>Berkas ini tidak dapat ditampilkan.</source>
      <translation>This file cannot be shown.</translation>
    </message>
    <message>
      <source>Surat kuasa</source>
      <translation>Power of attorney</translation>
    </message>
    <message>
      <source>Surat PHK perusahaan</source>
      <translation>Layoff letter</translation>
    </message>
  </context>
</TS>