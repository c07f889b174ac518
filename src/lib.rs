//! standpoint: who stands where in news articles.
//!
//! The pipeline, in order: [`ingest`] → [`segment`] → [`quotes`] → [`actors`] →
//! [`encode`] → [`classify`] → [`aggregate`] → [`report`]; [`eval`] measures it against
//! labelled articles. [`pipeline`] runs the stages; ARCHITECTURE.md has the map.

pub mod actors;
pub mod aggregate;
pub mod classify;
pub mod encode;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod pipeline;
pub mod quotes;
pub mod report;
pub mod segment;
pub mod span;
pub mod train;

pub use error::{Error, Result};
