/* global exports */
// The failure destination: Lambda passes the invocation record as the event.
exports.handler = async (event) => {
  console.log('EVENT', JSON.stringify(event, null, 2));
};
