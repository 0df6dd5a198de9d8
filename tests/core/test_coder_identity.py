"""Coder identity in copies: a copy records whom it is for, opening it as someone else raises a
question (not a silent second coder), and two coders of one name are told apart by short ids."""

from __future__ import annotations

import json

import pytest
from multi_coder import make_master
from typer.testing import CliRunner

from annotator.cli import app
from annotator.exchange import copy_owner, identity_question, make_coder_copy
from annotator.model import Coder, shown_coder_names
from annotator.store import Project

BASHIR_PROFILE = Coder("7d0c51f2-9a55-4f7e-8a7c-0c3b9b0b7e11", "Bashir")


@pytest.fixture
def master(tmp_path):
    project = make_master(tmp_path)
    project.coders.add("Amira")
    yield project
    project.close()


def test_a_copy_for_a_known_coder_keeps_their_id_and_records_it(master, tmp_path):
    amira = master.coders.by_name("Amira")[0]
    made = make_coder_copy(master, "Amira", tmp_path / "amira.sqlite")
    assert made.coder == amira and not made.created_coder
    with Project.open(made.path, readonly=True) as copy:
        assert copy_owner(copy) == amira
        assert identity_question(copy, amira) is None  # Amira opening her own copy
    assert copy_owner(master) is None  # the project itself is not a copy


def test_a_copy_by_profile_id_opens_as_that_coder_without_a_question(master, tmp_path):
    made = make_coder_copy(
        master, "Bashir", tmp_path / "bashir.sqlite", coder_uuid=BASHIR_PROFILE.uuid
    )
    assert made.created_coder and made.coder.uuid == BASHIR_PROFILE.uuid
    with Project.open(made.path) as copy:
        assert identity_question(copy, BASHIR_PROFILE) is None
        assert [c.name for c in copy.coders.list()] == ["Bashir"]


def test_opening_a_copy_made_for_another_id_asks_first(master, tmp_path):
    made = make_coder_copy(master, "Bashir", tmp_path / "bashir.sqlite")  # a new, minted id
    with Project.open(made.path) as copy:
        question = identity_question(copy, BASHIR_PROFILE)
        assert question is not None and question.theirs == made.coder
        assert "a coder copy made for Bashir" in question.why
        assert made.coder.short_id in question.why and BASHIR_PROFILE.short_id in question.why
        assert len(copy.coders.list()) == 1  # asking adds no one
        someone = Coder("0f3e7a52-1111-4222-8333-944455556666", "Dana")
        assert identity_question(copy, someone).theirs == made.coder


def test_a_namesake_under_another_id_raises_the_question_too(master):
    question = identity_question(master, Coder("0f3e7a52-1111-4222-8333-944455556666", "Amira"))
    assert question is not None and question.theirs.name == "Amira"
    assert identity_question(master, BASHIR_PROFILE) is None  # a new name: simply added


def test_info_and_coder_list_show_short_ids_when_names_repeat(master):
    master.coders.ensure(BASHIR_PROFILE.uuid, "Amira")  # a second Amira, as the old app made
    coders = master.coders.list()
    shown = shown_coder_names(coders)
    assert sorted(shown.values()) == sorted(f"Amira ({c.short_id})" for c in coders)
    assert shown_coder_names(coders[:1]) == {coders[0].uuid: "Amira"}
    path = str(master.path)
    runner = CliRunner()
    listed = runner.invoke(app, ["coder", "list", path])
    assert f"Amira ({BASHIR_PROFILE.uuid[:8]})\t{BASHIR_PROFILE.uuid}" in listed.output
    info = runner.invoke(app, ["info", path])
    assert f"    Amira ({BASHIR_PROFILE.uuid[:8]}): 0 done" in info.output
    data = json.loads(runner.invoke(app, ["info", path, "--json"]).output)
    assert {c["shown"] for c in data["coder_progress"]} == set(shown.values())
    assert data["project"]["coder_copy_for"] is None


def test_info_names_the_coder_a_copy_is_for(master, tmp_path):
    made = make_coder_copy(master, "Amira", tmp_path / "amira.sqlite")
    out = CliRunner().invoke(app, ["info", str(made.path)])
    assert f"a coder copy for Amira (id {made.coder.short_id})" in out.output
