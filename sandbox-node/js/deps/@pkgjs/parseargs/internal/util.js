'use strict';

// This is a placeholder for util.js in node.js land.

const {
  ObjectCreate,
  ObjectFreeze,
} = require('./primordials');

const kEmptyObject = ObjectFreeze(ObjectCreate(null));

module.exports = {
  kEmptyObject,
};
