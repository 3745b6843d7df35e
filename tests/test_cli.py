"""The command line: exit codes 0 (conforms), 1 (does not), 2 (unusable input); readable reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mougraph.cli import main

from .conftest import GOLDEN, ROOT

BROKEN = ROOT / "tests" / "shapes" / "broken"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("MOUGRAPH_LANG", raising=False)
    return CliRunner()


def test_validate_repository_conforms(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violation(s)" in result.output


def test_validate_golden_files(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(GOLDEN / "seed-000-laos.ttl"), str(GOLDEN / "seed-001-japan.ttl")])
    assert result.exit_code == 0, result.output


def test_violations_exit_1_with_focus_path_value_and_message(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BROKEN / "country.ttl")])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output
    assert "focus: id:country/xq" in result.output
    assert "path: mg:iso3166Alpha2" in result.output
    assert 'value: "xq"' in result.output
    assert "A country has exactly one ISO 3166-1 alpha-2 code" in result.output
    assert "in: tests/shapes/broken/country.ttl" in result.output


def test_report_in_thai(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--lang", "th", str(BROKEN / "person.ttl")])
    assert result.exit_code == 1
    assert "ไม่ถูกต้องตามรูปร่าง" in result.output
    assert "บุคคลต้องมีชื่อภาษาไทย" in result.output


def test_lang_from_environment(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOUGRAPH_LANG", "th")
    result = runner.invoke(main, ["validate", str(BROKEN / "person.ttl")])
    assert "บุคคลต้องมีชื่อภาษาไทย" in result.output


def test_bad_lang_setting_is_a_clear_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOUGRAPH_LANG", "fr")
    result = runner.invoke(main, ["validate", str(BROKEN / "person.ttl")])
    assert result.exit_code == 2
    assert "setting 'lang' is 'fr'; choose one of: th, en" in result.output


def test_turtle_syntax_error_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: line 3:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("binary.ttl", b"\xff\xfe\x00garbage", "not UTF-8 text"),
        ("missing.ttl", None, "cannot read"),
        ("data.xml", b"<rdf:RDF/>", "unsupported RDF format"),
    ],
)
def test_unusable_input_exits_2(
    runner: CliRunner, tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert problem in result.output
    assert str(path) in result.output


def test_build_writes_the_store(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "named graphs" in result.output
    assert store.is_symlink()
    assert (store / "CURRENT").exists()


def test_build_refuses_nonconforming_data_and_keeps_the_old_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    for part in ("ontology", "shapes", "data/reference"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "data" / "graph").mkdir(parents=True)
    store = tmp_path / "store"
    monkeypatch.chdir(repo)
    runner = CliRunner()
    first = runner.invoke(main, ["build", "--store", str(store)])
    assert first.exit_code == 0, first.output
    before = store.resolve()
    shutil.copy(BROKEN / "person.ttl", repo / "data" / "graph" / "person.ttl")
    second = runner.invoke(main, ["build", "--store", str(store)])
    assert second.exit_code == 1
    assert "the store was not changed" in second.output
    assert store.resolve() == before
    assert (before / "CURRENT").exists()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("mougraph, version ")


def test_report_names_the_property_and_shows_invisible_characters(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BROKEN / "text-hygiene.ttl")])
    assert result.exit_code == 1
    assert 'value: "ดิจิ\\u200bทัล"@th' in result.output
    assert 'value: "การน\\u0e4d\\u0e32"@th' in result.output
    assert "path: skos:prefLabel\n" in result.output  # not the whole alternative path of the shape


def test_failed_build_reports_in_the_language_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    for part in ("ontology", "shapes", "data/reference"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "data" / "graph").mkdir(parents=True)
    shutil.copy(BROKEN / "person.ttl", repo / "data" / "graph" / "person.ttl")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("MOUGRAPH_LANG", "th")
    result = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "บุคคลต้องมีชื่อภาษาไทย" in result.output
    assert "the store was not changed" in result.output
