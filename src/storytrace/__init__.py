"""storytrace."""
