"""Intake: find dropped batches (a watched folder, an S3 inbox), decide when each has finished
arriving, and read their files. Plain functions and classes: no Prefect here; `flows/watch.py`
starts the ingest flow for what this package finds."""
