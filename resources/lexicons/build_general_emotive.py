"""Rebuild general_emotive.tsv from the VADER and TextBlob lexicons (development time only).

    .venv/bin/pip install vaderSentiment==3.3.2 textblob==0.20.1 spacy-lookups-data
    .venv/bin/python resources/lexicons/build_general_emotive.py

Neither package is a runtime dependency: this script copies the words it keeps into the TSV,
with their provenance and licence. See README.md for the selection rules.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import statistics
from collections import defaultdict
from importlib import metadata, resources
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Factual news vocabulary and generic words that the sentiment lexicons score strongly but a
# neutral report of violence, crime, politics or business uses as a matter of course.
NOT_LOADED = set(
    """
    abduction abuse abusive assassination assault attacker cancer corpse crisis criminal dead
    death destruction die drown fatality fatally fraud freedom kill killer killing murder
    murderer rape raped rapist racism racist slavery stab stealing suicide suicidal terrorism
    terrorist terrorize terrorise torture torturer violence violent violently war win winner
    won success successful reward celebrate celebrated champion honored honour miracle negative
    positive happy best great greatest worst love loved lover loving lovely heart hate hated
    hatred injustice dangerous difficult effective popular wealthy guilty honest wrong ill sick
    bright grand favored favorite glad sad kind liked nice proud pleased satisfied welcome
    confident unfortunate troubled painful powerless uncomfortable insecure superior ideal
    perfect angry anger depression harasser harassment bullying poisoning poison poisonous
    weep dismal grim doomed scam pleasure joy darling heaven paradise divinity blessed bless
    beauty beautiful super excellent insanity ruin molest fury furious irate infuriated
    agonizing anguish devil humiliation traumatic heartbreak heartbroken hell horror fear kiss
    amor lucky pretty smart wise cute creative handsome sophisticated satisfying convincing
    fascinating impressed impressive inspiring inspirational jolly merry worship worshipped
    condemnation insult insulting blockbuster amusing charming cheery lively pleasant harsh
    congratulation congratulations troubled disturbing exhilarated exhilarates delight
    delightful noble brave beloved divine glee elated euphoria ecstasy bliss rejoicing dx heroine
    inspire sweetheart sweethearts excellence masterpiece godsend lifesaver hurray wow sexy
    enrapture splendor superb stunning
    """.split()
)
SLANG = re.compile(r"^[a-z]+$")


def lookup_table() -> dict[str, str]:
    root = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(str(root)) as handle:
        return json.load(handle)


def vader() -> dict[str, float]:
    path = resources.files("vaderSentiment") / "vader_lexicon.txt"
    scores = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            scores[parts[0]] = float(parts[1])
    return scores


def textblob() -> dict[str, tuple[float, float]]:
    path = resources.files("textblob") / "en" / "en-sentiment.xml"
    senses = defaultdict(list)
    pattern = re.compile(
        r'<word form="([^"]+)"[^>]*pos="JJ"[^>]*polarity="([^"]+)" subjectivity="([^"]+)"'
    )
    for match in pattern.finditer(path.read_text(encoding="utf-8")):
        senses[match.group(1)].append((float(match.group(2)), float(match.group(3))))
    return {
        word: (statistics.mean(p for p, _ in s), statistics.mean(q for _, q in s))
        for word, s in senses.items()
    }


def curated_terms() -> set[str]:
    terms = set()
    for name in ("loaded_terms.tsv", "loaded_rhetoric.tsv", "reporting_verbs.tsv"):
        with (HERE / name).open(encoding="utf-8") as handle:
            terms |= {row["term"] for row in csv.DictReader(handle, delimiter="\t")}
    return terms


def main() -> None:
    lemmas = lookup_table()
    words = set(lemmas) | set(lemmas.values())
    valence = vader()
    subjective = textblob()
    curated = curated_terms()
    v_version = metadata.version("vaderSentiment")
    t_version = metadata.version("textblob")
    kept: dict[str, tuple[str, str, str]] = {}
    for word, (polarity, subjectivity) in subjective.items():
        score = valence.get(word)
        if score is None or abs(score) < 1.5 or subjectivity < 0.8 or abs(polarity) < 0.5:
            continue
        kept[word] = (
            f"TextBlob {t_version} en-sentiment.xml (polarity {polarity:.2f}, subjectivity "
            f"{subjectivity:.2f}) and VADER {v_version} vader_lexicon.txt (valence {score})",
            "PDDL (TextBlob en-sentiment.xml, from Pattern); MIT (VADER)",
            word,
        )
    for word, score in valence.items():
        if abs(score) >= 2.7 and word not in kept:
            kept[word] = (
                f"VADER {v_version} vader_lexicon.txt (valence {score})",
                "MIT (VADER)",
                word,
            )
    # Word forms are kept as they are (not lemmatised): "amazing" is emotive, "amaze" is not.
    rows = {}
    for word, (provenance, licence, _) in sorted(kept.items()):
        lemma = lemmas.get(word, word)
        if not SLANG.match(word) or word not in words:
            continue
        if {word, lemma} & (NOT_LOADED | curated):
            continue
        rows[word] = (provenance, licence)
    with (HERE / "general_emotive.tsv").open("w", encoding="utf-8", newline="") as out:
        out.write("term\tcategory\tneutral_alternative\tprovenance\tlicence\n")
        for word, (provenance, licence) in sorted(rows.items()):
            out.write(f"{word}\temotive\t\t{provenance}\t{licence}\n")
    print(f"general_emotive.tsv: {len(rows)} terms")


if __name__ == "__main__":
    main()
