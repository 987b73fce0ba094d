"""Expected failures of the composition root; the CLI turns them into exit status 2."""

from __future__ import annotations


class MissingSecret(RuntimeError):
    """Links in mail must be signed, and no secret key is configured."""


class WeakSecret(MissingSecret):
    """A secret key or admin password too short to resist guessing."""
