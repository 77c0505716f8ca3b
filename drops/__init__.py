"""Drops: find dropped batches (a watched folder, an S3 inbox), decide when each has finished
arriving, and read their files. Plain functions and classes, no Prefect: `flows/watch.py` starts the
ingest flow for what this package finds. Also a dropped folder's dossiers (discover) and the private
copy each file is read from (work_copy). (Prefect puts flows/ on sys.path when it loads a flow by
path: a module there named like a top-level package would shadow it.)"""
