// NODE_EXTRA_CA_CERTS makes every Node process read and parse that certificate file as it starts: on the
// development VM, where it is set for the whole machine, `node -e 0` took 74 ms with it and 27 ms without.
// A counter's machine does not set it, so the benchmarks run their child processes without it; left in, every
// start-up ratio would be measured against a bare Node nearly three times as slow as a user's.
/** The value it had (undefined when it was not set), for a comparison run. */
export const removedExtraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
delete process.env.NODE_EXTRA_CA_CERTS;
