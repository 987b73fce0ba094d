"""Plumbing every front end shares: configuration, settings, the store's schema, logging,
errors, outages, metrics and crawl progress."""
