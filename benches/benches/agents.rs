//! Agent overhead per call, excluding the work itself: a registry call to an agent that returns
//! at once (its own thread, panic isolation, the time limit, the result sent back), next to a
//! direct call of the same agent. Goal: under 1 ms per call.

use std::sync::Arc;
use std::time::Duration;

use conclave::agents::{
    Agent, AgentDefinition, AgentError, AgentOutput, Registry, Task, parse_definition,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// An agent that does nothing.
struct Idle(AgentDefinition);

impl Agent for Idle {
    fn definition(&self) -> &AgentDefinition {
        &self.0
    }
    fn run(&self, _: &Task) -> Result<AgentOutput, AgentError> {
        Ok(AgentOutput::default())
    }
}

fn overhead(c: &mut Criterion) {
    let definition = parse_definition(
        "bench",
        "name: idle\nrole: nothing\ncapabilities: [analyze]\n",
    )
    .unwrap();
    let agent = Arc::new(Idle(definition));
    let mut registry = Registry::default();
    registry.register(agent.clone());
    let task = Task::Review { paths: Vec::new() };
    let mut group = c.benchmark_group("agent_call");
    group.bench_function("direct", |b| b.iter(|| agent.run(&task).unwrap()));
    group.bench_function("registry_isolated", |b| {
        b.iter(|| {
            registry
                .run("idle", task.clone(), Duration::from_secs(5))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
