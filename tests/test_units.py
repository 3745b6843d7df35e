"""Small modules: IRIs, settings, reading RDF files, the validation report."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from mougraph import iris
from mougraph.config import Settings
from mougraph.errors import BadInput, ConfigError
from mougraph.layout import Layout
from mougraph.rdfio import read_graph
from mougraph.validate import VIOLATION, ValidationReport, ValidationResult, format_report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministry of Internal Affairs and Communications", "ministry-of-internal-affairs-and-communications"),
        ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        ("ทิพานัน ศิริชนะ", "ทิพานัน-ศิริชนะ"),
        ("\u0e01\u0e48\u0e38", "\u0e01\u0e38\u0e48"),  # NFC puts sara u (ccc 103) before mai ek (ccc 107)
        ("a\u200bb", "a-b"),  # invisible characters never reach an IRI
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert iris.slug(text) == expected


def test_resource_iris_reject_bad_parts() -> None:
    with pytest.raises(ValueError, match="bad IRI parts"):
        iris.resource("a/b", "x")
    with pytest.raises(ValueError, match="unknown concept scheme"):
        iris.concept("colour", "red")


def test_settings_precedence(tmp_path: Path) -> None:
    env = {"MOUGRAPH_LANG": "th", "MOUGRAPH_STORE": str(tmp_path / "env-store")}
    assert Settings.from_env(env, root=tmp_path).store == tmp_path / "env-store"
    assert Settings.from_env(env, root=tmp_path, lang="en").lang == "en"
    assert Settings.from_env({}, root=tmp_path).store == tmp_path / "var" / "store"
    with pytest.raises(ConfigError, match="setting 'lang'"):
        Settings.from_env({"MOUGRAPH_LANG": "de"}, root=tmp_path)
    assert {"root", "store", "lang", "corpus", "port", "query_timeout", "update_token"} <= set(Settings.help())


def test_layout_assigns_named_graphs(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert layout.named_graph(tmp_path / "ontology" / "mougraph.ttl") == iris.ONTOLOGY_GRAPH
    assert layout.named_graph(tmp_path / "data" / "reference" / "countries.ttl") == iris.REFERENCE_GRAPH
    assert layout.named_graph(tmp_path / "elsewhere" / "x y.ttl") == iris.graph("file/x-y")


def test_read_graph_keeps_thai_exact(tmp_path: Path) -> None:
    path = tmp_path / "t.ttl"
    path.write_text('<urn:x> <urn:p> "สปป.ลาว"@th .\n', encoding="utf-8")
    assert list(read_graph(path).objects()) == [Literal("สปป.ลาว", lang="th")]


def test_read_graph_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.ttl"
    path.write_text("<urn:x> <urn:p> .\n", encoding="utf-8")
    with pytest.raises(BadInput) as info:
        read_graph(path)
    assert info.value.where == str(path)
    assert "line 1" in info.value.problem


def test_format_report_falls_back_between_languages() -> None:
    result = ValidationResult(VIOLATION, URIRef("urn:x"), "mg:party", None, {"en": "only English"})
    report = ValidationReport((result,))
    assert not report.conforms
    assert "only English" in format_report(report, "th")
    assert report.shapes_violated() == set()


def test_empty_report_conforms() -> None:
    assert ValidationReport().conforms
    assert format_report(ValidationReport(), "en").startswith("conforms")


def test_tokens_give_the_text_back_and_keep_gazetteer_names_whole() -> None:
    """nlpo3's ``safe`` mode returned pieces that did not join back to the line (names were then
    missed as off word boundaries); the tokenizer must give every line back exactly."""
    from mougraph.tokens import boundaries, load_dictionary, tokenize

    dictionary = load_dictionary(["กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"])
    line = (
        "นอกจากนี้ ศาสตราจารย์พิเศษวิศิษฏ์ วิศิษฏ์สรอรรถ ปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ได้ลงนาม"
        "บันทึกความเข้าใจร่วมระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งราชอาณาจักรไทย และกระทรวง"
    )
    words = tokenize(line, dictionary)
    assert "".join(words) == line
    name = line.index("กระทรวงดิจิทัล", line.index("ระหว่าง"))
    found = boundaries(line, dictionary)
    assert name in found
    assert name + len("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม") in found
