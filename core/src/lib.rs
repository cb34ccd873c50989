//! Qingshui domain rules (placeholder until the core lands).
