//! REST API and web UI. (Being built: see issue 6.)
