"""The checks a merge makes on each coder file: articles, coders and the codebook.

They fill the file's report; ``merge.py`` decides from it whether the merge may be kept.
"""

from __future__ import annotations

import json
from collections import Counter

from annotator.codebook import Codebook
from annotator.exchange.coder_file import CoderFile
from annotator.exchange.merge_report import ArticleIssue, CodebookCheck, CoderClash, FileReport
from annotator.store import Project
from annotator.store.live_labels import coders_with_labels


def live_labels_per_article(coder_file: CoderFile) -> Counter:
    """Live labels per article id of the file: what skipping that article would lose."""
    counts: Counter = Counter()
    for rows in coder_file.labels.values():
        counts.update(row["article_id"] for row in rows if not row["deleted"])
    return counts


def map_articles(project: Project, coder_file: CoderFile, report: FileReport) -> dict[int, int]:
    """The file's article ids mapped to the project's, by content hash (the text itself).

    An article whose uuid the project knows under another text is a text mismatch; one the
    project does not know at all is missing. Labels on either are never merged.
    """
    by_hash = project.articles.ids_by_hash()
    project_uuids = project.articles.uuids()
    labels = live_labels_per_article(coder_file)
    mapping = {}
    for article in coder_file.articles:
        target = by_hash.get(article.content_hash)
        if target is not None:
            mapping[article.id] = target
            continue
        issue = ArticleIssue(article.uuid, article.title, labels[article.id])
        if article.uuid in project_uuids:
            report.text_mismatches.append(issue)
        else:
            report.missing_in_project.append(issue)
    report.articles_matched = len(mapping)
    in_file = {article.content_hash for article in coder_file.articles}
    report.missing_in_file = sum(1 for digest in by_hash if digest not in in_file)
    return mapping


def check_coders(
    project: Project, coder_file: CoderFile, with_rows: set[str], report: FileReport
) -> None:
    """Add the file's coders who have labels or progress; note renames and name clashes.

    A coder who only exists in the file (e.g. the stub a coder copy was made for, when the
    coder worked under their own profile) brings nothing and is not added.
    """
    known = {coder.uuid: coder.name for coder in project.coders.list()}
    labelled = coders_with_labels(project)
    for coder in coder_file.coders:
        if coder.uuid not in with_rows:
            continue
        if coder.uuid in known:
            if known[coder.uuid].strip() != coder.name.strip():
                report.renamed_coders.append(
                    CoderClash(coder.name, coder.uuid, coder.uuid, known[coder.uuid])
                )
            continue
        for uuid, name in known.items():
            if _same_name(name, coder.name):
                report.same_name_coders.append(
                    CoderClash(coder.name, coder.uuid, uuid, name, uuid in labelled)
                )
        project.coders.insert(coder)
        known[coder.uuid] = coder.name
        report.new_coders.append(coder.name)


def check_codebook(
    project: Project, coder_file: CoderFile, mapping: dict[int, int], report: FileReport
) -> None:
    """Compare the file's codebook with the project's and find labels it has no place for."""
    codebook = project.codebook
    titles = {
        c["hash"]: f"{c['name']} v{c['version']} ({c['hash'][:12]})" for c in coder_file.codebooks
    }
    ours = f"{codebook.name} v{codebook.version} ({codebook.hash[:12]})"
    check = CodebookCheck(
        project=ours,
        file=titles.get(coder_file.codebook_hash, coder_file.codebook_hash[:12]),
        same=coder_file.codebook_hash == codebook.hash,
    )
    other: Counter = Counter()
    unknown: Counter = Counter()
    for table, rows in coder_file.labels.items():
        for row in rows:
            if row["deleted"] or row["article_id"] not in mapping:
                continue
            if row["codebook_hash"] != codebook.hash:
                other[titles.get(row["codebook_hash"], row["codebook_hash"][:12])] += 1
            if table == "spans" and not _has_label(codebook, row["layer"], row["label"]):
                unknown[f"span {row['layer']}/{row['label']}"] += 1
            elif table == "doc_labels":
                problem = _doc_label_problem(codebook, row["scheme"], row["value"])
                if problem:
                    unknown[problem] += 1
    check.other_codebooks = dict(other)
    check.unknown = [f"{what} ({count})" for what, count in sorted(unknown.items())]
    report.codebook = check


def _same_name(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def _has_label(codebook: Codebook, layer: str, label: str) -> bool:
    try:
        codebook.layer(layer).label(label)
    except KeyError:
        return False
    return True


def _doc_label_problem(codebook: Codebook, scheme_name: str, value_json: str) -> str | None:
    try:
        scheme = codebook.scheme(scheme_name)
    except KeyError:
        return f"scheme {scheme_name}"
    value = json.loads(value_json)
    if scheme.kind == "text":
        return None if isinstance(value, str) else f"{scheme_name}: not text"
    names = {choice.name for choice in scheme.choices}
    values = [value] if isinstance(value, str) else list(value or [])
    stray = sorted(v for v in values if v not in names)
    return f"{scheme_name} = {stray[0]}" if stray else None
