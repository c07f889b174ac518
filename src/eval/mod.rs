//! Gold data, matching and metrics (see ../../shared/spec/labelled-data.md).
