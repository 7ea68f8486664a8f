"""The national performance report: a quarter's figures, each beside the quarter before."""
