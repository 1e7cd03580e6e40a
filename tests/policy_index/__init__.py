"""Tests of the policy_index package."""
