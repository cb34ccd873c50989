//! Qingshui client (placeholder).
