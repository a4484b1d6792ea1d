"""Fail when a user-facing string lacks its Swedish translation.

Runs makemessages on a copy of the source tree (so the working tree is not touched) and
checks that every entry of every Swedish .po file is translated and none is fuzzy.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "node_modules", "staticfiles", "var", "*.mo", "__pycache__", "bench")


def untranslated(po_path: Path) -> list[str]:
    problems, msgid, in_msgstr, msgstr, fuzzy = [], None, False, "", False
    lines = po_path.read_text(encoding="utf-8").splitlines() + [""]
    for line in lines:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, in_msgstr, msgstr = line[6:].strip('"'), False, ""
        elif line.startswith("msgstr"):
            in_msgstr = True
            msgstr = line.split(" ", 1)[1].strip('"')
        elif line.startswith('"'):
            if in_msgstr:
                msgstr += line.strip('"')
            elif msgid is not None:
                msgid += line.strip('"')
        elif not line.strip():
            if msgid and in_msgstr and (not msgstr or fuzzy):
                problems.append(msgid)
            msgid, in_msgstr, msgstr, fuzzy = None, False, "", False
    return problems


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "sv",
                "--no-location",
                "--ignore=tests/*",
                "--ignore=conftest.py",
                "-v0",
            ],
            cwd=copy,
            check=True,
        )
        failures = {}
        for po in sorted(copy.rglob("locale/sv/LC_MESSAGES/django.po")):
            missing = untranslated(po)
            if missing:
                failures[po.relative_to(copy)] = missing
    if failures:
        for path, missing in failures.items():
            print(f"{path}: {len(missing)} untranslated", file=sys.stderr)
            for msgid in missing[:20]:
                print(f"    {msgid!r}", file=sys.stderr)
        return 1
    print("All Swedish translations present.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
