"""Selection: which measures a view shows (filters), how counts are classed, and the briefing's slide deck."""
