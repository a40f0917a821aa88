"""`election-bot demo`: a whole simulated election against the local GitHub stand-in (see script.py)."""
