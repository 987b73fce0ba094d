"""Adding and checking sources: `pactwatch sources add URL` and `pactwatch sources check`."""
