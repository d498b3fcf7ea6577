"""clio_pipeline: privacy-preserving insights into AI-assistant conversations."""
