/// What writers put around their problem: a greeting and a thanks, or at length who they are,
/// their school, what happened to them, what they tried. The trainer wraps every example both
/// ways, so the model learns that these words say nothing about which issue a ticket is about,
/// and so the confidence is calibrated on long tickets too. Deterministic. (The test sets'
/// background is written apart.)
enum TicketBackground {
    /// Each text in a brief opening and closing (either may be missing).
    static func briefly(_ texts: [String]) -> [String] {
        let openings = [
            "Selamat pagi, saya guru di SDN 2 Bandung. ", "Selamat siang admin, saya kepala sekolah SMPN 1 Malang. ",
            "Assalamualaikum, saya operator sekolah di SMKN 3 Medan. ", "Yth. Tim Pusat Bantuan PMM, ",
            "Halo kak, saya PLT kepala sekolah. ", "Permisi, mau tanya. ",
            "Dengan hormat, saya pegawai di sekolah kami. ",
            "Selamat sore, saya guru honorer. ", "",
        ]
        let closings = [
            " Mohon bantuannya. Terima kasih.", " Terima kasih atas perhatiannya.", " Mohon segera dibantu.",
            " NIP saya 198001012005011001.", " Nomor HP saya 081234567890.", " Wassalam.", " Salam, Siti.", "",
        ]
        var random = SplitMix64(seed: 99)
        return texts.map { openings[random.below(openings.count)] + $0 + closings[random.below(closings.count)] }
    }

    /// Each text told at length (`wrap`), the n-th in the n-th variant.
    static func atLength(_ texts: [String]) -> [String] {
        var random = SplitMix64(seed: 31)
        return texts.indices.map { wrap(texts[$0], variant: $0, random: &random) }
    }

    static let openings = [
        "Assalamualaikum wr. wb. Bapak dan Ibu admin yang baik.",
        "Selamat malam, maaf saya menulis selarut ini.",
        "Kepada yang terhormat petugas layanan, salam hangat dari kami.",
        "Halo kak, semoga sehat selalu dan lancar pekerjaannya.",
        "Dengan hormat, bersama surat elektronik ini saya ingin menyampaikan sesuatu.",
        "Pagi min, izin bertanya.",
    ]

    static let middles = [
        // Who is writing
        "Nama saya Ibu Ratna, guru kelas lima di sebuah sekolah dasar negeri.",
        "Saya sudah dua puluh tahun mengajar IPA dan baru tahun ini memakai aplikasi seperti ini.",
        "Kebetulan saya juga ditugasi sebagai operator cadangan karena operator kami sedang cuti melahirkan.",
        "Saya guru PJOK yang sehari-hari lebih banyak di lapangan daripada di depan komputer.",
        "Saya mengajar di madrasah swasta dan merangkap sebagai staf tata usaha.",
        // The school
        "Sekolah kami terletak di desa perbatasan, jalannya rusak kalau musim hujan.",
        "Jumlah rombongan belajar di sekolah kami ada dua belas dengan enam ratus siswa.",
        "Internet di sekolah memakai paket data pribadi karena wifi sekolah sudah lama mati.",
        "Sekolah kami baru saja berganti kepala sekolah pada awal semester ini.",
        "Gedung kami dipakai bergantian dengan SMP satu atap di sebelahnya.",
        // What happened meanwhile
        "Bulan ini saya juga sedang mengurus mutasi ke kabupaten tempat suami bekerja.",
        "Ibu saya sedang sakit di kampung sehingga saya sering pulang pergi.",
        "Kemarin kami ada kegiatan perkemahan selama tiga hari jadi baru sempat menulis sekarang.",
        "Saya sudah bertanya ke grup WhatsApp guru se-kecamatan tetapi belum ada yang bisa menjawab.",
        "Di kantor dinas saya disarankan untuk langsung menghubungi layanan ini.",
        "Sebelumnya saya sudah pernah mengirim pesan lewat formulir, tetapi belum ada balasan.",
        "Batas waktunya sebentar lagi dan kepala sekolah terus menanyakan perkembangannya.",
        // What was tried
        "Sudah saya coba berulang kali dari pagi sampai sore dengan hasil yang sama.",
        "HP saya sudah saya mulai ulang dan memorinya juga sudah saya kosongkan.",
        "Saya juga sudah memakai jaringan lain, dari wifi ke data seluler.",
        "Saya sudah membaca panduan di situs resmi tetapi masih bingung.",
        "Teman saya yang lebih paham komputer juga sudah membantu memeriksanya.",
        "Laptop yang saya pakai sistemnya Windows 10 dan peramban Chrome terbaru.",
    ]

    static let closings = [
        "Demikian pesan saya, atas bantuannya saya ucapkan terima kasih.",
        "Mohon maaf kalau tulisan saya kurang jelas, maklum sudah tua.",
        "Saya sangat berharap ada jalan keluarnya secepatnya.",
        "Terima kasih, salam dari kami para guru di daerah.",
        "Wassalamualaikum wr. wb.",
        "Hormat saya, guru yang membutuhkan bantuan.",
    ]

    /// A background of three to seven middle sentences around a text; the text stands first
    /// (after the opening), in the middle or last (before the closing), as `variant` picks.
    static func wrap(_ text: String, variant: Int, random: inout SplitMix64) -> String {
        var chosen = middles.shuffled(using: &random).prefix(3 + random.below(5)).map { $0 }
        let position = [0, chosen.count / 2, chosen.count][variant % 3]
        chosen.insert(text, at: position)
        return ([openings[random.below(openings.count)]] + chosen + [closings[random.below(closings.count)]])
            .joined(separator: variant % 2 == 0 ? " " : "\n\n")
    }
}
