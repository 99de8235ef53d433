"""typedis code generation tools: the spec importer (importer.py) and helpers."""
