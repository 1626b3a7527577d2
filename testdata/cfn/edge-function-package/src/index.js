'use strict';
// Rewrites /docs/ to /docs/index.html at the edge.
exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
};
