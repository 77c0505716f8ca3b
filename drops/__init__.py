"""Drops: find dropped batches (a watched folder, an S3 inbox), decide when each has finished
arriving, and read their files. Plain functions and classes, no Prefect: `flows/watch.py` starts the
ingest flow for what this package finds. (Not named `intake`: Prefect puts flows/ on sys.path when it
loads a flow by path, where flows/intake.py would shadow it.)"""
