//! Writing a portal in chiso's own layout.
