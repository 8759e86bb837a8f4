'use strict';
// Prints one plain closing line, "tests: N passed, N failed, N skipped", after everything jest
// prints, so that CI systems which read only the last line of a run see the counts. Jest's own
// summary reporter runs after custom reporters, hence the wait for the process to exit. Before it,
// every skipped test by its full name: the suites that need ../shared skip with the reason in the
// name (e.g. "conformance suite not found at …"), so a run without that folder says what it left out.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const names = results.testResults.flatMap((file) => file.testResults
      .filter((test) => test.status === 'pending' || test.status === 'todo')
      .map((test) => [...test.ancestorTitles, test.title].join(' › ')));
    const groups = new Map();
    for (const name of names) groups.set(name.split(' › ')[0], (groups.get(name.split(' › ')[0]) ?? 0) + 1);
    const lines = [...groups].map(([group, count]) => `skipped: ${group}${count > 1 ? ` (${count} tests)` : ''}\n`).join('');
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(lines + line));
  }
}

module.exports = PlainSummaryReporter;
