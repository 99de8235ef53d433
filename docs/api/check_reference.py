#!/usr/bin/env python3
"""Checks the API reference that scripts/docs built with doxygen.

  check_reference.py OUT_DIR

1. Warnings (OUT_DIR/warnings.log): every doxygen warning fails, except "... is not documented"
   in a header listed in docs/api/undocumented.txt (public headers whose documentation is not yet
   written; a listed header without such a warning fails too, so the list only shrinks).
2. The reference is usable: the page documenting r.set (typedis::string_commands, the string group's
   mixin of every executor; found through the tag file) shows
   the grammar, the since-version and complexity, and lists SET's options (condition, expiration)
   and the GET form (set_get).
Exit status 1 with a list of problems, 0 when all is well.
"""
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
UNDOCUMENTED_LIST = os.path.join(HERE, "undocumented.txt")
WARNING = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): warning: (?P<text>.*)$")


def read_list(path):
    names = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                names.add(line)
    return names


def relative(path):
    path = os.path.abspath(path)
    return os.path.relpath(path, REPO) if path.startswith(REPO + os.sep) else path


def check_warnings(log_text, allowed):
    """Problems from the warnings log: (list of problems)."""
    problems, seen_allowed = [], set()
    pending = None
    for raw in log_text.splitlines():
        m = WARNING.match(raw)
        if not m:
            if pending is not None and raw.strip():
                problems[pending] += " " + raw.strip()  # continuation of a multi-line warning
            continue
        pending = None
        rel = relative(m.group("file"))
        if m.group("text").endswith("is not documented.") and rel in allowed:
            seen_allowed.add(rel)
            continue
        problems.append("%s:%s: %s" % (rel, m.group("line"), m.group("text")))
        pending = len(problems) - 1
    for rel in sorted(allowed - seen_allowed):
        problems.append("%s is fully documented now: remove it from docs/api/undocumented.txt" % rel)
    return problems


def text_of(page):
    t = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    t = re.sub(r"<[^>]+>", " ", t)
    return re.sub(r"\s+", " ", html.unescape(t))


def member_doc(out_dir, compound_name, member_name):
    """(html file, text of the member's documentation block) of a member, found in the tag file."""
    tree = ET.parse(os.path.join(out_dir, "typedis.tag"))
    for compound in tree.getroot().iter("compound"):
        if compound.get("kind") not in ("class", "struct") or \
                (compound_name and compound.findtext("name") != compound_name):
            continue
        for member in compound.iter("member"):
            if member.findtext("name") == member_name:
                page = os.path.join(out_dir, "html", member.findtext("anchorfile"))
                anchor = member.findtext("anchor")
                with open(page, encoding="utf-8") as fh:
                    content = fh.read()
                start = content.find('id="%s"' % anchor)
                if start < 0:
                    return page, ""
                end = content.find('<a id="', start + 1)
                return page, text_of(content[start:end if end > 0 else len(content)])
    return None, ""


def check_set_page(out_dir):
    # the mixin of the string group (typedis::string_commands) holds the executors' set()
    page, text = member_doc(out_dir, "typedis::string_commands", "set")
    if page is None:
        return ["no documentation of typedis::string_commands::set in the tag file"]
    problems = []
    for want in ("SET key value", "NX | XX", "EX seconds", "Since", "1.0.0", "Complexity", "O(1)",
                 "condition", "expiration", "set_get", "GET"):
        if want not in text:
            problems.append("%s: the documentation of set lacks %r" % (relative(page), want))
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = argv[1]
    with open(os.path.join(out_dir, "warnings.log"), encoding="utf-8", errors="replace") as fh:
        problems = check_warnings(fh.read(), read_list(UNDOCUMENTED_LIST))
    problems += check_set_page(out_dir)
    if problems:
        print("API reference: %d problem(s)" % len(problems))
        for p in problems[:200]:
            print("  " + p)
        if len(problems) > 200:
            print("  ... and %d more" % (len(problems) - 200))
        return 1
    print("API reference: no warnings; the set page lists its options (%s)"
          % relative(os.path.join(out_dir, "html", "index.html")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
