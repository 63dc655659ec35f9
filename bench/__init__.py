"""mllens's benchmark suite: ``make bench`` (see README, "Performance")."""
