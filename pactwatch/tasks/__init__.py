"""Use cases shared by the front ends (the CLI, the desk, the service): analyse a file,
crawl, crawl now, mail digests, train, back up, the demo, reports and summaries."""
