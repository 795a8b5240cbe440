"""Study Lab: an interactive study dashboard for data architecture and MLOps."""
