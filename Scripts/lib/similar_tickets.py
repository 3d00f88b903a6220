#!/usr/bin/env python3
"""Tickets for the similar-tickets and duplicates benchmark, with the truth beside them.

Its own generator, not the sample's phrasing: teachers write about eight problems in their own
words; some send the same request again the way people do (another greeting, typos, chat
spellings, the sentences the other way round, a forwarded-mail header, a phone's footer, another
channel, "this is the second time"); some write about another problem within days; many
different teachers write about the same problem. Where the export has no requester, the contact
is in the text (an e-mail address or a phone number, written differently each time).

    similar_tickets.py generate COUNT SEED OUT.csv TRUTH.tsv
    similar_tickets.py duplicates PAIRS.tsv TRUTH.tsv   (what ingest marked, "ticket<TAB>first" per line)
    similar_tickets.py queries TRUTH.tsv N SEED         (ids to look up: first requests, no copies)
    similar_tickets.py majority TRUTH.tsv RESULTS.jsonl IDS   (majority issue of each top 5)
"""
import csv
import datetime
import json
import os
import random
import sys
from collections import Counter

# With SIMILAR_CHECK=1, a figure below its target ends the run with an error (CI).
CHECK = os.environ.get("SIMILAR_CHECK") == "1"

# Each problem: subjects, and statements of it (slots in braces are picked per ticket).
PROBLEMS = {
    "sync-button": {
        "subjects": ["Tombol sinkron hilang", "tidak ada tombol sinkronisasi PMM", "Sinkron PMM ke e-Kinerja",
                     "menu sinkron tidak tampil"],
        "says": ["Di halaman e-Kinerja BKN saya tidak menemukan tombol {sync} untuk data PMM.",
                 "Tombol {sync} PMM tidak tampil di akun e-Kinerja saya, padahal rekan guru lain sudah ada.",
                 "Saya mau {pull} hasil kinerja dari PMM tapi pilihan {sync} tidak tersedia di e-Kinerja.",
                 "Akun e-Kinerja BKN saya belum punya menu {sync} ke Platform Merdeka Mengajar."],
        "slots": {"sync": ["sinkron", "sinkronisasi", "sync"], "pull": ["menarik", "mengambil", "memindahkan"]},
    },
    "sync-fails": {
        "subjects": ["Sinkronisasi gagal terus", "gagal sinkron data kinerja", "Error saat sinkron",
                     "Proses sinkron tidak berhasil"],
        "says": ["Tombol sinkron sudah ada, tetapi setiap saya tekan muncul pesan {error}.",
                 "Sinkronisasi dari PMM ke e-Kinerja selalu {fails} dengan keterangan {error}.",
                 "Saat menekan sinkron, prosesnya berputar lama lalu {fails}.",
                 "Data kinerja tidak pindah ke e-Kinerja karena sinkronisasi {fails}."],
        "slots": {"error": ["gagal memuat data", "terjadi kesalahan", "server error 500", "data tidak ditemukan"],
                  "fails": ["gagal", "error", "berhenti", "tidak berhasil"]},
    },
    "verval-rejected": {
        "subjects": ["Pengajuan Verval PTK ditolak", "perbaikan data ptk ditolak dukcapil", "Verval PTK tidak disetujui",
                     "Data identitas ditolak"],
        "says": ["Pengajuan perbaikan {data} di Verval PTK ditolak dengan alasan tidak cocok dengan Dukcapil.",
                 "Operator sekolah sudah mengajukan perbaikan {data} saya, tetapi statusnya ditolak Dukcapil.",
                 "Verval PTK menolak pembaruan {data} saya padahal KTP saya sudah benar.",
                 "Hasil verifikasi {data} di Verval PTK tertulis tidak sesuai data kependudukan."],
        "slots": {"data": ["tanggal lahir", "nama ibu kandung", "NIK", "identitas", "nama lengkap"]},
    },
    "rhk-missing": {
        "subjects": ["RHK tidak muncul", "Rencana hasil kerja kosong", "hasil kerja belum tampil di PMM",
                     "SKP tidak terbaca di PMM"],
        "says": ["Rencana hasil kerja yang sudah saya isi di e-Kinerja tidak {appear} di PMM.",
                 "Di menu pengelolaan kinerja PMM, daftar RHK saya {empty}.",
                 "SKP tahun ini tidak {appear} di PMM walaupun sudah disetujui atasan.",
                 "Halaman perencanaan kinerja di PMM {empty} sehingga saya tidak bisa memilih praktik kinerja."],
        "slots": {"appear": ["muncul", "tampil", "terbaca"], "empty": ["kosong", "masih kosong", "tidak ada isinya"]},
    },
    "account-locked": {
        "subjects": ["Akun belajar.id terkunci", "tidak bisa login akun belajar id", "Lupa kata sandi belajar.id",
                     "Akun terblokir"],
        "says": ["Akun belajar.id saya {locked} setelah beberapa kali salah memasukkan kata sandi.",
                 "Saya tidak bisa masuk ke PMM karena akun belajar.id {locked}.",
                 "Saat login muncul pesan akun {locked}, mohon dibukakan kembali.",
                 "Saya lupa kata sandi akun belajar.id dan sekarang akunnya {locked}."],
        "slots": {"locked": ["terkunci", "diblokir", "dinonaktifkan sementara"]},
    },
    "certificate": {
        "subjects": ["Sertifikat pelatihan tidak bisa diunduh", "sertifikat belum terbit", "Unduh sertifikat gagal",
                     "Sertifikat pelatihan mandiri"],
        "says": ["Saya sudah menyelesaikan pelatihan mandiri {topic} tetapi sertifikatnya tidak bisa {download}.",
                 "Tombol {download} sertifikat pelatihan {topic} tidak berfungsi.",
                 "Sertifikat pelatihan {topic} belum terbit padahal semua modul dan aksi nyata sudah selesai.",
                 "Saat {download} sertifikat pelatihan muncul halaman kosong."],
        "slots": {"topic": ["kurikulum merdeka", "asesmen", "P5", "literasi"], "download": ["diunduh", "unduh", "download"]},
    },
    "observation": {
        "subjects": ["Jadwal observasi tidak tersimpan", "observasi kelas error", "Tidak bisa atur observasi",
                     "Observasi kepala sekolah"],
        "says": ["Kepala sekolah tidak bisa menyimpan jadwal observasi {class} saya di PMM.",
                 "Saat mengisi jadwal observasi, tombol simpan tidak {react}.",
                 "Jadwal observasi {class} yang sudah dibuat hilang setelah halaman dimuat ulang.",
                 "Menu observasi praktik kinerja tidak {react} ketika tanggal dipilih."],
        "slots": {"class": ["kelas", "pembelajaran", "praktik mengajar"], "react": ["merespons", "berfungsi", "bisa diklik"]},
    },
    "nuptk-name": {
        "subjects": ["Nama di PMM salah", "NUPTK tidak sesuai", "gelar tidak muncul di PMM", "Data nama keliru"],
        "says": ["Nama saya di PMM tertulis {wrong} dan tidak sama dengan SK.",
                 "NUPTK di profil PMM saya {wrong}, bagaimana cara memperbaikinya?",
                 "Gelar saya tidak tercantum di profil PMM, namanya {wrong}.",
                 "Profil PMM menampilkan nama orang lain, datanya {wrong}."],
        "slots": {"wrong": ["salah", "keliru", "tidak sesuai", "berbeda"]},
    },
}
GREETINGS = ["Selamat pagi.", "Selamat siang admin.", "Assalamualaikum wr wb.", "Halo tim Pusat Bantuan,", "Yth. Admin PMM,",
             "Permisi kak,", "Salam sejahtera.", "Om swastiastu.", "", ""]
CLOSINGS = ["Terima kasih.", "Mohon bantuannya.", "Atas perhatiannya saya ucapkan terima kasih.", "Mohon segera ditindaklanjuti.",
            "Terima kasih banyak, salam.", ""]
INTROS = ["Saya {name}, guru {subject} di {school}.", "Perkenalkan saya {name} dari {school}.",
          "Saya operator di {school}.", "Saya guru kelas di {school}.", ""]
DETAILS = ["Sudah saya coba beberapa kali sejak minggu lalu.", "Saya sudah keluar masuk aplikasi tetapi tetap sama.",
           "Sudah saya coba di laptop dan di HP.", "Rekan saya di sekolah tidak mengalami hal ini.", "", ""]
AGAIN = ["Ini sudah kedua kalinya saya kirim, belum ada jawaban.", "Mohon maaf saya kirim ulang karena belum dibalas.",
         "Saya tanyakan lagi ya.", ""]
FIRST = ["Budi", "Siti", "Ahmad", "Dewi", "Agus", "Rina", "Made", "Yohanes", "Nur", "Wayan", "Fitri", "Hendra", "Lestari",
         "Joko", "Maria", "Rahmat", "Putu", "Ani", "Dedi", "Sri"]
LAST = ["Santoso", "Rahayu", "Hidayat", "Lestari", "Saputra", "Wijaya", "Kurniawan", "Siregar", "Nasution", "Pratama",
        "Susanti", "Sitorus", "Manurung", "Hasibuan", "Purba", "Simanjuntak"]
SUBJECTS = ["matematika", "IPA", "bahasa Indonesia", "PJOK", "seni budaya", "IPS"]
SHORT = {"yang": "yg", "tidak": "tdk", "saya": "sy", "sudah": "sdh", "dengan": "dgn", "sekolah": "sklh",
         "karena": "krn", "belum": "blm", "bisa": "bs", "terima kasih": "makasih", "tetapi": "tp", "untuk": "utk"}
PHONES = ["Samsung", "iPhone", "Xiaomi", "OPPO", "vivo"]
CHANNELS = ["web", "email", "whatsapp", "chat"]
START = datetime.datetime(2024, 1, 1, 7, 0)


def fill(template, rng, slots):
    out = template
    for key, values in slots.items():
        while "{" + key + "}" in out:
            out = out.replace("{" + key + "}", rng.choice(values), 1)
    return out


def original(rng, teacher, problem):
    spec = PROBLEMS[problem]
    says = rng.sample(spec["says"], 2)
    sentences = [fill(s, rng, spec["slots"]) for s in says]
    detail = rng.choice(DETAILS)
    if detail:
        sentences.insert(rng.randrange(len(sentences) + 1), detail)
    intro = rng.choice(INTROS).format(**teacher)
    parts = [rng.choice(GREETINGS), intro] + sentences + [rng.choice(CLOSINGS)]
    return rng.choice(spec["subjects"]), [p for p in parts if p]


def typo(word, rng):
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


def resend(rng, teacher, subject, sentences, when, contact_line):
    """The same request again, changed the ways people change it (the contact, if any, last in the body)."""
    body = [s for s in sentences if s not in GREETINGS and s not in CLOSINGS]
    changes = rng.sample(["greeting", "typos", "short", "reorder", "forward", "footer", "again", "subject"],
                         rng.randint(2, 4))
    if "reorder" in changes:
        rng.shuffle(body)
    if "again" in changes:
        body.insert(0, rng.choice(AGAIN[:-1]))
    text = " ".join(body)
    if "typos" in changes:
        words = text.split(" ")
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(words))
            words[k] = typo(words[k], rng)
        text = " ".join(words)
    if "short" in changes:
        for long, short in SHORT.items():
            text = text.replace(" " + long + " ", " " + short + " ")
        text = text.lower()
    greeting = rng.choice(GREETINGS) if "greeting" in changes else ""
    closing = rng.choice(CLOSINGS) if "greeting" in changes else ""
    text = " ".join(p for p in [greeting, text, closing, contact_line] if p)
    if "forward" in changes:
        text = (f"---------- Forwarded message ---------\nDari: {teacher['name']} <{teacher['email']}>\n"
                f"Tanggal: {when:%d/%m/%Y %H:%M}\nSubjek: {subject}\nKepada: Pusat Bantuan\n\n" + text)
    if "footer" in changes:
        text += f"\n\nDikirim dari {rng.choice(PHONES)} saya"
    if "subject" in changes:
        subject = rng.choice(["Re: " + subject, subject.lower(), "Fwd: " + subject, "Mohon bantuan"])
    return subject, text, "+".join(sorted(changes))


def contact(rng, teacher, written_before=None):
    """How a teacher without a requester column writes their contact: e-mail or phone, grouped anyhow."""
    if teacher["contact"] == "email":
        return f"Email saya {teacher['email']}."
    digits = teacher["phone"]
    style = rng.randrange(4)
    shown = {0: "0" + digits, 1: "+62 " + digits[:3] + " " + digits[3:7] + " " + digits[7:],
             2: "0" + digits[:3] + "-" + digits[3:7] + "-" + digits[7:], 3: "62" + digits}[style]
    return f"No HP/WA {shown}."


def generate(count, seed, out_path, truth_path):
    rng = random.Random(seed)
    teachers = []
    n_teachers = max(10, count // 3)
    for n in range(n_teachers):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        roll = rng.random()
        teachers.append({
            "name": f"{first} {last}", "subject": rng.choice(SUBJECTS),
            "school": f"SD Negeri {rng.randint(1, 400)} {rng.choice(['Medan', 'Kupang', 'Sleman', 'Gowa', 'Ambon', 'Garut'])}",
            "email": f"{first.lower()}.{last.lower()}{n}@guru.sd.belajar.id",
            "phone": "8" + "".join(str(rng.randrange(10)) for _ in range(rng.randint(9, 10))),
            # Most exports name the requester; some only the text does; a few neither.
            "source": "column" if roll < 0.8 else ("text" if roll < 0.97 else "none"),
            "contact": rng.choice(["email", "phone"]),
        })
    rows = []
    span = 365 * 24 * 3600
    problems = list(PROBLEMS)
    weights = [5, 3, 3, 3, 4, 2, 2, 2]
    # When each teacher wrote about each problem: a teacher's new request about a problem comes
    # more than two weeks after their last one (else it would be the same request).
    asked = {}
    while len(rows) < count:
        teacher = rng.choice(teachers)
        problem = rng.choices(problems, weights)[0]
        when = START + datetime.timedelta(seconds=rng.randrange(span))
        times = asked.setdefault((teacher["email"], problem), [])
        if any(abs((when - t).days) < 16 for t in times):
            continue
        times.append(when)
        subject, sentences = original(rng, teacher, problem)
        first_id = f"T{len(rows) + 1:07d}"
        text = " ".join(sentences)
        if teacher["source"] == "text":
            text += " " + contact(rng, teacher)
        rows.append((first_id, when, subject, text, teacher, rng.choice(CHANNELS), problem, first_id, "original"))
        roll = rng.random()
        if roll < 0.3:
            # The same request again, once or twice, within ten days.
            for _ in range(rng.choice([1, 1, 2])):
                later = when + datetime.timedelta(seconds=rng.randrange(3600, 10 * 24 * 3600))
                written = contact(rng, teacher) if teacher["source"] == "text" else ""
                s, t, changed = resend(rng, teacher, subject, sentences, later, written)
                rows.append((f"T{len(rows) + 1:07d}", later, s, t, teacher, rng.choice(CHANNELS), problem, first_id,
                             "resend:" + changed))
        elif roll < 0.4:
            # Another problem of the same teacher within days: not a duplicate.
            other = rng.choice([p for p in problems if p != problem])
            later = when + datetime.timedelta(seconds=rng.randrange(3600, 7 * 24 * 3600))
            others = asked.setdefault((teacher["email"], other), [])
            if any(abs((later - t).days) < 16 for t in others):
                continue
            others.append(later)
            s, sent = original(rng, teacher, other)
            t = " ".join(sent)
            if teacher["source"] == "text":
                t += " " + contact(rng, teacher)
            rid = f"T{len(rows) + 1:07d}"
            rows.append((rid, later, s, t, teacher, rng.choice(CHANNELS), other, rid, "other-problem"))
        elif roll < 0.45:
            # The same problem, asked anew more than two weeks later: a new request.
            later = when + datetime.timedelta(days=rng.randint(16, 60))
            if any(abs((later - t).days) < 16 for t in times if t != when):
                continue
            times.append(later)
            s, sent = original(rng, teacher, problem)
            t = " ".join(sent)
            if teacher["source"] == "text":
                t += " " + contact(rng, teacher)
            rid = f"T{len(rows) + 1:07d}"
            rows.append((rid, later, s, t, teacher, rng.choice(CHANNELS), problem, rid, "new-request"))
    rows = rows[:count]
    # Exports list tickets in time order, as help desks do.
    rows.sort(key=lambda r: r[1])
    with open(out_path, "w", newline="") as f, open(truth_path, "w") as truth:
        w = csv.writer(f)
        w.writerow(["id", "created_at", "subject", "description", "requester", "channel"])
        for rid, when, subject, text, teacher, channel, problem, first_id, kind in rows:
            requester = teacher["email"] if teacher["source"] == "column" else ""
            w.writerow([rid, when.strftime("%Y-%m-%d %H:%M:%S"), subject, text, requester, channel])
            truth.write(f"{rid}\t{problem}\t{first_id}\t{kind}\t{teacher['source']}\n")


def read_truth(path):
    truth = {}
    for line in open(path):
        rid, problem, first_id, kind, source = line.rstrip("\n").split("\t")
        truth[rid] = (problem, first_id, kind.split(":")[0], source, kind.partition(":")[2])
    return truth


def duplicates(pairs_path, truth_path):
    truth = read_truth(truth_path)
    marked = dict(line.rstrip("\n").split("\t") for line in open(pairs_path) if line.strip())
    resends = [rid for rid, t in truth.items() if t[2] == "resend"]
    detectable = [rid for rid in resends if truth[rid][3] != "none"]
    # A pair is right when both are copies of one request (a later copy may be marked a copy of
    # an earlier copy's first, or of that copy when the first itself was missed).
    def same(rid, first):
        return rid in truth and first in truth and truth[rid][1] == truth[first][1]
    right = sum(1 for rid, first in marked.items() if same(rid, first))
    wrong = len(marked) - right
    found = {r for r in resends if r in marked and same(r, marked[r])}
    missed = Counter(c for r in detectable if r not in found for c in truth[r][4].split("+"))
    print(json.dumps({
        "tickets": len(truth), "resends": len(resends), "resends_detectable": len(detectable),
        "marked": len(marked), "marked_right": right, "marked_wrong": wrong,
        "precision": round(right / max(1, len(marked)), 4),
        "recall": round(len(found) / max(1, len(resends)), 4),
        "recall_detectable": round(sum(1 for r in detectable if r in found) / max(1, len(detectable)), 4),
        "wrong_kinds": dict(Counter(truth[rid][2] for rid, first in marked.items() if not same(rid, first))),
        "missed_changes": dict(missed.most_common()),
    }))
    precision = right / max(1, len(marked))
    recall = len(found) / max(1, len(resends))
    if CHECK and (precision < 0.99 or recall < 0.95):
        sys.exit(f"duplicates below target: precision {precision:.4f} (>= 0.99), recall {recall:.4f} (>= 0.95)")


def queries(truth_path, n, seed):
    truth = read_truth(truth_path)
    copied = {t[1] for t in truth.values() if t[2] == "resend"}
    firsts = sorted(rid for rid, t in truth.items() if t[2] == "original" and rid not in copied)
    # Not the first thousand: every query has earlier tickets about its problem.
    pool = firsts[len(firsts) // 10:]
    print(" ".join(random.Random(seed).sample(pool, min(n, len(pool)))))


def majority(truth_path, results_path, ids_path):
    truth = read_truth(truth_path)
    ids = open(ids_path).read().split()
    right = 0
    empty = 0
    for rid, line in zip(ids, open(results_path)):
        found = json.loads(line)
        if not found:
            empty += 1
            continue
        votes = Counter(truth[f["ticket"]][0] for f in found)
        top, _ = votes.most_common(1)[0]
        right += top == truth[rid][0]
    print(json.dumps({"queries": len(ids), "majority_right": right, "no_result": empty,
                      "share": round(right / max(1, len(ids)), 4)}))
    if CHECK and right / max(1, len(ids)) < 0.9:
        sys.exit(f"similar tickets below target: majority issue right for {right} of {len(ids)} (>= 90 %)")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif command == "duplicates":
        duplicates(sys.argv[2], sys.argv[3])
    elif command == "queries":
        queries(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif command == "majority":
        majority(sys.argv[2], sys.argv[3], sys.argv[4])
