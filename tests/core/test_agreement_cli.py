"""``annotator agree-matrix``, called in-process: tables, JSON, and one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from annotator.cli import app

runner = CliRunner()

# Krippendorff (2011): four observers, twelve units, missing values as empty cells.
K2011 = """coder,1,2,3,4,5,6,7,8,9,10,11,12
A,1,2,3,3,2,1,4,1,2,,,
B,1,2,3,3,2,2,4,1,2,5,,3
C,,3,3,3,2,3,4,2,2,5,1,
D,1,2,3,3,2,4,4,1,2,5,1,
"""


def write(tmp_path, text: str | bytes, name: str = "matrix.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return runner.invoke(app, ["agree-matrix", *map(str, args)])


def run_json(*args) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_gives_every_coefficient_with_counts_or_a_reason(tmp_path):
    data = run_json(write(tmp_path, K2011), "--level", "interval")
    assert data["header"] and data["names"]
    assert data["coders"] == ["A", "B", "C", "D"] and data["units"] == 12
    overall = data["overall"]
    alpha = overall["krippendorff_alpha"]
    assert alpha["value"] == pytest.approx(0.849, abs=0.0005)
    assert (alpha["units"], alpha["coders"], alpha["pairable"], alpha["level"]) == (
        11,
        4,
        40,
        "interval",
    )
    assert overall["krippendorff_alpha_nominal"]["value"] == pytest.approx(0.743, abs=0.0005)
    fleiss = overall["fleiss_kappa"]
    assert fleiss["value"] is None and "1 to 4 ratings" in fleiss["reason"]
    assert [entry["category"] for entry in data["per_category"]] == [1, 2, 3, 4, 5]
    assert len(data["pairs"]) == 6
    first = data["pairs"][0]
    assert (first["coder_a"], first["coder_b"], first["shared_units"]) == ("A", "B", 9)
    assert set(first["coefficients"]) >= {
        "cohen_kappa",
        "scott_pi",
        "percent_agreement",
        "krippendorff_alpha",
        "weighted_kappa_linear",
    }
    assert sum(map(sum, first["confusion"]["counts"])) == 9
    assert [c["coder"] for c in data["per_coder"]] == ["A", "B", "C", "D"]


def test_human_table(tmp_path):
    result = run(write(tmp_path, K2011), "--level", "ordinal")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "4 coders x 12 units, 5 categories (1, 2, 3, 4, 5); level ordinal" in out
    assert "Krippendorff's alpha (ordinal)" in out and "0.815" in out
    assert "Fleiss' kappa" in out and "no value: units have 1 to 4 ratings" in out
    assert "A / B" in out and "Each coder against the others" in out


def test_plain_numbers_without_header_or_names(tmp_path):
    path = write(tmp_path, "\n".join(line.split(",", 1)[1] for line in K2011.splitlines()[1:]))
    data = run_json(path)
    assert not data["header"] and not data["names"]
    assert data["coders"] == ["coder 1", "coder 2", "coder 3", "coder 4"]
    assert data["overall"]["krippendorff_alpha"]["value"] == pytest.approx(0.743421, abs=1e-6)


def test_names_without_a_header_and_an_empty_corner(tmp_path):
    named = write(tmp_path, "ann,1,2,3\nbob,1,2,2\n", "named.csv")
    corner = write(tmp_path, ",u1,u2,u3\nann,1,2,3\nbob,1,2,2\n", "corner.csv")
    for path in (named, corner):
        data = run_json(path)
        assert data["coders"] == ["ann", "bob"] and data["units"] == 3
    assert run_json(corner)["header"] and not run_json(named)["header"]


def test_text_categories_and_explicit_flags(tmp_path):
    path = write(tmp_path, "ann,pro,anti,pro\nbob,pro,anti,neutral\n")
    guessed = run_json(path)
    # Text everywhere: the first column cannot be told from data without --names.
    assert not guessed["names"] and guessed["units"] == 4
    told = run_json(path, "--names")
    assert told["coders"] == ["ann", "bob"] and told["categories"] == ["anti", "neutral", "pro"]
    assert told["overall"]["cohen_kappa"]["value"] is not None


def test_tabs_bom_and_trailing_blank_lines(tmp_path):
    text = "\ufeffcoder\tu1\tu2\nA\t1\t2\nB\t1\t1\n\n\n"
    data = run_json(write(tmp_path, text, "tabs.tsv"))
    assert data["coders"] == ["A", "B"] and data["units"] == 2


def test_one_coder_gives_no_value_not_an_error(tmp_path):
    data = run_json(write(tmp_path, "1,2,3\n"))
    for result in data["overall"].values():
        assert result["value"] is None and "only one coder" in result["reason"]
    assert data["pairs"] == []


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file"),
        ("", [], "the file is empty"),
        ("1,2,3\n1,2\n", [], "line 2: 2 cells, but line 1 has 3"),
        ("coder,u1,u2\nA,1,2\nB,high,2\n", ["--level", "interval"], "line 3, column 2: 'high'"),
        ("1,2\n1,NA\n", ["--level", "ratio"], "leave the cell empty for a missing value"),
        ("u1,u2\n1,2\n", ["--level", "interval"], "use --header"),
        ("coder,u1\nA,1\nA,2\n", [], "line 3: coder 'A' appears twice"),
        (b"1,2\n1,\xff\n", [], "line 2: the file is not UTF-8 text"),
        ("coder\nA\nB\n", [], "no unit columns"),
        ("coder,u1,u2\n", [], "no coder rows"),
        ("1,2\n-1,2\n", ["--level", "ratio"], "line 2, column 1: -1 is negative"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path, content, args, message):
    path = tmp_path / "bad.csv" if content is None else write(tmp_path, content, "bad.csv")
    result = run(path, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_unknown_level_is_refused_by_the_option(tmp_path):
    result = run(write(tmp_path, K2011), "--level", "cardinal")
    assert result.exit_code == 2
