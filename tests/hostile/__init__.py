"""Helpers of tests/test_hostile_input.py: the URLconf walk, the HTML form parser, hostile values
and files, the small world (a published run, one user per role, a target, a worklist, an upload,
a job and a snapshot) and the crawler that collects every 500."""
