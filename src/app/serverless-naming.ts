/** Logical ids the Serverless Framework gives the resources it compiles (lib/plugins/aws/lib/naming.js). */
export function normalizeName(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

export function normalizeNameToAlphaNumericOnly(name: string): string {
  return normalizeName(name.replace(/[^0-9A-Za-z]/g, ''));
}

/** `hello-world_fn` -> `HelloDashworldUnderscorefn`. */
export function normalizeFunctionKey(key: string): string {
  return normalizeName(key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore'));
}

export const logicalIds = {
  function: (key: string) => `${normalizeFunctionKey(key)}LambdaFunction`,
  eventInvokeConfig: (key: string) => `${normalizeFunctionKey(key)}LambdaEvConf`,
  snsTopic: (topicName: string) => `SNSTopic${normalizeNameToAlphaNumericOnly(topicName)}`,
  snsSubscription: (key: string, topicName: string) =>
    `${normalizeFunctionKey(key)}SnsSubscription${normalizeNameToAlphaNumericOnly(topicName)}`,
  sqsMapping: (key: string, queueName: string) =>
    `${normalizeFunctionKey(key)}EventSourceMappingSQS${normalizeNameToAlphaNumericOnly(queueName)}`,
  kinesisMapping: (key: string, streamName: string) =>
    `${normalizeFunctionKey(key)}EventSourceMappingKinesis${normalizeNameToAlphaNumericOnly(streamName)}`,
  scheduleRule: (key: string, index: number) => `${normalizeFunctionKey(key)}EventsRuleSchedule${index}`,
  eventBridgeRule: (key: string, index: number) => `${normalizeFunctionKey(key)}EventBridgeRule${index}`,
  eventBus: (name: string) => `EventBridgeEventBus${normalizeNameToAlphaNumericOnly(name)}`,
  httpRoute: (key: string, kind: string, index: number) => `${normalizeFunctionKey(key)}${kind}Route${index}`,
};
