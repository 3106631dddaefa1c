import { AppLoadError } from './app-load-error.ts';
import { HTTP_ROUTE_TYPE } from './cloudformation-resources.ts';
import { logicalIds, normalizeNameToAlphaNumericOnly } from './serverless-naming.ts';
import { PropertyReader } from './template-values.ts';
import type { Warnings } from './unsupported.ts';

/**
 * serverless.yml function events (and the service-proxy plugin's routes) compiled to the
 * CloudFormation resources the framework generates for them, with the framework's logical ids.
 */

type Json = Record<string, unknown>;

/** What compiling one service needs; `resources` is the template being built. */
export interface Compiler {
  file: string;
  serviceDir: string;
  service: string;
  stage: string;
  region: string;
  accountId: string;
  functionKeys: string[];
  resources: Json;
  warnings: Warnings;
}

export function isIntrinsic(v: unknown): boolean {
  return isMap(v) && Object.keys(v).length === 1 && (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0]!.startsWith('Fn::'));
}

export function isMap(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function compileEvent(c: Compiler, key: string, event: PropertyReader, index: number): void {
  const types = Object.keys(event.props);
  if (types.length !== 1) throw new AppLoadError(c.file, event.path, 'an event must have exactly one type (http, sqs, sns, ...)');
  const type = types[0]!;
  const fnArn = { 'Fn::GetAtt': [logicalIds.function(key), 'Arn'] };
  const value = event.props[type];
  const at = event.at(type);
  const settings = isMap(value) && !isIntrinsic(value) ? new PropertyReader(c.file, at, value) : undefined;
  switch (type) {
    case 'http':
    case 'httpApi':
      return compileHttpEvent(c, key, type, value, settings, at, index, fnArn);
    case 'sns':
      return compileSnsEvent(c, key, value, settings, at, fnArn);
    case 'sqs': {
      const arn = settings ? (settings.props.arn ?? settings.fail('arn', 'is required')) : value;
      if (settings)
        c.warnings.unhandledProperties(c.file, at, 'sqs event', settings.props, [
          'arn',
          'batchSize',
          'maximumBatchingWindow',
          'functionResponseType',
          'filterPatterns',
          'maximumConcurrency',
          'enabled',
        ]);
      const props: Json = {
        EventSourceArn: arn,
        FunctionName: { Ref: logicalIds.function(key) },
        BatchSize: settings?.props.batchSize ?? 10,
        Enabled: settings?.props.enabled ?? true,
      };
      if (settings?.has('maximumBatchingWindow')) props.MaximumBatchingWindowInSeconds = settings.props.maximumBatchingWindow;
      if (settings?.has('functionResponseType')) props.FunctionResponseTypes = [settings.props.functionResponseType];
      if (settings?.has('maximumConcurrency')) props.ScalingConfig = { MaximumConcurrency: settings.props.maximumConcurrency };
      const patterns = settings?.optList('filterPatterns');
      if (patterns) props.FilterCriteria = { Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) };
      c.resources[logicalIds.sqsMapping(key, sourceName(arn, index))] = {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: props,
      };
      return;
    }
    case 'stream':
      return compileStreamEvent(c, key, value, settings, at, index);
    case 'schedule':
      return compileScheduleEvent(c, key, value, settings, at, fnArn);
    case 'eventBridge':
      return compileEventBridgeEvent(c, key, settings ?? new PropertyReader(c.file, at, {}), fnArn);
    default:
      c.warnings.add('unsupported-event', c.file, at, `${type} events are not supported`);
  }
}

/** Name part of an event source for logical ids: ARN tail, or the logical id a GetAtt names. */
function sourceName(arn: unknown, index: number): string {
  if (typeof arn === 'string') return arn.split(/[:/]/).pop() ?? String(index);
  if (isMap(arn)) {
    const getAtt = arn['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof arn.Ref === 'string') return arn.Ref;
  }
  return `Event${index}`;
}

function compileHttpEvent(
  c: Compiler,
  key: string,
  type: string,
  value: unknown,
  settings: PropertyReader | undefined,
  at: string,
  index: number,
  fnArn: unknown,
): void {
  let method: string;
  let routePath: string;
  if (typeof value === 'string') {
    if (type === 'httpApi' && value.trim() === '*') [method, routePath] = ['ANY', '$default'];
    else {
      const [m, p] = value.trim().split(/\s+/);
      if (!m || !p) throw new AppLoadError(c.file, at, `${JSON.stringify(value)} must be "METHOD path"`);
      [method, routePath] = [m, p];
    }
  } else if (settings) {
    const handled =
      type === 'http'
        ? ['path', 'method', 'cors', 'integration', 'private', 'request', 'response', 'authorizer', 'async', 'operationId']
        : ['path', 'method', 'authorizer', 'payload'];
    c.warnings.unhandledProperties(c.file, at, `${type} event`, settings.props, handled);
    method = settings.optString('method') ?? (type === 'httpApi' ? '*' : settings.fail('method', 'is required'));
    routePath = settings.optString('path') ?? (type === 'httpApi' ? '$default' : settings.fail('path', 'is required'));
    const integration = settings.optString('integration');
    if (integration !== undefined && !['lambda-proxy', 'aws-proxy', 'aws_proxy'].includes(integration.toLowerCase())) {
      c.warnings.add(
        'unsupported-property',
        c.file,
        `${at}.integration`,
        `integration ${integration} is not supported; the route uses lambda-proxy`,
      );
    }
  } else throw new AppLoadError(c.file, at, 'must be "METHOD path" or {method, path}');
  method = method === '*' || method.toLowerCase() === 'any' ? 'ANY' : method.toUpperCase();
  if (routePath !== '$default' && routePath !== '*') routePath = `/${routePath.replace(/^\/+/, '')}`;
  if (routePath === '*') routePath = '$default';
  c.resources[logicalIds.httpRoute(key, type === 'http' ? 'Http' : 'HttpApi', index)] = {
    Type: HTTP_ROUTE_TYPE,
    Properties: {
      Api: type === 'http' ? 'rest' : 'http',
      ApiName: `${c.stage}-${c.service}`,
      Method: method,
      Path: routePath,
      FunctionArn: fnArn,
      ...(type === 'http' ? { Stage: c.stage } : {}),
    },
  };
}

function compileSnsEvent(
  c: Compiler,
  key: string,
  value: unknown,
  settings: PropertyReader | undefined,
  at: string,
  fnArn: unknown,
): void {
  if (settings)
    c.warnings.unhandledProperties(c.file, at, 'sns event', settings.props, [
      'arn',
      'topicName',
      'displayName',
      'filterPolicy',
      'filterPolicyScope',
      'redrivePolicy',
      'kmsMasterKeyId',
    ]);
  let topicArn: unknown;
  let topicName: string | undefined;
  if (typeof value === 'string') {
    if (value.startsWith('arn:')) topicArn = value;
    else topicName = value;
  } else if (settings) {
    topicArn = settings.props.arn;
    topicName = settings.optString('topicName');
    if (topicArn === undefined && topicName === undefined) settings.fail('topicName', 'an sns event needs arn or topicName');
  } else topicArn = value;
  if (typeof topicArn === 'string' && topicName === undefined) topicName = topicArn.split(':').pop();
  if (topicArn === undefined) {
    const topicId = logicalIds.snsTopic(topicName!);
    const existing = c.resources[topicId] as Json | undefined;
    if (!existing) {
      const displayName = settings?.optString('displayName');
      c.resources[topicId] = {
        Type: 'AWS::SNS::Topic',
        Properties: { TopicName: topicName, ...(displayName !== undefined ? { DisplayName: displayName } : {}) },
      };
    }
    topicArn = { Ref: topicId };
  }
  const props: Json = { TopicArn: topicArn, Protocol: 'lambda', Endpoint: fnArn };
  if (settings?.has('filterPolicy')) props.FilterPolicy = settings.props.filterPolicy;
  if (settings?.has('filterPolicyScope')) props.FilterPolicyScope = settings.props.filterPolicyScope;
  const redrive = settings?.optObject('redrivePolicy');
  if (redrive) {
    const target =
      redrive.props.deadLetterTargetArn ??
      (redrive.has('deadLetterTargetRef') ? { 'Fn::GetAtt': [redrive.string('deadLetterTargetRef'), 'Arn'] } : undefined) ??
      (redrive.has('deadLetterTargetImport')
        ? { 'Fn::ImportValue': redrive.optObject('deadLetterTargetImport')?.props.arn }
        : undefined) ??
      redrive.fail(
        'deadLetterTargetArn',
        'redrivePolicy needs deadLetterTargetArn, deadLetterTargetRef or deadLetterTargetImport',
      );
    props.RedrivePolicy = { deadLetterTargetArn: target };
  }
  c.resources[logicalIds.snsSubscription(key, topicName ?? sourceName(topicArn, 0))] = {
    Type: 'AWS::SNS::Subscription',
    Properties: props,
  };
}

function compileStreamEvent(
  c: Compiler,
  key: string,
  value: unknown,
  settings: PropertyReader | undefined,
  at: string,
  index: number,
): void {
  const arn = settings ? (settings.props.arn ?? settings.fail('arn', 'is required')) : value;
  const type = settings?.optString('type') ?? (typeof arn === 'string' && arn.includes(':dynamodb:') ? 'dynamodb' : 'kinesis');
  if (type !== 'kinesis') {
    c.warnings.add('unsupported-event', c.file, at, `${type} streams are not supported (Kinesis is)`);
    return;
  }
  if (settings)
    c.warnings.unhandledProperties(c.file, at, 'stream event', settings.props, [
      'arn',
      'type',
      'batchSize',
      'startingPosition',
      'startingPositionTimestamp',
      'enabled',
      'bisectBatchOnFunctionError',
      'maximumRetryAttempts',
      'maximumRecordAgeInSeconds',
      'parallelizationFactor',
      'destinations',
      'functionResponseType',
      'filterPatterns',
      'tumblingWindowInSeconds',
      'maximumBatchingWindow',
    ]);
  const s = settings ?? new PropertyReader(c.file, at, {});
  const props: Json = {
    EventSourceArn: arn,
    FunctionName: { Ref: logicalIds.function(key) },
    BatchSize: s.props.batchSize ?? 10,
    StartingPosition: s.props.startingPosition ?? 'TRIM_HORIZON',
    Enabled: s.props.enabled ?? true,
  };
  const copy: [string, string][] = [
    ['startingPositionTimestamp', 'StartingPositionTimestamp'],
    ['bisectBatchOnFunctionError', 'BisectBatchOnFunctionError'],
    ['maximumRetryAttempts', 'MaximumRetryAttempts'],
    ['maximumRecordAgeInSeconds', 'MaximumRecordAgeInSeconds'],
    ['parallelizationFactor', 'ParallelizationFactor'],
    ['tumblingWindowInSeconds', 'TumblingWindowInSeconds'],
    ['maximumBatchingWindow', 'MaximumBatchingWindowInSeconds'],
  ];
  for (const [from, to] of copy) if (s.has(from)) props[to] = s.props[from];
  if (s.has('functionResponseType')) props.FunctionResponseTypes = [s.props.functionResponseType];
  const patterns = s.optList('filterPatterns');
  if (patterns) props.FilterCriteria = { Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) };
  const onFailure = s.optObject('destinations')?.props.onFailure;
  if (onFailure !== undefined) {
    const destination =
      isMap(onFailure) && !isIntrinsic(onFailure)
        ? new PropertyReader(c.file, `${at}.destinations.onFailure`, onFailure).props.arn
        : onFailure;
    props.DestinationConfig = { OnFailure: { Destination: destination } };
  }
  c.resources[logicalIds.kinesisMapping(key, sourceName(arn, index))] = {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: props,
  };
}

function ruleInput(s: PropertyReader, target: Json): void {
  if (s.has('input')) target.Input = typeof s.props.input === 'string' ? s.props.input : JSON.stringify(s.props.input);
  if (s.has('inputPath')) target.InputPath = s.props.inputPath;
  const transformer = s.optObject('inputTransformer');
  if (transformer) {
    const template = transformer.props.inputTemplate;
    target.InputTransformer = {
      ...(transformer.has('inputPathsMap') ? { InputPathsMap: transformer.props.inputPathsMap } : {}),
      InputTemplate: typeof template === 'string' ? template : JSON.stringify(template),
    };
  }
}

function compileScheduleEvent(
  c: Compiler,
  key: string,
  value: unknown,
  settings: PropertyReader | undefined,
  at: string,
  fnArn: unknown,
): void {
  if (settings)
    c.warnings.unhandledProperties(c.file, at, 'schedule event', settings.props, [
      'rate',
      'enabled',
      'input',
      'inputPath',
      'inputTransformer',
      'name',
      'description',
      'method',
      'roleArn',
      'timezone',
    ]);
  const rates = settings ? settings.props.rate : value;
  const list = Array.isArray(rates) ? rates : [rates];
  if (list.length === 0 || list.some((r) => typeof r !== 'string'))
    throw new AppLoadError(c.file, at, 'a schedule needs rate: rate(...) or cron(...) (a string or a list)');
  const s = settings ?? new PropertyReader(c.file, at, {});
  if (s.optString('method') === 'scheduler') {
    compileSchedulerSchedules(c, key, s, list as string[], fnArn);
    return;
  }
  // EventBridge rules have no time zone (AWS's framework accepts `timezone` with method: scheduler only).
  if (s.has('timezone'))
    c.warnings.add('unsupported-property', c.file, `${at}.timezone`, 'timezone needs method: scheduler; the rule runs in UTC');
  for (const rate of list as string[]) {
    const existing = Object.keys(c.resources).filter((id) => id.startsWith(logicalIds.scheduleRule(key, 0).slice(0, -1))).length;
    const index = existing + 1;
    const target: Json = { Id: `${key}Schedule`, Arn: fnArn };
    ruleInput(s, target);
    const name = s.optString('name');
    c.resources[logicalIds.scheduleRule(key, index)] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: rate,
        State: s.optBoolean('enabled') === false ? 'DISABLED' : 'ENABLED',
        ...(name !== undefined ? { Name: list.length > 1 ? `${name}-${index}` : name } : {}),
        ...(s.has('description') ? { Description: s.props.description } : {}),
        Targets: [target],
      },
    };
  }
}

/** `method: scheduler`: one AWS::Scheduler::Schedule per rate, as the framework compiles them (roleArn required). */
function compileSchedulerSchedules(c: Compiler, key: string, s: PropertyReader, rates: string[], fnArn: unknown): void {
  for (const unsupported of ['inputPath', 'inputTransformer'])
    if (s.has(unsupported)) s.fail(unsupported, 'is not supported with "scheduler" mode');
  const roleArn = s.props.roleArn ?? s.fail('roleArn', 'is required with method: scheduler');
  const name = s.optString('name');
  if (name !== undefined && rates.length > 1) s.fail('name', 'cannot be given when defining more than one rate expression');
  const input = s.props.input;
  rates.forEach((rate, i) => {
    c.resources[logicalIds.scheduleRule(key, i + 1)] = {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        ScheduleExpression: rate,
        State: s.optBoolean('enabled') === false ? 'DISABLED' : 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ...(name !== undefined ? { Name: name } : {}),
        ...(s.has('description') ? { Description: s.props.description } : {}),
        ...(s.has('timezone') ? { ScheduleExpressionTimezone: s.props.timezone } : {}),
        Target: {
          Arn: fnArn,
          RoleArn: roleArn,
          ...(input !== undefined ? { Input: typeof input === 'string' ? input : JSON.stringify(input) } : {}),
        },
      },
    };
  });
}

function compileEventBridgeEvent(c: Compiler, key: string, s: PropertyReader, fnArn: unknown): void {
  c.warnings.unhandledProperties(c.file, s.path, 'eventBridge event', s.props, [
    'eventBus',
    'pattern',
    'schedule',
    'input',
    'inputPath',
    'inputTransformer',
    'retryPolicy',
    'deadLetterQueueArn',
    'enabled',
    'name',
    'description',
  ]);
  if (!s.has('pattern') && !s.has('schedule')) s.fail('pattern', 'an eventBridge event needs pattern or schedule');
  const index =
    Object.keys(c.resources).filter((id) => id.startsWith(logicalIds.eventBridgeRule(key, 0).slice(0, -1))).length + 1;
  const functionName = `${c.service}-${c.stage}-${key}`;
  const ruleName = s.optString('name') ?? `${functionName}-rule-${index}`.slice(0, 64);
  const target: Json = { Id: `${ruleName}-target`.slice(0, 64), Arn: fnArn };
  ruleInput(s, target);
  const retry = s.optObject('retryPolicy');
  if (retry) {
    target.RetryPolicy = {
      ...(retry.has('maximumEventAge') ? { MaximumEventAgeInSeconds: retry.props.maximumEventAge } : {}),
      ...(retry.has('maximumRetryAttempts') ? { MaximumRetryAttempts: retry.props.maximumRetryAttempts } : {}),
    };
  }
  if (s.has('deadLetterQueueArn')) target.DeadLetterConfig = { Arn: s.props.deadLetterQueueArn };
  let busName: unknown = s.props.eventBus;
  if (typeof busName === 'string' && busName !== 'default' && !busName.startsWith('arn:')) {
    const busId = logicalIds.eventBus(busName);
    c.resources[busId] ??= { Type: 'AWS::Events::EventBus', Properties: { Name: busName } };
    busName = { Ref: busId };
  }
  c.resources[logicalIds.eventBridgeRule(key, index)] = {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: ruleName,
      ...(busName !== undefined ? { EventBusName: busName } : {}),
      ...(s.has('pattern') ? { EventPattern: s.props.pattern } : {}),
      ...(s.has('schedule') ? { ScheduleExpression: s.props.schedule } : {}),
      ...(s.has('description') ? { Description: s.props.description } : {}),
      State: s.optBoolean('enabled') === false ? 'DISABLED' : 'ENABLED',
      Targets: [target],
    },
  };
}

/**
 * `custom.apiGatewayServiceProxies` (serverless-apigateway-service-proxy): API Gateway routes that
 * publish straight to SNS or send to SQS, as in the payments seed.
 */
export function compileServiceProxies(c: Compiler, proxies: unknown[] | undefined): void {
  (proxies ?? []).forEach((entry, index) => {
    const at = `custom.apiGatewayServiceProxies[${index}]`;
    const e = new PropertyReader(c.file, at, entry);
    const [kind] = Object.keys(e.props);
    const s = kind ? e.optObject(kind)! : e;
    if (kind !== 'sns' && kind !== 'sqs') {
      c.warnings.add('unsupported-event', c.file, at, `service proxy ${kind ?? '(empty)'} is not supported (sns and sqs are)`);
      return;
    }
    c.warnings.unhandledProperties(c.file, s.path, `${kind} service proxy`, s.props, [
      'path',
      'method',
      'topicName',
      'queueName',
      'cors',
      'request',
      'response',
      'requestParameters',
      'authorizationType',
    ]);
    const nameKey = kind === 'sns' ? 'topicName' : 'queueName';
    const target = s.props[nameKey] ?? s.fail(nameKey, 'is required');
    const arn = serviceArn(c, kind, target);
    const template = s.optObject('request')?.props.template;
    const messageTemplate = isMap(template)
      ? (template['application/json'] as string | undefined)
      : (template as string | undefined);
    c.resources[`ServiceProxy${normalizeNameToAlphaNumericOnly(kind)}Route${index}`] = {
      Type: HTTP_ROUTE_TYPE,
      Properties: {
        Api: 'rest',
        ApiName: `${c.stage}-${c.service}`,
        Method: s.string('method').toUpperCase(),
        Path: `/${s.string('path').replace(/^\/+/, '')}`,
        Stage: c.stage,
        [kind === 'sns' ? 'TopicArn' : 'QueueArn']: arn,
        ...(messageTemplate !== undefined ? { MessageTemplate: messageTemplate } : {}),
      },
    };
  });
}

/** topicName/queueName as a name, `{Ref: Topic}` (a topic ARN) or `{Fn::GetAtt: [X, TopicName|QueueName]}`. */
function serviceArn(c: Compiler, kind: 'sns' | 'sqs', target: unknown): unknown {
  if (isMap(target)) {
    const getAtt = target['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string')
      return { 'Fn::GetAtt': [getAtt[0], kind === 'sns' ? 'TopicArn' : 'Arn'] };
    if (kind === 'sns' && typeof target.Ref === 'string') return target;
  }
  return { 'Fn::Join': [':', ['arn:aws', kind, c.region, c.accountId, target]] };
}
