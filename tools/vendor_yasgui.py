"""Vendor YASGUI's built browser bundle into ``src/mougraph/site/static/workbench/vendor/``.

Usage: ``python tools/vendor_yasgui.py`` fetches the pinned ``@zazuko/yasgui`` tarball with
``npm pack`` (into a temporary folder outside the repository), checks it against the pinned npm
integrity, and writes ``yasgui.min.js``, ``yasgui.min.css``, ``LICENSE`` and ``VENDORED.md`` (package,
version, integrity, the SHA-256 of each file). ``--check`` (offline) exits 1 when a vendored file
does not match the SHA-256 that ``VENDORED.md`` lists.

To move to another version: set ``VERSION`` and ``INTEGRITY`` (``npm view @zazuko/yasgui@X
dist.integrity``), run this script, look at the diff, and run the workbench's browser tests.
The bundle is self-contained: it needs no other npm package at run time (its dependencies are
compiled into it), so nothing else is copied.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "mougraph" / "site" / "static" / "workbench" / "vendor"
PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
INTEGRITY = "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="
#: Files of the npm tarball to copy, and their names in the vendor folder.
FILES = {"package/build/yasgui.min.js": "yasgui.min.js", "package/build/yasgui.min.css": "yasgui.min.css"}
MANIFEST = "VENDORED.md"
_ROW = re.compile(r"^\| `(?P<name>[^`]+)` \| (?P<size>\d+) \| `(?P<sha256>[0-9a-f]{64})` \|$", re.MULTILINE)

MIT = """\
MIT License

{holders}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(folder: Path) -> dict[str, str]:
    """File name -> SHA-256, as listed in ``folder/VENDORED.md``."""
    text = (folder / MANIFEST).read_text(encoding="utf-8")
    return {match["name"]: match["sha256"] for match in _ROW.finditer(text)}


def check(folder: Path) -> list[str]:
    """Problems with the vendored files (empty: every listed file is there with its SHA-256)."""
    listed = manifest(folder)
    problems = [] if listed else [f"{folder / MANIFEST} lists no file"]
    for name, expected in listed.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif sha256(path.read_bytes()) != expected:
            problems.append(f"{path} does not have the SHA-256 {MANIFEST} lists")
    return problems


def fetch(workdir: Path) -> tuple[dict[str, bytes], dict[str, object]]:
    """The files to vendor from the pinned tarball (integrity checked) and the tarball's package.json."""
    result = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    )
    filename = json.loads(result.stdout)[0]["filename"]
    tarball = (workdir / filename).read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    if integrity != INTEGRITY:
        raise SystemExit(f"{filename}: integrity {integrity} is not the pinned {INTEGRITY}")
    files: dict[str, bytes] = {}
    with tarfile.open(workdir / filename, "r:gz") as archive:
        for member, name in [*FILES.items(), ("package/package.json", "package.json")]:
            extracted = archive.extractfile(member)
            if extracted is None:
                raise SystemExit(f"{filename} has no file {member}")
            files[name] = extracted.read()
    package: dict[str, object] = json.loads(files.pop("package.json"))
    return files, package


def license_text(package: dict[str, object]) -> str:
    """The MIT licence with the holders named in the package's ``package.json`` (the tarball ships no LICENSE)."""
    if package.get("license") != "MIT":
        raise SystemExit(
            f"{PACKAGE}@{VERSION} is not MIT-licensed ({package.get('license')!r}): review before vendoring"
        )
    people = [package.get("author"), *_as_list(package.get("contributors"))]
    names = [str(p.get("name", "")) if isinstance(p, dict) else str(p or "") for p in people]
    holders = "Copyright (c) " + ", ".join(name for name in names if name)
    return MIT.format(holders=holders)


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def render_manifest(files: dict[str, bytes]) -> str:
    rows = "\n".join(f"| `{name}` | {len(data)} | `{sha256(data)}` |" for name, data in sorted(files.items()))
    return f"""# Vendored: YASGUI

The SPARQL workbench (`/workbench`) runs YASGUI from these files, served by mougraph itself:
no CDN, nothing fetched at run time. Written by `python tools/vendor_yasgui.py`; do not edit by hand.

| | |
|---|---|
| package | [`{PACKAGE}`](https://www.npmjs.com/package/{PACKAGE}) |
| version | `{VERSION}` |
| npm integrity of the tarball | `{INTEGRITY}` |
| licence | MIT (`LICENSE`; the tarball ships none, so it is written from its `package.json`) |

`yasgui.min.js` is the package's `build/yasgui.min.js` and `yasgui.min.css` its `build/yasgui.min.css`,
byte for byte (the source map is left out; the bundle's last line still names it, which only a
browser's developer tools follow). The bundle compiles in its dependencies: YASQE (CodeMirror 5),
YASR (DataTables, jQuery), DOMPurify, Choices.js, SortableJS, autoComplete.js, lodash and N3.js, each
under its own free licence (MIT, Apache-2.0 or MPL-2.0).

| file | bytes | sha256 |
|---|---|---|
{rows}

## Refresh

```sh
python tools/vendor_yasgui.py           # after setting VERSION and INTEGRITY in it
python tools/vendor_yasgui.py --check   # offline: the files match the sums above (tests/test_workbench.py too)
```
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="check the vendored files against VENDORED.md")
    args = parser.parse_args()
    if args.check:
        problems = check(TARGET)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    with tempfile.TemporaryDirectory(prefix="mougraph-yasgui-") as tmp:
        files, package = fetch(Path(tmp))
    files["LICENSE"] = license_text(package).encode("utf-8")
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (TARGET / name).write_bytes(data)
    (TARGET / MANIFEST).write_text(render_manifest(files), encoding="utf-8")
    print(f"vendored {PACKAGE}@{VERSION} into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
