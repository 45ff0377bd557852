// NODE_EXTRA_CA_CERTS makes every Node process read and parse that certificate file as it starts: on the
// development VM, where it is set for the whole machine, `node -e 0` took 74 ms with it and 27 ms without.
// A counter's machine does not set it, so the benchmarks run their child processes without it; left in, every
// start-up ratio would be measured against a bare Node nearly three times as slow as a user's.
export const removedExtraCaCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
delete process.env.NODE_EXTRA_CA_CERTS;
