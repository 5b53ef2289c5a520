<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id_ID">
<context>
    <name>AssistBar</name>
    <message>
        <location filename="../../kiosk/ui/booth/assist_bar.py" line="131"/>
        <source>Dengarkan lagi</source>
        <translation>Listen again</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/assist_bar.py" line="131"/>
        <source>Huruf besar</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/assist_bar.py" line="137"/>
        <source>Suara lebih pelan</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/assist_bar.py" line="138"/>
        <source>Suara lebih keras</source>
        <translation>Louder</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/assist_bar.py" line="139"/>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
</context>
<context>
    <name>BoothScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/screen.py" line="220"/>
        <source>‹  Kembali</source>
        <extracomment>Stable objectName of the screen (tests find screens by it). The participant touched Back / Next.</extracomment>
        <translation>‹  Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/screen.py" line="221"/>
        <source>Lanjut  ›</source>
        <translation>Next  ›</translation>
    </message>
</context>
<context>
    <name>BoothWindow</name>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="200"/>
        <source>Data peserta</source>
        <extracomment>How long the banner under the top bar says how the call for staff went. The participant touched &quot;call staff&quot; in the top bar.</extracomment>
        <translation>Participant&apos;s details</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="201"/>
        <source>Jenis klaim dan rekening</source>
        <translation>Claim and bank account</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="202"/>
        <source>Foto dokumen</source>
        <translation>Document photos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="203"/>
        <source>Bicara dengan petugas</source>
        <translation>Talk to the officer</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="204"/>
        <source>Hasil</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="209"/>
        <source>Langkah %1 dari %2 · %3</source>
        <translation>Step %1 of %2 · %3</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="228"/>
        <source>Petugas sudah diberi tahu dan akan segera membantu Anda. Tetap di sini.</source>
        <translation>The officer has been told and will help you soon. Please stay here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="229"/>
        <source>Petugas sudah melihat permintaan Anda.</source>
        <translation>The officer has seen your request.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="231"/>
        <source>Bilik ini belum dapat menghubungi petugas. Mohon minta bantuan petugas di kantor cabang secara langsung.</source>
        <translation>This booth cannot reach an officer yet. Please ask a staff member of the branch office in person.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="259"/>
        <source>Mohon tunggu</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="283"/>
        <source>Layanan Tanpa Kontak Fisik</source>
        <translation>Contactless Service</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="285"/>
        <source>Bilik %1</source>
        <translation>Booth %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="289"/>
        <source>REKAM</source>
        <translation>REC</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/window.py" line="290"/>
        <source>Panggil petugas</source>
        <translation>Call staff</translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="109"/>
        <source>Suara lebih pelan</source>
        <extracomment>Volume steps (percent of the officer&apos;s voice as received) and where a call starts.</extracomment>
        <translation>Quieter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="110"/>
        <source>Suara lebih keras</source>
        <translation>Louder</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="113"/>
        <source>Suara %1%</source>
        <translation>Volume %1%</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="115"/>
        <source>Saya tidak bisa mendengar</source>
        <translation>I can&apos;t hear</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="117"/>
        <source>Keluar</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="118"/>
        <source>Keluar dari panggilan?</source>
        <translation>Leave the call?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="120"/>
        <source>Kunjungan Anda akan berakhir dan klaim belum diajukan. Petugas akan diberi tahu, dan semua data Anda dihapus dari bilik ini.</source>
        <translation>Your visit will end and the claim is not filed. The officer will be told, and all your data is deleted from this booth.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="126"/>
        <source>Tidak, tetap di sini</source>
        <translation>No, stay here</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_controls.py" line="127"/>
        <source>Ya, keluar</source>
        <translation>Yes, leave</translation>
    </message>
</context>
<context>
    <name>CallScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/call_screen.py" line="158"/>
        <source>Anda menunggu %1</source>
        <extracomment>The capture countdown reached zero: take the still now.</extracomment>
        <translation>You have waited %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_screen.py" line="184"/>
        <source>Petugas: %1</source>
        <translation>Officer: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_screen.py" line="186"/>
        <source>Petugas BPJS Ketenagakerjaan</source>
        <translation>BPJS Ketenagakerjaan officer</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_screen.py" line="188"/>
        <source>Tunjukkan %1 ke kamera</source>
        <translation>Show your %1 to the camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_screen.py" line="189"/>
        <source>Mohon tunggu sebentar</source>
        <translation>Please wait a moment</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/call_screen.py" line="191"/>
        <source>Petugas sedang membantu peserta lain dan akan kembali kepada Anda. Tetap duduk di depan layar; data Anda aman.</source>
        <translation>The officer is helping another participant and will come back to you. Please stay in front of the screen; your data is safe.</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="161"/>
        <source>Sebentar, sedang diperiksa…</source>
        <extracomment>True when the QR page is shown (the check-in flow reads QR codes from the camera meanwhile).</extracomment>
        <translation>One moment, checking…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="177"/>
        <source>Kode booking ini tidak ditemukan. Periksa lagi kode pada pesan booking Anda, huruf demi huruf.</source>
        <translation>This booking code was not found. Please check the code in your booking message again, letter by letter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="181"/>
        <source>Kode booking ini sudah pernah dipakai. Satu kode hanya berlaku untuk satu kali kunjungan. Anda dapat antre langsung hari ini.</source>
        <translation>This booking code has already been used. A code is valid for one visit only. You can queue as a walk-in today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="188"/>
        <source>Kode booking ini untuk tanggal %1, bukan hari ini. Silakan datang pada tanggal itu, atau antre langsung hari ini.</source>
        <translation>This booking code is for %1, not today. Please come on that date, or queue as a walk-in today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="192"/>
        <source>Kode booking ini bukan untuk hari ini. Silakan datang pada tanggal booking Anda, atau antre langsung hari ini.</source>
        <translation>This booking code is not for today. Please come on your booking date, or queue as a walk-in today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="197"/>
        <source>Kode booking ini untuk kantor cabang lain. Silakan datang ke kantor cabang yang Anda pilih saat booking, atau antre langsung di sini.</source>
        <translation>This booking code is for another branch office. Please go to the branch you chose when booking, or queue as a walk-in here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="205"/>
        <source>Maaf, kuota %1 antrean langsung hari ini sudah habis. Kuota baru dibuka besok pukul %2. Anda juga dapat booking online untuk hari lain.</source>
        <translation>Sorry, today&apos;s %1 walk-in places are all taken. New places open tomorrow at %2. You can also book online for another day.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="212"/>
        <source>Check-in belum berhasil. Silakan coba sekali lagi.</source>
        <translation>Check-in did not work. Please try once more.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="221"/>
        <source>Ketik kode booking</source>
        <translation>Type your booking code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="222"/>
        <source>Kode ada di pesan konfirmasi booking online Anda.</source>
        <translation>The code is in your online booking confirmation message.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="224"/>
        <source>Tunjukkan QR booking ke kamera</source>
        <translation>Show your booking QR to the camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="225"/>
        <source>Pegang layar HP Anda di dalam bingkai kuning.</source>
        <translation>Hold your phone&apos;s screen inside the yellow frame.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="227"/>
        <source>Bagaimana Anda datang hari ini?</source>
        <translation>How did you come today?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="228"/>
        <source>Pilih salah satu.</source>
        <translation>Choose one.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="230"/>
        <source>Saya punya kode booking</source>
        <translation>I have a booking code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="230"/>
        <source>Ketik kode booking online Anda.</source>
        <translation>Type your online booking code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="233"/>
        <source>Saya punya QR booking</source>
        <translation>I have a booking QR</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="233"/>
        <source>Tunjukkan QR di HP Anda ke kamera.</source>
        <translation>Show the QR on your phone to the camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="236"/>
        <source>Saya datang langsung</source>
        <translation>I came without booking</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="236"/>
        <source>Tanpa booking, selama kuota hari ini masih ada.</source>
        <translation>Walk-in, while today&apos;s places last.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="239"/>
        <source>Kode booking</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="240"/>
        <source>Periksa kode</source>
        <translation>Check code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/checkin_screen.py" line="242"/>
        <source>Buka pesan booking di HP Anda, lalu dekatkan QR-nya ke kamera. Kode dibaca otomatis.</source>
        <translation>Open the booking message on your phone and hold its QR up to the camera. The code is read automatically.</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="93"/>
        <source>Terima kasih</source>
        <extracomment>After a decline, the participant touched &quot;Done&quot; (or the goodbye timed out).</extracomment>
        <translation>Thank you</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="96"/>
        <source>Persetujuan penggunaan data</source>
        <translation>Consent to the use of your data</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="97"/>
        <source>Mohon baca, lalu pilih Setuju atau Tidak setuju.</source>
        <translation>Please read, then choose I agree or I do not agree.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="99"/>
        <source>Untuk memproses klaim, kami memakai NIK, nomor KPJ, nomor rekening, foto dokumen dan foto wajah Anda.</source>
        <translation>To process your claim we use your NIK, KPJ number, bank account number, photos of your documents and a photo of your face.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="101"/>
        <source>Percakapan video dengan petugas direkam. Selama perekaman, tanda REKAM merah tampil di layar.</source>
        <translation>The video call with the officer is recorded. While recording, a red REC sign is shown on the screen.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="103"/>
        <source>Komputer membantu petugas memeriksa: membandingkan wajah Anda dengan foto e-KTP, membaca nomor pada dokumen, dan melihat apakah ada orang lain di bilik saat panggilan. Keputusan selalu diambil petugas.</source>
        <translation>A computer helps the officer check: it compares your face with the photo on your e-KTP, reads the numbers on your documents, and looks for anyone else in the booth during the call. The officer always makes the decision.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="106"/>
        <source>Data hanya dipakai untuk memeriksa dan membayar klaim ini, disimpan selama masa retensi, lalu dihapus.</source>
        <translation>The data is only used to check and pay this claim, kept for the retention period, then deleted.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="108"/>
        <source>Bilik ini tidak menyimpan data Anda. Setelah selesai, semua data dihapus dari bilik.</source>
        <translation>This booth does not keep your data. When you finish, everything is erased from the booth.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="109"/>
        <source>Anda dapat menarik persetujuan kapan saja; pemrosesan dihentikan paling lambat 3 x 24 jam.</source>
        <translation>You can withdraw your consent at any time; processing then stops within 3 x 24 hours.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="114"/>
        <source>Anda tidak menyetujui penggunaan data. Tidak ada data Anda yang disimpan. Jika berubah pikiran, Anda dapat mulai lagi kapan saja.</source>
        <translation>You did not agree to the use of your data. Nothing of yours has been kept. If you change your mind, you can start again at any time.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="117"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="118"/>
        <source>Tidak setuju</source>
        <translation>I do not agree</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/consent_screen.py" line="119"/>
        <source>Saya setuju</source>
        <translation>I agree</translation>
    </message>
</context>
<context>
    <name>DateStepper</name>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="110"/>
        <source>Tanggal</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="110"/>
        <source>Bulan</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="110"/>
        <source>Tahun</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="119"/>
        <source>Januari</source>
        <translation>January</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="120"/>
        <source>Februari</source>
        <translation>February</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="121"/>
        <source>Maret</source>
        <translation>March</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="122"/>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="123"/>
        <source>Mei</source>
        <translation>May</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="124"/>
        <source>Juni</source>
        <translation>June</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="125"/>
        <source>Juli</source>
        <translation>July</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="126"/>
        <source>Agustus</source>
        <translation>August</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="127"/>
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="128"/>
        <source>Oktober</source>
        <translation>October</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="129"/>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_stepper.py" line="130"/>
        <source>Desember</source>
        <translation>December</translation>
    </message>
</context>
<context>
    <name>DocumentsScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="157"/>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="250"/>
        <source>Foto sudah diambil. Apakah tulisan terbaca jelas?</source>
        <extracomment>After this long without an automatic capture, offer a &quot;take the photo now&quot; button. &quot;I don&apos;t have this document&quot;: the officer is told and capture goes on with the next one.</extracomment>
        <translation>The photo is taken. Can the writing be read clearly?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="165"/>
        <source>Foto sedang dikirim ke petugas…</source>
        <translation>Sending the photo to the officer…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="173"/>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="247"/>
        <source>Foto belum terkirim. Sentuh Pakai foto ini untuk mencoba lagi.</source>
        <translation>The photo was not sent yet. Touch Use this photo to try again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="202"/>
        <source>Kamera belum menampilkan gambar. Mohon tunggu sebentar.</source>
        <translation>The camera shows no picture yet. Please wait a moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="203"/>
        <source>Pegang dokumen di dalam bingkai kuning.</source>
        <translation>Hold the document inside the yellow frame.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="204"/>
        <source>Dekatkan dokumen ke kamera.</source>
        <translation>Move the document closer to the camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="205"/>
        <source>Tahan diam sebentar…</source>
        <translation>Hold still…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="206"/>
        <source>Terlalu banyak pantulan cahaya. Miringkan dokumen sedikit.</source>
        <translation>Too much light reflection. Tilt the document a little.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="207"/>
        <source>Terlalu gelap. Angkat dokumen lebih dekat ke lampu.</source>
        <translation>Too dark. Hold the document closer to the light.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="208"/>
        <source>Terlalu terang. Jauhkan dokumen dari lampu.</source>
        <translation>Too bright. Move the document away from the light.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="209"/>
        <source>Bagus! Tahan diam, foto diambil otomatis…</source>
        <translation>Good! Hold still, the photo is taken automatically…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="217"/>
        <source>Lihat ke kamera, wajah di dalam oval, e-KTP di kotak kanan.</source>
        <translation>Look at the camera, face inside the oval, e-KTP in the box on the right.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="231"/>
        <source>Foto dokumen</source>
        <translation>Document photos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="236"/>
        <source>Dokumen %1 dari %2</source>
        <translation>Document %1 of %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="240"/>
        <source>Ulangi foto</source>
        <translation>Retake photo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="241"/>
        <source>Pakai foto ini</source>
        <translation>Use this photo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="242"/>
        <source>Ambil foto sekarang</source>
        <translation>Take the photo now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/documents_screen.py" line="243"/>
        <source>Saya tidak punya dokumen ini</source>
        <translation>I don&apos;t have this document</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="21"/>
        <source>Selamat datang. Di bilik ini Anda dapat mengajukan klaim BPJS Ketenagakerjaan. Sentuh tombol Mulai di layar untuk memulai.</source>
        <translation>Welcome. At this booth you can make a BPJS Ketenagakerjaan claim. Touch the Start button on the screen to begin.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="26"/>
        <source>Bagaimana Anda datang hari ini? Jika Anda punya kode atau QR booking, pilih salah satunya. Jika tidak, pilih Saya datang langsung.</source>
        <translation>How did you come today? If you have a booking code or booking QR, choose one of them. If not, choose I came without booking.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="31"/>
        <source>Petugas akan melihat dan merekam Anda lewat video, untuk memeriksa klaim Anda. Jika Anda setuju, sentuh Saya setuju. Jika tidak, sentuh Tidak setuju.</source>
        <translation>An officer will see and record you by video, to check your claim. If you agree, touch I agree. If not, touch I do not agree.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="36"/>
        <source>Ketik nomor NIK dari KTP Anda, dan nomor KPJ dari kartu peserta. Gunakan tombol angka di layar. Lalu sentuh Periksa.</source>
        <translation>Type the NIK number from your ID card, and the KPJ number from your membership card. Use the number keys on the screen. Then touch Check.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="41"/>
        <source>Untuk siapa klaim ini? Sentuh Untuk saya sendiri, atau Sebagai ahli waris jika Anda mengajukan klaim untuk peserta yang sudah meninggal.</source>
        <translation>Who is this claim for? Touch For myself, or As the heir if you are claiming for a participant who has died.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="46"/>
        <source>Ketik nomor NIK dan nomor KPJ peserta yang meninggal, dari KTP dan kartu pesertanya. Lalu sentuh Periksa. Data Anda sendiri ditanyakan sesudahnya.</source>
        <translation>Type the NIK and KPJ numbers of the participant who died, from their ID card and membership card. Then touch Check. Your own details are asked next.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="51"/>
        <source>Sekarang ketik nomor NIK dari KTP Anda sendiri sebagai ahli waris. Lalu sentuh Periksa.</source>
        <translation>Now type the NIK number from your own ID card, as the heir. Then touch Check.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="55"/>
        <source>Baca ringkasan klaim Anda: jenis klaim, rekening, dan dokumen. Jika benar, sentuh Benar, saya tanda tangan. Jika ada yang salah, sentuh Kembali ke petugas.</source>
        <translation>Read the summary of your claim: the claim type, the account and the documents. If it is right, touch Correct, I will sign. If something is wrong, touch Back to the officer.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="60"/>
        <source>Pilih klaim yang ingin Anda ajukan, dan alasannya. Lalu isi rekening bank atas nama Anda sendiri untuk menerima dana.</source>
        <translation>Choose the claim you want to make, and the reason. Then enter a bank account in your own name to receive the money.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="65"/>
        <source>Sekarang kita foto dokumen Anda satu per satu. Pegang dokumen di depan kamera, di dalam bingkai kuning, dan tahan diam sampai fotonya diambil.</source>
        <translation>Now we photograph your documents one by one. Hold the document in front of the camera, inside the yellow frame, and keep it still until the photo is taken.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="70"/>
        <source>Terima kasih, data Anda lengkap. Mohon tetap duduk di depan layar. Petugas akan segera menyapa Anda lewat video.</source>
        <translation>Thank you, your details are complete. Please stay seated in front of the screen. An officer will greet you by video soon.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="75"/>
        <source>Petugas sudah tersambung. Silakan bicara dengan petugas dan ikuti petunjuknya.</source>
        <translation>The officer is connected. Please talk with the officer and follow their instructions.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="79"/>
        <source>Tanda tangani di kotak putih dengan jari Anda. Jika salah, sentuh Hapus. Lalu sentuh Konfirmasi.</source>
        <translation>Sign in the white box with your finger. If you make a mistake, touch Clear. Then touch Confirm.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="83"/>
        <source>Klaim Anda sudah diajukan. Simpan nomor klaim yang tertulis di layar: foto layar ini dengan HP Anda. Lalu sentuh Selesai.</source>
        <translation>Your claim has been submitted. Keep the claim number shown on the screen: take a photo of this screen with your phone. Then touch Done.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="88"/>
        <source>Klaim Anda belum dapat diajukan hari ini. Alasannya dan dokumen yang perlu dibawa tertulis di layar. Anda dapat datang lagi kapan saja.</source>
        <translation>Your claim cannot be submitted today. The reason and the documents to bring are written on the screen. You can come back at any time.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="93"/>
        <source>Sesi ini sudah dihentikan. Silakan mulai lagi, atau tanyakan kepada petugas di kantor cabang.</source>
        <translation>This session has been stopped. Please start again, or ask an officer at the branch office.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="97"/>
        <source>Kamera tidak tersambung. Ini bukan kesalahan Anda. Mohon tunggu sebentar, kami mencoba lagi.</source>
        <translation>The camera is not connected. This is not your fault. Please wait a moment, we are trying again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="101"/>
        <source>Sambungan ke kantor terputus. Ini bukan kesalahan Anda. Data Anda aman. Mohon tunggu sebentar, kami mencoba lagi.</source>
        <translation>The connection to the office is lost. This is not your fault. Your details are safe. Please wait a moment, we are trying again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="106"/>
        <source>Sambungan video dengan petugas terputus. Mohon tetap di sini, kami menyambungkan lagi.</source>
        <translation>The video call with the officer was cut off. Please stay here, we are connecting again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/guidance.py" line="110"/>
        <source>Apakah Anda masih di sini? Jika ya, sentuh tombol Ya, saya masih di sini.</source>
        <translation>Are you still there? If you are, touch Yes, I am still here.</translation>
    </message>
</context>
<context>
    <name>HeirScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="123"/>
        <source>Sebentar, data Anda sedang dicocokkan…</source>
        <extracomment>The heir&apos;s NIK is valid and the heir wants it checked. The name (or NIK) shown is the heir (True) or not (False).</extracomment>
        <translation>One moment, we are checking your details…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="144"/>
        <source>NIK ini tidak dapat dipakai. Periksa lagi NIK pada e-KTP Anda.</source>
        <translation>This NIK cannot be used. Please check the NIK on your e-KTP again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="199"/>
        <source>Apakah ini Anda, ahli warisnya?</source>
        <translation>Is this you, the heir?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="200"/>
        <source>Demi keamanan, hanya huruf pertama nama yang ditampilkan.</source>
        <translation>For your safety, only the first letter of each name is shown.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="202"/>
        <source>Data Anda sebagai ahli waris</source>
        <translation>Your details as the heir</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="203"/>
        <source>Ketik NIK Anda sendiri, yang tertulis di e-KTP Anda.</source>
        <translation>Type your own NIK, printed on your e-KTP.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="193"/>
        <source>Klaim untuk peserta: %1</source>
        <translation>Claim for the participant: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="205"/>
        <source>NIK Anda (16 angka, ada di e-KTP Anda)</source>
        <translation>Your NIK (16 digits, on your e-KTP)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="208"/>
        <source>Data ahli waris ditemukan atas nama:</source>
        <translation>The heir was found under the name:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="210"/>
        <source>NIK Anda sudah dicatat. Apakah NIK dan tanggal lahir ini benar?</source>
        <translation>Your NIK has been recorded. Are this NIK and date of birth right?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="211"/>
        <source>Bukan saya</source>
        <translation>That is not me</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="212"/>
        <source>Ya, ini saya</source>
        <translation>Yes, this is me</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/heir_screen.py" line="213"/>
        <source>Periksa  ›</source>
        <translation>Check  ›</translation>
    </message>
</context>
<context>
    <name>IdentityScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="147"/>
        <source>Sebentar, data Anda sedang dicocokkan…</source>
        <extracomment>Both numbers are valid and the participant wants them checked. The masked name is the participant (True) or not (False).</extracomment>
        <translation>One moment, checking your details…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="169"/>
        <source>NIK dan nomor KPJ ini bukan milik orang yang sama. Periksa lagi kedua nomor pada e-KTP dan kartu peserta.</source>
        <translation>This NIK and this KPJ number do not belong to the same person. Please check both numbers on your e-KTP and participant card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="174"/>
        <source>Data ini tidak ditemukan. Periksa lagi NIK pada e-KTP dan nomor KPJ pada kartu peserta yang meninggal.</source>
        <translation>These details were not found. Please check the NIK on the e-KTP and the KPJ number on the participant card of the person who died.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="179"/>
        <source>Data ini tidak ditemukan. Periksa lagi NIK pada e-KTP dan nomor KPJ pada kartu peserta. Ahli waris: masukkan NIK dan KPJ peserta yang meninggal.</source>
        <translation>These details were not found. Please check the NIK on your e-KTP and the KPJ number on your participant card. Heirs: enter the NIK and KPJ of the participant who died.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="237"/>
        <source>Apakah ini Anda?</source>
        <translation>Is this you?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="237"/>
        <source>Apakah ini peserta yang Anda klaim?</source>
        <translation>Is this the participant you are claiming for?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="239"/>
        <source>Demi keamanan, hanya huruf pertama nama yang ditampilkan.</source>
        <translation>For your safety, only the first letter of each name is shown.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="241"/>
        <source>Data peserta yang meninggal</source>
        <translation>The participant who died</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="242"/>
        <source>Ketik NIK dan nomor KPJ almarhum atau almarhumah. Data Anda sendiri ditanyakan sesudahnya.</source>
        <translation>Type the NIK and KPJ number of the person who died. Your own details are asked next.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="245"/>
        <source>Data peserta</source>
        <translation>Participant&apos;s details</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="246"/>
        <source>Sentuh kotak, lalu ketik angkanya dengan tombol di kanan.</source>
        <translation>Touch a box, then type the digits with the keys on the right.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="248"/>
        <source>NIK peserta yang meninggal (ada di e-KTP-nya)</source>
        <translation>NIK of the participant who died (on their e-KTP)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="249"/>
        <source>Nomor KPJ peserta yang meninggal (ada di kartu pesertanya)</source>
        <translation>KPJ number of the participant who died (on their participant card)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="251"/>
        <source>NIK (16 angka, ada di e-KTP)</source>
        <translation>NIK (16 digits, on your e-KTP)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="252"/>
        <source>Nomor KPJ (ada di kartu peserta)</source>
        <translation>KPJ number (on your participant card)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="255"/>
        <source>Nomor peserta sudah dicatat. Apakah nomor ini benar?</source>
        <translation>The participant&apos;s numbers have been recorded. Are these numbers right?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="256"/>
        <source>Nomor Anda sudah dicatat. Apakah nomor ini benar?</source>
        <translation>Your numbers are recorded. Are they correct?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="259"/>
        <source>Data peserta ditemukan atas nama:</source>
        <translation>We found a participant named:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="260"/>
        <source>Bukan saya</source>
        <translation>That is not me</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="260"/>
        <source>Bukan, salah orang</source>
        <translation>No, wrong person</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="261"/>
        <source>Ya, benar</source>
        <translation>Yes, that is right</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/identity_screen.py" line="262"/>
        <source>Periksa  ›</source>
        <translation>Check  ›</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../kiosk/ui/widgets/keypad.py" line="77"/>
        <source>Hapus</source>
        <extracomment>Emitted with the character typed, `BACKSPACE` or `CLEAR`, after the target was changed.</extracomment>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/keypad.py" line="78"/>
        <source>Hapus semua</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/keypad.py" line="79"/>
        <source>Hapus satu angka</source>
        <translation>Delete one character</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="108"/>
        <source>Kamera tidak tersambung</source>
        <extracomment>A problem whose retries are not counted (a dropped call waits for the video layer) counts one attempt this often. &quot;Call staff&quot; on the way out. &quot;Finish&quot; on the way out: the participant stops the visit. Attempts after which the screen says what to do and offers a way out.</extracomment>
        <translation>The camera is not connected</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="110"/>
        <source>Gambar dari kamera terputus. Ini bukan kesalahan Anda. Jangan sentuh kabel kamera.</source>
        <translation>The camera&apos;s picture was lost. This is not your fault. Please do not touch the camera cable.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="113"/>
        <source>Sambungan video terputus</source>
        <translation>The video call was interrupted</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="115"/>
        <source>Video dengan petugas terputus sebentar. Petugas tetap melayani Anda; sambungan sedang dipulihkan.</source>
        <translation>The video with the officer was interrupted. The officer is still serving you; the connection is being restored.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="119"/>
        <source>Sambungan ke kantor terputus</source>
        <translation>The connection to the office is down</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="121"/>
        <source>Bilik ini sedang tidak dapat menghubungi sistem kantor cabang. Ini bukan kesalahan Anda.</source>
        <translation>This booth cannot reach the branch office&apos;s system right now. This is not your fault.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="123"/>
        <source>Mohon tunggu sebentar.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="124"/>
        <source>Data yang sudah Anda isi tetap tersimpan. Anda tidak perlu mengulang.</source>
        <translation>What you have entered is kept. You will not need to start again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="128"/>
        <source>Panggil petugas</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="129"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="132"/>
        <source>Sambungan belum juga pulih. Mohon minta bantuan petugas di kantor cabang secara langsung, atau sentuh Selesai dan coba lagi nanti.</source>
        <translation>The connection is still not back. Please ask a staff member of the branch office in person, or touch Finish and try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="137"/>
        <source>Kamera belum juga tersambung. Sentuh Panggil petugas agar kamera diperiksa, atau sentuh Selesai dan datang lagi nanti.</source>
        <translation>The camera is still not connected. Touch Call staff to have it checked, or touch Finish and come back later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="142"/>
        <source>Video belum juga pulih. Sentuh Panggil petugas, atau sentuh Selesai dan datang lagi nanti.</source>
        <translation>The video is still not back. Touch Call staff, or touch Finish and come back later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="145"/>
        <source>Jika Anda memilih Selesai, data Anda dihapus dari bilik ini.</source>
        <translation>If you choose Finish, your data is deleted from this booth.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="149"/>
        <source>Mencoba lagi secara otomatis (percobaan %1)</source>
        <translation>Trying again automatically (attempt %1)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/problem_screen.py" line="152"/>
        <source>Mencoba lagi secara otomatis</source>
        <translation>Trying again automatically</translation>
    </message>
</context>
<context>
    <name>PurposeScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/purpose_screen.py" line="50"/>
        <source>Untuk siapa klaim ini?</source>
        <extracomment>The participant chose who files.</extracomment>
        <translation>Who is this claim for?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/purpose_screen.py" line="51"/>
        <source>Pilih salah satu.</source>
        <translation>Choose one.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/purpose_screen.py" line="53"/>
        <source>Untuk saya sendiri</source>
        <translation>For myself</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/purpose_screen.py" line="54"/>
        <source>Saya peserta BPJS Ketenagakerjaan dan mengajukan klaim atas nama saya.</source>
        <translation>I am a BPJS Ketenagakerjaan participant and I claim in my own name.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/purpose_screen.py" line="57"/>
        <source>Sebagai ahli waris peserta yang meninggal</source>
        <translation>As the heir of a participant who died</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/purpose_screen.py" line="58"/>
        <source>Peserta sudah meninggal dunia. Saya keluarganya (suami/istri, anak, orang tua) dan mengajukan santunan kematian atau JHT-nya.</source>
        <translation>The participant has died. I am family (husband or wife, child, parent) and I claim the death benefit or their JHT.</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/booth/result_screen.py" line="111"/>
        <source>Layar ini kembali ke awal dalam %n detik.</source>
        <extracomment>&quot;More time&quot; during the countdown before the screen clears.</extracomment>
        <translation>
            <numerusform>This screen goes back to the start in %n second.</numerusform>
            <numerusform>This screen goes back to the start in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="118"/>
        <source>Tanda terima sedang dicetak…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="119"/>
        <source>Ambil tanda terima Anda dari printer di bawah layar.</source>
        <translation>Take your receipt from the printer below the screen.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="120"/>
        <source>Tanda terima tidak dapat dicetak. Foto layar ini atau catat nomor klaim di atas.</source>
        <translation>The receipt could not be printed. Take a photo of this screen or write down the claim number above.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="152"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="153"/>
        <source>Tambah waktu</source>
        <translation>More time</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="157"/>
        <source>Klaim Anda sudah diajukan</source>
        <translation>Your claim has been filed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="158"/>
        <source>Simpan nomor klaim ini: foto layar ini dengan HP Anda.</source>
        <translation>Keep this claim number: take a photo of this screen with your phone.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="159"/>
        <source>Nomor klaim</source>
        <translation>Claim number</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="162"/>
        <source>Pindai untuk menyimpan nomor klaim</source>
        <translation>Scan to save the claim number</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/booth/result_screen.py" line="166"/>
        <source>Dana dikirim ke rekening %1 setelah klaim disetujui, biasanya dalam %n hari kerja. Anda akan menerima SMS dari BPJS Ketenagakerjaan. Dengan nomor klaim Anda dapat menanyakan statusnya di kantor cabang.</source>
        <translation>
            <numerusform>The money is sent to account %1 once the claim is approved, usually within %n working day. You will receive a text message from BPJS Ketenagakerjaan. With the claim number you can ask about its status at the branch office.</numerusform>
            <numerusform>The money is sent to account %1 once the claim is approved, usually within %n working days. You will receive a text message from BPJS Ketenagakerjaan. With the claim number you can ask about its status at the branch office.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="173"/>
        <source>Klaim belum dapat diajukan</source>
        <translation>The claim cannot be filed yet</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="174"/>
        <source>Petugas menjelaskan alasannya di bawah ini.</source>
        <translation>The officer explains why below.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="176"/>
        <source>Alasan: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="181"/>
        <source>Bawa saat datang lagi:</source>
        <translation>Bring these when you come again:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="183"/>
        <source>Bawa semua dokumen asli saat datang lagi.</source>
        <translation>Bring all original documents when you come again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="185"/>
        <source>Anda dapat datang lagi kapan saja dengan booking online atau antre langsung. Data Anda dari kunjungan ini sudah dihapus dari bilik.</source>
        <translation>You can come again at any time, with an online booking or as a walk-in. Your data from this visit has been erased from the booth.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="189"/>
        <source>Sesi dihentikan</source>
        <translation>The session was stopped</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/result_screen.py" line="193"/>
        <source>Petugas menghentikan sesi ini. Silakan mulai lagi, atau tanyakan kepada petugas di kantor cabang.</source>
        <translation>The officer stopped this session. Please start again, or ask a member of staff at the branch office.</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="352"/>
        <source>Rekening untuk menerima dana</source>
        <translation>Account to receive the money</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="353"/>
        <source>Rekening harus atas nama Anda sendiri, sesuai buku tabungan.</source>
        <translation>The account must be in your own name, as in your savings book.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="358"/>
        <source>Apa yang ingin Anda ajukan?</source>
        <translation>What would you like to claim?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="349"/>
        <source>Pilih alasan klaim Anda</source>
        <extracomment>Everything is chosen and valid: save it and go on to the documents.</extracomment>
        <translation>Choose the reason for your claim</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="355"/>
        <source>Klaim apa yang Anda ajukan sebagai ahli waris?</source>
        <translation>What do you claim as the heir?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="369"/>
        <source>Pilih JHT</source>
        <translation>Choose JHT</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="370"/>
        <source>Tanggal terakhir Anda bekerja</source>
        <translation>Your last day of work</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="371"/>
        <source>Hubungan Anda dengan peserta yang meninggal</source>
        <translation>Your relation to the participant who died</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="373"/>
        <source>Suami / istri</source>
        <translation>Husband / wife</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="374"/>
        <source>Anak</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="375"/>
        <source>Orang tua</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="376"/>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="380"/>
        <source>Bank Anda</source>
        <translation>Your bank</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/service_screen.py" line="381"/>
        <source>Nomor rekening</source>
        <translation>Account number</translation>
    </message>
</context>
<context>
    <name>SignatureScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="50"/>
        <source>Tanda tangan dulu di kotak putih.</source>
        <extracomment>PNG bytes of the confirmed signature.</extracomment>
        <translation>Please sign in the white box first.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="66"/>
        <source>Tanda tangan belum terkirim. Sentuh Konfirmasi lagi.</source>
        <translation>The signature was not sent yet. Touch Confirm again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="84"/>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="85"/>
        <source>Tanda tangani di kotak putih dengan jari Anda.</source>
        <translation>Sign in the white box with your finger.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="87"/>
        <source>Dengan tanda tangan ini, Anda menyatakan bahwa data dan dokumen yang Anda berikan benar.</source>
        <translation>By signing, you declare that the data and documents you gave are true.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="89"/>
        <source>Tanda tangan di atas garis</source>
        <translation>Sign above the line</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="90"/>
        <source>Hapus</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/signature_screen.py" line="91"/>
        <source>Konfirmasi</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <location filename="../../kiosk/ui/booth/inactivity.py" line="48"/>
        <source>Apakah Anda masih di sini?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/inactivity.py" line="50"/>
        <source>Jika tidak ada sentuhan, sesi ini diakhiri dan data Anda dihapus demi keamanan.</source>
        <translation>If nobody touches the screen, this session ends and your data is erased, for your safety.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/inactivity.py" line="52"/>
        <source>Ya, saya masih di sini</source>
        <translation>Yes, I am still here</translation>
    </message>
</context>
<context>
    <name>SummaryScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="73"/>
        <source>Periksa klaim Anda sebelum tanda tangan</source>
        <extracomment>The participant read the summary and will sign.</extracomment>
        <translation>Check your claim before you sign</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="74"/>
        <source>Jika ada yang salah, kembali dan beri tahu petugas.</source>
        <translation>If anything is wrong, go back and tell the officer.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="76"/>
        <source>Peserta yang meninggal</source>
        <translation>Participant who died</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="77"/>
        <source>Ahli waris (Anda)</source>
        <translation>Heir (you)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="78"/>
        <source>Klaim</source>
        <translation>Claim</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="79"/>
        <source>Dana dikirim ke rekening</source>
        <translation>Money goes to account</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="80"/>
        <source>Dokumen yang sudah difoto</source>
        <translation>Documents photographed</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="85"/>
        <source>Selanjutnya: Anda tanda tangan di layar, petugas mengajukan klaim, dan nomor klaim muncul di layar ini. Jika disetujui, dana dikirim ke rekening di atas dalam %n hari kerja.</source>
        <translation>
            <numerusform>Next: you sign on the screen, the officer submits the claim, and the claim number appears on this screen. If it is approved, the money is sent to the account above within %n working day.</numerusform>
            <numerusform>Next: you sign on the screen, the officer submits the claim, and the claim number appears on this screen. If it is approved, the money is sent to the account above within %n working days.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="89"/>
        <source>‹  Kembali ke petugas</source>
        <translation>‹  Back to the officer</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/summary_screen.py" line="90"/>
        <source>Benar, saya tanda tangan  ›</source>
        <translation>Correct, I will sign  ›</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <location filename="../../kiosk/ui/widgets/video_view.py" line="104"/>
        <location filename="../../kiosk/ui/widgets/video_view.py" line="182"/>
        <source>Menunggu video…</source>
        <extracomment>True when the stream stopped delivering new frames, False when frames flow again. Emitted once per new frame shown (cheap; tests and the tile&apos;s &quot;live&quot; mark use it). The left mouse button was released over the picture (tiles use it for click-to-focus).</extracomment>
        <translation>Waiting for video…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/video_view.py" line="311"/>
        <source>Gambar beku · %1</source>
        <translation>Frozen · %1</translation>
    </message>
</context>
<context>
    <name>WaitingScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="105"/>
        <source>Terima kasih, data Anda lengkap</source>
        <translation>Thank you, your details are complete</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="106"/>
        <source>Mohon tetap duduk di depan layar.</source>
        <translation>Please stay seated in front of the screen.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="108"/>
        <source>Petugas akan menyapa Anda lewat video di layar ini, memeriksa dokumen asli Anda, lalu mengajukan klaim.</source>
        <translation>An officer will greet you by video on this screen, check your original documents, and then file the claim.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="114"/>
        <source>Anda yang berikutnya.</source>
        <translation>You are next.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="116"/>
        <source>Ada %n peserta lain sebelum Anda.</source>
        <translation>
            <numerusform>There is %n other participant before you.</numerusform>
            <numerusform>There are %n other participants before you.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="118"/>
        <source>Perkiraan waktu tunggu: sekitar %n menit.</source>
        <translation>
            <numerusform>Estimated wait: about %n minute.</numerusform>
            <numerusform>Estimated wait: about %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="120"/>
        <source>Petugas akan segera menyapa Anda.</source>
        <translation>The officer will greet you soon.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="123"/>
        <source>Kami belum dapat memperkirakan lama menunggu: petugas sedang melayani beberapa bilik sekaligus.</source>
        <translation>We cannot estimate the waiting time yet: the officers are serving several booths at once.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="126"/>
        <source>Minta bantuan petugas</source>
        <translation>Ask an officer for help</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="127"/>
        <source>Ini gambar Anda dari kamera.</source>
        <translation>This is you, as the camera sees you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/waiting_screen.py" line="129"/>
        <source>Petugas sudah diberi tahu dan akan segera membantu.</source>
        <translation>An officer has been told and will help you soon.</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../kiosk/ui/booth/welcome_screen.py" line="66"/>
        <source>Selamat datang</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/welcome_screen.py" line="68"/>
        <source>Di bilik ini Anda dapat mengajukan klaim BPJS Ketenagakerjaan tanpa antre di loket.</source>
        <translation>At this booth you can file a BPJS Ketenagakerjaan claim without queuing at a counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/welcome_screen.py" line="71"/>
        <source>Daftar dengan kode booking, atau antre langsung.</source>
        <translation>Check in with a booking code, or as a walk-in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/welcome_screen.py" line="72"/>
        <source>Isi NIK dan nomor KPJ, lalu foto dokumen Anda di depan kamera.</source>
        <translation>Enter your NIK and KPJ number, then photograph your documents in front of the camera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/welcome_screen.py" line="73"/>
        <source>Petugas memeriksa lewat video dan mengajukan klaim Anda.</source>
        <translation>An officer checks them by video and files your claim.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/booth/welcome_screen.py" line="77"/>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
</context>
</TS>
