"""The repository stands alone: no test, script, doc or build file reaches outside it.

Scans every tracked text file (git ls-files; a plain walk without git) for
  * absolute paths into the machine it was written on (/work/..., /home/...) and names of
    reference folders that live beside the repository (the FORBIDDEN patterns below);
  * relative paths with `..` that leave the repository once resolved against the place they are
    relative to (the file's folder, or the repository root for $root / REPO / PROJECT_SOURCE_DIR);
  * Python os.path.join(<base>, "..", ...) chains that leave it.
A path that is meant to point outside (the generator's location in an *install* prefix) is listed
in ALLOWED with the reason. Run: python3 -m unittest -v test_self_contained (from tests/repo).
"""
import os
import re
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

# Built from pieces so that this file does not match itself.
FORBIDDEN = [
    re.compile(r"(?<![\w.\-])/" + "work/"),
    re.compile(r"(?<![\w.\-])/" + "home/"),
    re.compile("shared" + "/reference"),
    re.compile("TYPEDIS_" + "REFERENCE"),
]

# (file, matched text) -> why it may point outside the repository
ALLOWED = {
    ("cmake/typedis_codegen.cmake", "${CMAKE_CURRENT_LIST_DIR}/../../../share/typedis/codegen"):
        "the generator's location when this file is installed in <prefix>/lib/cmake/typedis",
    (".ci/run", "$root/../" + "shared" + "/servers"):  # in pieces, so that this file names no such folder
        "CI's optional extra servers beside the clone (TYPEDIS_EXTRA_SERVERS, opt-in, used only if present)",
}

# A variable (shell, CMake, Python) that names the repository root: `..` after it is resolved
# against the root, after anything else against the file's folder.
ROOT_VARS = {"root", "ROOT", "REPO", "repo", "PROJECT_SOURCE_DIR", "CMAKE_SOURCE_DIR", "typedis_root"}

DOTDOT = re.compile(r"(?P<base>\$\{?(?P<var>\w+)\}?/|(?<![\w.\-/]))(?P<path>\.\.(?:/[\w.@+\-]*)*)(?![\w.])")
def join_calls(line):
    """The argument text of each os.path.join(...) call on the line that has a ".." argument."""
    calls, start = [], 0
    while True:
        i = line.find("os.path.join(", start)
        if i < 0:
            return calls
        depth, j = 1, i + len("os.path.join(")
        while j < len(line) and depth:
            depth += {"(": 1, ")": -1}.get(line[j], 0)
            j += 1
        args = line[i + len("os.path.join("):j - 1]
        if '".."' in args or "'..'" in args:
            calls.append(args)
        start = i + 1

TEXT_SUFFIXES = (".py", ".sh", ".md", ".txt", ".cmake", ".in", ".cpp", ".hpp", ".h", ".json", ".yml",
                 ".yaml", ".j2", ".jinja", ".toml", ".cfg", ".conf", ".pc", ".mk", "")


def tracked_files(repo):
    try:
        out = subprocess.run(["git", "-C", repo, "ls-files", "-z"], check=True, capture_output=True).stdout
        files = [f for f in out.decode().split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for d, dirs, names in os.walk(repo):
        dirs[:] = [x for x in dirs if x not in (".git", "build") and not x.startswith("build-")]
        files += [os.path.relpath(os.path.join(d, n), repo) for n in names]
    return files


def is_text(rel):
    name = os.path.basename(rel)
    suffix = os.path.splitext(name)[1]
    return suffix in TEXT_SUFFIXES or name in ("CMakeLists.txt", "Makefile", "Doxyfile")


def inside(repo, path):
    path = os.path.normpath(path)
    return path == repo or path.startswith(repo + os.sep)


def problems_in(rel, text, repo=REPO):
    """Every reference in `text` (the content of repo-relative file `rel`) that leaves `repo`."""
    found = []
    folder = os.path.join(repo, os.path.dirname(rel))
    for n, line in enumerate(text.splitlines(), 1):
        for pattern in FORBIDDEN:
            if pattern.search(line):
                found.append("%s:%d: names a place outside the repository (%s): %s"
                             % (rel, n, pattern.pattern, line.strip()))
        for m in DOTDOT.finditer(line):
            base = repo if m.group("var") in ROOT_VARS else folder
            if not inside(repo, os.path.join(base, m.group("path"))):
                if (rel, m.group(0)) not in ALLOWED:
                    found.append("%s:%d: %s leaves the repository" % (rel, n, m.group(0)))
        if rel.endswith(".py"):
            for joined in join_calls(line):
                args = [a.strip() for a in joined.split(",")]
                ups = sum(1 for a in args if a in ('".."', "'..'"))
                base = repo if any(a in ROOT_VARS for a in args) else folder
                if not inside(repo, os.path.join(base, *([".."] * ups))):
                    found.append("%s:%d: os.path.join(%s) leaves the repository" % (rel, n, joined))
    return found


class SelfContainedTest(unittest.TestCase):
    def test_no_file_reaches_outside_the_repository(self):
        found = []
        this_file = os.path.relpath(os.path.abspath(__file__), REPO)
        for rel in tracked_files(REPO):
            if rel == this_file:
                continue  # it names the patterns it looks for
            path = os.path.join(REPO, rel)
            if not is_text(rel) or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as fh:
                found += problems_in(rel, fh.read())
        self.assertEqual(found, [], "\n" + "\n".join(found))

    def test_the_scanner_finds_what_it_should(self):
        repo = "/r/typedis"
        bad = {
            "tests/codegen/x.py": 'ref = os.path.join(REPO, "..", "elsewhere", "data")',
            "tests/x.py": 'p = os.path.join(os.path.dirname(__file__), "..", "..", "x")',
            "scripts/test": 'data="$root/../elsewhere/targets"',
            "docs/a.md": "see ../../elsewhere/notes.md",
            "CMakeLists.txt": "include(${PROJECT_SOURCE_DIR}/../other.cmake)",
            "scripts/demo": "servers=/" + "work/servers/redis",
            "tests/t.py": 'os.environ.get("TYPEDIS_' + 'REFERENCE")',
        }
        for rel, text in bad.items():
            with self.subTest(rel=rel):
                self.assertEqual(len(problems_in(rel, text, repo)), 1, text)
        good = {
            "tests/codegen/_helpers.py": 'REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))',
            "tests/consumers/find_package/CMakeLists.txt": "add_executable(x ../main.cpp)",
            ".ci/run": 'exec "$(dirname "${BASH_SOURCE[0]}")/../scripts/test"',
            "scripts/test": 'root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)',
            "docs/a.md": "`generated/.../x.hpp`, Redis 8.4 .. 8.10, 0.1...<1.0, ../README.md",
            "codegen/pkg/io.py": 'for p in (os.path.join(root, F), os.path.join(here, "..", "spec", F)):',
        }
        for rel, text in good.items():
            with self.subTest(rel=rel):
                self.assertEqual(problems_in(rel, text, repo), [], text)


if __name__ == "__main__":
    unittest.main()
