// The floor for a warm function process: a forked Node child that answers
// every IPC message with the same message.
process.on('message', (message) => process.send(message));
