"""Evaluation tooling: labelled corpora and the accuracy figures (tests and bench only).

Kept beside the tests, as trafilatura keeps `tests/eval_gate.py`: nothing here ships.
"""
