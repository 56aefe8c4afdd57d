//! Text stage: language detection, sentence segmentation and tokens.
//! (Being built: see issue 2.)
