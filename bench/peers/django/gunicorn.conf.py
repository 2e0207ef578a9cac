"""gunicorn's hook for the Django peer; serve.py gives every setting on the command line."""

import os
import shutil


def on_exit(server: object) -> None:
    """The store serve.py made goes with the server."""
    shutil.rmtree(os.environ["PEER_STORE"], ignore_errors=True)
