"""Helpers shared by the tests: builders, stubs at the outside boundary, browser and AppTest drivers."""
