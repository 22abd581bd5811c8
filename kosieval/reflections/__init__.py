"""kosieval.reflections."""
