//! Workflows: natural language to a validated plan of agent steps, executed with checkpoints.
