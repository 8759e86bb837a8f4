'use strict';
// Jest global setup, run in jest's own process before the workers start, so they inherit it: the
// tests' scratch folders (synths, copies of dist/, git repositories) go to /dev/shm where the machine
// has it and TMPDIR is not set. On this machine's disk, creating the 320 files of a dist/ copy takes
// about 0.4 s; on tmpfs 0.02 s. os.tmpdir() reads TMPDIR on every call, and the processes the tests
// start inherit it. (A setupFiles entry would not do: a test file's process.env is a copy.)
const fs = require('fs');

const TMPFS = '/dev/shm';
module.exports = () => {
  if (process.env.TMPDIR !== undefined) return;
  try {
    fs.accessSync(TMPFS, fs.constants.W_OK);
    if (fs.statSync(TMPFS).isDirectory()) process.env.TMPDIR = TMPFS;
  } catch {
    // No tmpfs here: the system's temporary folder it is.
  }
};
