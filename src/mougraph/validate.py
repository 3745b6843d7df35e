"""SHACL validation with pyshacl, and reports people can read in Thai or English.

``validate(data, shapes, ontology)`` returns a :class:`ValidationReport`: whether the data
conforms, and each result with its focus node, path, value, severity, source shape and its
message in every language the shape gives. Besides SHACL, literals are checked to be in
Unicode NFC (SPARQL has no normalization function, so no shape can say it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, NamespaceManager, split_uri
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node, Variable

from mougraph.config import LANGUAGES
from mougraph.errors import MougraphError
from mougraph.vocab import MG

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"
_SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}
MGSH = Namespace("https://w3id.org/mougraph/shapes#")

_NFC_MESSAGES = {
    "en": "A literal is not in Unicode NFC: Thai marks are stored in a non-canonical order.",
    "th": "ข้อความไม่อยู่ในรูป Unicode NFC: เครื่องหมายภาษาไทยเรียงลำดับไม่เป็นรูปมาตรฐาน",
}


@dataclass(frozen=True)
class ValidationResult:
    """One problem found in the data."""

    severity: str
    focus: Node
    path: str | None
    value: Node | None
    messages: Mapping[str, str]
    shape: Node | None = None
    constraint: Node | None = None
    component: Node | None = None

    def message(self, lang: str) -> str:
        """The message in ``lang``, falling back to the other language, then to any."""
        for candidate in (lang, *LANGUAGES, ""):
            if candidate in self.messages:
                return self.messages[candidate]
        return next(iter(self.messages.values()), "(no message)")


@dataclass(frozen=True)
class ValidationReport:
    """What validation found: ``conforms`` is false when any result is a violation."""

    results: tuple[ValidationResult, ...] = field(default_factory=tuple)

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == VIOLATION]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity != VIOLATION]

    def shapes_violated(self) -> set[Node]:
        """The source shapes and SPARQL constraints of the violations (for tests and summaries)."""
        found = {r.shape for r in self.violations if r.shape is not None}
        return found | {r.constraint for r in self.violations if r.constraint is not None}


def validate(
    data: Graph,
    *,
    shapes: Graph,
    ontology: Graph | None = None,
) -> ValidationReport:
    """Check ``data`` (with ``ontology`` mixed in for the class hierarchy) against ``shapes``.

    When ``data`` already holds every triple of ``ontology`` (a build's union of the vocabulary,
    reference data and announcements), pyshacl is not given it: mixing it in again would add
    nothing but a copy of the whole data graph. (pyshacl's ``focus_nodes`` mode is not offered:
    it miscounts qualified value shapes.)
    """
    if ontology is not None and all(triple in data for triple in ontology):
        ontology = None
    # pyshacl writes a text description of every result, the discarded ones of qualified value
    # shapes included; rdflib's namespace manager made that quadratic in the data.
    manager = data.namespace_manager
    data.namespace_manager = _KnownPrefixesOnly(data, "none")
    try:
        _conforms, report_graph, _text = shacl_validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=False,
            allow_warnings=True,
            abort_on_first=False,
        )
    finally:
        data.namespace_manager = manager
    if not isinstance(report_graph, Graph):  # pyshacl returns a ValidationFailure for unusable shapes
        raise MougraphError(f"the shapes cannot be used: {str(_text).strip()}")
    results = [_read_result(report_graph, node, data) for node in report_graph.subjects(RDF.type, SH.ValidationResult)]
    results.extend(check_nfc(data))
    results.extend(check_text(data, shapes))
    results.extend(check_evidence_text(data, shapes))
    results.extend(check_evidence_facts(data, shapes))
    results.sort(key=lambda r: (r.severity != VIOLATION, str(r.focus), r.path or "", str(r.value)))
    return ValidationReport(tuple(results))


class TripleIndex(SimpleMemory):
    """An in-memory triple store for graphs that are only added to and then read: validation.

    rdflib's default store keeps, for every triple, the graphs it belongs to, and works out those
    contexts again for every triple it yields; pyshacl reads a build's data and shapes graphs
    millions of times. This one (rdflib's ``SimpleMemory`` with a triple count, since pyshacl asks
    a graph's length once per result) answers the same patterns with the same triples in a
    quarter less time. It says it is context- and graph-aware only so that pyshacl can wrap it in
    its dataset shell; it holds one graph, and removing triples is not offered.
    """

    context_aware = True
    graph_aware = True

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._subjects: dict[Node, dict[Node, dict[Node, int]]] = self._SimpleMemory__spo  # type: ignore[attr-defined]

    def add(self, triple: tuple[Node, Node, Node], context: object, quoted: bool = False) -> None:
        subject, predicate, value = triple
        if value not in self._subjects.get(subject, {}).get(predicate, ()):
            self._count += 1
        super().add(triple, context, quoted)  # type: ignore[arg-type]

    def remove(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError("a TripleIndex is only added to")

    def __len__(self, context: object = None) -> int:
        return self._count


def indexed_graph(*graphs: Graph) -> Graph:
    """A graph on a :class:`TripleIndex` holding the triples of ``graphs``."""
    graph = Graph(store=TripleIndex())
    for other in graphs:
        graph += other
    return graph


class _KnownPrefixesOnly(NamespaceManager):
    """A namespace manager that writes the same names as rdflib's, faster.

    rdflib's ``normalizeUri`` files the namespace of every IRI it is shown in a trie whose
    insertion scans the whole trie, to write ``<iri>`` in the end when no prefix is bound: with
    the thousands of per-announcement namespaces of a build, pyshacl's result descriptions took a
    fifth of its time there. Here an IRI whose namespace has no prefix is written at once.
    """

    def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803 (rdflib's names)
        try:
            namespace, _name = split_uri(rdfTerm)
        except ValueError:
            return super().normalizeUri(rdfTerm)
        if self.store.prefix(URIRef(str(namespace))) is None:
            return f"?{rdfTerm}" if isinstance(rdfTerm, Variable) else f"<{rdfTerm}>"
        return super().normalizeUri(rdfTerm)


class _ParameterList(list):  # type: ignore[type-arg]
    """pyshacl's list of constraint parameters, with membership by hash.

    pyshacl's ``Shape.validate`` looks up every predicate of a shape in this list, with rdflib's
    Python-level ``__eq__`` against each of its ~40 entries, on each of the ~300 shape evaluations
    per announcement: a tenth of a build's validation time. Same entries, same order.
    """

    def __init__(self, items: Iterable[Node]) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _index_constraint_parameters() -> None:
    """Fill pyshacl's own cache of the constraint parameters (``pyshacl.shape.CONSTRAINT_PARAMS``,
    which it fills with a plain list on first use) with a :class:`_ParameterList`."""
    try:
        import pyshacl.shape
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # another pyshacl: the same results, only slower
        return
    # (pyshacl sets the attribute on first use; a version that does not read it ignores it.)
    pyshacl.shape.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        _ParameterList(ALL_CONSTRAINT_PARAMETERS),
        CONSTRAINT_PARAMETERS_MAP,
    )


_index_constraint_parameters()


_OA = Namespace("http://www.w3.org/ns/oa#")
_SCHEMA_TEXT = URIRef("https://schema.org/text")
QUOTE_RULE = MGSH["Evidence-quote-matches"]
INSIDE_RULE = MGSH["Evidence-inside-text"]
FACT_RULE = MGSH["Evidence-fact-exists"]


def check_evidence_facts(graph: Graph, shapes: Graph) -> Iterable[ValidationResult]:
    """``mgsh:Evidence-fact-exists``, checked in Python: the fact each evidence supports is in the
    graph (its body has the property, or is its value). As SPARQL, two ``NOT EXISTS`` per evidence
    were the largest rule of a build's validation; here they are two index lookups."""
    templates = _templates(shapes, FACT_RULE)
    for evidence, prop in graph.subject_objects(MG.supportsProperty):
        for body in graph.objects(evidence, _OA.hasBody):
            if (body, prop, None) in graph or (None, prop, body) in graph:
                continue
            messages = {
                k: t.replace("{?value}", str(evidence)).replace("{?property}", str(prop)).replace("{?body}", str(body))
                for k, t in templates.items()
            }
            yield ValidationResult(VIOLATION, MG.Evidence, None, evidence, messages, None, FACT_RULE)


def check_evidence_text(graph: Graph, shapes: Graph) -> Iterable[ValidationResult]:
    """``mgsh:Evidence-inside-text`` and ``mgsh:Evidence-quote-matches``, checked in Python.

    Each evidence's offsets lie inside its announcement's text and its quote is the text at
    those offsets. As SPARQL (a STRLEN or SUBSTR of the whole text per selector) rdflib took
    15 s for two announcements; here it is a string slice. Messages come from the shapes.
    """
    inside = _templates(shapes, INSIDE_RULE)
    quote = _templates(shapes, QUOTE_RULE)
    texts: dict[Node, str] = {}
    for evidence, target in graph.subject_objects(_OA.hasTarget):
        source = graph.value(target, _OA.hasSource)
        if source is None:
            continue
        if source not in texts:
            value = graph.value(source, _SCHEMA_TEXT)
            texts[source] = "" if value is None else str(value)
        text = texts[source]
        if not text:
            continue
        start = end = exact = None
        for selector in graph.objects(target, _OA.hasSelector):
            if (selector, _OA.start, None) in graph:
                start, end = graph.value(selector, _OA.start), graph.value(selector, _OA.end)
            if (selector, _OA.exact, None) in graph:
                exact = graph.value(selector, _OA.exact)
        if start is None or end is None:
            continue
        try:
            a, b = int(str(start)), int(str(end))
        except ValueError:
            continue
        if b > len(text):
            messages = {k: t.replace("{?value}", str(evidence)).replace("{?end}", str(b)) for k, t in inside.items()}
            yield ValidationResult(VIOLATION, source, None, evidence, messages, None, INSIDE_RULE)
        elif exact is not None and text[a:b] != str(exact):
            shown = f'"{exact}"'
            messages = {k: t.replace("{?exact}", shown).replace("{?value}", str(evidence)) for k, t in quote.items()}
            yield ValidationResult(VIOLATION, source, None, evidence, messages, None, QUOTE_RULE)


def _templates(shapes: Graph, rule: Node) -> dict[str, str]:
    return {m.language or "": str(m) for m in shapes.objects(rule, SH.message) if isinstance(m, Literal)}


def check_text(graph: Graph, shapes: Graph) -> Iterable[ValidationResult]:
    """The rules of ``mgsh:CleanTextShape`` (shapes/text.ttl), checked in Python with its own
    ``sh:pattern`` regexes and messages on the literals of the properties each rule lists."""
    for rule in shapes.objects(MGSH.CleanTextShape, SH.property):
        path = shapes.value(rule, SH.path)
        alternatives = shapes.value(path, SH.alternativePath) if path is not None else None
        pattern = shapes.value(rule, SH.pattern)
        if alternatives is None or pattern is None:
            continue
        flags = re.DOTALL if "s" in str(shapes.value(rule, SH.flags) or "") else 0
        regex = re.compile(str(pattern), flags)
        messages = _templates(shapes, rule)
        for prop in Collection(shapes, alternatives):
            for subject, value in graph.subject_objects(prop):
                if isinstance(value, Literal) and not regex.search(str(value)):
                    yield ValidationResult(VIOLATION, subject, _path_text(graph, prop), value, messages, rule)


def check_nfc(graph: Graph) -> Iterable[ValidationResult]:
    """Results for every literal that is not in Unicode NFC.

    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("\\u0e01\\u0e48\\u0e38")))  # mai ek before sara u
    >>> [r.severity for r in check_nfc(g)]
    ['Violation']
    """
    for s, p, o in graph:
        if isinstance(o, Literal) and not unicodedata.is_normalized("NFC", str(o)):
            yield ValidationResult(VIOLATION, s, _path_text(graph, p), o, _NFC_MESSAGES, MGSH.NFCText)


def _read_result(report: Graph, node: Node, data: Graph) -> ValidationResult:
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        if isinstance(message, Literal):
            messages.setdefault(message.language or "", str(message))
    focus = report.value(node, SH.focusNode) or BNode()
    value = report.value(node, SH.value)
    path = report.value(node, SH.resultPath)
    alternatives = report.value(path, SH.alternativePath) if path is not None else None
    if alternatives is not None and value is not None:
        # Name the one property that links focus and value, not the whole alternative path.
        used = [p for p in Collection(report, alternatives) if (focus, p, value) in data]
        path = used[0] if used else path
    severity = report.value(node, SH.resultSeverity)
    return ValidationResult(
        severity=_SEVERITIES.get(severity, VIOLATION) if isinstance(severity, URIRef) else VIOLATION,
        focus=focus,
        path=_path_text(report, path) if path is not None else None,
        value=value,
        messages=messages,
        shape=report.value(node, SH.sourceShape),
        constraint=report.value(node, SH.sourceConstraint),
        component=report.value(node, SH.sourceConstraintComponent),
    )


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL path in SPARQL property-path notation, with prefixes where known."""
    if isinstance(path, URIRef):
        return _curie(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(graph, p) for p in Collection(graph, alternatives))
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(graph, p) for p in Collection(graph, path))
    return str(path)


_PREFIXES = {
    "https://w3id.org/mougraph/ontology#": "mg:",
    "https://w3id.org/mougraph/shapes#": "mgsh:",
    "https://w3id.org/mougraph/id/": "id:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://purl.org/dc/terms/": "dcterms:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/ns/oa#": "oa:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2006/time#": "time:",
    "http://www.w3.org/ns/shacl#": "sh:",
}


def _curie(iri: URIRef) -> str:
    for namespace, prefix in _PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return f"<{iri}>"


def _show(text: str) -> str:
    """Make invisible characters and a decomposed SARA AM visible as escapes."""
    shown = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in {"Cf", "Cc"} and c != "\n" else c for c in text)
    return shown.replace("\u0e4d\u0e32", "\\u0e4d\\u0e32")


def format_term(term: Node | None) -> str:
    """A node for people: prefixed IRIs, quoted literals with their language or datatype.

    Invisible characters are shown as escapes, so a report can point at them.

    >>> format_term(URIRef("https://w3id.org/mougraph/id/country/LA"))
    'id:country/LA'
    >>> format_term(Literal("ลาว", lang="th"))
    '"ลาว"@th'
    >>> format_term(Literal("ดิจิ\u200bทัล"))
    '"ดิจิ\\\\u200bทัล"'
    """
    if term is None:
        return "—"
    if isinstance(term, URIRef):
        return _curie(term)
    if isinstance(term, Literal):
        text = _show(str(term))
        shown = text if len(text) <= 80 else text[:77] + "…"
        if term.language:
            return f'"{shown}"@{term.language}'
        if term.datatype:
            return f'"{shown}"^^{_curie(term.datatype)}'
        return f'"{shown}"'
    return "[blank node]"


_HEADINGS = {
    "en": {
        VIOLATION: "VIOLATION",
        WARNING: "WARNING",
        INFO: "INFO",
        "focus": "focus",
        "path": "path",
        "value": "value",
        "shape": "shape",
        "in": "in",
        "ok": "conforms",
        "bad": "does not conform",
        "violations": "violation(s)",
        "warnings": "warning(s)",
    },
    "th": {
        VIOLATION: "ข้อผิดพลาด",
        WARNING: "คำเตือน",
        INFO: "ข้อสังเกต",
        "focus": "โหนดที่ตรวจ",
        "path": "เส้นทาง",
        "value": "ค่า",
        "shape": "รูปร่าง",
        "in": "ในไฟล์",
        "ok": "ถูกต้องตามรูปร่าง",
        "bad": "ไม่ถูกต้องตามรูปร่าง",
        "violations": "ข้อผิดพลาด",
        "warnings": "คำเตือน",
    },
}


def summary_line(report: ValidationReport, lang: str = "en") -> str:
    """One line: whether the data conforms, with the numbers of violations and warnings.

    >>> summary_line(ValidationReport(), "en")
    'conforms: 0 violation(s), 0 warning(s)'
    """
    words = _HEADINGS.get(lang, _HEADINGS["en"])
    summary = words["ok"] if report.conforms else words["bad"]
    return f"{summary}: {len(report.violations)} {words['violations']}, {len(report.warnings)} {words['warnings']}"


def format_report(
    report: ValidationReport,
    lang: str = "en",
    *,
    origins: Mapping[Node, str] | None = None,
) -> str:
    """The report as text: a summary line, then one block per result.

    ``origins`` maps a focus node to the file(s) it was read from, shown under ``in``.
    """
    words = _HEADINGS.get(lang, _HEADINGS["en"])
    lines = [summary_line(report, lang)]
    for result in report.results:
        lines.append("")
        lines.append(f"{words[result.severity]}: {result.message(lang)}")
        lines.append(f"  {words['focus']}: {format_term(result.focus)}")
        if result.path:
            lines.append(f"  {words['path']}: {result.path}")
        if result.value is not None:
            lines.append(f"  {words['value']}: {format_term(result.value)}")
        if result.shape is not None:
            lines.append(f"  {words['shape']}: {format_term(result.shape)}")
        if origins and result.focus in origins:
            lines.append(f"  {words['in']}: {origins[result.focus]}")
    return "\n".join(lines)
