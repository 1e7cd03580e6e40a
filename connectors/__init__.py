"""The channels firms use (web chat, hotline) and the outbound notifications back to them."""
