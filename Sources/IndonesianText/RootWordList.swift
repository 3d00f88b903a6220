// The built-in root words, written for this project: everyday Indonesian and the words of
// teachers' help-center tickets (performance management, Verval PTK, e-Kinerja, training,
// accounts). Only roots belong here: a derived form in the list would stop the stemmer early.
extension RootWords {
    static let builtInList = """
        # a
        abad abai abdi abu acara acu ada adab adat adik adil admin adu aduh agak agama agar agenda ahli air ajak
        ajar ajuk aju akad akal akan akar akhir akibat akrab aksara akses aksi aktif aktivitas aktual akun akurat
        alam alamat alan alas alasan alat alih alir alokasi alumni aman amat ambil ambang amal amanat ambil amuk
        anak ancam andal aneh angka angkat angkut anggap anggar anggota angin aniaya anjur antar antara antre
        antri anut apa apabila apalagi aplikasi arah arsip arti asal asing asli asuh atas atau atur awal awas
        ayah ayo
        # b
        baca badan bagai bagaimana bagi bagian bahagia bahan bahas bahasa bahaya baik bakal baku balai balas balik
        banding bangga bangsa bangun banjir bantah bantu banyak barang baris baru basa basis batal batas batu
        bawa bawah bayar bayi beban beda bekal bekas bela belah belaka belanja beli benah benar bencana benci
        bentuk berapa berat beres beri berita berkas bersih besar betul biasa biaya bicara bidang bijak bikin
        bila bimbing bina bingung bintang bisa bisik bising bobot bocor bodoh bohong boleh bolong bonus buang
        buat budaya bujuk buka bukti buku bulan bulat buruk buru butuh
        # c
        cabang cabut cair cakap calon campur canggih cantum capai capek cara cari catat cekat cegah cek cemas
        cepat cerah cerdas cerita cermat cetak cipta cinta coba cocok contoh cuti cukup curiga
        # d
        daftar dahulu daerah dalam damai dampak dana dapat dasar data datang dekat demi dengan dengar depan
        derajat desa detail diam didik dinas diri disiplin dorong duduk duga dukung dulu dunia
        # e
        edar edit ejaan ekonomi ekspor elok email emban empat enak enggan entah error evaluasi
        # f
        faktor fakta fasilitas fase fitur fokus formal format formulir foto fungsi
        # g
        gabung gagal gaji gambar ganggu ganti ganda gangguan garis gaya gelar gerak giat gilir golong guna
        guru
        # h
        habis hadap hadir hak hal halaman halang hambat hampir hangat hanya hapus harap harga hari harus hasil
        hati hebat heran hidup hilang hingga hitung hormat hubung hukum hutang
        # i
        ibu ide identitas ikat ikut ilmu imbau indah induk informasi ingat ingin inovasi input insentif instansi
        instrumen isi istilah istirahat izin
        # j
        jabat jadi jadwal jalan jalur jamin jangan janji jarang jaring jasa jauh jawab jelas jemput jenis
        jenjang jika juang jual juga jumlah jurusan
        # k
        kabar kabupaten kadang kaji kala kalah kali kalimat kamar kami kampus kandung kantor karena karya
        kasih kata kategori kawal kawan kebun kecil kejar kelas kelola keliru keluar keluh kembali kembang
        kena kenal kendala kepala kepada kerja keras kesal ketik ketua khawatir khusus kini kirim kisah kita
        klaim klik koordinasi kolom komputer komunitas konfirmasi kontrak koreksi kota kuat kuasa kumpul kunci
        kurang kurikulum kursus
        # l
        laku lalu lama lambat lampir landas langkah langsung lanjut lapor lapang lasak latih lawan layan
        lebih lengkap lepas lewat libat lihat lindung lingkung lisan lokasi luar luas lulus lupa
        # m
        maaf macam madrasah mahal main maju makan maksud maksimal malam malas mampu manfaat mandiri mana mangkir
        manual marah masa masalah masuk masyarakat mata materi mati mau merdeka milik minat minggu minim minta
        mirip mohon muat muda mudah mula mulai mulia muncul murid musim musyawarah mutasi mutu
        # n
        naik nama nasional negara negeri nilai nomor normal nyaman nyata
        # o
        obat objek observasi olah operasi operator orang organisasi otomatis
        # p
        pada padu pagi paham pakai paket paksa panduan panggil panjang pantau papan para parah pasang pasti
        patuh peduli pegawai pelan penat pendek penting perintah periksa periode perlu pesan peta pikir
        pilih pimpin pindah pinjam pintar portal posisi praktik predikat prestasi prioritas produk profesi
        profil program proses provinsi pulang pulih pusat pusing putar putus
        # r
        rajin ragu ramah rancang rapat rapi rasa rata rawat rekam rekap rekan relevan rencana resmi respon
        respons ribet rinci ringan riwayat rombong rugi rujuk rumah rumus rupa rusak
        # s
        saat sabar sahabat saja saji saksi salah salin saling sama sambung sampai sandi sangat
        sanggup santun sapa saran sasar satu sebab sedang sedia segera sehat sekali sekolah selalu selesai
        semangat sempat sempurna senang sendiri sering serta sesuai setuju siap siapa siklus sikap silakan
        simpan singkat sinkron sistem situs skor sosial status suka sulit sumber sunting surat susah susun
        syarat
        # t
        tabel tahap tahu tahun tambah tampil tanda tandatangan tanggal tanggap tanggung tangan tanya tarik
        target tata tatap taut tawar tebal tekan teknis teknologi telat teliti teman tempat temu tenaga
        tentang tentu terang terap terbit terima terus tetap tiba tidak tiket timbul tindak tingkat tinggal
        tinggi tinjau tipe titik tolak tolong tombol tonton total tuju tukar tulis tunda tunggu tuntas tunjang
        tunjuk turun tutup tugas
        # u
        uang ubah ucap uji ukur ulang ulas umum unduh unggah unggul undang untuk untung upaya urus urut usaha
        usul utama utus
        # v, w, y, z
        valid validasi verifikasi versi video wajib wajar waktu walau warga warna wawancara wilayah wujud
        yakin zaman zona
        # More everyday roots.
         acuh adakan agung ajuan akrab alami ambisi anjlok antisipasi apresiasi asah asumsi 
        bagus baju balap bangku banting bantal batik bayang belok benih berani beras besuk
        bijaksana bimbang bisnis bola bosan buah bujang bulu bunga bunyi buruh busuk cahaya cadang cakup
        cambuk canda cangkok capai cela celah cemar cenderung cerai cium cuaca cuci curang dada dagang daging
        dahaga dalih dapur darat darurat datar daya debat dekap delegasi dendam denda derita desak desain
        dewasa diskusi doa dompet duka dusta edukasi efektif efisien ekor emosi enggan ganggu garap gelap
        gelisah gemar gempa gesek getar gigih gilas gosok gratis gugup gugur gulung gunung halus hambur hancur
        hantar hemat hendak hibur hijau himpun hina hujan hulu huni iklan ikhlas imbang indeks insan
        intai internet istimewa jaga jahat jaket jamu jatah jatuh jelajah jemu jenuh jinak jual jurnal kabul
        kacau kagum kaku kalut kampung kandas kantuk kapan kaya kebal kecewa kejut kelompok keluarga
        kemas kendali kendara kental kering kesan ketat khianat kikis kilat kira kisi kolaborasi komentar
        kompak kompetensi kondisi konsep konsultasi kontribusi kosong kreatif kritik kuliah kumpul kupas
        labuh ladang lahir lalai lamar lampau lancar landai langgar langka lantai lantas lapis larang laris
        latar layak lelah lemah lembaga lembar lempar lengah letak letih libur lihai lilit lintas lolos
        lompat longgar luang lucu lulus lunas lurus mahir makmur maklum malu mandek mangsa manis mantap mapan
        marak masak megah mekar menang merah merosot mesra minggu minum misal
        mogok mundur murah murni musnah mustahil nafkah nasihat nikmat nyala nyawa olahraga ombak ongkos
        padat padam pahala pahit paksa palsu pancing pandang pandai pangkat panik papar pasrah patah patok
        pecah pegang pekan peluk pelihara peluang penuh peran percaya pergi pesat petik piket pinggir
        piutang pokok potong puas puji pukul punya puruk raih rakit ramai rampung rangkum rantau rapuh
        rasio rebut redup rekomendasi remaja rendah rentan repot resah retak ribut ringkas risiko robek
        rombak runtuh sadar sahut sakit salur sandang sangkut sarjana sayang sebar segar sekat selamat
        selidik semarak sembuh sempit senyum sepakat sepi serah serang sewa sibuk sidang sikat silang simak
        simpul sisa sisi sokong sorot suara subur sukses sumbang sungguh surut susul syukur tabung tahan
        tajam takut tampung tangkap tanam tantang tari tawar tegas teguh tekun telusur tempuh tenang tepat
        terbang terka ternak tertib tiru tuan tuduh tumbuh tunai turut tusuk ujung ulur umpama unik unjuk
        upah urai utang wadah wafat warung wasiat waspada wisata
        henti dadak erti
        # Words of this domain.
        akreditasi anggaran apel asesmen beranda bimtek dapodik daring dokumen draf ekinerja fasilitator
        honorer implementasi indikator integrasi jabatan kepegawaian kinerja kompetensi laksana luring
        mandiri mentor modul notifikasi nuptk operator pengaruh peringkat perangkat platform
        portofolio praktik rapor refleksi regulasi rekognisi sertifikat sertifikasi sinkron skp supervisi
        tunjangan unit verval
        # Common function words and everyday roots the stemmer must leave alone.
        ada akan atau bagi belum bila bisa dari dan dengan di hanya ini itu jika juga ke kenapa kok lagi
        mana masih mengapa nanti oleh pada para pun saat saja sampai sedang sejak semua sudah supaya tapi
        tetapi untuk yang
        """
}
