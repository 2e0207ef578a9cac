"""meet's use cases: one class each, one async method, a typed result."""
