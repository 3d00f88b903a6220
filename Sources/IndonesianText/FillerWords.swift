/// Words that say nothing about a ticket's problem: greetings, thanks, pronouns, question
/// words, politeness and fillers, as stems. Neither evidence shown to agents nor the words that
/// describe a cluster of tickets are made of these.
public enum FillerWords {
    /// The filler words, stemmed.
    public static let stems: Set<String> = [
        "saya", "aku", "kami", "kita", "anda", "bapak", "ibu", "pak", "bu", "kak", "kakak", "min", "admin", "om",
        "yang", "dan", "di", "ke", "dari", "untuk", "pada", "dengan", "ini", "itu", "ada", "tidak", "sudah", "belum",
        "bisa", "akan", "juga", "atau", "karena", "agar", "supaya", "mohon", "tolong", "bantu", "terima", "kasih",
        "selamat", "pagi", "siang", "sore", "malam", "halo", "hai", "assalamualaikum", "waalaikumsalam", "wassalam",
        "salam", "permisi", "maaf", "ya", "dong", "sih", "nih", "mau", "ingin", "tanya", "bagaimana", "apa", "kenapa",
        "mengapa", "kapan", "mana", "gimana", "cara", "sama", "lagi", "masih", "sangat", "sekali", "terus", "kok",
        "hormat", "yth", "atas", "perhati", "swastiastu", "shalom", "rahayu", "sampurasun", "harap", "segera",
        "jadi", "kalau", "jika", "tapi", "tetapi", "namun", "padahal", "sejak", "sampai", "oleh", "para", "semua",
        "tersebut", "hal", "sebagai", "bila", "apakah", "nya", "lah", "kah", "pun", "punya", "buat", "dapat", "telah",
        "dalam", "harus", "satu", "dua", "tiga", "beberapa", "setiap", "kali", "lain", "hanya", "saat", "selalu",
        "sering", "baru", "lama", "tadi", "kemarin", "hari", "sekarang", "langsung", "coba", "lihat", "tahu",
        "walau", "walaupun", "meski", "meskipun", "malah", "bahkan", "justru", "lalu", "kemudian", "ketika",
        "sehingga", "maka", "pula", "saja", "kan", "deh",
    ]

    /// Whether every word of a stemmed phrase (words separated by spaces) is a filler.
    public static func isFiller(_ phrase: String) -> Bool {
        phrase.split(separator: " ").allSatisfy { stems.contains(String($0)) }
    }
}
