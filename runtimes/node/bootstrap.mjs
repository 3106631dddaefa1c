/**
 * Onward's runtime client for the Node.js runtimes: talks to the Lambda Runtime API
 * (AWS_LAMBDA_RUNTIME_API) and behaves as AWS's aws-lambda-nodejs-runtime-interface-client does
 * (ecosystem.md §3.3): handler resolution, async and callback handlers with
 * callbackWaitsForEmptyEventLoop, the context object, error documents with `trace`, console lines
 * `<ISO time>\t<requestId>\t<LEVEL>\t<message>`. Plain JavaScript with no dependencies: it ships as is.
 */
/* eslint-disable no-restricted-properties -- this runs as the function's process: its environment is its configuration */
import fs from 'node:fs';
import http from 'node:http';
import * as nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

const require = nodeModule.createRequire(import.meta.url);
const RUNTIME = (process.env.AWS_EXECUTION_ENV ?? '').replace(/^AWS_Lambda_/, '');
// nodejs24.x removed callback handlers and context.succeed/fail/done/callbackWaitsForEmptyEventLoop.
const NODE_MAJOR = Number(/^nodejs(\d+)/.exec(RUNTIME)?.[1] ?? process.versions.node.split('.')[0]);
const CALLBACKS_REMOVED = NODE_MAJOR >= 24;

// ---------------------------------------------------------------- errors

const RUNTIME_ERRORS = {};
for (const name of [
  'ImportModuleError',
  'HandlerNotFound',
  'MalformedHandlerName',
  'UserCodeSyntaxError',
  'CallbackHandlerDeprecated',
]) {
  RUNTIME_ERRORS[name] = { [name]: class extends Error {} }[name];
}
class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
RUNTIME_ERRORS.NodeJsExit = NodeJsExit;
RUNTIME_ERRORS.UnhandledPromiseRejection = UnhandledPromiseRejection;
for (const [name, ErrorClass] of Object.entries(RUNTIME_ERRORS)) ErrorClass.prototype.name = `Runtime.${name}`;
const { ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError, CallbackHandlerDeprecated } =
  RUNTIME_ERRORS;

function isErrorLike(value) {
  return (
    value &&
    value.name &&
    value.message &&
    value.stack &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.stack === 'string'
  );
}

/** The error document posted to the Runtime API (the RIC's Errors.toRapidResponse). */
function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isErrorLike(error)) {
      return {
        errorType: error.name?.replaceAll('\x7F', '%7F'),
        errorMessage: error.message?.replaceAll('\x7F', '%7F'),
        trace: error.stack.replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** The error as it is logged: `\t{"errorType":...,"errorMessage":...,"stack":[...]}`. */
function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_key, value) => withEnumerableProperties(value));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function withEnumerableProperties(value) {
  if (!(value instanceof Error)) return value;
  const copy = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
  if (typeof value.stack === 'string') copy.stack = value.stack.split('\n');
  return copy;
}

function logError(label, error) {
  console.error(label, toFormatted(error instanceof Error ? error : new Error(error)));
}

// ---------------------------------------------------------------- console

let currentRequestId; // undefined during init, printed as "undefined" as the RIC does

function patchConsole() {
  const levels = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
  const minimum = levels[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? levels.TRACE;
  const json = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  const write = (level, message, params) => {
    const timestamp = new Date().toISOString();
    const text = json
      ? JSON.stringify({ timestamp, level, requestId: currentRequestId, message: util.format(message, ...params) })
      : `${timestamp}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}`;
    // One log event per call: newlines inside a message become carriage returns.
    process.stdout.write(text.replace(/\n/g, '\r') + '\n');
  };
  const logger = (level) => (levels[level] >= minimum ? (message, ...params) => write(level, message, params) : () => {});
  console.trace = logger('TRACE');
  console.debug = logger('DEBUG');
  console.info = logger('INFO');
  console.log = console.info;
  console.warn = logger('WARN');
  console.error = logger('ERROR');
  console.fatal = logger('FATAL');
}

// ---------------------------------------------------------------- Runtime API client

const [API_HOST, API_PORT] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '').split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One Runtime API call over HTTP, resolved with the answer whatever its status. */
function callRuntimeApi(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const allHeaders =
      body === undefined
        ? headers
        : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers };
    const request = http.request(
      { host: API_HOST, port: API_PORT, method, path: urlPath, agent, headers: allHeaders },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const httpTransport = {
  next: () => callRuntimeApi('GET', '/2018-06-01/runtime/invocation/next'),
  post(kind, id, body, errorType) {
    const urlPath =
      kind === 'initError'
        ? '/2018-06-01/runtime/init/error'
        : `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/${kind}`;
    return callRuntimeApi(
      'POST',
      urlPath,
      body,
      errorType === undefined ? {} : { 'Lambda-Runtime-Function-Error-Type': errorType },
    );
  },
};

/**
 * The same calls as messages on the IPC channel Onward opened when it set ONWARD_RUNTIME_IPC (no HTTP
 * round trip per invocation). The channel keeps the process alive only while an answer is awaited, as
 * an HTTP request would: a handler's empty event loop is still detected by `beforeExit`. A post is
 * answered only when `ack` asks for it (before the process exits); otherwise it waits a turn to leave
 * with the /next that follows it, one write instead of two.
 */
function ipcTransport() {
  const send = process.send.bind(process);
  const channel = process.channel;
  // As on AWS, user code finds no process.send (Node already removed NODE_CHANNEL_FD from the
  // environment); process.channel and process.disconnect stay, Node's own IPC code uses them.
  delete process.send;
  let nextWaiter;
  const replyWaiters = [];
  let outbox = [];
  const holdLoop = () => (nextWaiter || replyWaiters.length > 0 ? channel.ref() : channel.unref());
  const flush = () => {
    if (outbox.length === 0) return;
    const requests = outbox;
    outbox = [];
    send({ onward: 'runtime-api', requests }, (error) => {
      if (error) runtimeApiLost(error);
    });
  };
  process.on('message', (message) => {
    if (message?.type === 'event' && nextWaiter) {
      const waiter = nextWaiter;
      nextWaiter = undefined;
      holdLoop();
      waiter.resolve({ status: 200, headers: message.headers, body: message.body });
    } else if (message?.type === 'reply') {
      const waiter = replyWaiters.shift() ?? nextWaiter;
      if (waiter === nextWaiter) nextWaiter = undefined;
      holdLoop();
      waiter?.resolve({ status: message.status, headers: {}, body: Buffer.from(message.body ?? '') });
    }
  });
  process.on('disconnect', () => runtimeApiLost(new Error('the IPC channel closed')));
  holdLoop();
  return {
    next: () =>
      new Promise((resolve) => {
        nextWaiter = { resolve };
        holdLoop();
        outbox.push({ type: 'next' });
        flush();
      }),
    post: (kind, id, body, errorType, ack = false) => {
      // The process's peak RSS (VmHWM) for REPORT, which Onward would otherwise read from /proc.
      outbox.push({ type: kind, requestId: id, body, errorType, ack, peakKb: process.resourceUsage().maxRSS });
      if (!ack) {
        // The runtime asks for its next event from an immediate scheduled after this one: it goes along.
        setImmediate(() => setImmediate(flush));
        return Promise.resolve({ status: 202 });
      }
      return new Promise((resolve) => {
        replyWaiters.push({ resolve });
        holdLoop();
        flush();
      });
    },
  };
}

const runtimeApi = process.env.ONWARD_RUNTIME_IPC === '1' && typeof process.send === 'function' ? ipcTransport() : httpTransport;
delete process.env.ONWARD_RUNTIME_IPC;

/** Without its Runtime API the runtime has nothing to do (Onward is gone): end the process. */
function runtimeApiLost(error) {
  process.stderr.write(`Lambda Runtime API unreachable (${error.message}); exiting.\n`);
  process.exit(1);
}

async function nextInvocation() {
  const response = await runtimeApi.next().catch(runtimeApiLost);
  if (response.status !== 200) runtimeApiLost(new Error(`GET /next answered ${response.status}`));
  return { bodyJson: response.body.toString('utf8'), headers: response.headers };
}

function serializeResponse(result) {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new Error('Unable to stringify response body');
  }
}

/**
 * Runs `post` once what the function wrote to stdout/stderr has reached the pipes, so Lambda reads an
 * invocation's output before its answer and puts it in that invocation's log.
 */
function afterOutputFlushed(post) {
  const pending = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0);
  if (pending.length === 0) return post();
  let waiting = pending.length;
  // An empty write's callback runs once everything written before it is flushed.
  for (const stream of pending) {
    stream.write('', () => {
      waiting -= 1;
      if (waiting === 0) post();
    });
  }
}

/** A header carries printable ASCII only; an error name with other characters must not break the post. */
function headerText(value) {
  return String(value).replace(/[^\t\x20-\x7e]/g, '');
}

function postInvocationResponse(result, id, callback) {
  const body = serializeResponse(result);
  afterOutputFlushed(() => postResponseBody(body, id, callback));
}

function postResponseBody(body, id, callback) {
  runtimeApi.post('response', id, body).then(() => callback(), runtimeApiLost);
}

/** `exiting`: the callback ends the process, so the post must have been taken first. */
function postInvocationError(error, id, callback, exiting = false) {
  const document = toRapidResponse(error);
  afterOutputFlushed(() => postErrorDocument(document, id, callback, exiting));
}

function postErrorDocument(document, id, callback, exiting) {
  runtimeApi
    .post('error', id, JSON.stringify(document), headerText(document.errorType), exiting)
    .then(() => callback(), runtimeApiLost);
}

function postInitError(error, callback) {
  const document = toRapidResponse(error);
  runtimeApi.post('initError', undefined, JSON.stringify(document), headerText(document.errorType), true).then(
    () => callback(),
    () => callback(),
  );
}

// ---------------------------------------------------------------- handler loading (the RIC's UserFunction.js)

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

function moduleRootAndHandler(fullHandlerString) {
  const handlerString = path.basename(fullHandlerString);
  const moduleRoot = fullHandlerString.substring(0, fullHandlerString.indexOf(handlerString));
  return [moduleRoot, handlerString];
}

function splitHandlerString(handler) {
  const match = handler.match(FUNCTION_EXPR);
  if (!match || match.length !== 3) throw new MalformedHandlerName('Bad handler');
  return [match[1], match[2]];
}

function resolveHandler(object, nestedProperty) {
  return nestedProperty.split('.').reduce((nested, key) => nested && nested[key], object);
}

function tryRequireFile(file, extension = '') {
  const filePath = file + extension;
  return fs.existsSync(filePath) ? require(filePath) : undefined;
}

async function tryAwaitImport(file, extension = '') {
  const filePath = file + extension;
  if (!fs.existsSync(filePath)) return undefined;
  resolveBareImportsFromNodePath();
  return await import(pathToFileURL(filePath).href);
}

/**
 * On AWS the code sits in /var/task with no package.json above it. Locally it may sit inside an ES module
 * project (a `"type": "module"` above the function's folder): the search stops at the task root, so the
 * function's folder is its package boundary as on AWS.
 */
const TASK_ROOT = path.resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd());

function folderHasPackageJsonTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  if (folder !== TASK_ROOT && !folder.startsWith(TASK_ROOT + path.sep)) return false;
  const packageJson = path.join(folder, 'package.json');
  if (fs.existsSync(packageJson)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(packageJson, 'utf8'));
      if (pkg) return pkg.type === 'module';
    } catch (error) {
      console.warn(`${packageJson} cannot be read, it will be ignored for ES module detection purposes.`, error);
      return false;
    }
  }
  if (folder === '/' || path.dirname(folder) === folder) return false;
  return folderHasPackageJsonTypeModule(path.resolve(folder, '..'));
}

function hasPackageJsonTypeModule(file) {
  const jsPath = file + '.js';
  return fs.existsSync(jsPath) ? folderHasPackageJsonTypeModule(path.resolve(path.dirname(jsPath))) : false;
}

/**
 * Node's require() reads the package scope beyond the task root too, and refuses a `.js` file under a
 * `"type": "module"` found there. Files of the function whose scope inside the task root is CommonJS
 * are compiled as CommonJS, as they are on AWS.
 */
function bindPackageScopeToTaskRoot() {
  const extensions = nodeModule.Module._extensions;
  const compileJs = extensions['.js'];
  extensions['.js'] = function (module, filename) {
    const inTaskRoot = filename.startsWith(TASK_ROOT + path.sep) && !filename.includes(`${path.sep}node_modules${path.sep}`);
    if (inTaskRoot && !folderHasPackageJsonTypeModule(path.dirname(filename))) {
      module._compile(fs.readFileSync(filename, 'utf8'), filename);
      return;
    }
    compileJs.call(this, module, filename);
  };
}
bindPackageScopeToTaskRoot();

async function tryRequire(appRoot, moduleRoot, module) {
  const lambdaStylePath = path.resolve(appRoot, moduleRoot, module);
  const extensionless = tryRequireFile(lambdaStylePath);
  if (extensionless) return extensionless;
  const typeModule = hasPackageJsonTypeModule(lambdaStylePath);
  if (!typeModule) {
    const loaded = tryRequireFile(lambdaStylePath, '.js');
    if (loaded) return loaded;
  }
  const loaded =
    (typeModule && (await tryAwaitImport(lambdaStylePath, '.js'))) ||
    (await tryAwaitImport(lambdaStylePath, '.mjs')) ||
    tryRequireFile(lambdaStylePath, '.cjs');
  if (loaded) return loaded;
  return require(require.resolve(module, { paths: [appRoot, moduleRoot] }));
}

async function loadUserApp(appRoot, moduleRoot, module) {
  if (process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA !== '1' && process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA !== 'true') {
    globalThis.awslambda = {
      streamifyResponse: (handler) => {
        handler[HANDLER_STREAMING] = 'response';
        return handler;
      },
      HttpResponseStream: { from: (stream) => stream },
    };
  }
  try {
    return await tryRequire(appRoot, moduleRoot, module);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if (error?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(error);
    throw error;
  }
}

async function loadHandler(appRoot, fullHandlerString) {
  if (fullHandlerString.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const [moduleRoot, moduleAndHandler] = moduleRootAndHandler(fullHandlerString);
  const [module, handlerPath] = splitHandlerString(moduleAndHandler);
  const userApp = await loadUserApp(appRoot, moduleRoot, module);
  const handler = resolveHandler(userApp, handlerPath);
  if (!handler) throw new HandlerNotFound(`${fullHandlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandlerString} is not a function`);
  return handler;
}

let bareImportHooksRegistered = false;

/**
 * ES modules ignore NODE_PATH, yet on AWS `import '@aws-sdk/client-s3'` works from any handler. A resolve
 * hook retries a bare specifier that failed from each NODE_PATH directory. Registered only before the
 * first ES module handler is imported, so CommonJS functions never pay for the hooks thread.
 */
function resolveBareImportsFromNodePath() {
  if (bareImportHooksRegistered || typeof nodeModule.register !== 'function' || !process.env.NODE_PATH) return;
  bareImportHooksRegistered = true;
  const directories = process.env.NODE_PATH.split(path.delimiter).filter(Boolean);
  const hooks = `
    import { pathToFileURL } from 'node:url';
    let directories = [];
    export function initialize(data) { directories = data.directories; }
    export async function resolve(specifier, context, nextResolve) {
      try {
        return await nextResolve(specifier, context);
      } catch (error) {
        if (error?.code !== 'ERR_MODULE_NOT_FOUND' || /^(\\.|\\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier)) throw error;
        for (const directory of directories) {
          try {
            return await nextResolve(specifier, { ...context, parentURL: pathToFileURL(directory + '/noop.mjs').href });
          } catch {}
        }
        throw error;
      }
    }`;
  nodeModule.register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { directories } });
}

function isAsyncFunction(handler) {
  try {
    return typeof handler === 'function' && handler.constructor?.name === 'AsyncFunction';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- invoking (the RIC's Runtime.js, CallbackContext.js)

let beforeExitListener = () => {};
process.on('beforeExit', () => beforeExitListener());

const errorCallbacks = {
  uncaughtException: (error) => postInitError(error, () => process.exit(129)),
  unhandledRejection: (error) => postInitError(error, () => process.exit(128)),
};

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  errorCallbacks.uncaughtException(error);
});
process.on('unhandledRejection', (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError('Unhandled Promise Rejection', error);
  errorCallbacks.unhandledRejection(error);
});

/** The callback, the context's completion methods, and a way to mark the invocation complete. */
function buildCallbackContext(id, scheduleNext) {
  const postError = (error, callback) => {
    logError('Invoke Error', error);
    postInvocationError(error, id, callback);
  };
  let completeInvoked = false;
  const complete = (result, callback) => {
    if (completeInvoked) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    completeInvoked = true;
    postInvocationResponse(result, id, callback);
  };
  let waitForEmptyEventLoop = true;
  const callback = (error, result) => {
    beforeExitListener = () => {};
    if (error !== undefined && error !== null) {
      postError(error, scheduleNext);
    } else if (!waitForEmptyEventLoop) {
      complete(result, scheduleNext);
    } else {
      // Answer once nothing else is left to run (timers, sockets the handler opened).
      beforeExitListener = () => setImmediate(() => complete(result, scheduleNext));
    }
  };
  const done = (error, result) => {
    beforeExitListener = () => {};
    if (error !== undefined && error !== null) postError(error, scheduleNext);
    else complete(result, scheduleNext);
  };
  const succeed = (result) => done(null, result);
  const fail = (error) => (error === undefined || error === null ? done('handled') : done(error, null));
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed,
    fail,
    done,
  };
  // Only the first completion counts.
  let finished = false;
  const once =
    (fn) =>
    (...args) => {
      if (!finished) {
        fn(...args);
        finished = true;
      }
    };
  context.succeed = once(context.succeed);
  context.fail = once(context.fail);
  context.done = once(context.done);
  return [once(callback), context, () => (completeInvoked = true)];
}

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${error.toString()}`);
  }
}

/** The context's data from the environment and the /next headers (the RIC's InvokeContext.js). */
function attachContextData(target, headers) {
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const deadline = headers['lambda-runtime-deadline-ms'];
  return Object.assign(target, {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parseJsonHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

function isPromise(value) {
  return value && value.then && typeof value.then === 'function';
}

function createRuntime(handler) {
  const isAsync = isAsyncFunction(handler);
  const streaming = handler[HANDLER_STREAMING] === 'response';

  const scheduleIteration = () =>
    setImmediate(() =>
      handleOnce().then(
        () => {},
        (error) => {
          console.log(`Unexpected Top Level Error: ${error.toString()}`);
          errorCallbacks.uncaughtException(error);
        },
      ),
    );

  const setErrorCallbacks = (id) => {
    errorCallbacks.uncaughtException = (error) => postInvocationError(error, id, () => process.exit(129), true);
    errorCallbacks.unhandledRejection = (error) => postInvocationError(error, id, () => process.exit(128), true);
  };

  /** The event loop drained without an answer: a sync or callback handler answers null, an async one failed. */
  const setDefaultExitListener = (id, markCompleted) => {
    beforeExitListener = () => {
      markCompleted();
      if (isAsync || CALLBACKS_REMOVED) {
        const error = new NodeJsExit();
        logError('Invoke Error', error);
        postInvocationError(error, id, scheduleIteration);
      } else {
        postInvocationResponse(null, id, scheduleIteration);
      }
    };
  };

  const handleOnce = async () => {
    const { bodyJson, headers } = await nextInvocation();
    const id = headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    const [callback, callbackContext, markCompleted] = buildCallbackContext(id, scheduleIteration);
    try {
      setErrorCallbacks(id);
      setDefaultExitListener(id, markCompleted);
      if (CALLBACKS_REMOVED) {
        // nodejs24.x: handler(event, context), its value (or promise) is the answer.
        const { succeed, fail } = callbackContext;
        const context = attachContextData({}, headers);
        Promise.resolve(handler(JSON.parse(bodyJson), context))
          .then(succeed, fail)
          .catch(fail);
        return;
      }
      const context = attachContextData(callbackContext, headers);
      if (streaming) {
        // Response streaming is buffered: the whole stream becomes one response.
        const chunks = [];
        const stream = new (await import('node:stream')).Writable({
          write(chunk, _encoding, next) {
            chunks.push(Buffer.from(chunk));
            next();
          },
        });
        await handler(JSON.parse(bodyJson), stream, context);
        if (!stream.writableFinished) await new Promise((resolve) => stream.once('finish', resolve));
        beforeExitListener = () => {};
        afterOutputFlushed(() => postResponseBody(Buffer.concat(chunks).toString('utf8'), id, scheduleIteration));
        return;
      }
      const result = handler(JSON.parse(bodyJson), context, callback);
      if (isPromise(result)) result.then(callbackContext.succeed, callbackContext.fail).catch(callbackContext.fail);
    } catch (error) {
      callback(error);
    }
  };

  return { scheduleIteration };
}

// ---------------------------------------------------------------- start

const CALLBACK_REMOVED_MESSAGE =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

patchConsole();
let handler;
try {
  handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
  const isCallbackHandler = handler.length === 3 && !isAsyncFunction(handler) && handler[HANDLER_STREAMING] === undefined;
  if (isCallbackHandler && CALLBACKS_REMOVED) throw new CallbackHandlerDeprecated(CALLBACK_REMOVED_MESSAGE);
  if (isCallbackHandler && process.env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING === undefined) {
    console.warn(
      'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.',
    );
  }
} catch (error) {
  logError(CALLBACKS_REMOVED ? 'Init Error' : 'Uncaught Exception', error);
  postInitError(error, () => process.exit(129));
}
if (handler) createRuntime(handler).scheduleIteration();
