#!/usr/bin/python3
"""Deterministic data for asemdb's export benchmark (standard library only).

  gen_data.py big   --rows N --out FILE.db      one wide table, `members`
  gen_data.py forum --asemdb BIN --participants N --out FILE.db

`big` writes table `members` (11 columns) shaped like the reference benchmark's:
id INTEGER PRIMARY KEY, username, email, country (some non-ASCII, some with
',' '&' or an apostrophe), iso2, region, joined (ISO date), last_seen (ISO
date-time), posts INTEGER (heavy-tailed), karma REAL (2 decimals), note TEXT
(3 to 40 words, about 15 % NULL, some with '"' '&' '<' and non-ASCII, about
1 % with a line break).

`forum` builds the forum's own database with `asemdb init` and adds generated
people around it: `participant` (N people from the member states, with
organisation, e-mail and telephone), `contact` (about 2 per participant: a
dated exchange with a subject and notes) and `participation` (about 4 per
participant: who attended which meeting in which role). The seeded tables are
untouched, so the reports and views still work.

The same arguments always give the same rows: one seeded random.Random drives
every choice, and nothing depends on the clock or the platform.
"""
import argparse
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys

SEED = 7_2026

# name, ISO 3166-1 alpha-2, region, weight
COUNTRIES = [
    ("Germany", "DE", "EU", 60), ("France", "FR", "EU", 45), ("Italy", "IT", "EU", 30),
    ("Spain", "ES", "EU", 28), ("Netherlands", "NL", "EU", 18), ("Poland", "PL", "EU", 20),
    ("Sweden", "SE", "EU", 10), ("Finland", "FI", "EU", 8), ("Österreich", "AT", "EU", 8),
    ("Česko", "CZ", "EU", 9), ("Portugal", "PT", "EU", 9), ("Ireland", "IE", "EU", 5),
    ("United Kingdom", "GB", "Other Europe", 40), ("Norway", "NO", "Other Europe", 6),
    ("Switzerland", "CH", "Other Europe", 7), ("Türkiye", "TR", "Other Europe", 14),
    ("Bosnia & Herzegovina", "BA", "Other Europe", 2), ("Ukraine", "UA", "Other Europe", 12),
    ("Indonesia", "ID", "ASEAN", 25), ("Viet Nam", "VN", "ASEAN", 20), ("Philippines", "PH", "ASEAN", 18),
    ("Thailand", "TH", "ASEAN", 15), ("Malaysia", "MY", "ASEAN", 12), ("Singapore", "SG", "ASEAN", 8),
    ("Lao People's Democratic Republic", "LA", "ASEAN", 2), ("Cambodia", "KH", "ASEAN", 3),
    ("Japan", "JP", "Other Asia", 30), ("Korea, Republic of", "KR", "Other Asia", 18),
    ("India", "IN", "Other Asia", 50), ("China", "CN", "Other Asia", 35), ("Taiwan", "TW", "Other Asia", 8),
    ("Pakistan", "PK", "Other Asia", 10), ("Bangladesh", "BD", "Other Asia", 7),
    ("United States", "US", "North America", 90), ("Canada", "CA", "North America", 25),
    ("Mexico", "MX", "Latin America", 18), ("Brazil", "BR", "Latin America", 30),
    ("Argentina", "AR", "Latin America", 10), ("Colombia", "CO", "Latin America", 8),
    ("Nigeria", "NG", "Africa", 12), ("Kenya", "KE", "Africa", 6), ("South Africa", "ZA", "Africa", 9),
    ("Côte d'Ivoire", "CI", "Africa", 3), ("São Tomé & Príncipe", "ST", "Africa", 1),
    ("Egypt", "EG", "Middle East", 8), ("Israel", "IL", "Middle East", 5), ("Saudi Arabia", "SA", "Middle East", 5),
    ("Australia", "AU", "Oceania", 15), ("New Zealand", "NZ", "Oceania", 5),
]
FIRST = ("mika anna jon li sara omar nguyen raj ana yuki lars eva paulo chen fatima ivan kofi maria "
         "tomasz aiko diego noor sven amara hugo priya olga kim luca zoe").split()
LAST = ("lehto smith tran kumar garcia muller rossi sato kowalski silva okafor haddad novak dubois wong "
        "jensen ivanova santos park nakamura ali berg costa").split()
DOMAINS = ["example.org", "example.com", "mail.example.net", "forum.example", "uni.example.edu"]
WORDS = ("the a of and to in is for on with as at by from that this it be are was not or have has will can "
         "if more about new migration border visa asylum return readmission labour mobility data report "
         "meeting agenda minutes delegation ministry directorate cooperation dialogue workshop capacity "
         "statistics flows residence permit integration trafficking smuggling document biometric").split()
ODD = ['"quoted"', "R&D", "<b>", "naïve", "café", "Zürich", "日本", "Straße", "a,b", "x<y", "Ελλάδα", "Москва"]
ROLES = ["head of delegation", "delegate", "expert", "observer", "rapporteur", "chair"]
CHANNELS = ["e-mail", "telephone", "meeting", "letter", "video call"]


def weighted(rng, items):
    total = sum(w for *_, w in items)
    cumulative, acc = [], 0
    for *_, w in items:
        acc += w
        cumulative.append(acc)

    def pick():
        x = rng.random() * total
        lo, hi = 0, len(cumulative) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cumulative[mid] > x:
                hi = mid
            else:
                lo = mid + 1
        return items[lo]
    return pick


def note(rng, null_share=0.15):
    if rng.random() < null_share:
        return None
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 40))]
    if rng.random() < 0.10:
        words.insert(rng.randrange(len(words)), rng.choice(ODD))
    if rng.random() < 0.05:
        words[rng.randrange(len(words))] += ","
    text = " ".join(words).capitalize() + "."
    if rng.random() < 0.01:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "\n" + text[cut + 1:]
    return text


def day(rng, start, span_days):
    return (start + dt.timedelta(days=rng.randrange(span_days)))


def members_rows(n):
    rng = random.Random(SEED)
    country = weighted(rng, COUNTRIES)
    base = dt.date(2008, 1, 1)
    for i in range(1, n + 1):
        name, iso2, region, _ = country()
        user = f"{rng.choice(FIRST)}_{rng.choice(LAST)}{rng.randrange(1000)}"
        joined = day(rng, base, 6200)
        seen = dt.datetime.combine(joined + dt.timedelta(days=rng.randrange(1, 1500)), dt.time()) + \
            dt.timedelta(seconds=rng.randrange(86400))
        posts = int(rng.paretovariate(1.2)) - 1 if rng.random() < 0.97 else rng.randrange(200000)
        karma = round(rng.gauss(40, 120), 2)
        yield (i, user, f"{user}@{rng.choice(DOMAINS)}", name, iso2, region, joined.isoformat(),
               seen.isoformat(timespec="seconds"), posts, karma, note(rng))


def fresh(path):
    for suffix in ("", "-journal", "-wal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def big(args):
    tmp = args.out + ".gen-tmp"
    fresh(tmp)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE TABLE members ("
                     "id INTEGER PRIMARY KEY, username TEXT, email TEXT, country TEXT, iso2 TEXT, region TEXT, "
                     "joined TEXT, last_seen TEXT, posts INTEGER, karma REAL, note TEXT);")
    db.executemany("INSERT INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?)", members_rows(args.rows))
    db.commit()
    db.close()
    os.replace(tmp, args.out)


def forum(args):
    tmp = args.out + ".gen-tmp"
    fresh(tmp)
    subprocess.run([args.asemdb, "init", "--db", tmp], check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
    countries = db.execute("SELECT c.country_id, c.iso_alpha2 FROM forum_member m "
                           "JOIN country c USING (country_id) ORDER BY c.country_id").fetchall()
    meetings = [r[0] for r in db.execute("SELECT meeting_id FROM meeting ORDER BY meeting_id")]
    db.executescript("""
        CREATE TABLE participant (participant_id INTEGER PRIMARY KEY, given_name TEXT NOT NULL,
            family_name TEXT NOT NULL, country_id INTEGER NOT NULL REFERENCES country (country_id),
            organisation TEXT NOT NULL, email TEXT, telephone TEXT, registered TEXT NOT NULL);
        CREATE TABLE contact (contact_id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participant (participant_id),
            contact_date TEXT NOT NULL, channel TEXT NOT NULL, subject TEXT NOT NULL, notes TEXT);
        CREATE TABLE participation (participant_id INTEGER NOT NULL REFERENCES participant (participant_id),
            meeting_id INTEGER NOT NULL REFERENCES meeting (meeting_id), role TEXT NOT NULL,
            attended REAL NOT NULL, PRIMARY KEY (participant_id, meeting_id)) WITHOUT ROWID;""")
    rng = random.Random(SEED + 1)
    base = dt.date(2003, 1, 1)
    people, contacts, visits = [], [], []
    for pid in range(1, args.participants + 1):
        cid, iso2 = rng.choice(countries)
        given, family = rng.choice(FIRST).capitalize(), rng.choice(LAST).capitalize()
        people.append((pid, given, family, cid, f"Ministry of the Interior ({iso2})",
                       None if rng.random() < 0.1 else f"{given}.{family}{pid}@{rng.choice(DOMAINS)}".lower(),
                       f"+{rng.randrange(1, 999)}{rng.randrange(10**7, 10**9)}", day(rng, base, 8000).isoformat()))
        for _ in range(rng.randint(0, 4)):
            contacts.append((len(contacts) + 1, pid, day(rng, base, 8000).isoformat(), rng.choice(CHANNELS),
                             " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7))).capitalize(),
                             note(rng, 0.3)))
        for mid in rng.sample(meetings, min(len(meetings), rng.randint(1, 7))):
            visits.append((pid, mid, rng.choice(ROLES), round(rng.uniform(0.25, 1.0), 2)))
    db.executemany("INSERT INTO participant VALUES (?,?,?,?,?,?,?,?)", people)
    db.executemany("INSERT INTO contact VALUES (?,?,?,?,?,?)", contacts)
    db.executemany("INSERT INTO participation VALUES (?,?,?,?)", visits)
    db.commit()
    db.close()
    os.replace(tmp, args.out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="kind", required=True)
    b = sub.add_parser("big")
    b.add_argument("--rows", type=int, required=True)
    b.add_argument("--out", required=True)
    f = sub.add_parser("forum")
    f.add_argument("--asemdb", required=True)
    f.add_argument("--participants", type=int, default=100000)
    f.add_argument("--out", required=True)
    args = parser.parse_args()
    big(args) if args.kind == "big" else forum(args)


if __name__ == "__main__":
    sys.exit(main())
