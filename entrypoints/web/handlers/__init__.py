"""Thin inbound adapters: read the request, call one use case, answer with one response."""
