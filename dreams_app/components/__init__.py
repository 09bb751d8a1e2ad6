"""Stateless UI pieces: one typed function per file, returning an `rx.Component`."""
