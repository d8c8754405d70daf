//! Temporary stand-in until json_grammar.rs lands.
use std::sync::Arc;
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    #[error("unsupported")]
    Unsupported,
}
#[derive(Debug)]
pub struct JsonGrammar;
impl JsonGrammar {
    pub fn compile(_schema: &serde_json::Value) -> Result<Arc<JsonGrammar>, SchemaError> {
        Ok(Arc::new(JsonGrammar))
    }
}
#[derive(Debug, Clone)]
pub struct JsonState;
impl JsonState {
    pub fn new(_g: &Arc<JsonGrammar>) -> Self {
        Self
    }
    pub fn advance(&mut self, _b: u8) -> bool {
        true
    }
    pub fn advance_all(&mut self, _b: &[u8]) -> bool {
        true
    }
    pub fn is_complete(&self) -> bool {
        false
    }
    pub fn completion(&self) -> Vec<u8> {
        Vec::new()
    }
}
