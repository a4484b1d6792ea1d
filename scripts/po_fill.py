"""Fill untranslated entries of .po files from a JSON dict {msgid: msgstr}.

Usage: python scripts/po_fill.py translations.json path/to/django.po [more.po ...]
A convenience for adding many strings at once; editing a .po file by hand is just as good.
"""

import json
import sys

import polib


def main(json_path: str, *po_paths: str) -> int:
    with open(json_path, encoding="utf-8") as f:
        translations = json.load(f)
    for po_path in po_paths:
        po = polib.pofile(po_path)
        missing = []
        for entry in po:
            if entry.translated() or entry.obsolete:
                continue
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            else:
                missing.append(entry.msgid)
        po.save()
        print(f"{po_path}: {len(missing)} still untranslated")
        for msgid in missing:
            print(f"  {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))
