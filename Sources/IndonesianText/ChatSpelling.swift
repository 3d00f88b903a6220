/// How help-center tickets spell words, mapped to standard Indonesian: chat abbreviations and the
/// common misspellings of the domain's own terms. A value of several words becomes several tokens.
public enum ChatSpelling {
    /// Chat spelling → the word it stands for.
    public static let table: [String: String] = {
        var table: [String: String] = [:]
        for (standard, forms) in groups {
            for form in forms.split(separator: " ") { table[String(form)] = standard }
        }
        return table
    }()

    /// Standard form, then the ways tickets write it.
    static let groups: [(String, String)] = [
        ("yang", "yg yng"), ("tidak", "tdk tdak gak ga gk g nggak ngga enggak engga gak nda ndak tak"),
        ("sudah", "udh sdh udah dah sudh sdah"), ("belum", "blm blom belom blum"), ("bisa", "bs bsa bza"),
        ("bagaimana", "bgmn bgmna bgaimana gmn gmna gimana gmana"), ("kenapa", "knp knapa napa"),
        ("saya", "sy sya saia"), ("aku", "aq ak"), ("bapak", "bpk bp pak"), ("ibu", "bu"),
        ("mohon", "mhn mohn"), ("tolong", "tlg tlong tolongin pls plis please"),
        ("terima kasih", "trims trimakasih terimakasih makasih mksh mkasih thx tks tq trmksh makasi mksi"),
        ("kepada", "kpd"), ("dengan", "dgn dg"), ("untuk", "utk untk tuk"), ("karena", "krn krna karna"),
        ("dan lain lain", "dll dsb"), ("juga", "jg jga"), ("tapi", "tp tpi"), ("kalau", "klo kalo kl klu"),
        ("lagi", "lg lgi"), ("dari", "dr dri"), ("pada", "pd"), ("seperti", "spt sprti kyk kayak"),
        ("sekarang", "skrg skrng skg"), ("sebelum", "sblm"), ("sebelumnya", "sblmnya"), ("setelah", "stlh sesudah"),
        ("hari", "hr"), ("bulan", "bln"), ("tahun", "thn"), ("tanggal", "tgl"), ("orang", "org"),
        ("sama", "sm sma"), ("semua", "smua smw"), ("banyak", "bnyk byk"), ("harus", "hrs hrus"),
        ("masih", "msh msih masi"), ("dapat", "dpt dapet"), ("atau", "ato atw"), ("saja", "aja aj"),
        ("begitu", "gitu"), ("begini", "gini"), ("memang", "emg emang"), ("benar", "bener bnr"),
        ("admin", "min mimin"), ("nomor", "nmr no"), ("whatsapp", "wa"), ("berapa", "brp"),
        ("maksud", "mksd"), ("terus", "trus trs"), ("beberapa", "bbrp"), ("jadi", "jd jdi"),
        ("jadwal", "jdwl jadwl"), ("sampai", "smpe sampe smp"), ("kemarin", "kmrn kmarin"),
        ("padahal", "pdhl pdahal"), ("tetap", "tetep ttp"), ("tentang", "ttg"), ("terhadap", "thd"),
        ("dalam", "dlm"), ("kami", "kmi"), ("kita", "kt"), ("sebagai", "sbg sbgai"),
        ("yang terhormat", "yth"), ("kepala sekolah", "kepsek"), ("segera", "sgr"), ("gagal", "ggl"),
        ("sekolah", "sklh sekolh"),
        ("kirim", "krm ngirim"), ("isi", "ngisi"), ("input", "nginput inpt"), ("error", "eror erorr eror"),
        ("aplikasi", "apk aplikas"), ("email", "e-mail imel"), ("kata sandi", "password pasword pswd"),
        // Misspellings of the domain's own terms.
        ("sinkron", "singkron sinkrom sinkro singkro singkrom sinkorn"), ("sinkronisasi", "singkronisasi"),
        ("dukcapil", "dukcapill dukcpil dukcapi dukcapl disdukcapil"), ("verval", "verfal ferval vervall verv"),
        ("observasi", "obsevasi obserfasi observsi obsrvasi obsevrasi observas"),
        ("predikat", "predikta prdikat predikad predkat"), ("e-kinerja", "ekinerja ekinerj e-kinerj"),
        ("kinerja", "kinerj kenerja"), ("pengelolaan", "pengelolan pengeloaan"),
        // The platform's parts as teachers shorten them.
        ("pelatihan mandiri", "pelmand"), ("sertifikat", "sertif"),
    ]
}
