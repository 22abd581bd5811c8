"""kosieval.io."""
