"""Simulations: pure, seeded, vectorised functions that return DataFrames for pages to plot."""
