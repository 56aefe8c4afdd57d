//! The pipeline: runs the stages over articles.
