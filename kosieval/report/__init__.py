"""kosieval.report."""
