"""Files on disk: safe names and atomic writes (outputs), output locks, a run's scratch folders and worker
processes, content digests."""
