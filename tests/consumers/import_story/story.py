#!/usr/bin/env python3
"""Issue 19's story, replayed from fixtures with the *installed* importer and generator:

  1. compare: what does the server have that typedis lacks?  (valkey-json: JSON.DEBUG DEPTH, FIELDS, ...)
  2. import those into the consumer's own spec folder; FIELDS is marked incomplete (valkey-json
     documents no arguments) and the generator refuses it;
  3. a human completes FIELDS and curates the replies (done here by editing the JSON);
  4. import two documented DEBUG subcommands (a COMMAND DOCS reply with arguments);
  5. compare again: nothing of it is missing any more.

The installed spec has had valkey-json's JSON.DEBUG subcommands since issue 17, so the story
compares with a copy of it as it was before (FIXTURES_DIR/story_spec.py, written to
SPEC_OUT.typedis-story and passed as --typedis-spec); step 0 checks that the importer uses the
installed spec by default and that this spec already has them.

Usage: story.py CODEGEN_DIR FIXTURES_DIR SPEC_OUT. Exits non-zero with a message on any deviation.
"""
import json
import os
import shutil
import subprocess
import sys

codegen, fixtures, spec = sys.argv[1:4]
valkey_json = os.path.join(fixtures, "valkey_json_docs.json")
debug_docs = os.path.join(fixtures, "debug_subcommands_docs.json")
importer = os.path.join(codegen, "import_commands.py")
sys.path.insert(0, fixtures)
import story_spec  # noqa: E402


def run(*args, ok=True):
    r = subprocess.run([sys.executable] + list(args), capture_output=True, text=True)
    sys.stdout.write(r.stdout + r.stderr)
    if ok and r.returncode != 0:
        sys.exit("story: %s failed (%d)" % (" ".join(args[:2]), r.returncode))
    return r


def expect(cond, what):
    if not cond:
        sys.exit("story: " + what)


shutil.rmtree(spec, ignore_errors=True)

# 0. by default the importer compares with the spec installed beside it, which has the commands now
r = run(importer, "--from-docs-json", valkey_json, "--compare", "--spec", spec)
bundled = os.path.join(os.path.dirname(os.path.abspath(codegen)), "commands-spec")
expect("with typedis (%s," % bundled in r.stdout, "compare did not use the spec installed beside the importer")
expect("+ JSON.DEBUG DEPTH" not in r.stdout, "the installed spec lacks JSON.DEBUG DEPTH (issue 17 added it)")
try:
    story = story_spec.build(bundled, spec + ".typedis-story")
except (OSError, ValueError) as e:
    sys.exit("story: %s" % e)
story_args = ("--typedis-spec", story)

# 1. compare against typedis as the story found it
r = run(importer, "--from-docs-json", valkey_json, "--compare", "--spec", spec, *story_args)
expect("with typedis (%s," % story in r.stdout, "compare did not use --typedis-spec")
for name in ("JSON.DEBUG DEPTH", "JSON.DEBUG FIELDS"):
    expect("+ " + name in r.stdout, "compare does not list %s as missing" % name)
expect("JSON.DEBUG KEYTABLE-CORRUPT" not in r.stdout.split("known, not listed")[0],
       "a test-only command is listed as missing")
expect("+ JSON.GET " not in r.stdout, "compare lists a command typedis has")

# 2. import; FIELDS cannot be used as the server documents it
r = run(importer, "--from-docs-json", valkey_json, "--spec", spec,
        "--only", "JSON.DEBUG DEPTH", "--only", "json.debug|fields", *story_args)
expect("added 2 command(s)" in r.stdout, "import did not add the two commands")
expect("! JSON.DEBUG FIELDS" in r.stdout, "the incomplete command is not reported")
refused = run(os.path.join(codegen, "generate.py"), "--spec", spec, "--out", spec + ".check",
              "--namespace", "vj", ok=False)
expect(refused.returncode != 0 and "JSON.DEBUG FIELDS: incomplete" in refused.stderr,
       "the generator accepted an incomplete file")

# 3. what a human does next: describe FIELDS's optional path, curate the replies
fields_path = os.path.join(spec, "json", "json.debug-fields.json")
with open(fields_path, encoding="utf-8") as fh:
    fields = json.load(fh)
expect(fields["arguments"][0]["type"] == "key", "FIELDS's key was not inferred")
fields["arguments"] = [fields["arguments"][0], {"name": "path", "type": "string", "optional": True}]
del fields["incomplete"]
with open(fields_path, "w", encoding="utf-8") as fh:
    json.dump(fields, fh, indent=2)
depth_path = os.path.join(spec, "json", "json.debug-depth.json")
with open(depth_path, encoding="utf-8") as fh:
    depth = json.load(fh)
expect(depth["arguments"] == [{"name": "key", "type": "key", "key_spec_index": 0}], "DEPTH's key was not inferred")
expect("incomplete" not in depth, "DEPTH is complete as imported")
depth["reply"] = {"resp2": "integer", "resp3": "integer"}
depth["curated"] = True
with open(depth_path, "w", encoding="utf-8") as fh:
    json.dump(depth, fh, indent=2)

# 4. a server that documents its arguments
r = run(importer, "--from-docs-json", debug_docs, "--spec", spec, "--only", "DEBUG SLEEP", "--only", "DEBUG OBJECT",
        *story_args)
expect("added 2 command(s)" in r.stdout and "!! " not in r.stdout, "DEBUG SLEEP/OBJECT were not imported cleanly")
for name, reply in (("debug-sleep", "ok"), ("debug-object", "status")):
    path = os.path.join(spec, "core", "server", name + ".json")
    with open(path, encoding="utf-8") as fh:
        s = json.load(fh)
    s["reply"] = {"resp2": reply, "resp3": reply}
    s["curated"] = True
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(s, fh, indent=2)

# 5. compare again: the user's folder has them now
r = run(importer, "--from-docs-json", valkey_json, "--compare", "--spec", spec, *story_args)
expect("+ JSON.DEBUG MAX-SIZE-KEY" in r.stdout, "compare no longer lists what is still missing")
expect("+ JSON.DEBUG DEPTH" not in r.stdout and "+ JSON.DEBUG FIELDS" not in r.stdout,
       "compare still lists the imported commands")
r = run(importer, "--from-docs-json", debug_docs, "--compare", "--spec", spec, *story_args)
expect("0 command(s) on the server that typedis and your spec lack" in r.stdout, "DEBUG subcommands still missing")
shutil.rmtree(spec + ".check", ignore_errors=True)
shutil.rmtree(story, ignore_errors=True)
print("story: the spec folder %s is ready" % spec)
