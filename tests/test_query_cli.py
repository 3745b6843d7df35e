"""``mougraph query`` and ``mougraph export``, and the Thai-aware table they print."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from mougraph.cli import main
from mougraph.table import clip, display_width, render

Invoke = Callable[..., Result]


@pytest.fixture(scope="module")
def invoke(seed_store_path: Path) -> Invoke:
    def call(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), env={"MOUGRAPH_STORE": str(seed_store_path)})

    return call


# ---------------------------------------------------------------- display width


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("ลาว", 3),
        ("ญี่ปุ่น", 3),  # ญ ี ่ ป ุ ่ น: four marks take no column
        ("ที่ประชุม", 6),
        ("น้ำ", 2),  # SARA AM is a spacing vowel
        ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", 28),
        ("5G", 2),
        ("日本", 4),
        ("a\u200bb", 2),
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_clip_never_strands_a_mark() -> None:
    assert clip("ญี่ปุ่น", 2) == "ญี่…"
    assert clip("ญี่ปุ่น", 3) == "ญี่ปุ่น"
    assert display_width(clip("ความมั่นคงปลอดภัยทางไซเบอร์", 10)) == 10


def test_table_columns_line_up_on_screen() -> None:
    table = render(["th", "code"], [["ญี่ปุ่น", "JP"], ["ลาว", "LA"], ["สาธารณรัฐเกาหลี", "KR"]])
    starts = {display_width(line[: line.rindex(" ") + 1]) for line in table.splitlines()}
    assert len(starts) == 1


# ---------------------------------------------------------------- mougraph query


def test_without_a_name_it_lists_the_catalogue(invoke: Invoke) -> None:
    result = invoke("query")
    assert result.exit_code == 0, result.output
    assert "partners-by-country-year" in result.output
    assert "คู่ภาคีจำแนกตามประเทศและปี" in result.output


def test_table_output(invoke: Invoke) -> None:
    result = invoke("query", "partners-by-country-year")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "year",
        "country",
        "country_code",
        "country_en",
        "country_th",
        "partner",
        "partner_en",
        "partner_th",
        "instruments",
    ]
    assert lines[-1] == "(3 rows)"
    data = lines[2:-1]
    assert [line.split()[:3] for line in data] == [
        ["2022", "id:country/JP", "JP"],
        ["2022", "id:country/LA", "LA"],
        ["2017", "id:country/JP", "JP"],
    ]
    column = {display_width(line[: line.index("id:org/")]) for line in data}  # after Thai country names
    assert len(column) == 1


def test_csv_output(invoke: Invoke) -> None:
    result = invoke("query", "instruments-with-country", "--param", "country=LA", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["instrument"] for r in rows] == ["https://w3id.org/mougraph/id/instrument/2022-10-25-th-la-mou"]
    assert rows[0]["title"].startswith("ร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านไปรษณีย์")


def test_json_output(invoke: Invoke) -> None:
    result = invoke("query", "awaiting-signature", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    (binding,) = document["results"]["bindings"]
    assert binding["planned_date"] == {
        "type": "literal",
        "value": "2022-08-05",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert binding["planned_place"] == {"type": "literal", "value": "ประเทศไทย", "xml:lang": "th"}


def test_an_ad_hoc_query_file(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text(
        "PREFIX mg: <https://w3id.org/mougraph/ontology#>\nSELECT (COUNT(*) AS ?n) WHERE { ?i mg:scopeItem ?s }\n",
        encoding="utf-8",
    )
    result = invoke("query", str(path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "21"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "partners"], "no catalogue query 'partners'; known queries:"),
        (
            ["query", "decisions-by-date", "--param", "until=2022-01-01"],
            "unknown parameter 'until'; it takes: from, to",
        ),
        (["query", "decisions-by-date", "--param", "from=1/1/2022"], "is not a date YYYY-MM-DD"),
        (["query", "instruments-with-country", "--param", "country"], "'country' does not read NAME=VALUE"),
        (["query", "instruments-on-area", "--param", "area=5G networks"], "is not a scope-area code"),
    ],
)
def test_bad_requests_exit_2_with_a_message(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_syntax_error_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT * WHERE { ?s ?p }\n", encoding="utf-8")
    result = invoke("query", str(path))
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output


def test_no_store_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "principles"], env={"MOUGRAPH_STORE": str(tmp_path / "none")})
    assert result.exit_code == 2
    assert "no store here; run 'mougraph build' first" in result.output


# ---------------------------------------------------------------- mougraph export


def test_export_to_stdout(invoke: Invoke, seed_store: ox.Store) -> None:
    result = invoke("export", "--format", "nt")
    assert result.exit_code == 0
    triples = set(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))
    union = {ox.Quad(q.subject, q.predicate, q.object) for q in seed_store.quads_for_pattern(None, None, None, None)}
    assert len(triples) == len(union)


def test_export_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "mougraph.jsonld"
    result = invoke("export", "--format", "jsonld", "--output", str(target))
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert f"sha256 {digest}" in result.output
    assert (tmp_path / "mougraph.jsonld.sha256").read_text() == f"{digest}  mougraph.jsonld\n"
    assert json.loads(target.read_bytes())["@context"]["mg"] == "https://w3id.org/mougraph/ontology#"


def test_export_refuses_an_unknown_format(invoke: Invoke) -> None:
    result = invoke("export", "--format", "rdfxml")
    assert result.exit_code == 2
    assert "'rdfxml' is not one of" in result.output
