"""Only for building the Scrapyd egg: `python setup.py bdist_egg` (or `scrapyd-deploy`).

Everything is declared in pyproject.toml; pip never needs this file. Without it,
`scrapyd-deploy` would write a setup.py of its own that leaves out the package data
(the bundled config, the gazetteer) and takes in tests/ and bench/.
"""

from setuptools import setup

setup()
