"""Results: seating under the cap, ties and finality, ballot files, the draw, the results text."""
