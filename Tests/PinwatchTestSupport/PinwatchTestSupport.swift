// Shared fixtures and helpers for Pinwatch tests.
