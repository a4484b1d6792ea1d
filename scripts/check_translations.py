"""Fail when a user-facing string lacks its Swedish translation.

Runs makemessages on a copy of the source tree (so the working tree is not touched) and
checks that every entry of every Swedish .po file is translated and none is fuzzy.

It also fails when two apps translate the same English text (and message context) differently:
gettext merges every app's catalogue into one, so only one of the two Swedish texts would ever be
shown. Give such texts a message context (pgettext) or agree on one translation.
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


def translations(po_path: Path) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> msgstr of every translated, singular entry of one .po file."""
    entries: dict[tuple[str, str], str] = {}
    context, msgid, msgstr, field = "", None, "", None
    for line in po_path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgctxt "):
            context, field = line[8:].strip('"'), "msgctxt"
        elif line.startswith("msgid "):
            msgid, field = line[6:].strip('"'), "msgid"
        elif line.startswith("msgid_plural") or line.startswith("msgstr["):
            field = None  # plural entries are left out: their forms differ by design
            msgid = None
        elif line.startswith("msgstr "):
            msgstr, field = line[7:].strip('"'), "msgstr"
        elif line.startswith('"') and field:
            text = line.strip('"')
            if field == "msgctxt":
                context += text
            elif field == "msgid" and msgid is not None:
                msgid += text
            elif field == "msgstr":
                msgstr += text
        elif not line.strip():
            if msgid and msgstr:
                entries[(context, msgid)] = msgstr
            context, msgid, msgstr, field = "", None, "", None
    return entries


def clashes(po_paths: list[Path], root: Path) -> dict[tuple[str, str], dict[str, str]]:
    """English texts that two catalogues translate differently: {(context, msgid): {catalogue: msgstr}}."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for po in po_paths:
        for key, msgstr in translations(po).items():
            seen.setdefault(key, {})[str(po.relative_to(root))] = msgstr
    return {key: found for key, found in seen.items() if len(set(found.values())) > 1}


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
        catalogues = sorted(copy.rglob("locale/sv/LC_MESSAGES/django.po"))
        differing = clashes(catalogues, copy)
        for po in catalogues:
            missing = untranslated(po)
            if missing:
                failures[po.relative_to(copy)] = missing
    for (context, msgid), found in sorted(differing.items()):
        label = f"{context!r} / {msgid!r}" if context else repr(msgid)
        print(f"{label} is translated in different ways:", file=sys.stderr)
        for path, msgstr in sorted(found.items()):
            print(f"    {path}: {msgstr!r}", file=sys.stderr)
    if failures or differing:
        for path, missing in failures.items():
            print(f"{path}: {len(missing)} untranslated", file=sys.stderr)
            for msgid in missing[:20]:
                print(f"    {msgid!r}", file=sys.stderr)
        return 1
    print("All Swedish translations present.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
