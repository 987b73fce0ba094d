"""`pactwatch run`: the scheduler, the crawl processes it supervises, and their leases.

Nothing is built at import: `migrations/env.py` imports `pactwatch.service.models`.
"""
