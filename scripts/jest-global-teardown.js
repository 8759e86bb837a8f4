'use strict';
// Removes what scripts/jest-global-setup.js wrote.
module.exports = require('./jest-global-setup').teardown;
