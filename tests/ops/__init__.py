"""Operations tests: real processes, faults, abuse and the scale-out path (issue 6)."""
