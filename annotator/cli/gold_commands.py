"""Adjudication from the command line: ``annotator gold PROJECT``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.adjudication import accept_agreed, gold_status, take_version
from annotator.cli.app import app, emit_json, fail, reports_errors
from annotator.disagreements import Unit, list_units
from annotator.model import Coder
from annotator.profile import current_coder
from annotator.store import Project


@app.command()
@reports_errors
def gold(
    project: Annotated[Path, typer.Argument(help="The (merged) project file.")],
    status: Annotated[
        bool, typer.Option("--status", help="Count agreed, disputed and decided units.")
    ] = False,
    accept: Annotated[
        bool,
        typer.Option("--accept-agreed", help="Put every agreed unit without gold into gold."),
    ] = False,
    show: Annotated[
        bool, typer.Option("--list", help="List the disputed units, most contested first.")
    ] = False,
    take: Annotated[
        str | None,
        typer.Option("--take", help="Make this coder's version of --unit its gold."),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="A unit's key, as --list shows it.")
    ] = None,
    decider: Annotated[
        str | None,
        typer.Option(help="Who decides (a coder name); defaults to this computer's profile."),
    ] = None,
    coders: Annotated[
        list[str] | None,
        typer.Option("--coders", help="Compare only these coders (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Adjudicate: accept agreed units into gold, take a coder's version of a disputed one,
    and see how far adjudication has come. Gold rows record who decided.

    Examples:
      annotator gold study.sqlite --accept-agreed --decider "Supervisor"
      annotator gold study.sqlite --list
      annotator gold study.sqlite --take "Amira K." --unit 5f0c…/primary_frame
    """
    if take is not None and unit is None:
        raise fail("--take needs --unit KEY (see --list)")
    writing = accept or take is not None
    output: dict[str, Any] = {}
    with Project.open(project, readonly=not writing) as opened:
        if writing:
            who = _decider(opened, decider)
            output["decider"] = {"uuid": who.uuid, "name": who.name}
        if take is not None and unit is not None:
            found = _unit(opened, unit, coders)
            take_version(opened, found, take, who.uuid)
            output["taken"] = {"unit": found.key, "coder": take}
            if not as_json:
                typer.echo(f"Gold for {found.key}: {take}'s version ({_shown(found, take)})")
        if accept:
            result = accept_agreed(opened, who.uuid, coders=coders)
            output["accepted"] = vars(result)
            if not as_json:
                typer.echo(
                    f"Accepted into gold: {result.answers} agreed answers and "
                    f"{result.span_units} agreed span units ({result.spans} spans)"
                )
        if show:
            disputed = [u for u in list_units(opened, coders=coders, disputed_only=True)]
            output["disputed"] = [_unit_dict(u) for u in disputed]
            if not as_json:
                _print_units(disputed)
        if status or not (writing or show):
            counts = gold_status(opened, coders)
            output["status"] = counts.to_dict()
            if not as_json:
                _print_status(counts.to_dict())
    if as_json:
        emit_json(output)


def _decider(project: Project, name: str | None) -> Coder:
    if name is None:
        me = current_coder()
        return project.coders.ensure(me.uuid, me.name)
    found = project.coders.by_name(name)
    if len(found) > 1:
        raise fail(f"{len(found)} coders are named '{name}'; rename one first")
    return found[0] if found else project.coders.add(name)


def _unit(project: Project, key: str, coders: list[str] | None) -> Unit:
    article_uuid = key.split("/", 1)[0]
    article_id = project.articles.id_for_uuid(article_uuid)
    if article_id is None:
        raise fail(f"no article with id {article_uuid} (a unit key starts with one)")
    for found in list_units(project, coders=coders, article_id=article_id):
        if found.key == key:
            return found
    raise fail(f"no unit {key} with two or more versions (see --list)")


def _shown(unit: Unit, coder: str) -> str:
    value = unit.version(coder).value
    if unit.kind == "spans":
        return ", ".join(f"{label} {s}-{e}" for s, e, label in value) or "no span"
    return str(value)


def _unit_dict(unit: Unit) -> dict[str, Any]:
    return {
        "key": unit.key,
        "kind": unit.kind,
        "article": unit.title,
        "name": unit.name,
        "disagreement": unit.disagreement,
        "decided": unit.decided,
        "versions": {v.name: _plain(v.value) for v in unit.versions},
    }


def _plain(value: Any) -> Any:
    return [list(span) for span in value] if isinstance(value, tuple) else value


def _print_units(units: list[Unit]) -> None:
    if not units:
        typer.echo("No disputed units.")
    for unit in units:
        mark = "decided" if unit.decided else "open"
        typer.echo(f"{unit.disagreement:4.2f}  {mark:<8}{unit.key}  ({unit.title})")
        for version in unit.versions:
            typer.echo(f"        {version.name}: {_shown(unit, version.coder)}")


def _print_status(data: dict[str, Any]) -> None:
    typer.echo(f"{'Unit':<24}{'Units':>7}{'Agreed':>8}{'Disputed':>10}{'Decided':>9}{'Open':>6}")
    for group in ("schemes", "layers"):
        for name, c in data[group].items():
            decided = c["decided_agreed"] + c["decided_disputed"]
            typer.echo(
                f"{name:<24}{c['units']:>7}{c['agreed']:>8}{c['disputed']:>10}"
                f"{decided:>9}{c['open']:>6}"
            )
    typer.echo(f"Articles with gold: {data['articles_with_gold']}")
