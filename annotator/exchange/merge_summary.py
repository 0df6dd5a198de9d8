"""The merge report as plain lines of text, for the command line and the app's dialog."""

from __future__ import annotations

from annotator.exchange.merge_report import MERGED_TABLES, FileReport, MergeReport, TableCounts

TABLE_TITLES = {
    "spans": "spans",
    "doc_labels": "document labels",
    "relations": "links",
    "decisions": "suggestion decisions",
    "progress": "progress rows",
}


def counts_line(counts: TableCounts) -> str:
    parts = [f"{counts.new} new", f"{counts.updated} updated", f"{counts.unchanged} unchanged"]
    if counts.kept:
        parts.append(f"{counts.kept} kept (the project's are newer)")
    if counts.skipped:
        parts.append(f"{counts.skipped} skipped")
    return ", ".join(parts)


def file_lines(report: FileReport) -> list[str]:
    coders = ", ".join(report.coders) or "no coder with labels"
    lines = [
        f"{report.path}  ({coders})",
        f"  articles: {report.articles_matched} of {report.articles_in_file} matched by text",
    ]
    for table in MERGED_TABLES:
        lines.append(f"  {TABLE_TITLES[table]}: {counts_line(report.tables[table])}")
    if report.new_coders:
        lines.append(f"  new coders: {', '.join(report.new_coders)}")
    if report.doc_label_collisions:
        lines.append(
            f"  {report.doc_label_collisions} document label(s) answer a scheme the project "
            "already has an answer to from the same coder: the newer answer is kept"
        )
    for problem in report.problems:
        marker = "STOP" if problem.blocking else "note"
        lines.append(f"  [{marker}] {problem.message}")
    return lines


def summary_lines(report: MergeReport) -> list[str]:
    lines = []
    for file_report in report.files:
        lines += file_lines(file_report)
        lines.append("")
    totals = report.totals()
    lines.append(
        "Total: "
        + "; ".join(
            f"{TABLE_TITLES[t]} {totals[t].new} new, {totals[t].updated} updated"
            for t in ("spans", "doc_labels")
        )
    )
    blocking = report.blocking
    if report.committed:
        lines.append("Merged and saved.")
    elif blocking:
        lines.append(
            f"{len(blocking)} problem(s) marked STOP: nothing is merged unless you merge anyway "
            "(then what is listed as skipped is skipped)."
        )
    else:
        lines.append("Nothing stops this merge.")
    return lines
