"""The bundled sample news site: a real HTTP server on loopback for tests, demo and benchmark.

    with SampleSite(slow_seconds=0.2) as site:
        toml = site.sources_toml()          # [[sources]] for sample-cq, sample-sc, sample-faults
        site.requests()                     # what was fetched, with status and headers

Nothing starts on import; `python -m pactwatch.sample_site` runs it in the foreground.
"""

from pactwatch.sample_site.catalogue import SampleArticle, load_articles
from pactwatch.sample_site.log import LoggedRequest
from pactwatch.sample_site.render import FURNITURE_MARKERS
from pactwatch.sample_site.server import SampleSite

__all__ = ["FURNITURE_MARKERS", "LoggedRequest", "SampleArticle", "SampleSite", "load_articles"]
