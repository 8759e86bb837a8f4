'use strict';
// Prints one plain closing line, "tests: N passed, N failed, N skipped", after everything jest
// prints, so that CI systems which read only the last line of a run see the counts. Jest's own
// summary reporter runs after custom reporters, hence the wait for the process to exit.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = PlainSummaryReporter;
