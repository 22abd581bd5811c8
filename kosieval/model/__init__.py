"""kosieval.model."""
