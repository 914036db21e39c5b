"""The public site per municipality: promises, archive, published lägesbild summaries and the map."""
