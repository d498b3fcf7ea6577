"""Running the pipeline as an operated service: the CLI run lock and recovery from killed runs, the
landing-folder sensor, the freshness check, retry policies, and the analysts' read-only SQL console."""
