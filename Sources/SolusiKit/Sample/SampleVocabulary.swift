/// The words synthetic tickets are made of: what teachers write about, and how.
///
/// Each topic is either one of the four known issues (its id) or another help-center subject
/// (`lain/…`). Templates hold slots in braces: {sekolah}, {nip}, {nik}, {jumlah}, {peran}.
/// Another subject's topic holds several problems: its subjects and bodies go in pairs, the
/// subject of a body at the same place, so a ticket's subject never contradicts its text.
struct SampleTopic {
    var id: String
    /// Relative share of tickets.
    var weight: Double
    var subjects: [String]
    var bodies: [String]
    var tags: [String]
    /// Days (offset from the sample's first day) when this topic came in far more often.
    var surge: ClosedRange<Int>? = nil

    /// Whether subjects and bodies go in pairs (another subject's topic; see `SampleVocabulary`).
    var paired: Bool { id.hasPrefix("lain/") }
}

enum SampleVocabulary {
    static let topics: [SampleTopic] = [
        SampleTopic(
            id: "predikat-kinerja-gagal-kirim", weight: 9,
            subjects: [
                "Gagal kirim predikat kinerja guru", "Tidak bisa mengirim predikat kinerja",
                "Predikat kinerja tidak terkirim", "Kendala penetapan predikat kinerja guru",
                "Error saat kirim predikat guru", "Tombol kirim predikat tidak berfungsi",
            ],
            bodies: [
                "Selamat siang, saya {peran} di {sekolah}. Saat akan mengirimkan predikat kinerja guru di menu Pengelolaan Kinerja tahap Penilaian selalu gagal, muncul pesan terjadi kesalahan. Mohon bantuannya.",
                "Saya sebagai PLT kepala sekolah tidak bisa menetapkan predikat kinerja untuk {jumlah} guru, sudah dicoba berkali-kali tetap gagal terkirim.",
                "Predikat kinerja guru sudah saya isi semua tapi waktu klik kirim loading terus lalu gagal. Batas waktu penilaian sudah dekat, tolong segera dibantu.",
                "kenapa predikat kinerja guru tidak bisa dikirim ya? sudah login ulang tetap sama",
                "Assalamualaikum, mohon maaf mengganggu. Penilaian kinerja guru di sekolah kami belum bisa dikirim oleh kepala sekolah, statusnya masih draf terus.",
                "Kepala sekolah kami gagal menyimpan dan mengirim nilai predikat guru di PMM, keterangannya gagal memproses permintaan.",
            ],
            tags: ["pengelolaan_kinerja", "penilaian", "predikat"], surge: 30...39),
        SampleTopic(
            id: "jadwal-observasi-gagal-input", weight: 6,
            subjects: [
                "Tidak bisa input jadwal observasi", "Gagal mengisi jadwal observasi",
                "Jadwal observasi tidak tersimpan",
                "Tanggal observasi tidak bisa dipilih", "Kendala jadwal observasi periode 1",
            ],
            bodies: [
                "Saya guru di {sekolah}, ingin mengisi jadwal observasi pada tahap Pelaksanaan Periode 1 tetapi selalu gagal disimpan.",
                "Tanggal pelaksanaan observasi tidak bisa dipilih, kalender abu-abu semua. Bagaimana supaya bisa menjadwalkan ulang observasi?",
                "Jadwal observasi kelas yang sudah saya input hilang dan tidak bisa diisi kembali. Mohon solusinya.",
                "gagal input jadwal observasi terus min, muncul notif error",
                "Pegawai di sekolah kami tidak dapat menjadwalkan agenda observasi di PMM, tombol simpan tidak merespon sama sekali.",
            ],
            tags: ["pengelolaan_kinerja", "observasi"], surge: 5...14),
        SampleTopic(
            id: "verval-ptk-tidak-sesuai-dukcapil", weight: 5,
            subjects: [
                "Data tidak sesuai dengan Dukcapil", "Perbaikan identitas Verval PTK ditolak",
                "Verval PTK gagal, data tidak sesuai Dukcapil", "NIK tidak sesuai Dukcapil saat verval",
            ],
            bodies: [
                "Saat operator mengajukan perbaikan identitas saya di Verval PTK, muncul respon data tidak sesuai dengan Dukcapil padahal NIK {nik} sudah benar sesuai KTP.",
                "Verval PTK saya ditolak terus dengan keterangan tidak sesuai Dukcapil, akibatnya tidak bisa sinkron ke PMM.",
                "Mohon bantuan, perbaikan data PTK atas nama saya gagal karena data dukcapil tidak cocok. Nama dan tanggal lahir sudah sesuai KTP.",
                "operator sekolah sudah ajukan verval ptk tapi hasilnya data tidak sesuai dengan dukcapil, harus bagaimana?",
            ],
            tags: ["verval_ptk", "dukcapil"]),
        SampleTopic(
            id: "tombol-sinkron-pmm-tidak-ada", weight: 5,
            subjects: [
                "Tombol sinkron PMM tidak muncul di e-Kinerja", "Tidak ada tombol sinkro PMM",
                "Tombol sinkronisasi PMM tidak ada di e-Kinerja BKN", "Belum bisa sinkron ke PMM dari e-Kinerja",
            ],
            bodies: [
                "NIP saya {nip} sudah berhasil diperbarui di Verval PTK, tetapi di e-Kinerja BKN tidak ada tombol sinkron PMM. Mohon petunjuknya.",
                "Di aplikasi e-Kinerja BKN saya tidak menemukan tombol sinkro PMM, padahal pembaruan NIP di Verval PTK sudah selesai.",
                "Bagaimana cara memunculkan tombol sinkron PMM di e-kinerja? Verval PTK sudah disetujui.",
                "menu sinkron PMM tidak tampil di akun e-Kinerja saya, sudah tanya operator katanya verval sudah beres",
            ],
            tags: ["ekinerja", "sinkron"]),
        SampleTopic(
            id: "lain/akun", weight: 12,
            subjects: [
                "Lupa kata sandi akun belajar.id", "Tidak bisa login PMM", "Akun belajar.id terkunci",
                "Ganti email akun PMM",
            ],
            bodies: [
                "Saya lupa kata sandi akun belajar.id dan email pemulihan sudah tidak aktif. Bagaimana cara mengatur ulang?",
                "Setiap login ke PMM muncul tulisan akun tidak terdaftar, padahal kemarin masih bisa masuk.",
                "Akun belajar.id saya terkunci setelah salah memasukkan kata sandi beberapa kali. Mohon dibuka kembali.",
                "Mohon bantuan mengganti email yang terhubung dengan akun PMM saya karena email lama sudah tidak bisa diakses.",
            ],
            tags: ["akun", "login"]),
        SampleTopic(
            id: "lain/pelatihan", weight: 10,
            subjects: [
                "Sertifikat pelatihan mandiri belum terbit", "Aksi nyata ditolak",
                "Video modul pelatihan tidak bisa diputar",
                "Progres pelatihan mandiri hilang",
            ],
            bodies: [
                "Saya sudah menyelesaikan semua topik pelatihan mandiri dan aksi nyata sudah divalidasi, tetapi sertifikat belum terbit.",
                "Aksi nyata saya ditolak dengan alasan tidak sesuai, padahal sudah sesuai panduan. Apakah bisa diunggah ulang?",
                "Video di modul pelatihan mandiri tidak bisa diputar, layar hitam saja.",
                "Progres pelatihan mandiri saya kembali ke nol setelah pembaruan aplikasi.",
            ],
            tags: ["pelatihan_mandiri"]),
        SampleTopic(
            id: "lain/ekinerja-skp", weight: 7,
            subjects: [
                "Gagal sinkron SKP dari e-Kinerja", "Nilai SKP tidak muncul di PMM", "Data e-Kinerja tidak tertarik",
            ],
            bodies: [
                "Sinkronisasi SKP dari e-Kinerja BKN ke PMM gagal dengan pesan server sedang sibuk. Tombol sinkron ada, tapi hasilnya gagal.",
                "Nilai SKP tahun lalu tidak muncul di Pengelolaan Kinerja PMM walaupun sudah sinkron.",
                "Setelah sinkron dari e-Kinerja, rencana hasil kerja saya malah kosong semua.",
            ],
            tags: ["ekinerja", "skp"]),
        SampleTopic(
            id: "lain/cara-observasi", weight: 6,
            subjects: [
                "Bagaimana cara melakukan observasi kelas?", "Berapa kali observasi dalam satu periode?",
                "Apakah hasil observasi bisa diunduh?",
            ],
            bodies: [
                "Mohon penjelasan bagaimana tahapan observasi kelas oleh kepala sekolah dalam Pengelolaan Kinerja.",
                "Apakah observasi harus dilakukan dua kali dalam satu periode? Di mana melihat instrumennya?",
                "Guru kami bertanya apakah hasil observasi bisa diunduh untuk arsip sekolah.",
            ],
            tags: ["observasi", "pertanyaan"]),
        SampleTopic(
            id: "lain/verval-lain", weight: 7,
            subjects: ["Status verval PTK masih menunggu", "NUPTK belum terbit", "Cara ajukan verval PTK guru baru"],
            bodies: [
                "Pengajuan verval PTK sudah dua minggu statusnya masih menunggu verifikasi dinas.",
                "Saya guru honorer baru, NUPTK belum terbit padahal data sudah masuk Dapodik sejak semester lalu.",
                "Bagaimana cara operator mengajukan verval PTK untuk guru yang baru mutasi?",
            ],
            tags: ["verval_ptk"]),
        SampleTopic(
            id: "lain/rhk", weight: 8,
            subjects: [
                "Tidak bisa memilih RHK", "Cara menambah rencana hasil kerja", "Indikator kinerja tidak muncul",
            ],
            bodies: [
                "Di tahap Perencanaan saya tidak bisa memilih rencana hasil kerja, daftarnya kosong.",
                "Bagaimana cara menambahkan RHK tambahan selain yang sudah disediakan?",
                "Indikator kinerja untuk praktik kinerja tidak muncul setelah saya memilih RHK.",
            ],
            tags: ["pengelolaan_kinerja", "perencanaan"]),
        SampleTopic(
            id: "lain/data-sekolah", weight: 6,
            subjects: [
                "Data sekolah belum berubah setelah mutasi", "Nama kepala sekolah salah di PMM",
                "Sekolah induk tidak sesuai",
            ],
            bodies: [
                "Saya sudah mutasi ke {sekolah} sejak bulan lalu tetapi di PMM masih tercatat di sekolah lama.",
                "Nama kepala sekolah yang tampil di PMM masih kepala sekolah sebelumnya, bagaimana memperbaruinya?",
                "Data sekolah induk saya tidak sesuai dengan Dapodik terbaru.",
            ],
            tags: ["dapodik", "data_sekolah"]),
        SampleTopic(
            id: "lain/aplikasi", weight: 6,
            subjects: ["Aplikasi PMM lambat dan keluar sendiri", "PMM tidak bisa dibuka", "Beranda PMM lama dimuat"],
            bodies: [
                "Aplikasi PMM di HP saya sangat lambat dan sering keluar sendiri setelah pembaruan.",
                "Sejak pagi PMM tidak bisa dibuka, hanya muncul layar putih.",
                "Halaman beranda PMM memuat lama sekali, apakah sedang ada gangguan?",
            ],
            tags: ["aplikasi"]),
        SampleTopic(
            id: "lain/perangkat-ajar", weight: 5,
            subjects: ["Gagal unduh perangkat ajar", "Modul ajar tidak bisa diunggah", "Cara mencari modul ajar"],
            bodies: [
                "Perangkat ajar yang saya unduh selalu gagal di tengah jalan.",
                "Modul ajar buatan saya tidak bisa diunggah ke PMM, muncul ukuran berkas terlalu besar.",
                "Di mana saya bisa mencari modul ajar untuk fase B kurikulum merdeka?",
            ],
            tags: ["perangkat_ajar"]),
        SampleTopic(
            id: "lain/tunjangan", weight: 4,
            subjects: ["Pengaruh Pengelolaan Kinerja ke TPG", "SKTP belum terbit"],
            bodies: [
                "Apakah hasil Pengelolaan Kinerja berpengaruh ke pencairan tunjangan profesi guru?",
                "SKTP saya belum terbit semester ini, apakah ada hubungannya dengan PMM?",
            ],
            tags: ["tunjangan"]),
        SampleTopic(
            id: "lain/komunitas", weight: 3,
            subjects: ["Tidak bisa bergabung komunitas belajar", "Cara membuat komunitas belajar"],
            bodies: [
                "Saya tidak bisa bergabung ke komunitas belajar sekolah, tombol gabung tidak merespon.",
                "Bagaimana cara membuat komunitas belajar baru untuk MGMP di kabupaten kami?",
            ],
            tags: ["komunitas"]),
    ]

    static let roles = [
        "Guru", "Guru", "Guru", "Guru", "Kepala Sekolah", "Kepala Sekolah", "PLT Kepala Sekolah", "Operator Sekolah",
        "Pengawas Sekolah", "Admin BKD", "Tenaga Kependidikan",
    ]

    static let provinces = [
        "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Bengkulu", "Sumatera Selatan",
        "Kepulauan Bangka Belitung", "Lampung", "Banten", "DKI Jakarta", "Jawa Barat", "Jawa Tengah",
        "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat",
        "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara",
        "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara", "Maluku",
        "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya", "Papua Tengah", "Papua Pegunungan",
        "Papua Selatan",
    ]
    /// Rough share of tickets per province: the populous Java provinces write most.
    static let provinceWeights: [Double] = [
        3, 6, 3, 3, 1, 2, 1, 4, 1, 4, 5, 3, 14, 12, 2, 13, 2, 3, 3, 2, 1, 2, 2, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1,
        1,
        1,
    ]

    static let channels = ["web", "web", "web", "email", "whatsapp", "whatsapp", "chat", "telepon"]
    static let statuses = ["open", "open", "pending", "solved", "solved", "closed"]
    static let towns = [
        "Bandung", "Sleman", "Banyumas", "Malang", "Medan", "Padang", "Makassar", "Kupang", "Pontianak", "Ambon",
        "Jayapura", "Mataram", "Palembang", "Serang", "Kendari", "Manado", "Jember", "Garut", "Tasikmalaya", "Kediri",
    ]
    static let schoolKinds = ["SDN", "SDN", "SMPN", "SMAN", "SMKN", "MIN", "SD Negeri", "SMP Negeri"]
    static let names = [
        "Siti Aminah", "Budi Santoso", "Dewi Lestari", "Agus Salim", "Rina Marlina", "Yohanes Kaize",
        "Made Wirawan", "Nur Hidayah", "Andi Pratama", "Fransiska Lema", "Rahmat Hidayat", "Ketut Suarni",
    ]

    static let openers = [
        "", "", "", "Selamat pagi. ", "Selamat siang admin, ", "Assalamualaikum wr wb. ", "Yth. Tim Pusat Bantuan, ",
        "Halo kak, ", "Permisi, ", "Shalom, ", "Om swastiastu. ",
    ]
    static let closers = [
        "", "", "", " Terima kasih.", " Terima kasih atas bantuannya.", " Mohon segera dibantu ya.", " Matur nuwun.",
        " Tolong dibantu min.", " Wassalam.",
    ]

    /// Chat spelling and common typos, applied word by word to some tickets.
    static let chatSpelling: [String: [String]] = [
        "yang": ["yg"], "tidak": ["tdk", "gak", "ga", "gk", "nggak"], "sudah": ["udh", "sdh", "udah"],
        "belum": ["blm"], "bisa": ["bs"], "mohon": ["mhn"], "tolong": ["tlg"], "kepada": ["kpd"], "dengan": ["dgn"],
        "untuk": ["utk"], "karena": ["krn"], "bagaimana": ["bgmn", "gmn"], "saya": ["sy", "aku"],
        "sinkron": ["singkron", "sinkrom", "sinkro"],
        "verval": ["verfal"], "observasi": ["obsevasi", "obserfasi"], "dukcapil": ["dukcapill", "dukcpil"],
        "predikat": ["predikta", "prdikat"], "e-kinerja": ["ekinerja", "e kinerja"], "terima": ["trima"],
        "kasih": ["ksh"], "sekolah": ["sekolh"], "dikirim": ["dikrim"], "gagal": ["ggl"], "jadwal": ["jdwl"],
    ]
}
