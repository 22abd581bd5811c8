"""kosieval.present."""
