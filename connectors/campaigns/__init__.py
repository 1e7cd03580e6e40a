"""Push campaigns: tell consenting firms about a policy they match (符合 / 可能符合), by SMS or WeChat."""
