"""The `meet` command: the parser in main.py, one module per command."""

from entrypoints.cli.main import main

__all__ = ["main"]
