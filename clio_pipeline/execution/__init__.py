"""Where the per-conversation stages run: in the step's own process, or as Ray Data jobs on a cluster.

Dagster-free. `engine.py` holds the seam (`Engine`) and the local engine; `batches.py` the per-batch
functions a distributed engine maps over Parquet (each one calls the same core function as the local
path); `exchange.py` the day-partitioned Parquet exchange with the warehouse; `ray_engine.py` the Ray
engine, the only module that imports `ray` (an optional extra: `pip install 'clio-pipeline[ray]'`).
"""
