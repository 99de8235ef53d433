#!/usr/bin/env python3
"""Import Redis command descriptions into commands-spec/ (see docs/spec-format.md).

  python3 codegen/import_commands.py --from-server redis://127.0.0.1:6379 --spec commands-spec --dry-run
  python3 codegen/import_commands.py --from-files path/to/redis/src/commands --spec commands-spec
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typedis_codegen.importer import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
