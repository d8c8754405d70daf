//! Consensus and conflict resolution over agents' outputs: seven named strategies.
