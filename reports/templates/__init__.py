"""Resource package: data files shipped with kosieval (see kosieval/_resources)."""
