# Admin for scoring specs, norm groups, runs and results.
