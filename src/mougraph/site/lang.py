"""The page language: ``?lang=``, then the cookie the switch sets, then ``Accept-Language``, then Thai.

Also the words of the pages themselves (headings, buttons) in Thai and English, and dates as
each language writes them (Thai: Buddhist Era, Thai month names).
"""

from __future__ import annotations

from datetime import date

from pythainlp.util.date import thai_abbr_months, thai_full_months
from starlette.requests import Request

LANGUAGES = ("th", "en")
DEFAULT = "th"
COOKIE = "lang"
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def choose(request: Request) -> str:
    """The language of the page answering ``request``."""
    asked = request.query_params.get("lang", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(COOKIE, "")
    if cookie in LANGUAGES:
        return cookie
    return from_accept_language(request.headers.get("accept-language", ""))


def from_accept_language(header: str) -> str:
    """The first of Thai or English that ``header`` prefers (by q-value), Thai when it names neither.

    >>> from_accept_language("en-GB,en;q=0.9,th;q=0.8")
    'en'
    >>> from_accept_language("th-TH, en;q=0.5")
    'th'
    >>> from_accept_language("fr, de;q=0.9")
    'th'
    """
    best, best_q = DEFAULT, 0.0
    for part in header.split(",")[:32]:
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0].lower().split("-")[0]
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag in LANGUAGES and q > best_q:
            best, best_q = tag, q
    return best


def other(lang: str) -> str:
    """The other language (the fallback of labels)."""
    return "en" if lang == "th" else "th"


def format_date(value: str, lang: str, short: bool = False) -> str:
    """An ``xsd:date`` (or ``gYear``) as the language writes it; anything unparsable is returned as it is.

    >>> format_date("2022-10-25", "th")
    '25 ตุลาคม 2565'
    >>> format_date("2022-10-25", "en", short=True)
    '25 Oct 2022'
    >>> format_date("2017", "th")
    '2560'
    """
    text = value.strip()
    if len(text) == 4 and text.isdigit():
        return str(int(text) + 543) if lang == "th" else text
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return value
    if lang == "th":
        month = (thai_abbr_months if short else thai_full_months)[day.month - 1]
        return f"{day.day} {month} {day.year + 543}"
    month = _EN_MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {day.year}"


#: Words of the pages, by key: (Thai, English).
WORDS: dict[str, tuple[str, str]] = {
    "site": ("mougraph", "mougraph"),
    "tagline": (
        "กราฟความรู้แบบเปิดของความร่วมมือระหว่างประเทศด้านดิจิทัลที่คณะรัฐมนตรีไทยให้ความเห็นชอบ",
        "An open knowledge graph of the international digital-cooperation agreements Thailand's cabinet approves",
    ),
    "about": (
        "mougraph อ่านข่าวภาษาไทยของทำเนียบรัฐบาล (thaigov.go.th) เกี่ยวกับบันทึกความเข้าใจ ความตกลง และปฏิญญา"
        "ด้านไปรษณีย์ โทรคมนาคม ไอซีที ไซเบอร์ ข้อมูล และเรื่องดิจิทัลอื่น ๆ จัดเป็นกราฟ RDF ตามออนโทโลยีและ"
        "อรรถาภิธาน SKOS และเก็บหลักฐานของข้อเท็จจริงทุกข้อไว้จนถึงช่วงข้อความภาษาไทยที่อ่านมา",
        "mougraph reads the Thai-language cabinet announcements of thaigov.go.th about memoranda, agreements and"
        " declarations on postal services, telecommunications, ICT, cybersecurity, data and other digital matters,"
        " models them as an RDF graph with an OWL ontology and SKOS thesauri, and keeps every fact traceable to the"
        " span of Thai text it was read from.",
    ),
    "home": ("หน้าแรก", "Home"),
    "search": ("ค้นหา", "Search"),
    "search_placeholder": ("เช่น ไซเบอร์ หรือ ลาว", "e.g. cybersecurity or Laos"),
    "search_results": ("ผลการค้นหา", "Search results"),
    "search_empty": ("พิมพ์คำที่ต้องการค้นหา ภาษาไทยหรือภาษาอังกฤษ", "Type what to look for, in Thai or English."),
    "search_none": ("ไม่พบผลลัพธ์สำหรับ", "Nothing found for"),
    "search_count": ("ผลลัพธ์", "results"),
    "search_too_long": ("คำค้นยาวเกินไป ใช้ได้ไม่เกิน {n} อักขระ", "The query is too long; use at most {n} characters."),
    "countries": ("ประเทศ", "Countries"),
    "organizations": ("หน่วยงาน", "Organizations"),
    "instruments": ("เอกสารความร่วมมือ", "Instruments"),
    "areas": ("สาขาความร่วมมือ", "Scope areas"),
    "modalities": ("รูปแบบความร่วมมือ", "Modalities"),
    "principles": ("หลักการ", "Principles"),
    "announcements": ("ข่าวประกาศ", "Announcements"),
    "decisions": ("มติคณะรัฐมนตรี", "Cabinet decisions"),
    "scope_items": ("ขอบเขตความร่วมมือรายข้อ", "Scope items"),
    "ontology": ("ออนโทโลยี", "Ontology"),
    "thesaurus": ("อรรถาภิธาน", "Thesaurus"),
    "charts": ("แผนภาพ", "Charts"),
    "workbench": ("สืบค้นด้วย SPARQL", "SPARQL workbench"),
    "sparql": ("SPARQL endpoint", "SPARQL endpoint"),
    "downloads": ("ดาวน์โหลด", "Downloads"),
    "language": ("ภาษา", "Language"),
    "switch_to": ("English", "ภาษาไทย"),
    "type": ("ประเภท", "Type"),
    "labels": ("ชื่อ", "Labels"),
    "values": ("ข้อมูลทั้งหมด", "All values"),
    "property": ("คุณสมบัติ", "Property"),
    "value": ("ค่า", "Value"),
    "incoming": ("ถูกอ้างถึงโดย", "Linked from"),
    "incoming_more": ("แสดง {shown} จาก {total} รายการ", "showing {shown} of {total}"),
    "no_incoming": ("ไม่มีทรัพยากรอื่นอ้างถึง", "No other resource links here."),
    "evidence": ("หลักฐานในข้อความ", "Evidence in the text"),
    "evidence_note": (
        "ข้อความที่ไฮไลต์คือช่วงที่อ่านค่าของข้อมูลมา จากข่าวประกาศต้นฉบับ",
        "The highlighted span is where the value was read, in the source announcement.",
    ),
    "source": ("แหล่งที่มา", "Source"),
    "source_page": ("หน้าข่าวต้นฉบับ", "original page"),
    "chars": ("อักขระที่ {start}–{end}", "characters {start}–{end}"),
    "parties": ("ภาคี", "Parties"),
    "countries_involved": ("ประเทศที่เกี่ยวข้อง", "Countries"),
    "proposed_by": ("เสนอโดย", "Proposed by"),
    "decision": ("มติคณะรัฐมนตรี", "Cabinet decision"),
    "decision_date": ("วันที่มีมติ", "Decision date"),
    "signing": ("การลงนาม", "Signing"),
    "planned": ("กำหนดการ", "planned"),
    "expiry": ("วันสิ้นสุดอายุ", "Expires"),
    "validity": ("ระยะเวลาบังคับใช้", "Validity"),
    "scope": ("ขอบเขตความร่วมมือ", "Scope of cooperation"),
    "scope_stated": ("ข่าวระบุว่ามี {n} ด้าน", "the announcement states {n} items"),
    "concepts": ("สาขา", "Areas"),
    "text": ("ข้อความตามต้นฉบับ", "Verbatim text"),
    "chain": ("ลำดับฉบับ", "Chain of instruments"),
    "replaces": ("ใช้แทนฉบับเดิม", "Replaces"),
    "replaced_by": ("ถูกแทนที่โดย", "Replaced by"),
    "announcement": ("ข่าวประกาศ", "Announcement"),
    "full_text": ("ข้อความเต็มของข่าว", "Full text of the announcement"),
    "full_text_note": (
        "ช่วงที่ไฮไลต์คือหลักฐานของข้อเท็จจริงในกราฟ",
        "Highlighted spans are the evidence of facts in the graph.",
    ),
    "in_graph": ("ในกราฟ", "In the graph"),
    "count": ("จำนวน", "Count"),
    "count_instruments": ("จำนวนเอกสาร", "Instruments"),
    "date": ("วันที่", "Date"),
    "title": ("ชื่อเรื่อง", "Title"),
    "all_countries": ("แสดงทุกประเทศ ({n})", "show all countries ({n})"),
    "with_instruments": ("แสดงเฉพาะประเทศที่มีเอกสาร", "show only countries with instruments"),
    "not_found": ("ไม่พบหน้านี้", "Not found"),
    "not_found_text": (
        "ไม่มีทรัพยากร {iri} ในกราฟ ลองค้นหาแทน",
        "There is no resource {iri} in the graph. Try a search instead.",
    ),
    "error": ("เกิดข้อผิดพลาด", "Something went wrong"),
    "formats": ("รูปแบบอื่น", "Other formats"),
    "classes": ("คลาส", "Classes"),
    "object_properties": ("คุณสมบัติเชิงวัตถุ", "Object properties"),
    "datatype_properties": ("คุณสมบัติเชิงข้อมูล", "Datatype properties"),
    "annotation_properties": ("คุณสมบัติหมายเหตุ", "Annotation properties"),
    "concept_schemes": ("แผนการจัดหมวด", "Concept schemes"),
    "decision_kinds": ("ประเภทของมติคณะรัฐมนตรี", "Kinds of cabinet decision"),
    "domain": ("โดเมน", "Domain"),
    "range": ("เรนจ์", "Range"),
    "subclass_of": ("เป็นคลาสย่อยของ", "Subclass of"),
    "used": ("ใช้ในกราฟ", "Used in the graph"),
    "broader": ("แนวคิดกว้างกว่า", "Broader"),
    "narrower": ("แนวคิดแคบกว่า", "Narrower"),
    "charts_missing": ("แผนภาพยังไม่พร้อมใช้งานในรุ่นนี้", "The charts are not available in this version."),
    "timeline": ("ลำดับเวลาของเอกสารตามวันที่มีมติ", "Timeline of instruments by cabinet date"),
    "matrix": ("ประเทศ × สาขาความร่วมมือ", "Countries × scope areas"),
    "network": ("เครือข่ายไทย ประเทศคู่ภาคี และหน่วยงาน", "Network of Thailand, partner countries and ministries"),
    "counts": ("ในกราฟตอนนี้", "In the graph now"),
    "browse": ("เรียกดู", "Browse"),
    "more": ("ดูเพิ่ม", "more"),
    "iri": ("IRI", "IRI"),
    "other_lang_label": ("ชื่อภาษาอังกฤษ", "Thai label"),
    "skip": ("ข้ามไปยังเนื้อหา", "Skip to content"),
    "licence": (
        "ข้อมูล CC BY 4.0 · โค้ด Apache-2.0 · ข่าวจาก thaigov.go.th (สาธารณสมบัติ)",
        "Data CC BY 4.0 · code Apache-2.0 · announcements from thaigov.go.th (public domain)",
    ),
}


def words(lang: str) -> dict[str, str]:
    """The words of the pages in ``lang``.

    >>> words("en")["search"]
    'Search'
    """
    index = 0 if lang == "th" else 1
    return {key: pair[index] for key, pair in WORDS.items()}
