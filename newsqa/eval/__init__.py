"""Evaluation of qa from outside, through its public functions or its HTTP API."""
