// Per-tier default timeout (jest 29 ignores testTimeout inside projects).
jest.setTimeout(120000);
