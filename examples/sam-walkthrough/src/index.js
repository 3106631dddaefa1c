/* global exports */
// Seed 001's Lambda Destinations tester: {"Success": true} succeeds, anything else fails.
exports.handler = function (event, context, callback) {
  const eventReceivedAt = new Date().toISOString();
  console.log('Event received at: ' + eventReceivedAt);
  console.log('Received event:', JSON.stringify(event, null, 2));

  if (event.Success) {
    console.log('Success');
    context.callbackWaitsForEmptyEventLoop = false;
    callback(null);
  } else {
    console.log('Failure');
    context.callbackWaitsForEmptyEventLoop = false;
    callback(new Error('Failure from event, Success = false, I am failing!'), 'Destination Function Error Thrown');
  }
};
